// The sync engine, outbox and Mastodon connector against a scripted local instance
// (tests/support/fake_mastodon): every fault the issue lists, with the store on SQLite.
#include "FakeMastodon.h"
#include "StoreTestBackend.h"

#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/OutboxRepository.h"
#include "store/SyncStateRepository.h"
#include "sync/FileSecretStore.h"
#include "sync/HttpClient.h"
#include "sync/SyncEngine.h"

#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace Care;
using Tests::FakeMastodon;

class TestMastodonSync : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<FakeMastodon> m_server;
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

    Sync::AccountSyncReport sync()
    {
        auto account = Store::AccountRepository(*m_db).get(m_account.id);
        return m_engine->syncAccount(account.value());
    }

    qint64 conversationOf(const QString &platformId)
    {
        return count(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = '%1'").arg(platformId));
    }

    qint64 queue(qint64 conversation, Core::Visibility visibility, const QString &text)
    {
        auto id = Store::ConversationActions(*m_db, QStringLiteral("Aisha")).queueReply(conversation, visibility, text);
        return id ? id.value() : -1;
    }

    Core::OutboxItem item(qint64 messageId)
    {
        return Store::OutboxRepository(*m_db).forMessage(messageId).value();
    }

    int postsReplyingTo(const QString &statusId)
    {
        int n = 0;
        for (const QJsonObject &s : m_server->postedStatuses())
            n += s.value(QStringLiteral("in_reply_to_id")).toString() == statusId ? 1 : 0;
        return n;
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        static int round = 0;
        const QString folder = m_dir.filePath(QString::number(++round));
        QVERIFY(QDir().mkpath(folder));
        m_server = std::make_unique<FakeMastodon>();
        QVERIFY(m_server->listen());
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(folder + QStringLiteral("/store.sqlite")));
        QVERIFY2(db, qPrintable(db ? QString() : db.error().fullText()));
        m_db = std::move(db.value());
        QVERIFY(Tests::useRoundTheClockCalendar(*m_db));
        m_secrets = std::make_unique<Sync::FileSecretStore>(folder + QStringLiteral("/secrets.json"));
        m_account = {};
        m_account.platform = Core::Platform::Mastodon;
        m_account.handle = QStringLiteral("@acme@127.0.0.1");
        m_account.name = m_account.handle;
        m_account.serviceUrl = m_server->baseUrl().toString();
        m_account.settings.insert(QStringLiteral("keywords"), QJsonArray{QStringLiteral("kettle")});
        m_account.settings.insert(QStringLiteral("hashtags"), QJsonArray{QStringLiteral("acmehelp")});
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

    // Done-when: a mention, a direct message and a keyword hit arrive in one pass.
    void syncOnceBringsMentionDirectMessageAndKeywordHit()
    {
        const QString mention = m_server->addMention(QStringLiteral("kettle_fan@social.example"), QStringLiteral("Kettle Fan"),
                                                     m_server->brandMentionHtml() + QStringLiteral(" lid cracked on order 4471"));
        const QString dm = m_server->addDirectMessage(QStringLiteral("jo@mastodon.example"), QStringLiteral("Jo"),
                                                      m_server->brandMentionHtml() + QStringLiteral(" my refund has not arrived"));
        const QString hit = m_server->addPublicPost(QStringLiteral("tea@fosstodon.example"), QStringLiteral("Tea"),
                                                    QStringLiteral("<p>Third kettle from them this year, lid leaks</p>"));
        m_server->setMaxCharacters(1000);
        const auto report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(report.newMessages, 3);
        // The instance's own post length is kept for the composer.
        QCOMPARE(Store::AccountRepository(*m_db).get(m_account.id)->settings.value(QStringLiteral("maxCharacters")).toInt(), 1000);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE direction = 'inbound'")), 3);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '%1' AND visibility = 'private'").arg(dm)), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '%1' AND visibility = 'public'"
                                      " AND body = '@acme lid cracked on order 4471'").arg(mention)), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '%1'").arg(hit)), 1);
        // Every notifications request carried a limit (some servers return one item without).
        for (const auto &r : m_server->requests()) {
            if (r.path == QLatin1String("/api/v1/notifications"))
                QVERIFY(r.query.hasQueryItem(QStringLiteral("limit")));
        }
        // A second pass finds nothing new and doubles nothing.
        const auto again = sync();
        QVERIFY(again.ok());
        QCOMPARE(again.newMessages, 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 3);
        auto statuses = Store::SyncStateRepository(*m_db).statuses();
        QCOMPARE(statuses->size(), 1);
        QCOMPARE(statuses->first().state, Core::SyncState::Idle);
        QVERIFY(statuses->first().lastSyncAt.isValid());
        QVERIFY(statuses->first().rateRemaining > 0);
    }

    void pagesForwardWithoutGapsAndAReplyJoinsItsThread()
    {
        const QString first = m_server->addMention(QStringLiteral("a@x.example"), QStringLiteral("A"), QStringLiteral("first"));
        QVERIFY(sync().ok());
        // 95 new mentions: three pages of 40 from the cursor.
        QStringList ids;
        for (int i = 0; i < 95; ++i)
            ids << m_server->addMention(QStringLiteral("p%1@x.example").arg(i), QStringLiteral("P"), QStringLiteral("hello %1").arg(i));
        m_server->clearRequests();
        const auto report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(report.newMessages, 95);
        int pages = 0;
        for (const auto &r : m_server->requests())
            pages += r.path == QLatin1String("/api/v1/notifications") ? 1 : 0;
        QVERIFY2(pages >= 3, qPrintable(QString::number(pages)));
        // The customer answers our reply: same conversation.
        const qint64 conversation = conversationOf(first);
        QVERIFY(queue(conversation, Core::Visibility::Public, QStringLiteral("We are on it.")) > 0);
        QVERIFY(sync().ok());
        const QString ourReply = m_server->postedStatuses().last().value(QStringLiteral("id")).toString();
        const QString followUp = m_server->addMention(QStringLiteral("a@x.example"), QStringLiteral("A"), QStringLiteral("thanks!"), ourReply);
        QVERIFY(sync().ok());
        QCOMPARE(conversationOf(followUp), conversation);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1").arg(conversation)), 3);
    }

    void everyKeywordHitArrivesHoweverManyPagesItTakes()
    {
        m_server->addPublicPost(QStringLiteral("first@x.example"), QStringLiteral("F"), QStringLiteral("<p>my kettle</p>"));
        QVERIFY(sync().ok());
        // 55 hits while the console was closed: more than a page (the instance gives 20).
        for (int i = 0; i < 55; ++i)
            m_server->addPublicPost(QStringLiteral("p%1@x.example").arg(i), QStringLiteral("P"),
                                    QStringLiteral("<p>kettle number %1 leaks</p>").arg(i));
        const auto report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE body LIKE 'kettle number %'")), qint64(55));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(56));
        QVERIFY(sync().ok());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(56));
    }

    void replyIsDeliveredOnceWithAnIdempotencyKey()
    {
        const QString mention = m_server->addMention(QStringLiteral("kettle_fan@social.example"), QStringLiteral("K"), QStringLiteral("help"));
        QVERIFY(sync().ok());
        const qint64 message = queue(conversationOf(mention), Core::Visibility::Public, QStringLiteral("Sorry! A new lid is on its way. — Aisha"));
        const QString key = item(message).idempotencyKey;
        QVERIFY(!key.isEmpty());
        const auto report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(report.delivered, 1);
        QCOMPARE(postsReplyingTo(mention), 1);
        QCOMPARE(item(message).state, Core::DeliveryState::Sent);
        const QString platformId = item(message).platformId;
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE id = %1 AND platform_message_id = '%2' AND delivery_state = 'sent'")
                           .arg(message).arg(platformId)), 1);
        bool sawKey = false;
        for (const auto &r : m_server->requests())
            sawKey = sawKey || (r.method == "POST" && r.headers.value("idempotency-key") == key.toUtf8());
        QVERIFY(sawKey);
        QVERIFY(sync().ok());
        QCOMPARE(postsReplyingTo(mention), 1);
    }

    void privateReplyIsDirectAndAddressesTheCustomer()
    {
        const QString dm = m_server->addDirectMessage(QStringLiteral("jo@mastodon.example"), QStringLiteral("Jo"), QStringLiteral("my order"));
        QVERIFY(sync().ok());
        const qint64 message = queue(conversationOf(dm), Core::Visibility::Private, QStringLiteral("Could you send the order number here?"));
        QVERIFY(sync().ok());
        QCOMPARE(item(message).state, Core::DeliveryState::Sent);
        const QJsonObject posted = m_server->postedStatuses().last();
        QCOMPARE(posted.value(QStringLiteral("visibility")).toString(), QStringLiteral("direct"));
        QVERIFY(posted.value(QStringLiteral("content")).toString().contains(QStringLiteral("jo")));
    }

    void aReplyKeepsTheReachOfWhatItAnswersAndMentionsTheCustomer()
    {
        const QString followersOnly = m_server->addMention(QStringLiteral("quiet@x.example"), QStringLiteral("Quiet"),
                                                           QStringLiteral("lid broke"), {}, QStringLiteral("private"));
        QVERIFY(sync().ok());
        QVERIFY(queue(conversationOf(followersOnly), Core::Visibility::Public, QStringLiteral("Sorry, sending one.")) > 0);
        QVERIFY(sync().ok());
        const QJsonObject posted = m_server->postedStatuses().last();
        QCOMPARE(posted.value(QStringLiteral("visibility")).toString(), QStringLiteral("private"));
        QVERIFY2(posted.value(QStringLiteral("content")).toString().contains(QStringLiteral("quiet")),
                 qPrintable(posted.value(QStringLiteral("content")).toString()));
    }

    void offlineReplyGoesOutOnceWhenTheNetworkReturns()
    {
        const QString mention = m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("help"));
        QVERIFY(sync().ok());
        const qint64 message = queue(conversationOf(mention), Core::Visibility::Public, QStringLiteral("Written while offline"));
        // The instance is unreachable: a port nobody listens on.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        auto account = Store::AccountRepository(*m_db).get(m_account.id).value();
        QUrl dead = m_server->baseUrl();
        dead.setPort(deadPort);
        account.serviceUrl = dead.toString();
        QVERIFY(Store::AccountRepository(*m_db).ensure(account));
        auto offline = sync();
        QVERIFY(!offline.ok());
        QCOMPARE(offline.error->code, Core::Error::Code::NetworkError);
        QVERIFY2(offline.status.message.contains(QStringLiteral("retrying in")), qPrintable(offline.status.message));
        QCOMPARE(offline.status.state, Core::SyncState::Retrying);
        QCOMPARE(item(message).state, Core::DeliveryState::Queued);
        QCOMPARE(postsReplyingTo(mention), 0);
        // Back online.
        account.serviceUrl = m_server->baseUrl().toString();
        QVERIFY(Store::AccountRepository(*m_db).ensure(account));
        QVERIFY(sync().ok());
        QCOMPARE(item(message).state, Core::DeliveryState::Sent);
        QCOMPARE(postsReplyingTo(mention), 1);
    }

    void acceptedThenDroppedIsReconciledToExactlyOnePost()
    {
        const QString mention = m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("help"));
        QVERIFY(sync().ok());
        const qint64 message = queue(conversationOf(mention), Core::Visibility::Public, QStringLiteral("Replacement lid sent today."));
        // Qt resends a request once when the connection drops before any answer: drop both.
        m_server->failNext(FakeMastodon::Fault::AcceptThenDrop, QStringLiteral("/api/v1/statuses"), 2);
        const auto report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(postsReplyingTo(mention), 1);
        QCOMPARE(item(message).state, Core::DeliveryState::Sent);
        QCOMPARE(item(message).platformId, m_server->postedStatuses().last().value(QStringLiteral("id")).toString());
        QVERIFY(sync().ok());
        QCOMPARE(postsReplyingTo(mention), 1);
    }

    void unknownOutcomeWaitsUntilTheReadBackSucceeds()
    {
        const QString mention = m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("help"));
        QVERIFY(sync().ok());
        const qint64 message = queue(conversationOf(mention), Core::Visibility::Public, QStringLiteral("On its way."));
        // Qt resends a request once when the connection drops before any answer: drop both.
        m_server->failNext(FakeMastodon::Fault::AcceptThenDrop, QStringLiteral("/api/v1/statuses"), 2);
        // The read-back fails too (every retry of it): the outcome stays unknown, nothing resent.
        m_server->failNext(FakeMastodon::Fault::ServerError500, QStringLiteral("/api/v1/accounts/1/statuses"), 3);
        sync();
        QCOMPARE(item(message).state, Core::DeliveryState::Unknown);
        QCOMPARE(postsReplyingTo(mention), 1);
        // Next pass reads back, finds it, and does not post again.
        QVERIFY(sync().ok());
        QCOMPARE(item(message).state, Core::DeliveryState::Sent);
        QCOMPARE(postsReplyingTo(mention), 1);
    }

    void sendInterruptedByACrashIsReconciled()
    {
        const QString mention = m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("help"));
        QVERIFY(sync().ok());
        const qint64 message = queue(conversationOf(mention), Core::Visibility::Public, QStringLiteral("Sorted, see DM."));
        // A process claimed it and died after (case 1) or before (case 2) the post reached Mastodon.
        Store::OutboxRepository outbox(*m_db);
        QVERIFY(outbox.claim(item(message).id).value());
        QCOMPARE(m_engine->recoverInterruptedSends().value(), 1);
        QCOMPARE(item(message).state, Core::DeliveryState::Unknown);
        QVERIFY(sync().ok());
        QCOMPARE(postsReplyingTo(mention), 1); // not there: sent once, with its key
        QCOMPARE(item(message).state, Core::DeliveryState::Sent);
    }

    void revokedTokenAsksForReconnectAndKeepsTheReply()
    {
        const QString mention = m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("help"));
        QVERIFY(sync().ok());
        const qint64 message = queue(conversationOf(mention), Core::Visibility::Public, QStringLiteral("Hello"));
        m_server->revokeToken();
        const auto report = sync();
        QVERIFY(!report.ok());
        QCOMPARE(report.error->code, Core::Error::Code::TokenRevoked);
        QCOMPARE(report.status.state, Core::SyncState::NeedsReconnect);
        QVERIFY2(report.status.message.contains(QStringLiteral("reconnect")), qPrintable(report.status.message));
        QVERIFY(report.status.message.contains(QStringLiteral("127.0.0.1")));
        QCOMPARE(item(message).state, Core::DeliveryState::Queued);
    }

    void rateLimitWaitsAndLosesNothing()
    {
        m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("help"));
        m_server->setRateLimit(2, 300);
        const auto limited = sync();
        QVERIFY(!limited.ok());
        QCOMPARE(limited.error->code, Core::Error::Code::RateLimited);
        QCOMPARE(limited.status.state, Core::SyncState::RateLimited);
        QVERIFY(limited.status.message.contains(QStringLiteral("resumes in")));
        QVERIFY(limited.status.nextSyncAt > QDateTime::currentDateTimeUtc().addSecs(60));
        // The client keeps to the spent budget by itself: the next pass sends nothing.
        m_server->clearRequests();
        const auto still = sync();
        QCOMPARE(still.error->code, Core::Error::Code::RateLimited);
        QCOMPARE(m_server->requests().size(), 0);
        // After the window (a new client stands in for the time passing) all arrives.
        m_server->resetRateLimit();
        m_server->setRateLimit(300, 300);
        m_engine.reset();
        m_http = std::make_unique<Sync::HttpClient>();
        m_engine = std::make_unique<Sync::SyncEngine>(*m_db, *m_secrets, *m_http);
        const auto report = sync();
        QVERIFY2(report.ok(), qPrintable(report.summary()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 1);
    }

    void serverErrorsAreRetriedThenReported()
    {
        m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("help"));
        // One 503 is absorbed by the client's retry.
        m_server->failNext(FakeMastodon::Fault::ServiceUnavailable503, QStringLiteral("/api/v1/notifications"));
        QVERIFY(sync().ok());
        m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("again"));
        m_server->failNext(FakeMastodon::Fault::ServerError500, QStringLiteral("/api/v1/notifications"), 3);
        const auto report = sync();
        QVERIFY(!report.ok());
        QCOMPARE(report.error->code, Core::Error::Code::ServerError);
        QCOMPARE(report.status.state, Core::SyncState::Retrying);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 1);
        QVERIFY(sync().ok());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 2);
    }

    void unreadableAnswersNeverAdvanceTheCursor_data()
    {
        QTest::addColumn<FakeMastodon::Fault>("fault");
        QTest::newRow("malformed") << FakeMastodon::Fault::MalformedJson;
        QTest::newRow("truncated") << FakeMastodon::Fault::TruncatedJson;
        QTest::newRow("html") << FakeMastodon::Fault::HtmlContentType;
        QTest::newRow("dropped") << FakeMastodon::Fault::DropConnection;
        QTest::newRow("hang") << FakeMastodon::Fault::Hang;
    }

    void unreadableAnswersNeverAdvanceTheCursor()
    {
        QFETCH(FakeMastodon::Fault, fault);
        m_server->addMention(QStringLiteral("a@x.example"), QStringLiteral("A"), QStringLiteral("one"));
        QVERIFY(sync().ok());
        const QString cursor = Store::SyncStateRepository(*m_db).cursor(m_account.id, QStringLiteral("mentions")).value();
        m_server->addMention(QStringLiteral("b@x.example"), QStringLiteral("B"), QStringLiteral("two"));
        // Enough for the client's retries and Qt's own resend of a dropped request.
        m_server->failNext(fault, QStringLiteral("/api/v1/notifications"), 10);
        const auto report = sync();
        QVERIFY(!report.ok());
        QVERIFY(!report.error->message.isEmpty());
        QVERIFY2(report.status.message.contains(QStringLiteral("retrying in")), qPrintable(report.status.message));
        QCOMPARE(Store::SyncStateRepository(*m_db).cursor(m_account.id, QStringLiteral("mentions")).value(), cursor);
        m_server->clearFaults();
        QVERIFY(sync().ok());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), 2);
    }

    void replyOvertakenByTheCustomerIsHeldForConfirmation()
    {
        const QString mention = m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("lid cracked"));
        QVERIFY(sync().ok());
        const qint64 message = queue(conversationOf(mention), Core::Visibility::Public, QStringLiteral("Which model is it?"));
        // Meanwhile the customer adds to the thread.
        m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("it is the K200, order 4471"), mention);
        const auto report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.held, 1);
        QCOMPARE(item(message).state, Core::DeliveryState::Held);
        QVERIFY(item(message).error.contains(QStringLiteral("newer")));
        QCOMPARE(postsReplyingTo(mention), 0);
        // The agent decides to send it anyway.
        QVERIFY(Store::OutboxRepository(*m_db).confirm(item(message).id));
        QVERIFY(sync().ok());
        QCOMPARE(item(message).state, Core::DeliveryState::Sent);
        QCOMPARE(postsReplyingTo(mention), 1);
    }

    void refusedReplyFailsWithTheReasonAndCanBeRetriedOrCancelled()
    {
        const QString mention = m_server->addMention(QStringLiteral("k@x.example"), QStringLiteral("K"), QStringLiteral("help"));
        QVERIFY(sync().ok());
        m_server->setMaxCharacters(20);
        const qint64 message = queue(conversationOf(mention), Core::Visibility::Public,
                                     QStringLiteral("This reply is far longer than twenty characters."));
        const auto report = sync();
        QCOMPARE(report.failed, 1);
        QCOMPARE(item(message).state, Core::DeliveryState::Failed);
        QVERIFY2(item(message).error.contains(QStringLiteral("character limit")), qPrintable(item(message).error));
        Store::OutboxRepository outbox(*m_db);
        QVERIFY(outbox.retry(item(message).id));
        QCOMPARE(item(message).state, Core::DeliveryState::Queued);
        sync();
        QCOMPARE(item(message).state, Core::DeliveryState::Failed);
        QVERIFY(outbox.cancel(item(message).id));
        QCOMPARE(item(message).state, Core::DeliveryState::Cancelled);
        QVERIFY(!outbox.retry(item(message).id)); // cancelled stays cancelled
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE id = %1 AND delivery_state = 'cancelled'").arg(message)), 1);
        QCOMPARE(postsReplyingTo(mention), 0);
    }

    void twoWritersToTheSecretsFileLoseNothing()
    {
        const QString path = m_dir.filePath(QStringLiteral("shared-secrets.json"));
        const auto writer = [path](const QString &prefix) {
            Sync::FileSecretStore secrets(path);
            for (int i = 0; i < 40; ++i)
                secrets.write(QStringLiteral("%1/%2").arg(prefix).arg(i), QStringLiteral("token-%1").arg(i));
        };
        std::thread console(writer, QStringLiteral("console"));
        std::thread command(writer, QStringLiteral("command"));
        console.join();
        command.join();
        Sync::FileSecretStore secrets(path);
        for (const QString &prefix : {QStringLiteral("console"), QStringLiteral("command")}) {
            for (int i = 0; i < 40; ++i)
                QCOMPARE(secrets.read(QStringLiteral("%1/%2").arg(prefix).arg(i)).value(), QStringLiteral("token-%1").arg(i));
        }
    }

    void secretsFileReadableByOthersIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("open-secrets.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{}");
        file.close();
        QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        auto store = Sync::SecretStore::open(path);
        QVERIFY(!store);
        QCOMPARE(store.error().code, Core::Error::Code::NoSecretStore);
        QVERIFY(store.error().hint.contains(QStringLiteral("chmod 600")));
        // A new file is created owner-only.
        const QString fresh = m_dir.filePath(QStringLiteral("fresh-secrets.json"));
        Sync::FileSecretStore secrets(fresh);
        QVERIFY(secrets.write(QStringLiteral("mastodon/@a@b"), QStringLiteral("t0k3n")));
        QCOMPARE(QFile::permissions(fresh) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
        QCOMPARE(secrets.read(QStringLiteral("mastodon/@a@b")).value(), QStringLiteral("t0k3n"));
    }
};

QTEST_GUILESS_MAIN(TestMastodonSync)
#include "tst_mastodon_sync.moc"
