#include "sync/MastodonOAuth.h"

#include "sync/HttpFailure.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMultiMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>
#include <QVariant>
#include <QtNetworkAuth/QOAuth2AuthorizationCodeFlow>
#include <QtNetworkAuth/QOAuthHttpServerReplyHandler>
#include <optional>

namespace Care::Sync {

namespace {

using Code = Core::Error::Code;

const QString ClientName = QStringLiteral("Care Console");
// How long a refusal that arrived through the browser waits before it is reported, so that the
// loopback page reaches the browser before the listener goes away.
constexpr int CallbackSettleMs = 200;

bool isLoopback(const QString &host)
{
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost") || host == QLatin1String("::1");
}

// The instance's origin (scheme, host, port) from what a person types; nullopt with *problem
// set when it is unusable.
std::optional<QUrl> originOf(const QString &input, Core::Error *problem = nullptr)
{
    const QString trimmed = input.trimmed();
    // A bare "social.example" means https (QUrl::fromUserInput would guess http).
    const QUrl url = QUrl::fromUserInput(
        trimmed.contains(QLatin1String("://")) ? trimmed : QString(QLatin1String("https://") + trimmed));
    if (trimmed.isEmpty() || !url.isValid() || url.host().isEmpty()) {
        if (problem)
            *problem = Core::Error::make(
                Code::InvalidInput, MastodonOAuth::tr("Give the instance's address, e.g. https://social.example."));
        return std::nullopt;
    }
    if (url.scheme() != QLatin1String("https") && !(url.scheme() == QLatin1String("http") && isLoopback(url.host()))) {
        if (problem)
            *problem = Core::Error::make(Code::InvalidInput,
                MastodonOAuth::tr("%1 is not encrypted, so signing in would travel in the clear.").arg(url.toString()),
                MastodonOAuth::tr("Use the https:// address of the instance."));
        return std::nullopt;
    }
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host().toLower());
    if (url.port() != -1 && !(url.scheme() == QLatin1String("https") && url.port() == 443)
        && !(url.scheme() == QLatin1String("http") && url.port() == 80))
        origin.setPort(url.port());
    return origin;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

QUrl endpoint(const QUrl &origin, const QString &path)
{
    QUrl url = origin;
    url.setPath(path);
    return url;
}

// Characters RFC 7636 allows in a code_verifier (unreserved); state uses the alphanumerics.
QByteArray randomText(int length, bool unreserved)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    const int size = unreserved ? int(sizeof(alphabet) - 1) : 62;
    QByteArray text;
    text.reserve(length);
    for (int i = 0; i < length; ++i)
        text.append(alphabet[QRandomGenerator::system()->bounded(size)]);
    return text;
}

QByteArray formEncode(const QList<QPair<QString, QString>> &items)
{
    QByteArray body;
    for (const auto &item : items) {
        if (!body.isEmpty())
            body.append('&');
        body += QUrl::toPercentEncoding(item.first) + '=' + QUrl::toPercentEncoding(item.second);
    }
    return body;
}

int httpStatus(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QJsonObject jsonObject(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError && document.isObject() ? document.object() : QJsonObject();
}

// Values arriving in the loopback redirect's query may still be percent-encoded (Qt 6.4 hands
// them over as QUrlQuery's pretty-decoded items) and use '+' for spaces.
QString callbackValue(const QVariantMap &values, const QString &key)
{
    QByteArray raw = values.value(key).toString().toUtf8();
    raw.replace('+', ' ');
    return QUrl::fromPercentEncoding(raw);
}

} // namespace

// ---------------------------------------------------------------------------------------------
// MastodonAppRegistration

bool MastodonAppRegistration::isValid() const
{
    return !instance.isEmpty() && !clientId.isEmpty() && !clientSecret.isEmpty() && !redirectUri.isEmpty();
}

bool MastodonAppRegistration::matches(const QString &otherInstance, const QString &otherRedirectUri) const
{
    if (!isValid() || redirectUri != otherRedirectUri)
        return false;
    const std::optional<QUrl> mine = originOf(instance);
    const std::optional<QUrl> theirs = originOf(otherInstance);
    return mine && theirs && sameOrigin(*mine, *theirs);
}

QJsonObject MastodonAppRegistration::toJson() const
{
    return QJsonObject { { QStringLiteral("instance"), instance }, { QStringLiteral("client_id"), clientId },
        { QStringLiteral("client_secret"), clientSecret }, { QStringLiteral("redirect_uri"), redirectUri } };
}

MastodonAppRegistration MastodonAppRegistration::fromJson(const QJsonObject &json)
{
    MastodonAppRegistration registration;
    registration.instance = json.value(QStringLiteral("instance")).toString();
    registration.clientId = json.value(QStringLiteral("client_id")).toString();
    registration.clientSecret = json.value(QStringLiteral("client_secret")).toString();
    registration.redirectUri = json.value(QStringLiteral("redirect_uri")).toString();
    if (!registration.isValid())
        return {};
    return registration;
}

// ---------------------------------------------------------------------------------------------
// MastodonOAuth

QString MastodonOAuth::scopes()
{
    return QStringLiteral(
        "read:notifications read:statuses read:search read:accounts write:statuses write:conversations");
}

MastodonOAuth::MastodonOAuth(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_timeout(new QTimer(this))
{
    // The client secret travels in the token request's body: never to another server.
    m_network->setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        fail(Core::Error::make(Code::NetworkError,
            tr("Signing in to %1 was not finished within %2, so it was stopped.")
                .arg(m_service, describeWait(m_options.timeoutMs)),
            tr("Start again, and allow Care Console on the page that opens in the browser.")));
    });
    connect(m_network, &QNetworkAccessManager::finished, this, &MastodonOAuth::onNetworkReply);
}

