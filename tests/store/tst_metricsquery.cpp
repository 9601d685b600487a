// Response-time reports from the store (MetricsQuery, MetricsCsv), on both backends
// (CARE_TEST_BACKEND=sqlite or postgresql, as tst_outbox): the event log the store writes
// through ingest and the agents' actions, read back into the metrics engine; which
// conversations a filter selects; and the CSV export.
//
// Times are fixed: the store's clock (Database::setClock) dates the messages the actions write.
// Status changes and dispositions are dated by the system clock, so each is dated back to its
// fixed instant right after it is made (as tst_store_actions does).
#include "StoreTestBackend.h"
#include "core/IncomingMessage.h"
#include "core/ManualClock.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/MetricsCsv.h"
#include "store/MetricsQuery.h"
#include "store/OutboxRepository.h"
#include "store/WorkspaceSettings.h"

#include <QBuffer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace Care;
using Core::ConversationStatus;
using Core::Direction;
using Core::IncomingMessage;
using Core::Visibility;
using Metric = Core::MetricsAggregate::Metric;
using Variant = Core::MetricsAggregate::Variant;
using Grouping = Core::MetricsAggregate::Grouping;
using Store::ConversationActions;
using Store::ConversationMetricsRow;
using Store::MetricsCsv;
using Store::MetricsFilter;
using Store::MetricsQuery;

#define QVERIFY_OK(result)                                                                                             \
    do {                                                                                                               \
        const auto &result_ = (result);                                                                                \
        QVERIFY2(result_.ok(), result_.ok() ? "" : qPrintable(result_.error().fullText() + result_.error().detail));   \
    } while (false)

#define COMPARE_DURATION(duration, wall, staffed)                                                                      \
    do {                                                                                                               \
        const Core::ConversationMetrics::Duration d_ = (duration);                                                     \
        QCOMPARE(d_.wallClockSeconds, qint64(wall));                                                                   \
        QCOMPARE(d_.staffedSeconds, qint64(staffed));                                                                  \
    } while (false)

namespace {

const QTimeZone kBerlin("Europe/Berlin");

// June 2026, Berlin time (UTC+2), as in docs/metrics.md's worked example.
QDateTime berlin(int day, int hour, int minute, int second = 0)
{
    return QDateTime(QDate(2026, 6, day), QTime(hour, minute, second), kBerlin).toUTC();
}

// The worked example's team: Monday to Friday, 08:00–12:00 and 14:00–18:00, Berlin time.
Core::BusinessCalendar splitShiftCalendar()
{
    Core::BusinessCalendar calendar(kBerlin);
    for (auto day : { Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday }) {
        calendar.addRange(day, QTime(8, 0), QTime(12, 0));
        calendar.addRange(day, QTime(14, 0), QTime(18, 0));
    }
    return calendar;
}

// RFC 4180 reader for checking the export: quoted fields, doubled quotes, CRLF record ends.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (quoted) {
            if (c == QLatin1Char('"') && next == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record << field;
            field.clear();
        } else if (c == QLatin1Char('\r') && next == QLatin1Char('\n')) {
            record << field;
            field.clear();
            records << record;
            record.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return records;
}

QList<qint64> idsOf(const QList<ConversationMetricsRow> &rows)
{
    QList<qint64> ids;
    for (const ConversationMetricsRow &row : rows)
        ids << row.conversationId;
    return ids;
}

} // namespace

class TestMetricsQuery : public QObject
{
    Q_OBJECT

private:
    bool m_postgres = false;
    Store::DatabaseLocation m_pgLocation;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store::Database> m_db;
    Core::ManualClock m_clock;

    QVariant value(const QString &sql, const QVariantMap &bindings = {})
    {
        QSqlQuery q(m_db->connection());
        q.prepare(sql);
        for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
            q.bindValue(it.key(), it.value());
        if (!q.exec() || !q.next()) {
            qWarning() << "query failed:" << sql << q.lastError().text();
            return {};
        }
        return q.value(0);
    }

    qint64 scalar(const QString &sql, const QVariantMap &bindings = {})
    {
        const QVariant v = value(sql, bindings);
        return v.isValid() ? v.toLongLong() : -1;
    }

    bool exec(const QString &sql, const QVariantMap &bindings)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(sql);
        for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
            q.bindValue(it.key(), it.value());
        if (!q.exec()) {
            qWarning() << "statement failed:" << sql << q.lastError().text();
            return false;
        }
        return q.numRowsAffected() == 1;
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

    static IncomingMessage inbound(qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at,
        const QString &customer = QStringLiteral("dana"), const QString &name = {})
    {
        IncomingMessage in;
        in.accountId = accountId;
        in.platformMessageId = pid;
        in.threadKey = thread;
        in.direction = Direction::Inbound;
        in.customerPlatformUserId = customer;
        in.customerHandle = QString(QStringLiteral("@") + customer);
        in.customerName = name.isEmpty() ? QString(QStringLiteral("Name of ") + customer) : name;
        in.body = QString(QStringLiteral("Body of ") + pid);
        in.createdAt = at;
        return in;
    }

    // A message by the brand that came in through the platform (not through the console).
    static IncomingMessage brandMessage(
        qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at, bool automatic)
    {
        IncomingMessage out = inbound(accountId, pid, thread, at);
        out.direction = Direction::Outbound;
        out.agentId = automatic ? QString() : QStringLiteral("maria");
        out.automatic = automatic;
        out.deliveryState = Core::DeliveryState::Sent;
        return out;
    }

    bool ingest(const QList<IncomingMessage> &batch)
    {
        m_clock.set(std::max_element(batch.cbegin(), batch.cend(), [](const auto &a, const auto &b) {
            return a.createdAt < b.createdAt;
        })->createdAt);
        auto report = Store::MessageRepository(*m_db).ingest(batch);
        if (!report)
            qWarning() << "ingest failed:" << report.error().fullText() << report.error().detail;
        return report.ok();
    }

    qint64 conversationOf(qint64 accountId, const QString &thread)
    {
        return scalar(QStringLiteral("SELECT id FROM conversations WHERE account_id = :a AND thread_key = :t"),
            { { QStringLiteral(":a"), accountId }, { QStringLiteral(":t"), thread } });
    }

