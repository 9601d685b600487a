#include "sync/FeedXml.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Care::Sync;
using Care::Core::Error;

namespace {

QByteArray fixture(const char *name)
{
    QFile file(QFINDTESTDATA(QStringLiteral("data/feeds/") + QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return file.readAll();
}

QByteArray rssWithItems(int count, const QByteArray &itemBody = "<title>t</title>")
{
    QByteArray xml = "<rss version=\"2.0\"><channel><title>s</title>";
    for (int i = 0; i < count; ++i)
        xml += "<item><guid>" + QByteArray::number(i) + "</guid>" + itemBody + "</item>";
    return xml + "</channel></rss>";
}

} // namespace

class TestFeedXml : public QObject
{
    Q_OBJECT

private slots:
    void readsRss2()
    {
        auto doc = Feed::parse(fixture("rss2.xml"));
        QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().detail));
        QCOMPARE(doc->kind, Feed::Document::Kind::Rss);
        QCOMPARE(doc->title, QStringLiteral("Kitchen Gadget Reviews"));
        QCOMPARE(doc->link, QStringLiteral("https://gadgets.example/"));
        QCOMPARE(doc->items.size(), 2);
        const Feed::Item &review = doc->items.at(0);
        QCOMPARE(review.id, QStringLiteral("gadgets-1042"));
        QCOMPARE(review.key(), QStringLiteral("gadgets-1042"));
        QCOMPARE(review.title, QStringLiteral("The Acme kettle, six months later"));
        QCOMPARE(review.link, QStringLiteral("https://gadgets.example/2026/11/acme-kettle"));
        // Escaped HTML in the description, and a double-escaped ampersand, become plain text.
        QCOMPARE(review.summary, QStringLiteral("The lid cracked after six months & support never answered."));
        QCOMPARE(review.content, QStringLiteral("Long review.\n\nThe kettle <https://acme.example/kettle> boils fast."));
        QCOMPARE(review.author, QStringLiteral("Priya Natarajan"));
        QCOMPARE(review.published, QDateTime(QDate(2026, 11, 24), QTime(8, 30), Qt::UTC));

        const Feed::Item &toasters = doc->items.at(1);
        QVERIFY(toasters.id.isEmpty());
        QCOMPARE(toasters.key(), QStringLiteral("https://gadgets.example/2026/11/toasters")); // no guid: the link
        QCOMPARE(toasters.author, QStringLiteral("Tom Berg"));
        QCOMPARE(toasters.authorEmail, QStringLiteral("tom@gadgets.example"));
        QCOMPARE(toasters.published, QDateTime(QDate(2026, 11, 23), QTime(18, 0), Qt::UTC));
    }

