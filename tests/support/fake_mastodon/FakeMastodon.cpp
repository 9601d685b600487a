#include "FakeMastodonPrivate.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTcpSocket>
#include <QtHttpServer/QHttpServerRequest>

#include <algorithm>

namespace Care::Tests {

using Fake::FixedToken;
using Fake::HttpFront;
using Fake::HttpReply;
using Fake::Params;
using Fake::StatusRec;
using Fake::StreamNotification;
using Fake::StreamUser;

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put: return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete: return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post: return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head: return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options: return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch: return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect: return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace: return QByteArrayLiteral("TRACE");
    default: return QByteArrayLiteral("UNKNOWN");
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------
// pipeline

void FakeMastodon::Private::handle(const QHttpServerRequest &request, QTcpSocket *socket)
{
    LoggedRequest logged;
    logged.method = methodName(request.method());
    logged.path = request.url().path();
    logged.query = request.query();
    for (const auto &header : request.headers()) {
        const QByteArray name = header.first.toLower();
        if (logged.headers.contains(name))
            logged.headers[name] += ", " + header.second;
        else
            logged.headers.insert(name, header.second);
    }
    logged.body = request.body();
    requests.append(logged);
    Q_EMIT q->requestReceived(logged);

    const std::optional<Fault> fault = takeFault(logged.path, logged.method);
    if (fault) {
        HttpReply reply;
        switch (*fault) {
        case Fault::ServerError500:
            reply = HttpReply::error(500, QStringLiteral("Internal Server Error"));
            break;
        case Fault::ServiceUnavailable503:
            reply = HttpReply::error(503, QStringLiteral("Service Unavailable"));
            reply.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
            break;
        case Fault::MalformedJson:
            reply.body = QByteArrayLiteral("{\"id\": \"1\", \"broken");
            break;
        case Fault::HtmlContentType:
            reply.contentType = QByteArrayLiteral("text/html; charset=utf-8");
            reply.body = QByteArrayLiteral("<html><body>Maintenance</body></html>");
            break;
        case Fault::Hang:
            hung.append(QPointer<QTcpSocket>(socket));
            return;
        case Fault::DropConnection:
            socket->abort();
            return;
        case Fault::TruncatedJson:
        case Fault::AcceptThenDrop:
            break;
        }
        if (*fault != Fault::TruncatedJson && *fault != Fault::AcceptThenDrop) {
            refreshRateWindow();
            reply.headers += rateHeaders();
            HttpFront::write(request, socket, reply);
            return;
        }
    }

    Params params;
    params.addFormEncoded(request.url().query(QUrl::FullyEncoded).toUtf8());
    const QByteArray contentType = logged.headers.value("content-type").toLower();
    if (logged.method != "GET" && !logged.body.isEmpty()) {
        if (contentType.startsWith("application/json"))
            params.addJson(QJsonDocument::fromJson(logged.body).object());
        else if (contentType.isEmpty() || contentType.startsWith("application/x-www-form-urlencoded"))
            params.addFormEncoded(logged.body);
    }

    HttpReply reply = route(logged, params);
    reply.headers += rateHeaders();
    if (fault == Fault::AcceptThenDrop) {
        socket->abort();
        return;
    }
    if (fault == Fault::TruncatedJson)
        reply.body.truncate(reply.body.size() / 2);
    HttpFront::write(request, socket, reply);
}

std::optional<FakeMastodon::Fault> FakeMastodon::Private::takeFault(const QString &path, const QByteArray &method)
{
    const bool changesState = method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
    for (qsizetype i = 0; i < faults.size(); ++i) {
        PendingFault &pending = faults[i];
        if (!path.startsWith(pending.pathPrefix))
            continue;
        if (pending.fault == Fault::AcceptThenDrop && !changesState)
            continue;
        const Fault fault = pending.fault;
        if (--pending.remaining <= 0)
            faults.removeAt(i);
        return fault;
    }
    return std::nullopt;
}

QString FakeMastodon::Private::tokenError(const QString &token) const
{
    if (token != FixedToken)
        return QStringLiteral("The access token is invalid");
    if (tokenRevoked)
        return QStringLiteral("The access token was revoked");
    return {};
}

void FakeMastodon::Private::refreshRateWindow()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (!rateReset.isValid() || now >= rateReset) {
        rateRemaining = rateLimit;
        rateReset = now.addSecs(rateWindowSeconds);
    }
}

