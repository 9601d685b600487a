#include "store/InboxQuery.h"

#include "store/SearchSql.h"
#include "store/SqlHelpers.h"

namespace Care::Store {

bool InboxFilter::operator==(const InboxFilter &o) const
{
    return statuses == o.statuses && platform == o.platform && accountId == o.accountId && assignee == o.assignee
           && unassignedOnly == o.unassignedOnly && tag == o.tag && search == o.search
           && waitingOnly == o.waitingOnly && priority == o.priority && dueBefore == o.dueBefore
           && dueAfter == o.dueAfter && from == o.from && to == o.to && conversationIds == o.conversationIds
           && sort == o.sort;
}

InboxQuery::InboxQuery(const InboxFilter &filter, SqlDialect dialect, const QString &renderedSearch, SearchPlan plan)
    : m_filter(filter)
{
    QStringList conditions;
    if (!filter.statuses.isEmpty()) {
        QStringList names;
        for (qsizetype i = 0; i < filter.statuses.size(); ++i) {
            const QString key = QStringLiteral(":status%1").arg(i);
            names << key;
            m_bindings.insert(key, Core::statusId(filter.statuses.at(i)));
        }
        conditions << QStringLiteral("c.status IN (%1)").arg(names.join(QLatin1Char(',')));
    }
    if (filter.platform) {
        conditions << QStringLiteral("a.platform = :platform");
        m_bindings.insert(QStringLiteral(":platform"), Core::platformId(*filter.platform));
    }
    if (filter.accountId > 0) {
        conditions << QStringLiteral("c.account_id = :account");
        m_bindings.insert(QStringLiteral(":account"), filter.accountId);
    }
    if (filter.unassignedOnly) {
        conditions << QStringLiteral("c.assignee = ''");
    } else if (!filter.assignee.isEmpty()) {
        conditions << QStringLiteral("c.assignee = :assignee");
        m_bindings.insert(QStringLiteral(":assignee"), filter.assignee);
    }
    if (!filter.tag.isEmpty()) {
        conditions << QStringLiteral("c.tags LIKE :tag");
        m_bindings.insert(QStringLiteral(":tag"), QString(QStringLiteral("%,") + filter.tag.toLower() + QStringLiteral(",%")));
    }
    if (filter.waitingOnly)
        conditions << QStringLiteral("c.waiting_since IS NOT NULL");
    if (filter.priority) {
        conditions << QStringLiteral("c.priority = :priority");
        m_bindings.insert(QStringLiteral(":priority"), Core::priorityId(*filter.priority));
    }
    if (filter.dueAfter.isValid()) {
        conditions << QStringLiteral("c.due_at >= :dueAfter");
        m_bindings.insert(QStringLiteral(":dueAfter"), toDb(filter.dueAfter));
    }
    if (filter.dueBefore.isValid()) {
        conditions << QStringLiteral("c.due_at < :dueBefore");
        m_bindings.insert(QStringLiteral(":dueBefore"), toDb(filter.dueBefore));
    }
    if (!filter.conversationIds.isEmpty()) {
        QStringList ids; // integers only: written into the statement, nothing to inject
        for (qint64 id : filter.conversationIds)
            ids << QString::number(id);
        conditions << QStringLiteral("c.id IN (") + ids.join(QLatin1Char(',')) + QLatin1Char(')');
    }
    if (filter.from.isValid()) {
        conditions << QStringLiteral("c.last_message_at >= :from");
        m_bindings.insert(QStringLiteral(":from"), toDb(filter.from));
    }
    if (filter.to.isValid()) {
        conditions << QStringLiteral("c.last_message_at < :to");
        m_bindings.insert(QStringLiteral(":to"), toDb(filter.to));
    }
    if (!renderedSearch.isEmpty()) {
        const QString ids = matchingMessageIdsSql(dialect);
        if (plan == SearchPlan::PerConversation && dialect == SqlDialect::SQLite)
            conditions << QStringLiteral("EXISTS (SELECT 1 FROM messages m INDEXED BY messages_conversation_time "
                                         "WHERE m.conversation_id = c.id AND m.id IN (%1))")
                              .arg(ids);
        else if (plan == SearchPlan::PerConversation)
            // PostgreSQL would flatten an EXISTS into a semi-join and may hash every matching
            // message first (885 ms for a common word); a scalar sub-select with LIMIT stays a
            // per-row check, so the conversations are walked in the inbox's order and the walk
            // stops at the page's end.
            conditions << QStringLiteral("(SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.")
                              + postgresMatchCondition() + QStringLiteral(" LIMIT 1) IS NOT NULL");
        else if (dialect == SqlDialect::PostgreSQL)
            // The words are on the messages' own rows there: one look-up of the matches, not a
            // second join back to messages by id (a common word's count: 2.5 s -> 0.9 s).
            conditions << QStringLiteral("c.id IN (SELECT conversation_id FROM messages WHERE ")
                              + postgresMatchCondition() + QLatin1Char(')');
        else
            conditions << QStringLiteral("c.id IN (SELECT conversation_id FROM messages WHERE id IN (%1))").arg(ids);
        m_bindings.insert(QStringLiteral(":search"), renderedSearch);
    }
    m_where = conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
}

QString InboxQuery::orderClause() const
{
    switch (m_filter.sort) {
    case InboxFilter::Sort::SlaDue:
        // Conversations with a running clock first, soonest due first; then the newest.
        return QStringLiteral(" ORDER BY (c.due_at IS NULL), c.due_at, c.last_message_at DESC, c.id DESC");
    case InboxFilter::Sort::LongestWaiting:
        return QStringLiteral(" ORDER BY (c.waiting_since IS NULL), c.waiting_since, c.id");
    case InboxFilter::Sort::Newest:
        return QStringLiteral(" ORDER BY c.last_message_at DESC, c.id DESC");
    case InboxFilter::Sort::Oldest:
        return QStringLiteral(" ORDER BY c.last_message_at, c.id");
    }
    return {};
}

QString InboxQuery::selectColumns()
{
    return QStringLiteral(
        "c.id, a.platform, a.name, c.customer_id, cu.name, c.preview, c.waiting_since, c.due_at, c.priority, "
        "c.assignee, c.status, c.tags, c.last_message_at, c.message_count, c.triage_reasons, "
        "c.found_by_listening "
        "FROM conversations c JOIN accounts a ON a.id = c.account_id JOIN customers cu ON cu.id = c.customer_id");
}

} // namespace Care::Store
