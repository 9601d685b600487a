#pragma once

#include "core/BusinessCalendar.h"
#include "core/Conversation.h"
#include "core/ConversationMetrics.h"
#include "core/MetricEvent.h"
#include "core/MetricsAggregate.h"
#include "core/Platform.h"
#include "core/Result.h"
#include "core/SlaMeasurement.h"
#include "core/SlaPolicy.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace Care::Store {

class Database;

// Which conversations a report covers. A conversation is in the period when its first customer
// message is (metrics.md, "Buckets": a value counts for its cycle's first customer message, so a
// conversation is reported once, in the period it began). Conversations in which the customer
// never wrote are in no period.
struct MetricsFilter
{
    QDateTime from; // first customer message at or after; invalid: no lower bound
    QDateTime to; // first customer message strictly before; invalid: no upper bound
    std::optional<Core::Platform> platform;
    qint64 accountId = 0; // 0: every account
    // An agent id: the conversations assigned to this agent or answered by them (at least one
    // reply or private message they wrote that reached the customer). Empty: everyone's.
    QString agent;
    // A team (Core::Agent::team): the conversations assigned to or answered by anyone in it.
    QString team;
    // Only conversations that could have changed since then: a message, a status change or a
    // disposition at or after it, or not resolved. Invalid: no such bound.
    QDateTime activeSince;
    QString tag; // ignores case; empty: any
    // Only these conversations (MetricsCache reads the changed ones); empty: no such bound.
    QList<qint64> ids;
};

// One conversation of a report: what it is, and its figures computed from its event log.
struct ConversationMetricsRow
{
    qint64 conversationId = 0;
    Core::Platform platform = Core::Platform::X;
    qint64 accountId = 0;
    QString accountHandle;
    qint64 customerId = 0;
    QString customerName;
    QStringList tags; // lower case, as stored
    QString assignee; // agent id; empty when unassigned
    Core::ConversationStatus status = Core::ConversationStatus::Open;
    Core::Priority priority = Core::Priority::Normal;
    QDateTime createdAt; // UTC
    QDateTime firstInboundAt; // the customer's first message (what the period filter uses)
    QDateTime lastMessageAt;

    // SLA, evaluated again from the event log at the report's `now` under the policy that
    // applies to the conversation today (so a changed policy or calendar applies to history, like
    // the figures): the state of the latest cycle (Core::SlaEvaluation::overallState(); empty when
    // no clock ever ran) and the policy's name.
    std::optional<Core::SlaState> slaState;
    QString slaPolicy;

    Core::ConversationMetrics metrics;
    // The raw log the figures were computed from, in metric order (also what SLA rates need).
    QList<Core::MetricEvent> events;

    Core::MetricsAggregate::ConversationInput aggregateInput() const;
};

// The store side of response-time charts and reports (metrics.md): selects conversations and
// turns their stored history into the metrics engine's event log.
//
// The log of a conversation, read from three tables:
//   - messages: a customer message is Inbound; a message by the team is PublicReply or
//     PrivateReply (by its visibility) when it reached the customer or is on its way (the
//     store's isResponseSql()); automatic acknowledgements are AutomaticAcknowledgement; notes
//     (hand-off notes and proposed acknowledgements included) are Note. A reply that failed,
//     was cancelled or is held never reached the customer: it is left out of the log, so it
//     neither answers nor counts in the volume. Deleted and hidden messages stay in the log:
//     the customer did write them.
//   - conversation_events: "open", "pending", "snoozed", "resolved" and "reopened" become
//     status events; "assigned"/"unassigned" become Assignment; "csat" (or "csat_answer") with
//     the score in `detail` becomes CsatAnswer. Other kinds ("tags", "hidden", "reply-queued",
//     and "disposition", which is read from its own table) change no figure and are skipped.
//   - dispositions: each one is a Disposition ("no reply needed") by its agent.
// At the same instant, a reopen comes first, then messages in the order they were stored, then
// the other events (a resolve at the instant of a reply comes after the reply).
//
// Queries: one for the conversations and one each for their messages, events and dispositions
// (each ordered by conversation), whatever the number of conversations.
class MetricsQuery
{
public:
    explicit MetricsQuery(Database &db)
        : m_db(db)
    {
    }

    // The selected conversations in id order, their figures computed at `now` with the
    // workspace calendar (events after `now` are not read yet; an invalid `now` is an error).
    Core::Result<QList<ConversationMetricsRow>> load(const MetricsFilter &filter, const QDateTime &now);
    // The same with another calendar and policies ("what if our hours had been ...").
    Core::Result<QList<ConversationMetricsRow>> load(const MetricsFilter &filter, const QDateTime &now,
        const Core::BusinessCalendar &calendar, const QList<Core::SlaPolicy> &policies);

    // The selected conversations with their raw logs but no figures yet: events up to `until`
    // (invalid: every event). load() is readLogs() and then computeRows().
    Core::Result<QList<ConversationMetricsRow>> readLogs(const MetricsFilter &filter, const QDateTime &until);
    // Computes each row's figures and SLA state from its events at `now`.
    static void computeRows(QList<ConversationMetricsRow> &rows, const QDateTime &now,
        const Core::BusinessCalendar &calendar, const QList<Core::SlaPolicy> &policies);
    static void computeRow(ConversationMetricsRow &row, const QDateTime &now, const Core::BusinessCalendar &calendar,
        const QList<Core::SlaPolicy> &policies);

    // Dashboard helpers over loaded rows, with the workspace calendar and SLA policies.
    Core::Result<Core::MetricsAggregate> aggregate(const QList<ConversationMetricsRow> &rows,
        Core::MetricsAggregate::Metric metric, Core::MetricsAggregate::Variant variant,
        Core::MetricsAggregate::Grouping grouping);
    // SLA met rate of one target. Pass the `now` the rows were loaded with.
    Core::Result<Core::MetricsAggregate::SlaRates> slaRates(const QList<ConversationMetricsRow> &rows,
        Core::SlaTarget target, const QDateTime &now, Core::MetricsAggregate::Grouping grouping);

    static QList<Core::MetricsAggregate::ConversationInput> aggregateInputs(const QList<ConversationMetricsRow> &rows);

    // Maps a stored conversation_events kind to the metrics event it stands for; std::nullopt
    // for kinds that change no figure. `detail` carries the agent (assignments) or the score
    // (CSAT). Exposed for tests and tools that replay the log.
    static std::optional<Core::MetricEvent> eventFromLog(
        const QString &kind, const QString &actor, const QString &detail);

private:
    Database &m_db;
};

} // namespace Care::Store
