// MastodonOAuth against the scripted local instance (tests/support/fake_mastodon): app
// registration and its reuse, the authorization code flow with PKCE S256 through the loopback
// listener, and the ways it fails (denied, state mismatch, tampered challenge, busy port,
// unreachable instance, timeout). The "browser" is this test: the openBrowser callback GETs the
// authorization URL with its own QNetworkAccessManager, which follows the fake's 302 to the
// loopback listener (or, for the tampering cases, changes the URL on the way).
#include "FakeMastodon.h"
#include "sync/MastodonOAuth.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QUrlQuery>
#include <QtTest>

using namespace Care;
using Sync::MastodonAppRegistration;
using Sync::MastodonOAuth;
using Sync::MastodonSignInOptions;
using Tests::FakeMastodon;

namespace {

QStringList *s_logged = nullptr;
QtMessageHandler s_previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (s_logged)
        s_logged->append(
            QString(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message));
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

QString s256(const QString &verifier)
{
    return QString::fromLatin1(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// One value of a form-urlencoded body ('+' is a space).
QString formValue(const QByteArray &body, const QString &name)
{
    const QList<QByteArray> pairs = body.split('&');
    for (QByteArray pair : pairs) {
        pair.replace('+', ' ');
        const int equals = pair.indexOf('=');
        if (equals >= 0 && QUrl::fromPercentEncoding(pair.left(equals)) == name)
            return QUrl::fromPercentEncoding(pair.mid(equals + 1));
    }
    return {};
}

QString queryValue(const QUrl &url, const QString &name)
{
    return QUrlQuery(url).queryItemValue(name, QUrl::FullyDecoded);
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

QString errorText(const Core::Result<QString> &result)
{
    return result.ok()
        ? QStringLiteral("(no error)")
        : QString(result.error().fullText() + QLatin1String(" [") + result.error().detail + QLatin1Char(']'));
}

} // namespace

class TestMastodonOAuth : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeMastodon> m_server;
    std::unique_ptr<QNetworkAccessManager> m_browser;
    quint16 m_port = 0;
    QList<QUrl> m_opened; // authorization URLs handed to the "browser"
    QList<QUrl> m_browserDone; // URLs the browser finished loading (the last hop)
    QStringList m_browserPages; // what it showed there
    QStringList m_logged;

    QString instance() const { return m_server->baseUrl().toString(); }
    QString redirect() const { return QStringLiteral("http://127.0.0.1:%1/").arg(m_port); }

    MastodonSignInOptions options() const
    {
        MastodonSignInOptions options;
        options.port = m_port;
        options.timeoutMs = 10000;
        options.requestTimeoutMs = 5000;
        return options;
    }

    // GETs `url` as a browser would. `then` sees the answer; without it, a redirect (the
    // instance's 302 to the loopback listener) is followed. Redirects are followed here rather
    // than by QNetworkAccessManager: Qt 6.4's own following now and then sends the original GET
    // a second time on the same connection after reading the 302, which would make the fake
    // count two authorization requests.
    void load(const QUrl &url, std::function<void(QNetworkReply *)> then = {})
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        QNetworkReply *reply = m_browser->get(request);
        connect(reply, &QNetworkReply::finished, this, [this, reply, then] {
            reply->deleteLater();
            if (then) {
                then(reply);
                return;
            }
            const QUrl location = reply->header(QNetworkRequest::LocationHeader).toUrl();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 300 && status < 400 && location.isValid())
                load(reply->url().resolved(location));
            else {
                m_browserDone.append(reply->url());
                m_browserPages.append(reply->error() == QNetworkReply::NoError
                        ? QString::fromUtf8(reply->readAll())
                        : QString(QLatin1String("error: ") + reply->errorString()));
            }
        });
    }

    std::function<void(const QUrl &)> browser()
    {
        return [this](const QUrl &url) {
            m_opened.append(url);
            load(url);
        };
    }

