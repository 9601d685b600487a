// The outbox and sync state in the store, on both backends (CARE_TEST_BACKEND=sqlite or
// postgresql, as tst_store_actions): what queueing writes, the delivery state machine, the
// read-back copy that must not double a message, cursors that roll back with their batch,
// and removing an account without losing its history.
#include "StoreTestBackend.h"

#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/ConversationFactsQuery.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "store/SyncStateRepository.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;
using Core::DeliveryState;
using Core::IncomingMessage;

#define QVERIFY_OK(result)                                                                                    \
    do {                                                                                                       \
        const auto &result_ = (result);                                                                        \
        QVERIFY2(result_.ok(), result_.ok() ? "" : qPrintable(result_.error().fullText() + result_.error().detail)); \
    } while (false)

class TestOutbox : public QObject
{
    Q_OBJECT

private:
    bool m_postgres = false;
    Store::DatabaseLocation m_pgLocation;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store::Database> m_db;
    qint64 m_account = 0;
    qint64 m_conversation = 0;

    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    IncomingMessage inbound(const QString &pid, int minute, const QString &customer = QStringLiteral("u1"))
    {
        IncomingMessage in;
        in.accountId = m_account;
        in.platformMessageId = pid;
        in.threadKey = QStringLiteral("thread");
        in.customerPlatformUserId = customer;
        in.customerHandle = QString(QStringLiteral("@") + customer + QStringLiteral("@social.example"));
        in.customerName = customer;
        in.body = QString(QStringLiteral("Body of ") + pid);
        in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-3600 + minute * 60);
        return in;
    }

    Core::Result<qint64> facebookPage()
    {
        Core::Account page;
        page.platform = Core::Platform::Facebook;
        page.handle = QStringLiteral("104233445566");
        page.name = QStringLiteral("Skyline Air");
        return Store::AccountRepository(*m_db).ensure(page);
    }

    Core::OutboxItem itemFor(qint64 messageId) { return Store::OutboxRepository(*m_db).forMessage(messageId).value(); }

