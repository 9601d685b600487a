#include "sync/LinkHeader.h"

#include <QTest>
#include <QUrlQuery>

using Care::Sync::parseLinkHeader;

class TestLinkHeader : public QObject
{
    Q_OBJECT

private slots:
    void mastodonNextAndPrev()
    {
        // docs.joinmastodon.org, "Paginating through API responses".
        const auto links
            = parseLinkHeader("<https://mastodon.example/api/v1/notifications?max_id=34975535>; rel=\"next\", "
                              "<https://mastodon.example/api/v1/notifications?min_id=34975861>; rel=\"prev\"");
        QCOMPARE(links.size(), 2);
        QCOMPARE(links.value(QStringLiteral("next")),
            QUrl(QStringLiteral("https://mastodon.example/api/v1/notifications?max_id=34975535")));
        QCOMPARE(links.value(QStringLiteral("prev")),
            QUrl(QStringLiteral("https://mastodon.example/api/v1/notifications?min_id=34975861")));
        QCOMPARE(QUrlQuery(links.value(QStringLiteral("next"))).queryItemValue(QStringLiteral("max_id")),
            QStringLiteral("34975535"));
    }

    void keepsArrayQueryParameters()
    {
        const auto links = parseLinkHeader(
            "<https://social.example/api/v1/notifications?limit=40&max_id=7&types[]=mention>; rel=\"next\"");
        const QUrlQuery query(links.value(QStringLiteral("next")));
        QCOMPARE(query.queryItemValue(QStringLiteral("types[]")), QStringLiteral("mention"));
        QCOMPARE(query.queryItemValue(QStringLiteral("max_id")), QStringLiteral("7"));
    }

    void unquotedRel()
    {
        const auto links = parseLinkHeader("<https://a.example/2>;rel=next,<https://a.example/0> ; rel = prev");
        QCOMPARE(links.value(QStringLiteral("next")), QUrl(QStringLiteral("https://a.example/2")));
        QCOMPARE(links.value(QStringLiteral("prev")), QUrl(QStringLiteral("https://a.example/0")));
    }

    void severalRelationsInOneRel()
    {
        const auto links
            = parseLinkHeader("<https://a.example/9>; rel=\"next  last\", <https://a.example/1>; rel=first");
        QCOMPARE(links.size(), 3);
        QCOMPARE(links.value(QStringLiteral("next")), QUrl(QStringLiteral("https://a.example/9")));
        QCOMPARE(links.value(QStringLiteral("last")), QUrl(QStringLiteral("https://a.example/9")));
        QCOMPARE(links.value(QStringLiteral("first")), QUrl(QStringLiteral("https://a.example/1")));
    }

    void relationsAreCaseInsensitive()
    {
        const auto links = parseLinkHeader("<https://a.example/2>; REL=\"Next\"");
        QCOMPARE(links.value(QStringLiteral("next")), QUrl(QStringLiteral("https://a.example/2")));
    }

    void otherParametersAndQuotedDelimiters()
    {
        const auto links = parseLinkHeader(
            "<https://a.example/1?a=1,2>; title=\"a, b; c \\\"q\\\"\"; rel=\"next\"; type=\"text/html\", "
            "<https://a.example/0>; rel=\"prev\"");
        QCOMPARE(links.size(), 2);
        QCOMPARE(links.value(QStringLiteral("next")), QUrl(QStringLiteral("https://a.example/1?a=1,2")));
        QCOMPARE(links.value(QStringLiteral("prev")), QUrl(QStringLiteral("https://a.example/0")));
    }

    void firstOccurrenceWins()
    {
        const auto links
            = parseLinkHeader("<https://a.example/1>; rel=next; rel=prev, <https://a.example/2>; rel=next");
        QCOMPARE(links.size(), 1);
        QCOMPARE(links.value(QStringLiteral("next")), QUrl(QStringLiteral("https://a.example/1")));
    }

    void resolvesRelativeReferences()
    {
        const QUrl base(QStringLiteral("https://social.example/api/v1/notifications?limit=40"));
        const auto links
            = parseLinkHeader("</api/v1/notifications?max_id=5>; rel=\"next\", <?min_id=9>; rel=prev", base);
        QCOMPARE(links.value(QStringLiteral("next")),
            QUrl(QStringLiteral("https://social.example/api/v1/notifications?max_id=5")));
        QCOMPARE(links.value(QStringLiteral("prev")),
            QUrl(QStringLiteral("https://social.example/api/v1/notifications?min_id=9")));
    }

    void skipsGarbageAndKeepsTheRest()
    {
        const auto links = parseLinkHeader(
            "garbage; rel=next, <https://a.example/ok>; rel=\"next\", \"<x>\", ;;, <https://a.example/n>");
        QCOMPARE(links.size(), 1);
        QCOMPARE(links.value(QStringLiteral("next")), QUrl(QStringLiteral("https://a.example/ok")));
    }

    void garbage_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("spaces") << QByteArray("   ");
        QTest::newRow("words") << QByteArray("no links here");
        QTest::newRow("delimiters") << QByteArray(";;;,,,==\"\"<>");
        QTest::newRow("no rel") << QByteArray("<https://a.example/>");
        QTest::newRow("empty rel") << QByteArray("<https://a.example/>; rel=\"\"");
        QTest::newRow("unterminated uri") << QByteArray("<https://a.example/; rel=next");
        QTest::newRow("unterminated quote") << QByteArray("<https://a.example/>; rel=\"next");
        QTest::newRow("nul bytes") << QByteArray("<\0>; rel=\0", 10);
        QTest::newRow("rel without value") << QByteArray("<https://a.example/>; rel");
    }

    void garbage()
    {
        QFETCH(QByteArray, value);
        const auto links = parseLinkHeader(value);
        QVERIFY2(links.isEmpty(), qPrintable(QStringList(links.keys()).join(QLatin1Char(','))));
    }
};

QTEST_GUILESS_MAIN(TestLinkHeader)
#include "tst_linkheader.moc"
