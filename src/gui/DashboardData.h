#pragma once

#include "core/Account.h"
#include "core/Agent.h"
#include "core/BusinessCalendar.h"
#include "core/MetricsAggregate.h"
#include "core/Result.h"
#include "store/MetricsQuery.h"
#include "store/MetricsRows.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <array>

namespace Care::Store {
class Database;
class MetricsCache;
}

namespace Care::Gui {

// Everything the response-time dashboard shows for one set of filters, computed on the store
// thread in one job (DashboardPane never touches the database itself).
struct DashboardData
{
    static constexpr int kWeekdays = 7;
    static constexpr int kHours = 24;

    Store::MetricsFilter filter;
    QDateTime now; // UTC; the figures are computed at this instant
    QDate firstDay; // the period's first local day, in the calendar's time zone
    int days = 0;
    Core::MetricsAggregate::Variant variant = Core::MetricsAggregate::Variant::WallClock;
    Core::MetricsAggregate::Grouping timeGrouping = Core::MetricsAggregate::Grouping::Day;

    // One per conversation, for the CSV export; shared with the kept figures, not copied. A kept
    // row's metrics.computedAt is when its figures last changed: they are the same at `now`.
    Store::MetricsRows rows;
    Core::MetricsAggregate frtByTime; // first response per day (or per week)
    Core::MetricsAggregate frtByPlatform;
    Core::MetricsAggregate frtByAgent;
    Core::MetricsAggregate frtByAccount;
    Core::MetricsAggregate frtByTag;
    // The time chart's metrics: FirstResponse (as frtByTime), NextResponse, WaitingTime and
    // Resolution, grouped like frtByTime. See timeMetric().
    std::array<Core::MetricsAggregate, 4> byTime;
    Core::MetricsAggregate::SlaRates slaByTime; // first-response SLA met rate
    qint64 targetSeconds = 0; // the default policy's first-response target
    Core::BusinessCalendar calendar { QTimeZone::utc() };
    QList<Core::Agent> agents;
    QStringList teams; // the agents' teams, for the team filter
    // Agent id -> display name (the id when the agent has no name).
    QHash<QString, QString> agentNames() const;
    QList<Core::Account> accounts; // for the account filter (removed ones too: their history counts)

    // Inbound customer messages of the selected conversations within the period, by local
    // weekday (Monday = 0) and hour, with the conversations behind each cell.
    std::array<std::array<int, kHours>, kWeekdays> volume {};
    std::array<std::array<QList<qint64>, kHours>, kWeekdays> volumeIds;

    // Every customer message and every reply by a person on the team (public or private) within the
    // period, in any conversation that matches the filters (also those begun before the period).
    int inboundInPeriod = 0;
    int repliesInPeriod = 0;

    // Customers waiting at the start (local midnight) of each day of the period.
    struct BacklogPoint
    {
        QDate day;
        int count = 0;
        QList<qint64> conversationIds; // ascending
    };
    QList<BacklogPoint> backlog; // one per day, oldest first

    // A tag among the period's conversations, against the previous period of the same length.
    struct TagTrend
    {
        QString tag;
        int count = 0;
        int previousCount = 0;
        QList<qint64> conversationIds; // this period's, ascending
    };
    QList<TagTrend> topTags; // most frequent first (ties by name), at most kTopTags
    static constexpr int kTopTags = 8;
    QDate previousFirstDay; // the previous period: previousFirstDay up to firstDay (excluded)

    // Satisfaction answers (metrics.md: the latest answer of each cycle), grouped like frtByTime,
    // and each period's answers by score (periodKey -> [score 1 … score 5]).
    Core::MetricsAggregate csatByTime;
    QHash<QString, std::array<int, 5>> csatScores;

    // The longest waits that began in the period (a customer message to the answer, to the end of
    // the wait without one, or to now while still waiting), in the chosen variant: one per
    // conversation, its longest, longest first (ties: the older wait first).
    struct LongWait
    {
        qint64 conversationId = 0;
        QString customerName;
        Core::Platform platform = Core::Platform::X;
        QString accountHandle;
        QDateTime inboundAt;
        qint64 seconds = 0;
        Core::ConversationMetrics::Outcome outcome = Core::ConversationMetrics::Outcome::StillWaiting;
        QString agentId; // who answered or ended it; empty while waiting
    };
    QList<LongWait> longestWaits;
    static constexpr int kLongestWaits = 10;

    // The metrics of the time chart's selector, in byTime order.
    static constexpr std::array<Core::MetricsAggregate::Metric, 4> kTimeMetrics { Core::MetricsAggregate::Metric::FirstResponse,
        Core::MetricsAggregate::Metric::NextResponse, Core::MetricsAggregate::Metric::WaitingTime,
        Core::MetricsAggregate::Metric::Resolution };
    const Core::MetricsAggregate &timeAggregate(Core::MetricsAggregate::Metric metric) const;

    // Runs on the store thread. `days` counts back from the local date of `now`, today included.
    // From each conversation's event log, read and computed again.
    static Core::Result<DashboardData> compute(Store::Database &db, Store::MetricsFilter filter, int days,
        Core::MetricsAggregate::Variant variant, const QDateTime &now);
    // The same figures from the kept figures of `cache` (refreshed first: only what changed is
    // read again). A `now` before the cache's (a past week's report) computes from the log.
    static Core::Result<DashboardData> compute(Store::Database &db, Store::MetricsCache &cache,
        Store::MetricsFilter filter, int days, Core::MetricsAggregate::Variant variant, const QDateTime &now);
    // The first-response target of the policy that applies when no other matches.
    // The waits open at each local midnight from `firstDay` for `days` days (a wait runs from its
    // customer message to its end; still waiting: up to now). `rows` may start before the period.
    using RowRefs = QList<const Store::ConversationMetricsRow *>;
    static QList<BacklogPoint> computeBacklog(const RowRefs &rows, const QDate &firstDay, int days, const QTimeZone &zone);
    static QList<LongWait> computeLongestWaits(const Store::MetricsRows &rows,
        const QDateTime &from, Core::MetricsAggregate::Variant variant, int limit);
    static QList<TagTrend> computeTopTags(const Store::MetricsRows &rows, const RowRefs &previous);
    static qint64 defaultTarget(const QList<Core::SlaPolicy> &policies);
    // True when the calendar is open at some time within weekday `day` (1 = Monday), hour `hour`.
    static bool isStaffed(const Core::BusinessCalendar &calendar, int day, int hour);

private:
    // The settings, agents, accounts and period every computation starts from.
    static Core::Result<DashboardData> prepare(Store::Database &db, Store::MetricsFilter filter, int days,
        Core::MetricsAggregate::Variant variant, const QDateTime &now);
};

} // namespace Care::Gui
