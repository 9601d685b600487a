#include "sync/XSession.h"

#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"
#include "sync/SecretStore.h"
#include "sync/XJson.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcXSession, "care.sync.x.session")

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::XSession)
};

using Code = Core::Error::Code;

} // namespace

QString XCredentials::toSecret() const
{
    const QJsonObject o{{QStringLiteral("client_id"), clientId},
                        {QStringLiteral("access_token"), accessToken},
                        {QStringLiteral("refresh_token"), refreshToken},
                        {QStringLiteral("expires_at"), expiresAt.toUTC().toString(Qt::ISODate)},
                        {QStringLiteral("user_id"), userId},
                        {QStringLiteral("username"), username},
                        {QStringLiteral("token_url"), tokenUrl.toString()}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Core::Result<XCredentials> XCredentials::fromSecret(const QString &secret)
{
    const QJsonObject o = QJsonDocument::fromJson(secret.toUtf8()).object();
    XCredentials c;
    c.clientId = o.value(QStringLiteral("client_id")).toString();
    c.accessToken = o.value(QStringLiteral("access_token")).toString();
    c.refreshToken = o.value(QStringLiteral("refresh_token")).toString();
    c.expiresAt = QDateTime::fromString(o.value(QStringLiteral("expires_at")).toString(), Qt::ISODate);
    c.userId = o.value(QStringLiteral("user_id")).toString();
    c.username = o.value(QStringLiteral("username")).toString();
    c.tokenUrl = QUrl(o.value(QStringLiteral("token_url")).toString());
    if (c.clientId.isEmpty() || (c.accessToken.isEmpty() && c.refreshToken.isEmpty()))
        return Core::Error::make(Code::TokenRevoked, Strings::tr("The stored sign-in of this X account is incomplete."),
                                 Strings::tr("Connect the account again with `careconsole account add x`."));
    return c;
}

void XCredentials::take(const X::Token &token, const QDateTime &now)
{
    accessToken = token.accessToken;
    if (!token.refreshToken.isEmpty())
        refreshToken = token.refreshToken;
    // X says two hours; an answer without expires_in is taken to mean the same.
    expiresAt = now.addSecs(token.expiresIn > 0 ? token.expiresIn : 7200);
}

XSession::XSession(HttpClient &http, QUrl apiBase, SecretStore *secrets, QString secretKey)
    : m_http(http)
    , m_apiBase(std::move(apiBase))
    , m_secrets(secrets)
    , m_secretKey(std::move(secretKey))
{
}

Core::Status XSession::restore(const QString &secret)
{
    auto credentials = XCredentials::fromSecret(secret);
    if (!credentials)
        return credentials.error();
    m_credentials = credentials.value();
    return {};
}

QUrl XSession::url(const QString &path) const
{
    QUrl url = m_apiBase;
    url.setPath(path);
    return url;
}

Core::Status XSession::refresh()
{
    // Another process may have refreshed since this one read the secret: its pair is the valid one.
    if (m_secrets && !m_secretKey.isEmpty()) {
        if (auto stored = m_secrets->read(m_secretKey)) {
            if (auto c = XCredentials::fromSecret(stored.value()); c && c->refreshToken != m_credentials.refreshToken
                                                                  && !c->refreshToken.isEmpty()
                                                                  && c->expiresAt > QDateTime::currentDateTimeUtc().addSecs(m_refreshMarginSecs)) {
                m_credentials = c.value();
                return {};
            }
        }
    }
    if (m_credentials.refreshToken.isEmpty())
        return Core::Error::make(Code::TokenRevoked,
                                 Strings::tr("The X sign-in of @%1 has run out and cannot be renewed.").arg(m_credentials.username),
                                 Strings::tr("Connect the account again with `careconsole account add x` (it asks for offline access "
                                    "so that this does not happen every two hours)."));
    HttpRequest request;
    request.method = "POST";
    request.url = m_credentials.tokenUrl.isValid() && !m_credentials.tokenUrl.isEmpty() ? m_credentials.tokenUrl
                                                                                       : url(QStringLiteral("/2/oauth2/token"));
    request.retryable = false;
    request.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("refresh_token"), QString::fromLatin1(QUrl::toPercentEncoding(m_credentials.refreshToken)));
    form.addQueryItem(QStringLiteral("client_id"), QString::fromLatin1(QUrl::toPercentEncoding(m_credentials.clientId)));
    request.body = form.query(QUrl::FullyEncoded).toUtf8();
    ++m_refreshes;
    const HttpResponse response = m_http.send(request);
    if (!response.ok()) {
        const X::ApiError error = X::parseError(response.body);
        if (response.status == 400 || response.status == 401)
            return Core::Error::make(Code::TokenRevoked,
                                     Strings::tr("X no longer accepts the sign-in of @%1 — reconnect the account.").arg(m_credentials.username),
                                     Strings::tr("Connect it again with `careconsole account add x`."),
                                     QStringLiteral("refresh: HTTP %1 %2 %3").arg(response.status).arg(error.oauthError, error.text()));
        return describeHttpFailure(response, QStringLiteral("X"), error.text());
    }
    auto token = X::parseToken(response.body);
    if (!token)
        return Core::Error::make(Code::BadResponse, Strings::tr("X sent a sign-in answer that could not be read."),
                                 Strings::tr("Nothing is lost; it is retried automatically."), token.error().detail);
    m_credentials.take(token.value(), QDateTime::currentDateTimeUtc());
    qCInfo(lcXSession) << "token refreshed for" << m_credentials.username;
    if (m_secrets && !m_secretKey.isEmpty())
        return m_secrets->write(m_secretKey, m_credentials.toSecret());
    return {};
}

HttpResponse XSession::send(HttpRequest request)
{
    const QList<QPair<QByteArray, QByteArray>> headers = request.headers;
    const auto withToken = [&]() {
        request.headers = headers;
        request.headers << qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + m_credentials.accessToken.toUtf8());
    };
    const auto failed = [](const Core::Error &error) {
        HttpResponse response;
        response.status = 401;
        response.headers << qMakePair(QByteArray("content-type"), QByteArray("application/json"));
        response.body = QJsonDocument(QJsonObject{{QStringLiteral("title"), QStringLiteral("Unauthorized")},
                                                  {QStringLiteral("detail"), error.message}})
                            .toJson(QJsonDocument::Compact);
        return response;
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_credentials.accessToken.isEmpty() || !m_credentials.expiresAt.isValid()
        || m_credentials.expiresAt < now.addSecs(m_refreshMarginSecs)) {
        if (Core::Status s = refresh(); !s) {
            if (s.error().code == Code::TokenRevoked || m_credentials.accessToken.isEmpty())
                return failed(s.error());
            qCWarning(lcXSession) << "early refresh failed; using the current token:" << s.error().detail;
        }
    }
    withToken();
    HttpResponse response = m_http.send(request);
    if (response.status != 401)
        return response;
    // Refused before anything was done: refresh once and repeat (a write too).
    if (Core::Status s = refresh(); !s)
        return response;
    withToken();
    return m_http.send(request);
}

