// Blog and news listening through the engine and the store, against a scripted feed server
// (QHttpServer on 127.0.0.1) that answers conditional requests the way web servers do
// (ETag / Last-Modified, 304), rate limits with Retry-After and, on request, misbehaves.
// The same against a real static site (Hugo): tests/integration/feed_hugo_test.sh.

#include "core/PlatformCapabilities.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/SyncStateRepository.h"
#include "store/WorkspaceSettings.h"
#include "sync/FeedAccountSetup.h"
#include "sync/FeedConnector.h"
#include "sync/FileSecretStore.h"
#include "sync/HttpClient.h"
#include "sync/SyncEngine.h"
#include "../support/StoreTestBackend.h"

#include <QCryptographicHash>
#include <QDir>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QLocale>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

namespace {

struct Post
{
    QString guid;
    QString title;
    QString description;
    QString author;
    QDateTime published = QDateTime::currentDateTimeUtc().addDays(-1);
};

// A feed on a web server: the answer to a conditional request for an unchanged feed is 304.
class FeedServer
{
public:
    enum class Mode { Normal, RateLimited, WebPage, Malformed, BillionLaughs, Huge, Missing, Json };

    QList<Post> posts;
    Mode mode = Mode::Normal;
    int requests = 0;
    int notModified = 0;
    QByteArray lastIfNoneMatch;
    QByteArray lastIfModifiedSince;

