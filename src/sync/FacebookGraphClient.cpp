#include "sync/FacebookGraphClient.h"

#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace Care::Sync {

using Core::Error;

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FacebookGraphClient)
};

using Code = Core::Error::Code;

bool isThrottle(int code)
{
    return code == 4 || code == 17 || code == 32 || code == 613 || (code >= 80000 && code <= 80014);
}

QString detailOf(const HttpResponse &response, const Facebook::GraphError &e)
{
    return QStringLiteral("HTTP %1, Graph error %2/%3 (%4): %5 [fbtrace_id %6]")
        .arg(response.status)
        .arg(e.code)
        .arg(e.subcode)
        .arg(e.type, e.message, e.fbtraceId);
}

} // namespace

FacebookGraphClient::FacebookGraphClient(HttpClient &http, QUrl base, QString token)
    : m_http(http)
    , m_base(std::move(base))
    , m_token(std::move(token))
{
}

QUrl FacebookGraphClient::url(const QString &path, const QList<QPair<QString, QString>> &query) const
{
    QUrl u = m_base;
    QString basePath = u.path();
    if (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    u.setPath(basePath + QLatin1Char('/') + Facebook::graphVersion() + QLatin1Char('/') + path);
    if (!query.isEmpty()) {
        QUrlQuery q;
        for (const auto &[name, value] : query)
            q.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
        u.setQuery(q);
    }
    return u;
}

HttpResponse FacebookGraphClient::send(const QByteArray &method, const QUrl &target, const QByteArray &contentType,
                                       const QByteArray &body)
{
    HttpRequest request;
    request.method = method;
    request.url = target;
    request.headers << qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + m_token.toUtf8());
    if (!contentType.isEmpty())
        request.headers << qMakePair(QByteArray("Content-Type"), contentType);
    request.body = body;
    if (method != "GET") {
        request.retryable = false;
        request.neverRepeat = true; // no idempotency key: an unclear write is read back, never resent
    }
    HttpResponse response = m_http.send(request);
    const Facebook::Usage usage = Facebook::parseUsage(response.headers);
    if (usage.reported) {
        m_usage = usage;
        m_regainAt = usage.regainMinutes > 0 ? QDateTime::currentDateTimeUtc().addSecs(qint64(usage.regainMinutes) * 60)
                                             : QDateTime();
    }
    return response;
}

HttpResponse FacebookGraphClient::get(const QString &path, const QList<QPair<QString, QString>> &query)
{
    return send("GET", url(path, query), {}, {});
}

HttpResponse FacebookGraphClient::getNext(const QString &next)
{
    const QUrl target(next);
    if (!target.isValid() || target.host() != m_base.host() || target.scheme() != m_base.scheme()
        || target.port(-1) != m_base.port(-1)) {
        HttpResponse refused;
        refused.refusedRedirect = true; // never sent: the token stays with the Graph's host
        refused.errorText = QStringLiteral("paging link to another host refused: ") + target.host();
        return refused;
    }
    return send("GET", target, {}, {});
}

HttpResponse FacebookGraphClient::postForm(const QString &path, const QList<QPair<QString, QString>> &form)
{
    QUrlQuery q;
    for (const auto &[name, value] : form)
        q.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    return send("POST", url(path), "application/x-www-form-urlencoded", q.toString(QUrl::FullyEncoded).toLatin1());
}

HttpResponse FacebookGraphClient::postJson(const QString &path, const QJsonObject &body)
{
    return send("POST", url(path), "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact));
}

qint64 FacebookGraphClient::pollIntervalMs(qint64 normalMs) const
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (m_regainAt.isValid() && m_regainAt > now)
        return std::max(normalMs, now.msecsTo(m_regainAt));
    const int p = m_usage.percent;
    const int factor = p >= 90 ? 8 : p >= 75 ? 4 : p >= 50 ? 2 : 1;
    return normalMs * factor;
}

bool FacebookGraphClient::isWindowClosed(const Facebook::GraphError &error)
{
    return error.subcode == 2018278 || (error.code == 10 && error.message.contains(QLatin1String("outside of allowed window")));
}

QString FacebookGraphClient::permissionPurpose(const QString &permission)
{
    if (permission == QLatin1String("pages_read_engagement"))
        return Strings::tr("read the Page's posts and comments");
    if (permission == QLatin1String("pages_read_user_content"))
        return Strings::tr("read what people write on the Page: comments, visitor posts and tags");
    if (permission == QLatin1String("pages_manage_engagement"))
        return Strings::tr("reply to comments and hide them");
    if (permission == QLatin1String("pages_messaging"))
        return Strings::tr("read and answer Messenger conversations");
    if (permission == QLatin1String("pages_show_list"))
        return Strings::tr("find the Page among the token's Pages");
    return {};
}

