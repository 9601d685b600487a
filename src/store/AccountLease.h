#pragma once

#include <QSet>

namespace Care::Store {

class Database;

// Which sync process syncs an account, when several run against one team database (for
// availability): each account is synced by whoever holds its PostgreSQL advisory lock. The
// lock belongs to the connection, so when a process dies — killed, crashed, its host gone
// once TCP keepalives notice — the server releases its locks and another process takes the
// accounts over at its next tick. On SQLite (one machine, one process) every account is held.
class AccountLease
{
public:
    explicit AccountLease(Database &db) : m_db(db) {}

    // True when this connection holds (or has just taken) the account's lock.
    bool hold(qint64 accountId);
    void release(qint64 accountId);
    const QSet<qint64> &held() const { return m_held; }

    // The advisory lock's first key: ours ("CARE"), so other applications' locks never clash.
    static constexpr int kLockClass = 0x43415245;

private:
    Database &m_db;
    QSet<qint64> m_held;
};

} // namespace Care::Store
