#include "store/PresenceRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

QString PresenceRepository::stateId(State state)
{
    return state == State::Typing ? QStringLiteral("typing") : QStringLiteral("viewing");
}

Core::Status PresenceRepository::touch(qint64 conversationId, const QString &agentId, State state)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO presence (conversation_id, agent_id, state, updated_at) "
                             "VALUES (:conversation, :agent, :state, :now) ON CONFLICT (conversation_id, agent_id) "
                             "DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":agent"), text(agentId));
    q.bindValue(QStringLiteral(":state"), stateId(state));
    q.bindValue(QStringLiteral(":now"), m_db.now().toMSecsSinceEpoch());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("presence"));
    return {};
}

Core::Status PresenceRepository::leave(qint64 conversationId, const QString &agentId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM presence WHERE conversation_id = :conversation AND agent_id = :agent"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":agent"), text(agentId));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("leave presence"));
    return {};
}

Core::Result<QList<PresenceRepository::Colleague>> PresenceRepository::others(qint64 conversationId, const QString &agentId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT p.agent_id, coalesce(a.name, p.agent_id), p.state, p.updated_at FROM presence p "
                             "LEFT JOIN agents a ON a.id = p.agent_id WHERE p.conversation_id = :conversation "
                             "AND p.agent_id <> :agent AND p.updated_at >= :fresh "
                             "ORDER BY CASE p.state WHEN 'typing' THEN 0 ELSE 1 END, 2"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":agent"), text(agentId));
    q.bindValue(QStringLiteral(":fresh"), m_db.now().toMSecsSinceEpoch() - kFreshMs);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("presence of others"));
    QList<Colleague> out;
    while (q.next()) {
        out << Colleague{q.value(0).toString(), q.value(1).toString(),
                         q.value(2).toString() == QLatin1String("typing") ? State::Typing : State::Viewing,
                         timeFromDb(q.value(3))};
    }
    return out;
}

Core::Result<QList<PresenceRepository::ColleagueReply>>
PresenceRepository::colleagueRepliesSince(qint64 conversationId, const QString &agentId, const QDateTime &since)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT m.agent_id, coalesce(a.name, m.agent_id), m.body, m.created_at FROM messages m "
                             "LEFT JOIN agents a ON a.id = m.agent_id WHERE m.conversation_id = :conversation "
                             "AND m.direction = 'outbound' AND m.automatic = 0 AND m.agent_id <> :agent "
                             "AND m.agent_id <> '' AND m.created_at > :since ORDER BY m.created_at"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":agent"), text(agentId));
    q.bindValue(QStringLiteral(":since"), since.toMSecsSinceEpoch());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("colleague replies"));
    QList<ColleagueReply> out;
    while (q.next())
        out << ColleagueReply{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), timeFromDb(q.value(3))};
    return out;
}

} // namespace Care::Store
