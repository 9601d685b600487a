// Parsing Bluesky answers defensively (BlueskyJson), mentions at UTF-8 byte offsets and
// record keys (BlueskyRichText).

#include "sync/BlueskyConnector.h"
#include "sync/BlueskyJson.h"
#include "sync/BlueskyRichText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace Care;
using namespace Care::Sync;

namespace {

// JSON written with single quotes (readable in C++ strings); none of it contains an apostrophe.
QByteArray js(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

} // namespace

class TestBlueskyJson : public QObject
{
    Q_OBJECT

private slots:
    void notificationWithEverything()
    {
        const QByteArray body = js("{'cursor':'c1','notifications':[{'uri':'at://did:plc:c/app.bsky.feed.post/3k1','cid':'bafy1',"
            "'author':{'did':'did:plc:c','handle':'carol.test','displayName':' Carol '},'reason':'quote','isRead':false,"
            "'indexedAt':'2026-11-28T10:00:00.123Z','record':{'$type':'app.bsky.feed.post','text':'look 👀','createdAt':'2026-11-28T09:59:59Z',"
            "'langs':['en'],'reply':{'root':{'uri':'at://r','cid':'cr'},'parent':{'uri':'at://p','cid':'cp'}},"
            "'embed':{'$type':'app.bsky.embed.record','record':{'uri':'at://q','cid':'cq'}},"
            "'facets':[{'index':{'byteStart':0,'byteEnd':4},'features':[{'$type':'app.bsky.richtext.facet#link','uri':'https://x'}]},"
                      "{'index':{'byteStart':9,'byteEnd':2},'features':[{'$type':'app.bsky.richtext.facet#tag','tag':'bad'}]}]}},"
            "{'uri':'at://did:plc:c/app.bsky.graph.follow/3k2','cid':'bafy2','author':{'did':'did:plc:c','handle':'carol.test'},"
             "'reason':'follow','indexedAt':'2026-11-28T10:00:01Z','record':{'$type':'app.bsky.graph.follow','subject':'did:plc:b'}}]}");
        auto page = Bluesky::parseNotifications(body);
        QVERIFY2(page, qPrintable(page ? QString() : page.error().detail));
        QCOMPARE(page->cursor, QStringLiteral("c1"));
        QCOMPARE(page->notifications.size(), 2);
        const Bluesky::Notification &n = page->notifications.first();
        QCOMPARE(n.reason, QStringLiteral("quote"));
        QCOMPARE(n.author.displayName, QStringLiteral("Carol"));
        QVERIFY(n.isPost);
        QCOMPARE(n.record.text, QStringLiteral("look 👀"));
        QCOMPARE(n.record.root->uri, QStringLiteral("at://r"));
        QCOMPARE(n.record.parent->cid, QStringLiteral("cp"));
        QCOMPARE(n.record.quotedUri, QStringLiteral("at://q"));
        QCOMPARE(n.record.langs, QStringList{QStringLiteral("en")});
        QCOMPARE(n.record.facets.size(), 1); // the reversed range is dropped, not trusted
        QCOMPARE(n.record.facets.first().type, QStringLiteral("link"));
        QCOMPARE(n.indexedAt.time().msec(), 123);
        QVERIFY(!page->notifications.at(1).isPost);
    }

