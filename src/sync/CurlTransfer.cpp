#include "sync/CurlTransfer.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QLoggingCategory>
#include <curl/curl.h>
#include <cstring>
#include <mutex>

Q_LOGGING_CATEGORY(lcMail, "care.sync.mail")

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::CurlTransfer)
};

using Code = Core::Error::Code;

struct Sink
{
    QByteArray data;
    qint64 max = 0;
    bool exceeded = false;
};

size_t writeToSink(char *ptr, size_t size, size_t count, void *user)
{
    auto *sink = static_cast<Sink *>(user);
    const size_t bytes = size * count;
    if (sink->data.size() + qint64(bytes) > sink->max) {
        sink->exceeded = true;
        return 0; // stops the transfer
    }
    sink->data.append(ptr, qsizetype(bytes));
    return bytes;
}

struct Source
{
    const QByteArray *data = nullptr;
    qsizetype offset = 0;
    bool started = false;
};

size_t readFromSource(char *buffer, size_t size, size_t count, void *user)
{
    auto *source = static_cast<Source *>(user);
    source->started = true;
    const size_t room = size * count;
    const size_t left = size_t(source->data->size() - source->offset);
    const size_t n = std::min(room, left);
    std::memcpy(buffer, source->data->constData() + source->offset, n);
    source->offset += qsizetype(n);
    return n;
}

void globalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What the server says while idling, line by line (libcurl hands IMAP response lines to the
// header callback): the continuation "+ idling" first, then untagged updates.
struct IdleWatch
{
    bool idling = false;
    bool newMail = false;
    const std::atomic_bool *stop = nullptr;
};

size_t watchIdle(char *ptr, size_t size, size_t count, void *user)
{
    auto *watch = static_cast<IdleWatch *>(user);
    const QByteArray line = QByteArray(ptr, qsizetype(size * count)).trimmed();
    if (line.startsWith("+ "))
        watch->idling = true;
    else if (watch->idling && line.startsWith("* ") && line.endsWith(" EXISTS"))
        watch->newMail = true;
    return watch->newMail ? 0 : size * count; // 0: hang up, the news is in
}

int stopIdle(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto *watch = static_cast<IdleWatch *>(user);
    return watch->stop && watch->stop->load() ? 1 : 0;
}

} // namespace

bool MailServer::implicitTls() const
{
    const QString scheme = url.scheme().toLower();
    return scheme == QLatin1String("imaps") || scheme == QLatin1String("smtps");
}

bool MailServer::isLoopback() const
{
    const QString host = url.host().toLower();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

CurlTransfer::CurlTransfer(MailServer server)
    : m_server(std::move(server))
{
    globalInit();
    m_curl = curl_easy_init();
}

CurlTransfer::~CurlTransfer()
{
    if (m_curl)
        curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

void CurlTransfer::prepare(const QString &path)
{
    CURL *curl = static_cast<CURL *>(m_curl);
    // Options of the previous request (custom command, upload) must not leak into this one.
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, m_errorBuffer);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(m_server.timeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_USERNAME, m_server.user.toUtf8().constData());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, m_server.password.toUtf8().constData());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, long(m_server.allowPlain ? CURLUSESSL_NONE : CURLUSESSL_ALL));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "imap,imaps,smtp,smtps");
    m_errorBuffer[0] = 0;
    m_sizeExceeded = false;
    QUrl url = m_server.url; // libcurl copies the string
    url.setUserInfo({});
    url.setPath(path);
    curl_easy_setopt(curl, CURLOPT_URL, url.toString(QUrl::FullyEncoded).toUtf8().constData());
}

long CurlTransfer::responseCode() const
{
    long code = 0;
    curl_easy_getinfo(static_cast<CURL *>(m_curl), CURLINFO_RESPONSE_CODE, &code);
    return code;
}

Core::Result<QByteArray> CurlTransfer::request(const QString &path, const QByteArray &customRequest, qint64 maxBytes)
{
    if (!m_curl)
        return Core::Error::make(Code::Unknown, Strings::tr("The mail library could not start."));
    prepare(path);
    CURL *curl = static_cast<CURL *>(m_curl);
    if (!customRequest.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, customRequest.constData());
    Sink sink;
    sink.max = maxBytes;
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, writeToSink);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    const CURLcode code = curl_easy_perform(curl);
    if (code == CURLE_WRITE_ERROR && sink.exceeded) {
        m_sizeExceeded = true;
        return Core::Error::make(Code::BadResponse, Strings::tr("An e-mail on %1 is too large to read.").arg(serverName()));
    }
    if (code != CURLE_OK)
        return errorFor(code, QString::fromUtf8(m_errorBuffer[0] ? m_errorBuffer : curl_easy_strerror(code)));
    return sink.data;
}