MastodonOAuth::~MastodonOAuth()
{
    if (isRunning())
        finish();
}

void MastodonOAuth::setStage(Stage stage)
{
    if (m_stage == stage)
        return;
    m_stage = stage;
    Q_EMIT stageChanged(stage);
}

void MastodonOAuth::start(const QString &instance, const MastodonAppRegistration &known)
{
    if (isRunning())
        return;
    const quint64 run = ++m_run;
    m_known = known;
    m_registration = {};
    m_redirectUri.clear();
    setStage(Stage::Discovering);

    const auto failSoon = [this, run](Core::Error error) {
        QMetaObject::invokeMethod(
            this,
            [this, run, error] {
                if (run == m_run)
                    fail(error);
            },
            Qt::QueuedConnection);
    };

    Core::Error problem;
    const std::optional<QUrl> origin = originOf(instance, &problem);
    if (!origin) {
        failSoon(problem);
        return;
    }
    m_instance = *origin;
    m_service = m_instance.host();
    if (!m_openBrowser) {
        failSoon(Core::Error::make(Code::InvalidInput, tr("Care Console has no way to open the sign-in page."), {},
            QStringLiteral("MastodonOAuth: no openBrowser callback")));
        return;
    }

    // QHostAddress spelled out: QOAuthHttpServerReplyHandler(QHostAddress::LocalHost, 0) would
    // pick the (quint16 port, QObject *parent) overload and listen on every interface on port 2.
    m_handler = new QOAuthHttpServerReplyHandler(QHostAddress(QHostAddress::LocalHost), m_options.port, this);
    if (!m_handler->isListening()) {
        failSoon(Core::Error::make(Code::Conflict,
            tr("Care Console cannot receive the answer from the browser: port %1 on this computer is already in use.")
                .arg(m_options.port),
            tr("Close the program that uses it (perhaps another Care Console sign-in) and try again."),
            QStringLiteral("listen on 127.0.0.1:%1 failed").arg(m_options.port)));
        return;
    }
    m_handler->setCallbackText(
        tr("Care Console received the instance's answer. You can close this page and return to Care Console."));
    m_redirectUri = m_handler->callback();
    m_authorizationUrl = endpoint(m_instance, QStringLiteral("/oauth/authorize"));
    m_tokenUrl = endpoint(m_instance, QStringLiteral("/oauth/token"));
    m_network->setTransferTimeout(m_options.requestTimeoutMs);
    m_timeout->start(m_options.timeoutMs);
    discover();
}

void MastodonOAuth::cancel()
{
    if (isRunning())
        finish();
}

