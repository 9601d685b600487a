// Bluesky direct messages through the whole sync: the account connected with an app password,
// the Bluesky connector with its chat client, the engine, the store and the outbox, against
// the scripted chat PDS (tests/support/fake_bluesky_chat). A customer's message becomes a
// private conversation; the agent's private reply is delivered once, also when the answer to
// the send is lost.
#include "FakeBlueskyChat.h"
#include "StoreTestBackend.h"

#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/OutboxRepository.h"
#include "sync/BlueskyAccountSetup.h"
#include "sync/FileSecretStore.h"
#include "sync/HttpClient.h"
#include "sync/SyncEngine.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;
using Tests::FakeBlueskyChat;

namespace {
const QString kAnna = QStringLiteral("did:plc:anna");
}

class TestBlueskyChatSync : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<FakeBlueskyChat> m_server;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<Sync::FileSecretStore> m_secrets;
    std::unique_ptr<Sync::HttpClient> m_http;
    std::unique_ptr<Sync::SyncEngine> m_engine;
    Core::Account m_account;

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
        return q.exec(sql) && q.next() ? q.value(0).toString() : QString();
    }

    Sync::AccountSyncReport sync() { return m_engine->syncAccount(m_account); }

    qint64 annasConversation()
    {
        return count(QStringLiteral("SELECT id FROM conversations WHERE thread_key = 'dm:%1'").arg(kAnna));
    }

    qint64 queuePrivate(const QString &text)
    {
        auto id = Store::ConversationActions(*m_db, QStringLiteral("Aisha"))
                      .queueReply(annasConversation(), Core::Visibility::Private, text);
        return id ? id.value() : -1;
    }

    int brandMessagesToAnna()
    {
        int n = 0;
        for (const FakeBlueskyChat::ChatMessage &m : m_server->messagesWith(kAnna))
            n += m.senderDid == m_server->brandDid() ? 1 : 0;
        return n;
    }

private slots:
    void init()
    {
        static int round = 0;
        const QString folder = m_dir.filePath(QString::number(++round));
        QVERIFY(QDir().mkpath(folder));
        m_server = std::make_unique<FakeBlueskyChat>();
        QVERIFY(m_server->listen());
        m_server->addCustomer(kAnna, QStringLiteral("anna.test"), QStringLiteral("Anna Berg"));
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(folder + QStringLiteral("/store.sqlite")));
        QVERIFY(db);
        m_db = std::move(db.value());
        QVERIFY(Tests::useRoundTheClockCalendar(*m_db));
        m_secrets = std::make_unique<Sync::FileSecretStore>(folder + QStringLiteral("/secrets.json"));
        m_http = std::make_unique<Sync::HttpClient>();
        m_http->setBackoff(Sync::Backoff(10, 20));
        Sync::BlueskySignIn signIn;
        signIn.service = m_server->baseUrl().toString();
        signIn.identifier = m_server->brandHandle();
        signIn.appPassword = m_server->appPassword();
        auto account = Sync::connectBlueskyAccount(*m_db, *m_secrets, *m_http, signIn);
        QVERIFY2(account, account ? "" : qPrintable(account.error().fullText()));
        m_account = account.value();
        m_engine = std::make_unique<Sync::SyncEngine>(*m_db, *m_secrets, *m_http);
    }

    void cleanup()
    {
        m_engine.reset();
        m_http.reset();
        m_db.reset();
        m_server.reset();
    }

    void aDirectMessageBecomesAPrivateConversationAndTheReplyGoesOutOnce()
    {
        m_server->customerWrites(kAnna, QStringLiteral("My parcel 4471 never arrived"));
        Sync::AccountSyncReport report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.newMessages, 1);
        QVERIFY(annasConversation() > 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE visibility = 'private' AND direction = 'inbound'")),
                 qint64(1));

        // The agent answers privately: the outbox delivers it into Anna's chat.
        QVERIFY(queuePrivate(QStringLiteral("Sorry, Anna — a new one is on its way.")) > 0);
        report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.delivered, 1);
        QCOMPARE(brandMessagesToAnna(), 1);
        QCOMPARE(m_server->messagesWith(kAnna).last().text, QStringLiteral("Sorry, Anna — a new one is on its way."));

        // The next sync brings the reply back through the chat log: it is the same message.
        report = sync();
        QVERIFY(report.ok());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1").arg(annasConversation())),
                 qint64(2));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'sent'")), qint64(1));

        // Anna writes again: it lands in the same conversation.
        m_server->customerWrites(kAnna, QStringLiteral("Thanks!"));
        report = sync();
        QCOMPARE(report.newMessages, 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversations")), qint64(1));
    }

    // An app password without direct-message access: mentions still sync (the pass succeeds),
    // and the account's status says the direct messages were not read and how to fix it, until a
    // pass reads them again.
    void directMessagesRefusedAreSaidInTheAccountsStatus()
    {
        m_server->setChatAllowed(false);
        m_server->customerWrites(kAnna, QStringLiteral("Are you there?"));
        Sync::AccountSyncReport report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.status.state, Core::SyncState::Idle);
        QVERIFY2(report.status.message.startsWith(QStringLiteral("Direct messages were not read: This app password does not "
                                                                 "allow direct messages on Bluesky.")),
                 qPrintable(report.status.message));
        QVERIFY(report.status.message.contains(QStringLiteral("Allow access to your direct messages")));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(0));
        // Stored for every console (and `account list`) to show.
        QCOMPARE(text(QStringLiteral("SELECT message FROM account_status WHERE account_id = %1").arg(m_account.id)),
                 report.status.message);

        m_server->setChatAllowed(true);
        report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.newMessages, 1);
        QCOMPARE(report.status.message, QString());
    }

    void aLostAnswerToTheSendIsReadBackNotSentTwice()
    {
        m_server->customerWrites(kAnna, QStringLiteral("Where is my refund?"));
        QVERIFY(sync().ok());
        QVERIFY(queuePrivate(QStringLiteral("It left our bank today.")) > 0);
        m_server->failNext(FakeBlueskyChat::Fault::AcceptThen502, QStringLiteral("chat.bsky.convo.sendMessage"));
        Sync::AccountSyncReport report = sync();
        QCOMPARE(report.delivered, 1); // found by reading back
        QCOMPARE(brandMessagesToAnna(), 1);
        QCOMPARE(m_server->requestCount(QStringLiteral("chat.bsky.convo.sendMessage")), 1);
        report = sync();
        QCOMPARE(brandMessagesToAnna(), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'sent'")), qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestBlueskyChatSync)
#include "tst_bluesky_chat_sync.moc"
