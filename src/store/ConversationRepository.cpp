#include "store/ConversationRepository.h"

#include "core/SearchQuery.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/SearchSql.h"
#include "store/SqlHelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlField>
#include <QSqlQuery>
#include <algorithm>

namespace Care::Store {

using Core::Error;

namespace {

Core::Result<QString> renderedSearch(const InboxFilter &filter, SqlDialect dialect)
{
    if (filter.search.trimmed().isEmpty())
        return QString();
    auto query = Core::SearchQuery::parse(filter.search);
    if (!query)
        return query.error();
    return renderSearch(dialect, query.value());
}

InboxRow rowFrom(const QSqlQuery &q)
{
    InboxRow r;
    r.id = q.value(0).toLongLong();
    r.platform = Core::platformFromId(q.value(1).toString()).value_or(Core::Platform::X);
    r.accountName = q.value(2).toString();
    r.customerId = q.value(3).toLongLong();
    r.customerName = q.value(4).toString();
    r.preview = q.value(5).toString();
    r.waitingSince = timeFromDb(q.value(6));
    r.dueAt = timeFromDb(q.value(7));
    r.priority = Core::priorityFromId(q.value(8).toString()).value_or(Core::Priority::Normal);
    r.assignee = q.value(9).toString();
    r.status = Core::statusFromId(q.value(10).toString()).value_or(Core::ConversationStatus::Open);
    r.tags = tagsFromDb(q.value(11).toString());
    r.lastMessageAt = timeFromDb(q.value(12));
    r.messageCount = q.value(13).toInt();
    r.triageReasons = q.value(14).toString();
    r.foundByListening = q.value(15).toInt() != 0;
    return r;
}

} // namespace

Core::Result<QList<InboxRow>> ConversationRepository::query(const QString &sql, const QVariantMap &bindings)
{
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(sql);
    for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
        q.bindValue(it.key(), it.value());
    if (!q.exec())
        return m_db.queryError(q, sql);
    QList<InboxRow> rows;
    while (q.next())
        rows << rowFrom(q);
    return rows;
}

QString ConversationRepository::probeSql(SqlDialect dialect)
{
    return QStringLiteral("SELECT count(*) FROM (") + matchingMessageIdsSql(dialect)
         + QStringLiteral(" LIMIT %1) AS probe").arg(kWalkAbove);
}

InboxQuery::SearchPlan ConversationRepository::searchPlan(const QString &renderedSearch)
{
    // kWalkAbove is where the two plans cost the same on the benchmark's store
    // (docs/performance.md): looking up each matching message costs about 2.3 µs a message;
    // walking the conversations about 4 µs a conversation, and with M matching messages about
    // one conversation in 200,000 / (0.6 M) matches, so a page of 100 needs 3.3e7 / M
    // conversations walked. Both take about 18 ms at 8,000 matching messages; above it the walk
    // wins (15 ms instead of 230 ms for a word in a tenth of all messages), below it the look-ups.
    if (renderedSearch.isEmpty())
        return InboxQuery::SearchPlan::MatchingMessages;
    if (m_db.dialect() == SqlDialect::PostgreSQL)
        return estimatedMatches(renderedSearch) >= kWalkAbove ? InboxQuery::SearchPlan::PerConversation
                                                              : InboxQuery::SearchPlan::MatchingMessages;
    QSqlQuery q(m_db.connection());
    q.prepare(probeSql(m_db.dialect()));
    q.bindValue(QStringLiteral(":search"), renderedSearch);
    if (q.exec() && q.next() && q.value(0).toInt() >= kWalkAbove)
        return InboxQuery::SearchPlan::PerConversation;
    return InboxQuery::SearchPlan::MatchingMessages;
}

qint64 ConversationRepository::estimatedMatches(const QString &renderedSearch)
{
    // PostgreSQL counts the first 8,000 matches of a common word by reading the table in order
    // (45 ms on the benchmark's store), where its own statistics of the words already say how
    // many match (103,429 estimated for 102,370): the planner's estimate decides instead. EXPLAIN
    // takes no parameters, so the search is written in as a literal the driver quotes.
    QSqlField field(QStringLiteral("search"), QMetaType(QMetaType::QString));
    field.setValue(renderedSearch);
    const QString literal = m_db.connection().driver()->formatValue(field);
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("EXPLAIN (FORMAT JSON) ")
                + QString(matchingMessageIdsSql(SqlDialect::PostgreSQL)).replace(QStringLiteral(":search"), literal))
        || !q.next())
        return 0; // the look-ups are right for any number of matches, only slower for many
    const QJsonArray plans = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).array();
    return plans.isEmpty() ? 0
                           : plans.first().toObject().value(QLatin1String("Plan")).toObject().value(QLatin1String("Plan Rows")).toInteger();
}