Error FacebookGraphClient::describe(const HttpResponse &response, const QString &permission) const
{
    const QString service = QStringLiteral("Facebook");
    const std::optional<Facebook::GraphError> graph = Facebook::parseError(response.body);
    if (!graph || response.status == 0) {
        if (response.ok())
            return Error::make(Code::BadResponse, Strings::tr("Facebook sent an answer that could not be read."),
                               Strings::tr("Nothing is lost; it is retried automatically."));
        return describeHttpFailure(response, service);
    }
    const Facebook::GraphError &e = *graph;
    const QString detail = detailOf(response, e);
    const QString newToken = Strings::tr("Paste a new Page access token: Accounts → Connect Facebook Page…, or "
                                         "careconsole account add facebook --page-id ID --token-stdin.");
    if (e.code == 190 || e.code == 102) {
        QString message;
        switch (e.subcode) {
        case 463: message = Strings::tr("The Facebook Page access token has expired."); break;
        case 460: message = Strings::tr("The Facebook Page access token stopped working because the password of the "
                                        "person who made it changed."); break;
        case 458: message = Strings::tr("The Facebook Page access token stopped working because the app was removed "
                                        "from the person's or the Page's settings."); break;
        case 459:
        case 464: message = Strings::tr("Facebook asks the person who made the Page access token to log in to "
                                        "facebook.com and confirm their account first."); break;
        default: message = Strings::tr("The Facebook Page access token is no longer valid (revoked, or the person who "
                                       "made it is no longer an admin of the Page)."); break;
        }
        return Error::make(Code::TokenRevoked, message, newToken, detail);
    }
    if (isThrottle(e.code) || response.status == 429) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const qint64 waitMs = m_regainAt.isValid() && m_regainAt > now ? now.msecsTo(m_regainAt) : 15 * 60 * 1000;
        return Error::make(Code::RateLimited,
                           Strings::tr("Facebook is limiting requests for this Page for now — syncing resumes in %1.")
                               .arg(describeWait(waitMs)),
                           {}, detail);
    }
    if (isWindowClosed(e))
        return Error::make(Code::Rejected,
                           Strings::tr("Facebook refused the message: more than 24 hours have passed since the "
                                       "customer's last Messenger message."),
                           Strings::tr("Ask the customer to write to the Page again, or answer through another "
                                       "channel they prefer."),
                           detail);
    if (e.code == 10 || (e.code >= 200 && e.code <= 299)) {
        static const QRegularExpression named(QStringLiteral("\\b(pages_[a-z_]+|read_page_mailboxes|business_management)\\b"));
        const QRegularExpressionMatch match = named.match(e.message);
        const QString missing = match.hasMatch() ? match.captured(1) : permission;
        if (missing.isEmpty())
            return Error::make(Code::Rejected, Strings::tr("Facebook refused this for lack of a permission."),
                               Strings::tr("Check the Page access token's permissions, then paste a new token."), detail);
        const QString purpose = permissionPurpose(missing);
        return Error::make(Code::Rejected,
                           purpose.isEmpty() ? Strings::tr("The Page access token lacks the permission %1.").arg(missing)
                                             : Strings::tr("The Page access token lacks the permission %1 (to %2).")
                                                   .arg(missing, purpose),
                           Strings::tr("Make a new token that includes it, then paste it: Accounts → Connect Facebook Page…"),
                           detail);
    }
    if (e.code == 1 || e.code == 2 || e.transient || response.status >= 500)
        return Error::make(Code::ServerError, Strings::tr("Facebook had a temporary problem."),
                           Strings::tr("Nothing is lost; it is retried automatically."), detail);
    if (e.code == 551)
        return Error::make(Code::Rejected, Strings::tr("This person isn't available on Messenger right now."),
                           Strings::tr("Answer through another channel they prefer."), detail);
    if (e.code == 506)
        return Error::make(Code::Rejected, Strings::tr("Facebook refused the comment as a duplicate of one just posted."),
                           Strings::tr("Change the wording, or cancel it if it is already there."), detail);
    if (e.code == 368)
        return Error::make(Code::Rejected, Strings::tr("Facebook has temporarily blocked this Page from doing this "
                                                       "(a policy restriction)."),
                           Strings::tr("Check the Page's quality and notifications in Meta Business Suite."), detail);
    if (e.code == 100 && (e.subcode == 33 || e.message.contains(QLatin1String("does not exist"))))
        return Error::make(Code::Rejected, Strings::tr("That post, comment or message is no longer on Facebook, or the "
                                                       "Page cannot see it."),
                           {}, detail);
    const QString said = e.userMessage.isEmpty() ? e.message : e.userMessage;
    return Error::make(Code::Rejected, Strings::tr("Facebook refused the request: %1").arg(said), {}, detail);
}

} // namespace Care::Sync
