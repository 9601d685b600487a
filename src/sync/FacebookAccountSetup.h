#pragma once

#include "core/Account.h"
#include "core/Result.h"

#include <QStringList>
#include <memory>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class Connector;
class HttpClient;
class SecretStore;

// What an administrator gives to connect a Facebook Page (GUI dialog or `account add facebook`).
struct FacebookPageConnect
{
    QString pageId;
    QString token;     // a long-lived Page access token, or one made for a system user
    QString graphBase; // empty: https://graph.facebook.com; http:// only on loopback (tests)
    bool messenger = true;      // read and answer Messenger (needs pages_messaging)
    bool humanAgentTag = false; // Meta approved the Page for the HUMAN_AGENT tag
};

// The Facebook permissions Care Console needs, with what each is for.
QStringList facebookRequiredPermissions(bool messenger);

// Checks the token with the Graph (the Page answers to it; debug_token says it is valid, for
// this Page, and which permissions it has), then keeps it in the secret store under
// SyncEngine::secretKey(account) and adds the account (or reconnects it). Nothing is stored
// when the token fails, belongs to another Page or lacks a permission: the error names every
// missing permission and what it is for. `warnings` gets what the administrator should know
// (an expiry date, permissions that could not be checked). Blocking: a worker or a command.
Core::Result<Core::Account> connectFacebookPage(Store::Database &db, SecretStore &secrets, HttpClient &http,
                                                const FacebookPageConnect &input, QStringList *warnings = nullptr);

// The connector for a stored account, with its token (`secret`) and settings.
Core::Result<std::unique_ptr<Connector>> makeFacebookConnector(const Core::Account &account, const QString &secret,
                                                               HttpClient &http);

} // namespace Care::Sync
