#include "store/DraftRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

Core::Status DraftRepository::save(qint64 conversationId, const QString &agentId, const Draft &draft)
{
    if (draft.body.trimmed().isEmpty())
        return remove(conversationId, agentId);
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO drafts (conversation_id, agent_id, mode, body, updated_at) "
                             "VALUES (:conversation, :agent, :mode, :body, :at) ON CONFLICT (conversation_id, "
                             "agent_id) DO UPDATE SET mode = excluded.mode, body = excluded.body, "
                             "updated_at = excluded.updated_at"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":agent"), text(agentId));
    q.bindValue(QStringLiteral(":mode"), text(draft.mode));
    q.bindValue(QStringLiteral(":body"), text(draft.body));
    q.bindValue(QStringLiteral(":at"), nowMs());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("save draft"));
    return {};
}

Core::Result<std::optional<Draft>> DraftRepository::load(qint64 conversationId, const QString &agentId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT mode, body FROM drafts WHERE conversation_id = :conversation AND agent_id = :agent"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":agent"), text(agentId));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("load draft"));
    if (!q.next())
        return std::optional<Draft>{};
    return std::optional<Draft>(Draft{q.value(0).toString(), q.value(1).toString()});
}

Core::Status DraftRepository::remove(qint64 conversationId, const QString &agentId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("DELETE FROM drafts WHERE conversation_id = :conversation AND agent_id = :agent"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":agent"), text(agentId));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("remove draft"));
    return {};
}

} // namespace Care::Store
