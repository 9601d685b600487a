#include "StreamingFront.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QUrl>
#include <QUrlQuery>
#include <QtWebSockets/QWebSocket>

namespace Care::Tests::Fake {

static const QString StreamUser = QStringLiteral("user");
static const QString StreamNotification = QStringLiteral("user:notification");

StreamingFront::StreamingFront(TokenCheck tokenCheck, QObject *parent)
    : QObject(parent)
    , m_tokenCheck(std::move(tokenCheck))
    , m_webSockets(QStringLiteral("fake-mastodon-streaming"), QWebSocketServer::NonSecureMode)
{
    connect(&m_tcp, &QTcpServer::newConnection, this, &StreamingFront::onTcpConnection);
    connect(&m_webSockets, &QWebSocketServer::newConnection, this, &StreamingFront::onWebSocket);
}

StreamingFront::~StreamingFront()
{
    closeAll();
}

bool StreamingFront::listen(quint16 port)
{
    return m_tcp.listen(QHostAddress::LocalHost, port);
}

quint16 StreamingFront::port() const
{
    return m_tcp.serverPort();
}

void StreamingFront::setAvailable(bool available)
{
    m_available = available;
    if (!available) {
        const QList<Client> clients = m_clients;
        for (const Client &client : clients)
            client.socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("streaming disabled"));
    }
}

int StreamingFront::clientCount() const
{
    return int(m_clients.size());
}

int StreamingFront::subscriberCount() const
{
    int count = 0;
    for (const Client &client : m_clients) {
        if (client.streams.contains(StreamUser) || client.streams.contains(StreamNotification))
            ++count;
    }
    return count;
}

void StreamingFront::closeAll()
{
    const QList<Client> clients = m_clients;
    m_clients.clear();
    for (const Client &client : clients) {
        client.socket->disconnect(this);
        client.socket->abort();
        client.socket->deleteLater();
    }
}

void StreamingFront::onTcpConnection()
{
    while (QTcpSocket *socket = m_tcp.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { inspectHandshake(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void StreamingFront::refuse(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &body)
{
    socket->disconnect(this);
    socket->write(QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
                             + "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                             + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body));
    socket->disconnectFromHost();
}

void StreamingFront::inspectHandshake(QTcpSocket *socket)
{
    // Read without consuming: the QWebSocketServer reads the same bytes again.
    const QByteArray head = socket->peek(socket->bytesAvailable());
    const int end = head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (head.size() > 16 * 1024)
            socket->abort();
        return; // partial
    }
    const QList<QByteArray> lines = head.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    const QUrl url(QString::fromLatin1(requestLine.value(1)));
    QHash<QByteArray, QByteArray> headers;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const int colon = lines[i].indexOf(':');
        if (colon > 0)
            headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    QString path = url.path();
    while (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);

    if (requestLine.value(0) != "GET")
        return refuse(socket, 400, "Bad Request", R"({"error":"Only GET is supported"})");
    if (!m_available)
        return refuse(socket, 404, "Not Found", R"({"error":"Not Found"})");
    if (path == QLatin1String("/api/v1/streaming/health")) {
        socket->disconnect(this);
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK");
        socket->disconnectFromHost();
        return;
    }
    if (path != QLatin1String("/api/v1/streaming"))
        return refuse(socket, 404, "Not Found", R"({"error":"Not Found"})");
    if (headers.value("upgrade").toLower() != "websocket")
        return refuse(socket, 400, "Bad Request", R"({"error":"Expected a WebSocket upgrade"})");

    QString token = QUrlQuery(url).queryItemValue(QStringLiteral("access_token"), QUrl::FullyDecoded);
    const QByteArray authorization = headers.value("authorization");
    if (authorization.startsWith("Bearer "))
        token = QString::fromUtf8(authorization.mid(7).trimmed());
    if (token.isEmpty())
        return refuse(socket, 401, "Unauthorized", R"({"error":"Missing access token"})");
    const QString tokenError = m_tokenCheck(token);
    if (!tokenError.isEmpty()) {
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), tokenError}}).toJson(QJsonDocument::Compact);
        return refuse(socket, 401, "Unauthorized", body);
    }

    socket->disconnect(this);
    disconnect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    m_webSockets.handleConnection(socket);
}

void StreamingFront::onWebSocket()
{
    while (QWebSocket *socket = m_webSockets.nextPendingConnection()) {
        Client client;
        client.socket = socket;
        const QUrlQuery query(socket->requestUrl());
        const QString stream = query.queryItemValue(QStringLiteral("stream"), QUrl::FullyDecoded);
        if (stream == StreamUser || stream == StreamNotification)
            client.streams.insert(stream);
        m_clients.append(client);
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &message) { onTextMessage(socket, message); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { removeClient(socket); });
        Q_EMIT clientsChanged();
    }
}

void StreamingFront::onTextMessage(QWebSocket *socket, const QString &message)
{
    const QJsonObject object = QJsonDocument::fromJson(message.toUtf8()).object();
    const QString type = object.value(QStringLiteral("type")).toString();
    const QString stream = object.value(QStringLiteral("stream")).toString();
    for (Client &client : m_clients) {
        if (client.socket != socket)
            continue;
        if (stream != StreamUser && stream != StreamNotification) {
            socket->sendTextMessage(QStringLiteral(R"({"error":"Unknown stream type","status":400})"));
        } else if (type == QLatin1String("subscribe")) {
            client.streams.insert(stream);
        } else if (type == QLatin1String("unsubscribe")) {
            client.streams.remove(stream);
        }
        Q_EMIT clientsChanged();
    }
}

void StreamingFront::removeClient(QWebSocket *socket)
{
    for (qsizetype i = 0; i < m_clients.size(); ++i) {
        if (m_clients[i].socket == socket) {
            m_clients.removeAt(i);
            socket->deleteLater();
            Q_EMIT clientsChanged();
            return;
        }
    }
}

void StreamingFront::broadcast(const QString &event, const QString &payload, const QStringList &streams)
{
    const bool drop = m_dropArmed;
    m_dropArmed = false;
    const QList<Client> clients = m_clients;
    for (const Client &client : clients) {
        QStringList names(client.streams.cbegin(), client.streams.cend());
        names.sort();
        for (const QString &name : std::as_const(names)) {
            if (!streams.contains(name))
                continue;
            const QString text = QString::fromUtf8(
                QJsonDocument(QJsonObject{{QStringLiteral("stream"), QJsonArray{name}},
                                          {QStringLiteral("event"), event},
                                          {QStringLiteral("payload"), payload}})
                    .toJson(QJsonDocument::Compact));
            if (drop) {
                client.socket->sendTextMessage(text.left(text.size() / 2));
                client.socket->flush();
                client.socket->abort();
                break;
            }
            client.socket->sendTextMessage(text);
        }
    }
}

} // namespace Care::Tests::Fake
