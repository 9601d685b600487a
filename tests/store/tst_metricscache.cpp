// MetricsCache (the dashboard's kept figures) against a fresh computation from the event log
// (MetricsQuery::load and Core::MetricsAggregate), on both backends (CARE_TEST_BACKEND): after
// ingest, an agent's reply, a note, a status change, a reopen, a disposition, a CSAT answer, a
// tag change, time passing alone, and a calendar or SLA change. After each step the kept rows,
// every aggregate and the SLA met rates must equal the fresh ones, and the refresh must have
// read only the conversation that changed (everything after a calendar or SLA change). Then
// later sessions that start from the figures kept in the store (metrics_kept).
#include "StoreTestBackend.h"
#include "core/IncomingMessage.h"
#include "core/ManualClock.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/ConversationRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/MetricsCache.h"
#include "store/MetricsKept.h"
#include "store/MetricsQuery.h"
#include "store/WorkspaceSettings.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace Care;
using Core::MetricsAggregate;
using Store::ConversationMetricsRow;

namespace {

const QTimeZone kBerlin("Europe/Berlin");

QDateTime berlin(int day, int hour, int minute)
{
    return QDateTime(QDate(2026, 6, day), QTime(hour, minute), kBerlin).toUTC();
}

Core::BusinessCalendar officeHours(int closeAt)
{
    Core::BusinessCalendar calendar(kBerlin);
    for (auto day : { Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday })
        calendar.addRange(day, QTime(8, 0), QTime(closeAt, 0));
    return calendar;
}

QString describe(const Core::ConversationMetrics::Response &r)
{
    return QStringLiteral("[%1 %2 %3 %4 %5/%6 %7]")
        .arg(r.inboundAt.toString(Qt::ISODate), r.endedAt.toString(Qt::ISODate), QString::number(int(r.outcome)),
            r.agentId, QString::number(r.duration.wallClockSeconds), QString::number(r.duration.staffedSeconds),
            QString::number(r.endedByDisposition));
}

// Everything a row says, as text, so a difference shows where it is.
QString describe(const ConversationMetricsRow &row)
{
    QString out = QStringLiteral("%1 %2 %3 %4 %5 [%6] %7 %8 %9 %10 sla=%11 %12 at=%13\n")
                      .arg(row.conversationId)
                      .arg(Core::platformId(row.platform))
                      .arg(row.accountId)
                      .arg(row.accountHandle, row.customerName, row.tags.join(u','), row.assignee,
                          Core::statusId(row.status), Core::priorityId(row.priority))
                      .arg(row.firstInboundAt.toString(Qt::ISODate),
                          row.slaState ? Core::slaStateId(*row.slaState) : QStringLiteral("-"), row.slaPolicy,
                          row.metrics.computedAt.toString(Qt::ISODate));
    for (const auto &cycle : row.metrics.cycles) {
        out += QStringLiteral("  cycle %1 %2 %3 resolved=%4 res=%5 open=%6 wait=%7 still=%8 csat=%9 counts=%10\n")
                   .arg(cycle.index)
                   .arg(cycle.startedAt.toString(Qt::ISODate), cycle.firstInboundAt.toString(Qt::ISODate),
                       cycle.resolvedAt.toString(Qt::ISODate),
                       cycle.resolution ? QString::number(cycle.resolution->staffedSeconds) : QStringLiteral("-"),
                       cycle.unresolvedFor ? QStringLiteral("%1/%2")
                                                 .arg(cycle.unresolvedFor->wallClockSeconds)
                                                 .arg(cycle.unresolvedFor->staffedSeconds)
                                           : QStringLiteral("-"),
                       QString::number(cycle.waiting.staffedSeconds),
                       cycle.stillWaiting ? QString::number(cycle.stillWaiting->wallClockSeconds) : QStringLiteral("-"),
                       cycle.csatScore ? QString::number(*cycle.csatScore) : QStringLiteral("-"))
                   .arg(QStringLiteral("%1/%2/%3/%4")
                            .arg(cycle.inboundCount)
                            .arg(cycle.humanOutboundCount)
                            .arg(cycle.automaticCount)
                            .arg(cycle.noteCount));
        if (cycle.firstResponse)
            out += QStringLiteral("    first ") + describe(*cycle.firstResponse) + u'\n';
        for (const auto &next : cycle.nextResponses)
            out += QStringLiteral("    next ") + describe(next) + u'\n';
    }
    return out;
}

QString describe(const MetricsAggregate::Bucket &b)
{
    const auto ids = [](const QList<qint64> &list) {
        QStringList out;
        for (qint64 id : list)
            out << QString::number(id);
        return out.join(u' ');
    };
    return QStringLiteral("%1 %2 n=%3 med=%4 p90=%5 mean=%6 ids=%7 ended=%8 (%9) unfinished=%10 (%11)\n")
        .arg(b.key, b.periodStart.toString(Qt::ISODate))
        .arg(b.summary.count)
        .arg(b.summary.median)
        .arg(b.summary.p90)
        .arg(b.summary.mean)
        .arg(ids(b.conversationIds))
        .arg(b.endedWithoutResponse)
        .arg(ids(b.endedWithoutResponseIds))
        .arg(b.unfinished)
        .arg(ids(b.unfinishedIds));
}

QString describe(const MetricsAggregate &a)
{
    QString out = QStringLiteral("total ") + describe(a.total);
    for (const auto &b : a.buckets)
        out += describe(b);
    return out;
}

QString describe(const MetricsAggregate::SlaBucket &b)
{
    QStringList ids;
    for (qint64 id : b.conversationIds)
        ids << QString::number(id);
    QStringList missed;
    for (qint64 id : b.missedConversationIds)
        missed << QString::number(id);
    return QStringLiteral("%1 %2 %3/%4/%5/%6/%7 [%8] [%9]\n")
        .arg(b.key, b.periodStart.toString(Qt::ISODate))
        .arg(b.met)
        .arg(b.missed)
        .arg(b.runningAlreadyMissed)
        .arg(b.running)
        .arg(b.stopped)
        .arg(ids.join(u' '), missed.join(u' '));
}

QString describe(const MetricsAggregate::SlaRates &r)
{
    QString out = QStringLiteral("total ") + describe(r.total);
    for (const auto &b : r.buckets)
        out += describe(b);
    return out;
}

} // namespace

