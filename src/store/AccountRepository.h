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

    // Returns the existing account with the same platform and handle, or creates it.
    Core::Result<qint64> ensure(const Core::Account &account);
    Core::Result<QList<Core::Account>> list();
    // Accounts the user connected (the demo workspace's do not count).
    Core::Result<int> countReal();

private:
    Database &m_db;
};

} // namespace Care::Store
