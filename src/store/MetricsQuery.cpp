#include "store/MetricsQuery.h"

#include "core/ListeningClock.h"
#include "core/SlaClock.h"
#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QHash>
#include <QSqlQuery>
#include <QVariantMap>

namespace Care::Store {

using Core::MetricEvent;
using Kind = Core::MetricEvent::Kind;

namespace {

// Events at the same instant: a reopen first, then messages in the order they were stored,
// then dispositions, then the other events; within each, in the order of their table's ids.
enum class TieClass : qint64 { Reopen = 0, Message = 1, Disposition = 2, OtherEvent = 3 };

qint64 sequenceOf(TieClass tie, qint64 id)
{
    return (static_cast<qint64>(tie) << 50) + id;
}

// The selected conversations, as a FROM ... WHERE block over `s` (the conversation with its
// first customer message, `first_in`), `a` (its account) and `cu` (its customer). Every query
// of one load uses it once, so its placeholders are unique within each.
struct Selection
{
    QString fromWhere;
    QVariantMap bindings;

    explicit Selection(const MetricsFilter &filter)
    {
        QStringList inner; // on conversations, before the first message is looked up
        QStringList outer;
        if (filter.from.isValid()) {
            // The last message is never before the first customer message: a cheap, indexed
            // narrowing before each conversation's first customer message is looked up.
            inner << QStringLiteral("c.last_message_at >= :fromLast");
            bindings.insert(QStringLiteral(":fromLast"), toDb(filter.from));
            outer << QStringLiteral("s.first_in >= :from");
            bindings.insert(QStringLiteral(":from"), toDb(filter.from));
        }
        if (filter.to.isValid()) {
            outer << QStringLiteral("s.first_in < :to");
            bindings.insert(QStringLiteral(":to"), toDb(filter.to));
        }
        if (filter.activeSince.isValid()) {
            inner << QStringLiteral("(c.last_message_at >= :activeMessage OR c.status <> 'resolved' OR EXISTS "
                                    "(SELECT 1 FROM conversation_events e WHERE e.conversation_id = c.id AND "
                                    "e.at >= :activeEvent) OR EXISTS (SELECT 1 FROM dispositions d WHERE "
                                    "d.conversation_id = c.id AND d.at >= :activeDisposition))");
            bindings.insert(QStringLiteral(":activeMessage"), toDb(filter.activeSince));
            bindings.insert(QStringLiteral(":activeEvent"), toDb(filter.activeSince));
            bindings.insert(QStringLiteral(":activeDisposition"), toDb(filter.activeSince));
        }
        if (!filter.ids.isEmpty()) {
            QStringList ids;
            ids.reserve(filter.ids.size());
            for (qint64 id : filter.ids)
                ids << QString::number(id);
            inner << QStringLiteral("c.id IN (%1)").arg(ids.join(QLatin1Char(',')));
        }
        if (filter.accountId > 0) {
            inner << QStringLiteral("c.account_id = :account");
            bindings.insert(QStringLiteral(":account"), filter.accountId);
        }
        if (filter.platform) {
            outer << QStringLiteral("a.platform = :platform");
            bindings.insert(QStringLiteral(":platform"), Core::platformId(*filter.platform));
        }
        QString tag = filter.tag.trimmed().toLower();
        tag.remove(QLatin1Char(',')); // as tagsToDb() stores them
        if (!tag.isEmpty()) {
            tag.replace(QLatin1Char('!'), QLatin1String("!!"))
                .replace(QLatin1Char('%'), QLatin1String("!%"))
                .replace(QLatin1Char('_'), QLatin1String("!_"));
            inner << QStringLiteral("c.tags LIKE :tag ESCAPE '!'");
            bindings.insert(QStringLiteral(":tag"), QString(QStringLiteral("%,") + tag + QStringLiteral(",%")));
        }
        if (!filter.agent.isEmpty()) {
            inner << QStringLiteral("(c.assignee = :assignee OR EXISTS (SELECT 1 FROM messages r WHERE "
                                    "r.conversation_id = c.id AND r.agent_id = :responder AND ")
                    + isResponseSql(QStringLiteral("r")) + QStringLiteral("))");
            bindings.insert(QStringLiteral(":assignee"), filter.agent);
            bindings.insert(QStringLiteral(":responder"), filter.agent);
        }
        if (!filter.team.isEmpty()) {
            inner << QStringLiteral("(c.assignee IN (SELECT t.id FROM agents t WHERE t.team = :assigneeTeam) OR EXISTS "
                                    "(SELECT 1 FROM messages r JOIN agents t ON t.id = r.agent_id WHERE "
                                    "r.conversation_id = c.id AND t.team = :responderTeam AND ")
                + isResponseSql(QStringLiteral("r")) + QStringLiteral("))");
            bindings.insert(QStringLiteral(":assigneeTeam"), filter.team);
            bindings.insert(QStringLiteral(":responderTeam"), filter.team);
        }
        outer.prepend(QStringLiteral("s.first_in IS NOT NULL"));
        fromWhere
            = QStringLiteral(
                  // first_in: the first customer message, or for a listening find when it was found
                  // (ListeningClock); the event is looked up only for finds, so the rest pay nothing.
                  "FROM (SELECT w.*, ") + clockStartSql(QStringLiteral("w.first_written"), QStringLiteral("w.found_at"))
            + QStringLiteral(" AS first_in FROM (SELECT c.id, c.account_id, c.customer_id, c.tags, c.assignee, c.status, "
                             "c.priority, c.created_at, c.last_message_at, (SELECT f.created_at FROM messages f WHERE "
                             "f.conversation_id = c.id AND f.direction = 'inbound' ORDER BY f.created_at LIMIT 1) AS "
                             "first_written, ") + foundAtSql(QStringLiteral("c"))
            + QStringLiteral(" AS found_at FROM conversations c")
            + (inner.isEmpty() ? QString() : QString(QStringLiteral(" WHERE ") + inner.join(QStringLiteral(" AND "))))
            + QStringLiteral(
                ") w) s JOIN accounts a ON a.id = s.account_id LEFT JOIN customers cu ON cu.id = s.customer_id"
                " WHERE ")
            + outer.join(QStringLiteral(" AND "));
    }

