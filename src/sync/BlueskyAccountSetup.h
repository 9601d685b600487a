#pragma once

#include "core/Account.h"
#include "core/Result.h"

#include <QStringList>
#include <memory>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class BlueskyConnector;
class HttpClient;
class SecretStore;

// What the person gives to connect a Bluesky account (GUI dialog or `account add bluesky`).
struct BlueskySignIn
{
    QString service;     // empty: https://bsky.social; http:// only on loopback (tests)
    QString identifier;  // handle ("acme.bsky.social") or e-mail
    QString appPassword; // an app password, never the account password
    QStringList keywords; // brand and product names, hashtags, for keyword listening
    bool markSeen = false; // mark notifications as seen on Bluesky (shared with the brand's app)
    int searchIntervalSeconds = 0; // keyword search at most this often; 0: the default (5 min)
    QString language; // BCP-47 tag replies are marked with ("en"); empty: none
};

// Signs in with the app password (one createSession), keeps the app password and the
// session in the secret store under SyncEngine::secretKey(account), and adds the account
// (or reconnects it when it is already there). Nothing is stored when any step fails.
// Blocking: call it from a worker, never the GUI thread.
Core::Result<Core::Account> connectBlueskyAccount(Store::Database &db, SecretStore &secrets, HttpClient &http,
                                                  const BlueskySignIn &signIn);

// The connector for a stored account: its session restored from `secret` (refreshed tokens
// are written back to `secrets` when given) and its settings (keywords, markSeen, language,
// searchIntervalSeconds) from the account.
Core::Result<std::unique_ptr<BlueskyConnector>> makeBlueskyConnector(const Core::Account &account, const QString &secret,
                                                                     HttpClient &http, SecretStore *secrets);

} // namespace Care::Sync
