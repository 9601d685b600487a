#include "sync/MastodonStream.h"

#include "sync/HttpFailure.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaType>
#include <QNetworkRequest>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>
#include <QtWebSockets/QWebSocket>

#include <chrono>

namespace Care::Sync {

namespace {

Q_LOGGING_CATEGORY(lcStream, "care.sync.stream", QtInfoMsg)

const QString StreamNotification = QStringLiteral("user:notification");
const QString StreamUser = QStringLiteral("user");
constexpr int RecentKeys = 256;

void registerMetaTypes()
{
    static const bool registered = [] {
        qRegisterMetaType<Care::Core::Error>();
        qRegisterMetaType<Care::Sync::Mastodon::Notification>();
        qRegisterMetaType<Care::Sync::Mastodon::Status>();
        return true;
    }();
    Q_UNUSED(registered)
}

// Qt 6.4's QWebSocket reports a refused upgrade only as ConnectionRefusedError with the text
// "QWebSocketPrivate::processHandshake: Unhandled http status code: 404 (Not Found)."; the
// status is read back from it (0: not a refused upgrade, e.g. a refused TCP connection).
int handshakeStatus(const QString &errorString)
{
    static const QRegularExpression statusCode(QStringLiteral("status code:?\\s*([1-5]\\d\\d)\\b"),
                                               QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = statusCode.match(errorString);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

std::chrono::milliseconds ms(qint64 value)
{
    return std::chrono::milliseconds(std::max<qint64>(0, value));
}

} // namespace

MastodonStream::MastodonStream(QUrl streamingBase, QString token, QObject *parent)
    : QObject(parent)
    , m_base(std::move(streamingBase))
    , m_token(std::move(token))
    , m_service(m_base.host())
    , m_retryTimer(new QTimer(this))
    , m_handshakeTimer(new QTimer(this))
    , m_stableTimer(new QTimer(this))
    , m_keepAliveTimer(new QTimer(this))
{
    registerMetaTypes();
    m_retryTimer->setSingleShot(true);
    m_handshakeTimer->setSingleShot(true);
    m_stableTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &MastodonStream::openSocket);
    connect(m_handshakeTimer, &QTimer::timeout, this, [this] {
        fail(Failure::Timeout, QStringLiteral("no answer to the upgrade within %1 ms").arg(m_handshakeTimeoutMs));
    });
    connect(m_stableTimer, &QTimer::timeout, this, [this] { m_failures = 0; });
    connect(m_keepAliveTimer, &QTimer::timeout, this, &MastodonStream::onKeepAlive);
}

MastodonStream::~MastodonStream()
{
    stop();
}

QUrl MastodonStream::endpoint() const
{
    QUrl url = m_base;
    if (url.scheme() == QLatin1String("https"))
        url.setScheme(QStringLiteral("wss"));
    else if (url.scheme() == QLatin1String("http"))
        url.setScheme(QStringLiteral("ws"));
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(QString(path + QStringLiteral("/api/v1/streaming")));
    // The stream named in the URL is subscribed during the handshake, so nothing that happens
    // after connected() is missed; the subscribe messages cover servers that ignore it.
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("stream"), StreamNotification);
    url.setQuery(query);
    url.setUserInfo({});
    url.setFragment({});
    return url;
}

qint64 MastodonStream::pendingRetryMs() const
{
    return (m_state == State::Waiting || m_state == State::Unavailable) ? m_pendingRetryMs : 0;
}

void MastodonStream::start()
{
    if (m_state == State::Connecting || m_state == State::Live)
        return;
    m_retryTimer->stop();
    openSocket();
}

void MastodonStream::stop()
{
    m_retryTimer->stop();
    m_handshakeTimer->stop();
    m_stableTimer->stop();
    m_keepAliveTimer->stop();
    if (m_socket) {
        QWebSocket *socket = m_socket;
        m_socket = nullptr;
        socket->disconnect(this);
        if (socket->state() == QAbstractSocket::ConnectedState) {
            // A close frame, then the socket goes when the server answers it (or soon anyway).
            connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
            QTimer::singleShot(2000, socket, [socket] {
                socket->abort();
                socket->deleteLater();
            });
            socket->close(QWebSocketProtocol::CloseCodeNormal);
        } else {
            socket->abort();
            socket->deleteLater();
        }
    }
    if (m_state != State::Stopped)
        qCInfo(lcStream).noquote() << "live connection to" << m_service << "stopped";
    m_state = State::Stopped;
    m_failures = 0;
    m_pendingRetryMs = 0;
}

void MastodonStream::openSocket()
{
    releaseSocket();
    m_state = State::Connecting;
    m_pendingRetryMs = 0;

    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, &MastodonStream::onConnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &MastodonStream::onTextMessage);
    connect(m_socket, QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error), this,
            &MastodonStream::onSocketError);
    connect(m_socket, &QWebSocket::disconnected, this, &MastodonStream::onSocketDisconnected);
    connect(m_socket, &QWebSocket::pong, this, [this] { m_awaitingPong = false; });

    QNetworkRequest request(endpoint());
    request.setRawHeader("Authorization", QByteArray("Bearer " + m_token.toUtf8()));
    request.setRawHeader("User-Agent", QByteArray("CareConsole/" CARE_VERSION));
    if (m_handshakeTimeoutMs > 0)
        m_handshakeTimer->start(ms(m_handshakeTimeoutMs));
    qCDebug(lcStream).noquote() << "opening" << endpoint().toString();
    m_socket->open(request);
}

