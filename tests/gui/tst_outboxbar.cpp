// The outbox bar above the composer and the sync status in the status bar: what the agent
// sees about replies that have not gone out and accounts that need attention.
#include "StoreJob.h"
#include "StoreTestBackend.h"

#include "gui/OutboxBar.h"
#include "gui/SyncStatusButton.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "store/Store.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestOutboxBar : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;
    qint64 m_conversation = 0;

    template<typename T>
    T runSync(std::function<Core::Result<T>(Store::Database &)> job)
    {
        auto result = Tests::runAndWait<T>(*m_store, std::move(job));
        if (!result)
            qFatal("store job failed: %s", qPrintable(result.error().fullText()));
        return result.value();
    }

    Core::DeliveryState stateOf(qint64 message)
    {
        return runSync<Core::DeliveryState>([message](Store::Database &db) -> Core::Result<Core::DeliveryState> {
            auto item = Store::OutboxRepository(db).forMessage(message);
            if (!item)
                return item.error();
            return item->state;
        });
    }

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QVERIFY(Tests::openAndWait(*m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("outbox.sqlite")))).ok());
        m_conversation = runSync<qint64>([](Store::Database &db) -> Core::Result<qint64> {
            if (Core::Status s = Tests::useRoundTheClockCalendar(db); !s)
                return s.error();
            Core::Account account;
            account.platform = Core::Platform::Mastodon;
            account.handle = QStringLiteral("@acme@social.example");
            account.name = account.handle;
            auto accountId = Store::AccountRepository(db).ensure(account);
            if (!accountId)
                return accountId.error();
            Core::IncomingMessage in;
            in.accountId = accountId.value();
            in.platformMessageId = QStringLiteral("1001");
            in.threadKey = QStringLiteral("1001");
            in.customerPlatformUserId = QStringLiteral("77");
            in.customerHandle = QStringLiteral("@kettle_fan@social.example");
            in.customerName = QStringLiteral("Kettle Fan");
            in.body = QStringLiteral("The lid cracked");
            in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-600);
            if (auto r = Store::MessageRepository(db).ingest({in}); !r)
                return r.error();
            QSqlQuery q(db.connection());
            if (!q.exec(QStringLiteral("SELECT id FROM conversations")) || !q.next())
                return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("conversation"));
            return q.value(0).toLongLong();
        });
    }

    void heldReplyOffersSendAnywayAndCancel()
    {
        const qint64 conversation = m_conversation;
        const qint64 message = runSync<qint64>([conversation](Store::Database &db) -> Core::Result<qint64> {
            auto id = Store::ConversationActions(db, QStringLiteral("aisha"))
                          .queueReply(conversation, Core::Visibility::Public, QStringLiteral("<b>Which model</b> is it?"));
            if (!id)
                return id;
            auto item = Store::OutboxRepository(db).forMessage(id.value());
            if (Core::Status s = Store::OutboxRepository(db).markHeld(item->id, QStringLiteral("The customer wrote again.")); !s)
                return s.error();
            return id;
        });
        Gui::OutboxBar bar(m_store.get());
        bar.showConversation(m_conversation);
        QTRY_VERIFY(bar.isVisibleTo(nullptr) || bar.itemCount() == 1);
        QTRY_COMPARE(bar.itemCount(), 1);
        auto *text = bar.findChild<QLabel *>(QStringLiteral("outboxItemText"));
        QVERIFY(text);
        QCOMPARE(text->textFormat(), Qt::PlainText); // the reply is shown as typed, never as markup
        QVERIFY2(text->text().contains(QStringLiteral("held: The customer wrote again.")), qPrintable(text->text()));
        QVERIFY(text->text().contains(QStringLiteral("<b>Which model</b>")));
        QTRY_VERIFY(bar.findChild<QPushButton *>(QStringLiteral("outboxConfirm")));
        QVERIFY(bar.findChild<QPushButton *>(QStringLiteral("outboxCancel")));
        QVERIFY(!bar.findChild<QPushButton *>(QStringLiteral("outboxRetry")));

        QSignalSpy delivery(&bar, &Gui::OutboxBar::deliveryRequested);
        QTest::mouseClick(bar.findChild<QPushButton *>(QStringLiteral("outboxConfirm")), Qt::LeftButton);
        QTRY_COMPARE(delivery.count(), 1);
        QCOMPARE(stateOf(message), Core::DeliveryState::Queued);
        // Queued: it can still be cancelled, and then it is gone from the bar.
        QTRY_VERIFY(!bar.findChild<QPushButton *>(QStringLiteral("outboxConfirm")));
        QSignalSpy status(&bar, &Gui::OutboxBar::statusMessage);
        QTRY_VERIFY(bar.findChild<QPushButton *>(QStringLiteral("outboxCancel")));
        QTest::mouseClick(bar.findChild<QPushButton *>(QStringLiteral("outboxCancel")), Qt::LeftButton);
        QTRY_COMPARE(status.count(), 1);
        QVERIFY(status.first().first().toString().contains(QStringLiteral("will not be sent")));
        QCOMPARE(stateOf(message), Core::DeliveryState::Cancelled);
        QTRY_COMPARE(bar.itemCount(), 0);
        QVERIFY(!bar.isVisibleTo(bar.parentWidget()));
    }

    void failedReplyOffersRetry()
    {
        const qint64 conversation = m_conversation;
        const qint64 message = runSync<qint64>([conversation](Store::Database &db) -> Core::Result<qint64> {
            auto id = Store::ConversationActions(db, QStringLiteral("aisha"))
                          .queueReply(conversation, Core::Visibility::Public, QStringLiteral("A very long reply"));
            if (!id)
                return id;
            Store::OutboxRepository outbox(db);
            auto item = outbox.forMessage(id.value());
            outbox.claim(item->id);
            if (Core::Status s = outbox.markFailed(item->id, QStringLiteral("social.example refused the request: "
                                                                             "Text character limit of 500 exceeded")); !s)
                return s.error();
            return id;
        });
        Gui::OutboxBar bar(m_store.get());
        bar.showConversation(m_conversation);
        QTRY_COMPARE(bar.itemCount(), 1);
        auto *text = bar.findChild<QLabel *>(QStringLiteral("outboxItemText"));
        QVERIFY(text->text().contains(QStringLiteral("not sent: social.example refused the request")));
        auto *retry = bar.findChild<QPushButton *>(QStringLiteral("outboxRetry"));
        QVERIFY(retry);
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE(stateOf(message), Core::DeliveryState::Queued);
    }

    void statusButtonPutsTheFirstProblemInFront()
    {
        Gui::SyncStatusButton button;
        QCOMPARE(button.text(), QStringLiteral("No accounts connected"));
        Sync::AccountView ok;
        ok.id = 1;
        ok.label = QStringLiteral("Mastodon @acme@social.example");
        ok.status.state = Core::SyncState::Idle;
        ok.status.lastSyncAt = QDateTime::currentDateTimeUtc();
        Sync::AccountView revoked = ok;
        revoked.id = 2;
        revoked.label = QStringLiteral("Mastodon @acme@other.example");
        revoked.status.state = Core::SyncState::NeedsReconnect;
        revoked.status.message = QStringLiteral("Token revoked or expired on other.example — reconnect the account.");
        revoked.undelivered = 2;
        Sync::AccountView demo = ok;
        demo.demo = true;
        demo.status.state = Core::SyncState::Failed;
        button.setAccounts({ok, demo});
        QVERIFY2(button.text().startsWith(QStringLiteral("Synced ")), qPrintable(button.text()));
        Sync::AccountView busy = ok;
        busy.status.state = Core::SyncState::Syncing;
        busy.status.message = QStringLiteral("40 new messages so far");
        button.setAccounts({busy});
        QCOMPARE(button.text(), QStringLiteral("Syncing… 40 new messages so far"));
        // Synced, but something was left out: said in front (after any real problem), amber.
        Sync::AccountView partly = ok;
        partly.status.message = QStringLiteral("Direct messages were not read: This app password does not allow direct "
                                               "messages on Bluesky.\nIn Bluesky, open Settings …");
        button.setAccounts({ok, partly});
        QCOMPARE(button.text(), QStringLiteral("Mastodon @acme@social.example: Direct messages were not read: This app "
                                               "password does not allow direct messages on Bluesky."));
        QVERIFY(button.styleSheet().contains(QStringLiteral("#8a6d00")));
        QVERIFY(button.toolTip().contains(QStringLiteral("In Bluesky, open Settings")));
        button.setAccounts({ok, partly, revoked});
        QCOMPARE(button.text(), revoked.status.message);
        QVERIFY(button.toolTip().contains(QStringLiteral("2 replies not delivered yet")));
        QVERIFY(button.toolTip().contains(ok.label));
    }
};

QTEST_MAIN(TestOutboxBar)
#include "tst_outboxbar.moc"