    QString idsSql() const { return QString(QStringLiteral("SELECT s.id ") + fromWhere); }

    void bind(QSqlQuery &q) const
    {
        for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
            q.bindValue(it.key(), it.value());
    }
};

bool neverReachedCustomer(const QString &deliveryState)
{
    return deliveryState == QLatin1String("failed") || deliveryState == QLatin1String("cancelled")
        || deliveryState == QLatin1String("held");
}

} // namespace

Core::MetricsAggregate::ConversationInput ConversationMetricsRow::aggregateInput() const
{
    Core::MetricsAggregate::ConversationInput input;
    input.conversationId = conversationId;
    input.metrics = metrics;
    input.platform = platform;
    input.accountId = accountId;
    input.priority = priority;
    input.tags = tags;
    input.events = events;
    return input;
}

std::optional<MetricEvent> MetricsQuery::eventFromLog(const QString &kind, const QString &actor, const QString &detail)
{
    MetricEvent event;
    event.agentId = actor;
    if (kind == QLatin1String("open")) {
        event.kind = Kind::StatusOpen;
    } else if (kind == QLatin1String("pending")) {
        event.kind = Kind::StatusPending;
    } else if (kind == QLatin1String("snoozed")) {
        event.kind = Kind::StatusSnoozed;
    } else if (kind == QLatin1String("resolved")) {
        event.kind = Kind::StatusResolved;
    } else if (kind == QLatin1String("reopened")) {
        // Written when a resolved conversation goes back to the team, and when a customer writes
        // into a pending or snoozed one; the metrics only start a cycle after a resolve.
        event.kind = Kind::StatusReopened;
    } else if (kind == QLatin1String("assigned") || kind == QLatin1String("unassigned")) {
        event.kind = Kind::Assignment;
        event.agentId = kind == QLatin1String("assigned") ? detail : QString();
    } else if (kind == QLatin1String("csat") || kind == QLatin1String("csat_answer")) {
        bool ok = false;
        const int score = detail.trimmed().toInt(&ok);
        event.kind = Kind::CsatAnswer;
        event.csatScore = ok ? score : 0; // out of range or unreadable: ignored by the metrics
    } else {
        return std::nullopt;
    }
    return event;
}

Core::Result<QList<ConversationMetricsRow>> MetricsQuery::load(const MetricsFilter &filter, const QDateTime &now)
{
    auto context = m_db.slaContext();
    if (!context)
        return context.error();
    return load(filter, now, context->calendar, context->policies);
}

Core::Result<QList<ConversationMetricsRow>> MetricsQuery::load(const MetricsFilter &filter, const QDateTime &now,
    const Core::BusinessCalendar &calendar, const QList<Core::SlaPolicy> &policies)
{
    if (!now.isValid())
        return Core::Error::make(Core::Error::Code::InvalidInput,
            QCoreApplication::translate("Care::Store::MetricsQuery", "A report needs the instant it is made (now)."));
    auto rows = readLogs(filter, now);
    if (!rows)
        return rows.error();
    computeRows(rows.value(), now, calendar, policies);
    return rows;
}

void MetricsQuery::computeRow(ConversationMetricsRow &row, const QDateTime &now, const Core::BusinessCalendar &calendar,
    const QList<Core::SlaPolicy> &policies)
{
    row.metrics = Core::ConversationMetrics::compute(row.events, calendar, now);
    const Core::SlaPolicy policy = Core::SlaPolicy::select(policies, row.platform, row.priority, row.tags);
    row.slaPolicy = policy.name;
    row.slaState
        = Core::SlaClock(policy, calendar).evaluate(Core::ConversationMetrics::slaEvents(row.events), now).overallState();
}

void MetricsQuery::computeRows(QList<ConversationMetricsRow> &rows, const QDateTime &now,
    const Core::BusinessCalendar &calendar, const QList<Core::SlaPolicy> &policies)
{
    for (ConversationMetricsRow &row : rows)
        computeRow(row, now, calendar, policies);
}

Core::Result<QList<ConversationMetricsRow>> MetricsQuery::readLogs(const MetricsFilter &filter, const QDateTime &now)
{
    const Selection selection(filter);
    QList<ConversationMetricsRow> rows;
    QHash<qint64, qsizetype> rowOf;

    // 1. The conversations.
    {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT s.id, a.platform, s.account_id, a.handle, s.customer_id, cu.name, s.tags, "
                                 "s.assignee, s.status, s.priority, s.created_at, s.first_in, s.last_message_at ")
            + selection.fromWhere + QStringLiteral(" ORDER BY s.id"));
        selection.bind(q);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("metrics conversations"));
        while (q.next()) {
            ConversationMetricsRow row;
            row.conversationId = q.value(0).toLongLong();
            row.platform = Core::platformFromId(q.value(1).toString()).value_or(Core::Platform::X);
            row.accountId = q.value(2).toLongLong();
            row.accountHandle = q.value(3).toString();
            row.customerId = q.value(4).toLongLong();
            row.customerName = q.value(5).toString();
            row.tags = tagsFromDb(q.value(6).toString());
            row.assignee = q.value(7).toString();
            row.status = Core::statusFromId(q.value(8).toString()).value_or(Core::ConversationStatus::Open);
            row.priority = Core::priorityFromId(q.value(9).toString()).value_or(Core::Priority::Normal);
            row.createdAt = timeFromDb(q.value(10));
            row.firstInboundAt = timeFromDb(q.value(11));
            row.lastMessageAt = timeFromDb(q.value(12));
            rowOf.insert(row.conversationId, rows.size());
            rows.append(row);
        }
    }
    if (rows.isEmpty())
        return rows;

    const auto append = [&](qint64 conversationId, MetricEvent event) {
        const auto it = rowOf.constFind(conversationId);
        if (it == rowOf.cend() || !event.at.isValid() || (now.isValid() && event.at > now))
            return; // a conversation that changed between the queries; or not happened yet
        rows[*it].events.append(std::move(event));
    };

    // 2. Their messages.
    {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT m.conversation_id, m.id, m.direction, m.visibility, m.agent_id, m.created_at, "
                                 "m.automatic, m.delivery_state, m.rating_only, CASE WHEN ")
            + isResponseSql(QStringLiteral("m"))
            + QStringLiteral(" THEN 1 ELSE 0 END FROM messages m WHERE m.conversation_id IN (") + selection.idsSql()
            + QStringLiteral(") ORDER BY m.conversation_id, m.created_at, m.id"));
        selection.bind(q);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("metrics messages"));
        while (q.next()) {
            const QString direction = q.value(2).toString();
            MetricEvent event;
            event.messageId = q.value(1).toLongLong();
            event.agentId = q.value(4).toString();
            event.at = timeFromDb(q.value(5));
            event.sequence = sequenceOf(TieClass::Message, *event.messageId);
            if (direction == QLatin1String("inbound") && q.value(8).toInt() != 0) {
                continue; // only an answer to the satisfaction question: its score is the csat event
            } else if (direction == QLatin1String("inbound")) {
                event.kind = Kind::Inbound;
                event.agentId.clear();
            } else if (direction == QLatin1String("note")) {
                event.kind = Kind::Note;
            } else if (q.value(9).toInt() != 0) {
                event.kind = q.value(3).toString() == QLatin1String("private") ? Kind::PrivateReply : Kind::PublicReply;
            } else if (q.value(6).toInt() != 0 && !neverReachedCustomer(q.value(7).toString())) {
                event.kind = Kind::AutomaticAcknowledgement;
            } else {
                continue; // failed, cancelled or held: the customer never got it
            }
            append(q.value(0).toLongLong(), std::move(event));
        }
    }

    // 3. Their status changes, assignments and CSAT answers; when a listening find was found.
    QHash<qint64, QDateTime> foundAt;
    {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        q.prepare(
            QStringLiteral("SELECT e.conversation_id, e.id, e.kind, e.actor, e.detail, e.at FROM conversation_events e "
                           "WHERE e.kind IN ('open', 'pending', 'snoozed', 'resolved', 'reopened', 'assigned', "
                           "'unassigned', 'csat', 'csat_answer', 'found') AND e.conversation_id IN (")
            + selection.idsSql() + QStringLiteral(") ORDER BY e.conversation_id, e.at, e.id"));
        selection.bind(q);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("metrics events"));
        while (q.next()) {
            if (q.value(2).toString() == QLatin1String(Core::ListeningClock::kFoundEvent)) {
                if (!foundAt.contains(q.value(0).toLongLong())) // the first (only) one
                    foundAt.insert(q.value(0).toLongLong(), timeFromDb(q.value(5)));
                continue;
            }
            auto event = eventFromLog(q.value(2).toString(), q.value(3).toString(), q.value(4).toString());
            if (!event)
                continue;
            event->at = timeFromDb(q.value(5));
            const bool reopen = event->kind == Kind::StatusReopened || event->kind == Kind::StatusOpen;
            event->sequence = sequenceOf(reopen ? TieClass::Reopen : TieClass::OtherEvent, q.value(1).toLongLong());
            append(q.value(0).toLongLong(), std::move(*event));
        }
    }

    // 4. Their dispositions ("no reply needed").
    {
        QSqlQuery q(m_db.connection());
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT d.conversation_id, d.id, d.agent_id, d.at FROM dispositions d "
                                 "WHERE d.conversation_id IN (")
            + selection.idsSql() + QStringLiteral(") ORDER BY d.conversation_id, d.at, d.id"));
        selection.bind(q);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("metrics dispositions"));
        while (q.next()) {
            MetricEvent event;
            event.kind = Kind::Disposition;
            event.agentId = q.value(2).toString();
            event.at = timeFromDb(q.value(3));
            event.sequence = sequenceOf(TieClass::Disposition, q.value(1).toLongLong());
            append(q.value(0).toLongLong(), std::move(event));
        }
    }

    for (ConversationMetricsRow &row : rows) {
        // A listening find's customer messages count from when it was found (ListeningClock).
        if (const QDateTime found = foundAt.value(row.conversationId); found.isValid()) {
            for (MetricEvent &event : row.events) {
                if (event.kind == Kind::Inbound)
                    event.at = Core::ListeningClock::start(event.at, found);
            }
        }
        row.events = Core::ConversationMetrics::ordered(std::move(row.events));
    }
    return rows;
}