QNetworkReply *MastodonOAuth::send(const QByteArray &verb, const QUrl &url, const QByteArray &body)
{
    QNetworkRequest request(url);
    request.setRawHeader("User-Agent", QByteArray("CareConsole/" CARE_VERSION));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_options.requestTimeoutMs);
    if (verb == "POST")
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    QNetworkReply *reply = verb == "POST" ? m_network->post(request, body) : m_network->get(request);
    m_replies.append(QPointer<QNetworkReply>(reply));
    return reply;
}

Core::Error MastodonOAuth::unreachable(QNetworkReply *reply) const
{
    const QString detail = reply->errorString();
    const QString hint = tr("Check the instance's address and the network connection, then try again.");
    switch (reply->error()) {
    case QNetworkReply::HostNotFoundError:
        return Core::Error::make(Code::NetworkError, tr("%1 could not be found.").arg(m_service), hint, detail);
    case QNetworkReply::ConnectionRefusedError:
        return Core::Error::make(Code::NetworkError,
            tr("Care Console could not reach %1 (connection refused).").arg(m_service), hint, detail);
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return Core::Error::make(Code::NetworkError, tr("%1 did not answer in time.").arg(m_service), hint, detail);
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::InsecureRedirectError:
        return Core::Error::make(Code::NetworkError,
            tr("The secure connection to %1 could not be verified, so nothing was sent.").arg(m_service),
            tr("The server's certificate is not trusted (or something intercepts the connection). "
               "Ask IT before trying again."),
            detail);
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::ProtocolUnknownError:
        return Core::Error::make(Code::Rejected,
            tr("%1 redirected Care Console to another server; it was not followed.").arg(m_service),
            tr("Check the instance's address."), detail);
    default:
        return Core::Error::make(Code::NetworkError, tr("The connection to %1 failed.").arg(m_service), hint, detail);
    }
}

void MastodonOAuth::discover()
{
    setStage(Stage::Discovering);
    QNetworkReply *reply = send("GET", endpoint(m_instance, QStringLiteral("/.well-known/oauth-authorization-server")));
    const quint64 run = m_run;
    connect(reply, &QNetworkReply::finished, this, [this, reply, run] {
        reply->deleteLater();
        m_replies.removeAll(QPointer<QNetworkReply>(reply));
        if (run == m_run && m_stage == Stage::Discovering)
            onDiscovery(reply);
    });
}

void MastodonOAuth::onDiscovery(QNetworkReply *reply)
{
    const int status = httpStatus(reply);
    if (status == 0) {
        fail(unreachable(reply));
        return;
    }
    if (status >= 500) {
        fail(Core::Error::make(Code::ServerError, tr("%1 is having trouble (HTTP %2).").arg(m_service).arg(status),
            tr("Try again in a few minutes."), reply->errorString()));
        return;
    }
    // Mastodon 4.3 and later describe their endpoints; older servers answer 404 and use the
    // fixed paths. Anything else that is not metadata is treated the same way: the next step
    // fails clearly when this is not a Mastodon server at all.
    const QJsonObject metadata = status == 200 ? jsonObject(reply->readAll()) : QJsonObject();
    const QUrl authorization(metadata.value(QStringLiteral("authorization_endpoint")).toString());
    const QUrl token(metadata.value(QStringLiteral("token_endpoint")).toString());
    if (authorization.isValid() && token.isValid() && !authorization.isEmpty() && !token.isEmpty()) {
        if (!sameOrigin(authorization, m_instance) || !sameOrigin(token, m_instance)) {
            fail(Core::Error::make(Code::BadResponse,
                tr("%1 names sign-in addresses on another server, so Care Console stopped.").arg(m_service),
                tr("Check the instance's address."),
                QString(authorization.toString() + QLatin1Char(' ') + token.toString())));
            return;
        }
        m_authorizationUrl = authorization;
        m_tokenUrl = token;
    }

    if (m_known.matches(m_instance.toString(), m_redirectUri)) {
        m_registration = m_known;
        authorize();
    } else {
        registerApp();
    }
}

