#include "app/AdminCommand.h"

#include "core/SafeFileName.h"
#include "store/Database.h"
#include "sync/EmailAttachments.h"
#include "sync/SecretStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSaveFile>

namespace Care::App {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::App::MessageCommand)
};

Error usage(const QString &message)
{
    return Error::make(Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
}

} // namespace

// careconsole message attachments ID [--save DIR]: lists an e-mail's attachments, or saves them
// (read again from the mailbox; never opened, written readable only by their owner).
int runMessageCommand(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("message");
    const QStringList args = context.rest.mid(1);
    if (args.value(0) != QLatin1String("attachments"))
        return reportError(err, command, usage(Strings::tr("Use message attachments ID [--save FOLDER].")), 2);
    bool ok = false;
    const qint64 messageId = args.value(1).toLongLong(&ok);
    if (!ok || messageId <= 0)
        return reportError(err, command, usage(Strings::tr("attachments takes the message's number.")), 2);
    QString folder;
    for (qsizetype i = 2; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--save") && i + 1 < args.size())
            folder = args.at(++i);
        else
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(args.at(i))), 2);
    }
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, command, secrets.error());
    auto attachments = Sync::EmailAttachments::read(*db.value(), *secrets.value(), messageId);
    if (!attachments) // a wrong number (2), or the mailbox or its server (1)
        return reportError(err, command, attachments.error(), attachments.error().code == Error::Code::InvalidInput ? 2 : 1);
    if (attachments->isEmpty()) {
        out << Strings::tr("Message %1 has no attachments.").arg(messageId) << Qt::endl;
        return 0;
    }
    const QLocale locale;
    const QDir dir(folder);
    if (!folder.isEmpty() && !dir.mkpath(QStringLiteral(".")))
        return reportError(err, command, usage(Strings::tr("The folder %1 cannot be created.").arg(folder)));
    for (int i = 0; i < attachments->size(); ++i) {
        const Sync::MailAttachment &a = attachments->at(i);
        if (folder.isEmpty()) {
            out << QStringLiteral("%1\t%2\t%3").arg(a.fileName, a.mimeType, locale.formattedDataSize(a.size)) << Qt::endl;
            continue;
        }
        const QString path = dir.filePath(Core::SafeFileName::freeIn(dir, Sync::EmailAttachments::fileNameFor(a, i + 1)));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(a.data) != a.data.size() || !file.commit())
            return reportError(err, command, Error::make(Error::Code::CannotOpen, Strings::tr("%1 could not be written.").arg(path)));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        out << Strings::tr("Saved %1 (%2, %3).").arg(path, a.mimeType, locale.formattedDataSize(a.size)) << Qt::endl;
    }
    return 0;
}

} // namespace Care::App
