#include "core/IncomingMessage.h"
#include "store/ChangeFeed.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "StoreTestBackend.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Care;
using Care::Store::ChangeFeed;
using Care::Store::Database;
using Care::Store::DatabaseLocation;

// Live collaboration: what one console writes to the team database reaches every other
// console's ChangeFeed within a second, and a feed whose connection is cut comes back by
// itself and asks for a full refresh. Against the `postgres` CTest fixture's real server.
class TestChangeFeed : public QObject
{
    Q_OBJECT

private:
    DatabaseLocation m_location;
    std::unique_ptr<Database> m_writer; // "the other console"
    qint64 m_account = 0;
    int m_counter = 0;

    Core::Status writeCustomerMessage()
    {
        Core::IncomingMessage in;
        in.accountId = m_account;
        in.platformMessageId = QStringLiteral("m%1").arg(++m_counter);
        in.threadKey = QStringLiteral("t%1").arg(m_counter % 7);
        in.direction = Core::Direction::Inbound;
        in.customerPlatformUserId = QStringLiteral("u%1").arg(m_counter % 7);
        in.customerHandle = QStringLiteral("@u%1").arg(m_counter % 7);
        in.customerName = QStringLiteral("Customer");
        in.body = QStringLiteral("Where is my order?");
        in.createdAt = QDateTime::currentDateTimeUtc();
        auto report = Store::MessageRepository(*m_writer).ingest({in});
        return report ? Core::Status() : Core::Status(report.error());
    }

    static bool waitListening(QSignalSpy &spy, bool listening, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            for (const QList<QVariant> &args : std::as_const(spy)) {
                if (args.at(0).toBool() == listening)
                    return true;
            }
            spy.wait(50);
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        const QString url = qEnvironmentVariable("CARE_TEST_PG_URL");
        if (url.isEmpty())
            QFAIL("CARE_TEST_PG_URL is not set: ctest provides it through the postgres fixture.");
        auto location = DatabaseLocation::parse(url);
        QVERIFY(location.ok());
        m_location = location.value();
        QVERIFY(Tests::resetPostgresSchema(m_location, QStringLiteral("tst-change-feed-reset")).ok());
        auto db = Database::open(m_location);
        QVERIFY(db.ok());
        m_writer = std::move(db).value();
        auto account = Tests::addMastodonAccount(*m_writer);
        QVERIFY(account.ok());
        m_account = account.value();
    }

    void anotherConsolesChangeArrivesWithinASecond()
    {
        ChangeFeed feed(m_location);
        QSignalSpy listening(&feed, &ChangeFeed::listeningChanged);
        QSignalSpy changed(&feed, &ChangeFeed::changed);
        feed.start();
        QVERIFY(waitListening(listening, true, 5000));
        QList<qint64> latencies;
        for (int i = 0; i < 20; ++i) {
            changed.clear();
            QElapsedTimer timer;
            timer.start();
            QVERIFY(writeCustomerMessage().ok());
            QVERIFY2(changed.wait(2000), "no change notification within 2 s");
            latencies << timer.elapsed();
            QTest::qWait(150); // let the coalescing window close
        }
        std::sort(latencies.begin(), latencies.end());
        qInfo("change notification latency over %d writes: median %lld ms, max %lld ms (coalescing window 100 ms)",
              int(latencies.size()), latencies.at(latencies.size() / 2), latencies.last());
        QVERIFY2(latencies.last() < 1000, "a change took a second or more to arrive");
    }