Core::Result<bool> CurlTransfer::idle(const QString &path, int seconds, const std::atomic_bool *stop)
{
    if (!m_curl)
        return Core::Error::make(Code::Unknown, Strings::tr("The mail library could not start."));
    prepare(path);
    CURL *curl = static_cast<CURL *>(m_curl);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "IDLE");
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(seconds));
    IdleWatch watch;
    watch.stop = stop;
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, watchIdle);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &watch);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, stopIdle);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &watch);
    Sink sink; // untagged lines libcurl passes as data instead
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, writeToSink);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L); // never reuse a connection left in IDLE
    const CURLcode code = curl_easy_perform(curl);
    if (watch.newMail || sink.data.contains(" EXISTS"))
        return true;
    if (code == CURLE_ABORTED_BY_CALLBACK || (code == CURLE_OPERATION_TIMEDOUT && watch.idling))
        return false;
    if (code == CURLE_OK) // the server ended IDLE itself
        return false;
    return errorFor(code, QString::fromUtf8(m_errorBuffer[0] ? m_errorBuffer : curl_easy_strerror(code)));
}

Core::Status CurlTransfer::sendMail(const QByteArray &from, const QList<QByteArray> &recipients, const QByteArray &message,
                                    bool *reachedData)
{
    if (!m_curl)
        return Core::Error::make(Code::Unknown, Strings::tr("The mail library could not start."));
    prepare(QString());
    CURL *curl = static_cast<CURL *>(m_curl);
    const QByteArray envelopeFrom = '<' + from + '>';
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelopeFrom.constData());
    curl_slist *rcpt = nullptr;
    QList<QByteArray> quoted;
    for (const QByteArray &r : recipients)
        quoted << '<' + r + '>';
    for (const QByteArray &r : std::as_const(quoted))
        rcpt = curl_slist_append(rcpt, r.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    Source source;
    source.data = &message;
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readFromSource);
    curl_easy_setopt(curl, CURLOPT_READDATA, &source);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.size()));
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(rcpt);
    if (reachedData)
        *reachedData = source.started;
    if (code == CURLE_OK)
        return {};
    const QString text = QString::fromUtf8(m_errorBuffer[0] ? m_errorBuffer : curl_easy_strerror(code));
    const long smtpCode = responseCode();
    if (smtpCode >= 500 && smtpCode < 600 && code != CURLE_LOGIN_DENIED)
        return Core::Error::make(Code::Rejected, Strings::tr("%1 refused the e-mail.").arg(serverName()),
                                 Strings::tr("The server said: %1").arg(text), QString::number(smtpCode));
    if (smtpCode >= 400 && smtpCode < 500)
        return Core::Error::make(Code::ServerError, Strings::tr("%1 cannot take the e-mail right now.").arg(serverName()),
                                 Strings::tr("It is sent again automatically."), text);
    return errorFor(code, text);
}

Core::Error CurlTransfer::errorFor(int code, const QString &curlText) const
{
    const QString server = serverName();
    switch (CURLcode(code)) {
    case CURLE_LOGIN_DENIED:
        return Core::Error::make(Code::TokenRevoked,
                                 Strings::tr("%1 refused the user name or password of %2.").arg(server, m_server.user),
                                 Strings::tr("Check them and connect the account again."), curlText);
    case CURLE_USE_SSL_FAILED:
        return Core::Error::make(Code::Rejected, Strings::tr("%1 does not offer an encrypted connection.").arg(server),
                                 Strings::tr("Use the server's TLS address (imaps:// or smtps://); a server on this "
                                             "computer may be allowed plain text when the account is added."),
                                 curlText);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
        return Core::Error::make(Code::Rejected, Strings::tr("The encrypted connection to %1 failed.").arg(server),
                                 Strings::tr("Check the server's address and its certificate."), curlText);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        return Core::Error::make(Code::NetworkError, Strings::tr("%1 is unreachable.").arg(server),
                                 Strings::tr("Nothing is lost; it is retried automatically."), curlText);
    case CURLE_OPERATION_TIMEDOUT:
        return Core::Error::make(Code::NetworkError, Strings::tr("%1 did not answer in time.").arg(server),
                                 Strings::tr("Nothing is lost; it is retried automatically."), curlText);
    case CURLE_REMOTE_FILE_NOT_FOUND:
        return Core::Error::make(Code::NotFound, Strings::tr("The mailbox or message is gone on %1.").arg(server), {},
                                 curlText);
    case CURLE_REMOTE_ACCESS_DENIED:
        return Core::Error::make(Code::Rejected, Strings::tr("%1 refused access to the mailbox.").arg(server),
                                 Strings::tr("Check the account's rights on the server."), curlText);
    default:
        return Core::Error::make(Code::BadResponse, Strings::tr("%1 sent an answer that could not be read.").arg(server),
                                 Strings::tr("Nothing is lost; it is retried automatically."), curlText);
    }
}

} // namespace Care::Sync