    qint64 reply(const QString &agent, qint64 conversation, Visibility visibility, const QDateTime &at)
    {
        m_clock.set(at);
        auto id = ConversationActions(*m_db, agent).queueReply(conversation, visibility, QStringLiteral("Reply"));
        return id ? id.value() : 0;
    }

    qint64 note(const QString &agent, qint64 conversation, const QDateTime &at)
    {
        m_clock.set(at);
        auto id = ConversationActions(*m_db, agent).addNote(conversation, QStringLiteral("Checking"));
        return id ? id.value() : 0;
    }

    // The latest event of the conversation, dated back to `at`.
    bool pinLatestEvent(qint64 conversation, const QDateTime &at)
    {
        const qint64 id = scalar(QStringLiteral("SELECT max(id) FROM conversation_events WHERE conversation_id = :c"),
            { { QStringLiteral(":c"), conversation } });
        return exec(QStringLiteral("UPDATE conversation_events SET at = :at WHERE id = :id"),
            { { QStringLiteral(":at"), at.toMSecsSinceEpoch() }, { QStringLiteral(":id"), id } });
    }

    bool setStatus(const QString &agent, qint64 conversation, ConversationStatus status, const QDateTime &at)
    {
        m_clock.set(at);
        if (!ConversationActions(*m_db, agent).setStatus(conversation, status).ok())
            return false;
        return pinLatestEvent(conversation, at);
    }

    bool dispose(const QString &agent, qint64 conversation, const QDateTime &at)
    {
        m_clock.set(at);
        if (!ConversationActions(*m_db, agent)
                 .dispose(conversation, Store::DispositionReason::PraiseAcknowledged, QString())
                 .ok())
            return false;
        const qint64 id = scalar(QStringLiteral("SELECT max(id) FROM dispositions WHERE conversation_id = :c"),
            { { QStringLiteral(":c"), conversation } });
        return exec(QStringLiteral("UPDATE dispositions SET at = :at WHERE id = :id"),
                   { { QStringLiteral(":at"), at.toMSecsSinceEpoch() }, { QStringLiteral(":id"), id } })
            && pinLatestEvent(conversation, at);
    }

    // Nothing in the console records CSAT answers yet: the log entry a survey import would write.
    bool csat(qint64 conversation, int score, const QDateTime &at)
    {
        return exec(QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor, detail) "
                                   "VALUES (:c, :at, 'csat', 'customer', :score)"),
            { { QStringLiteral(":c"), conversation }, { QStringLiteral(":at"), at.toMSecsSinceEpoch() },
                { QStringLiteral(":score"), QString::number(score) } });
    }

    QList<ConversationMetricsRow> load(const MetricsFilter &filter, const QDateTime &now)
    {
        auto rows = MetricsQuery(*m_db).load(filter, now);
        if (!rows) {
            qWarning() << "load failed:" << rows.error().fullText() << rows.error().detail;
            return {};
        }
        return rows.value();
    }

    QList<qint64> select(const MetricsFilter &filter) { return idsOf(load(filter, berlin(30, 12, 0))); }

