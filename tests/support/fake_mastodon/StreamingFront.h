#pragma once

// The streaming side of the fake Mastodon instance. A QTcpServer on 127.0.0.1 reads each
// connection's HTTP upgrade request itself, answers 401/404/400 with a real HTTP status when
// the token, the path or the availability is wrong, and hands good handshakes to a
// QWebSocketServer (handleConnection) that never listens on its own. Internal to
// care_fake_mastodon.

#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QtWebSockets/QWebSocketServer>

#include <functional>

class QTcpSocket;
class QWebSocket;

namespace Care::Tests::Fake {

class StreamingFront : public QObject
{
    Q_OBJECT

public:
    // Answers an empty string for a valid token, otherwise the error text of the 401.
    using TokenCheck = std::function<QString(const QString &token)>;

    StreamingFront(TokenCheck tokenCheck, QObject *parent = nullptr);
    ~StreamingFront() override;

    bool listen(quint16 port = 0);
    quint16 port() const;

    // When unavailable, handshakes get 404 and connected clients are closed (1001 going away).
    void setAvailable(bool available);
    bool isAvailable() const { return m_available; }

    int clientCount() const;
    int subscriberCount() const; // clients subscribed to "user" or "user:notification"

    // Sends {"stream":[name],"event":event,"payload":payload} to every client subscribed to one
    // of `streams`, once per matching subscription.
    void broadcast(const QString &event, const QString &payload, const QStringList &streams);

    // The next broadcast is cut: each receiving client gets the first half of the event's text
    // as one text message (not valid JSON), then its TCP connection is aborted without a close
    // frame (a Qt 6.4 QWebSocket reports error RemoteHostClosedError; closeCode() stays 1000).
    void armDropMidEvent() { m_dropArmed = true; }

    void closeAll();

Q_SIGNALS:
    void clientsChanged();

private:
    struct Client
    {
        QWebSocket *socket = nullptr;
        QSet<QString> streams;
    };

    void onTcpConnection();
    void inspectHandshake(QTcpSocket *socket);
    void refuse(QTcpSocket *socket, int status, const QByteArray &reason, const QByteArray &body);
    void onWebSocket();
    void onTextMessage(QWebSocket *socket, const QString &message);
    void removeClient(QWebSocket *socket);

    TokenCheck m_tokenCheck;
    QTcpServer m_tcp;
    QWebSocketServer m_webSockets;
    QList<Client> m_clients;
    bool m_available = true;
    bool m_dropArmed = false;
};

} // namespace Care::Tests::Fake
