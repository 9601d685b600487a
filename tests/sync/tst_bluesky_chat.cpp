// Bluesky direct messages (BlueskyChatClient) against the scripted chat PDS in
// tests/support/fake_bluesky_chat: the first fill, the incremental log, private replies and
// the customer's allowIncoming, unclear sends read back before any retry, malformed answers.
#include "FakeBlueskyChat.h"

#include "sync/BlueskyChatClient.h"
#include "sync/BlueskyChatJson.h"
#include "sync/BlueskySession.h"
#include "sync/HttpClient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace Care;
using Tests::FakeBlueskyChat;

namespace {

const QString kAnna = QStringLiteral("did:plc:anna");
const QString kBen = QStringLiteral("did:plc:ben");
const QString kCleo = QStringLiteral("did:plc:cleo");

} // namespace

class TestBlueskyChat : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeBlueskyChat> m_fake;
    std::unique_ptr<Sync::HttpClient> m_http;
    std::unique_ptr<Sync::BlueskySession> m_session;
    std::unique_ptr<Sync::BlueskyChatClient> m_chat;
    QList<Sync::FetchBatch> m_batches;
    QHash<QString, QString> m_cursors;

    Core::Status fetch()
    {
        return m_chat->fetch(m_cursors, [this](const Sync::FetchBatch &batch) {
            m_batches << batch;
            if (!batch.cursor.isEmpty())
                m_cursors.insert(batch.stream, batch.cursor);
            return Core::Status();
        });
    }

    QList<Core::IncomingMessage> fetched() const
    {
        QList<Core::IncomingMessage> out;
        for (const Sync::FetchBatch &batch : m_batches)
            out << batch.messages;
        return out;
    }

    static Core::OutboxItem privateReply(const QString &recipient, const QString &text, const QString &replyTo = {})
    {
        Core::OutboxItem item;
        item.id = 1;
        item.accountId = 7;
        item.kind = Core::OutboxKind::PrivateMessage;
        item.recipient = recipient;
        item.replyTo = replyTo;
        item.body = text;
        item.createdAt = QDateTime::currentDateTimeUtc();
        return item;
    }

