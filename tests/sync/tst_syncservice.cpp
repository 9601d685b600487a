// The console's continuous sync (SyncService on its own thread) against the scripted
// instance: connecting an account, live arrival through the stream without waiting for the
// next poll, edits and deletions in the transcript, and a queued reply going out at once.
#include "FakeMastodon.h"
#include "StoreTestBackend.h"

#include "store/ConversationActions.h"
#include "store/Database.h"
#include "sync/SyncService.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;

class TestSyncService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Tests::FakeMastodon m_server;
    std::unique_ptr<Store::Database> m_db; // the test's own connection, as the GUI's store would have
    std::unique_ptr<Sync::SyncService> m_sync;

    qint64 count(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    QString text(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0).toString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.listen());
        const auto location = Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")));
        auto db = Store::Database::open(location);
        QVERIFY(db);
        m_db = std::move(db.value());
        QVERIFY(Tests::useRoundTheClockCalendar(*m_db));
        m_sync = std::make_unique<Sync::SyncService>(location, m_dir.filePath(QStringLiteral("secrets.json")));
        m_sync->start();
    }

    void cleanupTestCase() { m_sync.reset(); }

    void connectingAnAccountSyncsItAndStreamsWhatFollows()
    {
        m_server.addMention(QStringLiteral("kettle_fan@social.example"), QStringLiteral("Kettle Fan"),
                            m_server.brandMentionHtml() + QStringLiteral(" lid cracked"));
        QSignalSpy connected(m_sync.get(), &Sync::SyncService::accountConnected);
        QSignalSpy failed(m_sync.get(), &Sync::SyncService::accountFailed);
        QSignalSpy accounts(m_sync.get(), &Sync::SyncService::accountsChanged);
        m_sync->connectMastodon(m_server.baseUrl().toString(), m_server.token(), {QStringLiteral("kettle")}, {});
        QTRY_COMPARE_WITH_TIMEOUT(connected.count() + failed.count(), 1, 10000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        QCOMPARE(connected.first().first().toString(), QStringLiteral("Mastodon @acme@127.0.0.1"));
        QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(1), 10000);
        const auto latest = [&] {
            return accounts.isEmpty() ? QList<Sync::AccountView>() : accounts.last().first().value<QList<Sync::AccountView>>();
        };
        QTRY_VERIFY_WITH_TIMEOUT(latest().size() == 1 && latest().first().status.lastSyncAt.isValid(), 10000);
        const auto views = latest();
        QCOMPARE(views.first().status.state, Core::SyncState::Idle);
        QVERIFY(views.first().status.nextSyncAt > QDateTime::currentDateTimeUtc().addSecs(30));
        // The live stream is open: a new mention arrives long before the next poll (a minute away).
        QTRY_COMPARE_WITH_TIMEOUT(m_server.streamSubscribers(), 1, 10000);
        QSignalSpy changed(m_sync.get(), &Sync::SyncService::storeChanged);
        QElapsedTimer clock;
        clock.start();
        const QString second = m_server.addMention(QStringLiteral("jo@mastodon.example"), QStringLiteral("Jo"),
                                                   m_server.brandMentionHtml() + QStringLiteral(" refund?"));
        QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(2), 10000);
        qInfo("a streamed mention reached the store in %lld ms", clock.elapsed());
        QVERIFY(clock.elapsed() < 10000);
        QTRY_VERIFY(!changed.isEmpty());

        // Edited on Mastodon: the transcript has the new text and keeps the old one.
        m_server.editStatus(second, QStringLiteral("<p>refund for order 5120?</p>"));
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("SELECT body FROM messages WHERE platform_message_id = '%1'").arg(second)),
                                  QStringLiteral("refund for order 5120?"), 10000);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM message_revisions")), qint64(1));
        // Deleted on Mastodon: kept, shown as deleted.
        m_server.deleteStatus(second);
        QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM messages WHERE deleted_at IS NOT NULL")), qint64(1), 10000);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(2));
    }

    void listeningCanBeChangedLater()
    {
        const qint64 before = count(QStringLiteral("SELECT count(*) FROM messages"));
        m_server.addPublicPost(QStringLiteral("tea@fosstodon.example"), QStringLiteral("Tea"),
                               QStringLiteral("<p>the lid of my teapot is loose</p>"), {QStringLiteral("teatime")});
        QSignalSpy accounts(m_sync.get(), &Sync::SyncService::accountsChanged);
        m_sync->setListening(1, {QStringLiteral(" teapot ")}, {QStringLiteral("#teatime")});
        const auto latest = [&] {
            return accounts.isEmpty() ? QList<Sync::AccountView>() : accounts.last().first().value<QList<Sync::AccountView>>();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!latest().isEmpty() && latest().first().keywords == QStringList{QStringLiteral("teapot")}, 10000);
        QCOMPARE(latest().first().hashtags, QStringList{QStringLiteral("teatime")});
        // The new words are listened for at once: the post arrives (once, though both match).
        QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM messages")), before + 1, 10000);
    }

    void aQueuedReplyGoesOutWithoutWaitingForThePoll()
    {
        const qint64 conversation = count(QStringLiteral("SELECT min(conversation_id) FROM messages"));
        auto id = Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                      .queueReply(conversation, Core::Visibility::Public, QStringLiteral("A new lid is on its way."));
        QVERIFY(id);
        const int before = int(m_server.postedStatuses().size());
        m_sync->deliverSoon();
        QTRY_COMPARE_WITH_TIMEOUT(int(m_server.postedStatuses().size()), before + 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(text(QStringLiteral("SELECT delivery_state FROM messages WHERE id = %1").arg(id.value())),
                                  QStringLiteral("sent"), 10000);
    }

    void stoppingWhileTheServerHangsEndsPromptly()
    {
        // The server stops answering mid-sync; closing the console must not wait for it.
        m_server.failNext(Tests::FakeMastodon::Fault::Hang, QStringLiteral("/api/v1/notifications"), 5);
        QSignalSpy requests(&m_server, &Tests::FakeMastodon::requestReceived);
        m_sync->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(m_server.pendingFaults() < 5, 10000);
        QElapsedTimer clock;
        clock.start();
        m_sync.reset();
        qInfo("stopped in %lld ms with a request hanging", clock.elapsed());
        QVERIFY(clock.elapsed() < 3000);
        m_server.clearFaults();
    }
};

QTEST_GUILESS_MAIN(TestSyncService)
#include "tst_syncservice.moc"