    bool listen()
    {
        m_server.route(QStringLiteral("/feed.xml"), [this](const QHttpServerRequest &request) { return answer(request); });
        m_port = m_server.listen(QHostAddress(QHostAddress::LocalHost));
        return m_port > 0;
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/feed.xml").arg(m_port)); }

    QByteArray body() const
    {
        QByteArray xml = "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                         "<channel><title>Kitchen Gadget Reviews</title><link>https://gadgets.example/</link>";
        for (const Post &p : posts)
            xml += "<item><guid isPermaLink=\"false\">" + p.guid.toUtf8() + "</guid><title>" + p.title.toHtmlEscaped().toUtf8()
                   + "</title><link>/posts/" + p.guid.toUtf8() + "</link><dc:creator>" + p.author.toUtf8()
                   + "</dc:creator><description>" + p.description.toHtmlEscaped().toUtf8()
                   + "</description><pubDate>"
                   + QLocale::c().toString(p.published.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss +0000")).toLatin1()
                   + "</pubDate></item>";
        return xml + "</channel></rss>";
    }

private:
    QHttpServerResponse answer(const QHttpServerRequest &request)
    {
        ++requests;
        lastIfNoneMatch = request.value("If-None-Match");
        lastIfModifiedSince = request.value("If-Modified-Since");
        switch (mode) {
        case Mode::RateLimited: {
            QHttpServerResponse r(QByteArray("text/plain"), QByteArray("slow down"), QHttpServerResponse::StatusCode::TooManyRequests);
            r.setHeader("Retry-After", "7200");
            return r;
        }
        case Mode::WebPage:
            return QHttpServerResponse(QByteArray("text/html; charset=utf-8"), QByteArray("<html><body>Blog</body></html>"));
        case Mode::Json:
            return QHttpServerResponse(QByteArray("application/json"), QByteArray("{\"items\": []}"));
        case Mode::Malformed:
            return QHttpServerResponse(QByteArray("application/rss+xml"), QByteArray("<rss><channel><item><title>Acme</item>"));
        case Mode::BillionLaughs:
            return QHttpServerResponse(QByteArray("application/rss+xml"),
                                       QByteArray("<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                                                  "<rss><channel><item><title>Acme &b;</title></item></channel></rss>"));
        case Mode::Huge:
            return QHttpServerResponse(QByteArray("application/rss+xml"), QByteArray(9 * 1024 * 1024, ' '));
        case Mode::Missing:
            return QHttpServerResponse(QByteArray("text/html"), QByteArray("gone"), QHttpServerResponse::StatusCode::NotFound);
        case Mode::Normal: break;
        }
        const QByteArray xml = body();
        const QByteArray etag = '"' + QCryptographicHash::hash(xml, QCryptographicHash::Sha1).toHex().left(16) + '"';
        const QByteArray modified = "Tue, 24 Nov 2026 10:00:00 GMT";
        if (lastIfNoneMatch == etag) {
            ++notModified;
            QHttpServerResponse r(QHttpServerResponse::StatusCode::NotModified);
            r.setHeader("ETag", etag);
            return r;
        }
        QHttpServerResponse r(QByteArray("application/rss+xml; charset=utf-8"), xml);
        r.setHeader("ETag", etag);
        r.setHeader("Last-Modified", modified);
        return r;
    }

    QHttpServer m_server;
    quint16 m_port = 0;
};

} // namespace

class TestFeedConnector : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<FeedServer> m_server;
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

    // The account polled every second (allowed on this machine), so a test can wait one out.
    Core::Result<Core::Account> subscribe(const QStringList &terms, qint64 intervalSeconds = 1)
    {
        Sync::FeedSubscription subscription;
        subscription.url = m_server->url().toString();
        subscription.terms = terms;
        subscription.intervalSeconds = intervalSeconds;
        return Sync::addFeedAccount(*m_db, *m_http, subscription);
    }

private slots:
    void init()
    {
        static int round = 0;
        const QString folder = m_dir.filePath(QString::number(++round));
        QVERIFY(QDir().mkpath(folder));
        m_server = std::make_unique<FeedServer>();
        QVERIFY(m_server->listen());
        m_server->posts << Post{QStringLiteral("p1"), QStringLiteral("The ACME kettle, six months later"),
                                QStringLiteral("<p>The lid cracked &amp; support never answered.</p>"), QStringLiteral("Priya Natarajan")}
                        << Post{QStringLiteral("p2"), QStringLiteral("Ten toasters compared"),
                                QStringLiteral("<p>Acmeville's bakery tried them all.</p>"), QStringLiteral("Tom Berg")};
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(folder + QStringLiteral("/store.sqlite")));
        QVERIFY(db);
        m_db = std::move(db.value());
        QVERIFY(Tests::useRoundTheClockCalendar(*m_db));
        m_secrets = std::make_unique<Sync::FileSecretStore>(folder + QStringLiteral("/secrets.json"));
        m_http = std::make_unique<Sync::HttpClient>();
        m_http->setBackoff(Sync::Backoff(10, 20));
        auto account = subscribe({QStringLiteral("Acme"), QStringLiteral("Acme kettle")});
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

    void theFeedIsCheckedWhenAddedAndKeptAsAnAccount()
    {
        QCOMPARE(m_server->requests, 1); // read once while the lead was adding it
        QCOMPARE(m_account.platform, Core::Platform::Blog);
        QCOMPARE(m_account.name, QStringLiteral("Kitchen Gadget Reviews"));
        QCOMPARE(m_account.handle, QStringLiteral("127.0.0.1:%1/feed.xml").arg(m_server->url().port()));
        QCOMPARE(Sync::feedConfig(m_account).terms, (QStringList{QStringLiteral("Acme"), QStringLiteral("Acme kettle")}));
        QCOMPARE(Sync::feedConfig(m_account).intervalMs, qint64(1000));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(0)); // nothing kept from the check
        // No secret: a public feed has none, and the sync does not ask the keychain for one.
        QVERIFY(!m_secrets->read(Sync::SyncEngine::secretKey(m_account)));
    }

    void aPostNamingTheBrandBecomesOneListeningConversation()
    {
        Sync::AccountSyncReport report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.newMessages, 1); // "Acmeville" is not the brand
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversations")), qint64(1));
        const QString body = text(QStringLiteral("SELECT body FROM messages"));
        QCOMPARE(body, QStringLiteral("The ACME kettle, six months later\n\nThe lid cracked & support never answered.\n\n"
                                      "http://127.0.0.1:%1/posts/p1").arg(m_server->url().port()));
        QCOMPARE(text(QStringLiteral("SELECT name FROM customers c JOIN conversations v ON v.customer_id = c.id")),
                 QStringLiteral("Priya Natarajan"));
        QCOMPARE(text(QStringLiteral("SELECT thread_key FROM conversations")), QStringLiteral("p1"));
        // Marked as found by listening: the author did not tag the brand.
        QCOMPARE(count(QStringLiteral("SELECT found_by_listening FROM conversations")), qint64(1));
        QCOMPARE(text(QStringLiteral("SELECT visibility FROM messages")), QStringLiteral("public"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE direction <> 'inbound'")), qint64(0));
        // The next poll is the feed's own interval away, not the engine's minute.
        QVERIFY(report.status.nextSyncAt <= QDateTime::currentDateTimeUtc().addSecs(61));
    }

    void anUnchangedFeedIsNotDownloadedAgain()
    {
        QVERIFY(sync().ok());
        QCOMPARE(m_server->requests, 2);
        // Within the interval: not asked at all.
        QVERIFY(sync().ok());
        QCOMPARE(m_server->requests, 2);
        QTest::qWait(1100);
        Sync::AccountSyncReport report = sync();
        QVERIFY(report.ok());
        QCOMPARE(m_server->requests, 3);
        QCOMPARE(m_server->notModified, 1); // conditional request answered 304
        QVERIFY(m_server->lastIfNoneMatch.startsWith('"'));
        QCOMPARE(m_server->lastIfModifiedSince, QByteArray("Tue, 24 Nov 2026 10:00:00 GMT"));
        QCOMPARE(report.newMessages, 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(1));
    }

    void aNewPostArrivesAndAnEditIsNotANewConversation()
    {
        QVERIFY(sync().ok());
        m_server->posts.prepend(Post{QStringLiteral("p3"), QStringLiteral("Holiday gift guide"),
                                     QStringLiteral("<p>Our pick: the Acme kettle.</p>"), QStringLiteral("Lena Fischer")});
        m_server->posts[1].description = QStringLiteral("<p>The lid cracked. Update: Acme replaced it.</p>");
        QTest::qWait(1100);
        Sync::AccountSyncReport report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.newMessages, 1);
        QCOMPARE(report.updatedMessages, 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversations")), qint64(2));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(2));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM message_revisions")), qint64(1)); // the earlier text kept
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversations WHERE found_by_listening = 1")), qint64(2));
        QVERIFY(text(QStringLiteral("SELECT body FROM messages WHERE platform_message_id = 'p1'")).contains(QStringLiteral("Update:")));
    }