void MastodonOAuth::registerApp()
{
    setStage(Stage::Registering);
    QList<QPair<QString, QString>> form { { QStringLiteral("client_name"), ClientName },
        { QStringLiteral("redirect_uris"), m_redirectUri }, { QStringLiteral("scopes"), scopes() } };
    if (!m_options.website.isEmpty())
        form.append({ QStringLiteral("website"), m_options.website });
    QNetworkReply *reply = send("POST", endpoint(m_instance, QStringLiteral("/api/v1/apps")), formEncode(form));
    const quint64 run = m_run;
    connect(reply, &QNetworkReply::finished, this, [this, reply, run] {
        reply->deleteLater();
        m_replies.removeAll(QPointer<QNetworkReply>(reply));
        if (run == m_run && m_stage == Stage::Registering)
            onRegistration(reply);
    });
}

void MastodonOAuth::onRegistration(QNetworkReply *reply)
{
    const int status = httpStatus(reply);
    if (status == 0) {
        fail(unreachable(reply));
        return;
    }
    const QJsonObject json = jsonObject(reply->readAll());
    if (status >= 500) {
        fail(Core::Error::make(Code::ServerError, tr("%1 is having trouble (HTTP %2).").arg(m_service).arg(status),
            tr("Try again in a few minutes."), reply->errorString()));
        return;
    }
    if (status == 429) {
        fail(
            Core::Error::make(Code::RateLimited, tr("%1 asks Care Console to wait before trying again.").arg(m_service),
                tr("Try again in a few minutes."), reply->errorString()));
        return;
    }
    if (status >= 400) {
        const QString text = json.value(QStringLiteral("error")).toString();
        fail(Core::Error::make(Code::Rejected,
            text.isEmpty() ? tr("%1 refused to register Care Console (HTTP %2).").arg(m_service).arg(status)
                           : tr("%1 refused to register Care Console: %2").arg(m_service, text),
            tr("Check that the address is a Mastodon instance; if it is, its admins may have "
               "restricted new apps."),
            QStringLiteral("POST /api/v1/apps: HTTP %1").arg(status)));
        return;
    }
    MastodonAppRegistration registration;
    registration.instance = m_instance.toString();
    registration.clientId = json.value(QStringLiteral("client_id")).toString();
    registration.clientSecret = json.value(QStringLiteral("client_secret")).toString();
    registration.redirectUri = m_redirectUri;
    if (!registration.isValid()) {
        fail(Core::Error::make(Code::BadResponse,
            tr("%1 answered in a way Care Console cannot read. Is it a Mastodon instance?").arg(m_service),
            tr("Check the instance's address."),
            QStringLiteral("POST /api/v1/apps: HTTP %1 without client_id/client_secret").arg(status)));
        return;
    }
    m_registration = registration;
    const quint64 run = m_run;
    Q_EMIT registered(m_registration);
    if (run != m_run || m_stage != Stage::Registering) // a receiver cancelled
        return;
    authorize();
}

