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
struct MastodonAppRegistration;

// Connects a Mastodon account with an access token: checks the address (https, or http
// only on loopback for a local test server), verifies the token with the instance (which
// says whose it is), keeps the token in the secret store and adds or reconnects the
// account. Nothing is stored when any step fails.
Core::Result<Core::Account> connectMastodonAccount(Store::Database &db, SecretStore &secrets, HttpClient &http,
                                                   const QString &instance, const QString &token,
                                                   const QStringList &keywords, const QStringList &hashtags);

// Care Console's app registration on an instance (it holds a client secret, so it lives in
// the secret store), remembered so the browser sign-in registers only once per instance.
MastodonAppRegistration loadMastodonRegistration(SecretStore &secrets, const QString &instance);
void saveMastodonRegistration(SecretStore &secrets, const MastodonAppRegistration &registration);

} // namespace Care::Sync