QList<Core::MetricsAggregate::ConversationInput> MetricsQuery::aggregateInputs(
    const QList<ConversationMetricsRow> &rows)
{
    QList<Core::MetricsAggregate::ConversationInput> inputs;
    inputs.reserve(rows.size());
    for (const ConversationMetricsRow &row : rows)
        inputs.append(row.aggregateInput());
    return inputs;
}

Core::Result<Core::MetricsAggregate> MetricsQuery::aggregate(const QList<ConversationMetricsRow> &rows,
    Core::MetricsAggregate::Metric metric, Core::MetricsAggregate::Variant variant,
    Core::MetricsAggregate::Grouping grouping)
{
    auto context = m_db.slaContext();
    if (!context)
        return context.error();
    return Core::MetricsAggregate::compute(aggregateInputs(rows), metric, variant, grouping, context->calendar);
}

Core::Result<Core::MetricsAggregate::SlaRates> MetricsQuery::slaRates(const QList<ConversationMetricsRow> &rows,
    Core::SlaTarget target, const QDateTime &now, Core::MetricsAggregate::Grouping grouping)
{
    auto context = m_db.slaContext();
    if (!context)
        return context.error();
    return Core::MetricsAggregate::slaRates(
        aggregateInputs(rows), target, context->policies, context->calendar, now, grouping);
}

} // namespace Care::Store
