#pragma once

#include "core/Account.h"
#include "core/Result.h"

#include <QStringList>
#include <QUrl>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class HttpClient;
class SecretStore;

// Connects a Mastodon account with an access token: checks the address (https, or http
// only on loopback for a local test server), verifies the token with the instance (which
// says whose it is), keeps the token in the secret store and adds or reconnects the
// account. Nothing is stored when any step fails.
Core::Result<Core::Account> connectMastodonAccount(Store::Database &db, SecretStore &secrets, HttpClient &http,
                                                   const QString &instance, const QString &token,
                                                   const QStringList &keywords, const QStringList &hashtags);

} // namespace Care::Sync
