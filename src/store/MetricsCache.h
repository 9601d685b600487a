#pragma once

#include "core/Agent.h"
#include "core/BusinessCalendar.h"
#include "core/MetricsAggregate.h"
#include "core/Result.h"
#include "core/SlaMeasurement.h"
#include "core/SlaPolicy.h"
#include "store/MetricsQuery.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <array>
#include <limits>
#include <memory>

namespace Care::Store {

class Database;
template<typename BucketT>
struct DenseBuckets;

// The response-time figures of every conversation, computed once from its event log and kept
// in memory, column by column, so that a dashboard filter change (period, channel, account,
// agent, team, tag, staffed or wall clock) is arithmetic over these columns, not a new read of
// a million messages (docs/performance.md).
//
// The figures stay exactly those of MetricsQuery::load() at the refresh's `now`:
//   - a conversation whose log changed is read and computed again: the store's triggers give it
//     the next number in metrics_changes (schema v14), and refresh() reads what came after the
//     highest number it has seen;
//   - a changed calendar or SLA policy computes everything again (it applies to history);
//   - what depends on `now` alone - the wait still running, the age of a cycle not resolved
//     yet, an SLA clock running past its due time - is brought forward for the conversations
//     still running, and an event dated after the last refresh's `now` (not read then) has the
//     conversation computed again once `now` reaches it.
// Lives on the store thread (one StoreWorker job at a time); not thread-safe.
class MetricsCache
{
public:
    // One value behind a figure, as MetricsAggregate::samples() gives it, in both variants.
    struct Sample
    {
        qint32 conversation = 0; // index into conversations()
        qint32 day = 0;          // Julian day of the local date (calendar zone) of its bucket instant
        qint32 agent = 0;        // index into strings(); 0 is nobody
        Core::MetricsAggregate::SampleState state = Core::MetricsAggregate::SampleState::Finished;
        std::array<double, 2> value {}; // by Variant: wall clock, staffed
    };

    struct Wait
    {
        qint64 inboundMs = 0; // the customer's message (ms since the epoch)
        qint64 endMs = 0;     // its end; still open: the largest qint64
        qint64 firstMidnight = 0; // Julian day of the first local midnight at or after the message
        std::array<qint64, 2> seconds {}; // its duration by Variant (wall clock, staffed), as at the last refresh
    };

    struct Conversation
    {
        // Figures as at the last refresh; events dropped. Shared with the dashboards that show
        // it (MetricsRows): replaced, never changed, once handed out.
        std::shared_ptr<ConversationMetricsRow> row;
        QList<qint64> inboundMs;    // customer messages of the log (ms since the epoch), ascending
        QList<quint8> inboundCell;  // the local weekday (Monday 0) * 24 + hour of each
        QList<qint64> replyMs;      // messages people on the team sent the customer, ascending
        QList<qint32> responders;   // agents who sent one (strings()), ascending, each once
        QList<qint32> tags;         // trimmed, lower case, each once (strings()), in stored order
        QList<qint32> storedTags;   // as stored, each once, none empty (strings())
        qint32 assignee = 0;
        qint64 firstInMs = 0;
        qint64 activeMs = 0; // latest message, status event or disposition (MetricsFilter::activeSince)
        QList<Core::SlaMeasurement> sla; // every clock under the conversation's policy
        bool firstResponseTarget = false; // the policy has one and the log is not empty
        qint64 validUntilMs = std::numeric_limits<qint64>::max(); // the first event after `now`
        bool live = false; // something still runs at `now`: a wait, a cycle or an SLA clock
        // Up to the last refresh, in ms: the wall clock and staffed time of the cycle not resolved
        // yet, then of the wait still open (carried forward, never measured again from the start).
        std::array<qint64, 4> runningMs {};
        std::array<QList<Sample>, 5> samples; // by Metric (Sample::conversation is filled in the columns)
        QList<std::array<qint32, 3>> clocks;  // first-response clocks: index into sla, day, agent
        // Every wait (first and next responses) with a customer message, in the order of the
        // cycles (a cycle's first response, then its next responses).
        QList<Wait> waits;
    };

    // Brings the cache to `now`: reads the conversations that changed (everything the first
    // time, or when the calendar or an SLA policy changed), brings the running ones forward.
    // Fails for a `now` before the previous refresh (use MetricsQuery then).
    Core::Status refresh(Database &db, const QDateTime &now);
    bool canServe(const QDateTime &now) const { return !m_asOf.isValid() || now.toUTC() >= m_asOf; }