    void claimsNotesAndPolicyEditsAreSeen()
    {
        ChangeFeed feed(m_location);
        QSignalSpy listening(&feed, &ChangeFeed::listeningChanged);
        QSignalSpy changed(&feed, &ChangeFeed::changed);
        feed.start();
        QVERIFY(waitListening(listening, true, 5000));
        QSqlQuery q(m_writer->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT min(id) FROM conversations")) && q.next());
        const qint64 conversation = q.value(0).toLongLong();
        Store::ConversationActions actions(*m_writer, QStringLiteral("ann"));
        QVERIFY(actions.claim(conversation).ok());
        QVERIFY(changed.wait(2000));
        changed.clear();
        QTest::qWait(150);
        QVERIFY(actions.addNote(conversation, QStringLiteral("Called the depot")).ok());
        QVERIFY(changed.wait(2000));
        changed.clear();
        QTest::qWait(150);
        QVERIFY(m_writer->exec(QStringLiteral("INSERT INTO policies (slug, title, body, updated_at) VALUES ('x', 'X', 'x', 1)")).ok());
        QVERIFY(changed.wait(2000));
    }

    // A busy team must not flood the consoles: many writes become a few refreshes.
    void burstsAreCoalesced()
    {
        ChangeFeed feed(m_location);
        QSignalSpy listening(&feed, &ChangeFeed::listeningChanged);
        QSignalSpy changed(&feed, &ChangeFeed::changed);
        feed.start();
        QVERIFY(waitListening(listening, true, 5000));
        QElapsedTimer timer;
        timer.start();
        constexpr int kWrites = 200;
        for (int i = 0; i < kWrites; ++i) {
            QVERIFY(writeCustomerMessage().ok());
            if (i % 20 == 0)
                QCoreApplication::processEvents();
        }
        const qint64 writing = timer.elapsed();
        QTest::qWait(400);
        const qint64 allowed = writing / 100 + 3; // one per window at most, plus the windows at either end
        qInfo("%d writes in %lld ms became %d refreshes", kWrites, writing, int(changed.count()));
        QVERIFY(changed.count() >= 1);
        QVERIFY2(changed.count() <= allowed, qPrintable(QStringLiteral("%1 refreshes").arg(changed.count())));
    }

    void aCutConnectionComesBackAndAsksForAFullRefresh()
    {
        ChangeFeed feed(m_location);
        feed.setCheckIntervalMs(300);
        QSignalSpy listening(&feed, &ChangeFeed::listeningChanged);
        QSignalSpy resynced(&feed, &ChangeFeed::resynced);
        QSignalSpy changed(&feed, &ChangeFeed::changed);
        feed.start();
        QVERIFY(waitListening(listening, true, 5000));
        listening.clear();
        QSqlQuery cut(m_writer->connection());
        QVERIFY(cut.exec(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                        "WHERE application_name = '%1'")
                             .arg(ChangeFeed::applicationName()))
                && cut.next());
        QCOMPARE(cut.value(0).toInt(), 1);
        QVERIFY2(waitListening(listening, false, 3000), "the lost connection went unnoticed");
        const QString why = [&] {
            for (const QList<QVariant> &args : std::as_const(listening)) {
                if (!args.at(0).toBool())
                    return args.at(1).toString();
            }
            return QString();
        }();
        QVERIFY(!why.isEmpty());
        QVERIFY(resynced.wait(5000));
        QVERIFY(waitListening(listening, true, 100));
        changed.clear();
        QVERIFY(writeCustomerMessage().ok());
        QVERIFY(changed.wait(2000));
    }

    // Last: the server itself restarts (every session cut, the writer's too). The feed notices,
    // comes back when the server is up again, and asks for a full refresh.
    void aRestartedServerIsFollowedAgain()
    {
        const QString script = qEnvironmentVariable("CARE_TEST_PG_SCRIPT");
        const QString dir = qEnvironmentVariable("CARE_TEST_PG_DIR");
        if (script.isEmpty() || dir.isEmpty())
            QFAIL("CARE_TEST_PG_SCRIPT and CARE_TEST_PG_DIR are not set: ctest provides them with the postgres fixture.");
        ChangeFeed feed(m_location);
        feed.setCheckIntervalMs(300);
        QSignalSpy listening(&feed, &ChangeFeed::listeningChanged);
        QSignalSpy resynced(&feed, &ChangeFeed::resynced);
        QSignalSpy changed(&feed, &ChangeFeed::changed);
        feed.start();
        QVERIFY(waitListening(listening, true, 5000));
        listening.clear();
        QElapsedTimer outage;
        outage.start();
        QProcess restart;
        restart.setProcessChannelMode(QProcess::ForwardedChannels);
        restart.start(QStringLiteral("bash"), {script, QStringLiteral("restart"), dir});
        QVERIFY(restart.waitForFinished(90000));
        QCOMPARE(restart.exitCode(), 0);
        QVERIFY2(waitListening(listening, false, 5000), "the restart went unnoticed");
        QVERIFY2(resynced.wait(20000), "the feed did not come back after the server did");
        qInfo("listening again %lld ms after the restart began", outage.elapsed());
        QVERIFY(m_writer->reconnect().ok());
        changed.clear();
        QVERIFY(writeCustomerMessage().ok());
        QVERIFY(changed.wait(2000));
    }
};

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "tst_change_feed.moc"