    void brokenAnswersAreErrorsNotCrashes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("detail");
        QTest::newRow("not json") << QByteArray("<html>502</html>") << QString();
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("not a JSON object");
        QTest::newRow("no list") << QByteArray("{}") << QStringLiteral("$.notifications: missing");
        QTest::newRow("list of numbers") << (js("{'notifications':[1]}")) << QStringLiteral("$.notifications[0]: not an object");
        QTest::newRow("uri a number") << (js("{'notifications':[{'uri':5}]}")) << QStringLiteral("$.notifications[0].uri: not a string");
        QTest::newRow("empty reason")
            << (js("{'notifications':[{'uri':'at://x','cid':'c','reason':'','author':{'did':'d','handle':'h'},'indexedAt':'2026-01-01T00:00:00Z'}]}"))
            << QStringLiteral("$.notifications[0].reason: empty");
        QTest::newRow("bad date")
            << (js("{'notifications':[{'uri':'at://x','cid':'c','reason':'mention','author':{'did':'d','handle':'h'},'indexedAt':'yesterday'}]}"))
            << QStringLiteral("$.notifications[0].indexedAt: not a date: yesterday");
        QTest::newRow("no author")
            << (js("{'notifications':[{'uri':'at://x','cid':'c','reason':'mention','indexedAt':'2026-01-01T00:00:00Z'}]}"))
            << QStringLiteral("$.notifications[0].author: missing");
        QTest::newRow("reply ref without cid")
            << (js("{'notifications':[{'uri':'at://x','cid':'c','reason':'reply','author':{'did':'d','handle':'h'},'indexedAt':'2026-01-01T00:00:00Z',"
                 "'record':{'$type':'app.bsky.feed.post','text':'t','reply':{'root':{'uri':'at://r'},'parent':{'uri':'at://p','cid':'x'}}}}]}"))
            << QStringLiteral("$.notifications[0].record.reply.root.cid: missing");
    }

