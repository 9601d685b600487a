#pragma once

#include "core/Account.h"
#include "core/Result.h"

#include <QString>
#include <memory>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class EmailConnector;
class SecretStore;

// What the administrator gives to connect a support mailbox (`account add email`).
struct EmailSignIn
{
    QString imapUrl;  // imaps://imap.example.com (TLS) or imap://… (STARTTLS)
    QString smtpUrl;  // smtps://smtp.example.com:465 or smtp://…:587 (STARTTLS)
    QString user;
    QString password;
    QString address;     // the mailbox's address; default: the user name when it is one
    QString displayName; // shown with the address in replies ("Acme Support")
    QString mailbox = QStringLiteral("INBOX");
    bool allowPlain = false; // no TLS: only for a server on this computer
};

// Checks the URLs, signs in to IMAP and SMTP (nothing is stored when either fails), keeps the
// password in the secret store under SyncEngine::secretKey(account) and adds the account (or
// updates it). Blocking: call it from a worker or a command, never the GUI thread.
Core::Result<Core::Account> connectEmailAccount(Store::Database &db, SecretStore &secrets, const EmailSignIn &signIn);

// The connector for a stored account. `db` (optional) lets it find the conversation a reply
// belongs to by the Message-IDs it refers to; it is used on the calling thread.
Core::Result<std::unique_ptr<EmailConnector>> makeEmailConnector(const Core::Account &account, const QString &password,
                                                                 Store::Database *db);

// The IMAP server and mailbox of a stored account, for a second connection (IDLE).
struct MailServer;
MailServer imapServerFor(const Core::Account &account, const QString &password);
QString mailboxOf(const Core::Account &account);

} // namespace Care::Sync
