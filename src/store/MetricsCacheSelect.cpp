#include "store/MetricsCache.h"

#include <algorithm>
#include <vector>

// MetricsCache: selecting conversations and aggregating their kept figures (the part of a
// dashboard refresh that runs on every filter change).
namespace Care::Store {

namespace {

using Core::MetricsAggregate;
using Grouping = MetricsAggregate::Grouping;
using SampleState = MetricsAggregate::SampleState;

// Ids appended in ascending order, each once.
void appendOnce(QList<qint64> &ids, qint64 id)
{
    if (ids.isEmpty() || ids.last() != id)
        ids.append(id);
}

} // namespace

const QList<MetricsCache::Sample> &MetricsCache::samples(MetricsAggregate::Metric metric) const
{
    return m_samples[size_t(metric)];
}

QList<qint32> MetricsCache::select(const MetricsFilter &filter, const QList<Core::Agent> &agents) const
{
    const qint64 fromMs = filter.from.isValid() ? filter.from.toMSecsSinceEpoch() : std::numeric_limits<qint64>::min();
    const qint64 toMs = filter.to.isValid() ? filter.to.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
    const qint64 activeMs = filter.activeSince.isValid() ? filter.activeSince.toMSecsSinceEpoch() : 0;
    QString tag = filter.tag.trimmed().toLower();
    tag.remove(QLatin1Char(','));
    const qint32 agent = filter.agent.isEmpty() ? -1 : m_stringIndex.value(filter.agent, -2);
    QList<qint32> team;
    if (!filter.team.isEmpty()) {
        for (const Core::Agent &a : agents) {
            if (a.team == filter.team && m_stringIndex.contains(a.id))
                insertSortedOnce(team, m_stringIndex.value(a.id));
        }
    }
    // The stored tags the tag filter matches (as stored, compared without case).
    QList<bool> tagMatches;
    if (!tag.isEmpty()) {
        tagMatches.resize(m_strings.size(), false);
        for (qsizetype k = 0; k < m_strings.size(); ++k)
            tagMatches[k] = m_strings.at(k).compare(tag, Qt::CaseInsensitive) == 0;
    }
    const bool active = filter.activeSince.isValid();
    const qint32 *storedTags = m_storedTags.constData();
    const qint32 *responders = m_responders.constData();
    QList<qint32> out;
    out.reserve(m_conversations.size());
    for (qsizetype i = 0; i + 1 < m_facts.size(); ++i) {
        const Facts &facts = m_facts.at(i);
        if (facts.firstInMs < fromMs || facts.firstInMs >= toMs)
            continue;
        if (active && facts.resolved && facts.activeMs < activeMs)
            continue;
        if (filter.platform && facts.platform != quint8(*filter.platform))
            continue;
        if (filter.accountId > 0 && facts.accountId != filter.accountId)
            continue;
        const qint32 *tagsEnd = storedTags + m_facts.at(i + 1).storedTags;
        if (!tag.isEmpty()
            && std::none_of(storedTags + facts.storedTags, tagsEnd, [&tagMatches](qint32 t) { return tagMatches.at(t); }))
            continue;
        const qint32 *respondersBegin = responders + facts.responders;
        const qint32 *respondersEnd = responders + m_facts.at(i + 1).responders;
        if (agent != -1
            && (agent == -2
                || (facts.assignee != agent && !std::binary_search(respondersBegin, respondersEnd, agent))))
            continue;
        if (!filter.team.isEmpty()) {
            const bool inTeam = std::binary_search(team.cbegin(), team.cend(), facts.assignee)
                || std::any_of(respondersBegin, respondersEnd,
                    [&team](qint32 r) { return std::binary_search(team.cbegin(), team.cend(), r); });
            if (!inTeam)
                continue;
        }
        if (!filter.ids.isEmpty() && !filter.ids.contains(facts.id))
            continue;
        out.append(qint32(i));
    }
    return out;
}

QList<bool> MetricsCache::mask(const QList<qint32> &selection) const
{
    QList<bool> selected(m_conversations.size(), false);
    for (qint32 i : selection)
        selected[i] = true;
    return selected;
}

// Buckets by a dense key (a day offset, a string index, a platform, an account's rank); tags may
// give a sample several keys. Made as keys first appear; then sorted as MetricsAggregate sorts.
template<typename BucketT>
struct DenseBuckets
{
    QList<BucketT> list;
    QList<qint32> bucketOfKey;
    QHash<QString, qint32> bucketOfName; // time groupings: several days share a period