    // Adding a news site's feed takes the articles of the last 14 days (or of --history), not its
    // back catalogue: an article published earlier is left out on the first poll and on every
    // later one, also when it first shows up in the feed later; a new article still arrives.
    void theBackCatalogueStaysOutOfTheInbox()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        m_server->posts[0].published = now.addDays(-20);
        m_server->posts << Post{QStringLiteral("p4"), QStringLiteral("Acme at the trade fair"),
                                QStringLiteral("<p>Acme showed a new kettle.</p>"), QStringLiteral("Ada Lind"), now.addDays(-13)};
        Sync::AccountSyncReport report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.newMessages, 1);
        QCOMPARE(text(QStringLiteral("SELECT thread_key FROM conversations")), QStringLiteral("p4"));

        // Later: an old article turns up (a site republishing its archive) beside a new one.
        m_server->posts << Post{QStringLiteral("p5"), QStringLiteral("Acme in 2019"), QStringLiteral("<p>Acme kettles.</p>"),
                                QStringLiteral("Ada Lind"), now.addDays(-15)}
                        << Post{QStringLiteral("p6"), QStringLiteral("Acme recalls lids"), QStringLiteral("<p>Acme recall.</p>"),
                                QStringLiteral("Ada Lind"), now.addSecs(-60)};
        QTest::qWait(1100);
        report = sync();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error->fullText()));
        QCOMPARE(report.newMessages, 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversations WHERE thread_key IN ('p1', 'p5')")), qint64(0));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversations WHERE thread_key = 'p6'")), qint64(1));

        // --history 30 takes the 20-day-old article; 0 takes only what is published from now on.
        for (const int days : {30, 0}) {
            Sync::FeedConnector::Config config;
            config.url = m_server->url();
            config.terms = {QStringLiteral("Acme")};
            config.historyDays = days;
            Sync::FeedConnector connector(*m_http, config);
            qsizetype taken = -1;
            QVERIFY(connector.fetch({}, [&taken](const Sync::FetchBatch &batch) {
                taken = batch.messages.size();
                return Core::Status();
            }));
            QCOMPARE(taken, days == 30 ? 4 : 0); // p1, p4, p5, p6 / none
            QCOMPARE(connector.lastPollOlderItems(), days == 30 ? 0 : 5);
        }
        // The lead's choice is kept with the account (another address: not the feed above).
        Sync::FeedSubscription kept;
        kept.url = QStringLiteral("http://localhost:%1/feed.xml").arg(m_server->url().port());
        kept.historyDays = 30;
        auto account = Sync::addFeedAccount(*m_db, *m_http, kept);
        QVERIFY2(account, account ? "" : qPrintable(account.error().fullText()));
        QCOMPARE(Sync::feedConfig(account.value()).historyDays, 30);
        QCOMPARE(Sync::feedConfig(m_account).historyDays, Sync::FeedConnector::kDefaultHistoryDays);

        Sync::FeedSubscription tooLong;
        tooLong.url = m_server->url().toString();
        tooLong.historyDays = 4000;
        auto refused = Sync::addFeedAccount(*m_db, *m_http, tooLong);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("at most 3650 days back, not 4000")), qPrintable(refused.error().fullText()));
    }

    void retryAfterIsHonoured()
    {
        m_server->mode = FeedServer::Mode::RateLimited;
        Sync::AccountSyncReport report = sync();
        QVERIFY(!report.ok());
        QCOMPARE(report.error->code, Core::Error::Code::RateLimited);
        QCOMPARE(report.status.state, Core::SyncState::RateLimited);
        QVERIFY(report.status.nextSyncAt >= QDateTime::currentDateTimeUtc().addSecs(7100));
        const int asked = m_server->requests;
        // Asked again before the wait is over (a restart, "sync now"): the server is left alone.
        m_server->mode = FeedServer::Mode::Normal;
        report = sync();
        QCOMPARE(m_server->requests, asked);
        QVERIFY(!report.ok());
        QCOMPARE(report.error->code, Core::Error::Code::RateLimited);
        QVERIFY2(report.error->message.contains(QStringLiteral("asked Care Console to wait")), qPrintable(report.error->message));
    }

    void badFeedsGiveAClearAccountError_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("words");
        QTest::addColumn<Core::SyncState>("state");
        QTest::newRow("web page") << int(FeedServer::Mode::WebPage) << QStringLiteral("answered with a web page, not a feed")
                                  << Core::SyncState::Retrying;
        QTest::newRow("json") << int(FeedServer::Mode::Json) << QStringLiteral("answered with “application/json”")
                              << Core::SyncState::Retrying;
        QTest::newRow("malformed") << int(FeedServer::Mode::Malformed) << QStringLiteral("not well-formed XML")
                                   << Core::SyncState::Retrying;
        QTest::newRow("entity expansion") << int(FeedServer::Mode::BillionLaughs) << QStringLiteral("declares its own XML entities")
                                          << Core::SyncState::Retrying;
        QTest::newRow("huge") << int(FeedServer::Mode::Huge) << QStringLiteral("larger than 8.0 MB") << Core::SyncState::Retrying;
        QTest::newRow("gone") << int(FeedServer::Mode::Missing) << QStringLiteral("There is no feed at") << Core::SyncState::Failed;
    }

    void badFeedsGiveAClearAccountError()
    {
        QFETCH(int, mode);
        QFETCH(QString, words);
        QFETCH(Core::SyncState, state);
        m_server->mode = FeedServer::Mode(mode);
        const Sync::AccountSyncReport report = sync();
        QVERIFY(!report.ok());
        QVERIFY2(report.error->message.contains(words), qPrintable(report.error->message));
        QCOMPARE(report.status.state, state);
        // The account's status says it, for the status bar and `account list`.
        auto statuses = Store::SyncStateRepository(*m_db).statuses();
        QVERIFY(statuses);
        QCOMPARE(statuses->size(), 1);
        QVERIFY2(statuses->first().message.contains(words), qPrintable(statuses->first().message));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(0));
        // Nothing is lost: once the feed is fine again, the post arrives.
        m_server->mode = FeedServer::Mode::Normal;
        const Sync::AccountSyncReport again = sync();
        QVERIFY(again.ok());
        QCOMPARE(again.newMessages, 1);
    }

    void aWrongAddressIsRefusedWhenAddingAndNothingIsKept()
    {
        m_server->mode = FeedServer::Mode::WebPage;
        Sync::FeedSubscription subscription;
        subscription.url = m_server->url().toString() + QStringLiteral("?other");
        auto refused = Sync::addFeedAccount(*m_db, *m_http, subscription);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("web page")), qPrintable(refused.error().message));
        QCOMPARE(Store::AccountRepository(*m_db).list()->size(), 1);

        subscription.url = QStringLiteral("https://news.example/feed");
        subscription.intervalSeconds = 60; // too often for somebody else's server
        refused = Sync::addFeedAccount(*m_db, *m_http, subscription);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, Core::Error::Code::InvalidInput);
        QVERIFY(!Sync::feedUrl(QStringLiteral("ftp://news.example/feed")));
        QCOMPARE(Sync::feedUrl(QStringLiteral("news.example/feed")).value(), QUrl(QStringLiteral("https://news.example/feed")));
        QCOMPARE(Store::AccountRepository(*m_db).list()->size(), 1);
    }

    void aSearchFeedWithoutTermsTakesEveryItem()
    {
        auto all = subscribe({}, 1);
        QVERIFY(all);
        QCOMPARE(all->id, m_account.id); // the same feed: updated, not added twice
        m_account = all.value();
        const Sync::AccountSyncReport report = sync();
        QVERIFY(report.ok());
        QCOMPARE(report.newMessages, 2);
    }

    void repliesAreNeverPosted()
    {
        QVERIFY(!Core::PlatformCapabilities::of(Core::Platform::Blog).publicReply);
        QVERIFY(!Core::PlatformCapabilities::of(Core::Platform::Blog).privateMessage);
        Sync::FeedConnector connector(*m_http, Sync::feedConfig(m_account));
        const Sync::DeliveryOutcome outcome = connector.deliver(Core::OutboxItem());
        QCOMPARE(outcome.kind, Sync::DeliveryOutcome::Kind::Rejected);
        QCOMPARE(m_server->requests, 1); // nothing was sent anywhere
    }
};

QTEST_GUILESS_MAIN(TestFeedConnector)
#include "tst_feed_connector.moc"
