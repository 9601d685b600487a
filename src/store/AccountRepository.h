#pragma once

#include "core/Account.h"
#include "core/Result.h"

#include <QList>

namespace Care::Store {

class Database;

class AccountRepository
{
public:
    explicit AccountRepository(Database &db) : m_db(db) {}

    // Returns the existing account with the same platform and handle, or creates it. An
    // existing account is (re)connected and takes the given name, service and settings.
    Core::Result<qint64> ensure(const Core::Account &account);
    // Connected accounts (with `includeRemoved`, also those removed, whose history stays).
    Core::Result<QList<Core::Account>> list(bool includeRemoved = false);
    Core::Result<Core::Account> get(qint64 id);
    Core::Status updateSettings(qint64 id, const QJsonObject &settings);
    // Disconnects the account: its cursors and status go and its undelivered outbox items
    // are cancelled with a reason; its conversations and messages stay.
    Core::Status remove(qint64 id);
    // Accounts the user connected (the demo workspace's do not count).
    Core::Result<int> countReal();

private:
    Database &m_db;
};

} // namespace Care::Store
