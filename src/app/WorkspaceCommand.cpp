#include "app/AdminCommand.h"

#include "core/ManagedSettings.h"
#include "core/WorkspacePack.h"
#include "store/Database.h"
#include "store/WorkspacePackTransfer.h"

#include <QCoreApplication>
#include <QSaveFile>

namespace Care::App {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::App::WorkspaceCommand)
};

const QString kCommand = QStringLiteral("workspace");

int usage(QTextStream &err)
{
    err << Strings::tr("Usage: careconsole workspace export FILE\n"
                       "       careconsole workspace import [FILE] [--dry-run]\n"
                       "Without FILE, import reads the pack your administrator set (workspace/packLocation).")
        << Qt::endl;
    return 2;
}

QString editorName()
{
    QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return Core::ManagedSettings().value(QStringLiteral("agent/name"), user.isEmpty() ? QStringLiteral("admin") : user)
        .toString();
}

int exportPack(const AdminContext &context, const QString &path, QTextStream &out, QTextStream &err)
{
    auto db = context.openStore();
    if (!db)
        return reportError(err, kCommand, db.error());
    auto pack = Store::WorkspacePackTransfer(*db.value()).exportPack(editorName());
    if (!pack)
        return reportError(err, kCommand, pack.error());
    QSaveFile file(path); // all or nothing: a failed export leaves no half-written pack
    if (!file.open(QIODevice::WriteOnly) || file.write(pack->toJson()) < 0 || !file.commit()) {
        err << "careconsole workspace: " << Strings::tr("%1 could not be written: %2").arg(path, file.errorString())
            << Qt::endl;
        return 1;
    }
    out << Strings::tr("Wrote %1: %2 policies, %3 approved replies, %4 SLA policies, the team calendar and the "
                       "triage rules for %5 languages.")
               .arg(path)
               .arg(pack->policies->size())
               .arg(pack->cannedReplies->size())
               .arg(pack->slaPolicies->size())
               .arg(pack->triageRules->size())
        << Qt::endl;
    return 0;
}

int importPack(const AdminContext &context, const QString &path, bool dryRun, QTextStream &out, QTextStream &err)
{
    const Core::WorkspacePack::Reading reading = Core::WorkspacePack::fromFile(path);
    if (!reading.pack) {
        err << "careconsole workspace: " << Strings::tr("%1 was refused; nothing was changed:").arg(path) << Qt::endl;
        for (const QString &problem : reading.problems)
            err << "  - " << problem << Qt::endl;
        return 1;
    }
    auto db = context.openStore();
    if (!db)
        return reportError(err, kCommand, db.error());
    Store::WorkspacePackTransfer transfer(*db.value());
    auto plan = dryRun ? transfer.plan(*reading.pack) : transfer.apply(*reading.pack, editorName());
    if (!plan) {
        err << "careconsole workspace: " << Strings::tr("%1 was not imported; nothing was changed.").arg(path)
            << Qt::endl;
        return reportError(err, kCommand, plan.error());
    }
    out << (dryRun ? Strings::tr("Importing %1 would:").arg(path) : Strings::tr("Imported %1:").arg(path)) << Qt::endl;
    for (const QString &line : plan->lines())
        out << "  " << line << Qt::endl;
    if (dryRun)
        out << Strings::tr("Dry run: nothing was changed.") << Qt::endl;
    return 0;
}

} // namespace

int runWorkspaceCommand(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    const QStringList &rest = context.rest; // "workspace", subcommand, ...
    const QString sub = rest.value(1);
    QStringList files;
    bool dryRun = false;
    for (qsizetype i = 2; i < rest.size(); ++i) {
        if (rest.at(i) == QLatin1String("--dry-run"))
            dryRun = true;
        else if (rest.at(i).startsWith(QLatin1String("--")))
            return usage(err);
        else
            files << rest.at(i);
    }
    if (sub == QLatin1String("export") && files.size() == 1 && !dryRun)
        return exportPack(context, files.first(), out, err);
    if (sub == QLatin1String("import") && files.size() <= 1) {
        const QString path = files.isEmpty()
            ? Core::ManagedSettings().preset(QLatin1String(Core::ManagedSettings::kPackLocation)).toString()
            : files.first();
        if (path.isEmpty())
            return usage(err);
        return importPack(context, path, dryRun, out, err);
    }
    return usage(err);
}

} // namespace Care::App