private slots:
    void initTestCase()
    {
        if (const QString problem = Tests::chooseBackend(&m_postgres, &m_pgLocation); !problem.isEmpty())
            QFAIL(qPrintable(problem));
        m_dir = std::make_unique<QTemporaryDir>();
    }

    void init()
    {
        auto db = Tests::openFreshStore(m_postgres, m_pgLocation, *m_dir, QStringLiteral("metrics"));
        QVERIFY_OK(db);
        m_db = std::move(db).value();
        m_clock.set(berlin(1, 9, 0));
        m_db->setClock(&m_clock);
        Store::WorkspaceSettings settings(*m_db);
        QVERIFY_OK(settings.setCalendar(splitShiftCalendar(), QStringLiteral("test")));
        // Off-hours acknowledgements are their own feature; here they would only add messages.
        QVERIFY_OK(settings.setAcknowledgementMode(QStringLiteral("off"), QStringLiteral("test")));
    }

    void cleanup() { m_db.reset(); }

    // docs/metrics.md's worked example, written through ingest and the agents' actions.
    void workedExampleThroughTheStore()
    {
        Core::SlaPolicy policy;
        policy.name = QStringLiteral("Docs");
        policy.firstResponseSeconds = 3600;
        policy.nextResponseSeconds = 1800;
        policy.resolutionSeconds = 8 * 3600;
        policy.countStaffedHoursOnly = true;
        QVERIFY_OK(Store::WorkspaceSettings(*m_db).setSlaPolicies({ policy }, QStringLiteral("test")));

        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        QVERIFY(ingest({ inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), berlin(12, 11, 0)) }));
        const qint64 c = conversationOf(x, QStringLiteral("t1"));
        QVERIFY(ingest({ brandMessage(x, QStringLiteral("ack1"), QStringLiteral("t1"), berlin(12, 11, 0, 5), true) }));
        QVERIFY(note(QStringLiteral("ana"), c, berlin(12, 11, 20)));
        QVERIFY(reply(QStringLiteral("ana"), c, Visibility::Public, berlin(12, 11, 40)));
        QVERIFY(ingest({ inbound(x, QStringLiteral("m2"), QStringLiteral("t1"), berlin(12, 11, 50)) }));
        QVERIFY(ingest({ inbound(x, QStringLiteral("m3"), QStringLiteral("t1"), berlin(12, 11, 55)) }));
        QVERIFY(reply(QStringLiteral("ben"), c, Visibility::Private, berlin(12, 14, 10)));
        QVERIFY(setStatus(QStringLiteral("ana"), c, ConversationStatus::Resolved, berlin(12, 16, 0)));
        QVERIFY(csat(c, 4, berlin(12, 16, 5)));
        // Saturday: the customer writes into the resolved conversation, which reopens it.
        QVERIFY(ingest({ inbound(x, QStringLiteral("m4"), QStringLiteral("t1"), berlin(13, 10, 0)) }));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversation_events WHERE kind = 'reopened'")), qint64(1));
        QVERIFY(reply(QStringLiteral("ana"), c, Visibility::Public, berlin(15, 9, 30)));
        QVERIFY(setStatus(QStringLiteral("ana"), c, ConversationStatus::Resolved, berlin(15, 10, 0)));

        const QDateTime now = berlin(15, 12, 0);
        const QList<ConversationMetricsRow> rows = load({}, now);
        QCOMPARE(rows.size(), 1);
        const ConversationMetricsRow &row = rows.first();
        QCOMPARE(row.conversationId, c);
        const Core::ConversationMetrics &m = row.metrics;
        QCOMPARE(m.cycles.size(), 2);

        const auto &one = m.cycles.at(0);
        QCOMPARE(one.startedAt, berlin(12, 11, 0));
        QVERIFY(one.firstResponse && one.firstResponse->answered());
        QCOMPARE(one.firstResponse->agentId, QStringLiteral("ana"));
        COMPARE_DURATION(one.firstResponse->duration, 40 * 60, 40 * 60);
        QCOMPARE(one.nextResponses.size(), 1); // 11:55 was added while already waiting
        QVERIFY(one.nextResponses.at(0).answered());
        QCOMPARE(one.nextResponses.at(0).agentId, QStringLiteral("ben"));
        COMPARE_DURATION(one.nextResponses.at(0).duration, 2 * 3600 + 20 * 60, 20 * 60);
        QCOMPARE(one.resolvedAt, berlin(12, 16, 0));
        QVERIFY(one.resolution);
        COMPARE_DURATION(*one.resolution, 5 * 3600, 3 * 3600);
        QCOMPARE(one.csatScore, std::optional<int>(4));
        QCOMPARE(one.inboundCount, 3);
        QCOMPARE(one.humanOutboundCount, 2);
        QCOMPARE(one.automaticCount, 1);
        QCOMPARE(one.noteCount, 1);

        const auto &two = m.cycles.at(1);
        QCOMPARE(two.startedAt, berlin(13, 10, 0));
        QVERIFY(two.firstResponse && two.firstResponse->answered());
        COMPARE_DURATION(two.firstResponse->duration, 47 * 3600 + 30 * 60, 90 * 60);
        QVERIFY(two.resolution);
        COMPARE_DURATION(*two.resolution, 48 * 3600, 2 * 3600);
        QCOMPARE(two.inboundCount, 1);
        QCOMPARE(two.humanOutboundCount, 1);
        QCOMPARE(two.automaticCount, 0);
        QVERIFY(!two.csatScore);
        COMPARE_DURATION(m.waitingTime(), 50 * 3600 + 30 * 60, 2 * 3600 + 30 * 60);

        // SLA from the same log: first response met in cycle 1, missed in cycle 2.
        QCOMPARE(row.slaPolicy, QStringLiteral("Docs"));
        QCOMPARE(row.slaState, std::optional<Core::SlaState>(Core::SlaState::Missed));
        MetricsQuery query(*m_db);
        auto first = query.slaRates(rows, Core::SlaTarget::FirstResponse, now, Grouping::None);
        QVERIFY_OK(first);
        QCOMPARE(first->total.met, 1);
        QCOMPARE(first->total.missed, 1);
        QCOMPARE(first->total.metRate(), std::optional<double>(0.5));
        auto next = query.slaRates(rows, Core::SlaTarget::NextResponse, now, Grouping::None);
        QVERIFY_OK(next);
        QCOMPARE(next->total.met, 1);
        QCOMPARE(next->total.decided(), 1);
        auto resolution = query.slaRates(rows, Core::SlaTarget::Resolution, now, Grouping::None);
        QVERIFY_OK(resolution);
        QCOMPARE(resolution->total.met, 2);
        QCOMPARE(resolution->total.decided(), 2);

        // Charts: each cycle's first response counts for the (Berlin) day its customer wrote.
        auto byDay = query.aggregate(rows, Metric::FirstResponse, Variant::StaffedHours, Grouping::Day);
        QVERIFY_OK(byDay);
        QCOMPARE(byDay->buckets.size(), 2);
        QCOMPARE(byDay->bucket(QStringLiteral("2026-06-12"))->summary.median, 40.0 * 60);
        QCOMPARE(byDay->bucket(QStringLiteral("2026-06-13"))->summary.median, 90.0 * 60);
        QCOMPARE(byDay->bucket(QStringLiteral("2026-06-13"))->conversationIds, QList<qint64> { c });
        QCOMPARE(byDay->total.summary.count, 2);

        // The export row carries the same figures.
        const QList<QStringList> csv = parseCsv(MetricsCsv::toText(rows));
        QCOMPARE(csv.size(), 2);
        const QStringList header = MetricsCsv::header();
        const auto field = [&](const char *name) { return csv.at(1).value(header.indexOf(QLatin1String(name))); };
        QCOMPARE(field("cycle_count"), QStringLiteral("2"));
        QCOMPARE(field("cycle_started_at"), QStringLiteral("2026-06-13T08:00:00Z"));
        QCOMPARE(field("first_response_outcome"), QStringLiteral("answered"));
        QCOMPARE(field("first_response_at"), QStringLiteral("2026-06-15T07:30:00Z"));
        QCOMPARE(field("first_response_agent"), QStringLiteral("ana"));
        QCOMPARE(field("first_response_wall_seconds"), QStringLiteral("171000"));
        QCOMPARE(field("first_response_staffed_seconds"), QStringLiteral("5400"));
        QCOMPARE(field("next_response_count"), QStringLiteral("0"));
        QCOMPARE(field("next_response_median_wall_seconds"), QString());
        QCOMPARE(field("resolution_wall_seconds"), QStringLiteral("172800"));
        QCOMPARE(field("resolution_staffed_seconds"), QStringLiteral("7200"));
        QCOMPARE(field("unresolved_wall_seconds"), QString());
        QCOMPARE(field("csat"), QString()); // cycle 1's answer stays with cycle 1
        QCOMPARE(field("total_first_response_count"), QStringLiteral("2"));
        QCOMPARE(field("total_first_response_median_wall_seconds"), QStringLiteral("86700"));
        QCOMPARE(field("total_first_response_median_staffed_seconds"), QStringLiteral("3900"));
        QCOMPARE(field("total_next_response_count"), QStringLiteral("1"));
        QCOMPARE(field("total_next_response_median_staffed_seconds"), QStringLiteral("1200"));
        QCOMPARE(field("total_waiting_wall_seconds"), QStringLiteral("181800"));
        QCOMPARE(field("total_waiting_staffed_seconds"), QStringLiteral("9000"));
        QCOMPARE(field("total_resolution_count"), QStringLiteral("2"));
        QCOMPARE(field("total_resolution_median_wall_seconds"), QStringLiteral("95400"));
        QCOMPARE(field("inbound_count"), QStringLiteral("4"));
        QCOMPARE(field("automatic_count"), QStringLiteral("1"));
        QCOMPARE(field("sla_state"), QStringLiteral("missed"));
        QCOMPARE(field("sla_policy"), QStringLiteral("Docs"));
    }

    void failedHeldAndCancelledRepliesAreNoResponse()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        const QDateTime base = berlin(16, 9, 0);
        QVERIFY(ingest({ inbound(x, QStringLiteral("a1"), QStringLiteral("a"), base, QStringLiteral("u1")),
            inbound(x, QStringLiteral("b1"), QStringLiteral("b"), base.addSecs(60), QStringLiteral("u2")) }));
        const qint64 a = conversationOf(x, QStringLiteral("a"));
        const qint64 b = conversationOf(x, QStringLiteral("b"));
        Store::OutboxRepository outbox(*m_db);

        // a: Alice's reply fails; Bob's, twenty minutes later, is the answer.
        const qint64 failed = reply(QStringLiteral("alice"), a, Visibility::Public, base.addSecs(10 * 60));
        QVERIFY(failed);
        QVERIFY_OK(outbox.markFailed(outbox.forMessage(failed)->id, QStringLiteral("refused")));
        QVERIFY(reply(QStringLiteral("bob"), a, Visibility::Public, base.addSecs(30 * 60)));
        // b: one reply held, one cancelled: the customer still waits.
        const qint64 held = reply(QStringLiteral("alice"), b, Visibility::Public, base.addSecs(5 * 60));
        QVERIFY_OK(outbox.markHeld(outbox.forMessage(held)->id, QStringLiteral("newer messages")));
        const qint64 cancelled = reply(QStringLiteral("alice"), b, Visibility::Private, base.addSecs(7 * 60));
        QVERIFY_OK(outbox.cancel(outbox.forMessage(cancelled)->id));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE delivery_state IN ('failed', 'held', "
                                       "'cancelled')")),
            qint64(3));

        const QDateTime now = base.addSecs(2 * 3600);
        const QList<ConversationMetricsRow> rows = load({}, now);
        QCOMPARE(idsOf(rows), (QList<qint64> { a, b }));
        const auto &ra = rows.at(0).metrics.cycles.at(0);
        QVERIFY(ra.firstResponse && ra.firstResponse->answered());
        QCOMPARE(ra.firstResponse->agentId, QStringLiteral("bob"));
        COMPARE_DURATION(ra.firstResponse->duration, 30 * 60, 30 * 60);
        QCOMPARE(ra.humanOutboundCount, 1);
        const auto &rb = rows.at(1).metrics.cycles.at(0);
        QVERIFY(rb.firstResponse && rb.firstResponse->stillWaiting());
        QVERIFY(rb.stillWaiting);
        COMPARE_DURATION(*rb.stillWaiting, 2 * 3600 - 60, 2 * 3600 - 60);
        QCOMPARE(rb.humanOutboundCount, 0);

        // Answered "by Alice" only counts replies that reached the customer.
        MetricsFilter alice;
        alice.agent = QStringLiteral("alice");
        QCOMPARE(select(alice), QList<qint64> {});
        MetricsFilter bob;
        bob.agent = QStringLiteral("bob");
        QCOMPARE(select(bob), QList<qint64> { a });

        // Events after `now` are not read yet: before Bob replied, a was still waiting.
        const QList<ConversationMetricsRow> earlier = load({}, base.addSecs(20 * 60));
        QCOMPARE(earlier.size(), 2);
        const auto &early = earlier.at(0).metrics.cycles.at(0);
        QVERIFY(early.firstResponse && early.firstResponse->stillWaiting());
        COMPARE_DURATION(*early.stillWaiting, 20 * 60, 20 * 60);
    }

    void dispositionsResolvesAndReopens()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        const QDateTime base = berlin(16, 9, 0);
        QVERIFY(ingest({ inbound(x, QStringLiteral("a1"), QStringLiteral("a"), base, QStringLiteral("u1")),
            inbound(x, QStringLiteral("b1"), QStringLiteral("b"), base, QStringLiteral("u2")) }));
        const qint64 a = conversationOf(x, QStringLiteral("a"));
        const qint64 b = conversationOf(x, QStringLiteral("b"));

        // a: "no reply needed", then the customer writes again and is answered.
        QVERIFY(dispose(QStringLiteral("alice"), a, base.addSecs(5 * 60)));
        QVERIFY(ingest(
            { inbound(x, QStringLiteral("a2"), QStringLiteral("a"), base.addSecs(20 * 60), QStringLiteral("u1")) }));
        QVERIFY(reply(QStringLiteral("bob"), a, Visibility::Public, base.addSecs(30 * 60)));

        // b: resolved unanswered, reopened by a lead, set pending, then the customer writes
        // (which logs another "reopened", into a conversation that is not resolved) and is answered.
        QVERIFY(setStatus(QStringLiteral("alice"), b, ConversationStatus::Resolved, base.addSecs(15 * 60)));
        QVERIFY(setStatus(QStringLiteral("lead"), b, ConversationStatus::Open, base.addSecs(3600)));
        QVERIFY(setStatus(QStringLiteral("lead"), b, ConversationStatus::Pending, base.addSecs(90 * 60)));
        QVERIFY(ingest(
            { inbound(x, QStringLiteral("b2"), QStringLiteral("b"), base.addSecs(2 * 3600), QStringLiteral("u2")) }));
        QVERIFY(reply(QStringLiteral("carol"), b, Visibility::Public, base.addSecs(2 * 3600 + 10 * 60)));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversation_events WHERE kind = 'reopened' AND "
                                       "conversation_id = :c"),
                     { { QStringLiteral(":c"), b } }),
            qint64(2));

        const QDateTime now = base.addSecs(3 * 3600);
        const QList<ConversationMetricsRow> rows = load({}, now);
        QCOMPARE(idsOf(rows), (QList<qint64> { a, b }));

        const Core::ConversationMetrics &ma = rows.at(0).metrics;
        QCOMPARE(ma.cycles.size(), 1);
        const auto &fa = *ma.cycles.at(0).firstResponse;
        QVERIFY(fa.endedWithoutResponse());
        QVERIFY(fa.endedByDisposition);
        QCOMPARE(fa.agentId, QStringLiteral("alice"));
        QCOMPARE(fa.endedAt, base.addSecs(5 * 60));
        QCOMPARE(ma.cycles.at(0).nextResponses.size(), 1);
        QVERIFY(ma.cycles.at(0).nextResponses.at(0).answered());
        COMPARE_DURATION(ma.cycles.at(0).nextResponses.at(0).duration, 10 * 60, 10 * 60);
        COMPARE_DURATION(ma.waitingTime(), 10 * 60, 10 * 60); // the disposed wait is left out

        const Core::ConversationMetrics &mb = rows.at(1).metrics;
        QCOMPARE(mb.cycles.size(), 2); // pending and the customer's message reopen nothing more
        const auto &b1 = mb.cycles.at(0);
        QVERIFY(b1.endedWithoutResponse());
        QVERIFY(!b1.firstResponse->endedByDisposition);
        COMPARE_DURATION(*b1.resolution, 15 * 60, 15 * 60);
        const auto &b2 = mb.cycles.at(1);
        QCOMPARE(b2.startedAt, base.addSecs(3600));
        QCOMPARE(b2.firstInboundAt, base.addSecs(2 * 3600));
        QVERIFY(b2.firstResponse && b2.firstResponse->answered());
        QCOMPARE(b2.firstResponse->agentId, QStringLiteral("carol"));
        COMPARE_DURATION(b2.firstResponse->duration, 10 * 60, 10 * 60);
        QVERIFY(!b2.resolution);
        QVERIFY(b2.unresolvedFor);
        COMPARE_DURATION(*b2.unresolvedFor, 2 * 3600, 2 * 3600);

        // The dashboard figures: one answered first response (b's second cycle), two that
        // ended without one.
        auto frt = MetricsQuery(*m_db).aggregate(rows, Metric::FirstResponse, Variant::WallClock, Grouping::Agent);
        QVERIFY_OK(frt);
        QCOMPARE(frt->total.summary.count, 1);
        QCOMPARE(frt->total.summary.median, 600.0);
        QCOMPARE(frt->total.endedWithoutResponse, 2);
        QCOMPARE(frt->bucket(QStringLiteral("carol"))->conversationIds, QList<qint64> { b });
        QCOMPARE(frt->bucket(QStringLiteral("alice"))->endedWithoutResponse, 2);
    }

    // "Send and resolve": the reply and the resolve carry the same instant; the reply answers.
    void replyAndResolveAtTheSameInstant()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        const QDateTime base = berlin(16, 9, 0);
        QVERIFY(ingest({ inbound(x, QStringLiteral("s1"), QStringLiteral("s"), base) }));
        const qint64 c = conversationOf(x, QStringLiteral("s"));
        QVERIFY(reply(QStringLiteral("alice"), c, Visibility::Public, base.addSecs(5 * 60)));
        QVERIFY(setStatus(QStringLiteral("alice"), c, ConversationStatus::Resolved, base.addSecs(5 * 60)));

        const QList<ConversationMetricsRow> rows = load({}, base.addSecs(3600));
        QCOMPARE(rows.size(), 1);
        const auto &cycle = rows.first().metrics.cycles.at(0);
        QVERIFY(cycle.firstResponse && cycle.firstResponse->answered());
        COMPARE_DURATION(cycle.firstResponse->duration, 5 * 60, 5 * 60);
        QVERIFY(cycle.resolution);
        COMPARE_DURATION(*cycle.resolution, 5 * 60, 5 * 60);
    }

    // The dashboard reads history only for conversations that could still matter: activity since
    // the bound, or not resolved.
    //   quiet    wrote 5 June, answered and resolved 5 June                      → left out
    //   waiting  wrote 5 June, nobody answered                                    → read
    //   late     wrote 5 June, answered 5 June, resolved 20 June (a status event) → read
    //   recent   wrote 18 June, answered, resolved                                → read
    //   noted    wrote 5 June, resolved 5 June, "no reply needed" given 20 June   → read
    void activeSinceLeavesOutQuietHistory()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        const auto resolvedThread = [&](const char *name, const QDateTime &wrote, const QDateTime &resolved) {
            const QString thread = QString::fromLatin1(name);
            if (!ingest({ inbound(x, thread, thread, wrote, thread) }))
                return qint64(0);
            const qint64 c = conversationOf(x, thread);
            if (!reply(QStringLiteral("alice"), c, Visibility::Public, wrote.addSecs(600))
                || !setStatus(QStringLiteral("alice"), c, ConversationStatus::Resolved, resolved))
                return qint64(0);
            return c;
        };
        const qint64 quiet = resolvedThread("quiet", berlin(5, 9, 0), berlin(5, 10, 0));
        QVERIFY(ingest({ inbound(x, QStringLiteral("waiting"), QStringLiteral("waiting"), berlin(5, 9, 0),
            QStringLiteral("waiting")) }));
        const qint64 waiting = conversationOf(x, QStringLiteral("waiting"));
        const qint64 late = resolvedThread("late", berlin(5, 9, 0), berlin(20, 10, 0));
        const qint64 recent = resolvedThread("recent", berlin(18, 9, 0), berlin(18, 10, 0));
        QVERIFY(ingest({ inbound(x, QStringLiteral("noted"), QStringLiteral("noted"), berlin(5, 9, 0),
            QStringLiteral("noted")) }));
        const qint64 noted = conversationOf(x, QStringLiteral("noted"));
        QVERIFY(setStatus(QStringLiteral("alice"), noted, ConversationStatus::Resolved, berlin(5, 10, 0)));
        QVERIFY(quiet && waiting && late && recent && noted);
        // The disposition alone, dated after the bound (its status event stays on 5 June).
        QVERIFY(exec(QStringLiteral("INSERT INTO dispositions (conversation_id, reason, note, agent_id, at) "
                                    "VALUES (:c, 'praise_acknowledged', '', 'alice', :at)"),
            { { QStringLiteral(":c"), noted }, { QStringLiteral(":at"), berlin(20, 11, 0).toMSecsSinceEpoch() } }));

        MetricsFilter filter;
        filter.activeSince = berlin(15, 0, 0);
        QList<qint64> expected { waiting, late, recent, noted };
        std::sort(expected.begin(), expected.end());
        QList<qint64> got = select(filter);
        std::sort(got.begin(), got.end());
        QCOMPARE(got, expected);
        QCOMPARE(select({}).size(), 5);
    }

    void filtersSelectByFirstCustomerMessage()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("@acme@social.example"));
        const qint64 x2 = account(Core::Platform::X, QStringLiteral("@acme_help"));

        // c1: X, 16 June, assigned to Alice, answered by Bob.
        QVERIFY(
            ingest({ inbound(x, QStringLiteral("c1"), QStringLiteral("t1"), berlin(16, 9, 0), QStringLiteral("u1")) }));
        const qint64 c1 = conversationOf(x, QStringLiteral("t1"));
        QVERIFY_OK(ConversationActions(*m_db, QStringLiteral("alice")).claim(c1));
        QVERIFY_OK(ConversationActions(*m_db, QStringLiteral("alice"))
                       .setTags(c1, { QStringLiteral("Billing"), QStringLiteral("axb") }));
        QVERIFY(reply(QStringLiteral("bob"), c1, Visibility::Public, berlin(16, 9, 10)));
        // c2: Mastodon, 17 June, answered by Bob.
        QVERIFY(ingest(
            { inbound(mastodon, QStringLiteral("c2"), QStringLiteral("t2"), berlin(17, 9, 0), QStringLiteral("u2")) }));
        const qint64 c2 = conversationOf(mastodon, QStringLiteral("t2"));
        QVERIFY_OK(ConversationActions(*m_db, QStringLiteral("bob")).setTags(c2, { QStringLiteral("Shipping") }));
        QVERIFY(reply(QStringLiteral("bob"), c2, Visibility::Public, berlin(17, 9, 20)));
        // c3: X, 20 June, answered by Alice.
        QVERIFY(
            ingest({ inbound(x, QStringLiteral("c3"), QStringLiteral("t3"), berlin(20, 9, 0), QStringLiteral("u3")) }));
        const qint64 c3 = conversationOf(x, QStringLiteral("t3"));
        QVERIFY(reply(QStringLiteral("alice"), c3, Visibility::Public, berlin(20, 9, 30)));
        // c4: second X account; the brand wrote first on 10 June, the customer on 18 June.
        QVERIFY(ingest({ brandMessage(x2, QStringLiteral("c4-post"), QStringLiteral("t4"), berlin(10, 9, 0), false) }));
        QVERIFY(ingest(
            { inbound(x2, QStringLiteral("c4"), QStringLiteral("t4"), berlin(18, 10, 0), QStringLiteral("u4")) }));
        const qint64 c4 = conversationOf(x2, QStringLiteral("t4"));
        QVERIFY_OK(ConversationActions(*m_db, QStringLiteral("carol")).setTags(c4, { QStringLiteral("a_b") }));
        // c5: X, the customer wrote on 14 June, answered on 16 June by Carol.
        QVERIFY(
            ingest({ inbound(x, QStringLiteral("c5"), QStringLiteral("t5"), berlin(14, 9, 0), QStringLiteral("u5")) }));
        const qint64 c5 = conversationOf(x, QStringLiteral("t5"));
        QVERIFY(reply(QStringLiteral("carol"), c5, Visibility::Public, berlin(16, 11, 0)));
        // c6: only the brand wrote: in no period.
        QVERIFY(ingest({ brandMessage(x, QStringLiteral("c6-post"), QStringLiteral("t6"), berlin(16, 9, 0), false) }));
        QVERIFY(conversationOf(x, QStringLiteral("t6")) > 0);

        QCOMPARE(select({}), (QList<qint64> { c1, c2, c3, c4, c5 }));

        MetricsFilter week;
        week.from = berlin(15, 0, 0);
        week.to = berlin(19, 0, 0);
        QCOMPARE(select(week), (QList<qint64> { c1, c2, c4 }));
        MetricsFilter bounds;
        bounds.from = berlin(17, 9, 0); // inclusive
        QCOMPARE(select(bounds), (QList<qint64> { c2, c3, c4 }));
        bounds.to = berlin(18, 10, 0); // exclusive
        QCOMPARE(select(bounds), QList<qint64> { c2 });

        MetricsFilter platform;
        platform.platform = Core::Platform::Mastodon;
        QCOMPARE(select(platform), QList<qint64> { c2 });
        platform.platform = Core::Platform::X;
        QCOMPARE(select(platform), (QList<qint64> { c1, c3, c4, c5 }));

        MetricsFilter accountFilter;
        accountFilter.accountId = x2;
        QCOMPARE(select(accountFilter), QList<qint64> { c4 });

        MetricsFilter agent;
        agent.agent = QStringLiteral("alice"); // assigned c1, answered c3
        QCOMPARE(select(agent), (QList<qint64> { c1, c3 }));
        agent.agent = QStringLiteral("bob"); // answered c1 and c2
        QCOMPARE(select(agent), (QList<qint64> { c1, c2 }));

        MetricsFilter tag;
        tag.tag = QStringLiteral(" SHIPPING ");
        QCOMPARE(select(tag), QList<qint64> { c2 });
        tag.tag = QStringLiteral("ship"); // whole tags only
        QCOMPARE(select(tag), QList<qint64> {});
        tag.tag = QStringLiteral("a_b"); // "_" is no wildcard: axb does not match
        QCOMPARE(select(tag), QList<qint64> { c4 });

        MetricsFilter combined = week;
        combined.platform = Core::Platform::X;
        combined.agent = QStringLiteral("bob");
        QCOMPARE(select(combined), QList<qint64> { c1 });

        // What a row says about its conversation.
        const QList<ConversationMetricsRow> rows = load(week, berlin(30, 12, 0));
        QCOMPARE(rows.size(), 3);
        const ConversationMetricsRow &r1 = rows.at(0);
        QCOMPARE(r1.platform, Core::Platform::X);
        QCOMPARE(r1.accountId, x);
        QCOMPARE(r1.accountHandle, QStringLiteral("@acme"));
        QCOMPARE(r1.customerName, QStringLiteral("Name of u1"));
        QCOMPARE(r1.tags, (QStringList { QStringLiteral("billing"), QStringLiteral("axb") }));
        QCOMPARE(r1.assignee, QStringLiteral("alice"));
        QCOMPARE(r1.status, ConversationStatus::Open);
        QCOMPARE(r1.firstInboundAt, berlin(16, 9, 0));
        const ConversationMetricsRow &r4 = rows.at(2);
        QCOMPARE(r4.accountHandle, QStringLiteral("@acme_help"));
        QCOMPARE(r4.createdAt, berlin(10, 9, 0));
        QCOMPARE(r4.firstInboundAt, berlin(18, 10, 0));
        QCOMPARE(r4.lastMessageAt, berlin(18, 10, 0));
        QVERIFY(r4.metrics.cycles.at(0).firstResponse->stillWaiting());

        // First responses by the agent who answered, over the selected week.
        auto byAgent = MetricsQuery(*m_db).aggregate(rows, Metric::FirstResponse, Variant::WallClock, Grouping::Agent);
        QVERIFY_OK(byAgent);
        QCOMPARE(byAgent->bucket(QStringLiteral("bob"))->summary.count, 2);
        QCOMPARE(byAgent->bucket(QStringLiteral("bob"))->summary.median, 15.0 * 60); // 10 and 20 minutes
        QCOMPARE(byAgent->bucket(QStringLiteral("bob"))->conversationIds, (QList<qint64> { c1, c2 }));
        QCOMPARE(byAgent->total.unfinished, 1); // c4 still waits
        auto byPlatform
            = MetricsQuery(*m_db).aggregate(rows, Metric::FirstResponse, Variant::WallClock, Grouping::Platform);
        QVERIFY_OK(byPlatform);
        QCOMPARE(byPlatform->bucket(QStringLiteral("mastodon"))->conversationIds, QList<qint64> { c2 });
    }

    void csvQuotesAndDefusesFormulas()
    {
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("plain text")), QStringLiteral("plain text"));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("one\ntwo")), QStringLiteral("\"one\ntwo\""));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("one\rtwo")), QStringLiteral("\"one\rtwo\""));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("=1+2")), QStringLiteral("'=1+2"));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("+49 30 1234")), QStringLiteral("'+49 30 1234"));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("-2")), QStringLiteral("'-2"));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("@SUM(A1:A9)")), QStringLiteral("'@SUM(A1:A9)"));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("\t=1")), QStringLiteral("'\t=1"));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("=A1,\"B\"")), QStringLiteral("\"'=A1,\"\"B\"\"\""));
        QCOMPARE(MetricsCsv::escapeField(QStringLiteral("a=1")), QStringLiteral("a=1")); // only at the start
        QCOMPARE(MetricsCsv::escapeField(QString()), QString());

        const QString name = QStringLiteral("=HYPERLINK(\"https://evil.example\",\"click\"), \"Ltd\"\nsecond line");
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        QVERIFY(ingest(
            { inbound(x, QStringLiteral("q1"), QStringLiteral("t"), berlin(16, 9, 0), QStringLiteral("u1"), name) }));
        const qint64 c = conversationOf(x, QStringLiteral("t"));
        QVERIFY_OK(ConversationActions(*m_db, QStringLiteral("alice"))
                       .setTags(c, { QStringLiteral("-urgent"), QStringLiteral("vip") }));
        QVERIFY(reply(QStringLiteral("alice"), c, Visibility::Public, berlin(16, 9, 12, 30)));

        const QList<ConversationMetricsRow> rows = load({}, berlin(16, 12, 0));
        QCOMPARE(rows.size(), 1);
        QCOMPARE(MetricsCsv::fields(rows.first()).size(), MetricsCsv::header().size());
        const QString text = MetricsCsv::toText(rows);
        QVERIFY(text.startsWith(QStringLiteral("conversation_id,platform,account_id,account,customer_id,customer,")));
        QVERIFY(text.endsWith(QStringLiteral("\r\n")));
        QVERIFY2(text.contains(QStringLiteral(",\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"click\"\"), "
                                              "\"\"Ltd\"\"\nsecond line\",")),
            qPrintable(text));
        QVERIFY(text.contains(QStringLiteral(",'@acme,")));
        QVERIFY(text.contains(QStringLiteral(",\"'-urgent, vip\",")));

        const QList<QStringList> csv = parseCsv(text);
        QCOMPARE(csv.size(), 2);
        QCOMPARE(csv.at(0), MetricsCsv::header());
        QCOMPARE(csv.at(1).size(), MetricsCsv::header().size());
        const auto field
            = [&](const char *column) { return csv.at(1).value(MetricsCsv::header().indexOf(QLatin1String(column))); };
        QCOMPARE(field("conversation_id"), QString::number(c));
        QCOMPARE(field("platform"), QStringLiteral("x"));
        QCOMPARE(field("account"), QStringLiteral("'@acme"));
        QCOMPARE(field("customer"), QString(QLatin1Char('\'') + name));
        QCOMPARE(field("tags"), QStringLiteral("'-urgent, vip"));
        QCOMPARE(field("status"), QStringLiteral("open"));
        QCOMPARE(field("first_inbound_at"), QStringLiteral("2026-06-16T07:00:00Z"));
        QCOMPARE(field("first_response_wall_seconds"), QStringLiteral("750"));
        QCOMPARE(field("first_response_staffed_seconds"), QStringLiteral("750"));
        QCOMPARE(field("unresolved_wall_seconds"), QStringLiteral("10800"));
        QCOMPARE(field("resolved_at"), QString());
        QCOMPARE(field("still_waiting_wall_seconds"), QString());

        // The file: a UTF-8 byte order mark, then exactly the text.
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QVERIFY_OK(MetricsCsv::write(buffer, rows));
        QCOMPARE(buffer.data(), QByteArray(QByteArrayLiteral("\xEF\xBB\xBF") + text.toUtf8()));
        QBuffer closed; // not open: the error says so instead of losing the report
        QVERIFY(!MetricsCsv::write(closed, rows).ok());
    }

    // docs/metrics.md, "Listening finds": an article published 8 days before listening found it
    // is due one target after it was found, not 8 days overdue; a tagged post that old is.
    void listeningFindsStartTheirClocksWhenFound()
    {
        Core::SlaPolicy policy;
        policy.name = QStringLiteral("Wall clock");
        policy.firstResponseSeconds = 3600;
        policy.countStaffedHoursOnly = false;
        QVERIFY_OK(Store::WorkspaceSettings(*m_db).setSlaPolicies({ policy }, QStringLiteral("test")));
        const qint64 blog = account(Core::Platform::Blog, QStringLiteral("https://blog.example/feed"));
        const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
        IncomingMessage article = inbound(blog, QStringLiteral("a1"), QStringLiteral("a1"), berlin(1, 9, 0),
                                          QStringLiteral("blogger"));
        article.foundByListening = true;
        const IncomingMessage tagged = inbound(x, QStringLiteral("p1"), QStringLiteral("p1"), berlin(1, 9, 0));
        m_clock.set(berlin(9, 9, 0)); // found on the first poll, 8 days after both were written
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({ article, tagged }));
        const qint64 found = conversationOf(blog, QStringLiteral("a1"));
        const qint64 old = conversationOf(x, QStringLiteral("p1"));
        const auto at = [this](const QString &column, qint64 conversation) {
            return scalar(QStringLiteral("SELECT %1 FROM conversations WHERE id = :id").arg(column),
                { { QStringLiteral(":id"), conversation } });
        };
        QCOMPARE(at(QStringLiteral("due_at"), found), berlin(9, 10, 0).toMSecsSinceEpoch());
        QCOMPARE(at(QStringLiteral("waiting_since"), found), berlin(9, 9, 0).toMSecsSinceEpoch());
        QCOMPARE(value(QStringLiteral("SELECT sla_state FROM conversations WHERE id = :id"), { { QStringLiteral(":id"), found } })
                     .toString(),
            QStringLiteral("running"));
        QCOMPARE(at(QStringLiteral("due_at"), old), berlin(1, 10, 0).toMSecsSinceEpoch());
        QCOMPARE(value(QStringLiteral("SELECT sla_state FROM conversations WHERE id = :id"), { { QStringLiteral(":id"), old } })
                     .toString(),
            QStringLiteral("running_missed"));
        // The article keeps its own time in the transcript.
        QCOMPARE(scalar(QStringLiteral("SELECT created_at FROM messages WHERE platform_message_id = 'a1'"), {}),
            berlin(1, 9, 0).toMSecsSinceEpoch());

        QVERIFY(reply(QStringLiteral("ana"), found, Visibility::Private, berlin(9, 9, 30)));
        QVERIFY(reply(QStringLiteral("ana"), old, Visibility::Public, berlin(9, 9, 30)));
        const QList<ConversationMetricsRow> rows = load({}, berlin(9, 12, 0));
        QCOMPARE(rows.size(), 2);
        for (const ConversationMetricsRow &row : rows) {
            const auto &cycle = row.metrics.cycles.value(0);
            QVERIFY(cycle.firstResponse && cycle.firstResponse->answered());
            if (row.conversationId == found) {
                QCOMPARE(cycle.firstResponse->duration.wallClockSeconds, qint64(30 * 60));
                QCOMPARE(row.slaState, std::optional<Core::SlaState>(Core::SlaState::Met));
                QCOMPARE(cycle.bucketInstant(), berlin(9, 9, 0)); // counts for the day it was found
            } else {
                QCOMPARE(cycle.firstResponse->duration.wallClockSeconds, qint64(8 * 86400 + 30 * 60));
                QCOMPARE(row.slaState, std::optional<Core::SlaState>(Core::SlaState::Missed));
            }
        }
        // The period filter agrees: the find is in the week it was found, the tagged post is not.
        MetricsFilter week;
        week.from = berlin(8, 0, 0);
        week.to = berlin(15, 0, 0);
        QCOMPARE(idsOf(load(week, berlin(9, 12, 0))), QList<qint64>{ found });
    }

    void emptyStoreAndEmptySelection()
    {
        QVERIFY_OK(MetricsQuery(*m_db).load({}, berlin(16, 12, 0)));
        QCOMPARE(load({}, berlin(16, 12, 0)).size(), 0);
        QCOMPARE(MetricsQuery(*m_db).load({}, QDateTime()).error().code, Core::Error::Code::InvalidInput);
        QCOMPARE(MetricsCsv::toText({}), QString(MetricsCsv::record(MetricsCsv::header()) + QStringLiteral("\r\n")));
        QCOMPARE(MetricsQuery::eventFromLog(QStringLiteral("csat"), QStringLiteral("customer"), QStringLiteral("5"))
                     ->csatScore,
            5);
        QCOMPARE(MetricsQuery::eventFromLog(QStringLiteral("assigned"), QStringLiteral("lead"), QStringLiteral("ana"))
                     ->agentId,
            QStringLiteral("ana"));
        QVERIFY(
            !MetricsQuery::eventFromLog(QStringLiteral("reply-queued"), QStringLiteral("ana"), QStringLiteral("7")));
        QVERIFY(
            !MetricsQuery::eventFromLog(QStringLiteral("disposition"), QStringLiteral("ana"), QStringLiteral("spam")));
    }
};

QTEST_GUILESS_MAIN(TestMetricsQuery)
#include "tst_metricsquery.moc"