private slots:
    void initTestCase()
    {
        if (const QString problem = Tests::chooseBackend(&m_postgres, &m_pgLocation); !problem.isEmpty())
            QFAIL(qPrintable(problem));
        m_dir = std::make_unique<QTemporaryDir>();
    }

    void init()
    {
        auto db = Tests::openFreshStore(m_postgres, m_pgLocation, *m_dir, QStringLiteral("outbox"));
        QVERIFY_OK(db);
        m_db = std::move(db).value();
        QVERIFY_OK(Tests::useRoundTheClockCalendar(*m_db));
        Core::Account account;
        account.platform = Core::Platform::Mastodon;
        account.handle = QStringLiteral("@acme@social.example");
        account.name = account.handle;
        account.serviceUrl = QStringLiteral("https://social.example");
        auto id = Store::AccountRepository(*m_db).ensure(account);
        QVERIFY_OK(id);
        m_account = id.value();
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({inbound(QStringLiteral("100"), 0), inbound(QStringLiteral("101"), 1)}));
        m_conversation = scalar(QStringLiteral("SELECT id FROM conversations"));
        QVERIFY(m_conversation > 0);
    }

    void cleanup() { m_db.reset(); }

    void queueingWritesWhatTheAgentSaw()
    {
        const qint64 newest = scalar(QStringLiteral("SELECT max(id) FROM messages"));
        Store::ConversationActions aisha(*m_db, QStringLiteral("aisha"));
        auto reply = aisha.queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("On its way"));
        QVERIFY_OK(reply);
        const Core::OutboxItem item = itemFor(reply.value());
        QCOMPARE(item.kind, Core::OutboxKind::PublicReply);
        QCOMPARE(item.state, DeliveryState::Queued);
        QCOMPARE(item.replyTo, QStringLiteral("101")); // the customer's latest message
        QCOMPARE(item.recipient, QStringLiteral("@u1@social.example"));
        QCOMPARE(item.seenMessageId, newest);
        QCOMPARE(item.accountId, m_account);
        QCOMPARE(item.body, QStringLiteral("On its way"));
        QVERIFY(item.idempotencyKey.size() >= 32);
        auto second = aisha.queueReply(m_conversation, Core::Visibility::Private, QStringLiteral("And by DM"));
        QVERIFY_OK(second);
        QCOMPARE(itemFor(second.value()).kind, Core::OutboxKind::PrivateMessage);
        QVERIFY(itemFor(second.value()).idempotencyKey != item.idempotencyKey);
        // Mastodon cannot hide: hiding stays in the console, nothing is queued for the platform.
        QVERIFY_OK(aisha.hideInbound(m_conversation, QStringLiteral("abusive")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'hide'")), qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox")), qint64(2));
    }

    // A hidden comment keeps its own platform id: Facebook's hide answers with no new post, and
    // the connector reports "<comment id>:hidden". Written onto the comment, the next sync
    // would take the comment for a new one and store it twice.
    void aHiddenCommentKeepsItsId()
    {
        auto account = facebookPage();
        QVERIFY_OK(account);
        IncomingMessage comment = inbound(QStringLiteral("c_77"), 30, QStringLiteral("fb-user-9"));
        comment.accountId = account.value();
        comment.threadKey = QStringLiteral("post_1");
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({comment}));
        const qint64 conversation = scalar(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = 'c_77'"));
        QVERIFY_OK(Store::ConversationActions(*m_db, QStringLiteral("aisha")).hideInbound(conversation, QStringLiteral("abusive")));
        const qint64 hide = scalar(QStringLiteral("SELECT id FROM outbox WHERE kind = 'hide'"));
        QVERIFY(hide > 0);
        Store::OutboxRepository outbox(*m_db);
        QVERIFY(outbox.claim(hide).value());
        QVERIFY_OK(outbox.markSent(hide, QStringLiteral("c_77:hidden")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = 'c_77'")), qint64(1));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE id = %1 AND state = 'sent'").arg(hide)), qint64(1));
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({comment})); // the next sync sees the comment again
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE body = 'Body of c_77'")), qint64(1));
    }

    // Unhide: a hide still waiting is withdrawn (nothing reaches Facebook); one that went out is
    // undone by an unhide item, once, carried by a note in the transcript; hiding again reuses the
    // message's hide item. Each step is in the audit log.
    void unhideUndoesOnlyWhatReachedThePlatform()
    {
        auto account = facebookPage();
        QVERIFY_OK(account);
        IncomingMessage comment = inbound(QStringLiteral("c_88"), 30, QStringLiteral("fb-user-9"));
        comment.accountId = account.value();
        comment.threadKey = QStringLiteral("post:p1:fb-user-9");
        comment.canHide = true;
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({comment}));
        const qint64 conversation = scalar(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = 'c_88'"));
        Store::ConversationActions aisha(*m_db, QStringLiteral("aisha"));
        Store::OutboxRepository outbox(*m_db);

        QVERIFY_OK(aisha.hideInbound(conversation, QStringLiteral("abusive")));
        const qint64 hide = scalar(QStringLiteral("SELECT id FROM outbox WHERE kind = 'hide'"));
        auto shown = aisha.unhideInbound(conversation);
        QVERIFY_OK(shown);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE id = %1 AND state = 'cancelled'").arg(hide)), qint64(1));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'unhide'")), qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = 'c_88' AND hidden_at IS NULL")), qint64(1));
        auto nothing = aisha.unhideInbound(conversation);
        QVERIFY(!nothing.ok());
        QCOMPARE(nothing.error().code, Core::Error::Code::NotFound);

        // Hidden again: the same item goes again; this time Facebook hides it.
        QVERIFY_OK(aisha.hideInbound(conversation, QStringLiteral("abusive again")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'hide'")), qint64(1));
        QCOMPARE(itemFor(scalar(QStringLiteral("SELECT message_id FROM outbox WHERE id = %1").arg(hide))).state, DeliveryState::Queued);
        QVERIFY(outbox.claim(hide).value());
        QVERIFY_OK(outbox.markSent(hide, QStringLiteral("c_88:hidden")));
        QVERIFY_OK(aisha.unhideInbound(conversation));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'unhide' AND reply_to = 'c_88' AND state = 'queued'")),
                 qint64(1));
        const qint64 unhide = scalar(QStringLiteral("SELECT id FROM outbox WHERE kind = 'unhide'"));
        const qint64 note = scalar(QStringLiteral("SELECT message_id FROM outbox WHERE id = %1").arg(unhide));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE id = %1 AND direction = 'note'"
                                       " AND delivery_state = 'queued'").arg(note)), qint64(1));
        QVERIFY(outbox.claim(unhide).value());
        QVERIFY_OK(outbox.markSent(unhide, QStringLiteral("c_88:shown")));
        // The note keeps its own id (the comment's is the comment's) and shows the delivery.
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE id = %1 AND delivery_state = 'sent'"
                                       " AND platform_message_id LIKE 'local-%'").arg(note)), qint64(1));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.unhide' AND actor = 'aisha'")),
                 qint64(2));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.unhide'"
                                       " AND detail = 'abusive again'")), qint64(1));
    }

    // What decides Hide is stored: Facebook's can_hide (and its change at the next sync), and for X
    // whether the brand's own post began the X conversation.
    void capabilityFactsComeFromTheStore()
    {
        auto fb = facebookPage();
        QVERIFY_OK(fb);
        IncomingMessage comment = inbound(QStringLiteral("c_99"), 30, QStringLiteral("fb-user-7"));
        comment.accountId = fb.value();
        comment.threadKey = QStringLiteral("post:p1:fb-user-7");
        comment.canHide = false;
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({comment}));
        const qint64 fbConversation = scalar(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = 'c_99'"));
        Store::ConversationFactsQuery facts(*m_db);
        QVERIFY(!facts.capabilities(fbConversation)->hide);
        comment.canHide = true; // Facebook changed its mind
        auto again = Store::MessageRepository(*m_db).ingest({comment});
        QVERIFY_OK(again);
        QCOMPARE(again->edited, 1);
        QVERIFY(facts.capabilities(fbConversation)->hide);

        Core::Account x;
        x.platform = Core::Platform::X;
        x.handle = QStringLiteral("@skyline");
        x.name = x.handle;
        auto xId = Store::AccountRepository(*m_db).ensure(x);
        QVERIFY_OK(xId);
        IncomingMessage tagged = inbound(QStringLiteral("1900"), 10, QStringLiteral("42"));
        tagged.accountId = xId.value();
        tagged.threadKey = QStringLiteral("1900:42");
        IncomingMessage brandPost = inbound(QStringLiteral("1800"), 5, QStringLiteral("43"));
        brandPost.accountId = xId.value();
        brandPost.threadKey = QStringLiteral("1800:43");
        brandPost.direction = Core::Direction::Outbound;
        brandPost.deliveryState = DeliveryState::Sent;
        IncomingMessage reply = brandPost;
        reply.platformMessageId = QStringLiteral("1801");
        reply.direction = Core::Direction::Inbound;
        reply.deliveryState = DeliveryState::NotApplicable;
        reply.createdAt = brandPost.createdAt.addSecs(60);
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({tagged, brandPost, reply}));
        const qint64 customerStarted = scalar(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = '1900'"));
        const qint64 brandStarted = scalar(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = '1801'"));
        QCOMPARE(facts.facts(customerStarted)->brandStartedThread, std::optional<bool>(false));
        QCOMPARE(facts.facts(brandStarted)->brandStartedThread, std::optional<bool>(true));
        QVERIFY(!facts.capabilities(customerStarted)->hide);
        QVERIFY(facts.capabilities(brandStarted)->hide);
        // Hidden in the console only where X would refuse: nothing is queued for X.
        QVERIFY_OK(Store::ConversationActions(*m_db, QStringLiteral("aisha")).hideInbound(customerStarted, QStringLiteral("spam")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'hide'")), qint64(0));
        QVERIFY_OK(Store::ConversationActions(*m_db, QStringLiteral("aisha")).hideInbound(brandStarted, QStringLiteral("spam")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'hide' AND reply_to = '1801'")), qint64(1));

        // A reply deep in a thread whose first post the store does not hold: unknown (X decides)
        // until the console's own published post (a scheduled post) turns out to be that first post.
        IncomingMessage deep = inbound(QStringLiteral("1702"), 20, QStringLiteral("44"));
        deep.accountId = xId.value();
        deep.threadKey = QStringLiteral("1700:44");
        deep.platformParentId = QStringLiteral("1701");
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({deep}));
        const qint64 deepThread = scalar(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = '1702'"));
        QCOMPARE(facts.facts(deepThread)->brandStartedThread, std::optional<bool>());
        QVERIFY(facts.capabilities(deepThread)->hide.reason.contains(QStringLiteral("so X decides")));
        QSqlQuery posted(m_db->connection());
        QVERIFY(posted.exec(QStringLiteral("INSERT INTO scheduled_posts (account_id, kind, body, post_at, state, idempotency_key,"
                                           " platform_id, created_at, updated_at) VALUES (%1, 'opening', 'We are here until 18:00',"
                                           " 0, 'sent', 'k-1700', '1700', 0, 0)")
                                .arg(xId.value())));
        QCOMPARE(facts.facts(deepThread)->brandStartedThread, std::optional<bool>(true));
        QVERIFY(facts.capabilities(deepThread)->hide.reason.isEmpty());
    }

    void deliveryStateMachine()
    {
        auto reply = Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                         .queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("Hello"));
        QVERIFY_OK(reply);
        Store::OutboxRepository outbox(*m_db);
        const qint64 id = itemFor(reply.value()).id;
        QVERIFY(outbox.claim(id).value());
        QVERIFY(!outbox.claim(id).value()); // a second worker does not get it
        QCOMPARE(itemFor(reply.value()).attempts, 1);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE delivery_state = 'sending'")), qint64(1));
        QCOMPARE(outbox.markInterruptedAsUnknown().value(), 1);
        QCOMPARE(itemFor(reply.value()).state, DeliveryState::Unknown);
        QCOMPARE(outbox.deliverable(m_account, QDateTime::currentMSecsSinceEpoch()).value().size(), 1);
        const qint64 later = QDateTime::currentMSecsSinceEpoch() + 60000;
        QVERIFY_OK(outbox.requeue(id, later, QStringLiteral("network down")));
        QCOMPARE(outbox.deliverable(m_account, QDateTime::currentMSecsSinceEpoch()).value().size(), 0);
        QCOMPARE(outbox.deliverable(m_account, later).value().size(), 1);
        QVERIFY(outbox.claim(id).value());
        QVERIFY_OK(outbox.markSent(id, QStringLiteral("555")));
        QCOMPARE(itemFor(reply.value()).platformId, QStringLiteral("555"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '555' AND delivery_state = 'sent'")),
                 qint64(1));
        // Sent is final.
        auto retry = outbox.retry(id);
        QVERIFY(!retry.ok());
        QCOMPARE(retry.error().code, Core::Error::Code::Conflict);
        QVERIFY(!outbox.cancel(id).ok());
        QVERIFY(outbox.pending().value().isEmpty());
    }

    void aReplyThatNeverReachedTheCustomerIsNoResponse()
    {
        const auto waiting = [&] { return scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE waiting_since IS NOT NULL")); };
        QCOMPARE(waiting(), qint64(1));
        auto reply = Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                         .queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("Too long"));
        QVERIFY_OK(reply);
        QCOMPARE(waiting(), qint64(0)); // queued: answered, on its way
        Store::OutboxRepository outbox(*m_db);
        const qint64 id = itemFor(reply.value()).id;
        QVERIFY(outbox.claim(id).value());
        QVERIFY_OK(outbox.markFailed(id, QStringLiteral("refused")));
        QCOMPARE(waiting(), qint64(1)); // the customer never got it
        QVERIFY(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE due_at IS NOT NULL")) == 1);
        QVERIFY_OK(outbox.retry(id));
        QCOMPARE(waiting(), qint64(0));
        QVERIFY_OK(outbox.cancel(id));
        QCOMPARE(waiting(), qint64(1));
    }

    void readBackCopyDoesNotDoubleTheReply()
    {
        auto reply = Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                         .queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("New lid today"));
        QVERIFY_OK(reply);
        // A sync brings the post back from the platform before its answer was recorded.
        IncomingMessage echo = inbound(QStringLiteral("900"), 59);
        echo.direction = Core::Direction::Outbound;
        echo.body = QStringLiteral("New lid today");
        echo.deliveryState = DeliveryState::Sent;
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({echo}));
        QCOMPARE(scalar(QStringLiteral("SELECT message_count FROM conversations")), qint64(4));
        Store::OutboxRepository outbox(*m_db);
        const qint64 id = itemFor(reply.value()).id;
        QVERIFY(outbox.claim(id).value());
        QVERIFY_OK(outbox.markSent(id, QStringLiteral("900")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '900'")), qint64(1));
        QCOMPARE(scalar(QStringLiteral("SELECT agent_id = 'aisha' FROM messages WHERE platform_message_id = '900'")), qint64(1));
        QCOMPARE(scalar(QStringLiteral("SELECT message_count FROM conversations")), qint64(3));
    }

    void newerMessagesAreTheCustomersAndColleaguesOnly()
    {
        auto reply = Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                         .queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("First"));
        QVERIFY_OK(reply);
        Store::OutboxRepository outbox(*m_db);
        QVERIFY(outbox.newerMessages(itemFor(reply.value())).value().isEmpty());
        // The same agent's second reply does not hold the first.
        QVERIFY_OK(Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                       .queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("Second")));
        QVERIFY(outbox.newerMessages(itemFor(reply.value())).value().isEmpty());
        // A colleague's reply and the customer's new message do.
        QVERIFY_OK(Store::ConversationActions(*m_db, QStringLiteral("bruno"))
                       .queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("Colleague")));
        QCOMPARE(outbox.newerMessages(itemFor(reply.value())).value().size(), 1);
        QVERIFY_OK(Store::MessageRepository(*m_db).ingest({inbound(QStringLiteral("102"), 59)}));
        QCOMPARE(outbox.newerMessages(itemFor(reply.value())).value().size(), 2);
        QVERIFY_OK(outbox.markHeld(itemFor(reply.value()).id, QStringLiteral("moved on")));
        QVERIFY_OK(outbox.confirm(itemFor(reply.value()).id));
        QVERIFY(itemFor(reply.value()).confirmed);
        QCOMPARE(itemFor(reply.value()).state, DeliveryState::Queued);
    }

    void cursorRollsBackWithItsBatch()
    {
        Store::SyncStateRepository state(*m_db);
        QVERIFY_OK(m_db->transaction([&]() -> Core::Status { return state.saveCursorInTransaction(m_account, QStringLiteral("mentions"), QStringLiteral("10")); }));
        const auto failed = m_db->transaction([&]() -> Core::Status {
            if (Core::Status s = state.saveCursorInTransaction(m_account, QStringLiteral("mentions"), QStringLiteral("20")); !s)
                return s;
            return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("ingest failed"));
        });
        QVERIFY(!failed.ok());
        QCOMPARE(state.cursor(m_account, QStringLiteral("mentions")).value(), QStringLiteral("10"));
    }

    void removingAnAccountKeepsItsHistory()
    {
        auto reply = Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                         .queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("Undelivered"));
        QVERIFY_OK(reply);
        Store::SyncStateRepository state(*m_db);
        QVERIFY_OK(m_db->transaction([&]() -> Core::Status { return state.saveCursorInTransaction(m_account, QStringLiteral("mentions"), QStringLiteral("10")); }));
        Core::AccountSyncStatus status;
        status.accountId = m_account;
        status.state = Core::SyncState::NeedsReconnect;
        status.message = QStringLiteral("Token revoked");
        QVERIFY_OK(state.saveStatus(status));
        QCOMPARE(state.statuses().value().size(), 1);

        Store::AccountRepository accounts(*m_db);
        QVERIFY_OK(accounts.remove(m_account));
        QVERIFY(accounts.list().value().isEmpty());
        QCOMPARE(accounts.list(true).value().size(), 1);
        QCOMPARE(itemFor(reply.value()).state, DeliveryState::Cancelled);
        QVERIFY(itemFor(reply.value()).error.contains(QStringLiteral("removed")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages")), qint64(3));
        QVERIFY(state.cursor(m_account, QStringLiteral("mentions")).value().isEmpty());
        QVERIFY(state.statuses().value().isEmpty());
        // Connecting it again brings the same account (and its history) back.
        Core::Account again = accounts.list(true).value().first();
        again.serviceUrl.clear(); // not given: the stored address stays
        QCOMPARE(accounts.ensure(again).value(), m_account);
        QCOMPARE(accounts.list().value().size(), 1);
        QCOMPARE(accounts.get(m_account).value().serviceUrl, QStringLiteral("https://social.example"));
        QVERIFY(!accounts.remove(m_account + 100).ok());
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
