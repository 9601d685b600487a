#pragma once

#include "core/Error.h"
#include "sync/Backoff.h"
#include "sync/MastodonJson.h"

#include <QAbstractSocket>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

class QTimer;
class QWebSocket;

namespace Care::Sync {

// Near-instant arrival through Mastodon's streaming API (docs.joinmastodon.org, "streaming"):
// one WebSocket to <streamingBase>/api/v1/streaming?stream=user:notification, authenticated
// with "Authorization: Bearer" (never in the URL, never logged), subscribed to
// "user:notification" (mentions, direct messages) and "user" (edits and deletions, which
// Mastodon sends there only). An event seen on both streams is reported once.
//
// Lives on the thread that created it (or was moved to); call start() and stop() there. Its
// sockets and timers are created in start(), so moving it to another thread before start() is
// fine.
//
// What the owner does with the signals:
//  - gapPossible(): after every (re)connect; poll once to fetch what arrived while the stream
//    was not live (the stream never replays).
//  - disconnected(error): the stream is down and reconnects by itself after a back-off
//    (exponential with jitter, starting again from the shortest delay once a connection has
//    been stable); the error says when. Polling carries on meanwhile.
//  - unavailable(error): the instance offers no stream (404 or another refused upgrade): fall
//    back to polling; the stream tries again only after unavailableRetryMs (default 30 min).
//    With error.code TokenRevoked (401) it does not try again until start() is called.
//
// Unreadable events (malformed JSON, a half event from a cut connection) are logged without
// their content and ignored.
class MastodonStream : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Stopped,     // not started, stopped, or refused for the token
        Connecting,  // handshake under way
        Live,        // connected and subscribed
        Waiting,     // down; the next attempt is scheduled (pendingRetryMs())
        Unavailable, // the instance offers no stream; the next attempt is far away
    };
    Q_ENUM(State)

    // `streamingBase` is configuration.urls.streaming of GET /api/v2/instance ("wss://host");
    // http(s) is turned into ws(s).
    MastodonStream(QUrl streamingBase, QString token, QObject *parent = nullptr);
    ~MastodonStream() override;

    void start(); // connects; does nothing when already started
    void stop();  // closes the connection and cancels every retry; emits nothing

    State state() const { return m_state; }
    bool isLive() const { return m_state == State::Live; }
    QUrl endpoint() const;         // the URL opened (without the token)
    qint64 pendingRetryMs() const; // the delay chosen for the scheduled attempt; 0 when none

    // Tuning, mostly for tests; takes effect from the next attempt.
    void setBackoff(Backoff backoff) { m_backoff = backoff; }              // default 2 s .. 5 min
    void setStableAfterMs(qint64 ms) { m_stableAfterMs = ms; }             // default 60 s
    void setUnavailableRetryMs(qint64 ms) { m_unavailableRetryMs = ms; }   // default 30 min
    void setHandshakeTimeoutMs(qint64 ms) { m_handshakeTimeoutMs = ms; }   // default 30 s
    void setKeepAliveMs(qint64 ms) { m_keepAliveMs = ms; }                 // ping period, 0: off; default 60 s
    void setServiceName(const QString &name) { m_service = name; }         // default: the host

Q_SIGNALS:
    void connected();
    void gapPossible();
    void notificationArrived(const Care::Sync::Mastodon::Notification &notification);
    void statusEdited(const Care::Sync::Mastodon::Status &status);
    void statusDeleted(const QString &id);
    void disconnected(const Care::Core::Error &error);
    void unavailable(const Care::Core::Error &error);

private:
    enum class Failure {
        ConnectFailed,  // no connection or the handshake failed for a passing reason
        Timeout,        // the handshake got no answer
        Dropped,        // a live connection was lost without a close frame
        ClosedByServer, // a live connection got a close frame
        Silent,         // a live connection stopped answering pings
    };

    void openSocket();
    void onConnected();
    void onTextMessage(const QString &message);
    void onSocketError(QAbstractSocket::SocketError error);
    void onSocketDisconnected();
    void onKeepAlive();
    void releaseSocket();
    void fail(Failure failure, const QString &detail);
    void refuse(int httpStatus, const QString &detail);
    bool firstTime(const QString &key);

    QUrl m_base;
    QString m_token;
    QString m_service;
    Backoff m_backoff{2000, 5 * 60 * 1000};
    qint64 m_stableAfterMs = 60 * 1000;
    qint64 m_unavailableRetryMs = 30 * 60 * 1000;
    qint64 m_handshakeTimeoutMs = 30 * 1000;
    qint64 m_keepAliveMs = 60 * 1000;

    State m_state = State::Stopped;
    QWebSocket *m_socket = nullptr;
    QTimer *m_retryTimer = nullptr;
    QTimer *m_handshakeTimer = nullptr;
    QTimer *m_stableTimer = nullptr;
    QTimer *m_keepAliveTimer = nullptr;
    int m_failures = 0; // consecutive, for the back-off; reset by a stable connection
    qint64 m_pendingRetryMs = 0;
    bool m_awaitingPong = false;
    QStringList m_recentKeys; // events already reported, oldest first (bounded)
    QSet<QString> m_recentSet;
};

} // namespace Care::Sync
