#include "store/AgentRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

Core::Status AgentRepository::upsert(const Core::Agent &agent)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO agents (id, name, signature, role) VALUES (:id, :name, :signature, :role) "
                             "ON CONFLICT (id) DO UPDATE SET name = excluded.name, signature = excluded.signature, "
                             "role = excluded.role"));
    q.bindValue(QStringLiteral(":id"), text(agent.id));
    q.bindValue(QStringLiteral(":name"), text(agent.name));
    q.bindValue(QStringLiteral(":signature"), text(agent.signature));
    q.bindValue(QStringLiteral(":role"), text(agent.role.isEmpty() ? QStringLiteral("agent") : agent.role));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("upsert agent"));
    return {};
}

Core::Result<QList<Core::Agent>> AgentRepository::list()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, name, signature, role FROM agents ORDER BY name")))
        return m_db.queryError(q, QStringLiteral("list agents"));
    QList<Core::Agent> out;
    while (q.next())
        out << Core::Agent{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()};
    return out;
}

} // namespace Care::Store
