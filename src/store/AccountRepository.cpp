#include "store/AccountRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

Core::Result<qint64> AccountRepository::ensure(const Core::Account &account)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO accounts (platform, handle, name, external_id, demo, created_at) "
                             "VALUES (:platform, :handle, :name, :external, :demo, :created) "
                             "ON CONFLICT (platform, handle) DO UPDATE SET name = excluded.name RETURNING id"));
    q.bindValue(QStringLiteral(":platform"), text(Core::platformId(account.platform)));
    q.bindValue(QStringLiteral(":handle"), text(account.handle));
    q.bindValue(QStringLiteral(":name"), text(account.name));
    q.bindValue(QStringLiteral(":external"), text(account.externalId));
    q.bindValue(QStringLiteral(":demo"), account.demo ? 1 : 0);
    q.bindValue(QStringLiteral(":created"), nowMs());
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("ensure account"));
    return q.value(0).toLongLong();
}

Core::Result<QList<Core::Account>> AccountRepository::list()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, platform, handle, name, external_id, demo, created_at FROM accounts "
                               "ORDER BY platform, name")))
        return m_db.queryError(q, QStringLiteral("list accounts"));
    QList<Core::Account> out;
    while (q.next()) {
        Core::Account a;
        a.id = q.value(0).toLongLong();
        a.platform = Core::platformFromId(q.value(1).toString()).value_or(Core::Platform::X);
        a.handle = q.value(2).toString();
        a.name = q.value(3).toString();
        a.externalId = q.value(4).toString();
        a.demo = q.value(5).toInt() != 0;
        a.createdAt = timeFromDb(q.value(6));
        out << a;
    }
    return out;
}

Core::Result<int> AccountRepository::countReal()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM accounts WHERE demo = 0")) || !q.next())
        return m_db.queryError(q, QStringLiteral("count accounts"));
    return q.value(0).toInt();
}

} // namespace Care::Store