private slots:
    void init()
    {
        m_fake = std::make_unique<FakeBlueskyChat>();
        QVERIFY(m_fake->listen());
        m_fake->addCustomer(kAnna, QStringLiteral("anna.test"), QStringLiteral("Anna Berg"));
        m_fake->addCustomer(kBen, QStringLiteral("ben.test"), QString(), QStringLiteral("following"), false);
        m_fake->addCustomer(kCleo, QStringLiteral("cleo.test"), QStringLiteral("Cleo"), QStringLiteral("none"));
        m_http = std::make_unique<Sync::HttpClient>();
        m_http->setBackoff(Sync::Backoff{10, 20});
        m_session = std::make_unique<Sync::BlueskySession>(*m_http, m_fake->baseUrl());
        Sync::BlueskyCredentials credentials;
        credentials.identifier = m_fake->brandHandle();
        credentials.did = m_fake->brandDid();
        credentials.handle = m_fake->brandHandle();
        credentials.accessJwt = m_fake->accessToken();
        credentials.refreshJwt = m_fake->refreshToken();
        QVERIFY(m_session->restore(credentials.toSecret()));
        Sync::BlueskyChatClient::Config config;
        config.accountId = 7;
        config.pageSize = 10;
        m_chat = std::make_unique<Sync::BlueskyChatClient>(*m_session, config);
        m_batches.clear();
        m_cursors.clear();
    }

    void firstFillTakesEveryConversationAndTheLogPosition()
    {
        m_fake->customerWrites(kAnna, QStringLiteral("My parcel never arrived"));
        m_fake->brandWrites(kAnna, QStringLiteral("Sorry! Which order number?")); // from the brand's phone
        m_fake->customerWrites(kAnna, QStringLiteral("4471"));
        m_fake->customerWrites(kBen, QString::fromUtf8("Hallo 👋 kurze Frage"));

        QVERIFY(fetch());
        const QList<Core::IncomingMessage> messages = fetched();
        QCOMPARE(messages.size(), 4);
        QVERIFY(!m_cursors.value(QStringLiteral("chat")).isEmpty());

        QList<Core::IncomingMessage> anna;
        for (const Core::IncomingMessage &m : messages) {
            QCOMPARE(m.accountId, qint64(7));
            QCOMPARE(m.visibility, Core::Visibility::Private);
            QVERIFY(m.createdAt.isValid());
            if (m.threadKey == QStringLiteral("dm:") + kAnna)
                anna << m;
        }
        QCOMPARE(anna.size(), 3);
        // Oldest first, the brand's own message as outbound and already sent.
        QCOMPARE(anna[0].body, QStringLiteral("My parcel never arrived"));
        QCOMPARE(anna[0].direction, Core::Direction::Inbound);
        QCOMPARE(anna[0].customerHandle, QStringLiteral("@anna.test"));
        QCOMPARE(anna[0].customerName, QStringLiteral("Anna Berg"));
        QCOMPARE(anna[0].customerPlatformUserId, kAnna);
        QCOMPARE(anna[1].direction, Core::Direction::Outbound);
        QCOMPARE(anna[1].deliveryState, Core::DeliveryState::Sent);
        QCOMPARE(anna[1].customerPlatformUserId, kAnna); // the customer of the conversation, not the sender
        QCOMPARE(anna[2].body, QStringLiteral("4471"));
        // A customer without a display name is shown by handle.
        for (const Core::IncomingMessage &m : messages) {
            if (m.customerPlatformUserId == kBen)
                QCOMPARE(m.customerName, QStringLiteral("ben.test"));
        }

        // Every chat call went through the chat proxy; the profile lookups do not need it.
        for (const Tests::LoggedRequest &r : m_fake->requests()) {
            if (r.path.startsWith(QLatin1String("/xrpc/chat.")))
                QCOMPARE(r.headers.value("atproto-proxy"), QByteArray("did:web:api.bsky.chat#bsky_chat"));
            QCOMPARE(r.headers.value("authorization"), QByteArray("Bearer ") + m_fake->accessToken().toUtf8());
        }
    }

    void incrementalSyncReadsOnlyTheLogSinceTheCursor()
    {
        m_fake->customerWrites(kAnna, QStringLiteral("first"));
        QVERIFY(fetch());
        QCOMPARE(fetched().size(), 1);
        m_batches.clear();
        m_fake->clearRequests();

        // Nothing new: one getLog call, nothing committed, no listConvos.
        QVERIFY(fetch());
        QCOMPARE(fetched().size(), 0);
        QCOMPARE(m_fake->requestCount(QStringLiteral("chat.bsky.convo.listConvos")), 0);
        QCOMPARE(m_fake->requestCount(QStringLiteral("chat.bsky.convo.getLog")), 1);

        // 25 new messages, a new customer among them, over pages of 10 log entries.
        m_fake->setLogPageSize(10);
        for (int i = 0; i < 20; ++i)
            m_fake->customerWrites(kAnna, QStringLiteral("anna %1").arg(i));
        for (int i = 0; i < 5; ++i)
            m_fake->customerWrites(kBen, QStringLiteral("ben %1").arg(i));
        const QString before = m_cursors.value(QStringLiteral("chat"));
        QVERIFY(fetch());
        const QList<Core::IncomingMessage> messages = fetched();
        QCOMPARE(messages.size(), 25);
        QCOMPARE(messages.first().body, QStringLiteral("anna 0"));
        QCOMPARE(messages.last().body, QStringLiteral("ben 4"));
        QCOMPARE(messages.last().threadKey, QStringLiteral("dm:") + kBen);
        QCOMPARE(messages.last().customerHandle, QStringLiteral("@ben.test"));
        QVERIFY(m_cursors.value(QStringLiteral("chat")) > before);
        QVERIFY(m_batches.size() >= 3); // a commit per page, each with its position

        m_batches.clear();
        QVERIFY(fetch());
        QCOMPARE(fetched().size(), 0);
    }

    void sendsAPrivateReplyInTheConversation()
    {
        const QString asked = m_fake->customerWrites(kAnna, QStringLiteral("Can I change my address?"));
        const Sync::DeliveryOutcome outcome =
            m_chat->deliver(privateReply(QStringLiteral("@anna.test"), QString::fromUtf8("Yes — send it here 🙂"), asked));
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Sent);
        const QList<FakeBlueskyChat::ChatMessage> messages = m_fake->messagesWith(kAnna);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.last().text, QString::fromUtf8("Yes — send it here 🙂"));
        QCOMPARE(messages.last().senderDid, m_fake->brandDid());
        QCOMPARE(outcome.platformId, messages.last().id);

        // A private reply to a public post opens the conversation (Anna allows everyone); the
        // customer is the author of the post answered.
        const QString post = QStringLiteral("at://%1/app.bsky.feed.post/3kxyz").arg(kAnna);
        QCOMPARE(Sync::BlueskyChatClient::recipientActor(privateReply(QStringLiteral("@someone.else"), {}, post)), kAnna);

        // The reply comes back through the log as the brand's own, with the same id.
        QVERIFY(fetch());
        bool seen = false;
        for (const Core::IncomingMessage &m : fetched()) {
            if (m.platformMessageId == outcome.platformId) {
                seen = true;
                QCOMPARE(m.direction, Core::Direction::Outbound);
            }
        }
        QVERIFY(seen);
    }

    void linksAreSentAsFacetsAtUtf8ByteOffsets()
    {
        // "Grüße 🙂 see " is 17 bytes (ü and ß 2 each, the emoji 4) but 12 UTF-16 units.
        const QString text = QString::fromUtf8("Grüße 🙂 see https://acme.example/help. Or (https://acme.example/a_(b)).");
        const QJsonArray facets = Sync::BlueskyChatClient::linkFacets(text);
        QCOMPARE(facets.size(), 2);
        const auto range = [&](int i) {
            const QJsonObject index = facets.at(i).toObject().value(QStringLiteral("index")).toObject();
            return qMakePair(index.value(QStringLiteral("byteStart")).toInt(), index.value(QStringLiteral("byteEnd")).toInt());
        };
        const auto uri = [&](int i) {
            return facets.at(i).toObject().value(QStringLiteral("features")).toArray().first().toObject().value(QStringLiteral("uri")).toString();
        };
        QCOMPARE(range(0), qMakePair(17, 17 + 25));
        QCOMPARE(uri(0), QStringLiteral("https://acme.example/help")); // the full stop is not part of it
        QCOMPARE(uri(1), QStringLiteral("https://acme.example/a_(b)")); // a balanced parenthesis is
        const QByteArray utf8 = text.toUtf8();
        QCOMPARE(QString::fromUtf8(utf8.mid(range(1).first, range(1).second - range(1).first)), uri(1));
        QVERIFY(Sync::BlueskyChatClient::linkFacets(QStringLiteral("no links here")).isEmpty());

        // They travel with the message.
        const QString asked = m_fake->customerWrites(kAnna, QStringLiteral("Where is the manual?"));
        QCOMPARE(m_chat->deliver(privateReply(QStringLiteral("@anna.test"), text, asked)).kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(m_fake->messagesWith(kAnna).last().facets, facets);
    }

    void allowIncomingNoneIsRefusedBeforeSending()
    {
        auto who = m_chat->availability(QStringLiteral("@cleo.test"));
        QVERIFY(who);
        QVERIFY(!who->allowed);
        QCOMPARE(who->allowIncoming, QStringLiteral("none"));
        QCOMPARE(who->did, kCleo);
        QVERIFY2(who->reason.message.contains(QStringLiteral("does not accept direct messages")),
                 qPrintable(who->reason.message));

        const QString post = QStringLiteral("at://%1/app.bsky.feed.post/3kabc").arg(kCleo);
        const Sync::DeliveryOutcome outcome = m_chat->deliver(privateReply(QStringLiteral("@cleo.test"), QStringLiteral("Hi"), post));
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Rejected);
        QVERIFY(outcome.error.message.contains(QStringLiteral("@cleo.test")));
        QCOMPARE(m_fake->requestCount(QStringLiteral("chat.bsky.convo.sendMessage")), 0);
        QCOMPARE(m_fake->requestCount(QStringLiteral("chat.bsky.convo.getConvoForMembers")), 0);
        QVERIFY(m_fake->messagesWith(kCleo).isEmpty());
    }

    void allowIncomingFollowingNeedsTheCustomerToFollowTheBrand()
    {
        auto who = m_chat->availability(kBen);
        QVERIFY(who);
        QVERIFY(!who->allowed);
        QVERIFY2(who->reason.message.startsWith(
                     QStringLiteral("This customer only accepts messages from accounts they follow")),
                 qPrintable(who->reason.message));
        QVERIFY(!who->reason.hint.isEmpty());
        const QString post = QStringLiteral("at://%1/app.bsky.feed.post/3kben").arg(kBen);
        Sync::DeliveryOutcome outcome = m_chat->deliver(privateReply(QStringLiteral("@ben.test"), QStringLiteral("Hi Ben"), post));
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Rejected);
        QVERIFY(m_fake->messagesWith(kBen).isEmpty());

        // Once Ben follows the brand, the same reply goes out.
        m_fake->setFollowsBrand(kBen, true);
        QVERIFY(m_chat->availability(kBen).value().allowed);
        outcome = m_chat->deliver(privateReply(QStringLiteral("@ben.test"), QStringLiteral("Hi Ben"), post));
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(m_fake->messagesWith(kBen).size(), 1);

        // A profile that never set allowIncoming is treated as Bluesky's default, "following".
        m_fake->setAllowIncoming(kBen, QString());
        m_fake->setFollowsBrand(kBen, false);
        QVERIFY(!m_chat->availability(kBen).value().allowed);
    }

    void aCustomerWhoWroteFirstCanBeAnswered()
    {
        // Cleo accepts no new conversations but wrote to the brand: her conversation exists.
        const QString asked = m_fake->customerWrites(kCleo, QStringLiteral("Refund?"));
        const Sync::DeliveryOutcome outcome = m_chat->deliver(privateReply(QStringLiteral("@cleo.test"), QStringLiteral("On its way"), asked));
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(m_fake->messagesWith(kCleo).size(), 2);
    }

    void serverErrorAfterSendingIsReadBackNotResent()
    {
        const QString asked = m_fake->customerWrites(kAnna, QStringLiteral("Status?"));
        const Core::OutboxItem item = privateReply(QStringLiteral("@anna.test"), QStringLiteral("Shipped today"), asked);
        m_fake->failNext(FakeBlueskyChat::Fault::AcceptThen502, QStringLiteral("chat.bsky.convo.sendMessage"));
        const Sync::DeliveryOutcome outcome = m_chat->deliver(item);
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Unknown);
        QCOMPARE(m_fake->requestCount(QStringLiteral("chat.bsky.convo.sendMessage")), 1); // a write is never retried by the client

        const Sync::ReconcileOutcome found = m_chat->reconcile(item);
        QCOMPARE(found.kind, Sync::ReconcileOutcome::Kind::Found);
        QCOMPARE(found.platformId, m_fake->messagesWith(kAnna).last().id);
        QCOMPARE(m_fake->messagesWith(kAnna).size(), 2); // the customer's and exactly one reply
    }

    void serverErrorBeforeSendingIsReadBackAsNotFound()
    {
        const QString asked = m_fake->customerWrites(kAnna, QStringLiteral("Status?"));
        const Core::OutboxItem item = privateReply(QStringLiteral("@anna.test"), QStringLiteral("Shipped today"), asked);
        m_fake->failNext(FakeBlueskyChat::Fault::ServerError500, QStringLiteral("chat.bsky.convo.sendMessage"));
        QCOMPARE(m_chat->deliver(item).kind, Sync::DeliveryOutcome::Kind::Unknown);
        QCOMPARE(m_chat->reconcile(item).kind, Sync::ReconcileOutcome::Kind::NotFound);
        // Only now is it sent again, once.
        QCOMPARE(m_chat->deliver(item).kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(m_fake->messagesWith(kAnna).size(), 2);
    }

    void droppedConnectionAfterSendingIsReadBack()
    {
        const QString asked = m_fake->customerWrites(kAnna, QStringLiteral("Hello?"));
        const Core::OutboxItem item = privateReply(QStringLiteral("@anna.test"), QStringLiteral("Here we are"), asked);
        // Qt 6.4's network stack repeats a request once by itself when the connection closes
        // before any answer byte (see FakeMastodon.h); the drop is armed for a repeat too, which
        // must not come (the message body can be read only once: HttpRequest::neverRepeat).
        m_fake->failNext(FakeBlueskyChat::Fault::AcceptThenDrop, QStringLiteral("chat.bsky.convo.sendMessage"), 2);
        const Sync::DeliveryOutcome outcome = m_chat->deliver(item);
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Unknown);
        const Sync::ReconcileOutcome found = m_chat->reconcile(item);
        QCOMPARE(found.kind, Sync::ReconcileOutcome::Kind::Found);
        QCOMPARE(found.platformId, m_fake->messagesWith(kAnna).last().id);
        // Sent once, read back instead of sent again: the customer has exactly one reply.
        QCOMPARE(m_fake->requestCount(QStringLiteral("chat.bsky.convo.sendMessage")), 1);
        QCOMPARE(m_fake->messagesWith(kAnna).size(), 2);
    }

    void unreadableAnswerToASendIsReadBack()
    {
        const QString asked = m_fake->customerWrites(kAnna, QStringLiteral("Hello?"));
        const Core::OutboxItem item = privateReply(QStringLiteral("@anna.test"), QStringLiteral("Hi Anna"), asked);
        m_fake->failNext(FakeBlueskyChat::Fault::AcceptThenMalformed, QStringLiteral("chat.bsky.convo.sendMessage"));
        const Sync::DeliveryOutcome outcome = m_chat->deliver(item);
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Unknown);
        QCOMPARE(m_chat->reconcile(item).kind, Sync::ReconcileOutcome::Kind::Found);
        QCOMPARE(m_fake->messagesWith(kAnna).size(), 2);
    }

    void malformedLogKeepsTheCursor()
    {
        m_fake->customerWrites(kAnna, QStringLiteral("one"));
        QVERIFY(fetch());
        const QString cursor = m_cursors.value(QStringLiteral("chat"));
        m_batches.clear();
        m_fake->customerWrites(kAnna, QStringLiteral("two"));
        m_fake->failNext(FakeBlueskyChat::Fault::MalformedJson, QStringLiteral("chat.bsky.convo.getLog"));
        const Core::Status status = fetch();
        QVERIFY(!status);
        QCOMPARE(status.error().code, Core::Error::Code::BadResponse);
        QVERIFY(m_batches.isEmpty());
        QCOMPARE(m_cursors.value(QStringLiteral("chat")), cursor);
        // The next fetch brings the message.
        QVERIFY(fetch());
        QCOMPARE(fetched().size(), 1);
        QCOMPARE(fetched().first().body, QStringLiteral("two"));

        // A malformed conversation list in the first fill stores no position either.
        m_cursors.clear();
        m_batches.clear();
        m_fake->failNext(FakeBlueskyChat::Fault::MalformedJson, QStringLiteral("chat.bsky.convo.listConvos"));
        QVERIFY(!fetch());
        QVERIFY(m_cursors.isEmpty());
    }

    void serverTroubleWhileReadingIsRetriedThenReported()
    {
        m_fake->customerWrites(kAnna, QStringLiteral("one"));
        m_fake->failNext(FakeBlueskyChat::Fault::ServerError500, QStringLiteral("chat.bsky.convo.getLog"), 1);
        QVERIFY(fetch()); // a GET is retried by the HTTP client
        QCOMPARE(fetched().size(), 1);
        m_fake->failNext(FakeBlueskyChat::Fault::ServerError500, QStringLiteral("chat.bsky.convo.getLog"), 10);
        const Core::Status status = fetch();
        QVERIFY(!status);
        QCOMPARE(status.error().code, Core::Error::Code::ServerError);
    }

    void expiredTokenIsRefreshedOnce()
    {
        m_fake->customerWrites(kAnna, QStringLiteral("one"));
        m_fake->expireAccessToken();
        QVERIFY(fetch());
        QCOMPARE(m_fake->refreshes(), 1);
        QCOMPARE(fetched().size(), 1);
    }

    void appPasswordWithoutDirectMessagesSaysWhatToDo()
    {
        m_fake->setChatAllowed(false);
        const Core::Status status = fetch();
        QVERIFY(!status);
        QVERIFY2(status.error().message.contains(QStringLiteral("does not allow direct messages")),
                 qPrintable(status.error().message));
        QVERIFY(status.error().hint.contains(QStringLiteral("App passwords")));
        QCOMPARE(status.error().code, Core::Error::Code::Rejected); // the posts keep syncing
        QCOMPARE(m_fake->refreshes(), 0); // no expired session: the tokens are not rotated in vain
    }

    void tooLongForADirectMessageIsRefusedLocally()
    {
        const QString asked = m_fake->customerWrites(kAnna, QStringLiteral("Tell me everything"));
        const Sync::DeliveryOutcome outcome =
            m_chat->deliver(privateReply(QStringLiteral("@anna.test"), QString(1001, QLatin1Char('a')), asked));
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Rejected);
        QVERIFY(outcome.error.message.contains(QStringLiteral("1001 of 1000")));
        QCOMPARE(m_fake->requestCount(QStringLiteral("chat.bsky.convo.sendMessage")), 0);
        // 1000 family emoji are 1000 graphemes but 25,000 bytes: refused too.
        QString families;
        for (int i = 0; i < 1000; ++i)
            families += QString::fromUtf8("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466");
        QCOMPARE(m_chat->deliver(privateReply(QStringLiteral("@anna.test"), families, asked)).kind,
                 Sync::DeliveryOutcome::Kind::Rejected);
    }

    void parsersRefuseMalformedShapesAndSkipUnknownKinds()
    {
        namespace Chat = Sync::BlueskyChat;
        const QByteArray message = "{\"$type\":\"chat.bsky.convo.defs#messageView\",\"id\":\"m1\",\"rev\":\"r1\",\"text\":\"hi\","
                                   "\"sender\":{\"did\":\"did:plc:a\"},\"sentAt\":\"2026-11-28T10:00:00.123Z\"}";
        auto log = Chat::parseLogPage("{\"cursor\":\"r2\",\"logs\":[{\"$type\":\"chat.bsky.convo.defs#logCreateMessage\","
                                      "\"rev\":\"r1\",\"convoId\":\"c1\",\"message\":" + message + "},"
                                      "{\"$type\":\"chat.bsky.convo.defs#logAddReaction\",\"rev\":\"r2\",\"convoId\":\"c1\"}]}");
        QVERIFY(log);
        QCOMPARE(log->logs.size(), 2);
        QCOMPARE(log->logs[0].kind, Chat::LogEntry::Kind::CreateMessage);
        QCOMPARE(log->logs[0].message->sentAt, QDateTime(QDate(2026, 11, 28), QTime(10, 0, 0, 123), Qt::UTC));
        QCOMPARE(log->logs[1].kind, Chat::LogEntry::Kind::Other);
        QCOMPARE(log->cursor, QStringLiteral("r2"));

        const QList<QByteArray> broken{
            "", "[]", "{\"logs\": {}}", "{\"logs\": [1]}", "{\"logs\": [{\"rev\": \"r1\"}]}",
            "{\"logs\":[{\"$type\":\"chat.bsky.convo.defs#logCreateMessage\",\"rev\":\"r1\",\"convoId\":\"c1\",\"message\":{\"id\":\"m1\"}}]}",
            "{\"logs\":[{\"$type\":\"chat.bsky.convo.defs#logCreateMessage\",\"rev\":\"r1\",\"convoId\":\"c1\",\"message\":"
            "{\"id\":\"m1\",\"rev\":\"r1\",\"text\":\"x\",\"sender\":{\"did\":\"d\"},\"sentAt\":\"yesterday\"}}]}",
            "{\"logs\":[{\"$type\":\"chat.bsky.convo.defs#logCreateMessage\",\"rev\":\"r1\",\"convoId\":\"c1\",\"message\":"
            "{\"id\":\"m1\",\"rev\":\"r1\",\"text\":7,\"sender\":{\"did\":\"d\"},\"sentAt\":\"2026-11-28T10:00:00Z\"}}]}",
        };
        for (const QByteArray &json : broken) {
            auto parsed = Chat::parseLogPage(json);
            QVERIFY2(!parsed, json.constData());
            QCOMPARE(parsed.error().code, Core::Error::Code::InvalidInput);
        }
        QVERIFY(!Chat::parseConvoPage("{\"convos\":[{\"id\":\"c1\",\"rev\":\"r1\"}]}")); // no members
        QVERIFY(!Chat::parseChatProfile("{\"handle\":\"a.test\"}"));                // no did
        auto profile = Chat::parseChatProfile("{\"did\":\"did:plc:a\",\"handle\":\"a.test\",\"viewer\":{\"blocking\":\"at://x\"}}");
        QVERIFY(profile);
        QVERIFY(profile->blocked);
        QVERIFY(profile->allowIncoming.isEmpty());
        // A shared post becomes a link the agent can open.
        QCOMPARE(Chat::postWebUrl(QStringLiteral("at://did:plc:a/app.bsky.feed.post/3kabc")),
                 QStringLiteral("https://bsky.app/profile/did:plc:a/post/3kabc"));
        QVERIFY(Chat::postWebUrl(QStringLiteral("at://did:plc:a/app.bsky.graph.follow/3kabc")).isEmpty());
    }

    void unknownCustomerIsRefusedInWords()
    {
        const Sync::DeliveryOutcome outcome = m_chat->deliver(privateReply(QStringLiteral("@nobody.test"), QStringLiteral("Hi")));
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Rejected);
        QVERIFY(outcome.error.message.contains(QStringLiteral("@nobody.test")));
    }
};

QTEST_GUILESS_MAIN(TestBlueskyChat)
#include "tst_bluesky_chat.moc"
