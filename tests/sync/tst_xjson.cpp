// The X API v2 parser against the documented shapes (docs.x.com data dictionary), and the
// cost meter's arithmetic against the price file.

#include "sync/XConnector.h"
#include "sync/XCostMeter.h"
#include "sync/XJson.h"

#include <QtTest>

using namespace Care;
using namespace Care::Sync;

class TestXJson : public QObject
{
    Q_OBJECT

private slots:
    void mentionsPageWithExpansions()
    {
        const QByteArray body = R"({"data":[{"id":"1720000000000000002","text":"@acme lid cracked &amp; leaking &lt;3",
            "author_id":"2244994945","conversation_id":"1720000000000000001","created_at":"2025-03-11T09:14:27.000Z",
            "referenced_tweets":[{"type":"replied_to","id":"1720000000000000001"}],
            "edit_history_tweet_ids":["1720000000000000002"]}],
          "includes":{"users":[{"id":"2244994945","name":"Customer One","username":"kettle_fan"}],
                      "tweets":[{"id":"1720000000000000001","text":"Spring range is live","author_id":"1000",
                                 "edit_history_tweet_ids":["1720000000000000001"]}]},
          "meta":{"result_count":1,"newest_id":"1720000000000000002","oldest_id":"1720000000000000002","next_token":"7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"}})";
        auto page = X::parseTweetPage(body);
        QVERIFY2(page, qPrintable(page ? QString() : page.error().detail));
        QCOMPARE(page->tweets.size(), 1);
        const X::Tweet &t = page->tweets.first();
        QCOMPARE(t.text, QStringLiteral("@acme lid cracked & leaking <3"));
        QCOMPARE(t.repliedToId, QStringLiteral("1720000000000000001"));
        QCOMPARE(t.conversationId, QStringLiteral("1720000000000000001"));
        QCOMPARE(t.createdAt, QDateTime(QDate(2025, 3, 11), QTime(9, 14, 27), Qt::UTC));
        QVERIFY(!t.isEdited());
        QCOMPARE(page->users.value(QStringLiteral("2244994945")).username, QStringLiteral("kettle_fan"));
        QCOMPARE(page->includedTweets.value(QStringLiteral("1720000000000000001")).authorId, QStringLiteral("1000"));
        QCOMPARE(page->newestId, QStringLiteral("1720000000000000002"));
        QVERIFY(!page->nextToken.isEmpty());
    }

    void editedPostKnownByItsFirstId()
    {
        auto page = X::parseTweetPage(R"({"data":[{"id":"12","text":"fixed typo","edit_history_tweet_ids":["10","12"]}]})");
        QVERIFY(page);
        QVERIFY(page->tweets.first().isEdited());
        QCOMPARE(page->tweets.first().originalId(), QStringLiteral("10"));
    }

    void partialErrorsInsideA200()
    {
        auto page = X::parseTweetPage(R"({"data":[{"id":"5","text":"hi"}],"errors":[{"value":"4",
            "detail":"Could not find tweet with referenced_tweets.id: [4].","title":"Not Found Error","resource_type":"tweet",
            "parameter":"referenced_tweets.id","resource_id":"4","type":"https:\/\/api.twitter.com\/2\/problems\/resource-not-found"}]})");
        QVERIFY(page);
        QCOMPARE(page->tweets.size(), 1);
        QCOMPARE(page->problems.size(), 1);
        QVERIFY(page->problems.first().isNotFound());
        QCOMPARE(page->problems.first().resourceId, QStringLiteral("4"));
    }

    void emptyResultHasNoData()
    {
        auto page = X::parseTweetPage(R"({"meta":{"result_count":0}})");
        QVERIFY(page);
        QVERIFY(page->tweets.isEmpty());
        QCOMPARE(page->resultCount, 0);
    }

    void refusesWhatItCannotRead_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not json") << QByteArray("<html>");
        QTest::newRow("array") << QByteArray("[]");
        QTest::newRow("numeric id") << QByteArray(R"({"data":[{"id":1720000000000000002,"text":"x"}]})");
        QTest::newRow("no text") << QByteArray(R"({"data":[{"id":"1"}]})");
        QTest::newRow("bad date") << QByteArray(R"({"data":[{"id":"1","text":"x","created_at":"yesterday"}]})");
        QTest::newRow("data not array") << QByteArray(R"({"data":"x"})");
        QTest::newRow("user without username") << QByteArray(R"({"data":[],"includes":{"users":[{"id":"1"}]}})");
        QTest::newRow("negative count") << QByteArray(R"({"meta":{"result_count":-1}})");
    }
    void refusesWhatItCannotRead()
    {
        QFETCH(QByteArray, body);
        auto page = X::parseTweetPage(body);
        QVERIFY(!page);
        QCOMPARE(page.error().code, Core::Error::Code::InvalidInput);
        QVERIFY(!page.error().detail.isEmpty());
    }

    void directMessages()
    {
        auto page = X::parseDmPage(R"({"data":[{"id":"1580705921830768643","event_type":"MessageCreate","text":"order 4471?",
            "sender_id":"2244994945","dm_conversation_id":"1000-2244994945","created_at":"2022-10-14T00:00:00.000Z"}],
            "includes":{"users":[{"id":"2244994945","username":"kettle_fan","name":"C"}]},"meta":{"result_count":1}})");
        QVERIFY(page);
        QCOMPARE(page->events.first().conversationId, QStringLiteral("1000-2244994945"));
        QCOMPARE(page->events.first().eventType, QStringLiteral("MessageCreate"));
        QVERIFY(!X::parseDmPage(R"({"data":[{"id":"1","text":"no type"}]})"));
    }

    void tokensAndErrors()
    {
        auto token = X::parseToken(R"({"token_type":"bearer","expires_in":7200,"access_token":"a","scope":"tweet.read offline.access","refresh_token":"r"})");
        QVERIFY(token);
        QCOMPARE(token->expiresIn, 7200);
        QCOMPARE(token->refreshToken, QStringLiteral("r"));
        QVERIFY(!X::parseToken(R"({"token_type":"bearer"})"));

        X::ApiError dup = X::parseError(R"({"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403})");
        QVERIFY(dup.isDuplicateContent());
        X::ApiError other = X::parseError(R"({"detail":"You are not permitted to perform this action.","title":"Forbidden","status":403})");
        QVERIFY(!other.isDuplicateContent());
        X::ApiError oauth = X::parseError(R"({"error":"invalid_request","error_description":"Value passed for the code verifier did not match."})");
        QCOMPARE(oauth.oauthError, QStringLiteral("invalid_request"));
        QVERIFY(oauth.text().contains(QLatin1String("verifier")));
    }

    void snowflakesCompareAsNumbers()
    {
        QVERIFY(X::newerId(QStringLiteral("10"), QStringLiteral("9")));
        QVERIFY(!X::newerId(QStringLiteral("9"), QStringLiteral("10")));
        QVERIFY(X::newerId(QStringLiteral("1720000000000000003"), QStringLiteral("1720000000000000002")));
    }

    void searchQueryExcludesTheBrand()
    {
        auto q = XConnector::searchQuery({QStringLiteral("acme"), QStringLiteral("acme kettle")}, QStringLiteral("acme"));
        QVERIFY(q);
        QCOMPARE(q.value(), QStringLiteral("(acme OR \"acme kettle\") -from:acme -@acme -is:retweet"));
        QVERIFY(!XConnector::searchQuery({}, QStringLiteral("acme")));
        QStringList many;
        for (int i = 0; i < 60; ++i)
            many << QStringLiteral("product%1").arg(i);
        auto tooLong = XConnector::searchQuery(many, QStringLiteral("acme"));
        QVERIFY(!tooLong);
        QVERIFY(tooLong.error().message.contains(QLatin1String("512")));
    }

    void comparableTextIgnoresShortenedLinks()
    {
        QCOMPARE(XConnector::comparable(QStringLiteral("See https://acme.example/help  now &amp; then")),
                 XConnector::comparable(QStringLiteral("See https://t.co/abc123 now & then")));
        QVERIFY(XConnector::comparable(QStringLiteral("a")) != XConnector::comparable(QStringLiteral("b")));
    }

    // ---- cost meter

    void pricesComeFromTheFile()
    {
        const XPrices prices = XPrices::builtIn();
        QCOMPARE(prices.currency, QStringLiteral("USD"));
        QCOMPARE(prices.postRead, 0.005);
        QCOMPARE(prices.userRead, 0.010);
        QCOMPARE(prices.dmEventRead, 0.010);
        QCOMPARE(prices.postCreate, 0.015);
        QVERIFY(!XPrices::parse(R"({"currency":"USD","read":{"post":-1}})"));
    }

    void mentionsEveryMinuteFromMeasuredTraffic()
    {
        const XPrices prices = XPrices::builtIn();
        const QDateTime now = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
        XUsage usage = XUsage::fromCursor({}, now.addDays(-1));
        // A day of polling mentions every minute: 1,440 polls, 40 mentions from 30 people,
        // 20 parent posts; direct messages every 5 minutes (288 probes of one event).
        for (int i = 0; i < 1440; ++i)
            usage.addPoll(QStringLiteral("mentions"), i < 40 ? 1 : 0, i < 30 ? 1 : 0, 0, prices, now);
        usage.addPoll(QStringLiteral("mentions"), 20, 0, 0, prices, now);
        for (int i = 0; i < 288; ++i)
            usage.addPoll(QStringLiteral("direct"), 0, 0, 1, prices, now);
        XPollPlan plan;
        plan.mentions = 60;
        plan.search = 0;
        plan.direct = 300;
        const XCostEstimate e = XCostMeter::estimate(prices, usage, plan, now);
        QVERIFY(!e.assumed);
        // (60 posts × $0.005 + 30 users × $0.01) a day × 730/24 days = $18.25
        QVERIFY2(qAbs(e.mentions - 18.25) < 0.01, qPrintable(QString::number(e.mentions)));
        // 8,760 probes a month × $0.01 = $87.60
        QVERIFY2(qAbs(e.direct - 87.60) < 0.01, qPrintable(QString::number(e.direct)));
        // Mentions are read with since_id: polling them every 10 minutes costs the same.
        plan.mentions = 600;
        QCOMPARE(XCostMeter::estimate(prices, usage, plan, now).mentions, e.mentions);
        // Direct messages are not: every 15 minutes costs a third.
        plan.direct = 900;
        QVERIFY(qAbs(XCostMeter::estimate(prices, usage, plan, now).direct - 29.20) < 0.01);
    }

    void assumptionsBeforeTraffic()
    {
        const XPrices prices = XPrices::builtIn();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const XCostEstimate e = XCostMeter::estimate(prices, XUsage::fromCursor({}, now), XPollPlan{}, now);
        QVERIFY(e.assumed);
        // The figures docs/x.md gives for a new account polling mentions every minute.
        QCOMPARE(XPollPlan{}.mentions, 60);
        QVERIFY2(qAbs(e.mentions - 15.97) < 0.01, qPrintable(QString::number(e.mentions)));
        QVERIFY2(qAbs(e.search - 13.69) < 0.01, qPrintable(QString::number(e.search)));
        QVERIFY2(qAbs(e.direct - 43.80) < 0.01, qPrintable(QString::number(e.direct)));
        QVERIFY2(qAbs(e.writes - 27.76) < 0.01, qPrintable(QString::number(e.writes)));
        QVERIFY2(qAbs(e.total() - 101.21) < 0.02, qPrintable(QString::number(e.total())));
    }

    void budgetLengthensDirectMessagePolling()
    {
        const XPrices prices = XPrices::builtIn();
        const QDateTime now = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
        XUsage usage = XUsage::fromCursor({}, now.addDays(-1));
        for (int i = 0; i < 60; ++i)
            usage.addPoll(QStringLiteral("mentions"), 1, 1, 0, prices, now); // $0.90 a day: $27.38 a month
        for (int i = 0; i < 1440; ++i)
            usage.addPoll(QStringLiteral("direct"), 0, 0, 1, prices, now);
        XPollPlan wanted;
        wanted.mentions = 60;
        wanted.search = 300;
        wanted.direct = 60; // $438 a month of probes
        const XCostEstimate free = XCostMeter::planWithin(prices, usage, wanted, 0, now);
        QCOMPARE(free.plan.direct, 60);
        const XCostEstimate capped = XCostMeter::planWithin(prices, usage, wanted, 50.0, now);
        QVERIFY(capped.plan.direct > 60);
        QVERIFY2(capped.total() <= 50.0 + 1e-6, qPrintable(QString::number(capped.total())));
        QVERIFY(capped.total() > 45.0); // lengthened no more than needed
        QVERIFY(!capped.overBudget);
        QCOMPARE(capped.plan.mentions, 60); // mentions are not slowed: it would save nothing
        // A budget below the traffic itself: listening stops, DMs go to the longest interval.
        const XCostEstimate starved = XCostMeter::planWithin(prices, usage, wanted, 10.0, now);
        QVERIFY(starved.overBudget);
        QCOMPARE(starved.plan.search, 0);
        QCOMPARE(starved.plan.direct, XCostMeter::kMaxIntervalSecs);
    }

    void usageSurvivesItsCursorAndStartsEachMonthAfresh()
    {
        const XPrices prices = XPrices::builtIn();
        const QDateTime now = QDateTime(QDate(2026, 11, 28), QTime(12, 0), Qt::UTC);
        XUsage usage = XUsage::fromCursor({}, now);
        usage.addPoll(QStringLiteral("search"), 10, 4, 0, prices, now);
        usage.addWrite(false, true, prices, now);
        const XUsage back = XUsage::fromCursor(usage.toCursor(), now);
        QCOMPARE(back.streams.value(QStringLiteral("search")).posts, 10);
        QCOMPARE(back.postsWithUrlSent, 1);
        QVERIFY(qAbs(back.monthSpent - (0.05 + 0.04 + 0.2)) < 1e-9);
        QCOMPARE(XUsage::fromCursor(usage.toCursor(), now.addMonths(1)).monthSpent, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestXJson)
#include "tst_xjson.moc"