void MastodonStream::releaseSocket()
{
    m_handshakeTimer->stop();
    m_stableTimer->stop();
    m_keepAliveTimer->stop();
    m_awaitingPong = false;
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void MastodonStream::onConnected()
{
    m_handshakeTimer->stop();
    m_state = State::Live;
    for (const QString &stream : {StreamNotification, StreamUser}) {
        const QJsonObject subscribe{{QStringLiteral("type"), QStringLiteral("subscribe")},
                                    {QStringLiteral("stream"), stream}};
        m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(subscribe).toJson(QJsonDocument::Compact)));
    }
    if (m_stableAfterMs > 0)
        m_stableTimer->start(ms(m_stableAfterMs));
    else
        m_failures = 0;
    if (m_keepAliveMs > 0)
        m_keepAliveTimer->start(ms(m_keepAliveMs));
    qCInfo(lcStream).noquote() << "live connection to" << m_service << "open";

    const QPointer<MastodonStream> self(this);
    Q_EMIT connected();
    if (self && m_state == State::Live)
        Q_EMIT gapPossible();
}

void MastodonStream::onKeepAlive()
{
    if (!m_socket || m_state != State::Live)
        return;
    if (m_awaitingPong) {
        fail(Failure::Silent, QStringLiteral("no pong within %1 ms").arg(m_keepAliveMs));
        return;
    }
    m_awaitingPong = true;
    m_socket->ping();
}

bool MastodonStream::firstTime(const QString &key)
{
    if (m_recentSet.contains(key))
        return false;
    m_recentSet.insert(key);
    m_recentKeys.append(key);
    while (m_recentKeys.size() > RecentKeys)
        m_recentSet.remove(m_recentKeys.takeFirst());
    return true;
}

void MastodonStream::onTextMessage(const QString &message)
{
    m_awaitingPong = false; // the connection is alive
    const QByteArray bytes = message.toUtf8();
    const auto event = Mastodon::parseStreamEvent(bytes);
    if (!event) {
        const QString serverError = Mastodon::errorMessage(bytes);
        if (!serverError.isEmpty())
            qCWarning(lcStream).noquote() << m_service << "streaming reported an error:" << serverError;
        else
            qCWarning(lcStream).noquote() << "ignored an unreadable event from" << m_service
                                          << QStringLiteral("(%1 bytes):").arg(bytes.size()) << event.error().message
                                          << event.error().detail;
        return;
    }

    const QString &name = event->event;
    if (name == QLatin1String("notification")) {
        auto notification = Mastodon::parseNotification(event->payload);
        if (!notification) {
            qCWarning(lcStream).noquote() << "ignored an unreadable notification from" << m_service << ':'
                                          << notification.error().message << notification.error().detail;
            return;
        }
        // Mastodon sends a notification on "user" and on "user:notification": report it once.
        if (firstTime(QString(QStringLiteral("n:") + notification->id)))
            Q_EMIT notificationArrived(notification.value());
    } else if (name == QLatin1String("status.update")) {
        auto status = Mastodon::parseStatus(event->payload);
        if (!status) {
            qCWarning(lcStream).noquote() << "ignored an unreadable edit from" << m_service << ':'
                                          << status.error().message << status.error().detail;
            return;
        }
        const QString key = QStringLiteral("e:") + status->id + QLatin1Char('|')
                            + status->editedAt.toString(Qt::ISODateWithMs) + QLatin1Char('|')
                            + QString::number(qHash(status->text));
        if (firstTime(key))
            Q_EMIT statusEdited(status.value());
    } else if (name == QLatin1String("delete")) {
        const QString id = QString::fromUtf8(event->payload).trimmed();
        if (id.isEmpty()) {
            qCWarning(lcStream).noquote() << "ignored a deletion without a status id from" << m_service;
            return;
        }
        if (firstTime(QString(QStringLiteral("d:") + id)))
            Q_EMIT statusDeleted(id);
    } else {
        // "update" (the home timeline), "filters_changed", "announcement", ...: not used.
        qCDebug(lcStream).noquote() << "ignored event" << name << "on" << event->stream;
    }
}