HttpResponse XSession::get(const QString &path, const QList<QPair<QString, QString>> &query, const QString &budget)
{
    HttpRequest request;
    QUrl u = url(path);
    QUrlQuery q;
    for (const auto &pair : query)
        q.addQueryItem(pair.first, QString::fromLatin1(QUrl::toPercentEncoding(pair.second)));
    u.setQuery(q);
    request.url = u;
    request.budget = budget;
    request.headers << qMakePair(QByteArray("Accept"), QByteArray("application/json"));
    return send(request);
}

HttpResponse XSession::postJson(const QString &path, const QByteArray &json, const QString &budget, bool neverRepeat)
{
    return sendJson("POST", path, json, budget, neverRepeat);
}

HttpResponse XSession::sendJson(const QByteArray &method, const QString &path, const QByteArray &json, const QString &budget,
                                bool neverRepeat)
{
    HttpRequest request;
    request.method = method;
    request.url = url(path);
    request.budget = budget;
    request.retryable = false;
    request.neverRepeat = neverRepeat;
    request.body = json;
    request.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
    return send(request);
}

Core::Error XSession::describe(const HttpResponse &response) const
{
    const X::ApiError error = X::parseError(response.body);
    if (response.status == 401)
        return Core::Error::make(Code::TokenRevoked,
                                 Strings::tr("X no longer accepts the sign-in of @%1 — reconnect the account.").arg(m_credentials.username),
                                 Strings::tr("Connect it again with `careconsole account add x`."),
                                 QStringLiteral("HTTP 401: %1").arg(error.text()));
    return describeHttpFailure(response, QStringLiteral("X"), error.text());
}

} // namespace Care::Sync
