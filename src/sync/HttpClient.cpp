#include "sync/HttpClient.h"

#include <QCryptographicHash>
#include <QEventLoop>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QTimer>

#include <cstring>

Q_LOGGING_CATEGORY(lcHttp, "care.sync.http")

namespace Care::Sync {

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &pair : headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

bool HttpResponse::isJson() const
{
    const QByteArray type = header("content-type").toLower();
    return type.startsWith("application/json") || type.contains("+json");
}

bool HttpResponse::outcomeUnknown() const
{
    if (status != 0)
        return false;
    if (interrupted)
        return true;
    switch (networkError) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ContentReSendError: // sent once; Qt's repeat was refused (neverRepeat)
        return !refusedRedirect;
    default:
        return timedOut;
    }
}

bool HttpResponse::neverSent() const
{
    if (rateLimitedLocally || refusedRedirect || skipped)
        return true;
    switch (networkError) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return true;
    default:
        return false;
    }
}

HttpClient::HttpClient(QNetworkAccessManager *manager)
    : m_manager(manager)
{
    if (!m_manager) {
        m_manager = new QNetworkAccessManager;
        m_ownsManager = true;
    }
    m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

HttpClient::~HttpClient()
{
    if (m_ownsManager)
        delete m_manager;
}

QString HttpClient::budgetKey(const QString &host, const QByteArray &authorization, const QString &budget)
{
    const QString endpoint = budget.isEmpty() ? QString() : QString(QLatin1Char('|') + budget);
    if (authorization.isEmpty())
        return host + endpoint;
    // A digest, never the token itself, names the budget.
    return host + QLatin1Char('#')
           + QString::fromLatin1(QCryptographicHash::hash(authorization, QCryptographicHash::Sha256).toHex().left(16)) + endpoint;
}

std::optional<RateLimit> HttpClient::rateLimit(const QString &host, const QByteArray &authorization,
                                               const QString &budget) const
{
    const QString key = budgetKey(host, authorization, budget);
    if (!m_limits.contains(key))
        return std::nullopt;
    return m_limits.value(key);
}

namespace {

// A request body that can be read once only: Qt cannot rewind it to send the request again
// by itself (HttpRequest::neverRepeat).
class OneShotBody : public QIODevice
{
public:
    explicit OneShotBody(QByteArray data)
        : m_data(std::move(data))
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_pos + QIODevice::bytesAvailable(); }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = std::min<qint64>(maxSize, m_data.size() - m_pos);
        std::memcpy(data, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};

QByteArray authorizationOf(const HttpRequest &request)
{
    for (const auto &header : request.headers) {
        if (header.first.compare("authorization", Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

} // namespace

void HttpClient::wait(qint64 ms)
{
    if (ms <= 0)
        return;
    QEventLoop loop;
    QTimer::singleShot(int(ms), &loop, &QEventLoop::quit);
    loop.exec();
}

HttpResponse HttpClient::send(const HttpRequest &request)
{
    const QString host = request.url.host();
    for (int attempt = 0;; ++attempt) {
        if (m_cancelled && m_cancelled->load()) {
            HttpResponse skipped;
            skipped.skipped = true;
            skipped.networkError = QNetworkReply::OperationCanceledError;
            skipped.errorText = QStringLiteral("skipped: the program is stopping");
            return skipped;
        }
        // Keep within the announced budget: when it is spent, wait for the reset if that is
        // soon, otherwise hand the wait back to the scheduler; when it runs low, spread the
        // remaining requests over the window instead of bursting.
        if (auto limit = rateLimit(host, authorizationOf(request), request.budget); limit && limit->known()) {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            const bool low = limit->limit > 0 ? limit->remaining * 10 < limit->limit : limit->remaining < 5;
            if (limit->remaining <= 0 || low) {
                const qint64 spacing = limit->spacingMs(now);
                if (spacing > m_maxInlineWaitMs) {
                    HttpResponse limited;
                    limited.rateLimitedLocally = true;
                    limited.status = 429;
                    limited.retryAfterMs = spacing;
                    return limited;
                }
                wait(spacing);
            }
        }
        HttpResponse response = sendOnce(request);
        if (!request.retryable || attempt >= m_retries)
            return response;
        const bool serverTrouble = response.status == 429 || response.status >= 500;
        const bool networkTrouble = response.status == 0 && !response.refusedRedirect && !response.tooLarge
                                    && response.networkError != QNetworkReply::SslHandshakeFailedError
                                    && response.networkError != QNetworkReply::HostNotFoundError;
        if (!serverTrouble && !networkTrouble)
            return response;
        qint64 delay = m_backoff.delayMs(attempt, m_random());
        if (response.retryAfterMs)
            delay = *response.retryAfterMs;
        if (delay > m_maxInlineWaitMs)
            return response;
        qCInfo(lcHttp) << "retrying" << request.method << request.url.path() << "after" << delay << "ms; status"
                       << response.status << response.errorText;
        wait(delay);
    }
}

HttpResponse HttpClient::sendOnce(const HttpRequest &request)
{
    QNetworkRequest req(request.url);
    for (const auto &header : request.headers)
        req.setRawHeader(header.first, header.second);
    req.setTransferTimeout(request.timeoutMs > 0 ? request.timeoutMs : m_timeoutMs);
    // Redirects are checked one by one: same scheme, host and port only.
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::UserVerifiedRedirectPolicy);

    QNetworkReply *reply = nullptr;
    if (request.neverRepeat && !request.body.isEmpty()) {
        auto *body = new OneShotBody(request.body);
        req.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
        req.setHeader(QNetworkRequest::ContentLengthHeader, request.body.size());
        reply = m_manager->sendCustomRequest(req, request.method, body);
        body->setParent(reply);
    } else {
        reply = m_manager->sendCustomRequest(req, request.method, request.body);
    }
    HttpResponse response;
    QObject::connect(reply, &QNetworkReply::redirected, reply, [&, reply](const QUrl &target) {
        const QUrl resolved = request.url.resolved(target);
        if (resolved.scheme() == request.url.scheme() && resolved.host() == request.url.host()
            && resolved.port() == request.url.port()) {
            emit reply->redirectAllowed();
        } else {
            qCWarning(lcHttp) << "refused a redirect from" << request.url.host() << "to" << resolved.host();
            response.refusedRedirect = true;
            reply->abort();
        }
    });
    if (request.maxBodyBytes > 0) {
        QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [&, reply](qint64 received, qint64 total) {
            if (received > request.maxBodyBytes || total > request.maxBodyBytes) {
                response.tooLarge = true;
                reply->abort();
            }
        });
    }
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (!reply->isFinished()) {
        // The thread's event loops were told to quit (the program is stopping).
        response.interrupted = true;
        QObject::disconnect(reply, nullptr, nullptr, nullptr);
        reply->abort();
    }

    response.networkError = reply->error();
    response.errorText = reply->errorString();
    response.timedOut = reply->error() == QNetworkReply::OperationCanceledError && !response.refusedRedirect
                        && !response.interrupted && !response.tooLarge;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    response.status = status.isValid() ? status.toInt() : 0;
    for (const auto &pair : reply->rawHeaderPairs())
        response.headers << qMakePair(pair.first, pair.second);
    if (reply->isOpen())
        response.body = reply->readAll();
    reply->deleteLater();

    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (auto limit = RateLimit::fromHeaders(response.headers))
        m_limits.insert(budgetKey(request.url.host(), authorizationOf(request), request.budget), *limit);
    if (response.status == 429 || response.status == 503) {
        response.retryAfterMs = Backoff::parseRetryAfter(response.header("retry-after"), now);
        if (!response.retryAfterMs) {
            if (auto limit = rateLimit(request.url.host(), authorizationOf(request), request.budget);
                limit && limit->resetAt.isValid())
                response.retryAfterMs = std::max<qint64>(0, now.msecsTo(limit->resetAt));
        }
    }
    return response;
}

} // namespace Care::Sync