void MastodonStream::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_socket)
        return;
    const QString detail = m_socket->errorString();
    if (m_state == State::Connecting) {
        const int status = error == QAbstractSocket::ConnectionRefusedError ? handshakeStatus(detail) : 0;
        if (status)
            refuse(status, detail);
        else
            fail(Failure::ConnectFailed, detail);
    } else {
        fail(Failure::Dropped, detail);
    }
}

void MastodonStream::onSocketDisconnected()
{
    if (!m_socket)
        return;
    if (m_state == State::Connecting) {
        fail(Failure::ConnectFailed, QStringLiteral("closed during the upgrade"));
        return;
    }
    const QString reason = m_socket->closeReason();
    fail(Failure::ClosedByServer, QStringLiteral("close code %1%2")
                                      .arg(int(m_socket->closeCode()))
                                      .arg(reason.isEmpty() ? QString() : QString(QStringLiteral(": ") + reason)));
}

void MastodonStream::fail(Failure failure, const QString &detail)
{
    releaseSocket();
    const qint64 delay = m_backoff.delayMs(m_failures, QRandomGenerator::global()->generateDouble());
    m_failures = std::min(m_failures + 1, 30);
    m_pendingRetryMs = delay;
    m_state = State::Waiting;
    m_retryTimer->start(ms(delay));

    const QString wait = describeWait(delay);
    QString message;
    switch (failure) {
    case Failure::ConnectFailed:
        message = tr("The live connection to %1 could not be opened — retrying in %2.").arg(m_service, wait);
        break;
    case Failure::Timeout:
        message = tr("%1 did not answer the live connection in time — retrying in %2.").arg(m_service, wait);
        break;
    case Failure::Dropped:
        message = tr("The live connection to %1 dropped — reconnecting in %2.").arg(m_service, wait);
        break;
    case Failure::ClosedByServer:
        message = tr("%1 closed the live connection — reconnecting in %2.").arg(m_service, wait);
        break;
    case Failure::Silent:
        message = tr("The live connection to %1 stopped answering — reconnecting in %2.").arg(m_service, wait);
        break;
    }
    const Core::Error error = Core::Error::make(
        Core::Error::Code::NetworkError, message,
        tr("Nothing is lost: messages that arrive meanwhile are fetched by the regular sync."), detail);
    qCInfo(lcStream).noquote() << message << QString(QLatin1Char('(') + detail + QLatin1Char(')'));
    Q_EMIT disconnected(error);
}

void MastodonStream::refuse(int httpStatus, const QString &detail)
{
    if (httpStatus >= 500 || httpStatus == 429 || httpStatus == 408) {
        fail(Failure::ConnectFailed, detail); // passing trouble: back off and try again
        return;
    }
    releaseSocket();
    Core::Error error;
    if (httpStatus == 401) {
        // The token will not get better by itself: no retry until start() (a new token).
        m_state = State::Stopped;
        m_pendingRetryMs = 0;
        error = Core::Error::make(
            Core::Error::Code::TokenRevoked,
            tr("%1 refused the live connection: the account's token is invalid or was revoked — reconnect the account.")
                .arg(m_service),
            tr("Connect it again in File → Accounts, or with `careconsole account add`."), detail);
    } else {
        m_state = State::Unavailable;
        m_pendingRetryMs = m_unavailableRetryMs;
        m_retryTimer->start(ms(m_unavailableRetryMs));
        error = Core::Error::make(
            Core::Error::Code::Rejected,
            tr("%1 offers no live connection (HTTP %2) — new messages arrive with the regular sync instead.")
                .arg(m_service)
                .arg(httpStatus),
            tr("The live connection is tried again in %1.").arg(describeWait(m_unavailableRetryMs)), detail);
    }
    qCWarning(lcStream).noquote() << error.message << QString(QLatin1Char('(') + detail + QLatin1Char(')'));
    Q_EMIT unavailable(error);
}

} // namespace Care::Sync