    // What the last refresh did: conversations read from the log, and whether it read them all.
    int lastReadCount() const { return m_lastRead; }
    bool lastWasFull() const { return m_lastFull; }
    // How many conversations the last refresh took from the figures kept in the store
    // (metrics_kept, schema v16) instead of their logs: only the first refresh of a session.
    int lastKeptCount() const { return m_lastKept; }

    const QList<Conversation> &conversations() const { return m_conversations; }
    const QStringList &strings() const { return m_strings; }
    const Core::BusinessCalendar &calendar() const { return m_calendar; }
    const QDateTime &asOf() const { return m_asOf; }

    // The conversations `filter` selects (MetricsQuery's Selection, activeSince included), as
    // ascending indexes into conversations(). `agents` resolves the team filter.
    QList<qint32> select(const MetricsFilter &filter, const QList<Core::Agent> &agents) const;
    // The same aggregate and SLA met rate as Core::MetricsAggregate over these conversations.
    Core::MetricsAggregate aggregate(const QList<qint32> &selection, Core::MetricsAggregate::Metric metric,
        Core::MetricsAggregate::Variant variant, Core::MetricsAggregate::Grouping grouping) const;
    // The same for several groupings at once, over a mask() of the selection: one pass over the
    // samples, the total counted once.
    QList<Core::MetricsAggregate> aggregate(const QList<bool> &selected, Core::MetricsAggregate::Metric metric,
        Core::MetricsAggregate::Variant variant, const QList<Core::MetricsAggregate::Grouping> &groupings) const;
    Core::MetricsAggregate::SlaRates firstResponseRates(
        const QList<qint32> &selection, Core::MetricsAggregate::Grouping grouping) const;
    Core::MetricsAggregate::SlaRates firstResponseRates(
        const QList<bool> &selected, Core::MetricsAggregate::Grouping grouping) const;
    // By conversation index: whether `selection` holds it.
    QList<bool> mask(const QList<qint32> &selection) const;
    const QList<Sample> &samples(Core::MetricsAggregate::Metric metric) const;

    // Every conversation's instants in one flat column (Conversation::inboundMs with their
    // cells, Conversation::replyMs): conversation i's are [offsets[i], offsets[i + 1]).
    struct Instants
    {
        QList<qint32> offsets;
        QList<qint64> ms;
        QList<quint8> cells; // customer messages only
    };
    const Instants &inbound() const { return m_inbound; }
    const Instants &replies() const { return m_replies; }
    // Every conversation's waits (Conversation::waits) in one column: conversation i's are
    // [waitOffsets()[i], waitOffsets()[i + 1]). And each conversation's id, by index.
    const QList<qint32> &waitOffsets() const { return m_waitOffsets; }
    const QList<Wait> &waits() const { return m_waits; }
    const QList<qint64> &ids() const { return m_ids; }
    // Conversation i's first customer message (Conversation::firstInMs).
    qint64 firstInboundMs(qint32 i) const { return m_facts.at(i).firstInMs; }
    // Conversation i's stored tags (Conversation::storedTags), as [first, end).
    std::pair<const qint32 *, const qint32 *> storedTagsOf(qint32 i) const
    {
        return { m_storedTags.constData() + m_facts.at(i).storedTags,
            m_storedTags.constData() + m_facts.at(i + 1).storedTags };
    }

private:
    // How one aggregate numbers its buckets' keys densely (see keysOf()).
    struct Keys
    {
        Core::MetricsAggregate::Grouping grouping = Core::MetricsAggregate::Grouping::None;
        qint32 range = 1;
    };
    Keys keysFor(Core::MetricsAggregate::Grouping grouping) const;
    int keysOf(const Keys &keys, qint32 conversation, qint32 day, qint32 agent, std::array<qint32, 64> &out) const;
    std::pair<QString, QDate> bucketName(const Keys &keys, qint32 key, qint32 conversation) const;
    template<typename BucketT>
    BucketT &bucketAt(DenseBuckets<BucketT> &buckets, const Keys &keys, qint32 key, qint32 conversation) const;

