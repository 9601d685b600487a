#include "gui/DashboardData.h"

#include "core/Conversation.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/Database.h"
#include "store/WorkspaceSettings.h"

#include <QHash>
#include <algorithm>

namespace Care::Gui {

namespace {

using Core::MetricsAggregate;

void addId(QList<qint64> &ids, qint64 id)
{
    const auto it = std::lower_bound(ids.begin(), ids.end(), id);
    if (it == ids.end() || *it != id)
        ids.insert(it, id);
}

// Whether the minutes [fromMinute, toMinute) of a day touch the hour starting at `hour`.
bool overlaps(int fromMinute, int toMinute, int hour)
{
    return fromMinute < (hour + 1) * 60 && toMinute > hour * 60;
}

} // namespace

QHash<QString, QString> DashboardData::agentNames() const
{
    QHash<QString, QString> names;
    for (const Core::Agent &agent : agents)
        names.insert(agent.id, agent.name.isEmpty() ? agent.id : agent.name);
    return names;
}

const MetricsAggregate &DashboardData::timeAggregate(MetricsAggregate::Metric metric) const
{
    for (size_t i = 0; i < kTimeMetrics.size(); ++i) {
        if (kTimeMetrics[i] == metric)
            return byTime[i];
    }
    return frtByTime;
}

QList<DashboardData::BacklogPoint> DashboardData::computeBacklog(
    const QList<Store::ConversationMetricsRow> &rows, const QDate &firstDay, int days, const QTimeZone &zone)
{
    QList<BacklogPoint> points;
    for (int i = 0; i < days; ++i) {
        BacklogPoint point;
        point.day = firstDay.addDays(i);
        points << point;
    }
    const auto waitingAt = [](const Core::ConversationMetrics::Response &wait, const QDateTime &instant) {
        return wait.inboundAt.isValid() && wait.inboundAt <= instant
            && (!wait.endedAt.isValid() || wait.endedAt > instant);
    };
    for (const Store::ConversationMetricsRow &row : rows) {
        const QDateTime computedAt = row.metrics.computedAt;
        for (BacklogPoint &point : points) {
            const QDateTime midnight = QDateTime(point.day, QTime(0, 0), zone).toUTC();
            if (computedAt.isValid() && midnight > computedAt)
                continue;
            bool waiting = false;
            for (const auto &cycle : row.metrics.cycles) {
                if (cycle.firstResponse && waitingAt(*cycle.firstResponse, midnight))
                    waiting = true;
                for (const auto &next : cycle.nextResponses)
                    waiting = waiting || waitingAt(next, midnight);
            }
            if (waiting) {
                ++point.count;
                addId(point.conversationIds, row.conversationId);
            }
        }
    }
    return points;
}

QList<DashboardData::LongWait> DashboardData::computeLongestWaits(
    const QList<Store::ConversationMetricsRow> &rows, const QDateTime &from, MetricsAggregate::Variant variant, int limit)
{
    QList<LongWait> waits;
    for (const Store::ConversationMetricsRow &row : rows) {
        std::optional<LongWait> longest;
        const auto consider = [&](const Core::ConversationMetrics::Response &wait) {
            if (!wait.inboundAt.isValid() || (from.isValid() && wait.inboundAt < from))
                return;
            const qint64 seconds = variant == MetricsAggregate::Variant::StaffedHours ? wait.duration.staffedSeconds
                                                                                      : wait.duration.wallClockSeconds;
            if (longest && longest->seconds >= seconds)
                return;
            longest = LongWait { row.conversationId, row.customerName, row.platform, row.accountHandle, wait.inboundAt,
                seconds, wait.outcome, wait.agentId };
        };
        for (const auto &cycle : row.metrics.cycles) {
            if (cycle.firstResponse)
                consider(*cycle.firstResponse);
            for (const auto &next : cycle.nextResponses)
                consider(next);
        }
        if (longest)
            waits << *longest;
    }
    std::sort(waits.begin(), waits.end(), [](const LongWait &a, const LongWait &b) {
        if (a.seconds != b.seconds)
            return a.seconds > b.seconds;
        return a.inboundAt != b.inboundAt ? a.inboundAt < b.inboundAt : a.conversationId < b.conversationId;
    });
    if (waits.size() > limit)
        waits.resize(limit);
    return waits;
}

QList<DashboardData::TagTrend> DashboardData::computeTopTags(
    const QList<Store::ConversationMetricsRow> &rows, const QList<Store::ConversationMetricsRow> &previous)
{
    QHash<QString, TagTrend> byTag;
    for (const Store::ConversationMetricsRow &row : rows) {
        QStringList tags = row.tags;
        tags.removeDuplicates();
        for (const QString &tag : std::as_const(tags)) {
            if (tag.isEmpty())
                continue;
            TagTrend &trend = byTag[tag];
            trend.tag = tag;
            ++trend.count;
            addId(trend.conversationIds, row.conversationId);
        }
    }
    QList<TagTrend> trends = byTag.values();
    std::sort(trends.begin(), trends.end(), [](const TagTrend &a, const TagTrend &b) {
        return a.count != b.count ? a.count > b.count : a.tag < b.tag;
    });
    if (trends.size() > kTopTags)
        trends.resize(kTopTags);
    for (const Store::ConversationMetricsRow &row : previous) {
        QStringList tags = row.tags;
        tags.removeDuplicates();
        for (TagTrend &trend : trends) {
            if (tags.contains(trend.tag))
                ++trend.previousCount;
        }
    }
    return trends;
}

qint64 DashboardData::defaultTarget(const QList<Core::SlaPolicy> &policies)
{
    for (const Core::SlaPolicy &policy : policies) {
        if (policy.specificity() == 0 && policy.firstResponseSeconds)
            return *policy.firstResponseSeconds;
    }
    const Core::SlaPolicy fallback = Core::SlaPolicy::defaultPolicy();
    return fallback.firstResponseSeconds.value_or(Core::kDefaultResponseTargetSeconds);
}

bool DashboardData::isStaffed(const Core::BusinessCalendar &calendar, int day, int hour)
{
    if (calendar.isAlwaysOpen())
        return true;
    const auto minuteOf = [](const QTime &t) { return t.hour() * 60 + t.minute(); };
    for (const auto &range : calendar.hours(Qt::DayOfWeek(day))) {
        if (!range.isValid())
            continue;
        const int start = minuteOf(range.start);
        const int end = range.crossesMidnight() ? 24 * 60 : minuteOf(range.end);
        if (overlaps(start, end, hour))
            return true;
    }
    const int previous = day == 1 ? 7 : day - 1;
    for (const auto &range : calendar.hours(Qt::DayOfWeek(previous))) {
        if (range.isValid() && range.crossesMidnight() && overlaps(0, minuteOf(range.end), hour))
            return true;
    }
    return false;
}

Core::Result<DashboardData> DashboardData::compute(
    Store::Database &db, Store::MetricsFilter filter, int days, MetricsAggregate::Variant variant, const QDateTime &now)
{
    Store::WorkspaceSettings settings(db);
    auto calendar = settings.calendar();
    if (!calendar)
        return calendar.error();
    auto policies = settings.slaPolicies();
    if (!policies)
        return policies.error();
    auto agents = Store::AgentRepository(db).list();
    if (!agents)
        return agents.error();
    auto teams = Store::AgentRepository(db).teams();
    if (!teams)
        return teams.error();
    auto accounts = Store::AccountRepository(db).list(true);
    if (!accounts)
        return accounts.error();

    DashboardData data;
    data.now = now.toUTC();
    data.days = std::max(1, days);
    data.variant = variant;
    data.calendar = calendar.value();
    data.agents = agents.value();
    data.teams = teams.value();
    data.accounts = accounts.value();
    data.targetSeconds = defaultTarget(policies.value());
    const QTimeZone zone = data.calendar.timeZone();
    data.firstDay = now.toTimeZone(zone).date().addDays(-(data.days - 1));
    filter.from = QDateTime(data.firstDay, QTime(0, 0), zone).toUTC();
    // Up to `now`: a report of an earlier week leaves out the conversations begun after it.
    filter.to = data.now.addSecs(1);
    data.filter = filter;
    // A long period in days would crowd the axis: weeks from 60 days on.
    data.timeGrouping = data.days >= 60 ? MetricsAggregate::Grouping::Week : MetricsAggregate::Grouping::Day;

    Store::MetricsQuery query(db);
    auto rows = query.load(filter, data.now);
    if (!rows)
        return rows.error();
    data.rows = rows.value();

    const auto metric = MetricsAggregate::Metric::FirstResponse;
    auto byTime = query.aggregate(data.rows, metric, variant, data.timeGrouping);
    if (!byTime)
        return byTime.error();
    data.frtByTime = byTime.value();
    auto byPlatform = query.aggregate(data.rows, metric, variant, MetricsAggregate::Grouping::Platform);
    if (!byPlatform)
        return byPlatform.error();
    data.frtByPlatform = byPlatform.value();
    auto byAgent = query.aggregate(data.rows, metric, variant, MetricsAggregate::Grouping::Agent);
    if (!byAgent)
        return byAgent.error();
    data.frtByAgent = byAgent.value();
    auto byAccount = query.aggregate(data.rows, metric, variant, MetricsAggregate::Grouping::Account);
    if (!byAccount)
        return byAccount.error();
    data.frtByAccount = byAccount.value();
    auto byTag = query.aggregate(data.rows, metric, variant, MetricsAggregate::Grouping::Tag);
    if (!byTag)
        return byTag.error();
    data.frtByTag = byTag.value();
    auto csat = query.aggregate(data.rows, MetricsAggregate::Metric::Csat, variant, data.timeGrouping);
    if (!csat)
        return csat.error();
    data.csatByTime = csat.value();
    const auto inputs = Store::MetricsQuery::aggregateInputs(data.rows);
    for (const auto &sample : MetricsAggregate::samples(inputs, MetricsAggregate::Metric::Csat, variant)) {
        const int score = qRound(sample.value);
        if (sample.state != MetricsAggregate::SampleState::Finished || score < 1 || score > 5)
            continue;
        const QDate local = sample.bucketInstant.toTimeZone(zone).date();
        ++data.csatScores[MetricsAggregate::periodKey(local, data.timeGrouping)][size_t(score - 1)];
    }
    data.longestWaits = computeLongestWaits(data.rows, filter.from, variant, kLongestWaits);
    data.byTime[0] = data.frtByTime;
    for (size_t i = 1; i < kTimeMetrics.size(); ++i) {
        auto other = query.aggregate(data.rows, kTimeMetrics[i], variant, data.timeGrouping);
        if (!other)
            return other.error();
        data.byTime[i] = other.value();
    }

    // The backlog needs every wait open at some midnight of the period, including those of
    // conversations that began before it; the tag trend needs the previous period. One more
    // load, of what began before the period (the period's own rows are loaded already),
    // serves both.
    Store::MetricsFilter historyFilter = filter;
    historyFilter.from = QDateTime();
    historyFilter.to = filter.from;
    data.previousFirstDay = data.firstDay.addDays(-data.days);
    const QDateTime previousFrom = QDateTime(data.previousFirstDay, QTime(0, 0), zone).toUTC();
    // A conversation resolved, with nothing new, before the previous period began can neither
    // have a customer waiting during this period nor count in the previous one: left unread.
    historyFilter.activeSince = previousFrom;
    auto earlier = query.load(historyFilter, data.now);
    if (!earlier)
        return earlier.error();
    QList<Store::ConversationMetricsRow> historyRows = earlier.value();
    historyRows += data.rows;
    data.backlog = computeBacklog(historyRows, data.firstDay, data.days, zone);
    QList<Store::ConversationMetricsRow> previous;
    for (const Store::ConversationMetricsRow &row : historyRows) {
        if (row.firstInboundAt.isValid() && row.firstInboundAt >= previousFrom && row.firstInboundAt < filter.from)
            previous << row;
    }
    data.topTags = computeTopTags(data.rows, previous);
    for (const Store::ConversationMetricsRow &row : historyRows) {
        for (const Core::MetricEvent &event : row.events) {
            if (!event.at.isValid() || event.at < filter.from || event.at > data.now)
                continue;
            if (event.kind == Core::MetricEvent::Kind::Inbound)
                ++data.inboundInPeriod;
            else if (event.kind == Core::MetricEvent::Kind::PublicReply
                || event.kind == Core::MetricEvent::Kind::PrivateReply)
                ++data.repliesInPeriod;
        }
    }
    auto sla = query.slaRates(data.rows, Core::SlaTarget::FirstResponse, data.now, data.timeGrouping);
    if (!sla)
        return sla.error();
    data.slaByTime = sla.value();

    for (const Store::ConversationMetricsRow &row : std::as_const(data.rows)) {
        for (const Core::MetricEvent &event : row.events) {
            if (event.kind != Core::MetricEvent::Kind::Inbound || !event.at.isValid())
                continue;
            if (event.at < filter.from || event.at > data.now)
                continue;
            const QDateTime local = event.at.toTimeZone(zone);
            const int day = local.date().dayOfWeek() - 1;
            const int hour = local.time().hour();
            ++data.volume[size_t(day)][size_t(hour)];
            addId(data.volumeIds[size_t(day)][size_t(hour)], row.conversationId);
        }
    }
    return data;
}

} // namespace Care::Gui
