#include "sync/EmailAccountSetup.h"

#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "sync/CurlTransfer.h"
#include "sync/EmailConnector.h"
#include "sync/ImapClient.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlQuery>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::EmailAccountSetup)
};

using Code = Core::Error::Code;

Core::Result<QUrl> checkedUrl(const QString &text, const QString &plainScheme, const QString &tlsScheme, bool allowPlain)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != plainScheme && scheme != tlsScheme))
        return Core::Error::make(Code::InvalidInput, Strings::tr("%1 is not a %2:// or %3:// address.").arg(text, plainScheme, tlsScheme),
                                 Strings::tr("For example %1://mail.example.com").arg(tlsScheme));
    MailServer probe;
    probe.url = url;
    if (allowPlain && !probe.isLoopback())
        return Core::Error::make(Code::InvalidInput,
                                 Strings::tr("Plain text without TLS is allowed only for a server on this computer, not %1.")
                                     .arg(url.host()),
                                 Strings::tr("Leave plain text off (--allow-plain): the password must not cross the network unencrypted."));
    QUrl clean = url;
    clean.setUserInfo({});
    clean.setPath({});
    clean.setQuery(QString());
    clean.setFragment({});
    return clean;
}

bool isAddress(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^[^\\s@<>\"]+@[^\\s@<>\"]+$"));
    return pattern.match(text).hasMatch();
}

MailServer server(const QJsonObject &settings, const QString &key, const QString &password)
{
    MailServer s;
    s.url = QUrl(settings.value(key).toString());
    s.user = settings.value(QStringLiteral("user")).toString();
    s.password = password;
    s.allowPlain = settings.value(QStringLiteral("allowPlain")).toBool() && s.isLoopback();
    return s;
}

} // namespace

Core::Result<Core::Account> connectEmailAccount(Store::Database &db, SecretStore &secrets, const EmailSignIn &signIn)
{
    auto imapUrl = checkedUrl(signIn.imapUrl, QStringLiteral("imap"), QStringLiteral("imaps"), signIn.allowPlain);
    if (!imapUrl)
        return imapUrl.error();
    auto smtpUrl = checkedUrl(signIn.smtpUrl, QStringLiteral("smtp"), QStringLiteral("smtps"), signIn.allowPlain);
    if (!smtpUrl)
        return smtpUrl.error();
    const QString user = signIn.user.trimmed();
    if (user.isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("Give the mailbox's user name."));
    if (signIn.password.isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("The password is empty."));
    const QString address = (signIn.address.trimmed().isEmpty() ? user : signIn.address.trimmed()).toLower();
    if (!isAddress(address))
        return Core::Error::make(Code::InvalidInput, Strings::tr("%1 is not an e-mail address.").arg(address),
                                 Strings::tr("Give the mailbox's address (--address), e.g. support@example.com."));
    if (!ImapClient::isSafeMailbox(signIn.mailbox))
        return Core::Error::make(Code::InvalidInput, Strings::tr("The mailbox name \"%1\" cannot be used.").arg(signIn.mailbox));

    Core::Account account;
    account.platform = Core::Platform::Email;
    account.handle = address;
    account.name = signIn.displayName.trimmed().isEmpty() ? address : signIn.displayName.trimmed();
    account.externalId = address;
    account.serviceUrl = imapUrl->toString();
    QJsonObject settings;
    settings.insert(QStringLiteral("imap"), imapUrl->toString());
    settings.insert(QStringLiteral("smtp"), smtpUrl->toString());
    settings.insert(QStringLiteral("user"), user);
    settings.insert(QStringLiteral("mailbox"), signIn.mailbox);
    settings.insert(QStringLiteral("allowPlain"), signIn.allowPlain);
    if (!signIn.displayName.trimmed().isEmpty())
        settings.insert(QStringLiteral("displayName"), signIn.displayName.trimmed());
    account.settings = settings;

    // Both servers accept the login before anything is kept. A server out of reach is not
    // "retried automatically" here: nothing was added, the address may be wrong.
    const auto setupError = [](Core::Error error) {
        if (error.code == Code::NetworkError)
            error.hint = Strings::tr("Check the server's address and port, and that this computer can reach it. Nothing "
                                     "was added.");
        return error;
    };
    ImapClient imap(server(settings, QStringLiteral("imap"), signIn.password));
    if (auto status = imap.status(signIn.mailbox); !status)
        return setupError(status.error());
    CurlTransfer smtp(server(settings, QStringLiteral("smtp"), signIn.password));
    if (auto hello = smtp.request(QStringLiteral("/"), "NOOP"); !hello)
        return setupError(hello.error());

    if (Core::Status s = secrets.write(SyncEngine::secretKey(account), signIn.password); !s)
        return s.error();
    auto id = Store::AccountRepository(db).ensure(account);
    if (!id)
        return id.error();
    account.id = id.value();
    return account;
}

MailServer imapServerFor(const Core::Account &account, const QString &password)
{
    return server(account.settings, QStringLiteral("imap"), password);
}

QString mailboxOf(const Core::Account &account)
{
    return account.settings.value(QStringLiteral("mailbox")).toString(QStringLiteral("INBOX"));
}

Core::Result<std::unique_ptr<EmailConnector>> makeEmailConnector(const Core::Account &account, const QString &password,
                                                                 Store::Database *db)
{
    const QJsonObject &settings = account.settings;
    EmailConnector::Config config;
    config.accountId = account.id;
    config.imap = server(settings, QStringLiteral("imap"), password);
    config.smtp = server(settings, QStringLiteral("smtp"), password);
    config.address = account.handle;
    config.displayName = settings.value(QStringLiteral("displayName")).toString();
    config.mailbox = mailboxOf(account);
    if (!config.imap.url.isValid() || !config.smtp.url.isValid())
        return Core::Error::make(Code::InvalidInput, Strings::tr("The e-mail account %1 has no server addresses.").arg(account.handle),
                                 Strings::tr("Add it again with careconsole account add email."));
    if (db) {
        const qint64 accountId = account.id;
        // By the message's conversation, not only its thread key: an answer by e-mail from a
        // conversation on another channel lives in that conversation, and so does the reply to it.
        config.knownThread = [db, accountId](const QString &messageId) -> std::optional<EmailMapping::KnownMail> {
            auto found = Store::MessageRepository(*db).byPlatformId(accountId, messageId);
            if (!found || !found.value())
                return std::nullopt;
            return EmailMapping::KnownMail{found.value()->threadKey, found.value()->conversationId, found.value()->createdAt};
        };
        config.isAutomatic = [db](qint64 messageId) {
            QSqlQuery q(db->connection());
            q.prepare(QStringLiteral("SELECT automatic FROM messages WHERE id = :id"));
            q.bindValue(QStringLiteral(":id"), messageId);
            return q.exec() && q.next() && q.value(0).toInt() != 0;
        };
    }
    return std::make_unique<EmailConnector>(std::move(config));
}

} // namespace Care::Sync
