// DashboardData computed from the kept figures (MetricsCache, what the dashboard pane uses)
// against DashboardData computed from the event log, on a small store: the heatmap, the
// backlog, the top tags, the period's message counts, the longest waits, satisfaction by score
// and the first-response figures, for several filters and both variants, after changes too.
#include "core/IncomingMessage.h"
#include "core/ManualClock.h"
#include "gui/DashboardData.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/ConversationRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/MetricsCache.h"
#include "store/WorkspaceSettings.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;
using Gui::DashboardData;
using Variant = Core::MetricsAggregate::Variant;

namespace {

QDateTime utc(int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, 6, day), QTime(hour, minute), QTimeZone::utc());
}

QString ids(const QList<qint64> &list)
{
    QStringList out;
    for (qint64 id : list)
        out << QString::number(id);
    return out.join(u' ');
}

// What the charts beside the aggregates show, as text.
QString describe(const DashboardData &d)
{
    QString out = QStringLiteral("rows=%1 in=%2 out=%3\n").arg(d.rows.size()).arg(d.inboundInPeriod).arg(d.repliesInPeriod);
    for (int day = 0; day < DashboardData::kWeekdays; ++day) {
        for (int hour = 0; hour < DashboardData::kHours; ++hour) {
            if (d.volume[size_t(day)][size_t(hour)] > 0)
                out += QStringLiteral("cell %1/%2 %3 [%4]\n")
                           .arg(day)
                           .arg(hour)
                           .arg(d.volume[size_t(day)][size_t(hour)])
                           .arg(ids(d.volumeIds[size_t(day)][size_t(hour)]));
        }
    }
    for (const auto &p : d.backlog)
        out += QStringLiteral("backlog %1 %2 [%3]\n").arg(p.day.toString(Qt::ISODate)).arg(p.count).arg(ids(p.conversationIds));
    for (const auto &t : d.topTags)
        out += QStringLiteral("tag %1 %2 %3 [%4]\n").arg(t.tag).arg(t.count).arg(t.previousCount).arg(ids(t.conversationIds));
    for (const auto &w : d.longestWaits)
        out += QStringLiteral("wait %1 %2 %3 %4 %5\n")
                   .arg(w.conversationId)
                   .arg(w.seconds)
                   .arg(int(w.outcome))
                   .arg(w.agentId, w.inboundAt.toString(Qt::ISODate));
    for (auto it = d.csatScores.cbegin(); it != d.csatScores.cend(); ++it)
        out += QStringLiteral("csat %1 %2 %3 %4 %5 %6\n")
                   .arg(it.key())
                   .arg(it.value()[0])
                   .arg(it.value()[1])
                   .arg(it.value()[2])
                   .arg(it.value()[3])
                   .arg(it.value()[4]);
    for (const auto *a : { &d.frtByTime, &d.frtByAgent, &d.frtByTag, &d.byTime[1], &d.byTime[2], &d.byTime[3] }) {
        for (const auto &b : a->buckets)
            out += QStringLiteral("bucket %1 n=%2 med=%3 p90=%4 [%5] ended=%6 open=%7\n")
                       .arg(b.key)
                       .arg(b.summary.count)
                       .arg(b.summary.median)
                       .arg(b.summary.p90)
                       .arg(ids(b.conversationIds))
                       .arg(b.endedWithoutResponse)
                       .arg(b.unfinished);
    }
    for (const auto &b : d.slaByTime.buckets)
        out += QStringLiteral("sla %1 %2/%3/%4/%5\n").arg(b.key).arg(b.met).arg(b.missed).arg(b.runningAlreadyMissed).arg(b.running);
    return out;
}

} // namespace

