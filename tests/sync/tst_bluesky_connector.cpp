// The Bluesky session and connector against a scripted PDS (QHttpServer on 127.0.0.1): each
// test sets the answers per XRPC method and checks what the connector asked and made of them
// — token expiry as 400 and 401, the notification high-water mark, deleted and blocked posts
// in a thread, the gentle search interval, the reply record (strong refs, facets at byte
// offsets, a record key fixed per item) and reading back after an unclear send.

#include "sync/BlueskyConnector.h"
#include "sync/BlueskyDirectMessages.h"
#include "sync/BlueskyRichText.h"
#include "sync/BlueskySession.h"
#include "sync/HttpClient.h"
#include "MemorySecrets.h"
#include "sync/SecretStore.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QtTest>

using namespace Care;

namespace {

const QString kBrand = QStringLiteral("did:plc:brand");
const QString kCarol = QStringLiteral("did:plc:carol");

using Tests::MemorySecrets;

struct Call
{
    QString nsid;
    QUrlQuery query;
    QByteArray authorization;
    QJsonObject body;
};

QJsonObject author(const QString &did, const QString &handle)
{
    return {{QStringLiteral("did"), did}, {QStringLiteral("handle"), handle}};
}

QJsonObject postView(const QString &uri, const QString &did, const QString &text, const QString &at,
                     const QJsonObject &reply = {})
{
    QJsonObject record{{QStringLiteral("$type"), QStringLiteral("app.bsky.feed.post")},
                       {QStringLiteral("text"), text},
                       {QStringLiteral("createdAt"), at}};
    if (!reply.isEmpty())
        record.insert(QStringLiteral("reply"), reply);
    return {{QStringLiteral("uri"), uri},
            {QStringLiteral("cid"), QString(QStringLiteral("cid-") + uri.section(QLatin1Char('/'), -1))},
            {QStringLiteral("author"), author(did, did == kBrand ? QStringLiteral("brand.test") : QStringLiteral("carol.test"))},
            {QStringLiteral("record"), record},
            {QStringLiteral("indexedAt"), at}};
}

QJsonObject notification(const QJsonObject &post, const QString &reason)
{
    QJsonObject n = post;
    n.insert(QStringLiteral("reason"), reason);
    n.insert(QStringLiteral("isRead"), false);
    return n;
}

QJsonObject ref(const QString &uri)
{
    return {{QStringLiteral("uri"), uri}, {QStringLiteral("cid"), QString(QStringLiteral("cid-") + uri.section(QLatin1Char('/'), -1))}};
}

QString carolPost(const QString &rkey)
{
    return QStringLiteral("at://did:plc:carol/app.bsky.feed.post/") + rkey;
}

QHttpServerResponse json(const QJsonObject &o, QHttpServerResponse::StatusCode code = QHttpServerResponse::StatusCode::Ok)
{
    return QHttpServerResponse(QByteArray("application/json"), QJsonDocument(o).toJson(QJsonDocument::Compact), code);
}

QHttpServerResponse xrpcError(const QString &name, QHttpServerResponse::StatusCode code)
{
    return json({{QStringLiteral("error"), name}, {QStringLiteral("message"), name}}, code);
}

} // namespace

class TestBlueskyConnector : public QObject
{
    Q_OBJECT

private:
    using Handler = std::function<QHttpServerResponse(const Call &)>;
    QHttpServer m_server;
    quint16 m_port = 0;
    QHash<QString, Handler> m_handlers;
    QList<Call> m_calls;
    MemorySecrets m_secrets;
    std::unique_ptr<Sync::HttpClient> m_http;

    int count(const QString &nsid) const
    {
        return int(std::count_if(m_calls.cbegin(), m_calls.cend(), [&](const Call &c) { return c.nsid == nsid; }));
    }

