#include "store/MetricsCache.h"

#include "core/SlaClock.h"
#include "core/SlaEvaluation.h"
#include "store/Database.h"
#include "store/MetricsKept.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QSet>
#include <QVariant>
#include <algorithm>
#include <functional>
#include <utility>

namespace Care::Store {

namespace {

using Core::MetricsAggregate;
using Grouping = MetricsAggregate::Grouping;
using SampleState = MetricsAggregate::SampleState;

constexpr int kIdsPerRead = 500;
constexpr int kIdsPerFullRead = 5000;

// The still-running wait of the latest cycle (only the latest can still run), or nullptr.
Core::ConversationMetrics::Response *openWait(Core::ConversationMetrics::Cycle &cycle)
{
    Core::ConversationMetrics::Response *wait = nullptr;
    if (!cycle.nextResponses.isEmpty())
        wait = &cycle.nextResponses.last();
    else if (cycle.firstResponse)
        wait = &*cycle.firstResponse;
    return wait && wait->stillWaiting() ? wait : nullptr;
}

} // namespace

void MetricsCache::insertSortedOnce(QList<qint32> &list, qint32 value)
{
    const auto it = std::lower_bound(list.begin(), list.end(), value);
    if (it == list.end() || *it != value)
        list.insert(it, value);
}

qint32 MetricsCache::stringIndex(const QString &text)
{
    const auto it = m_stringIndex.constFind(text);
    if (it != m_stringIndex.cend())
        return *it;
    const qint32 index = qint32(m_strings.size());
    m_strings.append(text);
    m_stringIndex.insert(text, index);
    return index;
}

void MetricsCache::internStrings(ConversationMetricsRow &row)
{
    // The few distinct handles, policies, agents and tag lists, each kept once (implicitly
    // shared) instead of once per conversation.
    const auto intern = [this](QString &text) {
        if (!text.isEmpty())
            text = m_strings.at(stringIndex(text));
    };
    intern(row.accountHandle);
    intern(row.slaPolicy);
    intern(row.assignee);
    if (!row.tags.isEmpty()) {
        const auto known = m_tagLists.constFind(row.tags);
        if (known != m_tagLists.cend())
            row.tags = *known;
        else
            m_tagLists.insert(row.tags);
    }
    for (auto &cycle : row.metrics.cycles) {
        if (cycle.firstResponse)
            intern(cycle.firstResponse->agentId);
        for (auto &next : cycle.nextResponses)
            intern(next.agentId);
    }
}

qint32 MetricsCache::localDay(const QDateTime &instant) const
{
    if (!instant.isValid())
        return kNoDay;
    return qint32(instant.toTimeZone(m_calendar.timeZone()).date().toJulianDay());
}

MetricsCache::Conversation MetricsCache::entryFor(ConversationMetricsRow row, const QDateTime &now)
{
    Conversation entry;
    QList<Core::MetricEvent> upToNow;
    upToNow.reserve(row.events.size());
    QList<qint32> responders;
    const QTimeZone zone = m_calendar.timeZone();
    for (const Core::MetricEvent &event : std::as_const(row.events)) {
        if (event.isHumanResponse()) // the agent filter reads every reply, also one dated later
            insertSortedOnce(entry.responders, stringIndex(event.agentId));
        if (event.at > now) {
            entry.validUntilMs = std::min(entry.validUntilMs, event.at.toMSecsSinceEpoch());
            continue;
        }
        upToNow.append(event);
        if (event.kind == Core::MetricEvent::Kind::Inbound) {
            entry.inboundMs.append(event.at.toMSecsSinceEpoch());
            const QDateTime local = event.at.toTimeZone(zone);
            entry.inboundCell.append(quint8((local.date().dayOfWeek() - 1) * 24 + local.time().hour()));
        } else if (event.isHumanResponse()) {
            entry.replyMs.append(event.at.toMSecsSinceEpoch());
        }
    }
    std::sort(entry.replyMs.begin(), entry.replyMs.end());
    // Sorted together with their cells (the log is in time order already, so this keeps it).
    row.events = upToNow;
    row.metrics = Core::ConversationMetrics::compute(row.events, m_calendar, now);
    const Core::SlaPolicy policy = Core::SlaPolicy::select(m_policies, row.platform, row.priority, row.tags);
    row.slaPolicy = policy.name;
    const Core::SlaEvaluation evaluation
        = Core::SlaClock(policy, m_calendar).evaluate(Core::ConversationMetrics::slaEvents(row.events), now);
    row.slaState = evaluation.overallState();
    entry.sla = evaluation.measurements;
    entry.firstResponseTarget
        = !row.events.isEmpty() && policy.targetSeconds(Core::SlaTarget::FirstResponse).has_value();
    for (const QString &tag : std::as_const(row.tags)) {
        const qint32 index = stringIndex(tag.trimmed().toLower());
        if (index != 0 && !entry.tags.contains(index))
            entry.tags.append(index);
        const qint32 stored = stringIndex(tag);
        if (stored != 0 && !entry.storedTags.contains(stored))
            entry.storedTags.append(stored);
    }
    entry.assignee = stringIndex(row.assignee);
    entry.firstInMs = row.firstInboundAt.toMSecsSinceEpoch();
    const auto &cycles = row.metrics.cycles;
    entry.live = std::any_of(entry.sla.cbegin(), entry.sla.cend(), [](const auto &m) { return m.isRunning(); });
    if (!cycles.isEmpty()) {
        Core::ConversationMetrics::Cycle &last = row.metrics.cycles.last();
        entry.live = entry.live || !last.isResolved() || last.stillWaiting.has_value();
        if (!last.isResolved()) {
            entry.runningMs[0] = last.startedAt.msecsTo(now);
            entry.runningMs[1] = m_calendar.staffedMillisecondsBetween(last.startedAt, now);
        }
        if (const Core::ConversationMetrics::Response *wait = openWait(last)) {
            entry.runningMs[2] = wait->inboundAt.msecsTo(now);
            entry.runningMs[3] = m_calendar.staffedMillisecondsBetween(wait->inboundAt, now);
        }
    }
    for (const auto &cycle : row.metrics.cycles) {
        const auto addWait = [&entry, &zone](const Core::ConversationMetrics::Response &wait) {
            if (!wait.inboundAt.isValid())
                return;
            const qint64 inbound = wait.inboundAt.toMSecsSinceEpoch();
            const QDate day = wait.inboundAt.toTimeZone(zone).date();
            const bool atMidnight = QDateTime(day, QTime(0, 0), zone).toUTC().toMSecsSinceEpoch() >= inbound;
            entry.waits.append(Wait { inbound,
                wait.endedAt.isValid() ? wait.endedAt.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max(),
                day.toJulianDay() + (atMidnight ? 0 : 1),
                { wait.duration.wallClockSeconds, wait.duration.staffedSeconds } });
        };
        if (cycle.firstResponse)
            addWait(*cycle.firstResponse);
        for (const auto &next : cycle.nextResponses)
            addWait(next);
    }
    row.events.clear(); // read again when the conversation changes
    row.events.squeeze();
    internStrings(row);
    entry.row = std::make_shared<ConversationMetricsRow>(std::move(row));
    addSamples(entry);
    return entry;
}

void MetricsCache::bringForward(Conversation &entry, const QDateTime &now, qint64 wallMs, qint64 staffedMs) const
{
    // The row may be in a dashboard's hands (MetricsRows): changed in a copy then.
    if (entry.row.use_count() != 1)
        entry.row = std::make_shared<ConversationMetricsRow>(*entry.row);
    Core::ConversationMetrics &metrics = entry.row->metrics;
    metrics.computedAt = now;
    if (!metrics.cycles.isEmpty()) {
        // As ConversationMetrics::compute() finishes, from the time carried forward: a second
        // is counted once the milliseconds make one, as staffedSecondsBetween and secsTo do.
        Core::ConversationMetrics::Cycle &cycle = metrics.cycles.last();
        auto &running = entry.runningMs;
        if (!cycle.isResolved()) {
            running[0] += wallMs;
            running[1] += staffedMs;
            cycle.unresolvedFor = Core::ConversationMetrics::Duration { running[0] / 1000, running[1] / 1000 };
        }
        if (Core::ConversationMetrics::Response *wait = openWait(cycle)) {
            running[2] += wallMs;
            running[3] += staffedMs;
            wait->duration = Core::ConversationMetrics::Duration { running[2] / 1000, running[3] / 1000 };
            cycle.stillWaiting = wait->duration;
            // The open wait is the last kept one (see entryFor()).
            if (!entry.waits.isEmpty() && wait->inboundAt.isValid()
                && entry.waits.last().inboundMs == wait->inboundAt.toMSecsSinceEpoch()
                && entry.waits.last().endMs == std::numeric_limits<qint64>::max())
                entry.waits.last().seconds = { wait->duration.wallClockSeconds, wait->duration.staffedSeconds };
        }
    }
    // As SlaClock::evaluate(): a running clock that is not paused is late once `now` is past
    // its due time; a paused one keeps its state (its due time moves on with the pause).
    bool changed = false;
    for (Core::SlaMeasurement &m : entry.sla) {
        if (!m.isRunning() || m.paused)
            continue;
        const auto state = m.dueAt.isValid() && now > m.dueAt ? Core::SlaState::RunningAlreadyMissed
                                                              : Core::SlaState::Running;
        changed = changed || state != m.state;
        m.state = state;
    }
    if (changed) {
        Core::SlaEvaluation evaluation;
        evaluation.measurements = entry.sla;
        entry.row->slaState = evaluation.overallState();
    }
}

Core::Status MetricsCache::readConversations(Database &db, const QList<qint64> &ids, const QDateTime &now)
{
    // Everything (no ids): every conversation, a slice at a time, so that only one slice's
    // messages are in memory at once.
    const bool full = ids.isEmpty();
    QList<qint64> wanted = ids;
    if (full) {
        QSqlQuery q(db.connection());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id FROM conversations ORDER BY id")))
            return db.queryError(q, QStringLiteral("metrics conversations"));
        while (q.next())
            wanted << q.value(0).toLongLong();
    }
    const qsizetype perRead = full ? kIdsPerFullRead : kIdsPerRead;
    QList<QList<qint64>> chunks;
    for (qsizetype i = 0; i < wanted.size(); i += perRead)
        chunks.append(wanted.mid(i, perRead));
    MetricsQuery query(db);
    QHash<qint64, Conversation> read;
    for (const QList<qint64> &chunk : std::as_const(chunks)) {
        MetricsFilter filter;
        filter.ids = chunk;
        auto rows = query.readLogs(filter, QDateTime());
        if (!rows)
            return rows.error();
        // The latest status event and disposition of each (for MetricsFilter::activeSince).
        QHash<qint64, qint64> active;
        QStringList idText;
        for (qint64 id : chunk)
            idText << QString::number(id);
        const QString where = chunk.isEmpty() ? QString()
                                              : QStringLiteral(" WHERE conversation_id IN (%1)").arg(idText.join(u','));
        for (const QString &table : { QStringLiteral("conversation_events"), QStringLiteral("dispositions") }) {
            QSqlQuery q(db.connection());
            q.setForwardOnly(true);
            const QString sql = QStringLiteral("SELECT conversation_id, MAX(at) FROM %1%2 GROUP BY conversation_id")
                                    .arg(table, where);
            if (!q.exec(sql))
                return db.queryError(q, QStringLiteral("metrics activity"));
            while (q.next()) {
                qint64 &latest = active[q.value(0).toLongLong()];
                latest = std::max(latest, timeFromDb(q.value(1)).toMSecsSinceEpoch());
            }
        }
        for (ConversationMetricsRow &row : rows.value()) {
            const qint64 id = row.conversationId;
            const qint64 lastMessage = row.lastMessageAt.isValid() ? row.lastMessageAt.toMSecsSinceEpoch() : 0;
            Conversation entry = entryFor(std::move(row), now);
            entry.activeMs = std::max(lastMessage, active.value(id));
            read.insert(id, std::move(entry));
        }
    }
    m_lastRead = int(read.size());
    // What the columns' rebuild must sort again: everything, or these conversations.
    m_sortAll = m_sortAll || full;
    m_readIds += ids;
    if (full) {
        m_conversations.clear();
        m_indexOf.clear();
    }
    bool reorder = full;
    for (qint64 id : ids) {
        const auto found = read.find(id);
        const auto at = m_indexOf.constFind(id);
        if (found != read.end() && at != m_indexOf.cend()) {
            m_conversations[*at] = std::move(*found);
            read.erase(found);
        } else if (at != m_indexOf.cend()) {
            m_conversations[*at].row.reset(); // gone: removed below
            reorder = true;
        } else if (found != read.end()) {
            reorder = true;
        }
    }
    if (reorder) {
        QList<Conversation> all;
        all.reserve(m_conversations.size() + read.size());
        for (Conversation &entry : m_conversations) {
            if (entry.row)
                all.append(std::move(entry));
        }
        for (auto it = read.begin(); it != read.end(); ++it)
            all.append(std::move(*it));
        std::sort(all.begin(), all.end(),
            [](const Conversation &a, const Conversation &b) { return a.row->conversationId < b.row->conversationId; });
        m_conversations = std::move(all);
        m_indexOf.clear();
        for (qsizetype i = 0; i < m_conversations.size(); ++i)
            m_indexOf.insert(m_conversations.at(i).row->conversationId, qint32(i));
    }
    m_columnsDirty = true;
    return {};
}

Core::Status MetricsCache::refresh(Database &db, const QDateTime &now)
{
    if (!now.isValid())
        return Core::Error::make(Core::Error::Code::InvalidInput,
            QCoreApplication::translate("Care::Store::MetricsQuery", "A report needs the instant it is made (now)."));
    const QDateTime utcNow = now.toUTC();
    if (!canServe(utcNow))
        return Core::Error::make(Core::Error::Code::InvalidInput,
            QCoreApplication::translate(
                "Care::Store::MetricsCache", "The kept figures are newer than the instant asked for."));
    // The calendar and policies MetricsQuery computes with.
    auto context = db.slaContext();
    if (!context)
        return context.error();
    // Read the change number first: whatever changes while the logs are read is read again.
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM metrics_changes")) || !q.next())
        return db.queryError(q, QStringLiteral("metrics changes"));
    const qint64 seq = q.value(0).toLongLong();
    q.finish();

    const bool settingsChanged
        = !m_built || !(context->calendar == m_calendar) || !(context->policies == m_policies);
    bool loaded = false;
    m_lastKept = 0;
    if (settingsChanged) {
        m_calendar = context->calendar;
        m_policies = context->policies;
        m_fingerprint = MetricsKept::fingerprint(m_calendar, m_policies);
        m_keptInSync = false;
        // The first time in a session: the figures kept in the store, when they were computed
        // with this calendar and these policies (anything else reads every log).
        if (!m_built)
            loaded = loadKept(db, utcNow);
    }
    m_lastFull = settingsChanged && !loaded;
    QList<qint64> changed;
    if (m_lastFull) {
        if (Core::Status s = readConversations(db, {}, utcNow); !s)
            return s;
    } else {
        QSqlQuery c(db.connection());
        c.setForwardOnly(true);
        c.prepare(QStringLiteral("SELECT conversation_id FROM metrics_changes WHERE seq > :seq"));
        c.bindValue(QStringLiteral(":seq"), m_seq);
        if (!c.exec())
            return db.queryError(c, QStringLiteral("metrics changes"));
        while (c.next())
            changed << c.value(0).toLongLong();
        if (loaded) {
            // Conversations the kept figures lack (or that are gone) are read (or dropped) too.
            QSqlQuery ids(db.connection());
            ids.setForwardOnly(true);
            if (!ids.exec(QStringLiteral("SELECT id FROM conversations")))
                return db.queryError(ids, QStringLiteral("metrics conversations"));
            QSet<qint64> present;
            while (ids.next()) {
                const qint64 id = ids.value(0).toLongLong();
                present.insert(id);
                if (!m_indexOf.contains(id))
                    changed << id;
            }
            for (const Conversation &entry : std::as_const(m_conversations)) {
                if (!present.contains(entry.row->conversationId))
                    changed << entry.row->conversationId;
            }
        }
        const qint64 nowMs = utcNow.toMSecsSinceEpoch();
        if (m_columnsDirty || m_validUntilMs <= nowMs) {
            for (const Conversation &entry : std::as_const(m_conversations)) {
                if (entry.validUntilMs <= nowMs)
                    changed << entry.row->conversationId;
            }
        }
        std::sort(changed.begin(), changed.end());
        changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
        m_lastRead = 0;
        if (!changed.isEmpty()) {
            if (Core::Status s = readConversations(db, changed, utcNow); !s)
                return s;
        }
        // Every entry not read just now is as at the previous refresh: the same time has passed for
        // all (kept figures just loaded: since each was computed).
        const qint64 wallMs = m_asOf.msecsTo(utcNow);
        const qint64 staffedMs = m_calendar.staffedMillisecondsBetween(m_asOf, utcNow);
        QDateTime lastFrom;
        std::pair<qint64, qint64> lastSpan;
        const auto forward = [&](Conversation &entry) {
            const QDateTime &from = entry.row->metrics.computedAt;
            if (from == m_asOf) {
                bringForward(entry, utcNow, wallMs, staffedMs);
                return;
            }
            if (from != lastFrom) {
                lastFrom = from;
                lastSpan = { from.msecsTo(utcNow), m_calendar.staffedMillisecondsBetween(from, utcNow) };
            }
            bringForward(entry, utcNow, lastSpan.first, lastSpan.second);
        };
        if (m_columnsDirty) {
            for (Conversation &entry : m_conversations) {
                if (entry.live && entry.row->metrics.computedAt != utcNow)
                    forward(entry);
            }
        } else {
            // The columns say which are live; their open wait is the last of their waits.
            for (qsizetype i = 0; i < m_conversations.size(); ++i) {
                if (!m_liveOf.at(i))
                    continue;
                Conversation &entry = m_conversations[i];
                if (entry.row->metrics.computedAt == utcNow)
                    continue;
                forward(entry);
                if (!entry.waits.isEmpty())
                    m_waits[m_waitOffsets.at(i + 1) - 1] = entry.waits.constLast();
            }
            for (Clock &clock : m_clocks) {
                if (m_liveOf.at(clock.conversation))
                    clock.state = m_conversations.at(clock.conversation).sla.at(clock.measurement).state;
            }
        }
    }
    m_seq = seq;
    m_asOf = utcNow;
    m_built = true;
    if (m_columnsDirty)
        rebuildColumns();
    keep(db, m_lastFull, changed, seq);
    return {};
}

bool MetricsCache::loadKept(Database &db, const QDateTime &now)
{
    QSqlQuery state(db.connection());
    if (!state.exec(QStringLiteral("SELECT fingerprint, seq FROM metrics_kept_state WHERE id = 1")) || !state.next()
        || state.value(0).toString() != m_fingerprint)
        return false;
    const qint64 keptSeq = state.value(1).toLongLong();
    state.finish();
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT figures FROM metrics_kept ORDER BY conversation_id")))
        return false;
    const auto index = [this](const QString &text) { return stringIndex(text); };
    QList<Conversation> entries;
    while (q.next()) {
        std::optional<Conversation> entry = MetricsKept::decode(q.value(0).toByteArray(), index);
        if (!entry || !entry->row->metrics.computedAt.isValid())
            return false; // not figures this console wrote: every log is read instead
        // Computed after `now` (the clock went back): read again.
        if (entry->row->metrics.computedAt > now)
            entry->validUntilMs = std::numeric_limits<qint64>::min();
        internStrings(*entry->row);
        entries.append(std::move(*entry));
    }
    m_conversations = std::move(entries);
    m_indexOf.clear();
    for (qsizetype i = 0; i < m_conversations.size(); ++i)
        m_indexOf.insert(m_conversations.at(i).row->conversationId, qint32(i));
    m_seq = keptSeq;
    m_keptSeq = keptSeq;
    m_keptInSync = true;
    m_asOf = QDateTime(); // each entry is as at its own computation
    m_columnsDirty = true;
    m_sortAll = true;
    m_lastKept = int(m_conversations.size());
    return true;
}

void MetricsCache::keep(Database &db, bool all, const QList<qint64> &ids, qint64 seq)
{
    if (!all && (!m_keptInSync || (ids.isEmpty() && seq == m_keptSeq)))
        return;
    // Best effort: figures that cannot be kept (a read-only store, a role without the right)
    // are computed from the log again next session.
    const Core::Status kept = db.transaction([&]() -> Core::Status {
        QSqlQuery q(db.connection());
        if (all && !q.exec(QStringLiteral("DELETE FROM metrics_kept")))
            return db.queryError(q, QStringLiteral("metrics kept"));
        QSqlQuery upsert(db.connection());
        QSqlQuery remove(db.connection());
        if (!upsert.prepare(QStringLiteral("INSERT INTO metrics_kept (conversation_id, figures) VALUES (:id, :figures)"
                                           " ON CONFLICT (conversation_id) DO UPDATE SET figures = excluded.figures"))
            || !remove.prepare(QStringLiteral("DELETE FROM metrics_kept WHERE conversation_id = :id")))
            return db.queryError(upsert, QStringLiteral("metrics kept"));
        const auto put = [&](const Conversation &entry) -> Core::Status {
            upsert.bindValue(QStringLiteral(":id"), entry.row->conversationId);
            upsert.bindValue(QStringLiteral(":figures"), MetricsKept::encode(entry, m_strings));
            if (!upsert.exec())
                return db.queryError(upsert, QStringLiteral("metrics kept"));
            return {};
        };
        if (all) {
            for (const Conversation &entry : std::as_const(m_conversations)) {
                if (Core::Status s = put(entry); !s)
                    return s;
            }
        }
        for (qint64 id : ids) {
            const auto at = m_indexOf.constFind(id);
            if (at != m_indexOf.cend()) {
                if (Core::Status s = put(m_conversations.at(*at)); !s)
                    return s;
            } else {
                remove.bindValue(QStringLiteral(":id"), id);
                if (!remove.exec())
                    return db.queryError(remove, QStringLiteral("metrics kept"));
            }
        }
        QSqlQuery stamp(db.connection());
        stamp.prepare(QStringLiteral("INSERT INTO metrics_kept_state (id, fingerprint, seq) VALUES (1, :fingerprint, :seq)"
                                     " ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, seq = excluded.seq"));
        stamp.bindValue(QStringLiteral(":fingerprint"), m_fingerprint);
        stamp.bindValue(QStringLiteral(":seq"), seq);
        if (!stamp.exec())
            return db.queryError(stamp, QStringLiteral("metrics kept"));
        return {};
    });
    m_keptInSync = kept.ok();
    if (m_keptInSync)
        m_keptSeq = seq;
}

void MetricsCache::addSamples(Conversation &entry)
{
    constexpr std::array<MetricsAggregate::Metric, 5> metrics { MetricsAggregate::Metric::FirstResponse,
        MetricsAggregate::Metric::NextResponse, MetricsAggregate::Metric::WaitingTime,
        MetricsAggregate::Metric::Resolution, MetricsAggregate::Metric::Csat };
    const QList<MetricsAggregate::ConversationInput> input { entry.row->aggregateInput() };
    for (size_t m = 0; m < metrics.size(); ++m) {
        static_assert(int(MetricsAggregate::Metric::Csat) == 4);
        const auto wall = MetricsAggregate::samples(input, metrics[m], MetricsAggregate::Variant::WallClock);
        const auto staffed = MetricsAggregate::samples(input, metrics[m], MetricsAggregate::Variant::StaffedHours);
        QList<Sample> &out = entry.samples[size_t(metrics[m])];
        for (qsizetype s = 0; s < wall.size(); ++s) {
            Sample sample;
            sample.day = localDay(wall.at(s).bucketInstant);
            sample.agent = stringIndex(wall.at(s).agentId);
            sample.state = wall.at(s).state;
            sample.value = { wall.at(s).value, staffed.at(s).value };
            out.append(sample);
        }
    }
    if (!entry.firstResponseTarget)
        return;
    for (qsizetype k = 0; k < entry.sla.size(); ++k) {
        const Core::SlaMeasurement &m = entry.sla.at(k);
        if (m.target != Core::SlaTarget::FirstResponse)
            continue;
        const auto context = MetricsAggregate::clockContext(entry.row->metrics, m);
        entry.clocks.append({ qint32(k), localDay(context.bucketInstant), stringIndex(context.agentId) });
    }
}

void MetricsCache::rebuildColumns()
{
    for (auto &samples : m_samples)
        samples.clear();
    m_clocks.clear();
    const QList<qint64> oldIds = std::exchange(m_ids, {}); // ascending, as the entries
    m_facts.clear();
    m_storedTags.clear();
    m_responders.clear();
    m_inbound = {};
    m_replies = {};
    m_waitOffsets.clear();
    m_waits.clear();
    m_validUntilMs = std::numeric_limits<qint64>::max();
    m_platformOf.clear();
    m_liveOf.clear();
    m_tagOffsets.clear();
    m_tagIndexes.clear();
    m_accountRank.clear();
    m_accountIds.clear();
    m_minDay = std::numeric_limits<qint32>::max();
    m_maxDay = std::numeric_limits<qint32>::min() + 1;
    const auto seeDay = [this](qint32 day) {
        if (day != kNoDay) {
            m_minDay = std::min(m_minDay, day);
            m_maxDay = std::max(m_maxDay, day);
        }
    };
    for (const Conversation &entry : std::as_const(m_conversations)) {
        if (!m_accountIds.contains(entry.row->accountId))
            m_accountIds.append(entry.row->accountId);
    }
    std::sort(m_accountIds.begin(), m_accountIds.end());
    for (qsizetype i = 0; i < m_conversations.size(); ++i) {
        const Conversation &entry = m_conversations.at(i);
        const ConversationMetricsRow &row = *entry.row;
        m_facts.append(Facts { entry.firstInMs, entry.activeMs, row.accountId, row.conversationId, entry.assignee,
            quint8(row.platform), row.status == Core::ConversationStatus::Resolved, qint32(m_storedTags.size()),
            qint32(m_responders.size()) });
        m_storedTags.append(entry.storedTags);
        m_responders.append(entry.responders);
        m_inbound.offsets.append(qint32(m_inbound.ms.size()));
        m_inbound.ms.append(entry.inboundMs);
        m_inbound.cells.append(entry.inboundCell);
        m_replies.offsets.append(qint32(m_replies.ms.size()));
        m_replies.ms.append(entry.replyMs);
        m_waitOffsets.append(qint32(m_waits.size()));
        m_waits.append(entry.waits);
        m_validUntilMs = std::min(m_validUntilMs, entry.validUntilMs);
        m_ids.append(entry.row->conversationId);
        m_platformOf.append(quint8(entry.row->platform));
        m_liveOf.append(entry.live);
        m_tagOffsets.append(qint32(m_tagIndexes.size()));
        m_tagIndexes.append(entry.tags);
        m_accountRank.append(qint32(std::lower_bound(m_accountIds.cbegin(), m_accountIds.cend(), entry.row->accountId)
            - m_accountIds.cbegin()));
        for (const auto &samples : entry.samples) {
            for (const Sample &sample : samples)
                seeDay(sample.day);
        }
        for (const auto &clock : entry.clocks)
            seeDay(clock[1]);
        for (size_t m = 0; m < m_samples.size(); ++m) {
            for (Sample sample : entry.samples[m]) {
                sample.conversation = qint32(i);
                m_samples[m].append(sample);
            }
        }
        for (const auto &clock : entry.clocks)
            m_clocks.append(Clock { qint32(i), clock[0], clock[1], clock[2], entry.sla.at(clock[0]).state });
    }
    // The finished values in ascending order. When only some conversations were read again,
    // the others' values keep their order (their indexes renumbered) and the new ones are
    // merged in, instead of sorting every value again: the buckets take the values in order and
    // the order among equal values changes nothing they compute.
    const auto byValue = [](const Ranked &a, const Ranked &b) { return a.value < b.value; };
    QList<qint32> renumbered; // by old index: the new one; -1 when read again or gone
    QList<qint32> readAgain;  // new indexes of the conversations read again
    const bool merge = !m_sortAll && !oldIds.isEmpty();
    if (merge) {
        QSet<qint64> read(m_readIds.cbegin(), m_readIds.cend());
        renumbered.fill(-1, oldIds.size());
        for (qsizetype i = 0; i < m_ids.size(); ++i) {
            const qint64 id = m_ids.at(i);
            if (read.contains(id)) {
                readAgain << qint32(i);
                continue;
            }
            const auto old = std::lower_bound(oldIds.cbegin(), oldIds.cend(), id);
            if (old != oldIds.cend() && *old == id)
                renumbered[old - oldIds.cbegin()] = qint32(i);
        }
    }
    for (size_t m = 0; m < m_samples.size(); ++m) {
        const QList<Sample> &samples = m_samples[m];
        for (size_t v = 0; v < 2; ++v) {
            QList<Ranked> &order = m_finishedOrder[m][v];
            if (!merge) {
                order.clear();
                for (const Sample &sample : samples) {
                    if (sample.state == SampleState::Finished)
                        order.append(Ranked { sample.value[v], sample.conversation, sample.day, sample.agent });
                }
                std::stable_sort(order.begin(), order.end(), byValue);
                order.squeeze();
                continue;
            }
            QList<Ranked> kept;
            kept.reserve(order.size());
            for (Ranked r : std::as_const(order)) {
                r.conversation = renumbered.at(r.conversation);
                if (r.conversation >= 0)
                    kept.append(r);
            }
            QList<Ranked> added;
            for (qint32 i : std::as_const(readAgain)) {
                for (const Sample &sample : m_conversations.at(i).samples[m]) {
                    if (sample.state == SampleState::Finished)
                        added.append(Ranked { sample.value[v], i, sample.day, sample.agent });
                }
            }
            std::stable_sort(added.begin(), added.end(), byValue);
            QList<Ranked> merged(kept.size() + added.size());
            std::merge(kept.cbegin(), kept.cend(), added.cbegin(), added.cend(), merged.begin(), byValue);
            order = std::move(merged);
        }
    }
    m_sortAll = false;
    m_readIds.clear();
    // The columns grew by appending: give back what they did not fill.
    for (auto &samples : m_samples)
        samples.squeeze();
    m_clocks.squeeze();
    m_facts.squeeze();
    m_storedTags.squeeze();
    m_responders.squeeze();
    for (Instants *instants : { &m_inbound, &m_replies }) {
        instants->offsets.squeeze();
        instants->ms.squeeze();
        instants->cells.squeeze();
    }
    m_waitOffsets.squeeze();
    m_waits.squeeze();
    m_ids.squeeze();
    m_platformOf.squeeze();
    m_liveOf.squeeze();
    m_tagIndexes.squeeze();
    m_accountRank.squeeze();
    m_tagOffsets.append(qint32(m_tagIndexes.size()));
    m_inbound.offsets.append(qint32(m_inbound.ms.size()));
    m_replies.offsets.append(qint32(m_replies.ms.size()));
    m_waitOffsets.append(qint32(m_waits.size()));
    Facts end;
    end.storedTags = qint32(m_storedTags.size());
    end.responders = qint32(m_responders.size());
    m_facts.append(end);
    if (m_minDay > m_maxDay)
        m_minDay = m_maxDay = 0;
    m_columnsDirty = false;
}

} // namespace Care::Store