QList<QPair<QByteArray, QByteArray>> FakeMastodon::Private::rateHeaders() const
{
    return {{QByteArrayLiteral("X-RateLimit-Limit"), QByteArray::number(rateLimit)},
            {QByteArrayLiteral("X-RateLimit-Remaining"), QByteArray::number(rateRemaining)},
            {QByteArrayLiteral("X-RateLimit-Reset"), Fake::Text::isoMs(rateReset).toLatin1()}};
}

// ---------------------------------------------------------------------------------------------
// seeding and state

QString FakeMastodon::Private::addStatusFrom(const QString &fromAcct, const QString &fromName, const QString &html,
                                             const QString &inReplyToId, const QString &visibility,
                                             const QStringList &tags, bool mention)
{
    StatusRec status;
    status.accountId = store.ensureAccount(fromAcct, fromName);
    status.content = html;
    status.visibility = visibility;
    status.inReplyToId = inReplyToId;
    status.tags = tags;
    if (mention)
        status.mentionIds.append(store.ownAccountId);
    const quint64 id = store.addStatus(status);
    if (mention) {
        const quint64 notificationId = store.addNotification(QStringLiteral("mention"), status.accountId, id);
        const QJsonObject json = store.notificationJson(store.notifications.at(notificationId));
        streaming->broadcast(QStringLiteral("notification"),
                             QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)),
                             {StreamUser, StreamNotification});
    }
    return QString::number(id);
}

void FakeMastodon::Private::saveState() const
{
    if (stateFile.isEmpty())
        return;
    QJsonArray postedArray;
    for (const QJsonObject &status : posted)
        postedArray.append(status);
    QJsonObject keys;
    for (auto it = idempotency.cbegin(); it != idempotency.cend(); ++it)
        keys.insert(it.key(), QString::number(it.value()));
    const QJsonObject state{{QStringLiteral("version"), 1},
                            {QStringLiteral("posted"), postedArray},
                            {QStringLiteral("idempotency"), keys}};
    QSaveFile file(stateFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(state).toJson()) < 0 || !file.commit())
        qWarning("fake-mastodon: cannot write state file %s", qPrintable(stateFile));
}

bool FakeMastodon::Private::loadState(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        if (error)
            *error = parseError.errorString();
        return false;
    }
    const QJsonObject state = document.object();
    const QJsonArray postedArray = state.value(QStringLiteral("posted")).toArray();
    for (const QJsonValue &value : postedArray) {
        const QJsonObject json = value.toObject();
        StatusRec status;
        status.id = json.value(QStringLiteral("id")).toString().toULongLong();
        if (status.id == 0)
            continue;
        status.accountId = store.ownAccountId;
        status.content = json.value(QStringLiteral("content")).toString();
        status.spoilerText = json.value(QStringLiteral("spoiler_text")).toString();
        status.visibility = json.value(QStringLiteral("visibility")).toString();
        status.language = json.value(QStringLiteral("language")).toString();
        status.inReplyToId = json.value(QStringLiteral("in_reply_to_id")).toString();
        status.inReplyToAccountId = json.value(QStringLiteral("in_reply_to_account_id")).toString();
        status.createdAt = QDateTime::fromString(json.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs);
        status.applicationName = QStringLiteral("Care Console");
        const QJsonArray mentions = json.value(QStringLiteral("mentions")).toArray();
        for (const QJsonValue &mention : mentions) {
            const QString acct = mention.toObject().value(QStringLiteral("acct")).toString();
            status.mentionIds.append(store.ensureAccount(acct, mention.toObject().value(QStringLiteral("username")).toString()));
        }
        const QJsonArray tags = json.value(QStringLiteral("tags")).toArray();
        for (const QJsonValue &tag : tags)
            status.tags.append(tag.toObject().value(QStringLiteral("name")).toString());
        if (!store.statuses.count(status.id))
            store.addStatus(status);
        posted.append(json);
    }
    const QJsonObject keys = state.value(QStringLiteral("idempotency")).toObject();
    for (auto it = keys.begin(); it != keys.end(); ++it)
        idempotency.insert(it.key(), it.value().toString().toULongLong());
    return true;
}