class TestMetricsCache : public QObject
{
    Q_OBJECT

private:
    bool m_postgres = false;
    Store::DatabaseLocation m_pgLocation;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store::Database> m_db;
    Core::ManualClock m_clock;
    Store::MetricsCache m_cache;
    std::unique_ptr<Store::MetricsCache> m_session; // a later console session's cache, when set

    Store::MetricsCache &cache() { return m_session ? *m_session : m_cache; }

    // A new console session: a cache that starts empty.
    Store::MetricsCache &newSession()
    {
        m_session = std::make_unique<Store::MetricsCache>();
        return *m_session;
    }

    qint64 account(Core::Platform platform, const QString &handle)
    {
        Core::Account a;
        a.platform = platform;
        a.handle = handle;
        a.name = handle;
        auto id = Store::AccountRepository(*m_db).ensure(a);
        return id ? id.value() : 0;
    }

    qint64 customerWrites(qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at,
        const QString &customer = QStringLiteral("dana"))
    {
        Core::IncomingMessage in;
        in.accountId = accountId;
        in.platformMessageId = pid;
        in.threadKey = thread;
        in.direction = Core::Direction::Inbound;
        in.customerPlatformUserId = customer;
        in.customerHandle = QStringLiteral("@") + customer;
        in.customerName = QStringLiteral("Name of ") + customer;
        in.body = QStringLiteral("Body of ") + pid;
        in.createdAt = at;
        m_clock.set(at);
        if (!Store::MessageRepository(*m_db).ingest({ in }).ok())
            return 0;
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("SELECT id FROM conversations WHERE account_id = :a AND thread_key = :t"));
        q.bindValue(QStringLiteral(":a"), accountId);
        q.bindValue(QStringLiteral(":t"), thread);
        return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    }

    bool pinLatest(const QString &table, qint64 conversation, const QDateTime &at)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("UPDATE %1 SET at = :at WHERE id = (SELECT max(id) FROM %1 WHERE conversation_id = :c)")
                      .arg(table));
        q.bindValue(QStringLiteral(":at"), at.toMSecsSinceEpoch());
        q.bindValue(QStringLiteral(":c"), conversation);
        return q.exec() && q.numRowsAffected() == 1;
    }

    // The cache brought to `now`, against everything computed again from the log at `now`.
    void compareAt(const QDateTime &now)
    {
        QVERIFY(cache().refresh(*m_db, now).ok());
        auto fresh = Store::MetricsQuery(*m_db).load(Store::MetricsFilter(), now);
        QVERIFY(fresh.ok());
        const QList<qint32> all = cache().select(Store::MetricsFilter(), {});
        QCOMPARE(all.size(), fresh->size());
        QString kept;
        QString computed;
        for (qsizetype i = 0; i < all.size(); ++i) {
            ConversationMetricsRow row = *cache().conversations().at(all.at(i)).row;
            row.metrics.computedAt = now;
            kept += describe(row);
            computed += describe(fresh->at(i));
        }
        QCOMPARE(kept, computed);

        auto context = m_db->slaContext();
        QVERIFY(context.ok());
        const auto inputs = Store::MetricsQuery::aggregateInputs(fresh.value());
        using G = MetricsAggregate::Grouping;
        for (auto metric : { MetricsAggregate::Metric::FirstResponse, MetricsAggregate::Metric::NextResponse,
                 MetricsAggregate::Metric::WaitingTime, MetricsAggregate::Metric::Resolution,
                 MetricsAggregate::Metric::Csat }) {
            for (auto variant : { MetricsAggregate::Variant::WallClock, MetricsAggregate::Variant::StaffedHours }) {
                for (auto grouping : { G::None, G::Day, G::Week, G::Month, G::Agent, G::Platform, G::Account, G::Tag }) {
                    const QString expected
                        = describe(MetricsAggregate::compute(inputs, metric, variant, grouping, context->calendar));
                    QCOMPARE(describe(cache().aggregate(all, metric, variant, grouping)), expected);
                }
            }
        }
        for (auto grouping : { G::None, G::Day, G::Agent, G::Tag }) {
            const auto expected = MetricsAggregate::slaRates(
                inputs, Core::SlaTarget::FirstResponse, context->policies, context->calendar, now, grouping);
            QCOMPARE(describe(cache().firstResponseRates(all, grouping)), describe(expected));
        }
        // A filter selects the same conversations as the store's query.
        for (const Store::MetricsFilter &filter : filters()) {
            auto selected = Store::MetricsQuery(*m_db).load(filter, now);
            QVERIFY(selected.ok());
            QList<qint64> expected;
            for (const auto &row : selected.value())
                expected << row.conversationId;
            QList<qint64> ids;
            for (qint32 i : cache().select(filter, {}))
                ids << cache().conversations().at(i).row->conversationId;
            QCOMPARE(ids, expected);
        }
    }

    static QList<Store::MetricsFilter> filters()
    {
        QList<Store::MetricsFilter> out(5);
        out[0].agent = QStringLiteral("ana");
        out[1].tag = QStringLiteral("Refund");
        out[2].platform = Core::Platform::Mastodon;
        out[3].from = berlin(9, 0, 0);
        out[4].activeSince = berlin(12, 0, 0);
        out[4].to = berlin(10, 0, 0);
        return out;
    }

