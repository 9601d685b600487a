#include "core/MetricsAggregate.h"

#include "core/SlaClock.h"

#include <QHash>

#include <algorithm>
#include <functional>
#include <set>

namespace Care::Core {

namespace {

using Duration = ConversationMetrics::Duration;
using Outcome = ConversationMetrics::Outcome;
using Response = ConversationMetrics::Response;
using Cycle = ConversationMetrics::Cycle;
using Input = MetricsAggregate::ConversationInput;
using Grouping = MetricsAggregate::Grouping;
using Sample = MetricsAggregate::Sample;
using SampleState = MetricsAggregate::SampleState;

struct GroupKey
{
    QString key;
    QDate periodStart;
};

bool isTimeGrouping(Grouping grouping)
{
    return grouping == Grouping::Day || grouping == Grouping::Week || grouping == Grouping::Month;
}

double pick(const Duration &duration, MetricsAggregate::Variant variant)
{
    return static_cast<double>(variant == MetricsAggregate::Variant::WallClock ? duration.wallClockSeconds
                                                                               : duration.staffedSeconds);
}

QList<qint64> sortedIds(const std::set<qint64> &ids)
{
    return QList<qint64>(ids.cbegin(), ids.cend());
}

// The buckets one value falls into (several only for tags).
QList<GroupKey> keysFor(const Input &input, Grouping grouping, const QDateTime &instant, const QString &agentId,
                        const QTimeZone &zone)
{
    switch (grouping) {
    case Grouping::None:
        return {GroupKey{}};
    case Grouping::Day:
    case Grouping::Week:
    case Grouping::Month: {
        const QDate local = instant.toTimeZone(zone).date();
        return {GroupKey{MetricsAggregate::periodKey(local, grouping), MetricsAggregate::periodStart(local, grouping)}};
    }
    case Grouping::Agent:
        return {GroupKey{agentId, QDate()}};
    case Grouping::Platform:
        return {GroupKey{platformId(input.platform), QDate()}};
    case Grouping::Account:
        return {GroupKey{QString::number(input.accountId), QDate()}};
    case Grouping::Tag:
        break;
    }
    QStringList tags;
    for (const QString &tag : input.tags) {
        const QString key = tag.trimmed().toLower();
        if (!key.isEmpty() && !tags.contains(key))
            tags.append(key);
    }
    if (tags.isEmpty())
        return {GroupKey{}};
    QList<GroupKey> keys;
    for (const QString &tag : std::as_const(tags))
        keys.append(GroupKey{tag, QDate()});
    return keys;
}

template<typename BucketT>
void sortBuckets(QList<BucketT> &buckets, Grouping grouping)
{
    std::sort(buckets.begin(), buckets.end(), [grouping](const BucketT &a, const BucketT &b) {
        if (isTimeGrouping(grouping))
            return a.periodStart < b.periodStart;
        if (grouping == Grouping::Account)
            return a.key.toLongLong() < b.key.toLongLong();
        return a.key < b.key;
    });
}

// Collects the values of one bucket.
struct BucketBuilder
{
    MetricsAggregate::Bucket bucket;
    QList<double> values;
    std::set<qint64> ids;
    std::set<qint64> endedIds;
    std::set<qint64> unfinishedIds;

    void add(const Sample &sample)
    {
        switch (sample.state) {
        case SampleState::Finished:
            values.append(sample.value);
            ids.insert(sample.conversationId);
            break;
        case SampleState::EndedWithoutResponse:
            ++bucket.endedWithoutResponse;
            endedIds.insert(sample.conversationId);
            break;
        case SampleState::Unfinished:
            ++bucket.unfinished;
            unfinishedIds.insert(sample.conversationId);
            break;
        }
    }

    MetricsAggregate::Bucket finish() const
    {
        MetricsAggregate::Bucket out = bucket;
        out.summary = summarize(values).value_or(Summary{});
        out.conversationIds = sortedIds(ids);
        out.endedWithoutResponseIds = sortedIds(endedIds);
        out.unfinishedIds = sortedIds(unfinishedIds);
        return out;
    }
};

struct SlaBucketBuilder
{
    MetricsAggregate::SlaBucket bucket;
    std::set<qint64> ids;
    std::set<qint64> missedIds;

