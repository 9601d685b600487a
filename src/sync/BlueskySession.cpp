#include "sync/BlueskySession.h"

#include "sync/BlueskyJson.h"
#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"
#include "sync/SecretStore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>

Q_LOGGING_CATEGORY(lcBlueskySession, "care.sync.bluesky.session")

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::BlueskySession)
};

using Code = Core::Error::Code;

} // namespace

QString BlueskyCredentials::toSecret() const
{
    const QJsonObject o{{QStringLiteral("identifier"), identifier}, {QStringLiteral("appPassword"), appPassword},
                        {QStringLiteral("did"), did},               {QStringLiteral("handle"), handle},
                        {QStringLiteral("accessJwt"), accessJwt},   {QStringLiteral("refreshJwt"), refreshJwt}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Core::Result<BlueskyCredentials> BlueskyCredentials::fromSecret(const QString &secret)
{
    const QJsonDocument doc = QJsonDocument::fromJson(secret.toUtf8());
    const QJsonObject o = doc.object();
    BlueskyCredentials c;
    c.identifier = o.value(QStringLiteral("identifier")).toString();
    c.appPassword = o.value(QStringLiteral("appPassword")).toString();
    c.did = o.value(QStringLiteral("did")).toString();
    c.handle = o.value(QStringLiteral("handle")).toString();
    c.accessJwt = o.value(QStringLiteral("accessJwt")).toString();
    c.refreshJwt = o.value(QStringLiteral("refreshJwt")).toString();
    if (!doc.isObject() || (c.refreshJwt.isEmpty() && c.appPassword.isEmpty()))
        return Core::Error::make(Code::TokenRevoked, Strings::tr("The Bluesky account's sign-in is missing or damaged."),
                                 Strings::tr("Connect the account again with an app password."));
    return c;
}

BlueskySession::BlueskySession(HttpClient &http, QUrl service, SecretStore *secrets, QString secretKey)
    : m_http(http)
    , m_service(std::move(service))
    , m_secrets(secrets)
    , m_secretKey(std::move(secretKey))
{
}

Core::Result<QUrl> BlueskySession::checkedService(const QString &service)
{
    const QString text = service.trimmed();
    if (text.isEmpty())
        return defaultService();
    QUrl url = QUrl::fromUserInput(text.contains(QStringLiteral("://")) ? text : QString(QStringLiteral("https://") + text));
    if (!url.isValid() || url.host().isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("Give the Bluesky server's address, e.g. https://bsky.social."));
    const bool loopback = url.host() == QLatin1String("127.0.0.1") || url.host() == QLatin1String("localhost")
                          || url.host() == QLatin1String("::1");
    if (url.scheme() != QLatin1String("https") && !(url.scheme() == QLatin1String("http") && loopback))
        return Core::Error::make(Code::InvalidInput,
                                 Strings::tr("%1 is not encrypted, so the app password would travel in the clear.").arg(url.toString()),
                                 Strings::tr("Use the https:// address of the server."));
    url.setPath({});
    url.setQuery(QString());
    return url;
}

QUrl BlueskySession::xrpcUrl(const QString &nsid) const
{
    QUrl url = m_service;
    url.setPath(QStringLiteral("/xrpc/") + nsid);
    return url;
}

QString BlueskySession::errorName(const HttpResponse &response)
{
    return Bluesky::parseError(response.body).error;
}

bool BlueskySession::isTokenProblem(const HttpResponse &response)
{
    if (response.status == 401)
        return true;
    const Bluesky::XrpcError error = Bluesky::parseError(response.body);
    // "Bad token scope" (an app password without direct-message access, answered for chat
    // calls) is no expired session: refreshing would not help and would rotate the tokens at
    // every sync.
    if (error.message.contains(QLatin1String("scope"), Qt::CaseInsensitive))
        return false;
    return response.status == 400 && (error.error == QLatin1String("ExpiredToken") || error.error == QLatin1String("InvalidToken"));
}

Core::Error BlueskySession::describe(const HttpResponse &response) const
{
    const Bluesky::XrpcError error = Bluesky::parseError(response.body);
    const QString said = error.message.isEmpty() ? error.error : error.message;
    if (isTokenProblem(response) || error.error == QLatin1String("AuthenticationRequired")
        || error.error == QLatin1String("AccountTakedown"))
        return Core::Error::make(Code::TokenRevoked,
                                 Strings::tr("Bluesky no longer accepts the sign-in of %1 — reconnect the account.")
                                     .arg(m_credentials.handle.isEmpty() ? m_credentials.identifier : m_credentials.handle),
                                 Strings::tr("Create a new app password in Bluesky's settings (Privacy and security → App "
                                    "passwords) and connect the account again."),
                                 QStringLiteral("HTTP %1 %2: %3").arg(response.status).arg(error.error, error.message));
    return describeHttpFailure(response, serviceName(), said);
}

Core::Status BlueskySession::adoptSession(const HttpResponse &response, const QString &what)
{
    auto session = Bluesky::parseSession(response.body);
    if (!session)
        return Core::Error::make(Code::BadResponse, Strings::tr("%1 sent a sign-in answer that could not be read.").arg(serviceName()),
                                 Strings::tr("Nothing is lost; it is retried automatically."),
                                 what + QStringLiteral(": ") + session.error().detail);
    if (!m_credentials.did.isEmpty() && session->did != m_credentials.did)
        return Core::Error::make(Code::TokenRevoked, Strings::tr("This app password belongs to another Bluesky account (%1).").arg(session->handle),
                                 Strings::tr("Connect the account again with its own app password."));
    m_credentials.did = session->did;
    m_credentials.handle = session->handle;
    m_credentials.accessJwt = session->accessJwt;
    m_credentials.refreshJwt = session->refreshJwt;
    return save();
}

Core::Status BlueskySession::save()
{
    if (!m_secrets || m_secretKey.isEmpty())
        return {};
    return m_secrets->write(m_secretKey, m_credentials.toSecret());
}

Core::Status BlueskySession::signIn(const QString &identifier, const QString &appPassword)
{
    HttpRequest request;
    request.method = "POST";
    request.url = xrpcUrl(QStringLiteral("com.atproto.server.createSession"));
    request.retryable = false;
    request.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
    request.body = QJsonDocument(QJsonObject{{QStringLiteral("identifier"), identifier.trimmed()},
                                             {QStringLiteral("password"), appPassword.trimmed()}})
                       .toJson(QJsonDocument::Compact);
    ++m_signIns;
    const HttpResponse response = m_http.send(request);
    if (!response.ok()) {
        const QString name = errorName(response);
        if (response.status == 401 || name == QLatin1String("AuthenticationRequired") || name == QLatin1String("AuthFactorTokenRequired"))
            return Core::Error::make(Code::TokenRevoked, Strings::tr("Bluesky did not accept this handle and app password."),
                                     Strings::tr("Check the handle, and use an app password (Settings → Privacy and security → "
                                        "App passwords), not the account password."),
                                     QStringLiteral("HTTP %1 %2").arg(response.status).arg(name));
        return describe(response);
    }
    m_credentials.identifier = identifier.trimmed();
    m_credentials.appPassword = appPassword.trimmed();
    return adoptSession(response, QStringLiteral("createSession"));
}

Core::Status BlueskySession::restore(const QString &secret)
{
    auto credentials = BlueskyCredentials::fromSecret(secret);
    if (!credentials)
        return credentials.error();
    m_credentials = credentials.value();
    return {};
}

Core::Status BlueskySession::refresh()
{
    // Another process (the console, `sync --once`) may have refreshed since this one read the
    // secret: its refresh token is the valid one now.
    if (m_secrets && !m_secretKey.isEmpty()) {
        if (auto stored = m_secrets->read(m_secretKey)) {
            if (auto c = BlueskyCredentials::fromSecret(stored.value());
                c && c->did == m_credentials.did && c->refreshJwt != m_credentials.refreshJwt && !c->refreshJwt.isEmpty()) {
                m_credentials = c.value();
                return {};
            }
        }
    }
    if (m_credentials.refreshJwt.isEmpty())
        return Core::Error::make(Code::TokenRevoked, Strings::tr("The Bluesky session has no refresh token."));
    HttpRequest request;
    request.method = "POST";
    request.url = xrpcUrl(QStringLiteral("com.atproto.server.refreshSession"));
    request.retryable = false;
    request.headers << qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + m_credentials.refreshJwt.toUtf8());
    ++m_refreshes;
    const HttpResponse response = m_http.send(request);
    if (!response.ok())
        return describe(response);
    qCInfo(lcBlueskySession) << "session refreshed for" << m_credentials.handle;
    return adoptSession(response, QStringLiteral("refreshSession"));
}

Core::Status BlueskySession::recover()
{
    const Core::Status refreshed = refresh();
    if (refreshed || refreshed.error().code != Code::TokenRevoked || m_credentials.appPassword.isEmpty())
        return refreshed;
    // The refresh token is gone too (expired after ~90 days, or revoked): one new sign-in
    // with the stored app password. Rare, because session creation is rate-limited.
    qCWarning(lcBlueskySession) << "refresh refused; signing in again for" << m_credentials.handle;
    return signIn(m_credentials.identifier.isEmpty() ? m_credentials.handle : m_credentials.identifier,
                  m_credentials.appPassword);
}

HttpResponse BlueskySession::send(HttpRequest request)
{
    const QList<QPair<QByteArray, QByteArray>> headers = request.headers;
    const auto withToken = [&]() {
        request.headers = headers;
        request.headers << qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + m_credentials.accessJwt.toUtf8());
    };
    if (m_credentials.accessJwt.isEmpty() && !m_credentials.refreshJwt.isEmpty()) {
        if (Core::Status s = recover(); !s) {
            HttpResponse failed;
            failed.status = 401;
            failed.body = QJsonDocument(QJsonObject{{QStringLiteral("error"), QStringLiteral("InvalidToken")},
                                                    {QStringLiteral("message"), s.error().message}})
                              .toJson(QJsonDocument::Compact);
            return failed;
        }
    }
    withToken();
    HttpResponse response = m_http.send(request);
    if (!isTokenProblem(response))
        return response;
    if (Core::Status s = recover(); !s)
        return response; // the caller reports the token problem: reconnect
    withToken();
    return m_http.send(request);
}

HttpResponse BlueskySession::get(const QString &nsid, const QList<QPair<QString, QString>> &query,
                                 const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    HttpRequest request;
    QUrl url = xrpcUrl(nsid);
    QUrlQuery q;
    for (const auto &pair : query)
        q.addQueryItem(pair.first, QString::fromLatin1(QUrl::toPercentEncoding(pair.second)));
    url.setQuery(q);
    request.url = url;
    request.headers = extraHeaders;
    request.headers << qMakePair(QByteArray("Accept"), QByteArray("application/json"));
    return send(request);
}

HttpResponse BlueskySession::post(const QString &nsid, const QJsonObject &body,
                                  const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    HttpRequest request;
    request.method = "POST";
    request.url = xrpcUrl(nsid);
    request.retryable = false;
    request.headers = extraHeaders;
    request.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return send(request);
}

} // namespace Care::Sync