    std::unique_ptr<Sync::BlueskySession> session(const QString &access = QStringLiteral("access-1"))
    {
        Sync::BlueskyCredentials c;
        c.identifier = QStringLiteral("brand.test");
        c.appPassword = QStringLiteral("abcd-efgh-ijkl-mnop");
        c.did = kBrand;
        c.handle = QStringLiteral("brand.test");
        c.accessJwt = access;
        c.refreshJwt = QStringLiteral("refresh-1");
        m_secrets.values.insert(QStringLiteral("bluesky/@brand.test"), c.toSecret());
        auto s = std::make_unique<Sync::BlueskySession>(*m_http, QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)),
                                                        &m_secrets, QStringLiteral("bluesky/@brand.test"));
        if (!s->restore(c.toSecret()))
            qFatal("restore failed");
        return s;
    }

    std::unique_ptr<Sync::BlueskyConnector> connector(Sync::BlueskyConnector::Config config = {})
    {
        config.accountId = 1;
        config.did = kBrand;
        return std::make_unique<Sync::BlueskyConnector>(*m_http, session(), config);
    }

    QList<Sync::FetchBatch> fetch(Sync::BlueskyConnector &c, const QHash<QString, QString> &cursors, Core::Status *status)
    {
        QList<Sync::FetchBatch> batches;
        *status = c.fetch(cursors, [&](const Sync::FetchBatch &b) {
            batches << b;
            return Core::Status();
        });
        return batches;
    }

    Core::OutboxItem item(const QString &body, const QString &replyTo = carolPost(QStringLiteral("3kparent")))
    {
        Core::OutboxItem i;
        i.id = 7;
        i.accountId = 1;
        i.kind = Core::OutboxKind::PublicReply;
        i.replyTo = replyTo;
        i.body = body;
        i.idempotencyKey = QStringLiteral("7f0c3b1e-7d1a-4c52-a3f1-2f4f3c3f8b11");
        i.createdAt = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
        return i;
    }