Core::Result<QList<InboxRow>> ConversationRepository::page(const InboxFilter &filter, int offset, int limit)
{
    auto search = renderedSearch(filter, m_db.dialect());
    if (!search)
        return search.error();
    InboxQuery query(filter, m_db.dialect(), search.value(), searchPlan(search.value()));
    QVariantMap bindings = query.bindings();
    bindings.insert(QStringLiteral(":limit"), limit);
    bindings.insert(QStringLiteral(":offset"), offset);
    return this->query(QStringLiteral("SELECT ") + InboxQuery::selectColumns() + query.whereClause()
                           + query.orderClause() + QStringLiteral(" LIMIT :limit OFFSET :offset"),
                       bindings);
}

Core::Result<int> ConversationRepository::count(const InboxFilter &filter)
{
    auto search = renderedSearch(filter, m_db.dialect());
    if (!search)
        return search.error();
    InboxQuery query(filter, m_db.dialect(), search.value());
    QSqlQuery q(m_db.connection());
    // The account is only needed to filter by channel; without it the count reads one index.
    q.prepare(QStringLiteral("SELECT count(*) FROM conversations c")
              + (filter.platform ? QStringLiteral(" JOIN accounts a ON a.id = c.account_id") : QString())
              + query.whereClause());
    const QVariantMap &bindings = query.bindings();
    for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
        q.bindValue(it.key(), it.value());
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("count conversations"));
    return q.value(0).toInt();
}

Core::Result<InboxRow> ConversationRepository::row(qint64 id)
{
    auto rows = query(QStringLiteral("SELECT ") + InboxQuery::selectColumns() + QStringLiteral(" WHERE c.id = :id"),
                      QVariantMap{{QStringLiteral(":id"), id}});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return Error::make(Error::Code::NotFound, QStringLiteral("conversation %1 not found").arg(id));
    return rows->first();
}

Core::Result<Core::Conversation> ConversationRepository::get(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, account_id, customer_id, thread_key, status, snoozed_until, priority, "
                             "assignee, tags, first_response_due, next_response_due, resolution_due, created_at, "
                             "updated_at, sla_policy, sla_state, triage_reasons FROM conversations WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("get conversation"));
    if (!q.next())
        return Error::make(Error::Code::NotFound, QStringLiteral("conversation %1 not found").arg(id));
    Core::Conversation c;
    c.id = q.value(0).toLongLong();
    c.accountId = q.value(1).toLongLong();
    c.customerId = q.value(2).toLongLong();
    c.threadKey = q.value(3).toString();
    c.status = Core::statusFromId(q.value(4).toString()).value_or(Core::ConversationStatus::Open);
    c.snoozedUntil = timeFromDb(q.value(5));
    c.priority = Core::priorityFromId(q.value(6).toString()).value_or(Core::Priority::Normal);
    c.assignee = q.value(7).toString();
    c.tags = tagsFromDb(q.value(8).toString());
    c.firstResponseDue = timeFromDb(q.value(9));
    c.nextResponseDue = timeFromDb(q.value(10));
    c.resolutionDue = timeFromDb(q.value(11));
    c.createdAt = timeFromDb(q.value(12));
    c.updatedAt = timeFromDb(q.value(13));
    c.slaPolicy = q.value(14).toString();
    c.slaState = q.value(15).toString();
    c.triageReasons = q.value(16).toString();
    return c;
}

