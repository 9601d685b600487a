// Scheduled posts (shift announcements) against the scripted Mastodon instance: never before
// their time, exactly once after it, never after they expire, held back while a crisis pauses
// them, and posted once even when the first attempt's answer is lost.
#include "FakeMastodon.h"
#include "StoreTestBackend.h"

#include "core/ManualClock.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/ScheduledPostRepository.h"
#include "store/WorkspaceSettings.h"
#include "sync/FileSecretStore.h"
#include "sync/HttpClient.h"
#include "sync/SyncEngine.h"

#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;
using Tests::FakeMastodon;

class TestScheduledPosts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<FakeMastodon> m_server;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<Sync::FileSecretStore> m_secrets;
    std::unique_ptr<Sync::HttpClient> m_http;
    std::unique_ptr<Sync::SyncEngine> m_engine;
    Core::ManualClock m_clock{QDateTime(QDate(2026, 6, 8), QTime(5, 0), Qt::UTC)};
    Core::Account m_account;

    Sync::AccountSyncReport sync()
    {
        auto account = Store::AccountRepository(*m_db).get(m_account.id);
        return m_engine->syncAccount(account.value());
    }

    qint64 schedule(const QString &body, const QDateTime &at, const QDateTime &expires = {})
    {
        Core::ScheduledPost post;
        post.accountId = m_account.id;
        post.kind = QStringLiteral("opening");
        post.body = body;
        post.language = QStringLiteral("en");
        post.postAt = at;
        post.expiresAt = expires;
        auto id = Store::ScheduledPostRepository(*m_db).schedule(post);
        return id ? id.value() : -1;
    }

    Core::ScheduledPost::State stateOf(qint64 id)
    {
        return Store::ScheduledPostRepository(*m_db).get(id)->state;
    }

    int postedWith(const QString &body)
    {
        int n = 0;
        for (const QJsonObject &s : m_server->postedStatuses())
            n += s.value(QStringLiteral("content")).toString().contains(body) ? 1 : 0;
        return n;
    }

