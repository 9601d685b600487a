#pragma once

#include "sync/Backoff.h"
#include "sync/RateLimit.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>
#include <atomic>
#include <functional>
#include <optional>

class QNetworkAccessManager;

namespace Care::Sync {

struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int timeoutMs = 0; // 0: the client's default
    // GETs are retried a few times on 5xx and network errors (with back-off and jitter);
    // writes never are: the outbox decides what happens to them.
    bool retryable = true;
    // For a write the server cannot recognise when it comes twice (no idempotency key, no
    // record key): Qt's network stack otherwise sends a request again by itself when an
    // HTTP/1.1 connection closes before the answer, which would do the write twice. With this
    // set, that becomes a failure whose outcome is unknown (outcomeUnknown()), to be read back.
    bool neverRepeat = false;
    // The rate-limit budget this request counts against, when the platform keeps one per
    // endpoint (X: "GET /2/dm_events" has 15 a quarter hour, mentions 300): its budget is
    // kept and spaced on its own. Empty: one budget per host and credentials.
    QString budget;
    // A body larger than this is not read to the end: the transfer is abandoned and the
    // response marked tooLarge (a stranger's server must not fill the memory). 0: no cap.
    qint64 maxBodyBytes = 0;
};

struct HttpResponse
{
    int status = 0; // 0 when no HTTP answer arrived
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorText; // Qt's technical text, for details and logs
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool timedOut = false;
    bool refusedRedirect = false;
    bool rateLimitedLocally = false; // not sent: the budget was spent until `retryAfterMs`
    bool skipped = false;            // not sent: the client is shutting down
    bool interrupted = false;        // in flight when the client shut down: it may have arrived
    bool tooLarge = false;           // the body grew past the request's maxBodyBytes
    std::optional<qint64> retryAfterMs; // from Retry-After, or the budget's reset

    bool ok() const { return networkError == QNetworkReply::NoError && status >= 200 && status < 300; }
    QByteArray header(const QByteArray &name) const;
    bool isJson() const;
    // True when the request may have reached the server although no answer came back (the
    // connection dropped or timed out after sending): for writes, the outcome is unknown.
    bool outcomeUnknown() const;
    // True when the request certainly never reached the server (refused, no such host).
    bool neverSent() const;
};

// The one HTTP client every connector uses (Qt Network). Blocking per call on the calling
// thread's event loop, so it belongs on a sync worker thread or a headless command, never
// the GUI thread. It reads each response's rate-limit headers and keeps within budget,
// honours 429 and Retry-After, backs off with jitter on 5xx and network errors (GETs only),
// applies timeouts, never follows a redirect to another host (credentials would leak), and
// fails closed on TLS errors.
class HttpClient
{
public:
    explicit HttpClient(QNetworkAccessManager *manager = nullptr);
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    HttpResponse send(const HttpRequest &request);

    // The budget the server announced for these credentials on this host (platforms count
    // per token: two accounts on one instance have a budget each).
    std::optional<RateLimit> rateLimit(const QString &host, const QByteArray &authorization = {},
                                       const QString &budget = {}) const;
    static QString budgetKey(const QString &host, const QByteArray &authorization, const QString &budget = {});
    // Longest wait the client accepts inline (Retry-After, spacing); longer waits are
    // returned to the caller as a rate-limited response to schedule later.
    void setMaxInlineWaitMs(qint64 ms) { m_maxInlineWaitMs = ms; }
    void setRetries(int retries) { m_retries = retries; }
    // No answer within this time (per transfer, reset while data flows) fails the request.
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setBackoff(Backoff backoff) { m_backoff = backoff; }
    // Set from another thread when the program stops: requests not yet sent are skipped and
    // the one in flight is abandoned (reported as interrupted), so a sync ends quickly.
    void setCancelFlag(const std::atomic_bool *cancelled) { m_cancelled = cancelled; }
    // Test seam: random numbers for jitter.
    void setRandom(std::function<double()> random) { m_random = std::move(random); }

private:
    HttpResponse sendOnce(const HttpRequest &request);
    void wait(qint64 ms);

    QNetworkAccessManager *m_manager;
    bool m_ownsManager = false;
    QHash<QString, RateLimit> m_limits;
    qint64 m_maxInlineWaitMs = 10000;
    int m_retries = 2;
    int m_timeoutMs = 30000;
    Backoff m_backoff{500, 8000};
    std::function<double()> m_random;
    const std::atomic_bool *m_cancelled = nullptr;
};

} // namespace Care::Sync