private slots:
    void initTestCase()
    {
        m_server.route(QStringLiteral("/xrpc/<arg>"), [this](const QString &nsid, const QHttpServerRequest &request) {
            Call call{nsid, QUrlQuery(request.url()), request.value("Authorization"),
                      QJsonDocument::fromJson(request.body()).object()};
            m_calls << call;
            if (!m_handlers.contains(nsid))
                return xrpcError(QStringLiteral("MethodNotImplemented"), QHttpServerResponse::StatusCode::NotImplemented);
            return m_handlers.value(nsid)(call);
        });
        m_port = m_server.listen(QHostAddress(QHostAddress::LocalHost));
        QVERIFY(m_port);
    }

    void init()
    {
        m_handlers.clear();
        m_calls.clear();
        m_secrets.values.clear();
        m_http = std::make_unique<Sync::HttpClient>();
        m_http->setRetries(0);
        m_handlers.insert(QStringLiteral("app.bsky.notification.listNotifications"),
                          [](const Call &) { return json({{QStringLiteral("notifications"), QJsonArray()}}); });
    }

    // Expired tokens come as 400 ExpiredToken (not 401): refreshed once, the request repeated,
    // the new pair saved; the app password is not used.
    void expiredTokenAs400IsRefreshed()
    {
        m_handlers.insert(QStringLiteral("com.atproto.server.getSession"), [](const Call &call) {
            if (call.authorization != "Bearer access-2")
                return xrpcError(QStringLiteral("ExpiredToken"), QHttpServerResponse::StatusCode::BadRequest);
            return json({{QStringLiteral("did"), kBrand}, {QStringLiteral("handle"), QStringLiteral("brand.test")}});
        });
        m_handlers.insert(QStringLiteral("com.atproto.server.refreshSession"), [](const Call &call) {
            if (call.authorization != "Bearer refresh-1")
                return xrpcError(QStringLiteral("InvalidToken"), QHttpServerResponse::StatusCode::BadRequest);
            return json({{QStringLiteral("did"), kBrand}, {QStringLiteral("handle"), QStringLiteral("brand.test")},
                         {QStringLiteral("accessJwt"), QStringLiteral("access-2")}, {QStringLiteral("refreshJwt"), QStringLiteral("refresh-2")}});
        });
        auto c = connector();
        const Core::Status s = c->connect();
        QVERIFY2(s, qPrintable(s ? QString() : s.error().detail));
        QCOMPARE(count(QStringLiteral("com.atproto.server.refreshSession")), 1);
        QCOMPARE(count(QStringLiteral("com.atproto.server.createSession")), 0);
        QCOMPARE(count(QStringLiteral("com.atproto.server.getSession")), 2);
        auto stored = Sync::BlueskyCredentials::fromSecret(m_secrets.values.value(QStringLiteral("bluesky/@brand.test")));
        QVERIFY(stored);
        QCOMPARE(stored->accessJwt, QStringLiteral("access-2"));
        QCOMPARE(stored->refreshJwt, QStringLiteral("refresh-2"));
        QCOMPARE(stored->appPassword, QStringLiteral("abcd-efgh-ijkl-mnop"));
    }

    // A refresh token that is refused too: one new sign-in with the stored app password; when
    // that is refused as well, the account needs reconnecting (TokenRevoked), no loop.
    void refusedRefreshSignsInOnceThenAsksToReconnect()
    {
        m_handlers.insert(QStringLiteral("com.atproto.server.getSession"), [](const Call &call) {
            if (call.authorization != "Bearer access-3")
                return xrpcError(QStringLiteral("AuthenticationRequired"), QHttpServerResponse::StatusCode::Unauthorized);
            return json({{QStringLiteral("did"), kBrand}});
        });
        m_handlers.insert(QStringLiteral("com.atproto.server.refreshSession"), [](const Call &) {
            return xrpcError(QStringLiteral("ExpiredToken"), QHttpServerResponse::StatusCode::BadRequest);
        });
        bool accept = true;
        m_handlers.insert(QStringLiteral("com.atproto.server.createSession"), [&accept](const Call &call) {
            if (!accept || call.body.value(QStringLiteral("password")).toString() != QLatin1String("abcd-efgh-ijkl-mnop"))
                return xrpcError(QStringLiteral("AuthenticationRequired"), QHttpServerResponse::StatusCode::Unauthorized);
            return json({{QStringLiteral("did"), kBrand}, {QStringLiteral("handle"), QStringLiteral("brand.test")},
                         {QStringLiteral("accessJwt"), QStringLiteral("access-3")}, {QStringLiteral("refreshJwt"), QStringLiteral("refresh-3")}});
        });
        auto c = connector();
        QVERIFY(c->connect());
        QCOMPARE(count(QStringLiteral("com.atproto.server.createSession")), 1);

        accept = false;
        auto d = connector(); // a stale session again
        const Core::Status s = d->connect();
        QVERIFY(!s);
        QCOMPARE(s.error().code, Core::Error::Code::TokenRevoked);
        QCOMPARE(count(QStringLiteral("com.atproto.server.createSession")), 2);
    }

    // Pages are read newest first down to the stored mark; the batch is ingested oldest first,
    // with the newest mark; likes and the brand's own posts are left out.
    void notificationsReadBackToTheMark()
    {
        const QString oldMark = Sync::BlueskyConnector::mark(QDateTime::fromString(QStringLiteral("2026-11-28T10:00:00.000Z"), Qt::ISODateWithMs),
                                                             carolPost(QStringLiteral("3kold")));
        m_handlers.insert(QStringLiteral("app.bsky.notification.listNotifications"), [](const Call &call) {
            QJsonArray list;
            QString cursor;
            if (!call.query.hasQueryItem(QStringLiteral("cursor"))) {
                list << notification(postView(carolPost(QStringLiteral("3kc")), kCarol, QStringLiteral("third"), QStringLiteral("2026-11-28T10:03:00.000Z")), QStringLiteral("mention"))
                     << notification(postView(carolPost(QStringLiteral("3kl")), kCarol, QStringLiteral("liked"), QStringLiteral("2026-11-28T10:02:30.000Z")), QStringLiteral("like"))
                     << notification(postView(carolPost(QStringLiteral("3kb")), kCarol, QStringLiteral("second"), QStringLiteral("2026-11-28T10:02:00.000Z")), QStringLiteral("quote"));
                cursor = QStringLiteral("page-2");
            } else {
                list << notification(postView(carolPost(QStringLiteral("3ka")), kCarol, QStringLiteral("first"), QStringLiteral("2026-11-28T10:01:00.000Z")), QStringLiteral("mention"))
                     << notification(postView(carolPost(QStringLiteral("3kold")), kCarol, QStringLiteral("old"), QStringLiteral("2026-11-28T10:00:00.000Z")), QStringLiteral("mention"));
                cursor = QStringLiteral("page-3");
            }
            return json({{QStringLiteral("notifications"), list}, {QStringLiteral("cursor"), cursor}});
        });
        auto c = connector();
        Core::Status s;
        const auto batches = fetch(*c, {{QStringLiteral("mentions"), oldMark}}, &s);
        QVERIFY(s);
        QCOMPARE(count(QStringLiteral("app.bsky.notification.listNotifications")), 2); // stopped at the mark
        QCOMPARE(batches.size(), 1);
        QStringList bodies;
        for (const auto &m : batches.first().messages)
            bodies << m.body;
        QCOMPARE(bodies, (QStringList{QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third")}));
        QVERIFY(batches.first().cursor.endsWith(carolPost(QStringLiteral("3kc"))));
        QCOMPARE(batches.first().messages.first().threadKey, carolPost(QStringLiteral("3ka")) + QLatin1Char(':') + kCarol);
        QVERIFY(m_calls.first().query.allQueryItemValues(QStringLiteral("reasons")).contains(QStringLiteral("quote")));
        QCOMPARE(count(QStringLiteral("app.bsky.notification.updateSeen")), 0); // off by default

        // A new account (no mark) takes only the newest page; marking seen when chosen.
        m_calls.clear();
        Sync::BlueskyConnector::Config config;
        config.markSeen = true;
        auto fresh = connector(config);
        const auto first = fetch(*fresh, {}, &s);
        QVERIFY(s);
        QCOMPARE(count(QStringLiteral("app.bsky.notification.listNotifications")), 1);
        QCOMPARE(first.first().messages.size(), 2);
        QCOMPARE(count(QStringLiteral("app.bsky.notification.updateSeen")), 1);
    }

    // A reply: its thread's root names the conversation; the customer's and the brand's
    // earlier posts come along, a deleted one as deleted, a blocked one not at all.
    void threadWithDeletedAndBlockedPosts()
    {
        const QString root = carolPost(QStringLiteral("3kroot"));
        const QString mine = QStringLiteral("at://did:plc:brand/app.bsky.feed.post/3kmine");
        const QString reply = carolPost(QStringLiteral("3kreply"));
        m_handlers.insert(QStringLiteral("app.bsky.notification.listNotifications"), [=](const Call &) {
            return json({{QStringLiteral("notifications"),
                          QJsonArray{notification(postView(reply, kCarol, QStringLiteral("still broken"), QStringLiteral("2026-11-28T10:05:00.000Z"),
                                                           {{QStringLiteral("root"), ref(root)}, {QStringLiteral("parent"), ref(mine)}}),
                                                  QStringLiteral("reply"))}}});
        });
        m_handlers.insert(QStringLiteral("app.bsky.feed.getPostThread"), [=](const Call &call) {
            if (call.query.queryItemValue(QStringLiteral("uri"), QUrl::FullyDecoded) != reply)
                return xrpcError(QStringLiteral("NotFound"), QHttpServerResponse::StatusCode::BadRequest);
            const QJsonObject blocked{{QStringLiteral("$type"), QStringLiteral("app.bsky.feed.defs#blockedPost")},
                                      {QStringLiteral("uri"), QStringLiteral("at://did:plc:troll/app.bsky.feed.post/3kx")},
                                      {QStringLiteral("blocked"), true},
                                      {QStringLiteral("parent"), QJsonObject{{QStringLiteral("$type"), QStringLiteral("app.bsky.feed.defs#notFoundPost")},
                                                                             {QStringLiteral("uri"), root}, {QStringLiteral("notFound"), true}}}};
            const QJsonObject parent{{QStringLiteral("$type"), QStringLiteral("app.bsky.feed.defs#threadViewPost")},
                                     {QStringLiteral("post"), postView(mine, kBrand, QStringLiteral("we are on it"), QStringLiteral("2026-11-28T10:04:00.000Z"),
                                                                       {{QStringLiteral("root"), ref(root)}, {QStringLiteral("parent"), ref(root)}})},
                                     {QStringLiteral("parent"), blocked}};
            return json({{QStringLiteral("thread"), QJsonObject{{QStringLiteral("$type"), QStringLiteral("app.bsky.feed.defs#threadViewPost")},
                                                                {QStringLiteral("post"), postView(reply, kCarol, QStringLiteral("still broken"), QStringLiteral("2026-11-28T10:05:00.000Z"))},
                                                                {QStringLiteral("parent"), parent}}}});
        });
        auto c = connector();
        Core::Status s;
        const auto batches = fetch(*c, {{QStringLiteral("mentions"), QStringLiteral("2026-11-28T09:00:00.000Z|x")}}, &s);
        QVERIFY2(s, qPrintable(s ? QString() : s.error().detail));
        const auto &messages = batches.first().messages;
        QCOMPARE(messages.size(), 3); // the deleted root, the brand's reply, the customer's post
        for (const auto &m : messages)
            QCOMPARE(m.threadKey, root + QLatin1Char(':') + kCarol);
        QCOMPARE(messages.at(0).platformMessageId, root);
        QVERIFY(messages.at(0).deletedAt.isValid());
        QCOMPARE(messages.at(1).direction, Core::Direction::Outbound);
        QCOMPARE(messages.at(2).platformParentId, mine);
    }

    // searchPosts is asked at most every searchIntervalMs, whatever the sync interval.
    void searchIsPolledGently()
    {
        m_handlers.insert(QStringLiteral("app.bsky.feed.searchPosts"), [](const Call &) {
            return json({{QStringLiteral("posts"), QJsonArray{postView(carolPost(QStringLiteral("3ks")), kCarol, QStringLiteral("acme kettles leak"),
                                                                        QStringLiteral("2026-11-28T10:00:00.000Z"))}}});
        });
        Sync::BlueskyConnector::Config config;
        config.keywords = QStringList{QStringLiteral("acme")};
        auto c = connector(config);
        Core::Status s;
        auto batches = fetch(*c, {}, &s);
        QVERIFY(s);
        QCOMPARE(count(QStringLiteral("app.bsky.feed.searchPosts")), 1);
        QCOMPARE(batches.last().stream, QStringLiteral("search:acme"));
        QCOMPARE(batches.last().messages.size(), 1);
        const QString cursor = batches.last().cursor;
        batches = fetch(*c, {{QStringLiteral("search:acme"), cursor}}, &s);
        QVERIFY(s);
        QCOMPARE(count(QStringLiteral("app.bsky.feed.searchPosts")), 1); // too soon: not asked
        const QString stale = QStringLiteral("%1;%2").arg(QDateTime::currentMSecsSinceEpoch() - 6 * 60 * 1000).arg(cursor.section(QLatin1Char(';'), 1));
        batches = fetch(*c, {{QStringLiteral("search:acme"), stale}}, &s);
        QCOMPARE(count(QStringLiteral("app.bsky.feed.searchPosts")), 2);
        QVERIFY(batches.last().messages.isEmpty()); // seen before: not again
    }

    // The reply record: parent and root strong refs (root from the parent's own reply),
    // mention facets at UTF-8 byte offsets, the language; the same record key every time.
    void replyRecordAndStableKey()
    {
        const QString root = carolPost(QStringLiteral("3kroot"));
        m_handlers.insert(QStringLiteral("app.bsky.feed.getPosts"), [=](const Call &) {
            return json({{QStringLiteral("posts"), QJsonArray{postView(carolPost(QStringLiteral("3kparent")), kCarol, QStringLiteral("hm"),
                                                                        QStringLiteral("2026-11-28T10:00:00.000Z"),
                                                                        {{QStringLiteral("root"), ref(root)}, {QStringLiteral("parent"), ref(root)}})}}});
        });
        m_handlers.insert(QStringLiteral("com.atproto.identity.resolveHandle"), [](const Call &call) {
            if (call.query.queryItemValue(QStringLiteral("handle")) != QLatin1String("carol.test"))
                return xrpcError(QStringLiteral("InvalidRequest"), QHttpServerResponse::StatusCode::BadRequest);
            return json({{QStringLiteral("did"), kCarol}});
        });
        QList<Call> creates;
        m_handlers.insert(QStringLiteral("com.atproto.repo.createRecord"), [&creates](const Call &call) {
            creates << call;
            if (creates.size() == 1) // the first attempt's answer is lost
                return xrpcError(QStringLiteral("InternalServerError"), QHttpServerResponse::StatusCode::InternalServerError);
            return json({{QStringLiteral("uri"), QString(QStringLiteral("at://did:plc:brand/app.bsky.feed.post/") + call.body.value(QStringLiteral("rkey")).toString())},
                         {QStringLiteral("cid"), QStringLiteral("cid")}});
        });
        Sync::BlueskyConnector::Config config;
        config.langs = QStringList{QStringLiteral("de")};
        auto c = connector(config);
        const QString text = QStringLiteral("🎉 Hallo @carol.test und @nobody.test 👍🏽!");
        const Sync::DeliveryOutcome first = c->deliver(item(text));
        QCOMPARE(first.kind, Sync::DeliveryOutcome::Kind::Unknown);
        const Sync::DeliveryOutcome second = c->deliver(item(text));
        QCOMPARE(second.kind, Sync::DeliveryOutcome::Kind::Sent);
        QCOMPARE(creates.size(), 2);
        const QString rkey = creates.at(0).body.value(QStringLiteral("rkey")).toString();
        QVERIFY(Sync::BlueskyRichText::isTid(rkey));
        QCOMPARE(creates.at(1).body.value(QStringLiteral("rkey")).toString(), rkey);
        QCOMPARE(second.platformId, QStringLiteral("at://did:plc:brand/app.bsky.feed.post/") + rkey);
        const QJsonObject record = creates.at(1).body.value(QStringLiteral("record")).toObject();
        QCOMPARE(creates.at(1).body.value(QStringLiteral("repo")).toString(), kBrand);
        QCOMPARE(record.value(QStringLiteral("text")).toString(), text);
        QCOMPARE(record.value(QStringLiteral("langs")).toArray(), QJsonArray{QStringLiteral("de")});
        const QJsonObject reply = record.value(QStringLiteral("reply")).toObject();
        QCOMPARE(reply.value(QStringLiteral("root")).toObject(), ref(root));
        QCOMPARE(reply.value(QStringLiteral("parent")).toObject(), ref(carolPost(QStringLiteral("3kparent"))));
        const QJsonArray facets = record.value(QStringLiteral("facets")).toArray();
        QCOMPARE(facets.size(), 1); // @nobody.test does not resolve: plain text
        const QJsonObject index = facets.first().toObject().value(QStringLiteral("index")).toObject();
        QCOMPARE(index.value(QStringLiteral("byteStart")).toInt(), 11); // "🎉 Hallo " is 4 + 1 + 6 bytes
        QCOMPARE(index.value(QStringLiteral("byteEnd")).toInt(), 22);
        QCOMPARE(facets.first().toObject().value(QStringLiteral("features")).toArray().first().toObject().value(QStringLiteral("did")).toString(), kCarol);
    }

    // After an unclear send the record is read back at the item's key.
    void reconcileReadsTheRecordBack()
    {
        bool present = false;
        QString asked;
        m_handlers.insert(QStringLiteral("com.atproto.repo.getRecord"), [&](const Call &call) {
            asked = call.query.queryItemValue(QStringLiteral("rkey"));
            if (!present)
                return xrpcError(QStringLiteral("RecordNotFound"), QHttpServerResponse::StatusCode::BadRequest);
            return json({{QStringLiteral("uri"), QString(QStringLiteral("at://did:plc:brand/app.bsky.feed.post/") + asked)},
                         {QStringLiteral("cid"), QStringLiteral("c")},
                         {QStringLiteral("value"), QJsonObject{{QStringLiteral("$type"), QStringLiteral("app.bsky.feed.post")},
                                                               {QStringLiteral("text"), QStringLiteral("on its way")},
                                                               {QStringLiteral("createdAt"), QStringLiteral("2026-11-28T12:00:00.000Z")}}}});
        });
        auto c = connector();
        QCOMPARE(c->reconcile(item(QStringLiteral("on its way"))).kind, Sync::ReconcileOutcome::Kind::NotFound);
        present = true;
        const Sync::ReconcileOutcome found = c->reconcile(item(QStringLiteral("on its way")));
        QCOMPARE(found.kind, Sync::ReconcileOutcome::Kind::Found);
        QCOMPARE(found.platformId, QStringLiteral("at://did:plc:brand/app.bsky.feed.post/") + asked);
        QCOMPARE(asked, Sync::BlueskyRichText::recordKey(item({}).idempotencyKey, item({}).createdAt));
        QCOMPARE(c->reconcile(item(QStringLiteral("other text"))).kind, Sync::ReconcileOutcome::Kind::CannotTell);
    }

    // Garbage from the server is an error that retries later, never a crash or a lost page;
    // private replies are refused honestly until direct messages are wired.
    void unreadableAnswersAndPrivateReplies()
    {
        m_handlers.insert(QStringLiteral("app.bsky.notification.listNotifications"), [](const Call &) {
            return QHttpServerResponse(QByteArray("application/json"), QByteArray("{\"notifications\": [{\"uri\": 5"));
        });
        auto c = connector();
        Core::Status s;
        const auto batches = fetch(*c, {}, &s);
        QVERIFY(!s);
        QCOMPARE(s.error().code, Core::Error::Code::BadResponse);
        QVERIFY(batches.isEmpty());

        Core::OutboxItem dm = item(QStringLiteral("psst"));
        dm.kind = Core::OutboxKind::PrivateMessage;
        const Sync::DeliveryOutcome outcome = c->deliver(dm);
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Rejected);
        QVERIFY(!c->capabilities().platform.privateMessage);
        QCOMPARE(count(QStringLiteral("com.atproto.repo.createRecord")), 0);
    }
};

QTEST_GUILESS_MAIN(TestBlueskyConnector)
#include "tst_bluesky_connector.moc"