    void add(qint64 conversationId, SlaState state)
    {
        ids.insert(conversationId);
        switch (state) {
        case SlaState::Met: ++bucket.met; break;
        case SlaState::Missed: ++bucket.missed; break;
        case SlaState::RunningAlreadyMissed: ++bucket.runningAlreadyMissed; break;
        case SlaState::Running: ++bucket.running; break;
        case SlaState::Stopped: ++bucket.stopped; break;
        }
        if (state == SlaState::Missed || state == SlaState::RunningAlreadyMissed)
            missedIds.insert(conversationId);
    }

    MetricsAggregate::SlaBucket finish() const
    {
        MetricsAggregate::SlaBucket out = bucket;
        out.conversationIds = sortedIds(ids);
        out.missedConversationIds = sortedIds(missedIds);
        return out;
    }
};

// Builders by key, in the order keys first appear.
template<typename Builder>
struct BuilderMap
{
    QList<Builder> builders;
    QHash<QString, qsizetype> index;

    Builder &at(const GroupKey &key)
    {
        const auto it = index.constFind(key.key);
        if (it != index.cend())
            return builders[*it];
        Builder builder;
        builder.bucket.key = key.key;
        builder.bucket.periodStart = key.periodStart;
        index.insert(key.key, builders.size());
        builders.append(builder);
        return builders.last();
    }
};

Sample responseSample(qint64 conversationId, const Cycle &cycle, const Response &response,
                      MetricsAggregate::Variant variant)
{
    Sample s;
    s.conversationId = conversationId;
    s.cycle = cycle.index;
    s.value = pick(response.duration, variant);
    s.bucketInstant = cycle.bucketInstant();
    s.agentId = response.agentId;
    switch (response.outcome) {
    case Outcome::Answered: s.state = SampleState::Finished; break;
    case Outcome::EndedWithoutResponse: s.state = SampleState::EndedWithoutResponse; break;
    case Outcome::StillWaiting: s.state = SampleState::Unfinished; break;
    }
    return s;
}

// Waiting time is one value per conversation: its answered waits added up.
void appendWaitingSamples(const Input &input, MetricsAggregate::Variant variant, QList<Sample> &out)
{
    const ConversationMetrics &metrics = input.metrics;
    if (metrics.cycles.isEmpty())
        return;
    QDateTime instant = metrics.cycles.first().startedAt;
    for (const Cycle &cycle : metrics.cycles) {
        if (cycle.firstInboundAt.isValid()) {
            instant = cycle.firstInboundAt;
            break;
        }
    }
    bool answered = false;
    QString firstAgent;
    for (const Cycle &cycle : metrics.cycles) {
        QList<Response> waits;
        if (cycle.firstResponse)
            waits.append(*cycle.firstResponse);
        waits.append(cycle.nextResponses);
        for (const Response &wait : std::as_const(waits)) {
            if (wait.answered() && !answered) {
                answered = true;
                firstAgent = wait.agentId;
            }
            if (wait.stillWaiting() || wait.endedWithoutResponse()) {
                Sample s = responseSample(input.conversationId, cycle, wait, variant);
                s.bucketInstant = instant;
                out.append(s);
            }
        }
    }
    if (answered) {
        Sample s;
        s.conversationId = input.conversationId;
        s.cycle = 0;
        s.state = SampleState::Finished;
        s.value = pick(metrics.waitingTime(), variant);
        s.bucketInstant = instant;
        s.agentId = firstAgent;
        out.append(s);
    }
}

MetricsAggregate::SlaRates rates(const QList<Input> &conversations, SlaTarget target,
                                 const std::function<SlaPolicy(const Input &)> &policyOf,
                                 const BusinessCalendar &calendar, const QDateTime &now, Grouping grouping)
{
    SlaBucketBuilder total;
    BuilderMap<SlaBucketBuilder> groups;
    const QTimeZone zone = calendar.timeZone();
    for (const Input &input : conversations) {
        if (input.events.isEmpty())
            continue;
        const SlaPolicy policy = policyOf(input);
        if (!policy.targetSeconds(target))
            continue;
        const SlaEvaluation evaluation
            = SlaClock(policy, calendar).evaluate(ConversationMetrics::slaEvents(input.events), now);
        for (const SlaMeasurement &m : evaluation.measurements) {
            if (m.target != target)
                continue;
            total.add(input.conversationId, m.state);
            const MetricsAggregate::ClockContext context = MetricsAggregate::clockContext(input.metrics, m);
            for (const GroupKey &key : keysFor(input, grouping, context.bucketInstant, context.agentId, zone))
                groups.at(key).add(input.conversationId, m.state);
        }
    }
    MetricsAggregate::SlaRates out;
    out.target = target;
    out.grouping = grouping;
    out.total = total.finish();
    for (const SlaBucketBuilder &builder : std::as_const(groups.builders))
        out.buckets.append(builder.finish());
    if (grouping == Grouping::None && out.buckets.isEmpty())
        out.buckets.append(out.total);
    sortBuckets(out.buckets, grouping);
    return out;
}

} // namespace

void MetricsAggregate::sortBuckets(QList<Bucket> &buckets, Grouping grouping)
{
    Core::sortBuckets(buckets, grouping);
}

void MetricsAggregate::sortBuckets(QList<SlaBucket> &buckets, Grouping grouping)
{
    Core::sortBuckets(buckets, grouping);
}

MetricsAggregate::ClockContext MetricsAggregate::clockContext(const ConversationMetrics &metrics, const SlaMeasurement &m)
{
    ClockContext context{m.startedAt, QString()};
    const QList<Cycle> &cycles = metrics.cycles;
    if (m.cycle < 0 || m.cycle >= cycles.size())
        return context;
    const Cycle &cycle = cycles.at(m.cycle);
    context.bucketInstant = cycle.bucketInstant();
    switch (m.target) {
    case SlaTarget::FirstResponse:
        if (cycle.firstResponse && cycle.firstResponse->inboundAt == m.startedAt)
            context.agentId = cycle.firstResponse->agentId;
        break;
    case SlaTarget::NextResponse:
        for (const Response &r : cycle.nextResponses) {
            if (r.inboundAt == m.startedAt) {
                context.agentId = r.agentId;
                break;
            }
        }
        break;
    case SlaTarget::Resolution:
        context.agentId = cycle.respondingAgent();
        break;
    }
    return context;
}

std::optional<MetricsAggregate::Bucket> MetricsAggregate::bucket(const QString &key) const
{
    for (const Bucket &b : buckets) {
        if (b.key == key)
            return b;
    }
    return std::nullopt;
}

std::optional<MetricsAggregate::SlaBucket> MetricsAggregate::SlaRates::bucket(const QString &key) const
{
    for (const SlaBucket &b : buckets) {
        if (b.key == key)
            return b;
    }
    return std::nullopt;
}

QDate MetricsAggregate::periodStart(QDate localDate, Grouping grouping)
{
    if (!localDate.isValid())
        return QDate();
    switch (grouping) {
    case Grouping::Day: return localDate;
    case Grouping::Week: return localDate.addDays(1 - localDate.dayOfWeek());
    case Grouping::Month: return QDate(localDate.year(), localDate.month(), 1);
    default: return QDate();
    }
}

QString MetricsAggregate::periodKey(QDate localDate, Grouping grouping)
{
    if (!localDate.isValid())
        return QString();
    switch (grouping) {
    case Grouping::Day: return localDate.toString(Qt::ISODate);
    case Grouping::Week: {
        int weekYear = 0;
        const int week = localDate.weekNumber(&weekYear);
        return QString::number(weekYear) + QLatin1String("-W") + QString::number(week).rightJustified(2, QLatin1Char('0'));
    }
    case Grouping::Month: return localDate.toString(QStringLiteral("yyyy-MM"));
    default: return QString();
    }
}

QList<MetricsAggregate::Sample> MetricsAggregate::samples(const QList<ConversationInput> &conversations, Metric metric,
                                                          Variant variant)
{
    QList<Sample> out;
    for (const ConversationInput &input : conversations) {
        if (metric == Metric::WaitingTime) {
            appendWaitingSamples(input, variant, out);
            continue;
        }
        for (const Cycle &cycle : input.metrics.cycles) {
            switch (metric) {
            case Metric::FirstResponse:
                if (cycle.firstResponse)
                    out.append(responseSample(input.conversationId, cycle, *cycle.firstResponse, variant));
                break;
            case Metric::NextResponse:
                for (const Response &r : cycle.nextResponses)
                    out.append(responseSample(input.conversationId, cycle, r, variant));
                break;
            case Metric::Resolution: {
                Sample s;
                s.conversationId = input.conversationId;
                s.cycle = cycle.index;
                s.bucketInstant = cycle.bucketInstant();
                s.agentId = cycle.respondingAgent();
                if (cycle.resolution) {
                    s.value = pick(*cycle.resolution, variant);
                } else {
                    s.state = SampleState::Unfinished;
                    s.value = cycle.unresolvedFor ? pick(*cycle.unresolvedFor, variant) : 0.0;
                }
                out.append(s);
                break;
            }
            case Metric::Csat:
                if (cycle.csatScore) {
                    Sample s;
                    s.conversationId = input.conversationId;
                    s.cycle = cycle.index;
                    s.value = *cycle.csatScore;
                    s.bucketInstant = cycle.bucketInstant();
                    s.agentId = cycle.respondingAgent();
                    out.append(s);
                }
                break;
            case Metric::WaitingTime:
                break;
            }
        }
    }
    return out;
}

MetricsAggregate MetricsAggregate::compute(const QList<ConversationInput> &conversations, Metric metric,
                                           Variant variant, Grouping grouping, const BusinessCalendar &calendar)
{
    QHash<qint64, const ConversationInput *> byId;
    for (const ConversationInput &input : conversations)
        byId.insert(input.conversationId, &input);

    BucketBuilder total;
    BuilderMap<BucketBuilder> groups;
    const QTimeZone zone = calendar.timeZone();
    const QList<Sample> all = samples(conversations, metric, variant);
    for (const Sample &sample : all) {
        total.add(sample);
        const ConversationInput *input = byId.value(sample.conversationId);
        for (const GroupKey &key : keysFor(*input, grouping, sample.bucketInstant, sample.agentId, zone))
            groups.at(key).add(sample);
    }

    MetricsAggregate out;
    out.metric = metric;
    out.variant = variant;
    out.grouping = grouping;
    out.total = total.finish();
    for (const BucketBuilder &builder : std::as_const(groups.builders))
        out.buckets.append(builder.finish());
    if (grouping == Grouping::None && out.buckets.isEmpty())
        out.buckets.append(out.total);
    sortBuckets(out.buckets, grouping);
    return out;
}

MetricsAggregate::SlaRates MetricsAggregate::slaRates(const QList<ConversationInput> &conversations, SlaTarget target,
                                                      const QList<SlaPolicy> &policies,
                                                      const BusinessCalendar &calendar, const QDateTime &now,
                                                      Grouping grouping)
{
    const auto policyOf = [&policies](const ConversationInput &input) {
        return SlaPolicy::select(policies, input.platform, input.priority, input.tags);
    };
    return rates(conversations, target, policyOf, calendar, now, grouping);
}

MetricsAggregate::SlaRates MetricsAggregate::slaRates(const QList<ConversationInput> &conversations, SlaTarget target,
                                                      const SlaPolicy &policy, const BusinessCalendar &calendar,
                                                      const QDateTime &now, Grouping grouping)
{
    const auto policyOf = [&policy](const ConversationInput &) { return policy; };
    return rates(conversations, target, policyOf, calendar, now, grouping);
}

} // namespace Care::Core
