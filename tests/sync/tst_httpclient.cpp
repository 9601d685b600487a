// The one HTTP client every connector uses, against real local HTTP(S) servers (QHttpServer):
// redirects only within the same origin (a token never follows a redirect elsewhere), TLS
// failures fail closed, Retry-After and the announced budget are kept, timeouts apply.
#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"

#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QtTest>

using namespace Care;

class TestHttpClient : public QObject
{
    Q_OBJECT

private:
    QHttpServer m_origin;
    QHttpServer m_elsewhere;
    quint16 m_originPort = 0;
    quint16 m_elsewherePort = 0;
    int m_elsewhereHits = 0;
    QByteArray m_elsewhereAuthorization;
    int m_limited = 0;

    QUrl origin(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_originPort).arg(path)); }

    Sync::HttpRequest get(const QString &path) const
    {
        Sync::HttpRequest r;
        r.url = origin(path);
        r.headers << qMakePair(QByteArray("Authorization"), QByteArray("Bearer secret-token"));
        return r;
    }

private slots:
    void initTestCase()
    {
        m_origin.route(QStringLiteral("/ok"), [] { return QHttpServerResponse(QJsonObject{{QStringLiteral("ok"), true}}); });
        m_origin.route(QStringLiteral("/same-origin-redirect"), [] {
            QHttpServerResponse r(QHttpServerResponse::StatusCode::Found);
            r.setHeader("Location", "/ok");
            return r;
        });
        m_origin.route(QStringLiteral("/elsewhere-redirect"), [this] {
            QHttpServerResponse r(QHttpServerResponse::StatusCode::Found);
            r.setHeader("Location", QStringLiteral("http://127.0.0.1:%1/steal").arg(m_elsewherePort).toLatin1());
            return r;
        });
        m_origin.route(QStringLiteral("/busy"), [this] {
            // Twice 429 with a short Retry-After, then fine.
            if (++m_limited <= 2) {
                QHttpServerResponse r(QByteArray("{\"error\":\"Too many requests\"}"),
                                      QHttpServerResponse::StatusCode::TooManyRequests);
                r.setHeader("Retry-After", "1");
                return r;
            }
            return QHttpServerResponse(QJsonObject{{QStringLiteral("ok"), true}});
        });
        m_origin.route(QStringLiteral("/spent"), [] {
            QHttpServerResponse r(QJsonObject{{QStringLiteral("ok"), true}});
            r.setHeader("X-RateLimit-Limit", "300");
            r.setHeader("X-RateLimit-Remaining", "0");
            r.setHeader("X-RateLimit-Reset",
                        QDateTime::currentDateTimeUtc().addSecs(240).toString(Qt::ISODateWithMs).toLatin1());
            return r;
        });
        m_elsewhere.route(QStringLiteral("/steal"), [this](const QHttpServerRequest &request) {
            ++m_elsewhereHits;
            for (const auto &header : request.headers()) {
                if (header.first.compare("authorization", Qt::CaseInsensitive) == 0)
                    m_elsewhereAuthorization = header.second;
            }
            return QHttpServerResponse(QJsonObject{{QStringLiteral("stolen"), true}});
        });
        m_originPort = m_origin.listen(QHostAddress(QHostAddress::LocalHost));
        m_elsewherePort = m_elsewhere.listen(QHostAddress(QHostAddress::LocalHost));
        QVERIFY(m_originPort && m_elsewherePort);
    }

    void sameOriginRedirectIsFollowed()
    {
        Sync::HttpClient client;
        const auto response = client.send(get(QStringLiteral("/same-origin-redirect")));
        QVERIFY2(response.ok(), qPrintable(response.errorText));
        QVERIFY(response.body.contains("\"ok\""));
    }

    void redirectToAnotherServerIsRefusedAndTheTokenStays()
    {
        Sync::HttpClient client;
        const auto response = client.send(get(QStringLiteral("/elsewhere-redirect")));
        QVERIFY(!response.ok());
        QVERIFY(response.refusedRedirect);
        QVERIFY(response.neverSent());
        QCOMPARE(m_elsewhereHits, 0);
        QVERIFY(m_elsewhereAuthorization.isEmpty());
        const Core::Error error = Sync::describeHttpFailure(response, QStringLiteral("social.example"));
        QVERIFY2(error.message.contains(QStringLiteral("redirected")), qPrintable(error.message));
    }

    void retryAfterIsHonouredForReads()
    {
        Sync::HttpClient client;
        client.setRandom([] { return 0.0; });
        QElapsedTimer clock;
        clock.start();
        const auto response = client.send(get(QStringLiteral("/busy")));
        QVERIFY2(response.ok(), qPrintable(QString::number(response.status)));
        QCOMPARE(m_limited, 3);
        QVERIFY2(clock.elapsed() >= 1900, qPrintable(QString::number(clock.elapsed()))); // 2 × Retry-After: 1
    }

    void writesAreNeverRetriedByTheClient()
    {
        m_limited = 0;
        Sync::HttpClient client;
        Sync::HttpRequest post = get(QStringLiteral("/busy"));
        post.method = "POST";
        post.retryable = false;
        const auto response = client.send(post);
        QCOMPARE(response.status, 429);
        QCOMPARE(m_limited, 1);
        QCOMPARE(response.retryAfterMs.value_or(-1), qint64(1000));
    }

    void aSpentBudgetIsKeptWithoutAsking()
    {
        Sync::HttpClient client;
        QVERIFY(client.send(get(QStringLiteral("/spent"))).ok());
        QCOMPARE(client.rateLimit(QStringLiteral("127.0.0.1"), "Bearer secret-token")->remaining, 0);
        // Another account's token on the same server has its own budget.
        Sync::HttpRequest other = get(QStringLiteral("/ok"));
        other.headers = {qMakePair(QByteArray("Authorization"), QByteArray("Bearer another-token"))};
        QVERIFY(client.send(other).ok());
        const auto next = client.send(get(QStringLiteral("/ok")));
        QVERIFY(next.rateLimitedLocally);
        QCOMPARE(next.status, 429);
        QVERIFY(next.retryAfterMs.value_or(0) > 200 * 1000);
        const Core::Error error = Sync::describeHttpFailure(next, QStringLiteral("social.example"));
        QCOMPARE(error.code, Core::Error::Code::RateLimited);
        QVERIFY2(error.message.contains(QStringLiteral("4 min")), qPrintable(error.message));
    }

    void untrustedCertificateFailsClosed()
    {
        QFile certFile(QFINDTESTDATA("data/selfsigned.crt"));
        QFile keyFile(QFINDTESTDATA("data/selfsigned.key"));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        QHttpServer tls;
        int hits = 0;
        tls.route(QStringLiteral("/ok"), [&hits] {
            ++hits;
            return QHttpServerResponse(QJsonObject{{QStringLiteral("ok"), true}});
        });
        tls.sslSetup(QSslCertificate(certFile.readAll()), QSslKey(keyFile.readAll(), QSsl::Rsa));
        const quint16 port = tls.listen(QHostAddress(QHostAddress::LocalHost));
        QVERIFY(port);
        Sync::HttpClient client;
        Sync::HttpRequest request;
        request.url = QUrl(QStringLiteral("https://127.0.0.1:%1/ok").arg(port));
        request.headers << qMakePair(QByteArray("Authorization"), QByteArray("Bearer secret-token"));
        const auto response = client.send(request);
        QVERIFY(!response.ok());
        QCOMPARE(response.networkError, QNetworkReply::SslHandshakeFailedError);
        QVERIFY(response.neverSent());
        QCOMPARE(hits, 0);
        const Core::Error error = Sync::describeHttpFailure(response, QStringLiteral("127.0.0.1"));
        QVERIFY2(error.message.contains(QStringLiteral("could not be verified")), qPrintable(error.message));
    }

    void silenceTimesOut()
    {
        QTcpServer silent; // accepts and never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        Sync::HttpClient client;
        client.setTimeoutMs(300);
        client.setRetries(0);
        Sync::HttpRequest request;
        request.url = QUrl(QStringLiteral("http://127.0.0.1:%1/anything").arg(silent.serverPort()));
        QElapsedTimer clock;
        clock.start();
        const auto response = client.send(request);
        QVERIFY(response.timedOut);
        QVERIFY(clock.elapsed() < 5000);
        const Core::Error error = Sync::describeHttpFailure(response, QStringLiteral("social.example"));
        QVERIFY(error.message.contains(QStringLiteral("did not answer in time")));
    }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