private slots:
    void init()
    {
        static int round = 0;
        const QString folder = m_dir.filePath(QString::number(++round));
        QVERIFY(QDir().mkpath(folder));
        m_server = std::make_unique<FakeMastodon>();
        QVERIFY(m_server->listen());
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(folder + QStringLiteral("/store.sqlite")));
        QVERIFY2(db, qPrintable(db ? QString() : db.error().fullText()));
        m_db = std::move(db.value());
        m_clock.set(QDateTime(QDate(2026, 6, 8), QTime(5, 0), Qt::UTC));
        m_db->setClock(&m_clock);
        QVERIFY(Tests::useRoundTheClockCalendar(*m_db));
        m_secrets = std::make_unique<Sync::FileSecretStore>(folder + QStringLiteral("/secrets.json"));
        m_account = {};
        m_account.platform = Core::Platform::Mastodon;
        m_account.handle = QStringLiteral("@acme@127.0.0.1");
        m_account.name = m_account.handle;
        m_account.serviceUrl = m_server->baseUrl().toString();
        auto id = Store::AccountRepository(*m_db).ensure(m_account);
        QVERIFY(id);
        m_account.id = id.value();
        QVERIFY(m_secrets->write(Sync::SyncEngine::secretKey(m_account), m_server->token()));
        m_http = std::make_unique<Sync::HttpClient>();
        m_http->setBackoff(Sync::Backoff(20, 100));
        m_http->setTimeoutMs(1500);
        m_engine = std::make_unique<Sync::SyncEngine>(*m_db, *m_secrets, *m_http);
    }

    void cleanup()
    {
        m_engine.reset();
        m_http.reset();
        m_db.reset();
        m_server.reset();
    }

    void notBeforeItsTimeThenExactlyOnce()
    {
        const QDateTime at(QDate(2026, 6, 8), QTime(6, 0), Qt::UTC);
        const qint64 id = schedule(QStringLiteral("We're here until 18:00"), at, at.addSecs(10 * 3600));
        QVERIFY(id > 0);

        auto report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(postedWith(QStringLiteral("here until 18:00")), 0);
        m_clock.set(at.addSecs(-1)); // a second early
        QVERIFY(sync().ok());
        QCOMPARE(postedWith(QStringLiteral("here until 18:00")), 0);
        QCOMPARE(stateOf(id), Core::ScheduledPost::State::Scheduled);

        m_clock.set(at.addSecs(30));
        report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(report.delivered, 1);
        QCOMPARE(postedWith(QStringLiteral("here until 18:00")), 1);
        const auto sent = Store::ScheduledPostRepository(*m_db).get(id);
        QCOMPARE(sent->state, Core::ScheduledPost::State::Sent);
        QVERIFY(!sent->platformId.isEmpty());
        // A post of its own: public, answering nothing.
        const QJsonObject status = m_server->postedStatuses().constLast();
        QCOMPARE(status.value(QStringLiteral("visibility")).toString(), QStringLiteral("public"));
        QVERIFY(status.value(QStringLiteral("in_reply_to_id")).isNull());

        m_clock.advance(3600);
        QVERIFY(sync().ok());
        QVERIFY(sync().ok());
        QCOMPARE(postedWith(QStringLiteral("here until 18:00")), 1);
    }

    // A console killed while posting leaves the post "sending": the next start puts it back, and it
    // is posted once. A post this very process is sending is left alone.
    void interruptedPostIsRecoveredAndPostedOnce()
    {
        const QDateTime at(QDate(2026, 6, 8), QTime(6, 0), Qt::UTC);
        const qint64 id = schedule(QStringLiteral("Back at 08:00"), at, at.addSecs(3600));
        QVERIFY(id > 0);
        m_clock.set(at.addSecs(60));
        Store::ScheduledPostRepository posts(*m_db);
        QVERIFY(posts.claim(id, Sync::SyncEngine::claimant()).value_or_false());
        auto recovered = m_engine->recoverInterruptedSends();
        QVERIFY(recovered);
        QCOMPARE(recovered.value(), 0); // ours, still running
        QCOMPARE(stateOf(id), Core::ScheduledPost::State::Sending);

        // The same post as claimed by a process on this machine that has since died.
        QProcess gone;
        gone.start(QStringLiteral("sleep"), { QStringLiteral("0.2") });
        QVERIFY(gone.waitForStarted(5000));
        const qint64 deadPid = gone.processId();
        QVERIFY(gone.waitForFinished(5000));
        const QString deadClaimant = QSysInfo::machineHostName() + QLatin1Char('/') + QString::number(deadPid);
        QVERIFY(posts.requeue(id, m_clock.now(), QString()));
        QVERIFY(posts.claim(id, deadClaimant).value_or_false());
        recovered = m_engine->recoverInterruptedSends();
        QVERIFY(recovered);
        QCOMPARE(recovered.value(), 1);
        QCOMPARE(stateOf(id), Core::ScheduledPost::State::Scheduled);
        const auto report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(postedWith(QStringLiteral("Back at 08:00")), 1);
        QCOMPARE(stateOf(id), Core::ScheduledPost::State::Sent);
        QVERIFY(sync().ok());
        QCOMPARE(postedWith(QStringLiteral("Back at 08:00")), 1);
    }

    void expiredPostsAreNeverPosted()
    {
        const QDateTime at(QDate(2026, 6, 8), QTime(6, 0), Qt::UTC);
        const qint64 id = schedule(QStringLiteral("We're back at 08:00"), at, at.addSecs(3600));
        m_clock.set(at.addSecs(2 * 3600)); // the console was off when it was due
        QVERIFY(sync().ok());
        QCOMPARE(postedWith(QStringLiteral("back at 08:00")), 0);
        QCOMPARE(stateOf(id), Core::ScheduledPost::State::Expired);
        QVERIFY(!Store::ScheduledPostRepository(*m_db).get(id)->error.isEmpty());
    }

    void crisisHoldsPromotionalPostsBack()
    {
        Core::CrisisMode crisis;
        crisis.active = true;
        crisis.title = QStringLiteral("Payments outage");
        QVERIFY(Store::WorkspaceSettings(*m_db).setCrisis(crisis, QStringLiteral("lead")));
        const QDateTime at(QDate(2026, 6, 8), QTime(4, 0), Qt::UTC);
        const qint64 id = schedule(QStringLiteral("Happy Monday"), at);
        QVERIFY(sync().ok());
        QCOMPARE(postedWith(QStringLiteral("Happy Monday")), 0);
        QCOMPARE(stateOf(id), Core::ScheduledPost::State::Scheduled);

        crisis.active = false;
        QVERIFY(Store::WorkspaceSettings(*m_db).setCrisis(crisis, QStringLiteral("lead")));
        QVERIFY(sync().ok());
        QCOMPARE(postedWith(QStringLiteral("Happy Monday")), 1);
    }

    void lostAnswerIsRetriedWithTheSameKey()
    {
        const QDateTime at(QDate(2026, 6, 8), QTime(4, 0), Qt::UTC);
        const qint64 id = schedule(QStringLiteral("Lost answer"), at);
        // The post is made, but the connection drops before the answer. (The network layer may
        // resend at once on a fresh connection; the key makes that a replay as well.)
        m_server->failNext(FakeMastodon::Fault::AcceptThenDrop, QStringLiteral("/api/v1/statuses"));
        sync();
        QCOMPARE(postedWith(QStringLiteral("Lost answer")), 1);
        if (stateOf(id) == Core::ScheduledPost::State::Scheduled) {
            m_clock.advance(30);
            QVERIFY(sync().ok());
            QCOMPARE(stateOf(id), Core::ScheduledPost::State::Scheduled); // not before the retry time
            m_clock.advance(120);
            QVERIFY(sync().ok());
        }
        QCOMPARE(stateOf(id), Core::ScheduledPost::State::Sent);
        QCOMPARE(postedWith(QStringLiteral("Lost answer")), 1);
        QVERIFY(sync().ok());
        QCOMPARE(postedWith(QStringLiteral("Lost answer")), 1);

        // An answer that certainly never came (503 twice over, the client's retries spent): tried again later.
        const qint64 busy = schedule(QStringLiteral("Busy server"), at);
        m_server->failNext(FakeMastodon::Fault::ServiceUnavailable503, QStringLiteral("/api/v1/statuses"), 10);
        sync();
        QCOMPARE(stateOf(busy), Core::ScheduledPost::State::Scheduled);
        QCOMPARE(postedWith(QStringLiteral("Busy server")), 0);
        m_server->clearFaults();
        m_clock.advance(10 * 60);
        QVERIFY(sync().ok());
        QCOMPARE(stateOf(busy), Core::ScheduledPost::State::Sent);
        QCOMPARE(postedWith(QStringLiteral("Busy server")), 1);

        // Refused by the platform: failed with its reason, not retried.
        const qint64 refused = schedule(QString(600, QLatin1Char('x')), at);
        QVERIFY(sync().ok());
        QCOMPARE(stateOf(refused), Core::ScheduledPost::State::Failed);
    }

    void editAndCancelOnlyWhileScheduled()
    {
        Store::ScheduledPostRepository posts(*m_db);
        const QDateTime at(QDate(2026, 6, 8), QTime(9, 0), Qt::UTC);
        const qint64 id = schedule(QStringLiteral("Draft"), at);
        QVERIFY(posts.reschedule(id, QStringLiteral("Edited"), at.addSecs(600)));
        QCOMPARE(posts.get(id)->body, QStringLiteral("Edited"));
        QCOMPARE(posts.get(id)->postAt, at.addSecs(600));
        QVERIFY(posts.cancel(id));
        QCOMPARE(stateOf(id), Core::ScheduledPost::State::Cancelled);
        QVERIFY(!posts.reschedule(id, QStringLiteral("Again"), at));
        QVERIFY(!posts.cancel(id));
        m_clock.set(at.addSecs(3600));
        QVERIFY(sync().ok());
        QCOMPARE(postedWith(QStringLiteral("Edited")), 0);
        QCOMPARE(posts.list().value().size(), 1); // recent finished ones stay listed
    }
};

QTEST_GUILESS_MAIN(TestScheduledPosts)
#include "tst_scheduledposts.moc"
