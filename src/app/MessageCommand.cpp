#include "app/AdminCommand.h"

#include "store/AccountRepository.h"
#include "store/Database.h"
#include "sync/EmailAccountSetup.h"
#include "sync/EmailConnector.h"
#include "sync/MimeParser.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSaveFile>
#include <QSqlQuery>

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

// A name that stays inside the folder and replaces nothing: "lid.jpg", then "lid (2).jpg".
QString freeName(const QDir &dir, QString name, int index)
{
    name = QFileInfo(name).fileName();
    while (name.startsWith(QLatin1Char('.')))
        name.remove(0, 1);
    if (name.isEmpty() || name.startsWith(QLatin1Char('(')))
        name = QStringLiteral("attachment-%1").arg(index);
    const QFileInfo info(name);
    QString candidate = name;
    for (int n = 2; dir.exists(candidate); ++n)
        candidate = info.suffix().isEmpty() ? QStringLiteral("%1 (%2)").arg(name).arg(n)
                                            : QStringLiteral("%1 (%2).%3").arg(info.completeBaseName()).arg(n).arg(info.suffix());
    return candidate;
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
    QSqlQuery q(db.value()->connection());
    q.prepare(QStringLiteral("SELECT account_id, platform_message_id FROM messages WHERE id = :id AND direction = 'inbound'"));
    q.bindValue(QStringLiteral(":id"), messageId);
    if (!q.exec() || !q.next())
        return reportError(err, command, usage(Strings::tr("There is no customer message %1.").arg(messageId)), 2);
    auto account = Store::AccountRepository(*db.value()).get(q.value(0).toLongLong());
    if (!account)
        return reportError(err, command, account.error());
    if (account->platform != Core::Platform::Email)
        return reportError(err, command, usage(Strings::tr("Message %1 is not an e-mail.").arg(messageId)), 2);
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, command, secrets.error());
    auto password = secrets.value()->read(Sync::SyncEngine::secretKey(account.value()));
    if (!password)
        return reportError(err, command, password.error());
    auto connector = Sync::makeEmailConnector(account.value(), password.value(), nullptr);
    if (!connector)
        return reportError(err, command, connector.error());
    auto raw = connector.value()->rawMessage(q.value(1).toString());
    if (!raw)
        return reportError(err, command, raw.error());
    auto attachments = Sync::MimeParser::attachments(raw.value());
    if (!attachments)
        return reportError(err, command, attachments.error());
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
        const QString path = dir.filePath(freeName(dir, a.fileName, i + 1));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(a.data) != a.data.size() || !file.commit())
            return reportError(err, command, Error::make(Error::Code::CannotOpen, Strings::tr("%1 could not be written.").arg(path)));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        out << Strings::tr("Saved %1 (%2, %3).").arg(path, a.mimeType, locale.formattedDataSize(a.size)) << Qt::endl;
    }
    return 0;
}

} // namespace Care::App
