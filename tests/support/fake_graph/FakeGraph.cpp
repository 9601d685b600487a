#include "FakeGraphPrivate.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QtHttpServer/QHttpServerRequest>

namespace Care::Tests {

using Fake::HttpFront;
using Fake::HttpReply;

HttpReply graphError(int status, int code, int subcode, const QString &type, const QString &message)
{
    QJsonObject error{{QStringLiteral("message"), message},
                      {QStringLiteral("type"), type},
                      {QStringLiteral("code"), code},
                      {QStringLiteral("fbtrace_id"), QStringLiteral("AbCdEfGh123")}};
    if (subcode)
        error.insert(QStringLiteral("error_subcode"), subcode);
    if (code == 2)
        error.insert(QStringLiteral("is_transient"), true);
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}), status);
}

std::optional<FakeGraph::Fault> FakeGraph::Private::takeFault(const QString &line)
{
    for (int i = 0; i < faults.size(); ++i) {
        if (!line.contains(faults[i].match))
            continue;
        const Fault fault = faults[i].fault;
        if (--faults[i].remaining <= 0)
            faults.removeAt(i);
        return fault;
    }
    return std::nullopt;
}

void FakeGraph::Private::handle(const QHttpServerRequest &request, QTcpSocket *socket)
{
    LoggedRequest logged;
    logged.method = request.method() == QHttpServerRequest::Method::Post ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET");
    logged.path = request.url().path();
    logged.query = request.query();
    for (const auto &header : request.headers())
        logged.headers.insert(header.first.toLower(), header.second);
    logged.body = request.body();
    requests.append(logged);

    const QString line = QString::fromLatin1(logged.method) + QLatin1Char(' ') + logged.path;
    const std::optional<Fault> fault = takeFault(line);
    if (fault == Fault::DropConnection) {
        socket->abort();
        return;
    }
    HttpReply reply;
    if (fault == Fault::ServerError500) {
        reply = graphError(500, 2, 0, QStringLiteral("OAuthException"), QStringLiteral("An unexpected error has occurred. "
                                                                                      "Please retry your request later."));
    } else if (fault == Fault::Throttled) {
        reply = graphError(400, 32, 0, QStringLiteral("OAuthException"),
                           QStringLiteral("(#32) Page request limit reached"));
        reply.headers << qMakePair(QByteArrayLiteral("X-Business-Use-Case-Usage"),
                                   QStringLiteral("{\"%1\":[{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":40,"
                                                  "\"total_time\":45,\"estimated_time_to_regain_access\":7}]}")
                                       .arg(pageId)
                                       .toUtf8());
    } else if (fault == Fault::Revoke) {
        revokedSubcode = 460;
        reply = graphError(400, 190, 460, QStringLiteral("OAuthException"),
                           QStringLiteral("Error validating access token: The session has been invalidated because the user "
                                          "changed their password."));
    } else if (fault == Fault::Malformed) {
        reply.body = QByteArrayLiteral("{\"data\": [{\"id\": \"10423");
    } else {
        QByteArray bearer = logged.headers.value("authorization");
        bearer = bearer.startsWith("Bearer ") ? bearer.mid(7) : QByteArray();
        if (!logged.path.startsWith(version())) {
            reply = graphError(400, 2635, 0, QStringLiteral("OAuthException"), QStringLiteral("Unknown version in the path"));
        } else if (bearer.isEmpty()) {
            reply = graphError(400, 2500, 0, QStringLiteral("OAuthException"),
                               QStringLiteral("An active access token must be used to query information about the current user."));
        } else if (revokedSubcode || bearer != token.toUtf8()) {
            reply = graphError(400, 190, revokedSubcode ? revokedSubcode : 0, QStringLiteral("OAuthException"),
                               QStringLiteral("Error validating access token: The session has been invalidated because the "
                                              "user changed their password or Facebook has changed the session for security reasons."));
        } else {
            Fake::Params params;
            const QByteArray type = logged.headers.value("content-type");
            QJsonObject json;
            if (type.startsWith("application/json"))
                json = QJsonDocument::fromJson(logged.body).object();
            else
                params.addFormEncoded(logged.body);
            const QStringList path = logged.path.mid(version().size()).split(QLatin1Char('/'), Qt::SkipEmptyParts);
            reply = route(logged.method, path, logged.query, params, json);
        }
        if (fault == Fault::AcceptThenDrop) {
            socket->abort();
            return;
        }
    }
    if (usagePercent >= 0) {
        reply.headers << qMakePair(QByteArrayLiteral("X-App-Usage"),
                                   QStringLiteral("{\"call_count\":%1,\"total_cputime\":%2,\"total_time\":%2}")
                                       .arg(usagePercent)
                                       .arg(usagePercent / 2)
                                       .toUtf8());
        reply.headers << qMakePair(QByteArrayLiteral("X-Business-Use-Case-Usage"),
                                   QStringLiteral("{\"%1\":[{\"type\":\"pages\",\"call_count\":%2,\"total_cputime\":%3,"
                                                  "\"total_time\":%3,\"estimated_time_to_regain_access\":%4}]}")
                                       .arg(pageId)
                                       .arg(usagePercent)
                                       .arg(usagePercent / 2)
                                       .arg(regainMinutes)
                                       .toUtf8());
    }
    HttpFront::write(request, socket, reply);
}

