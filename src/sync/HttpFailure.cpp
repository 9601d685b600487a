#include "sync/HttpFailure.h"

#include "sync/HttpClient.h"

#include <QCoreApplication>

namespace Care::Sync {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::HttpFailure)
};

QString technical(const HttpResponse &response)
{
    QString detail = response.errorText;
    if (response.status)
        detail = QStringLiteral("HTTP %1 %2").arg(response.status).arg(detail);
    return detail;
}

} // namespace

QString describeWait(qint64 ms)
{
    const qint64 seconds = (ms + 999) / 1000;
    if (seconds < 60)
        return Strings::tr("%n s", nullptr, int(std::max<qint64>(1, seconds)));
    const qint64 minutes = (seconds + 59) / 60;
    if (minutes < 120)
        return Strings::tr("%n min", nullptr, int(minutes));
    return Strings::tr("%n h", nullptr, int((minutes + 59) / 60));
}

Error describeHttpFailure(const HttpResponse &response, const QString &service, const QString &platformMessage)
{
    using Code = Core::Error::Code;
    const QString detail = platformMessage.isEmpty() ? technical(response)
                                                     : QString(technical(response) + QStringLiteral(": ") + platformMessage);
    if (response.skipped || response.interrupted)
        return Core::Error::make(Code::NetworkError,
                                 Strings::tr("Syncing with %1 stopped because Care Console was closing.").arg(service),
                                 Strings::tr("It carries on at the next start; nothing is lost."), detail);
    if (response.refusedRedirect)
        return Core::Error::make(Code::Rejected,
                                 Strings::tr("%1 redirected the request to another server; it was not followed, so the "
                                    "account's token stays with %1.").arg(service),
                                 Strings::tr("Check the account's server address."), detail);
    if (response.status == 429 || response.rateLimitedLocally) {
        const QString wait = response.retryAfterMs ? describeWait(*response.retryAfterMs) : Strings::tr("a few minutes");
        return Core::Error::make(Code::RateLimited,
                                 Strings::tr("%1's request limit is used up for now — syncing resumes in %2.").arg(service, wait),
                                 {}, detail);
    }
    if (response.status == 403)
        return Core::Error::make(Code::Rejected,
                                 Strings::tr("%1 did not allow this (HTTP 403): the account's token may lack a permission.")
                                     .arg(service),
                                 Strings::tr("Connect the account again and allow read and write access."), detail);
    if (response.status == 401)
        return Core::Error::make(Code::TokenRevoked,
                                 Strings::tr("Token revoked or expired on %1 — reconnect the account.").arg(service),
                                 Strings::tr("Connect it again in File → Accounts, or with `careconsole account add`."),
                                 detail);
    if (response.status >= 500)
        return Core::Error::make(Code::ServerError, Strings::tr("%1 is having trouble (HTTP %2).").arg(service).arg(response.status),
                                 Strings::tr("Nothing is lost; it is retried automatically."), detail);
    if (response.status >= 400)
        return Core::Error::make(Code::Rejected,
                                 platformMessage.isEmpty()
                                     ? Strings::tr("%1 refused the request (HTTP %2).").arg(service).arg(response.status)
                                     : Strings::tr("%1 refused the request: %2").arg(service, platformMessage),
                                 {}, detail);
    switch (response.networkError) {
    case QNetworkReply::NoError:
        break;
    case QNetworkReply::HostNotFoundError:
        return Core::Error::make(Code::NetworkError, Strings::tr("%1 could not be found — check the address or the network.").arg(service),
                                 Strings::tr("Nothing is lost; it is retried automatically."), detail);
    case QNetworkReply::ConnectionRefusedError:
        return Core::Error::make(Code::NetworkError, Strings::tr("%1 is unreachable (connection refused).").arg(service),
                                 Strings::tr("Nothing is lost; it is retried automatically."), detail);
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::InsecureRedirectError:
        return Core::Error::make(Code::NetworkError,
                                 Strings::tr("The secure connection to %1 could not be verified, so nothing was sent.").arg(service),
                                 Strings::tr("The server's certificate is not trusted (or something intercepts the connection). "
                                    "Ask IT before connecting again."),
                                 detail);
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return Core::Error::make(Code::NetworkError, Strings::tr("%1 did not answer in time.").arg(service),
                                 Strings::tr("Nothing is lost; it is retried automatically."), detail);
    default:
        return Core::Error::make(Code::NetworkError, Strings::tr("The connection to %1 failed.").arg(service),
                                 Strings::tr("Nothing is lost; it is retried automatically."), detail);
    }
    if (!response.isJson())
        return Core::Error::make(Code::BadResponse,
                                 Strings::tr("%1 answered with something other than data (perhaps a maintenance page).").arg(service),
                                 Strings::tr("Nothing is lost; it is retried automatically."),
                                 QString(detail + QStringLiteral(" content-type: ") + QString::fromLatin1(response.header("content-type"))));
    return Core::Error::make(Code::BadResponse, Strings::tr("%1 sent an answer that could not be read.").arg(service),
                             Strings::tr("Nothing is lost; it is retried automatically."), detail);
}

} // namespace Care::Sync