    void readsAtom()
    {
        auto doc = Feed::parse(fixture("atom.xml"));
        QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().detail));
        QCOMPARE(doc->kind, Feed::Document::Kind::Atom);
        QCOMPARE(doc->title, QStringLiteral("Travel Notes"));
        QCOMPARE(doc->link, QStringLiteral("https://travel.example/")); // the alternate, not self
        QCOMPARE(doc->items.size(), 2);
        const Feed::Item &gate = doc->items.at(0);
        QCOMPARE(gate.id, QStringLiteral("tag:travel.example,2026:posts/7"));
        QCOMPARE(gate.title, QStringLiteral("Stuck at the gate with Skyways"));
        QCOMPARE(gate.link, QStringLiteral("https://travel.example/posts/skyways-gate")); // not rel="edit"
        QCOMPARE(gate.summary, QStringLiteral("Three hours without a word from the airline."));
        QCOMPARE(gate.content, QStringLiteral("Boarding was at 07:00.\n\nSee their status page <https://skyways.example/status>."));
        QCOMPARE(gate.author, QStringLiteral("Lena Fischer")); // the feed's author
        QCOMPARE(gate.published, QDateTime(QDate(2026, 11, 25), QTime(7, 15, 30, 250), Qt::UTC));
        QCOMPARE(gate.updated, QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC));

        const Feed::Item &quiet = doc->items.at(1);
        QCOMPARE(quiet.author, QStringLiteral("Guest Writer"));
        QCOMPARE(quiet.authorUri, QStringLiteral("https://guest.example/"));
        QCOMPARE(quiet.link, QStringLiteral("https://travel.example/posts/quiet")); // rel defaults to alternate
        QCOMPARE(quiet.content, QStringLiteral("Nothing happened."));
        QCOMPARE(quiet.published, quiet.updated); // no <published>: the update time
    }

    void readsRss1()
    {
        const QByteArray xml =
            "<?xml version=\"1.0\"?>\n"
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
            "  <channel rdf:about=\"https://news.example/\"><title>News</title><link>https://news.example/</link></channel>\n"
            "  <item rdf:about=\"https://news.example/a\"><title>Acme recalls kettles</title><link>https://news.example/a</link>\n"
            "    <description>Recall notice.</description><dc:creator>Desk</dc:creator><dc:date>2026-11-20T10:00:00Z</dc:date></item>\n"
            "</rdf:RDF>\n";
        auto doc = Feed::parse(xml);
        QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().detail));
        QCOMPARE(doc->title, QStringLiteral("News"));
        QCOMPARE(doc->items.size(), 1);
        QCOMPARE(doc->items.at(0).key(), QStringLiteral("https://news.example/a"));
        QCOMPARE(doc->items.at(0).author, QStringLiteral("Desk"));
        QCOMPARE(doc->items.at(0).published, QDateTime(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC));
    }

    void aTitleIsOneLine()
    {
        // Found by fuzz_feed_xml: escaped paragraphs in a title made it two lines.
        auto doc = Feed::parse("<rss><channel><title>&lt;p&gt;Site&lt;/p&gt;&lt;p&gt;News&lt;/p&gt;</title><item><guid>1</guid>"
                               "<title>&lt;p&gt;Acme&lt;/p&gt;&lt;p&gt;kettle&lt;br&gt;recall&lt;/p&gt;</title></item></channel></rss>");
        QVERIFY(doc);
        QCOMPARE(doc->title, QStringLiteral("Site News"));
        QCOMPARE(doc->items.at(0).title, QStringLiteral("Acme kettle recall"));
    }

    void acceptsAPlainDoctype()
    {
        // RSS 0.91 as Netscape published it: a DOCTYPE without entity declarations is harmless.
        const QByteArray xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\" "
                               "\"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n"
                               "<rss version=\"0.91\"><channel><title>Old</title><item><title>Acme</title>"
                               "<link>https://old.example/1</link></item></channel></rss>";
        auto doc = Feed::parse(xml);
        QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().detail));
        QCOMPARE(doc->items.size(), 1);
        QCOMPARE(doc->items.at(0).key(), QStringLiteral("https://old.example/1"));
    }

    void refusesHostileOrBrokenFeeds_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("words");

        QTest::newRow("billion laughs") << fixture("billion-laughs.xml") << QStringLiteral("entities");
        QTest::newRow("external entity")
            << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                          "<rss><channel><item><title>&xxe;</title></item></channel></rss>")
            << QStringLiteral("entities");
        // The quick look at the prolog is fooled by the comment; the reader's DTD check is not.
        QTest::newRow("entity behind a comment")
            << QByteArray("<!-- <a --><!DOCTYPE rss [<!ENTITY x \"y\">]><rss><channel><item><title>&x;</title>"
                          "</item></channel></rss>")
            << QStringLiteral("entities");
        QTest::newRow("parameter entities")
            << QByteArray("<!DOCTYPE rss [<!ENTITY % p \"<!ENTITY q 'qq'>\"> %p;]><rss/>") << QStringLiteral("entities");
        QTest::newRow("unclosed tag") << QByteArray("<rss><channel><item><title>Acme</item></channel></rss>")
                                      << QStringLiteral("not well-formed XML (line 1)");
        QTest::newRow("truncated") << QByteArray("<rss version=\"2.0\"><channel><item><title>Acme kettle")
                                   << QStringLiteral("ends in the middle");
        QTest::newRow("garbage after the root") << QByteArray("<rss><channel/></rss><rss/>") << QStringLiteral("well-formed");
        QTest::newRow("web page") << QByteArray("<!DOCTYPE html><html><head><title>Blog</title></head><body></body></html>")
                                  << QStringLiteral("web page");
        QTest::newRow("json feed") << QByteArray("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}")
                                   << QStringLiteral("well-formed");
        QTest::newRow("another XML document") << QByteArray("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
                                              << QStringLiteral("does not give an RSS or Atom feed");
        QTest::newRow("atom root without its namespace") << QByteArray("<feed><entry/></feed>")
                                                         << QStringLiteral("does not give an RSS or Atom feed");
        QTest::newRow("empty") << QByteArray(" \n ") << QStringLiteral("empty");
        QTest::newRow("deep nesting") << QByteArray("<rss>") + QByteArray("<a>").repeated(500) << QStringLiteral("nests");
        QTest::newRow("too many items") << rssWithItems(2001) << QStringLiteral("more than 2000 items");
        QTest::newRow("enormous item")
            << rssWithItems(2, "<description>" + QByteArray("Acme ").repeated(300 * 1024) + "</description>")
            << QStringLiteral("item in the feed is larger than 1.0 MB");
        QTest::newRow("enormous document") << rssWithItems(1, "<title>" + QByteArray(9 * 1024 * 1024, 'x') + "</title>")
                                           << QStringLiteral("larger than 8.0 MB");
    }

    void refusesHostileOrBrokenFeeds()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, words);
        auto doc = Feed::parse(xml);
        QVERIFY(!doc);
        QCOMPARE(doc.error().code, Error::Code::BadResponse);
        QVERIFY2(doc.error().message.contains(words), qPrintable(doc.error().message));
        QVERIFY(!doc.error().detail.isEmpty());
    }

    void readsALargeFeedQuickly()
    {
        // 2,000 items of 2 KB (4 MB): within the caps, read whole.
        const QByteArray xml = rssWithItems(2000, "<title>Acme</title><description>" + QByteArray(2000, 'a') + "</description>");
        QElapsedTimer timer;
        timer.start();
        auto doc = Feed::parse(xml);
        QVERIFY(doc);
        QCOMPARE(doc->items.size(), 2000);
        qInfo("2,000 items, %lld bytes: %lld ms", qint64(xml.size()), timer.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestFeedXml)
#include "tst_feedxml.moc"