    struct Clock
    {
        qint32 conversation = 0;
        qint32 measurement = 0; // index into Conversation::sla
        qint32 day = 0;
        qint32 agent = 0;
        Core::SlaState state = Core::SlaState::Running; // as at the last refresh
    };

    Core::Status readConversations(Database &db, const QList<qint64> &ids, const QDateTime &now);
    // The figures kept in the store, when computed with this calendar and these policies; false
    // (nothing changed here) when there are none to use.
    bool loadKept(Database &db, const QDateTime &now);
    // Keeps in the store what this refresh read: everything (`all`), or the conversations `ids`
    // (read again, or gone), as following the log up to change number `seq`.
    void keep(Database &db, bool all, const QList<qint64> &ids, qint64 seq);
    Conversation entryFor(ConversationMetricsRow row, const QDateTime &now);
    void bringForward(Conversation &entry, const QDateTime &now, qint64 wallMs, qint64 staffedMs) const;
    void rebuildColumns();
    void addSamples(Conversation &entry);
    static constexpr qint32 kNoDay = std::numeric_limits<qint32>::min(); // a sample without a day
    static void insertSortedOnce(QList<qint32> &list, qint32 value);
    qint32 stringIndex(const QString &text);
    void internStrings(ConversationMetricsRow &row);
    qint32 localDay(const QDateTime &instant) const;

    Core::BusinessCalendar m_calendar { QTimeZone::utc() };
    QList<Core::SlaPolicy> m_policies;
    bool m_built = false;
    QDateTime m_asOf;
    qint64 m_seq = 0;
    int m_lastRead = 0;
    bool m_lastFull = false;
    int m_lastKept = 0;
    QString m_fingerprint; // MetricsKept::fingerprint() of m_calendar and m_policies
    bool m_keptInSync = false; // metrics_kept holds these figures up to m_keptSeq
    qint64 m_keptSeq = 0;
    QList<Conversation> m_conversations; // by id
    QHash<qint64, qint32> m_indexOf;
    QStringList m_strings { QString() };
    QHash<QString, qint32> m_stringIndex { { QString(), 0 } };
    QSet<QStringList> m_tagLists; // the rows' tag lists, each kept once
    bool m_columnsDirty = true;
    bool m_sortAll = true;    // the next rebuild sorts every value again (else: m_readIds merged in)
    QList<qint64> m_readIds;  // read since the last rebuild
    std::array<QList<Sample>, 5> m_samples; // by Metric, in conversation order
    // The finished samples by value, per metric and variant, with what their buckets need, so
    // the values are read in order without touching the samples.
    struct Ranked
    {
        double value = 0;
        qint32 conversation = 0;
        qint32 day = 0;
        qint32 agent = 0;
    };
    std::array<std::array<QList<Ranked>, 2>, 5> m_finishedOrder;
    QList<quint8> m_platformOf;   // by conversation index
    QList<bool> m_liveOf;         // by conversation index: Conversation::live
    QList<qint32> m_tagOffsets;   // by conversation index: where its tags start in m_tagIndexes (one more at the end)
    QList<qint32> m_tagIndexes;
    // What select() filters by, one compact record per conversation (not the entries, which
    // are large and spread out), and the stored tags and responders, flat.
    struct Facts
    {
        qint64 firstInMs = 0;
        qint64 activeMs = 0;
        qint64 accountId = 0;
        qint64 id = 0;
        qint32 assignee = 0;
        quint8 platform = 0;
        bool resolved = false;
        qint32 storedTags = 0; // where its stored tags start in m_storedTags (end: the next one's)
        qint32 responders = 0; // the same in m_responders
    };
    QList<Facts> m_facts; // one more at the end: the ends of the last one's lists
    QList<qint32> m_storedTags;
    QList<qint32> m_responders;
    Instants m_inbound;
    Instants m_replies;
    QList<qint32> m_waitOffsets;
    QList<Wait> m_waits;
    qint64 m_validUntilMs = std::numeric_limits<qint64>::max(); // the earliest Conversation::validUntilMs
    QList<Clock> m_clocks; // first-response clocks, in conversation order
    QList<qint64> m_ids;  // by conversation index, compact for the aggregates
    QList<qint32> m_accountRank; // by conversation index: its account's rank in m_accountIds
    QList<qint64> m_accountIds;  // ascending
    qint32 m_minDay = 0;
    qint32 m_maxDay = 0;
};

} // namespace Care::Store