// ---------------------------------------------------------------------------------------------
// public API

FakeMastodon::FakeMastodon(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{
    qRegisterMetaType<Care::Tests::LoggedRequest>();
    d->http = new HttpFront([this](const QHttpServerRequest &request, QTcpSocket *socket) { d->handle(request, socket); }, this);
    d->streaming = new Fake::StreamingFront([this](const QString &token) { return d->tokenError(token); }, this);
}

FakeMastodon::~FakeMastodon()
{
    // Sockets first: nothing may call back into d while it is being destroyed.
    for (const QPointer<QTcpSocket> &socket : std::as_const(d->hung)) {
        if (socket)
            socket->abort();
    }
    delete d->streaming;
    d->streaming = nullptr;
    delete d->http;
    d->http = nullptr;
}

bool FakeMastodon::listen(quint16 port)
{
    d->httpPort = d->http->listen(QHostAddress::LocalHost, port);
    if (d->httpPort == 0)
        return false;
    if (!d->streaming->listen(0))
        return false;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(d->httpPort);
    d->store.baseUrl = url;
    return true;
}

QUrl FakeMastodon::baseUrl() const
{
    return d->store.baseUrl;
}

QUrl FakeMastodon::streamingUrl() const
{
    if (d->streaming->port() == 0)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(d->streaming->port());
    return url;
}

QString FakeMastodon::token() const
{
    return FixedToken;
}

void FakeMastodon::revokeToken()
{
    d->tokenRevoked = true;
    d->streaming->closeAll();
}

void FakeMastodon::setOwnAccount(const QString &id, const QString &username)
{
    d->store.setOwnAccount(id, username);
}

QString FakeMastodon::ownAccountId() const
{
    return d->store.ownAccountId;
}

QString FakeMastodon::ownUsername() const
{
    return d->store.ownAccount().username;
}

QString FakeMastodon::brandMentionHtml() const
{
    return d->store.mentionHtml(d->store.ownAccount());
}

QString FakeMastodon::addMention(const QString &fromAcct, const QString &fromName, const QString &html,
                                 const QString &inReplyToId, const QString &visibility)
{
    return d->addStatusFrom(fromAcct, fromName, html, inReplyToId, visibility, {}, true);
}

QString FakeMastodon::addDirectMessage(const QString &fromAcct, const QString &fromName, const QString &html,
                                       const QString &inReplyToId)
{
    return d->addStatusFrom(fromAcct, fromName, html, inReplyToId, QStringLiteral("direct"), {}, true);
}

QString FakeMastodon::addPublicPost(const QString &fromAcct, const QString &fromName, const QString &html,
                                    const QStringList &hashtags)
{
    QStringList tags;
    for (const QString &tag : hashtags)
        tags.append((tag.startsWith(QLatin1Char('#')) ? tag.mid(1) : tag).toLower());
    return d->addStatusFrom(fromAcct, fromName, html, {}, QStringLiteral("public"), tags, false);
}

void FakeMastodon::editStatus(const QString &id, const QString &newHtml)
{
    StatusRec *status = d->store.status(id);
    if (!status) {
        qWarning("FakeMastodon::editStatus: no status %s", qPrintable(id));
        return;
    }
    status->editedAt = QDateTime::currentDateTimeUtc();
    status->content = newHtml;
    status->versions.append({newHtml, status->spoilerText, status->editedAt});
    const QJsonObject json = d->store.statusJson(*status);
    d->streaming->broadcast(QStringLiteral("status.update"), QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)),
                            {StreamUser, StreamNotification});
}

void FakeMastodon::deleteStatus(const QString &id)
{
    StatusRec *status = d->store.status(id);
    if (!status) {
        qWarning("FakeMastodon::deleteStatus: no status %s", qPrintable(id));
        return;
    }
    d->store.removeStatus(status->id);
    d->streaming->broadcast(QStringLiteral("delete"), id, {StreamUser, StreamNotification});
}

