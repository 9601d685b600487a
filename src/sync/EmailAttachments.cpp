#include "sync/EmailAttachments.h"

#include "core/SafeFileName.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "sync/EmailAccountSetup.h"
#include "sync/EmailConnector.h"
#include "sync/MimeParser.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::EmailAttachments)
};

} // namespace

Core::Result<QList<MailAttachment>> EmailAttachments::read(Store::Database &db, SecretStore &secrets, qint64 messageId)
{
    using Code = Core::Error::Code;
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT account_id, platform_message_id FROM messages WHERE id = :id AND direction = 'inbound'"));
    q.bindValue(QStringLiteral(":id"), messageId);
    if (!q.exec())
        return db.queryError(q, QStringLiteral("e-mail for its attachments"));
    if (!q.next())
        return Core::Error::make(Code::InvalidInput, Strings::tr("There is no customer message %1.").arg(messageId));
    const qint64 accountId = q.value(0).toLongLong();
    const QString platformId = q.value(1).toString();
    auto account = Store::AccountRepository(db).get(accountId);
    if (!account)
        return account.error();
    if (account->platform != Core::Platform::Email)
        return Core::Error::make(Code::InvalidInput, Strings::tr("Message %1 is not an e-mail.").arg(messageId));
    auto password = secrets.read(SyncEngine::secretKey(account.value()));
    if (!password)
        return password.error();
    auto connector = makeEmailConnector(account.value(), password.value(), nullptr);
    if (!connector)
        return connector.error();
    auto raw = connector.value()->rawMessage(platformId);
    if (!raw)
        return raw.error();
    return MimeParser::attachments(raw.value());
}

QString EmailAttachments::fileNameFor(const MailAttachment &attachment, int index)
{
    const QString fallback = QStringLiteral("attachment-%1").arg(index);
    // MimeParser's own words for a part without a name ("(unnamed)") are not a file name.
    if (attachment.fileName.startsWith(QLatin1Char('(')))
        return fallback;
    return Core::SafeFileName::sanitised(attachment.fileName, fallback);
}

} // namespace Care::Sync
