#include "store/AgentRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

Core::Status AgentRepository::upsert(const Core::Agent &agent)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO agents (id, name, signature, role, team) "
                             "VALUES (:id, :name, :signature, :role, :team) "
                             "ON CONFLICT (id) DO UPDATE SET name = excluded.name, signature = excluded.signature, "
                             "role = excluded.role, team = excluded.team"));
    q.bindValue(QStringLiteral(":id"), text(agent.id));
    q.bindValue(QStringLiteral(":name"), text(agent.name));
    q.bindValue(QStringLiteral(":signature"), text(agent.signature));
    q.bindValue(QStringLiteral(":role"), text(agent.role.isEmpty() ? QStringLiteral("agent") : agent.role));
    q.bindValue(QStringLiteral(":team"), text(agent.team.trimmed()));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("upsert agent"));
    return {};
}

Core::Result<QStringList> AgentRepository::teams()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT DISTINCT team FROM agents WHERE team <> '' ORDER BY team")))
        return m_db.queryError(q, QStringLiteral("list teams"));
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

Core::Result<QList<Core::Agent>> AgentRepository::list()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, name, signature, role, team FROM agents ORDER BY name")))
        return m_db.queryError(q, QStringLiteral("list agents"));
    QList<Core::Agent> out;
    while (q.next())
        out << Core::Agent { q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
            q.value(3).toString(), q.value(4).toString() };
    return out;
}

} // namespace Care::Store
