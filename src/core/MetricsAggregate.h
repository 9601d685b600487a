#pragma once

#include "core/BusinessCalendar.h"
#include "core/Conversation.h"
#include "core/ConversationMetrics.h"
#include "core/MetricEvent.h"
#include "core/Platform.h"
#include "core/SlaMeasurement.h"
#include "core/SlaPolicy.h"
#include "core/Statistics.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace Care::Core {

// One metric over many conversations, whole and in buckets, for charts and reports
// (metrics.md, "Aggregates"). Definitions, in the words the product shows:
//
// Median: half of the values are at or below it. With an even count, the middle two values
//   averaged. 90th percentile: 90% of the values are at or below it (the smallest such value).
//   Mean: the sum divided by the count. The count is always shown beside them: a median of 3
//   values is not a median of 3,000.
//
// Only finished values count: an answered wait, a resolved cycle. Waits that ended without a
//   response ("no reply needed", or resolved unanswered) and clocks still running at "now"
//   (customer still waiting, cycle not resolved) are counted beside the figures, never in them.
//
// What one value is: first response time, one per cycle the customer wrote in; next response
//   time, one per next response; customer waiting time, one per conversation (all its answered
//   waits added up); resolution time, one per resolved cycle; satisfaction, the latest answer of
//   each cycle. Each in wall-clock seconds or in staffed seconds (the variant); the variant does
//   not apply to satisfaction.
//
// Buckets:
//   - day, week, month: the local date, in the team calendar's time zone, of the first customer
//     message of the value's cycle (of the conversation, for waiting time; of the cycle's start
//     when the customer wrote nothing). Weeks run Monday to Sunday and are keyed by ISO week
//     ("2026-W14"); days "2026-03-29"; months "2026-03". Periods without values are left out.
//   - agent: who answered (first and next responses); for resolution and satisfaction, who
//     answered the cycle first; for waiting time, who answered the conversation first. A wait
//     that ended without a response counts for whoever ended it. No one: the key is empty.
//   - platform (its id), account (its number), tag (lower case; a conversation with several
//     tags counts in each, one without any under the empty key).
// Every bucket lists the conversations behind its figures, for opening them in the inbox.
class MetricsAggregate
{
public:
    enum class Metric { FirstResponse, NextResponse, WaitingTime, Resolution, Csat };
    enum class Variant { WallClock, StaffedHours };
    enum class Grouping { None, Day, Week, Month, Agent, Platform, Account, Tag };

    // One conversation: its computed figures and the attributes buckets are made of.
    struct ConversationInput
    {
        qint64 conversationId = 0;
        ConversationMetrics metrics;
        Platform platform = Platform::X;
        qint64 accountId = 0;
        Priority priority = Priority::Normal;
        QStringList tags;
        QList<MetricEvent> events; // the raw log: needed for SLA rates only
    };

    enum class SampleState {
        Finished,             // counts in the figures
        EndedWithoutResponse, // a wait ended by "no reply needed" or by resolving, unanswered
        Unfinished,           // still waiting, or not resolved, at `now`
    };

    // One value behind a figure.
    struct Sample
    {
        qint64 conversationId = 0;
        int cycle = 0;
        SampleState state = SampleState::Finished;
        double value = 0; // seconds (the variant's), or the CSAT score; unfinished: so far
        QDateTime bucketInstant;
        QString agentId;
    };

    struct Bucket
    {
        QString key;       // see Grouping; empty for None
        QDate periodStart; // day, week, month: the period's first local day; otherwise invalid
        Summary summary;   // finished values only; count 0 (and zeros) when there are none
        QList<qint64> conversationIds; // behind the summary; ascending, each once
        int endedWithoutResponse = 0;  // waits, not conversations
        QList<qint64> endedWithoutResponseIds;
        int unfinished = 0;
        QList<qint64> unfinishedIds;
    };

    Metric metric = Metric::FirstResponse;
    Variant variant = Variant::WallClock;
    Grouping grouping = Grouping::None;
    Bucket total; // every conversation once, whatever the grouping
    // Time groupings in time order, accounts by number, the others by key. None: one bucket
    // equal to `total`.
    QList<Bucket> buckets;

    std::optional<Bucket> bucket(const QString &key) const;

    static QList<Sample> samples(const QList<ConversationInput> &conversations, Metric metric, Variant variant);
    // Buckets use `calendar`'s time zone.
    static MetricsAggregate compute(const QList<ConversationInput> &conversations, Metric metric, Variant variant,
                                    Grouping grouping, const BusinessCalendar &calendar);

    // The period a local date falls in (Day, Week, Month; other groupings: invalid / empty).
    static QDate periodStart(QDate localDate, Grouping grouping);
    static QString periodKey(QDate localDate, Grouping grouping);

    // SLA met rate (metrics.md: the percentage of SLAs met). Each conversation's raw log is run
    // through the existing SLA clocks (SlaClock), so pausing in pending, counting mode and
    // calendar follow the policy exactly as in the inbox. Counts are of clocks: a conversation
    // has one first-response and one resolution clock per cycle and one clock per next
    // response.
    //   met rate = met / (met + missed + running already missed)
    // Clocks still running in time are not decided yet and clocks that ended without their
    // event ("no reply needed", resolved unanswered) made no promise to keep; both are counted
    // beside the rate, not in it.
    struct SlaBucket
    {
        QString key;
        QDate periodStart;
        int met = 0;
        int missed = 0;
        int runningAlreadyMissed = 0;
        int running = 0;
        int stopped = 0;
        QList<qint64> conversationIds;       // every conversation with a clock here
        QList<qint64> missedConversationIds; // missed, or running and already missed

        int decided() const { return met + missed + runningAlreadyMissed; }
        std::optional<double> metRate() const
        {
            return decided() > 0 ? std::optional<double>(double(met) / double(decided())) : std::nullopt;
        }
    };

    struct SlaRates
    {
        SlaTarget target = SlaTarget::FirstResponse;
        Grouping grouping = Grouping::None;
        SlaBucket total;
        QList<SlaBucket> buckets;

        std::optional<SlaBucket> bucket(const QString &key) const;
    };

    // Buckets in the order compute() and slaRates() give them: time groupings in time order,
    // accounts by number, the others by key.
    static void sortBuckets(QList<Bucket> &buckets, Grouping grouping);
    static void sortBuckets(QList<SlaBucket> &buckets, Grouping grouping);

    // The cycle of an SLA clock and, for response clocks, the wait it measured: where the clock
    // counts in buckets (its cycle's bucket instant) and for whom (who answered that wait; for
    // resolution, who answered the cycle first).
    struct ClockContext
    {
        QDateTime bucketInstant;
        QString agentId;
    };
    static ClockContext clockContext(const ConversationMetrics &metrics, const SlaMeasurement &measurement);

    // Each conversation under the policy SlaPolicy::select() picks for it from `policies`.
    // Buckets as for the metrics, the value's cycle being the clock's. Evaluate with the same
    // `now` the conversations' metrics were computed with.
    static SlaRates slaRates(const QList<ConversationInput> &conversations, SlaTarget target,
                             const QList<SlaPolicy> &policies, const BusinessCalendar &calendar,
                             const QDateTime &now, Grouping grouping);
    // Every conversation under `policy`, whatever its criteria.
    static SlaRates slaRates(const QList<ConversationInput> &conversations, SlaTarget target,
                             const SlaPolicy &policy, const BusinessCalendar &calendar, const QDateTime &now,
                             Grouping grouping);
};

} // namespace Care::Core