    QList<Tests::LoggedRequest> requestsTo(const QByteArray &method, const QString &path) const
    {
        QList<Tests::LoggedRequest> found;
        const QList<Tests::LoggedRequest> all = m_server->requests();
        for (const Tests::LoggedRequest &request : all) {
            if (request.method == method && request.path == path)
                found.append(request);
        }
        return found;
    }

    // A POST to the fake, waited for; returns the status and the JSON body.
    std::pair<int, QJsonObject> post(const QString &path, const QByteArray &body)
    {
        QNetworkRequest request(QUrl(m_server->baseUrl().toString() + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply = m_browser->post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(5000))
            return { 0, {} };
        reply->deleteLater();
        return { reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object() };
    }

    bool portIsFree() const
    {
        QTcpServer probe;
        return probe.listen(QHostAddress::LocalHost, m_port);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Qt's own OAuth logging at every level too: nothing secret may show up anywhere.
        QLoggingCategory::setFilterRules(QStringLiteral("qt.networkauth*=true"));
        s_logged = &m_logged;
        s_previousHandler = qInstallMessageHandler(recordMessage);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(s_previousHandler);
        s_logged = nullptr;
    }

    void init()
    {
        m_server = std::make_unique<FakeMastodon>();
        QVERIFY(m_server->listen());
        m_browser = std::make_unique<QNetworkAccessManager>();
        m_port = freePort();
        QVERIFY(m_port != 0);
        m_opened.clear();
        m_browserDone.clear();
        m_browserPages.clear();
        m_logged.clear();
    }

    void cleanup()
    {
        m_browser.reset();
        m_server.reset();
    }

    void signInRegistersTheAppAndReturnsTheToken()
    {
        MastodonAppRegistration registration;
        const Core::Result<QString> result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY2(result.ok(), qPrintable(errorText(result)));
        QCOMPARE(result.value(), m_server->token());

        // Registered once, as Care Console, for the loopback redirect and the documented scopes.
        const QList<QJsonObject> apps = m_server->registeredApps();
        QCOMPARE(apps.size(), 1);
        const QJsonObject app = apps.first();
        QCOMPARE(app.value(QStringLiteral("name")).toString(), QStringLiteral("Care Console"));
        QCOMPARE(app.value(QStringLiteral("redirect_uris")).toArray(), QJsonArray { redirect() });
        QStringList scopes;
        for (const QJsonValue &scope : app.value(QStringLiteral("scopes")).toArray())
            scopes.append(scope.toString());
        QCOMPARE(scopes.join(QLatin1Char(' ')),
            QStringLiteral(
                "read:notifications read:statuses read:search read:accounts write:statuses write:conversations"));

        // The registration came back to the caller.
        QVERIFY(registration.isValid());
        QCOMPARE(registration.instance, instance());
        QCOMPARE(registration.clientId, app.value(QStringLiteral("client_id")).toString());
        QCOMPARE(registration.clientSecret, app.value(QStringLiteral("client_secret")).toString());
        QCOMPARE(registration.redirectUri, redirect());

        // The discovered endpoints were used.
        QCOMPARE(requestsTo("GET", QStringLiteral("/.well-known/oauth-authorization-server")).size(), 1);

        // The authorization URL: the instance's endpoint, the client, the redirect, S256 PKCE and a state.
        QCOMPARE(m_opened.size(), 1);
        const QUrl authorization = m_opened.first();
        QCOMPARE(authorization.host(), m_server->baseUrl().host());
        QCOMPARE(authorization.port(), m_server->baseUrl().port());
        QCOMPARE(authorization.path(), QStringLiteral("/oauth/authorize"));
        QCOMPARE(queryValue(authorization, QStringLiteral("response_type")), QStringLiteral("code"));
        QCOMPARE(queryValue(authorization, QStringLiteral("client_id")), registration.clientId);
        QCOMPARE(queryValue(authorization, QStringLiteral("redirect_uri")), redirect());
        QCOMPARE(queryValue(authorization, QStringLiteral("scope")), MastodonOAuth::scopes());
        QCOMPARE(queryValue(authorization, QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
        const QString challenge = queryValue(authorization, QStringLiteral("code_challenge"));
        QCOMPARE(challenge.size(), 43); // base64url of 32 bytes, no padding
        QVERIFY(!challenge.contains(QLatin1Char('=')));
        QVERIFY(queryValue(authorization, QStringLiteral("state")).size() >= 32);
        QVERIFY(!authorization.toString().contains(registration.clientSecret));

        // The browser ended on the loopback listener.
        QTRY_COMPARE(m_browserDone.size(), 1);
        QCOMPARE(m_browserDone.first().port(), int(m_port));
        QVERIFY2(m_browserPages.first().contains(QLatin1String("You can close this page")),
            qPrintable(m_browserPages.first()));

        // The token request: code, client secret in the body, and the verifier matching the challenge.
        const QList<Tests::LoggedRequest> tokenRequests = requestsTo("POST", QStringLiteral("/oauth/token"));
        QCOMPARE(tokenRequests.size(), 1);
        QCOMPARE(m_server->tokenRequests(), 1);
        QCOMPARE(m_server->tokensIssued(), 1);
        const QByteArray body = tokenRequests.first().body;
        QCOMPARE(formValue(body, QStringLiteral("grant_type")), QStringLiteral("authorization_code"));
        QCOMPARE(formValue(body, QStringLiteral("client_id")), registration.clientId);
        QCOMPARE(formValue(body, QStringLiteral("client_secret")), registration.clientSecret);
        QCOMPARE(formValue(body, QStringLiteral("redirect_uri")), redirect());
        const QString code = formValue(body, QStringLiteral("code"));
        QVERIFY(!code.isEmpty());
        const QString verifier = formValue(body, QStringLiteral("code_verifier"));
        QVERIFY2(verifier.size() >= 43 && verifier.size() <= 128, qPrintable(QString::number(verifier.size())));
        QCOMPARE(s256(verifier), challenge);
        QVERIFY(!authorization.toString().contains(verifier));

        // Nothing secret in any log line (Qt's OAuth debug output included).
        for (const QString &line : std::as_const(m_logged)) {
            QVERIFY2(!line.contains(m_server->token()), qPrintable(line));
            QVERIFY2(!line.contains(registration.clientSecret), qPrintable(line));
            QVERIFY2(!line.contains(code), qPrintable(line));
            QVERIFY2(!line.contains(verifier), qPrintable(line));
        }

        QVERIFY(portIsFree());
    }

    void registrationIsReusedWhenPassedBack()
    {
        MastodonAppRegistration registration;
        Core::Result<QString> result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY2(result.ok(), qPrintable(errorText(result)));
        QCOMPARE(m_server->registeredApps().size(), 1);
        const MastodonAppRegistration first = registration;

        // Passed back (as the caller stored it): no second registration, same client, new token.
        const MastodonAppRegistration stored = MastodonAppRegistration::fromJson(first.toJson());
        registration = stored;
        result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY2(result.ok(), qPrintable(errorText(result)));
        QCOMPARE(result.value(), m_server->token());
        QCOMPARE(m_server->registeredApps().size(), 1);
        QCOMPARE(requestsTo("POST", QStringLiteral("/api/v1/apps")).size(), 1);
        QCOMPARE(registration.clientId, first.clientId);
        QCOMPARE(m_opened.size(), 2);
        QCOMPARE(queryValue(m_opened.last(), QStringLiteral("client_id")), first.clientId);
        QCOMPARE(m_server->tokensIssued(), 2);

        // A registration for another redirect (another port) does not fit: registered anew.
        registration = first;
        registration.redirectUri = QStringLiteral("http://127.0.0.1:%1/").arg(m_port == 65535 ? 65534 : m_port + 1);
        result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY2(result.ok(), qPrintable(errorText(result)));
        QCOMPARE(m_server->registeredApps().size(), 2);
        QVERIFY(registration.clientId != first.clientId);
        QCOMPARE(registration.redirectUri, redirect());

        // Nor does one for another instance.
        registration = first;
        registration.instance = QStringLiteral("https://social.example");
        result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY2(result.ok(), qPrintable(errorText(result)));
        QCOMPARE(m_server->registeredApps().size(), 3);
        QCOMPARE(registration.instance, instance());
    }

    // The fake is the oracle of the tests above: its token endpoint must be as strict as Doorkeeper's.
    void fakeTokenEndpointIsStrict()
    {
        MastodonAppRegistration registration;
        const Core::Result<QString> result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY2(result.ok(), qPrintable(errorText(result)));
        const QList<Tests::LoggedRequest> tokenRequests = requestsTo("POST", QStringLiteral("/oauth/token"));
        QCOMPARE(tokenRequests.size(), 1);
        const QByteArray accepted = tokenRequests.first().body;

        // The same code again: single use.
        auto [status, json] = post(QStringLiteral("/oauth/token"), accepted);
        QCOMPARE(status, 400);
        QCOMPARE(json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
        QCOMPARE(m_server->oauthRefusals().last(), QStringLiteral("token: code already used"));

        // A wrong client secret.
        QByteArray wrongSecret = accepted;
        wrongSecret.replace(QUrl::toPercentEncoding(registration.clientSecret), "not-the-secret");
        QVERIFY(wrongSecret != accepted);
        std::tie(status, json) = post(QStringLiteral("/oauth/token"), wrongSecret);
        QCOMPARE(status, 401);
        QCOMPARE(json.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_client"));

        // An app registration without redirect URI is refused.
        std::tie(status, json) = post(QStringLiteral("/api/v1/apps"), "client_name=Other&scopes=read");
        QCOMPARE(status, 422);
        QCOMPARE(m_server->registeredApps().size(), 1);
        QCOMPARE(m_server->tokensIssued(), 1);
    }

    void registrationJson()
    {
        MastodonAppRegistration registration;
        registration.instance = QStringLiteral("https://social.example");
        registration.clientId = QStringLiteral("id-1");
        registration.clientSecret = QStringLiteral("secret-1");
        registration.redirectUri = QStringLiteral("http://127.0.0.1:53682/");
        const MastodonAppRegistration copy = MastodonAppRegistration::fromJson(registration.toJson());
        QCOMPARE(copy.instance, registration.instance);
        QCOMPARE(copy.clientId, registration.clientId);
        QCOMPARE(copy.clientSecret, registration.clientSecret);
        QCOMPARE(copy.redirectUri, registration.redirectUri);
        QVERIFY(copy.isValid());

        QJsonObject incomplete = registration.toJson();
        incomplete.remove(QStringLiteral("client_secret"));
        QVERIFY(!MastodonAppRegistration::fromJson(incomplete).isValid());

        QVERIFY(registration.matches(QStringLiteral("social.example"), QStringLiteral("http://127.0.0.1:53682/")));
        QVERIFY(
            registration.matches(QStringLiteral("https://SOCIAL.example/"), QStringLiteral("http://127.0.0.1:53682/")));
        QVERIFY(!registration.matches(QStringLiteral("other.example"), QStringLiteral("http://127.0.0.1:53682/")));
        QVERIFY(!registration.matches(QStringLiteral("social.example"), QStringLiteral("http://127.0.0.1:53683/")));
        QVERIFY(!registration.matches(
            QStringLiteral("https://social.example:8443"), QStringLiteral("http://127.0.0.1:53682/")));
    }

    void asyncApiReportsStagesAndToken()
    {
        MastodonOAuth oauth;
        oauth.setOptions(options());
        oauth.setOpenBrowser(browser());
        QList<MastodonOAuth::Stage> stages;
        connect(&oauth, &MastodonOAuth::stageChanged, this,
            [&stages](MastodonOAuth::Stage stage) { stages.append(stage); });
        QSignalSpy registered(&oauth, &MastodonOAuth::registered);
        QSignalSpy granted(&oauth, &MastodonOAuth::granted);
        int failures = 0;
        connect(&oauth, &MastodonOAuth::failed, this, [&failures](const Core::Error &) { ++failures; });

        oauth.start(instance());
        QVERIFY(oauth.isRunning());
        QCOMPARE(oauth.redirectUri(), redirect());
        QTRY_COMPARE(granted.count(), 1);
        QCOMPARE(granted.first().first().toString(), m_server->token());
        QCOMPARE(registered.count(), 1);
        QCOMPARE(registered.first().first().value<MastodonAppRegistration>().clientId,
            m_server->registeredApps().first().value(QStringLiteral("client_id")).toString());
        QCOMPARE(oauth.registration().clientId, registered.first().first().value<MastodonAppRegistration>().clientId);
        QCOMPARE(failures, 0);
        QVERIFY(!oauth.isRunning());
        const QList<MastodonOAuth::Stage> expected { MastodonOAuth::Stage::Discovering,
            MastodonOAuth::Stage::Registering, MastodonOAuth::Stage::WaitingForBrowser,
            MastodonOAuth::Stage::ExchangingCode, MastodonOAuth::Stage::Idle };
        QCOMPARE(stages, expected);
        QVERIFY(portIsFree());

        // Exactly one outcome per start(): nothing more arrives later.
        QTest::qWait(300);
        QCOMPARE(granted.count(), 1);
        QCOMPARE(failures, 0);
    }

    void olderServerWithoutDiscovery()
    {
        m_server->setOAuthDiscoveryAvailable(false);
        MastodonAppRegistration registration;
        const Core::Result<QString> result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY2(result.ok(), qPrintable(errorText(result)));
        QCOMPARE(result.value(), m_server->token());
        QCOMPARE(requestsTo("GET", QStringLiteral("/.well-known/oauth-authorization-server")).size(), 1);
        QCOMPARE(m_opened.size(), 1);
        QCOMPARE(m_opened.first().path(), QStringLiteral("/oauth/authorize"));
        QCOMPARE(requestsTo("POST", QStringLiteral("/oauth/token")).size(), 1);
    }

    void deniedIsAClearError()
    {
        m_server->setDenyAuthorization(true);
        MastodonAppRegistration registration;
        const Core::Result<QString> result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Core::Error::Code::Rejected);
        QCOMPARE(result.error().message, QStringLiteral("You did not allow Care Console on 127.0.0.1."));
        QVERIFY(!result.error().hint.isEmpty());
        QCOMPARE(m_server->authorizationRequests(), 1);
        QCOMPARE(m_server->tokenRequests(), 0);
        // The registration is handed back even though the sign-in failed: no second one next time.
        QVERIFY(registration.isValid());
        QCOMPARE(
            registration.clientId, m_server->registeredApps().first().value(QStringLiteral("client_id")).toString());
        // The browser got the listener's whole page before it went away.
        QTRY_COMPARE(m_browserDone.size(), 1);
        QCOMPARE(m_browserDone.first().port(), int(m_port));
        QVERIFY2(m_browserPages.first().contains(QLatin1String("You can close this page")),
            qPrintable(m_browserPages.first()));
        QVERIFY(portIsFree());
    }

    void stateMismatchIsRefused()
    {
        // A browser that lands on the listener with another state (a forged or stale redirect).
        const auto forging = [this](const QUrl &url) {
            m_opened.append(url);
            load(url, [this](QNetworkReply *reply) {
                QUrl target = reply->header(QNetworkRequest::LocationHeader).toUrl();
                QUrlQuery query(target);
                QVERIFY(query.hasQueryItem(QStringLiteral("code")));
                query.removeAllQueryItems(QStringLiteral("state"));
                query.addQueryItem(QStringLiteral("state"), QStringLiteral("forged0state0of0thirty0two0chars"));
                target.setQuery(query);
                load(target);
            });
        };
        MastodonAppRegistration registration;
        QElapsedTimer elapsed;
        elapsed.start();
        const Core::Result<QString> result = MastodonOAuth::signIn(instance(), registration, forging, options());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Core::Error::Code::Rejected);
        QVERIFY2(result.error().message.contains(QLatin1String("does not belong to this sign-in")),
            qPrintable(errorText(result)));
        QVERIFY2(elapsed.elapsed() < 5000, "refused at once, not by the timeout");
        QCOMPARE(m_server->authorizationRequests(), 1);
        QCOMPARE(m_server->tokenRequests(), 0);
        QVERIFY(portIsFree());
    }

    void tamperedVerifierIsRefusedWithTheServersText()
    {
        // The challenge the instance remembers is not the one made from Care Console's verifier,
        // so the verifier Care Console sends does not fit it.
        const auto tampering = [this](const QUrl &url) {
            m_opened.append(url);
            QUrl changed = url;
            QUrlQuery query(changed);
            QVERIFY(query.hasQueryItem(QStringLiteral("code_challenge")));
            query.removeAllQueryItems(QStringLiteral("code_challenge"));
            query.addQueryItem(QStringLiteral("code_challenge"), s256(QString(64, QLatin1Char('x'))));
            changed.setQuery(query);
            load(changed);
        };
        MastodonAppRegistration registration;
        const Core::Result<QString> result = MastodonOAuth::signIn(instance(), registration, tampering, options());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Core::Error::Code::Rejected);
        QVERIFY2(result.error().message.startsWith(QLatin1String("127.0.0.1 refused the sign-in: ")),
            qPrintable(errorText(result)));
        QVERIFY2(result.error().message.contains(QLatin1String("The provided authorization grant is invalid")),
            qPrintable(errorText(result)));
        QCOMPARE(m_server->tokenRequests(), 1);
        QCOMPARE(m_server->tokensIssued(), 0);
        QCOMPARE(m_server->oauthRefusals(),
            QStringList { QStringLiteral("token: code_verifier does not match the code_challenge") });
        QVERIFY(portIsFree());
    }

    void busyPortIsAClearError()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, m_port));
        MastodonAppRegistration registration;
        const Core::Result<QString> result = MastodonOAuth::signIn(instance(), registration, browser(), options());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Core::Error::Code::Conflict);
        QVERIFY2(result.error().message.contains(QStringLiteral("port %1").arg(m_port)), qPrintable(errorText(result)));
        QVERIFY2(result.error().message.contains(QLatin1String("already in use")), qPrintable(errorText(result)));
        QVERIFY(m_opened.isEmpty());
        QVERIFY(m_server->requests().isEmpty()); // nothing registered for a sign-in that cannot finish
        QVERIFY(!registration.isValid());
    }

    void unreachableInstance()
    {
        const quint16 closed = freePort();
        MastodonAppRegistration registration;
        const Core::Result<QString> result = MastodonOAuth::signIn(
            QStringLiteral("http://127.0.0.1:%1").arg(closed), registration, browser(), options());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Core::Error::Code::NetworkError);
        QCOMPARE(
            result.error().message, QStringLiteral("Care Console could not reach 127.0.0.1 (connection refused)."));
        QVERIFY(m_opened.isEmpty());
        QVERIFY(portIsFree());
    }

    void plainHttpIsRefusedForRemoteInstances()
    {
        MastodonAppRegistration registration;
        const Core::Result<QString> result
            = MastodonOAuth::signIn(QStringLiteral("http://social.example"), registration, browser(), options());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Core::Error::Code::InvalidInput);
        QVERIFY2(result.error().message.contains(QLatin1String("not encrypted")), qPrintable(errorText(result)));
        QVERIFY(m_opened.isEmpty());
    }

    void timesOutWhenTheBrowserNeverComesBack()
    {
        MastodonSignInOptions slow = options();
        slow.timeoutMs = 400;
        MastodonAppRegistration registration;
        const Core::Result<QString> result = MastodonOAuth::signIn(
            instance(), registration, [this](const QUrl &url) { m_opened.append(url); }, slow);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Core::Error::Code::NetworkError);
        QVERIFY2(
            result.error().message.contains(QLatin1String("was not finished within")), qPrintable(errorText(result)));
        QCOMPARE(m_opened.size(), 1);
        QCOMPARE(m_server->tokenRequests(), 0);
        QVERIFY(portIsFree());
    }
};

QTEST_GUILESS_MAIN(TestMastodonOAuth)
#include "tst_mastodonoauth.moc"
