#include "app/AdminCommand.h"

#include "store/ConversationActions.h"
#include "store/Database.h"
#include "sync/HttpClient.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>

namespace Care::App {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Care::App::SyncCommand", text);
}

Core::Error usage(const QString &message)
{
    return Core::Error::make(Core::Error::Code::InvalidInput, message, tr("Try careconsole --help."));
}

} // namespace

int runSyncCommand(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    bool once = false;
    qint64 accountId = 0;
    const QStringList args = context.rest.mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--once")) {
            once = true;
        } else if (a == QLatin1String("--account") && i + 1 < args.size()) {
            bool ok = false;
            accountId = args.at(++i).toLongLong(&ok);
            if (!ok)
                return reportError(err, QStringLiteral("sync"), usage(tr("--account takes the account's number.")), 2);
        } else {
            return reportError(err, QStringLiteral("sync"), usage(tr("Unexpected argument: %1").arg(a)), 2);
        }
    }
    if (!once)
        return reportError(err, QStringLiteral("sync"),
                           usage(tr("Only one pass is available from the command line: use sync --once (the console "
                                    "itself syncs continuously).")),
                           2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, QStringLiteral("sync"), db.error());
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, QStringLiteral("sync"), secrets.error());
    Sync::HttpClient http;
    Sync::SyncEngine engine(*db.value(), *secrets.value(), http);
    if (auto recovered = engine.recoverInterruptedSends(); !recovered)
        return reportError(err, QStringLiteral("sync"), recovered.error());
    const QList<Sync::AccountSyncReport> reports = engine.syncAll(accountId);
    if (reports.isEmpty()) {
        if (accountId)
            return reportError(err, QStringLiteral("sync"),
                               usage(tr("There is no connected account %1; see careconsole account list.").arg(accountId)), 2);
        out << tr("No accounts are connected; nothing to sync.") << Qt::endl;
        return 0;
    }
    bool failed = false;
    for (const Sync::AccountSyncReport &report : reports) {
        out << report.summary() << Qt::endl;
        failed = failed || !report.ok();
    }
    return failed ? 1 : 0;
}

int runSendCommand(const AdminContext &context, QTextStream &in, QTextStream &out, QTextStream &err)
{
    qint64 conversationId = 0;
    std::optional<Core::Visibility> visibility;
    bool textStdin = false;
    QString agent = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    const QStringList args = context.rest.mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--conversation") && i + 1 < args.size()) {
            conversationId = args.at(++i).toLongLong();
        } else if (a == QLatin1String("--public") || a == QLatin1String("--private")) {
            const auto chosen = a == QLatin1String("--public") ? Core::Visibility::Public : Core::Visibility::Private;
            if (visibility && *visibility != chosen)
                return reportError(err, QStringLiteral("send"), usage(tr("Choose one of --public and --private.")), 2);
            visibility = chosen;
        } else if (a == QLatin1String("--text-stdin")) {
            textStdin = true;
        } else if (a == QLatin1String("--agent") && i + 1 < args.size()) {
            agent = args.at(++i);
        } else {
            return reportError(err, QStringLiteral("send"), usage(tr("Unexpected argument: %1").arg(a)), 2);
        }
    }
    if (conversationId <= 0 || !visibility || !textStdin)
        return reportError(err, QStringLiteral("send"),
                           usage(tr("send needs --conversation ID, --public or --private, and --text-stdin.")), 2);
    const QString text = in.readAll().trimmed();
    if (text.isEmpty())
        return reportError(err, QStringLiteral("send"), usage(tr("No reply text arrived on standard input.")), 2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, QStringLiteral("send"), db.error());
    auto id = Store::ConversationActions(*db.value(), agent).queueReply(conversationId, *visibility, text);
    if (!id)
        return reportError(err, QStringLiteral("send"), id.error());
    out << tr("Queued reply %1 in conversation %2; it goes out with the running console or the next sync.")
               .arg(id.value())
               .arg(conversationId)
        << Qt::endl;
    return 0;
}

} // namespace Care::App