private slots:
    void initTestCase()
    {
        if (const QString problem = Tests::chooseBackend(&m_postgres, &m_pgLocation); !problem.isEmpty())
            QFAIL(qPrintable(problem));
        m_dir = std::make_unique<QTemporaryDir>();
        auto db = Tests::openFreshStore(m_postgres, m_pgLocation, *m_dir, QStringLiteral("metricscache"));
        QVERIFY(db.ok());
        m_db = std::move(db).value();
        m_clock.set(berlin(1, 9, 0));
        m_db->setClock(&m_clock);
        Store::WorkspaceSettings settings(*m_db);
        QVERIFY(settings.setCalendar(officeHours(18), QStringLiteral("test")).ok());
        QVERIFY(settings.setAcknowledgementMode(QStringLiteral("off"), QStringLiteral("test")).ok());
        Core::SlaPolicy policy;
        policy.name = QStringLiteral("Team");
        policy.firstResponseSeconds = 3600;
        policy.nextResponseSeconds = 1800;
        policy.resolutionSeconds = 8 * 3600;
        policy.countStaffedHoursOnly = true;
        policy.pauseWhilePending = true;
        QVERIFY(settings.setSlaPolicies({ policy }, QStringLiteral("test")).ok());
    }

    void cleanupTestCase() { m_db.reset(); }

    // One store, one cache, step by step (each step builds on the ones before).
    void keptFiguresEqualTheLogAfterEveryChange()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("@acme@social"));
        const qint64 a = customerWrites(x, QStringLiteral("a1"), QStringLiteral("ta"), berlin(8, 9, 0));
        const qint64 b = customerWrites(mastodon, QStringLiteral("b1"), QStringLiteral("tb"), berlin(8, 10, 0),
            QStringLiteral("eli"));
        const qint64 c = customerWrites(x, QStringLiteral("c1"), QStringLiteral("tc"), berlin(11, 16, 0),
            QStringLiteral("fay"));
        QVERIFY(a > 0 && b > 0 && c > 0);
        compareAt(berlin(11, 17, 0));
        QVERIFY(m_cache.lastWasFull());
        QCOMPARE(m_cache.lastReadCount(), 3);

        // An agent's reply, then a note: only that conversation is read again.
        m_clock.set(berlin(11, 17, 10));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ana")).queueReply(a, Core::Visibility::Public, QStringLiteral("Hi")).ok());
        compareAt(berlin(11, 17, 20));
        QVERIFY(!m_cache.lastWasFull());
        QCOMPARE(m_cache.lastReadCount(), 1);
        m_clock.set(berlin(11, 17, 30));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ben")).addNote(b, QStringLiteral("Checking")).ok());
        compareAt(berlin(11, 17, 40));
        QCOMPARE(m_cache.lastReadCount(), 1);

        // Pending (the SLA clock pauses), resolved, then a reopen by the customer.
        m_clock.set(berlin(11, 17, 45));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ben")).setStatus(b, Core::ConversationStatus::Pending).ok());
        QVERIFY(pinLatest(QStringLiteral("conversation_events"), b, berlin(11, 17, 45)));
        compareAt(berlin(11, 17, 50));
        QCOMPARE(m_cache.lastReadCount(), 1);
        m_clock.set(berlin(12, 9, 0));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ana")).setStatus(a, Core::ConversationStatus::Resolved).ok());
        QVERIFY(pinLatest(QStringLiteral("conversation_events"), a, berlin(12, 9, 0)));
        compareAt(berlin(12, 9, 5));
        QCOMPARE(m_cache.lastReadCount(), 1);
        QVERIFY(customerWrites(x, QStringLiteral("a2"), QStringLiteral("ta"), berlin(12, 11, 0)) == a);
        compareAt(berlin(12, 11, 5));
        QCOMPARE(m_cache.lastReadCount(), 1);

        // "No reply needed", a CSAT answer, a tag.
        m_clock.set(berlin(12, 12, 0));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ben"))
                    .dispose(c, Store::DispositionReason::PraiseAcknowledged, QString())
                    .ok());
        QVERIFY(pinLatest(QStringLiteral("dispositions"), c, berlin(12, 12, 0)));
        compareAt(berlin(12, 12, 5));
        QCOMPARE(m_cache.lastReadCount(), 1);
        {
            QSqlQuery q(m_db->connection());
            q.prepare(QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor, detail) "
                                     "VALUES (:c, :at, 'csat', 'customer', '4')"));
            q.bindValue(QStringLiteral(":c"), a);
            q.bindValue(QStringLiteral(":at"), berlin(12, 12, 30).toMSecsSinceEpoch());
            QVERIFY(q.exec());
        }
        compareAt(berlin(12, 12, 40));
        QCOMPARE(m_cache.lastReadCount(), 1);
        QVERIFY(Store::ConversationRepository(*m_db).setTags(b, { QStringLiteral("refund") }).ok());
        compareAt(berlin(12, 12, 50));
        QCOMPARE(m_cache.lastReadCount(), 1);

        // Time alone: nothing is read, the waits still open and the SLA clocks move on.
        compareAt(berlin(15, 16, 0));
        QCOMPARE(m_cache.lastReadCount(), 0);
        compareAt(berlin(18, 10, 0));
        QCOMPARE(m_cache.lastReadCount(), 0);

        // The calendar and the SLA apply to history: everything is computed again.
        QVERIFY(Store::WorkspaceSettings(*m_db).setCalendar(officeHours(12), QStringLiteral("test")).ok());
        m_db->invalidateSlaContext();
        compareAt(berlin(18, 10, 5));
        QVERIFY(m_cache.lastWasFull());
        auto policies = Store::WorkspaceSettings(*m_db).slaPolicies();
        QVERIFY(policies.ok());
        QList<Core::SlaPolicy> changed = policies.value();
        changed.first().firstResponseSeconds = 60;
        QVERIFY(Store::WorkspaceSettings(*m_db).setSlaPolicies(changed, QStringLiteral("test")).ok());
        m_db->invalidateSlaContext();
        compareAt(berlin(18, 10, 10));
        QVERIFY(m_cache.lastWasFull());

        // An earlier instant than the kept figures cannot be served.
        QVERIFY(!m_cache.canServe(berlin(18, 10, 0)));
        QVERIFY(!m_cache.refresh(*m_db, berlin(18, 10, 0)).ok());
    }

    // The kept bytes give back exactly the entry written (times in a zone too), and no prefix
    // of them passes for an entry.
    void keptBytesGiveBackTheEntry()
    {
        QVERIFY(!m_cache.conversations().isEmpty());
        Store::MetricsCache::Conversation entry = m_cache.conversations().constFirst();
        entry.row = std::make_shared<ConversationMetricsRow>(*entry.row);
        entry.row->lastMessageAt = QDateTime(QDate(2026, 6, 3), QTime(10, 30), kBerlin);
        QVERIFY(!entry.sla.isEmpty());
        entry.sla.first().dueAt = QDateTime(QDate(2026, 6, 4), QTime(9, 15), kBerlin);
        const QStringList &strings = m_cache.strings();
        const QByteArray bytes = Store::MetricsKept::encode(entry, strings);
        QStringList seen;
        const auto index = [&seen](const QString &text) {
            seen << text;
            return qint32(seen.size() - 1);
        };
        const auto back = Store::MetricsKept::decode(bytes, index);
        QVERIFY(back.has_value());
        QCOMPARE(describe(*back->row), describe(*entry.row));
        QCOMPARE(back->row->lastMessageAt.timeZone(), kBerlin);
        QCOMPARE(back->row->lastMessageAt, entry.row->lastMessageAt);
        QCOMPARE(back->sla.size(), entry.sla.size());
        for (qsizetype k = 0; k < entry.sla.size(); ++k) {
            QCOMPARE(back->sla.at(k).dueAt.toString(Qt::ISODate), entry.sla.at(k).dueAt.toString(Qt::ISODate));
            QCOMPARE(back->sla.at(k).state, entry.sla.at(k).state);
            QCOMPARE(back->sla.at(k).countedSeconds, entry.sla.at(k).countedSeconds);
        }
        QCOMPARE(back->inboundMs, entry.inboundMs);
        QCOMPARE(back->inboundCell, entry.inboundCell);
        QCOMPARE(back->replyMs, entry.replyMs);
        QCOMPARE(back->runningMs, entry.runningMs);
        QCOMPARE(back->validUntilMs, entry.validUntilMs);
        QCOMPARE(back->live, entry.live);
        QCOMPARE(seen.at(back->assignee), strings.at(entry.assignee));
        for (size_t m = 0; m < entry.samples.size(); ++m) {
            QCOMPARE(back->samples[m].size(), entry.samples[m].size());
            for (qsizetype k = 0; k < entry.samples[m].size(); ++k) {
                QCOMPARE(back->samples[m].at(k).value, entry.samples[m].at(k).value);
                QCOMPARE(back->samples[m].at(k).day, entry.samples[m].at(k).day);
                QCOMPARE(seen.at(back->samples[m].at(k).agent), strings.at(entry.samples[m].at(k).agent));
            }
        }
        QCOMPARE(back->waits.size(), entry.waits.size());
        for (qsizetype k = 0; k < entry.waits.size(); ++k)
            QCOMPARE(back->waits.at(k).seconds, entry.waits.at(k).seconds);
        for (qsizetype cut = 0; cut < bytes.size(); ++cut)
            QVERIFY2(!Store::MetricsKept::decode(bytes.left(cut), index), qPrintable(QString::number(cut)));
    }

    // A new session takes the figures kept in the store (metrics_kept, schema v16) instead of
    // every log, and they equal the log: at a later instant (the open waits and clocks carried
    // forward from when each was computed), after changes made while no console was open, and
    // never when the calendar or the SLA changed or the kept bytes are damaged.
    void figuresKeptInTheStoreEqualTheLog()
    {
        // The previous test's last refresh computed everything and kept it.
        newSession();
        compareAt(berlin(18, 11, 0));
        QVERIFY(!m_session->lastWasFull());
        QCOMPARE(m_session->lastKeptCount(), 3);
        QCOMPARE(m_session->lastReadCount(), 0);

        // Changed meanwhile: a new message and a new conversation are read, the rest is kept ...
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        QVERIFY(customerWrites(x, QStringLiteral("a3"), QStringLiteral("ta"), berlin(18, 12, 0)) > 0);
        QVERIFY(customerWrites(x, QStringLiteral("d1"), QStringLiteral("td"), berlin(18, 12, 30), QStringLiteral("gil")) > 0);
        newSession();
        compareAt(berlin(19, 9, 0));
        QCOMPARE(m_session->lastKeptCount(), 3);
        QCOMPARE(m_session->lastReadCount(), 2);
        // ... and what that session read is kept in its turn, as are its later changes.
        m_clock.set(berlin(19, 9, 10));
        const qint64 d = customerWrites(x, QStringLiteral("d2"), QStringLiteral("td"), berlin(19, 9, 10), QStringLiteral("gil"));
        QVERIFY(d > 0);
        compareAt(berlin(19, 9, 20));
        QCOMPARE(m_session->lastReadCount(), 1);
        newSession();
        compareAt(berlin(19, 9, 30));
        QCOMPARE(m_session->lastKeptCount(), 4);
        QCOMPARE(m_session->lastReadCount(), 0);

        // Kept at a later instant than asked for (the clock went back): that one is read again
        // (d's figures are as at 9:20; the others' as at 9:00 or before).
        newSession();
        compareAt(berlin(19, 9, 15));
        QCOMPARE(m_session->lastKeptCount(), 4);
        QCOMPARE(m_session->lastReadCount(), 1);

        // A calendar change, then an SLA change: the kept figures do not apply; all is read and kept anew.
        QVERIFY(Store::WorkspaceSettings(*m_db).setCalendar(officeHours(17), QStringLiteral("test")).ok());
        m_db->invalidateSlaContext();
        newSession();
        compareAt(berlin(19, 10, 0));
        QVERIFY(m_session->lastWasFull());
        QCOMPARE(m_session->lastKeptCount(), 0);
        QCOMPARE(m_session->lastReadCount(), 4);
        auto policies = Store::WorkspaceSettings(*m_db).slaPolicies();
        QVERIFY(policies.ok());
        QList<Core::SlaPolicy> changed = policies.value();
        changed.first().firstResponseSeconds = 120;
        QVERIFY(Store::WorkspaceSettings(*m_db).setSlaPolicies(changed, QStringLiteral("test")).ok());
        m_db->invalidateSlaContext();
        newSession();
        compareAt(berlin(19, 10, 10));
        QVERIFY(m_session->lastWasFull());
        QCOMPARE(m_session->lastKeptCount(), 0);
        newSession();
        compareAt(berlin(19, 10, 20));
        QCOMPARE(m_session->lastKeptCount(), 4);
        QCOMPARE(m_session->lastReadCount(), 0);

        // Damaged kept bytes are not used: every log is read instead.
        {
            QSqlQuery q(m_db->connection());
            q.prepare(QStringLiteral("UPDATE metrics_kept SET figures = :f WHERE conversation_id = :c"));
            q.bindValue(QStringLiteral(":f"), QByteArrayLiteral("not figures"));
            q.bindValue(QStringLiteral(":c"), d);
            QVERIFY(q.exec());
            QCOMPARE(q.numRowsAffected(), 1);
        }
        newSession();
        compareAt(berlin(19, 10, 30));
        QVERIFY(m_session->lastWasFull());
        QCOMPARE(m_session->lastKeptCount(), 0);
        QCOMPARE(m_session->lastReadCount(), 4);
    }
};

QTEST_GUILESS_MAIN(TestMetricsCache)
#include "tst_metricscache.moc"