    void brokenAnswersAreErrorsNotCrashes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, detail);
        auto page = Bluesky::parseNotifications(body);
        QVERIFY(!page);
        QCOMPARE(page.error().code, Core::Error::Code::InvalidInput);
        if (!detail.isEmpty())
            QCOMPARE(page.error().detail, detail);
        QVERIFY(!Bluesky::parseThread(body));
        QVERIFY(!Bluesky::parseSearchPosts(body));
    }

    void threadVariants()
    {
        const QByteArray body = js("{'thread':{'$type':'app.bsky.feed.defs#notFoundPost','uri':'at://gone','notFound':true}}");
        auto thread = Bluesky::parseThread(body);
        QVERIFY(thread);
        QCOMPARE(thread->focus.kind, Bluesky::ThreadNode::Kind::NotFound);
        QVERIFY(thread->ancestors.isEmpty());
        const QByteArray blocked = js("{'thread':{'$type':'app.bsky.feed.defs#blockedPost','uri':'at://b','blocked':true,"
            "'author':{'did':'did:plc:x','viewer':{'blockedBy':true}}}}");
        thread = Bluesky::parseThread(blocked);
        QVERIFY(thread);
        QCOMPARE(thread->focus.kind, Bluesky::ThreadNode::Kind::Blocked);
    }

    void sessionAndErrors()
    {
        QVERIFY(!Bluesky::parseSession(js("{'did':'did:plc:a','handle':'a.test','accessJwt':''}")));
        auto s = Bluesky::parseSession(js("{'did':'did:plc:a','handle':'a.test','accessJwt':'x','refreshJwt':'y'}"));
        QVERIFY(s);
        QCOMPARE(s->refreshJwt, QStringLiteral("y"));
        QCOMPARE(Bluesky::parseError(js("{'error':'ExpiredToken','message':'Token has expired'}")).error, QStringLiteral("ExpiredToken"));
        QVERIFY(Bluesky::parseError("garbage").error.isEmpty());
        QVERIFY(!Bluesky::parseResolvedDid(js("{'did':'carol'}")));
    }

    void recordRoundTrip()
    {
        Bluesky::PostRecord post;
        post.text = QStringLiteral("hi @c.test");
        post.createdAt = QDateTime(QDate(2026, 11, 28), QTime(12, 0, 0, 5), Qt::UTC);
        post.root = Bluesky::StrongRef{QStringLiteral("at://r"), QStringLiteral("cr")};
        post.parent = Bluesky::StrongRef{QStringLiteral("at://p"), QStringLiteral("cp")};
        post.langs = QStringList{QStringLiteral("en")};
        post.facets << Bluesky::Facet{3, 10, QStringLiteral("mention"), QStringLiteral("did:plc:c")};
        const QJsonObject json = Bluesky::postRecordJson(post);
        QCOMPARE(json.value(QStringLiteral("createdAt")).toString(), QStringLiteral("2026-11-28T12:00:00.005Z"));
        const QByteArray answer = QJsonDocument(QJsonObject{{QStringLiteral("uri"), QStringLiteral("at://me")},
                                                            {QStringLiteral("value"), json}}).toJson();
        auto back = Bluesky::parseRecord(answer);
        QVERIFY(back);
        QCOMPARE(back->post.text, post.text);
        QCOMPARE(back->post.root->cid, QStringLiteral("cr"));
        QCOMPARE(back->post.facets.first().value, QStringLiteral("did:plc:c"));
        QCOMPARE(back->post.facets.first().byteEnd, 10);
    }

    void mentionsAtByteOffsets()
    {
        // é is 2 bytes, 👍🏽 8 (two code points), 🇩🇪 8; UTF-16 offsets would differ.
        const QString text = QStringLiteral("é @a.test 👍🏽🇩🇪 (@B-b.example.com) mail@x.test @nodot @end.");
        const auto mentions = BlueskyRichText::mentions(text);
        QCOMPARE(mentions.size(), 2);
        QCOMPARE(mentions.at(0).handle, QStringLiteral("a.test"));
        QCOMPARE(mentions.at(0).byteStart, 3);
        QCOMPARE(mentions.at(0).byteEnd, 10);
        QCOMPARE(mentions.at(1).handle, QStringLiteral("b-b.example.com"));
        QCOMPARE(mentions.at(1).byteStart, 3 + 7 + 1 + 16 + 2);
        QCOMPARE(text.toUtf8().mid(mentions.at(1).byteStart, mentions.at(1).byteEnd - mentions.at(1).byteStart),
                 QByteArray("@B-b.example.com"));
    }

    void recordKeys()
    {
        QCOMPARE(BlueskyRichText::tid(0, 0), QStringLiteral("2222222222222"));
        const QDateTime at(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
        const QString key = BlueskyRichText::recordKey(QStringLiteral("a-uuid"), at);
        QVERIFY(BlueskyRichText::isTid(key));
        QCOMPARE(BlueskyRichText::recordKey(QStringLiteral("a-uuid"), at), key); // the same item, the same key
        QVERIFY(BlueskyRichText::recordKey(QStringLiteral("b-uuid"), at) != key);
        QVERIFY(BlueskyRichText::recordKey(QStringLiteral("a-uuid"), at.addSecs(1)) > key); // sorts by time
        QCOMPARE(BlueskyRichText::recordKey(key, at.addDays(3)), key); // a TID is kept as it is
        QVERIFY(!BlueskyRichText::isTid(QStringLiteral("zzzzzzzzzzzzz"))); // first character out of range
    }

    void highWaterMarks()
    {
        const QDateTime t = QDateTime::fromString(QStringLiteral("2026-11-28T10:00:00.000Z"), Qt::ISODateWithMs);
        const QString m = BlueskyConnector::mark(t, QStringLiteral("at://b"));
        QVERIFY(BlueskyConnector::after(t.addMSecs(1), QStringLiteral("at://a"), m));
        QVERIFY(BlueskyConnector::after(t, QStringLiteral("at://c"), m));
        QVERIFY(!BlueskyConnector::after(t, QStringLiteral("at://b"), m));
        QVERIFY(!BlueskyConnector::after(t.addSecs(-1), QStringLiteral("at://z"), m));
        QVERIFY(BlueskyConnector::after(t, QStringLiteral("at://a"), QString()));
    }
};

QTEST_GUILESS_MAIN(TestBlueskyJson)
#include "tst_blueskyjson.moc"
