#include "gui/DashboardData.h"

#include "core/Conversation.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/Database.h"
#include "store/MetricsCache.h"
#include "store/WorkspaceSettings.h"

#include <QHash>
#include <algorithm>
#include <future>
#include <limits>

namespace Care::Gui {

namespace {

using Core::MetricsAggregate;

// Ids appended in ascending order, each once.
void appendOnce(QList<qint64> &ids, qint64 id)
{
    if (ids.isEmpty() || ids.last() != id)
        ids.append(id);
}

void addId(QList<qint64> &ids, qint64 id)
{
    const auto it = std::lower_bound(ids.begin(), ids.end(), id);
    if (it == ids.end() || *it != id)
        ids.insert(it, id);
}

// computeBacklog() over the kept waits of `indexes` (ascending), figures as at `nowMs`.
QList<DashboardData::BacklogPoint> backlogOf(const Store::MetricsCache &cache, const QList<qint32> &indexes,
    const QDate &firstDay, int days, const QTimeZone &zone, qint64 nowMs)
{
    QList<DashboardData::BacklogPoint> points;
    QList<qint64> midnights;
    for (int i = 0; i < days; ++i) {
        DashboardData::BacklogPoint point;
        point.day = firstDay.addDays(i);
        points << point;
        midnights << QDateTime(point.day, QTime(0, 0), zone).toUTC().toMSecsSinceEpoch();
    }
    // The midnights not after `now` (a later one is not known yet).
    const qint64 known = std::upper_bound(midnights.cbegin(), midnights.cend(), nowMs) - midnights.cbegin();
    const qint64 firstJulian = firstDay.toJulianDay();
    DashboardData::BacklogPoint *point = points.data();
    QList<qint32> countedFor(days, -1); // by midnight: the conversation counted there last
    const Store::MetricsCache::Wait *waits = cache.waits().constData();
    for (qint32 i : indexes) {
        // Each wait from the first midnight of the period at or after its message (the kept day
        // says which) to its end; each midnight once per conversation.
        for (qint32 w = cache.waitOffsets().at(i); w < cache.waitOffsets().at(i + 1); ++w) {
            const Store::MetricsCache::Wait &wait = waits[w];
            for (qint64 at = std::max<qint64>(0, wait.firstMidnight - firstJulian);
                 at < known && midnights.at(at) < wait.endMs; ++at) {
                if (countedFor.at(at) == i)
                    continue;
                countedFor[at] = i;
                ++point[at].count;
                point[at].conversationIds << cache.ids().at(i);
            }
        }
    }
    return points;
}

// computeLongestWaits() over the kept waits of `indexes` (ascending): each conversation's
// longest wait that began at `fromMs` or later (the first of equals), longest first.
QList<DashboardData::LongWait> longestWaitsOf(
    const Store::MetricsCache &cache, const QList<qint32> &indexes, qint64 fromMs, MetricsAggregate::Variant variant)
{
    const size_t v = variant == MetricsAggregate::Variant::StaffedHours ? 1 : 0;
    struct Candidate
    {
        qint64 seconds = 0;
        qint64 inboundMs = 0;
        qint64 id = 0;
        qint32 index = 0;
        qsizetype wait = 0;
    };
    QList<Candidate> candidates;
    const Store::MetricsCache::Wait *waits = cache.waits().constData();
    for (qint32 i : indexes) {
        const qint32 first = cache.waitOffsets().at(i);
        qint32 best = -1;
        for (qint32 k = first; k < cache.waitOffsets().at(i + 1); ++k) {
            if (waits[k].inboundMs >= fromMs && (best < 0 || waits[best].seconds[v] < waits[k].seconds[v]))
                best = k;
        }
        if (best >= 0)
            candidates << Candidate { waits[best].seconds[v], waits[best].inboundMs, cache.ids().at(i), i, best - first };
    }
    const auto longerFirst = [](const Candidate &a, const Candidate &b) {
        if (a.seconds != b.seconds)
            return a.seconds > b.seconds;
        return a.inboundMs != b.inboundMs ? a.inboundMs < b.inboundMs : a.id < b.id;
    };
    const qsizetype kept = std::min<qsizetype>(DashboardData::kLongestWaits, candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + kept, candidates.end(), longerFirst);
    QList<DashboardData::LongWait> out;
    for (qsizetype i = 0; i < kept; ++i) {
        const Candidate &c = candidates.at(i);
        const Store::ConversationMetricsRow &row = *cache.conversations().at(c.index).row;
        // The kept wait's response: the waits with a message, in the order of the cycles.
        QList<const Core::ConversationMetrics::Response *> responses;
        for (const auto &cycle : row.metrics.cycles) {
            if (cycle.firstResponse && cycle.firstResponse->inboundAt.isValid())
                responses << &*cycle.firstResponse;
            for (const auto &next : cycle.nextResponses) {
                if (next.inboundAt.isValid())
                    responses << &next;
            }
        }
        const Core::ConversationMetrics::Response &wait = *responses.at(c.wait);
        out << DashboardData::LongWait { row.conversationId, row.customerName, row.platform, row.accountHandle,
            wait.inboundAt, c.seconds, wait.outcome, wait.agentId };
    }
    return out;
}

// computeTopTags() over the kept figures: the same counts by each conversation's stored tags.
QList<DashboardData::TagTrend> topTagsOf(
    const Store::MetricsCache &cache, const QList<qint32> &period, const QList<qint32> &previous)
{
    QList<DashboardData::TagTrend> byTag(cache.strings().size());
    DashboardData::TagTrend *counted = byTag.data();
    for (qint32 i : period) {
        for (auto [tag, end] = cache.storedTagsOf(i); tag != end; ++tag) {
            ++counted[*tag].count;
            counted[*tag].conversationIds << cache.ids().at(i);
        }
    }
    QList<qint32> used;
    for (qsizetype tag = 0; tag < byTag.size(); ++tag) {
        if (byTag.at(tag).count > 0) {
            byTag[tag].tag = cache.strings().at(tag);
            used << qint32(tag);
        }
    }
    std::sort(used.begin(), used.end(), [&byTag](qint32 a, qint32 b) {
        const auto &x = byTag.at(a);
        const auto &y = byTag.at(b);
        return x.count != y.count ? x.count > y.count : x.tag < y.tag;
    });
    if (used.size() > DashboardData::kTopTags)
        used.resize(DashboardData::kTopTags);
    for (qint32 i : previous) {
        for (auto [tag, end] = cache.storedTagsOf(i); tag != end; ++tag) {
            if (used.contains(*tag))
                ++byTag[*tag].previousCount;
        }
    }
    QList<DashboardData::TagTrend> trends;
    for (qint32 tag : std::as_const(used))
        trends << byTag.at(tag);
    return trends;
}

// What DashboardData::compute() with the kept figures computes on a second core.
struct Aggregates
{
    QList<MetricsAggregate> frt; // by time, platform, agent, account, tag
    MetricsAggregate csat;
    QHash<QString, std::array<int, 5>> csatScores;
    std::array<MetricsAggregate, 4> byTime; // [0] left empty: frt's first
    MetricsAggregate::SlaRates sla;
};

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
    const RowRefs &rows, const QDate &firstDay, int days, const QTimeZone &zone)
{
    QList<BacklogPoint> points;
    QList<qint64> midnights; // each day's local midnight, in ms since the epoch
    for (int i = 0; i < days; ++i) {
        BacklogPoint point;
        point.day = firstDay.addDays(i);
        points << point;
        midnights << QDateTime(point.day, QTime(0, 0), zone).toUTC().toMSecsSinceEpoch();
    }
    RowRefs byId = rows;
    std::sort(byId.begin(), byId.end(), [](const Store::ConversationMetricsRow *a, const Store::ConversationMetricsRow *b) {
        return a->conversationId < b->conversationId;
    });
    constexpr qint64 kNever = std::numeric_limits<qint64>::max();
    QList<qsizetype> waitingAt; // the points one conversation is waiting at
    for (const Store::ConversationMetricsRow *row : std::as_const(byId)) {
        const QDateTime computedAt = row->metrics.computedAt;
        // A midnight after the figures were computed is not known yet.
        const qint64 known = computedAt.isValid() ? computedAt.toMSecsSinceEpoch() : kNever;
        waitingAt.clear();
        // A customer waits at a midnight from the message that started the wait (included) until its end.
        const auto add = [&](const Core::ConversationMetrics::Response &wait) {
            if (!wait.inboundAt.isValid())
                return;
            const qint64 end = wait.endedAt.isValid() ? wait.endedAt.toMSecsSinceEpoch() : kNever;
            auto it = std::lower_bound(midnights.cbegin(), midnights.cend(), wait.inboundAt.toMSecsSinceEpoch());
            for (; it != midnights.cend() && *it < end && *it <= known; ++it)
                waitingAt << (it - midnights.cbegin());
        };
        for (const auto &cycle : row->metrics.cycles) {
            if (cycle.firstResponse)
                add(*cycle.firstResponse);
            for (const auto &next : cycle.nextResponses)
                add(next);
        }
        std::sort(waitingAt.begin(), waitingAt.end());
        waitingAt.erase(std::unique(waitingAt.begin(), waitingAt.end()), waitingAt.end());
        for (qsizetype i : std::as_const(waitingAt)) {
            ++points[i].count;
            points[i].conversationIds << row->conversationId;
        }
    }
    return points;
}

QList<DashboardData::LongWait> DashboardData::computeLongestWaits(
    const Store::MetricsRows &rows, const QDateTime &from, MetricsAggregate::Variant variant, int limit)
{
    // Each conversation's longest wait, light (the row and the wait) until the longest are known.
    struct Candidate
    {
        qint64 seconds = 0;
        const Store::ConversationMetricsRow *row = nullptr;
        const Core::ConversationMetrics::Response *wait = nullptr;
    };
    QList<Candidate> candidates;
    for (const Store::ConversationMetricsRow &row : rows) {
        std::optional<Candidate> longest;
        const auto consider = [&](const Core::ConversationMetrics::Response &wait) {
            if (!wait.inboundAt.isValid() || (from.isValid() && wait.inboundAt < from))
                return;
            const qint64 seconds = variant == MetricsAggregate::Variant::StaffedHours ? wait.duration.staffedSeconds
                                                                                      : wait.duration.wallClockSeconds;
            if (longest && longest->seconds >= seconds)
                return;
            longest = Candidate { seconds, &row, &wait };
        };
        for (const auto &cycle : row.metrics.cycles) {
            if (cycle.firstResponse)
                consider(*cycle.firstResponse);
            for (const auto &next : cycle.nextResponses)
                consider(next);
        }
        if (longest)
            candidates << *longest;
    }
    const auto longerFirst = [](const Candidate &a, const Candidate &b) {
        if (a.seconds != b.seconds)
            return a.seconds > b.seconds;
        return a.wait->inboundAt != b.wait->inboundAt ? a.wait->inboundAt < b.wait->inboundAt
                                                      : a.row->conversationId < b.row->conversationId;
    };
    const qsizetype kept = std::min<qsizetype>(std::max(0, limit), candidates.size());
    std::partial_sort(candidates.begin(), candidates.begin() + kept, candidates.end(), longerFirst);
    QList<LongWait> waits;
    for (qsizetype i = 0; i < kept; ++i) {
        const Candidate &c = candidates.at(i);
        waits << LongWait { c.row->conversationId, c.row->customerName, c.row->platform, c.row->accountHandle,
            c.wait->inboundAt, c.seconds, c.wait->outcome, c.wait->agentId };
    }
    return waits;
}

QList<DashboardData::TagTrend> DashboardData::computeTopTags(
    const Store::MetricsRows &rows, const RowRefs &previous)
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
    for (const Store::ConversationMetricsRow *row : previous) {
        QStringList tags = row->tags;
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

Core::Result<DashboardData> DashboardData::prepare(
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
    data.previousFirstDay = data.firstDay.addDays(-data.days);
    return data;
}

Core::Result<DashboardData> DashboardData::compute(Store::Database &db, Store::MetricsCache &cache,
    Store::MetricsFilter filter, int days, MetricsAggregate::Variant variant, const QDateTime &now)
{
    if (!now.isValid() || !cache.canServe(now))
        return compute(db, filter, days, variant, now);
    auto prepared = prepare(db, filter, days, variant, now);
    if (!prepared)
        return prepared.error();
    DashboardData data = std::move(prepared).value();
    if (Core::Status refreshed = cache.refresh(db, data.now); !refreshed)
        return refreshed.error();
    const QTimeZone zone = data.calendar.timeZone();
    const auto &conversations = cache.conversations();
    const QList<qint32> period = cache.select(data.filter, data.agents);
    const QList<bool> selected = cache.mask(period);
    // The aggregates on a second core while this thread computes the rest: both only read the
    // kept figures, which stay as they are until this job ends.
    const MetricsAggregate::Grouping timeGrouping = data.timeGrouping;
    auto aggregates = std::async(std::launch::async, [&cache, &selected, variant, timeGrouping] {
        Aggregates out;
        // The first-response groupings in one pass.
        out.frt = cache.aggregate(selected, MetricsAggregate::Metric::FirstResponse, variant,
            { timeGrouping, MetricsAggregate::Grouping::Platform, MetricsAggregate::Grouping::Agent,
                MetricsAggregate::Grouping::Account, MetricsAggregate::Grouping::Tag });
        out.csat = cache.aggregate(selected, MetricsAggregate::Metric::Csat, variant, { timeGrouping }).constFirst();
        for (size_t i = 1; i < kTimeMetrics.size(); ++i)
            out.byTime[i] = cache.aggregate(selected, kTimeMetrics[i], variant, { timeGrouping }).constFirst();
        out.sla = cache.firstResponseRates(selected, timeGrouping);
        for (const auto &sample : cache.samples(MetricsAggregate::Metric::Csat)) {
            const int score = qRound(sample.value[0]);
            if (!selected.at(sample.conversation) || sample.state != MetricsAggregate::SampleState::Finished
                || score < 1 || score > 5)
                continue;
            const QDate local = QDate::fromJulianDay(sample.day);
            ++out.csatScores[MetricsAggregate::periodKey(local, timeGrouping)][size_t(score - 1)];
        }
        return out;
    });
    data.rows.reserve(period.size());
    for (qint32 i : period)
        data.rows.append(conversations.at(i).row);
    data.longestWaits = longestWaitsOf(cache, period, data.filter.from.toMSecsSinceEpoch(), variant);

    // What began before the period, as the computation from the log reads it (see below).
    Store::MetricsFilter historyFilter = data.filter;
    historyFilter.from = QDateTime();
    historyFilter.to = data.filter.from;
    const QDateTime previousFrom = QDateTime(data.previousFirstDay, QTime(0, 0), zone).toUTC();
    historyFilter.activeSince = previousFrom;
    const QList<qint32> history = cache.select(historyFilter, data.agents);
    QList<qint32> previousEntries;
    const qint64 previousFromMs = previousFrom.toMSecsSinceEpoch();
    const qint64 fromMs = data.filter.from.toMSecsSinceEpoch();
    const qint64 nowMs = data.now.toMSecsSinceEpoch();
    const Store::MetricsCache::Instants &inbound = cache.inbound();
    const Store::MetricsCache::Instants &replies = cache.replies();
    // The first and the end of conversation i's instants within the period.
    const auto inPeriod = [fromMs, nowMs](const Store::MetricsCache::Instants &instants, qint32 i) {
        const qint64 *all = instants.ms.constData();
        const qint64 *first = std::lower_bound(all + instants.offsets.at(i), all + instants.offsets.at(i + 1), fromMs);
        const qint64 *last = std::upper_bound(first, all + instants.offsets.at(i + 1), nowMs);
        return std::pair<qsizetype, qsizetype> { first - all, last - all };
    };
    for (qint32 i : history) {
        if (cache.firstInboundMs(i) >= previousFromMs)
            previousEntries << i;
    }
    QList<qint32> waiting(history.size() + period.size()); // in id order, as the cache keeps them
    std::merge(history.cbegin(), history.cend(), period.cbegin(), period.cend(), waiting.begin());
    for (qint32 i : std::as_const(waiting)) {
        const auto [firstIn, endIn] = inPeriod(inbound, i);
        data.inboundInPeriod += int(endIn - firstIn);
        const auto [firstReply, endReply] = inPeriod(replies, i);
        data.repliesInPeriod += int(endReply - firstReply);
    }
    data.backlog = backlogOf(cache, waiting, data.firstDay, data.days, zone, nowMs);
    data.topTags = topTagsOf(cache, period, previousEntries);

    const quint8 *cells = inbound.cells.constData(); // weekday * kHours + hour
    for (qint32 i : period) {
        const auto [first, end] = inPeriod(inbound, i);
        const qint64 id = cache.ids().at(i);
        for (qsizetype k = first; k < end; ++k) {
            const size_t day = cells[k] / kHours;
            const size_t hour = cells[k] % kHours;
            ++data.volume[day][hour];
            appendOnce(data.volumeIds[day][hour], id);
        }
    }
    Aggregates computed = aggregates.get();
    data.frtByTime = computed.frt.at(0);
    data.frtByPlatform = computed.frt.at(1);
    data.frtByAgent = computed.frt.at(2);
    data.frtByAccount = computed.frt.at(3);
    data.frtByTag = computed.frt.at(4);
    data.csatByTime = computed.csat;
    data.csatScores = computed.csatScores;
    data.byTime = computed.byTime;
    data.byTime[0] = data.frtByTime;
    data.slaByTime = computed.sla;
    return data;
}

Core::Result<DashboardData> DashboardData::compute(
    Store::Database &db, Store::MetricsFilter filter, int days, MetricsAggregate::Variant variant, const QDateTime &now)
{
    auto prepared = prepare(db, filter, days, variant, now);
    if (!prepared)
        return prepared.error();
    DashboardData data = std::move(prepared).value();
    filter = data.filter;
    const QTimeZone zone = data.calendar.timeZone();

    Store::MetricsQuery query(db);
    auto rows = query.load(filter, data.now);
    if (!rows)
        return rows.error();
    const QList<Store::ConversationMetricsRow> &loaded = rows.value();
    data.rows = loaded;

    const auto metric = MetricsAggregate::Metric::FirstResponse;
    auto byTime = query.aggregate(loaded, metric, variant, data.timeGrouping);
    if (!byTime)
        return byTime.error();
    data.frtByTime = byTime.value();
    auto byPlatform = query.aggregate(loaded, metric, variant, MetricsAggregate::Grouping::Platform);
    if (!byPlatform)
        return byPlatform.error();
    data.frtByPlatform = byPlatform.value();
    auto byAgent = query.aggregate(loaded, metric, variant, MetricsAggregate::Grouping::Agent);
    if (!byAgent)
        return byAgent.error();
    data.frtByAgent = byAgent.value();
    auto byAccount = query.aggregate(loaded, metric, variant, MetricsAggregate::Grouping::Account);
    if (!byAccount)
        return byAccount.error();
    data.frtByAccount = byAccount.value();
    auto byTag = query.aggregate(loaded, metric, variant, MetricsAggregate::Grouping::Tag);
    if (!byTag)
        return byTag.error();
    data.frtByTag = byTag.value();
    auto csat = query.aggregate(loaded, MetricsAggregate::Metric::Csat, variant, data.timeGrouping);
    if (!csat)
        return csat.error();
    data.csatByTime = csat.value();
    const auto inputs = Store::MetricsQuery::aggregateInputs(loaded);
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
        auto other = query.aggregate(loaded, kTimeMetrics[i], variant, data.timeGrouping);
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
    const QDateTime previousFrom = QDateTime(data.previousFirstDay, QTime(0, 0), zone).toUTC();
    // A conversation resolved, with nothing new, before the previous period began can neither
    // have a customer waiting during this period nor count in the previous one: left unread.
    historyFilter.activeSince = previousFrom;
    auto earlier = query.load(historyFilter, data.now);
    if (!earlier)
        return earlier.error();
    QList<Store::ConversationMetricsRow> historyRows = earlier.value();
    historyRows += loaded;
    RowRefs historyRefs;
    RowRefs previous;
    for (const Store::ConversationMetricsRow &row : std::as_const(historyRows)) {
        historyRefs << &row;
        if (row.firstInboundAt.isValid() && row.firstInboundAt >= previousFrom && row.firstInboundAt < filter.from)
            previous << &row;
    }
    data.backlog = computeBacklog(historyRefs, data.firstDay, data.days, zone);
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
    auto sla = query.slaRates(loaded, Core::SlaTarget::FirstResponse, data.now, data.timeGrouping);
    if (!sla)
        return sla.error();
    data.slaByTime = sla.value();

    for (const Store::ConversationMetricsRow &row : loaded) {
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
