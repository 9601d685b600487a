#include "sync/XSignIn.h"

#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"
#include "sync/XJson.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QEventLoop>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QTimer>
#include <QUrlQuery>
#include <QtNetworkAuth/QOAuthHttpServerReplyHandler>
#include <optional>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::XSignIn)
};

using Code = Core::Error::Code;

QByteArray randomText(int length)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    QByteArray text;
    text.reserve(length);
    for (int i = 0; i < length; ++i)
        text.append(alphabet[QRandomGenerator::system()->bounded(int(sizeof(alphabet) - 1))]);
    return text;
}

QString decoded(const QVariantMap &values, const QString &key)
{
    QByteArray raw = values.value(key).toString().toUtf8();
    raw.replace('+', ' ');
    return QUrl::fromPercentEncoding(raw);
}

QUrl endpoint(const QUrl &base, const QString &path)
{
    QUrl url = base;
    url.setPath(path);
    return url;
}

} // namespace

QString XSignIn::scopes()
{
    return QStringLiteral("tweet.read users.read tweet.write tweet.moderate.write dm.read dm.write offline.access");
}

QString XSignIn::redirectUri(quint16 port)
{
    return QStringLiteral("http://127.0.0.1:%1/callback").arg(port);
}

QString XSignIn::challengeOf(const QByteArray &verifier)
{
    return QString::fromLatin1(QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Core::Result<XCredentials> XSignIn::signIn(HttpClient &http, const XSignInOptions &options,
                                           const std::function<void(const QUrl &)> &openBrowser)
{
    if (options.clientId.trimmed().isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("Give the X app's OAuth 2.0 client id."),
                                 Strings::tr("It is on the app's \"Keys and tokens\" page in the X developer console."));
    // QHostAddress spelled out: (LocalHost, port) would pick the (port, parent) overload.
    QOAuthHttpServerReplyHandler handler(QHostAddress(QHostAddress::LocalHost), options.port);
    if (!handler.isListening())
        return Core::Error::make(Code::Conflict,
                                 Strings::tr("Care Console cannot receive the answer from the browser: port %1 on this "
                                    "computer is already in use.").arg(options.port),
                                 Strings::tr("Close the program that uses it (perhaps another sign-in) and try again."));
    handler.setCallbackPath(QStringLiteral("/callback"));
    handler.setCallbackText(Strings::tr("Care Console received X's answer. You can close this page."));
    const QString redirect = redirectUri(options.port);

    const QByteArray verifier = randomText(64);
    const QString state = QString::fromLatin1(randomText(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    QUrl authorize = endpoint(options.authBase, QStringLiteral("/i/oauth2/authorize"));
    QUrlQuery query;
    const QList<QPair<QString, QString>> items{{QStringLiteral("response_type"), QStringLiteral("code")},
                                               {QStringLiteral("client_id"), options.clientId.trimmed()},
                                               {QStringLiteral("redirect_uri"), redirect},
                                               {QStringLiteral("scope"), scopes()},
                                               {QStringLiteral("state"), state},
                                               {QStringLiteral("code_challenge"), challengeOf(verifier)},
                                               {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}};
    for (const auto &item : items)
        query.addQueryItem(item.first, QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
    authorize.setQuery(query);

    std::optional<QVariantMap> answer;
    QEventLoop loop;
    QObject::connect(&handler, &QAbstractOAuthReplyHandler::callbackReceived, &loop, [&](const QVariantMap &values) {
        if (values.contains(QStringLiteral("code")) || values.contains(QStringLiteral("error"))) {
            answer = values;
            loop.quit();
        }
    });
    QTimer::singleShot(options.timeoutMs, &loop, &QEventLoop::quit);
    openBrowser(authorize);
    if (!answer)
        loop.exec();
    handler.close();
    if (!answer)
        return Core::Error::make(Code::NetworkError,
                                 Strings::tr("Signing in to X was not finished within %1, so it was stopped.").arg(describeWait(options.timeoutMs)),
                                 Strings::tr("Start again, and allow Care Console on the page that opens in the browser."));
    if (const QString error = decoded(*answer, QStringLiteral("error")); !error.isEmpty())
        return Core::Error::make(Code::Rejected,
                                 error == QLatin1String("access_denied") ? Strings::tr("You did not allow Care Console on X.")
                                                                         : Strings::tr("X refused the sign-in: %1").arg(error),
                                 Strings::tr("Start again and choose Authorize app on X's page."), error);
    if (decoded(*answer, QStringLiteral("state")) != state)
        return Core::Error::make(Code::Rejected,
                                 Strings::tr("The answer that came back from the browser does not belong to this sign-in, so "
                                    "Care Console refused it."),
                                 Strings::tr("Start signing in again."), QStringLiteral("OAuth state mismatch"));

    // The exchange: code, redirect URI, the PKCE verifier and the client id — no secret.
    HttpRequest exchange;
    exchange.method = "POST";
    exchange.url = endpoint(options.apiBase, QStringLiteral("/2/oauth2/token"));
    exchange.retryable = false;
    exchange.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QUrlQuery form;
    const QList<QPair<QString, QString>> fields{{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                                {QStringLiteral("code"), decoded(*answer, QStringLiteral("code"))},
                                                {QStringLiteral("redirect_uri"), redirect},
                                                {QStringLiteral("code_verifier"), QString::fromLatin1(verifier)},
                                                {QStringLiteral("client_id"), options.clientId.trimmed()}};
    for (const auto &field : fields)
        form.addQueryItem(field.first, QString::fromLatin1(QUrl::toPercentEncoding(field.second)));
    exchange.body = form.query(QUrl::FullyEncoded).toUtf8();
    const HttpResponse exchanged = http.send(exchange);
    if (!exchanged.ok()) {
        const X::ApiError error = X::parseError(exchanged.body);
        if (exchanged.status == 400 || exchanged.status == 401)
            return Core::Error::make(Code::Rejected, Strings::tr("X refused the sign-in: %1").arg(error.text().isEmpty() ? error.oauthError : error.text()),
                                     Strings::tr("Check that the client id is the app's OAuth 2.0 client id, that the app is a "
                                        "native app (public client), and that %1 is one of its callback URLs.").arg(redirect),
                                     QStringLiteral("token: HTTP %1 %2").arg(exchanged.status).arg(error.oauthError));
        return describeHttpFailure(exchanged, QStringLiteral("X"), error.text());
    }
    auto token = X::parseToken(exchanged.body);
    if (!token)
        return Core::Error::make(Code::BadResponse, Strings::tr("X answered the sign-in in a way Care Console cannot read."),
                                 Strings::tr("Start signing in again."), token.error().detail);
    XCredentials credentials;
    credentials.clientId = options.clientId.trimmed();
    credentials.tokenUrl = exchange.url;
    credentials.take(token.value(), QDateTime::currentDateTimeUtc());

    // Which account allowed it.
    XSession session(http, options.apiBase);
    session.setCredentials(credentials);
    const HttpResponse me = session.get(QStringLiteral("/2/users/me"), {}, QStringLiteral("GET /2/users/me"));
    if (!me.ok())
        return session.describe(me);
    auto user = X::parseUser(me.body);
    if (!user)
        return Core::Error::make(Code::BadResponse, Strings::tr("X sent an answer that could not be read."),
                                 Strings::tr("Start signing in again."), user.error().detail);
    credentials = session.credentials();
    credentials.userId = user->id;
    credentials.username = user->username;
    return credentials;
}

} // namespace Care::Sync
