#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <atomic>
#include <memory>

namespace Care::Sync {

// Where and how a mail connector talks to its IMAP or SMTP server.
struct MailServer
{
    QUrl url;           // imap://, imaps://, smtp://, smtps:// with host and port
    QString user;
    QString password;
    bool allowPlain = false; // no TLS at all: only for a loopback or test server, when the administrator said so
    int timeoutSeconds = 60;

    bool implicitTls() const;
    bool isLoopback() const;
};

// One libcurl easy handle (libcurl: IMAP and SMTP, never a hand-written protocol client),
// kept across requests so the connection is reused. Synchronous: runs on the sync thread.
// TLS is required (STARTTLS on imap:// and smtp://, TLS from the start on imaps:// and smtps://)
// unless the server allows plain text. Failures become Core::Errors in words for the agent.
class CurlTransfer
{
public:
    explicit CurlTransfer(MailServer server);
    ~CurlTransfer();
    CurlTransfer(const CurlTransfer &) = delete;
    CurlTransfer &operator=(const CurlTransfer &) = delete;

    const MailServer &server() const { return m_server; }

    // Runs a request on `url` (the server's URL with a path), with `customRequest` as the
    // command when given; returns what the server wrote, up to `maxBytes`.
    Core::Result<QByteArray> request(const QString &path, const QByteArray &customRequest = {},
                                     qint64 maxBytes = 1 << 20);
    // SMTP: sends `message` from `from` to every recipient. `reachedData` tells afterwards whether
    // the message itself started going out (an unclear outcome from then on).
    Core::Status sendMail(const QByteArray &from, const QList<QByteArray> &recipients, const QByteArray &message,
                          bool *reachedData);
    // IMAP IDLE (RFC 2177) on `path` (a selected mailbox) for up to `seconds`: true as soon as the
    // server announces a new message (EXISTS), false when the time is up or `stop` was set. The
    // connection is closed afterwards (IDLE is left by hanging up), so use a transfer of its own.
    // Fails when the server refuses IDLE (then polling is all there is).
    Core::Result<bool> idle(const QString &path, int seconds, const std::atomic_bool *stop);
    // The last response code of the server (SMTP 250/550, IMAP has none).
    long responseCode() const;
    bool sizeExceeded() const { return m_sizeExceeded; }

    // A short name of the server for messages: "imap.example.com".
    QString serverName() const { return m_server.url.host(); }

private:
    Core::Error errorFor(int code, const QString &curlText) const;
    // Resets the handle for a new request on `path` of the server.
    void prepare(const QString &path);

    MailServer m_server;
    void *m_curl = nullptr;
    char m_errorBuffer[256] = {};
    bool m_sizeExceeded = false;
};

} // namespace Care::Sync