    explicit DenseBuckets(qsizetype keys)
        : bucketOfKey(keys, -1)
    {
    }
};

MetricsCache::Keys MetricsCache::keysFor(Grouping grouping) const
{
    Keys keys;
    keys.grouping = grouping;
    switch (grouping) {
    case Grouping::None: keys.range = 1; break;
    case Grouping::Day:
    case Grouping::Week:
    case Grouping::Month: keys.range = m_maxDay - m_minDay + 2; break; // the last slot: no day
    case Grouping::Agent:
    case Grouping::Tag: keys.range = m_strings.size(); break;
    case Grouping::Platform: keys.range = 64; break;
    case Grouping::Account: keys.range = m_accountIds.size(); break;
    }
    return keys;
}

int MetricsCache::keysOf(const Keys &keys, qint32 conversation, qint32 day, qint32 agent, std::array<qint32, 64> &out) const
{
    switch (keys.grouping) {
    case Grouping::None: out[0] = 0; return 1;
    case Grouping::Day:
    case Grouping::Week:
    case Grouping::Month: out[0] = day == kNoDay ? keys.range - 1 : day - m_minDay; return 1;
    case Grouping::Agent: out[0] = agent; return 1;
    case Grouping::Platform: out[0] = m_platformOf.at(conversation); return 1;
    case Grouping::Account: out[0] = m_accountRank.at(conversation); return 1;
    case Grouping::Tag: break;
    }
    const qint32 first = m_tagOffsets.at(conversation);
    const int count = std::min(int(m_tagOffsets.at(conversation + 1) - first), int(out.size()));
    if (count == 0) {
        out[0] = 0;
        return 1;
    }
    for (int k = 0; k < count; ++k)
        out[size_t(k)] = m_tagIndexes.at(first + k);
    return count;
}

// The key and period of the bucket a dense key stands for.
std::pair<QString, QDate> MetricsCache::bucketName(const Keys &keys, qint32 key, qint32 conversation) const
{
    switch (keys.grouping) {
    case Grouping::None: return {};
    case Grouping::Day:
    case Grouping::Week:
    case Grouping::Month: {
        if (key == keys.range - 1)
            return {};
        const QDate start = MetricsAggregate::periodStart(QDate::fromJulianDay(m_minDay + key), keys.grouping);
        return { MetricsAggregate::periodKey(start, keys.grouping), start };
    }
    case Grouping::Agent:
    case Grouping::Tag: return { m_strings.at(key), QDate() };
    case Grouping::Platform: return { Core::platformId(m_conversations.at(conversation).row->platform), QDate() };
    case Grouping::Account: return { QString::number(m_accountIds.at(key)), QDate() };
    }
    return {};
}

template<typename BucketT>
BucketT &MetricsCache::bucketAt(DenseBuckets<BucketT> &buckets, const Keys &keys, qint32 key, qint32 conversation) const
{
    qint32 &slot = buckets.bucketOfKey.data()[key];
    if (slot < 0) {
        const auto [name, start] = bucketName(keys, key, conversation);
        const auto it = buckets.bucketOfName.constFind(name);
        if (it != buckets.bucketOfName.cend()) {
            slot = *it;
        } else {
            slot = qint32(buckets.list.size());
            buckets.bucketOfName.insert(name, slot);
            buckets.list.append(BucketT {});
            buckets.list.last().key = name;
            buckets.list.last().periodStart = start;
        }
    }
    return buckets.list.data()[slot];
}

namespace {

struct ValueBucket
{
    QString key;
    QDate periodStart;
    MetricsAggregate::Bucket bucket;
    QList<double> values;
};

} // namespace

MetricsAggregate MetricsCache::aggregate(const QList<qint32> &selection, MetricsAggregate::Metric metric,
    MetricsAggregate::Variant variant, Grouping grouping) const
{
    return aggregate(mask(selection), metric, variant, QList<Grouping> { grouping }).constFirst();
}

QList<MetricsAggregate> MetricsCache::aggregate(const QList<bool> &selected, MetricsAggregate::Metric metric,
    MetricsAggregate::Variant variant, const QList<Grouping> &groupings) const
{
    const QList<Sample> &samples = m_samples[size_t(metric)];
    std::vector<Keys> keys;
    std::vector<DenseBuckets<ValueBucket>> groups;
    keys.reserve(size_t(groupings.size()));
    groups.reserve(size_t(groupings.size()));
    for (Grouping grouping : groupings) {
        keys.push_back(keysFor(grouping));
        groups.emplace_back(keys.back().range);
    }
    std::array<qint32, 64> found {};
    const auto count = [](MetricsAggregate::Bucket &b, const Sample &sample, qint64 id) {
        switch (sample.state) {
        case SampleState::Finished: appendOnce(b.conversationIds, id); break;
        case SampleState::EndedWithoutResponse:
            ++b.endedWithoutResponse;
            appendOnce(b.endedWithoutResponseIds, id);
            break;
        case SampleState::Unfinished:
            ++b.unfinished;
            appendOnce(b.unfinishedIds, id);
            break;
        }
    };
    ValueBucket total;
    // The selected samples, and the selected finished values in ascending order (so no bucket
    // needs sorting), once for all groupings.
    QList<const Sample *> chosen;
    for (const Sample &sample : samples) {
        if (selected.at(sample.conversation))
            chosen.append(&sample);
    }
    const size_t v = variant == MetricsAggregate::Variant::WallClock ? 0 : 1;
    QList<const Ranked *> values;
    for (const Ranked &r : m_finishedOrder[size_t(metric)][v]) {
        if (selected.at(r.conversation))
            values.append(&r);
    }
    // Counts and conversations, in conversation order (so the ids come out ascending) ...
    for (const Sample *sample : std::as_const(chosen))
        count(total.bucket, *sample, m_ids.at(sample->conversation));
    total.values.reserve(values.size());
    for (const Ranked *r : std::as_const(values))
        total.values.append(r->value);
    // ... then grouping by grouping.
    for (size_t g = 0; g < keys.size(); ++g) {
        for (const Sample *sample : std::as_const(chosen)) {
            const qint64 id = m_ids.at(sample->conversation);
            const int n = keysOf(keys[g], sample->conversation, sample->day, sample->agent, found);
            for (int k = 0; k < n; ++k)
                count(bucketAt(groups[g], keys[g], found[size_t(k)], sample->conversation).bucket, *sample, id);
        }
        for (const Ranked *r : std::as_const(values)) {
            const int n = keysOf(keys[g], r->conversation, r->day, r->agent, found);
            for (int k = 0; k < n; ++k)
                bucketAt(groups[g], keys[g], found[size_t(k)], r->conversation).values.append(r->value);
        }
    }

    total.bucket.summary = Core::summarizeSorted(total.values).value_or(Core::Summary {});
    QList<MetricsAggregate> all;
    for (size_t g = 0; g < keys.size(); ++g) {
        MetricsAggregate out;
        out.metric = metric;
        out.variant = variant;
        out.grouping = keys[g].grouping;
        out.total = total.bucket;
        for (ValueBucket &b : groups[g].list) {
            b.bucket.key = b.key;
            b.bucket.periodStart = b.periodStart;
            b.bucket.summary = Core::summarizeSorted(b.values).value_or(Core::Summary {});
            out.buckets.append(std::move(b.bucket));
        }
        if (out.grouping == Grouping::None && out.buckets.isEmpty())
            out.buckets.append(out.total);
        MetricsAggregate::sortBuckets(out.buckets, out.grouping);
        all.append(std::move(out));
    }
    return all;
}

MetricsAggregate::SlaRates MetricsCache::firstResponseRates(const QList<qint32> &selection, Grouping grouping) const
{
    return firstResponseRates(mask(selection), grouping);
}

MetricsAggregate::SlaRates MetricsCache::firstResponseRates(const QList<bool> &selected, Grouping grouping) const
{
    const Keys keys = keysFor(grouping);
    DenseBuckets<MetricsAggregate::SlaBucket> groups(keys.range);
    std::array<qint32, 64> found {};
    MetricsAggregate::SlaBucket total;
    const auto add = [](MetricsAggregate::SlaBucket &b, qint64 id, Core::SlaState state) {
        appendOnce(b.conversationIds, id);
        switch (state) {
        case Core::SlaState::Met: ++b.met; break;
        case Core::SlaState::Missed: ++b.missed; break;
        case Core::SlaState::RunningAlreadyMissed: ++b.runningAlreadyMissed; break;
        case Core::SlaState::Running: ++b.running; break;
        case Core::SlaState::Stopped: ++b.stopped; break;
        }
        if (state == Core::SlaState::Missed || state == Core::SlaState::RunningAlreadyMissed)
            appendOnce(b.missedConversationIds, id);
    };
    for (const Clock &clock : m_clocks) {
        if (!selected.at(clock.conversation))
            continue;
        const qint64 id = m_ids.at(clock.conversation);
        const Core::SlaState state = clock.state;
        add(total, id, state);
        const int n = keysOf(keys, clock.conversation, clock.day, clock.agent, found);
        for (int k = 0; k < n; ++k)
            add(bucketAt(groups, keys, found[size_t(k)], clock.conversation), id, state);
    }
    MetricsAggregate::SlaRates out;
    out.target = Core::SlaTarget::FirstResponse;
    out.grouping = grouping;
    out.total = total;
    out.buckets = groups.list;
    if (grouping == Grouping::None && out.buckets.isEmpty())
        out.buckets.append(out.total);
    MetricsAggregate::sortBuckets(out.buckets, grouping);
    return out;
}

} // namespace Care::Store