class TestDashboardData : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Database> m_db;
    Core::ManualClock m_clock;
    Store::MetricsCache m_cache;

    void customerWrites(qint64 account, const QString &pid, const QString &thread, const QDateTime &at)
    {
        Core::IncomingMessage in;
        in.accountId = account;
        in.platformMessageId = pid;
        in.threadKey = thread;
        in.direction = Core::Direction::Inbound;
        in.customerPlatformUserId = thread;
        in.customerHandle = QStringLiteral("@") + thread;
        in.customerName = QStringLiteral("Customer ") + thread;
        in.body = QStringLiteral("Body");
        in.createdAt = at;
        m_clock.set(at);
        QVERIFY(Store::MessageRepository(*m_db).ingest({ in }).ok());
    }

    qint64 conversation(const QString &thread)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("SELECT id FROM conversations WHERE thread_key = :t"));
        q.bindValue(QStringLiteral(":t"), thread);
        return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    }

    void compareAt(const QDateTime &now)
    {
        QList<Store::MetricsFilter> filters(4);
        filters[1].tag = QStringLiteral("refund");
        filters[2].agent = QStringLiteral("ana");
        filters[3].tag = QStringLiteral(" Refund"); // matched without case, trimmed
        for (const Store::MetricsFilter &filter : std::as_const(filters)) {
            for (Variant variant : { Variant::WallClock, Variant::StaffedHours }) {
                for (int days : { 7, 30 }) {
                    auto fromLog = DashboardData::compute(*m_db, filter, days, variant, now);
                    auto kept = DashboardData::compute(*m_db, m_cache, filter, days, variant, now);
                    QVERIFY(fromLog.ok() && kept.ok());
                    QCOMPARE(describe(kept.value()), describe(fromLog.value()));
                }
            }
        }
    }

private slots:
    void keptFiguresGiveTheSameDashboard()
    {
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("d.sqlite"))));
        QVERIFY(db.ok());
        m_db = std::move(db).value();
        m_db->setClock(&m_clock);
        Store::WorkspaceSettings settings(*m_db);
        Core::BusinessCalendar calendar(QTimeZone("Europe/Berlin"));
        for (auto day : { Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday })
            calendar.addRange(day, QTime(9, 0), QTime(17, 0));
        Core::SlaPolicy policy;
        policy.name = QStringLiteral("Everyone");
        policy.firstResponseSeconds = 1800;
        QVERIFY(settings.setCalendar(calendar, QStringLiteral("test")).ok());
        QVERIFY(settings.setSlaPolicies({ policy }, QStringLiteral("test")).ok());
        QVERIFY(settings.setAcknowledgementMode(QStringLiteral("off"), QStringLiteral("test")).ok());
        Core::Account account;
        account.platform = Core::Platform::X;
        account.handle = QStringLiteral("@acme");
        account.name = account.handle;
        auto x = Store::AccountRepository(*m_db).ensure(account);
        QVERIFY(x.ok());

        // Waits across several midnights, answered, still open, ended by "no reply needed".
        customerWrites(x.value(), QStringLiteral("a1"), QStringLiteral("ta"), utc(8, 22));
        customerWrites(x.value(), QStringLiteral("b1"), QStringLiteral("tb"), utc(10, 23, 30));
        customerWrites(x.value(), QStringLiteral("c1"), QStringLiteral("tc"), utc(14, 10));
        customerWrites(x.value(), QStringLiteral("d1"), QStringLiteral("td"), utc(18, 8));
        m_clock.set(utc(11, 10));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ana")).queueReply(conversation(QStringLiteral("ta")), Core::Visibility::Public, QStringLiteral("Hi")).ok());
        m_clock.set(utc(14, 11));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ben")).queueReply(conversation(QStringLiteral("tc")), Core::Visibility::Private, QStringLiteral("Hi")).ok());
        QVERIFY(Store::ConversationRepository(*m_db).setTags(conversation(QStringLiteral("ta")), { QStringLiteral("refund") }).ok());
        QVERIFY(Store::ConversationRepository(*m_db).setTags(conversation(QStringLiteral("tb")), { QStringLiteral("refund"), QStringLiteral("late") }).ok());
        customerWrites(x.value(), QStringLiteral("c2"), QStringLiteral("tc"), utc(15, 9));
        compareAt(utc(19, 12));

        // Changes after the first computation, and time passing.
        m_clock.set(utc(19, 13));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ana")).queueReply(conversation(QStringLiteral("tb")), Core::Visibility::Public, QStringLiteral("Hi")).ok());
        m_clock.set(utc(19, 14));
        QVERIFY(Store::ConversationActions(*m_db, QStringLiteral("ana"))
                    .dispose(conversation(QStringLiteral("td")), Store::DispositionReason::PraiseAcknowledged, QString())
                    .ok());
        customerWrites(x.value(), QStringLiteral("e1"), QStringLiteral("te"), utc(19, 15));
        compareAt(utc(21, 9));
        // Only time passing: the open waits (and the longest of them) are carried forward, none read.
        compareAt(utc(23, 18, 30));
        QCOMPARE(m_cache.lastReadCount(), 0);
    }
};

QTEST_MAIN(TestDashboardData)
#include "tst_dashboarddata.moc"
