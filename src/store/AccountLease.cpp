#include "store/AccountLease.h"

#include "store/Database.h"
#include "store/StoreLog.h"

#include <QSqlQuery>

namespace Care::Store {

bool AccountLease::hold(qint64 accountId)
{
    if (!m_db.isPostgres())
        return true;
    if (m_held.contains(accountId))
        return true;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT pg_try_advisory_lock(:class, :account)"));
    q.bindValue(QStringLiteral(":class"), kLockClass);
    q.bindValue(QStringLiteral(":account"), int(accountId));
    if (!q.exec() || !q.next())
        return false;
    if (!q.value(0).toBool())
        return false;
    qCInfo(lcStore) << "holding account" << accountId << "for syncing";
    m_held.insert(accountId);
    return true;
}

void AccountLease::release(qint64 accountId)
{
    if (!m_db.isPostgres() || !m_held.remove(accountId))
        return;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT pg_advisory_unlock(:class, :account)"));
    q.bindValue(QStringLiteral(":class"), kLockClass);
    q.bindValue(QStringLiteral(":account"), int(accountId));
    q.exec();
}

} // namespace Care::Store