void FakeMastodon::seedDemo()
{
    const QString brand = brandMentionHtml();
    addMention(QStringLiteral("kettle_fan@social.example"), QStringLiteral("Kettle Fan"),
               QString(QLatin1String("<p>") + brand
                       + QLatin1String(" the lid of my new kettle cracked after two days, order 4471. Can you help?</p>")));
    addDirectMessage(QStringLiteral("jo_parker@mastodon.example"), QStringLiteral("Jo Parker"),
                     QString(QLatin1String("<p>") + brand
                             + QLatin1String(" hi, my refund for order 5120 has not arrived. My email is "
                                             "jo.parker@example.com &amp; phone +44 20 7946 0958.</p>")));
    addPublicPost(QStringLiteral("tea_time@fosstodon.example"), QStringLiteral("Tea Time"),
                  QString(QLatin1String("<p>Third Acme kettle this year with a leaking lid. Anyone else? "
                                        "<a href=\"https://fosstodon.example/tags/acmekettle\" class=\"mention hashtag\" "
                                        "rel=\"tag\">#<span>acmekettle</span></a></p>")),
                  {QStringLiteral("acmekettle")});
}

QJsonObject FakeMastodon::statusJson(const QString &id) const
{
    const StatusRec *status = d->store.status(id);
    return status ? d->store.statusJson(*status) : QJsonObject();
}

QStringList FakeMastodon::notificationIds() const
{
    QStringList ids;
    for (const auto &[id, notification] : d->store.notifications) {
        Q_UNUSED(notification)
        ids.append(QString::number(id));
    }
    return ids;
}

void FakeMastodon::setMaxCharacters(int maxCharacters)
{
    d->maxCharacters = maxCharacters;
}

int FakeMastodon::maxCharacters() const
{
    return d->maxCharacters;
}

void FakeMastodon::setStreamingAvailable(bool available)
{
    d->streaming->setAvailable(available);
}

void FakeMastodon::setSingleItemWithoutLimit(bool enabled)
{
    d->singleItemWithoutLimit = enabled;
}

void FakeMastodon::setRateLimit(int limit, int windowSeconds)
{
    d->rateLimit = limit;
    d->rateWindowSeconds = windowSeconds;
    resetRateLimit();
}

void FakeMastodon::resetRateLimit()
{
    d->rateRemaining = d->rateLimit;
    d->rateReset = QDateTime::currentDateTimeUtc().addSecs(d->rateWindowSeconds);
}

int FakeMastodon::rateLimitRemaining() const
{
    d->refreshRateWindow();
    return d->rateRemaining;
}

void FakeMastodon::failNext(Fault fault, const QString &pathPrefix, int count)
{
    if (count > 0)
        d->faults.append({fault, pathPrefix, count});
}

void FakeMastodon::clearFaults()
{
    d->faults.clear();
}

int FakeMastodon::pendingFaults() const
{
    int total = 0;
    for (const auto &fault : std::as_const(d->faults))
        total += fault.remaining;
    return total;
}

QList<LoggedRequest> FakeMastodon::requests() const
{
    return d->requests;
}

void FakeMastodon::clearRequests()
{
    d->requests.clear();
}

QList<QJsonObject> FakeMastodon::postedStatuses() const
{
    return d->posted;
}

bool FakeMastodon::setStateFile(const QString &path, QString *error)
{
    if (!d->loadState(path, error))
        return false;
    d->stateFile = path;
    return true;
}

void FakeMastodon::setDenyAuthorization(bool deny)
{
    d->denyAuthorization = deny;
}

void FakeMastodon::setOAuthDiscoveryAvailable(bool available)
{
    d->oauthDiscoveryAvailable = available;
}

QList<QJsonObject> FakeMastodon::registeredApps() const
{
    QList<QJsonObject> apps;
    for (const auto &app : std::as_const(d->oauthApps))
        apps.append(app.json);
    return apps;
}

int FakeMastodon::authorizationRequests() const
{
    return d->authorizationRequestCount;
}

int FakeMastodon::tokenRequests() const
{
    return d->tokenRequestCount;
}

int FakeMastodon::tokensIssued() const
{
    return d->tokensIssuedCount;
}

QStringList FakeMastodon::oauthRefusals() const
{
    return d->oauthRefusalReasons;
}

void FakeMastodon::dropStreamMidEvent()
{
    d->streaming->armDropMidEvent();
}

int FakeMastodon::streamClients() const
{
    return d->streaming->clientCount();
}

int FakeMastodon::streamSubscribers() const
{
    return d->streaming->subscriberCount();
}

} // namespace Care::Tests