void MastodonOAuth::authorize()
{
    auto *flow = new QOAuth2AuthorizationCodeFlow(m_network, this);
    QOAuthHttpServerReplyHandler *handler = m_handler;
    m_flow = flow;
    m_flow->setClientIdentifier(m_registration.clientId);
    m_flow->setClientIdentifierSharedKey(m_registration.clientSecret);
    m_flow->setAuthorizationUrl(m_authorizationUrl);
    m_flow->setAccessTokenUrl(m_tokenUrl);
    m_flow->setScope(scopes());
    // Qt 6.4 would make the state from a time-seeded std::mt19937; take it from the system's generator.
    m_state = QString::fromLatin1(randomText(32, false));
    m_flow->setState(m_state);

    // PKCE (RFC 7636, S256): QOAuth2AuthorizationCodeFlow has it only from Qt 6.8.
    m_verifier = randomText(64, true);
    const QString verifier = QString::fromLatin1(m_verifier);
    const QString challenge
        = QString::fromLatin1(QCryptographicHash::hash(m_verifier, QCryptographicHash::Sha256)
                                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    m_flow->setModifyParametersFunction(
        [verifier, challenge](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *parameters) {
            switch (stage) {
            case QAbstractOAuth::Stage::RequestingAuthorization:
                parameters->remove(QStringLiteral("code_challenge"));
                parameters->remove(QStringLiteral("code_challenge_method"));
                parameters->insert(QStringLiteral("code_challenge"), challenge);
                parameters->insert(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
                break;
            case QAbstractOAuth::Stage::RequestingAccessToken:
                parameters->remove(QStringLiteral("code_verifier"));
                parameters->insert(QStringLiteral("code_verifier"), verifier);
                break;
            default:
                break;
            }
        });

    flow->setReplyHandler(handler);
    // Connected before grant() so that it runs before the flow's own handling of the callback.
    connect(handler, &QAbstractOAuthReplyHandler::callbackReceived, this, &MastodonOAuth::onCallback);
    connect(flow, &QAbstractOAuth::granted, this, &MastodonOAuth::onGranted);
    connect(
        flow, &QAbstractOAuth2::error, this, [this](const QString &error, const QString &description, const QUrl &) {
            fail(Core::Error::make(Code::Rejected,
                tr("%1 refused the sign-in: %2").arg(m_service, description.isEmpty() ? error : description),
                tr("Start signing in again."), error));
        });
    connect(flow, &QAbstractOAuth::authorizeWithBrowser, this, [this](const QUrl &url) {
        setStage(Stage::WaitingForBrowser);
        m_openBrowser(url);
    });
    flow->grant();
}

void MastodonOAuth::onCallback(const QVariantMap &values)
{
    if (m_stage != Stage::WaitingForBrowser || m_refusing)
        return; // a late or repeated visit (a browser asking for /favicon.ico, say): nothing to do
    const QString error = callbackValue(values, QStringLiteral("error"));
    const QString code = values.value(QStringLiteral("code")).toString();
    const QString state = callbackValue(values, QStringLiteral("state"));
    if (error.isEmpty() && code.isEmpty() && state.isEmpty())
        return; // not the instance's redirect; keep waiting

    std::optional<Core::Error> refusal;
    if (!error.isEmpty()) {
        const QString description = callbackValue(values, QStringLiteral("error_description"));
        if (error == QLatin1String("access_denied"))
            refusal = Core::Error::make(Code::Rejected, tr("You did not allow Care Console on %1.").arg(m_service),
                tr("To connect the account, start again and choose Authorize on the instance's page."), error);
        else
            refusal = Core::Error::make(Code::Rejected,
                tr("%1 refused the sign-in: %2").arg(m_service, description.isEmpty() ? error : description),
                tr("Start signing in again."), error);
    } else if (state != m_state) {
        // Qt 6.4 only logs a state mismatch and then waits forever.
        refusal = Core::Error::make(Code::Rejected,
            tr("The answer that came back from the browser does not belong to this sign-in, so "
               "Care Console refused it."),
            tr("Start signing in again and finish it in the browser page Care Console opens."),
            QStringLiteral("OAuth state mismatch"));
    } else if (code.isEmpty()) {
        refusal = Core::Error::make(Code::BadResponse,
            tr("%1 sent the browser back without an authorization code.").arg(m_service), tr("Start signing in again."),
            QStringLiteral("OAuth callback without code"));
    }

    if (!refusal) {
        setStage(Stage::ExchangingCode); // the flow goes on to the token request right after this slot
        return;
    }
    // The flow must not go on with this answer; report the refusal once the loopback page is out.
    QObject::disconnect(m_handler.data(), nullptr, m_flow.data(), nullptr);
    m_timeout->stop();
    m_refusing = true;
    const quint64 run = m_run;
    QTimer::singleShot(CallbackSettleMs, this, [this, run, error = *refusal] {
        if (run == m_run)
            fail(error);
    });
}

void MastodonOAuth::onNetworkReply(QNetworkReply *reply)
{
    // Only the flow's token request is looked at here: Qt 6.4 drops an error answer from the
    // token endpoint with a warning and no signal, so its text is taken before Qt reads it.
    if (m_stage != Stage::ExchangingCode || !m_flow || m_replies.contains(QPointer<QNetworkReply>(reply))
        || reply->operation() != QNetworkAccessManager::PostOperation || reply->request().url() != m_tokenUrl)
        return;
    const int status = httpStatus(reply);
    if (status == 0) {
        fail(unreachable(reply));
        return;
    }
    const QJsonObject json = jsonObject(reply->peek(reply->bytesAvailable()));
    if (status >= 500) {
        fail(Core::Error::make(Code::ServerError, tr("%1 is having trouble (HTTP %2).").arg(m_service).arg(status),
            tr("Try again in a few minutes."), QStringLiteral("token endpoint: HTTP %1").arg(status)));
        return;
    }
    if (status >= 300) {
        const QString error = json.value(QStringLiteral("error")).toString();
        QString text = json.value(QStringLiteral("error_description")).toString();
        if (text.isEmpty())
            text = error.isEmpty() ? tr("HTTP %1").arg(status) : error;
        const QString hint = error == QLatin1String("invalid_client")
            ? tr("The instance no longer knows Care Console's registration. Forget the stored "
                 "registration for this instance and sign in again.")
            : tr("Start signing in again.");
        fail(Core::Error::make(Code::Rejected, tr("%1 refused the sign-in: %2").arg(m_service, text), hint,
            QStringLiteral("token endpoint: HTTP %1 %2").arg(status).arg(error)));
        return;
    }
    if (json.value(QStringLiteral("access_token")).toString().isEmpty()) {
        fail(Core::Error::make(Code::BadResponse,
            tr("%1 answered the sign-in in a way Care Console cannot read.").arg(m_service),
            tr("Start signing in again."), QStringLiteral("token endpoint: HTTP %1 without access_token").arg(status)));
        return;
    }
    // The flow reads the token right after this; should it not take it, say so instead of waiting.
    const quint64 run = m_run;
    QMetaObject::invokeMethod(
        this,
        [this, run] {
            if (run == m_run && m_stage == Stage::ExchangingCode)
                fail(Core::Error::make(Code::BadResponse,
                    tr("%1 answered the sign-in in a way Care Console cannot read.").arg(m_service),
                    tr("Start signing in again."), QStringLiteral("token answer not accepted by QtNetworkAuth")));
        },
        Qt::QueuedConnection);
}

void MastodonOAuth::onGranted()
{
    if (m_stage != Stage::ExchangingCode || !m_flow)
        return;
    const QString token = m_flow->token();
    if (token.isEmpty()) {
        fail(Core::Error::make(
            Code::BadResponse, tr("%1 did not send an access token.").arg(m_service), tr("Start signing in again.")));
        return;
    }
    finish();
    Q_EMIT granted(token);
}

void MastodonOAuth::fail(Core::Error error)
{
    if (!isRunning())
        return;
    finish();
    Q_EMIT failed(error);
}

void MastodonOAuth::finish()
{
    ++m_run; // queued work of this run is dropped from now on
    m_timeout->stop();
    // Every request still in flight (ours and the flow's token request) goes: disconnected first,
    // so that nothing (the flow's reply handling included) hears of it.
    const QList<QNetworkReply *> replies = m_network->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        reply->disconnect();
        reply->abort();
        reply->deleteLater();
    }
    m_replies.clear();
    if (m_flow) {
        m_flow->disconnect(this);
        m_flow->setModifyParametersFunction({});
        if (m_handler)
            QObject::disconnect(m_handler.data(), nullptr, m_flow.data(), nullptr);
        m_flow->deleteLater();
        m_flow = nullptr;
    }
    if (m_handler) {
        m_handler->disconnect(this);
        m_handler->close(); // the port is free again at once
        m_handler->deleteLater();
        m_handler = nullptr;
    }
    m_verifier.fill('\0');
    m_verifier.clear();
    m_state.clear();
    m_refusing = false;
    setStage(Stage::Idle);
}

Core::Result<QString> MastodonOAuth::signIn(const QString &instance, MastodonAppRegistration &registration,
    std::function<void(const QUrl &)> openBrowser, const MastodonSignInOptions &options)
{
    MastodonOAuth oauth;
    oauth.setOptions(options);
    oauth.setOpenBrowser(std::move(openBrowser));
    std::optional<Core::Result<QString>> result;
    QEventLoop loop;
    connect(&oauth, &MastodonOAuth::registered, &loop,
        [&registration](const MastodonAppRegistration &issued) { registration = issued; });
    connect(&oauth, &MastodonOAuth::granted, &loop, [&result, &loop](const QString &token) {
        result.emplace(token);
        loop.quit();
    });
    connect(&oauth, &MastodonOAuth::failed, &loop, [&result, &loop](const Core::Error &error) {
        result.emplace(error);
        loop.quit();
    });
    oauth.start(instance, registration);
    if (!result)
        loop.exec();
    return std::move(*result);
}

} // namespace Care::Sync