Core::Status ConversationRepository::setStatus(qint64 id, Core::ConversationStatus status, const QDateTime &snoozedUntil,
                                               const QDateTime &at, const QString &actor)
{
    auto before = get(id);
    if (!before)
        return before.error();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE conversations SET status = :status, snoozed_until = :until, updated_at = :now "
                             "WHERE id = :id"));
    q.bindValue(QStringLiteral(":status"), text(Core::statusId(status)));
    q.bindValue(QStringLiteral(":until"),
                status == Core::ConversationStatus::Snoozed ? toDb(snoozedUntil) : toDb(QDateTime()));
    q.bindValue(QStringLiteral(":now"), m_db.now().toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("set status"));
    const bool reopened = before->status == Core::ConversationStatus::Resolved
                          && status != Core::ConversationStatus::Resolved;
    QSqlQuery event(m_db.connection());
    event.prepare(QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor, detail) "
                                 "VALUES (:id, :at, :kind, :actor, :detail)"));
    event.bindValue(QStringLiteral(":id"), id);
    event.bindValue(QStringLiteral(":at"), at.isValid() ? at.toMSecsSinceEpoch() : m_db.now().toMSecsSinceEpoch());
    event.bindValue(QStringLiteral(":kind"), reopened ? QStringLiteral("reopened") : Core::statusId(status));
    event.bindValue(QStringLiteral(":actor"), text(actor));
    event.bindValue(QStringLiteral(":detail"),
                    text(status == Core::ConversationStatus::Snoozed ? snoozedUntil.toString(Qt::ISODate) : QString()));
    if (!event.exec())
        return m_db.queryError(event, QStringLiteral("status event"));
    return MessageRepository(m_db).refreshConversation(id);
}

Core::Status ConversationRepository::setPriority(qint64 id, Core::Priority priority)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE conversations SET priority = :priority, priority_rank = :rank, "
                             "updated_at = :now WHERE id = :id"));
    q.bindValue(QStringLiteral(":priority"), text(Core::priorityId(priority)));
    q.bindValue(QStringLiteral(":rank"), static_cast<int>(priority));
    q.bindValue(QStringLiteral(":now"), m_db.now().toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("set priority"));
    return {};
}

Core::Status ConversationRepository::assign(qint64 id, const QString &agentId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE conversations SET assignee = :agent, updated_at = :now WHERE id = :id"));
    q.bindValue(QStringLiteral(":agent"), text(agentId));
    q.bindValue(QStringLiteral(":now"), m_db.now().toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("assign"));
    return {};
}

Core::Status ConversationRepository::setTags(qint64 id, const QStringList &tags)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE conversations SET tags = :tags, updated_at = :now WHERE id = :id"));
    q.bindValue(QStringLiteral(":tags"), text(tagsToDb(tags)));
    q.bindValue(QStringLiteral(":now"), m_db.now().toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("set tags"));
    return {};
}

Core::Result<QStringList> ConversationRepository::allTags()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT DISTINCT tags FROM conversations WHERE tags <> ''")))
        return m_db.queryError(q, QStringLiteral("tags"));
    QStringList tags;
    while (q.next()) {
        for (const QString &tag : tagsFromDb(q.value(0).toString())) {
            if (!tags.contains(tag))
                tags << tag;
        }
    }
    std::sort(tags.begin(), tags.end());
    return tags;
}

Core::Result<QList<InboxRow>> ConversationRepository::forCustomers(const QList<qint64> &customerIds)
{
    if (customerIds.isEmpty())
        return QList<InboxRow>{};
    QStringList ids;
    for (qint64 id : customerIds)
        ids << QString::number(id);
    return query(QStringLiteral("SELECT ") + InboxQuery::selectColumns()
                     + QStringLiteral(" WHERE c.customer_id IN (%1) ORDER BY c.last_message_at DESC")
                           .arg(ids.join(QLatin1Char(','))),
                 {});
}

} // namespace Care::Store