FakeGraph::FakeGraph(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->http = std::make_unique<HttpFront>([this](const QHttpServerRequest &request, QTcpSocket *socket) {
        d->handle(request, socket);
    });
}

FakeGraph::~FakeGraph() = default;

bool FakeGraph::listen()
{
    d->port = d->http->listen(QHostAddress::LocalHost, 0);
    return d->port != 0;
}

QUrl FakeGraph::baseUrl() const { return QUrl(d->baseUrl()); }
QString FakeGraph::pageId() const { return d->pageId; }
QString FakeGraph::pageName() const { return d->pageName; }
QString FakeGraph::token() const { return d->token; }
void FakeGraph::revokeToken(int subcode) { d->revokedSubcode = subcode; }
void FakeGraph::restoreToken() { d->revokedSubcode = 0; }
void FakeGraph::setScopes(const QStringList &scopes) { d->scopes = scopes; }

void FakeGraph::setTokenType(const QString &type, const QString &profileId)
{
    d->tokenType = type;
    d->profileId = profileId;
}

QString FakeGraph::addPost(const QString &message, const QDateTime &created)
{
    Private::Post post{d->pageId + QLatin1Char('_') + d->next(), message, created.toUTC(), created.toUTC(), {}, {}};
    d->posts.append(post);
    return post.id;
}

QString FakeGraph::Private::addComment(Comment c)
{
    c.id = c.postId.section(QLatin1Char('_'), 1) + QLatin1Char('_') + next();
    comments.append(c);
    for (QList<Post> *list : {&posts, &tagged}) {
        for (Post &post : *list) {
            if (post.id == c.postId)
                post.updated = std::max(post.updated, c.created);
        }
    }
    return c.id;
}

QString FakeGraph::addComment(const QString &postId, const QString &fromId, const QString &fromName, const QString &message,
                              const QString &parentId, const QDateTime &created)
{
    Comment c;
    c.postId = postId;
    c.parentId = parentId;
    c.fromId = fromId;
    c.fromName = fromName;
    c.message = message;
    c.created = created.toUTC();
    return d->addComment(c);
}

QString FakeGraph::addTaggedPost(const QString &fromId, const QString &fromName, const QString &message, const QDateTime &created)
{
    Private::Post post{fromId + QLatin1Char('_') + d->next(), message, created.toUTC(), created.toUTC(), fromId, fromName};
    d->tagged.append(post);
    return post.id;
}

QString FakeGraph::customerMessages(const QString &psid, const QString &name, const QString &text, const QDateTime &created)
{
    Private::Conversation &c = d->conversationWith(psid, name);
    Message m{QStringLiteral("m_") + d->next(), psid, text, created.toUTC()};
    c.messages.append(m);
    return m.id;
}

QList<FakeGraph::Comment> FakeGraph::comments(const QString &postId) const
{
    QList<Comment> out;
    for (const Comment &c : d->comments) {
        if (c.postId == postId)
            out << c;
    }
    return out;
}

void FakeGraph::setCannotHide(const QString &commentId)
{
    for (Comment &c : d->comments) {
        if (c.id == commentId)
            c.cannotHide = true;
    }
}

void FakeGraph::setHiddenOnFacebook(const QString &commentId, bool hidden)
{
    for (Comment &c : d->comments) {
        if (c.id == commentId)
            c.hidden = hidden;
    }
}

FakeGraph::Comment FakeGraph::comment(const QString &id) const
{
    for (const Comment &c : d->comments) {
        if (c.id == id)
            return c;
    }
    return {};
}

QList<FakeGraph::Message> FakeGraph::messagesWith(const QString &psid) const
{
    for (const Private::Conversation &c : d->conversations) {
        if (c.psid == psid)
            return c.messages;
    }
    return {};
}

int FakeGraph::pageCommentCount() const
{
    int n = 0;
    for (const Comment &c : d->comments)
        n += c.fromId == d->pageId ? 1 : 0;
    return n;
}

int FakeGraph::pageMessageCount() const
{
    int n = 0;
    for (const Private::Conversation &c : d->conversations) {
        for (const Message &m : c.messages)
            n += m.fromId == d->pageId ? 1 : 0;
    }
    return n;
}

void FakeGraph::failNext(Fault fault, const QString &match, int count)
{
    d->faults.append({fault, match, count});
}

void FakeGraph::setUsage(int percent, int regainMinutes)
{
    d->usagePercent = percent;
    d->regainMinutes = regainMinutes;
}

QList<LoggedRequest> FakeGraph::requests() const { return d->requests; }

int FakeGraph::requestCount(const QString &match) const
{
    int n = 0;
    for (const LoggedRequest &r : d->requests)
        n += QString(QString::fromLatin1(r.method) + QLatin1Char(' ') + r.path).contains(match) ? 1 : 0;
    return n;
}

void FakeGraph::clearRequests() { d->requests.clear(); }

} // namespace Care::Tests
