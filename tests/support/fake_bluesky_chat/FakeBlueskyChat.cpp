#include "FakeBlueskyChat.h"

#include "HttpFront.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTextBoundaryFinder>
#include <QUrlQuery>
#include <QtHttpServer/QHttpServerRequest>

#include <algorithm>
#include <optional>

namespace Care::Tests {

using Fake::HttpFront;
using Fake::HttpReply;

namespace {

const QString kDefs = QStringLiteral("chat.bsky.convo.defs");

struct Profile
{
    QString did;
    QString handle;
    QString displayName;
    QString allowIncoming;
    bool followsBrand = false;
    bool blocked = false;
};

struct Convo
{
    QString id;
    QString rev;
    QString customerDid;
    QList<FakeBlueskyChat::ChatMessage> messages; // oldest first
    QHash<QString, QString> revOf;                 // message id -> rev
};

struct LogEntry
{
    QString rev;
    QString type; // logBeginConvo, logCreateMessage
    QString convoId;
    QString messageId;
};

struct PendingFault
{
    FakeBlueskyChat::Fault fault;
    QString nsid;
    int remaining;
};

HttpReply xrpcError(int status, const QString &name, const QString &message)
{
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("error"), name}, {QStringLiteral("message"), message}}),
                           status);
}

int graphemes(const QString &text)
{
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    int count = 0;
    while (finder.toNextBoundary() != -1)
        ++count;
    return text.isEmpty() ? 0 : count;
}

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

struct FakeBlueskyChat::Private
{
    FakeBlueskyChat *q = nullptr;
    std::unique_ptr<HttpFront> http;
    quint16 port = 0;
    QString brandDid = QStringLiteral("did:plc:brand");
    QString brandHandle = QStringLiteral("acme.test");
    int tokenGeneration = 1;
    QStringList expiredTokens;
    bool chatAllowed = true;
    int refreshes = 0;
    int signIns = 0;
    QString appPassword = QStringLiteral("abcd-efgh-ijkl-mnop");
    QHash<QString, Profile> profiles; // by did
    QHash<QString, Convo> convos;     // by id
    QList<LogEntry> log;
    qint64 counter = 0;
    int logPageSize = 100;
    QList<PendingFault> faults;
    QList<LoggedRequest> requests;

    QString access() const { return QStringLiteral("access-%1").arg(tokenGeneration); }
    QString refresh() const { return QStringLiteral("refresh-%1").arg(tokenGeneration); }
    QString next(const QString &prefix) { return prefix + QStringLiteral("%1").arg(++counter, 13, 10, QLatin1Char('0')); }

    Convo *convoWith(const QString &did)
    {
        for (auto it = convos.begin(); it != convos.end(); ++it) {
            if (it->customerDid == did)
                return &it.value();
        }
        return nullptr;
    }

    Convo &ensureConvo(const QString &did)
    {
        if (Convo *existing = convoWith(did))
            return *existing;
        Convo convo;
        convo.id = next(QStringLiteral("convo"));
        convo.rev = next(QStringLiteral("2"));
        convo.customerDid = did;
        log.append({convo.rev, QStringLiteral("logBeginConvo"), convo.id, {}});
        return convos.insert(convo.id, convo).value();
    }

    ChatMessage &addMessage(Convo &convo, const QString &sender, const QString &text, const QJsonArray &facets = {})
    {
        ChatMessage m{next(QStringLiteral("msg")), sender, text, QDateTime::currentDateTimeUtc(), facets};
        convo.rev = next(QStringLiteral("2"));
        convo.revOf.insert(m.id, convo.rev);
        convo.messages.append(m);
        log.append({convo.rev, QStringLiteral("logCreateMessage"), convo.id, m.id});
        return convo.messages.last();
    }

    QJsonObject member(const QString &did) const
    {
        if (did == brandDid)
            return {{QStringLiteral("did"), brandDid}, {QStringLiteral("handle"), brandHandle},
                    {QStringLiteral("displayName"), QStringLiteral("Acme Support")}};
        const Profile p = profiles.value(did);
        QJsonObject o{{QStringLiteral("did"), did}, {QStringLiteral("handle"), p.handle}};
        if (!p.displayName.isEmpty())
            o.insert(QStringLiteral("displayName"), p.displayName);
        return o;
    }

    QJsonObject messageView(const Convo &convo, const ChatMessage &m) const
    {
        QJsonObject o{{QStringLiteral("$type"), QString(kDefs + QStringLiteral("#messageView"))},
                      {QStringLiteral("id"), m.id},
                      {QStringLiteral("rev"), convo.revOf.value(m.id)},
                      {QStringLiteral("text"), m.text},
                      {QStringLiteral("sender"), QJsonObject{{QStringLiteral("did"), m.senderDid}}},
                      {QStringLiteral("sentAt"), isoTime(m.sentAt)}};
        if (!m.facets.isEmpty())
            o.insert(QStringLiteral("facets"), m.facets);
        return o;
    }

    QJsonObject convoView(const Convo &convo) const
    {
        QJsonObject o{{QStringLiteral("id"), convo.id},
                      {QStringLiteral("rev"), convo.rev},
                      {QStringLiteral("members"), QJsonArray{member(brandDid), member(convo.customerDid)}},
                      {QStringLiteral("muted"), false},
                      {QStringLiteral("status"), QStringLiteral("accepted")},
                      {QStringLiteral("unreadCount"), 0}};
        if (!convo.messages.isEmpty())
            o.insert(QStringLiteral("lastMessage"), messageView(convo, convo.messages.last()));
        return o;
    }

    std::optional<Fault> takeFault(const QString &nsid)
    {
        for (int i = 0; i < faults.size(); ++i) {
            if (!nsid.startsWith(faults[i].nsid))
                continue;
            const Fault fault = faults[i].fault;
            if (--faults[i].remaining <= 0)
                faults.removeAt(i);
            return fault;
        }
        return std::nullopt;
    }

    void handle(const QHttpServerRequest &request, QTcpSocket *socket);
    HttpReply route(const QString &nsid, const QUrlQuery &query, const QJsonObject &body, const QByteArray &bearer,
                    const QByteArray &proxy);
    HttpReply getProfile(const QUrlQuery &query);
    HttpReply getLog(const QUrlQuery &query);
    HttpReply listConvos(const QUrlQuery &query);
    HttpReply getMessages(const QUrlQuery &query);
    HttpReply getConvoForMembers(const QUrlQuery &query);
    HttpReply sendMessage(const QJsonObject &body);
};

void FakeBlueskyChat::Private::handle(const QHttpServerRequest &request, QTcpSocket *socket)
{
    LoggedRequest logged;
    logged.method = request.method() == QHttpServerRequest::Method::Post ? QByteArrayLiteral("POST") : QByteArrayLiteral("GET");
    logged.path = request.url().path();
    logged.query = request.query();
    for (const auto &header : request.headers())
        logged.headers.insert(header.first.toLower(), header.second);
    logged.body = request.body();
    requests.append(logged);

    const QString nsid = logged.path.startsWith(QLatin1String("/xrpc/")) ? logged.path.mid(6) : QString();
    const std::optional<Fault> fault = takeFault(nsid);
    if (fault == Fault::DropConnection) {
        socket->abort();
        return;
    }
    if (fault == Fault::ServerError500) {
        HttpFront::write(request, socket, xrpcError(500, QStringLiteral("InternalServerError"), QStringLiteral("Internal Server Error")));
        return;
    }
    if (fault == Fault::MalformedJson) {
        HttpReply broken;
        broken.body = QByteArrayLiteral("{\"logs\": [{\"rev\"");
        HttpFront::write(request, socket, broken);
        return;
    }
    QByteArray bearer = logged.headers.value("authorization");
    bearer = bearer.startsWith("Bearer ") ? bearer.mid(7) : QByteArray();
    HttpReply reply = route(nsid, logged.query, QJsonDocument::fromJson(logged.body).object(), bearer,
                            logged.headers.value("atproto-proxy"));
    if (fault == Fault::AcceptThenDrop) {
        socket->abort();
        return;
    }
    if (fault == Fault::AcceptThen502)
        reply = xrpcError(502, QStringLiteral("UpstreamFailure"), QStringLiteral("Upstream Failure"));
    if (fault == Fault::AcceptThenMalformed)
        reply.body.truncate(reply.body.size() / 2);
    HttpFront::write(request, socket, reply);
}

HttpReply FakeBlueskyChat::Private::route(const QString &nsid, const QUrlQuery &query, const QJsonObject &body,
                                          const QByteArray &bearer, const QByteArray &proxy)
{
    if (nsid == QLatin1String("com.atproto.server.createSession")) {
        const QString identifier = body.value(QStringLiteral("identifier")).toString();
        if ((identifier != brandHandle && identifier != brandDid) || body.value(QStringLiteral("password")).toString() != appPassword)
            return xrpcError(401, QStringLiteral("AuthenticationRequired"), QStringLiteral("Invalid identifier or password"));
        ++signIns;
        return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("accessJwt"), access()},
                                                         {QStringLiteral("refreshJwt"), refresh()},
                                                         {QStringLiteral("did"), brandDid},
                                                         {QStringLiteral("handle"), brandHandle},
                                                         {QStringLiteral("active"), true}}));
    }
    if (nsid == QLatin1String("com.atproto.server.refreshSession")) {
        if (bearer != refresh().toUtf8())
            return xrpcError(400, QStringLiteral("ExpiredToken"), QStringLiteral("Token has been revoked"));
        expiredTokens.removeAll(access());
        ++tokenGeneration;
        ++refreshes;
        return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("accessJwt"), access()},
                                                         {QStringLiteral("refreshJwt"), refresh()},
                                                         {QStringLiteral("did"), brandDid},
                                                         {QStringLiteral("handle"), brandHandle}}));
    }
    if (bearer.isEmpty())
        return xrpcError(401, QStringLiteral("AuthMissing"), QStringLiteral("Authentication Required"));
    if (expiredTokens.contains(QString::fromUtf8(bearer)))
        return xrpcError(400, QStringLiteral("ExpiredToken"), QStringLiteral("Token has expired"));
    if (bearer != access().toUtf8())
        return xrpcError(400, QStringLiteral("InvalidToken"), QStringLiteral("Token could not be verified"));

    if (nsid == QLatin1String("app.bsky.actor.getProfile"))
        return getProfile(query);
    // What the Bluesky connector asks on every sync besides the chat: nothing new there.
    if (nsid == QLatin1String("com.atproto.server.getSession"))
        return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("did"), brandDid}, {QStringLiteral("handle"), brandHandle}}));
    if (nsid == QLatin1String("app.bsky.notification.listNotifications"))
        return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("notifications"), QJsonArray()}}));
    if (!nsid.startsWith(QLatin1String("chat.bsky.")))
        return xrpcError(501, QStringLiteral("MethodNotImplemented"), QStringLiteral("Method Not Implemented"));
    if (proxy != "did:web:api.bsky.chat#bsky_chat")
        return xrpcError(501, QStringLiteral("MethodNotImplemented"), QStringLiteral("Method Not Implemented"));
    if (!chatAllowed)
        return xrpcError(400, QStringLiteral("InvalidToken"), QStringLiteral("Bad token scope"));

    if (nsid == QLatin1String("chat.bsky.convo.getLog"))
        return getLog(query);
    if (nsid == QLatin1String("chat.bsky.convo.listConvos"))
        return listConvos(query);
    if (nsid == QLatin1String("chat.bsky.convo.getMessages"))
        return getMessages(query);
    if (nsid == QLatin1String("chat.bsky.convo.getConvoForMembers"))
        return getConvoForMembers(query);
    if (nsid == QLatin1String("chat.bsky.convo.getConvo")) {
        const QString id = query.queryItemValue(QStringLiteral("convoId"));
        if (!convos.contains(id))
            return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Convo not found"));
        return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("convo"), convoView(convos.value(id))}}));
    }
    if (nsid == QLatin1String("chat.bsky.convo.sendMessage"))
        return sendMessage(body);
    return xrpcError(501, QStringLiteral("MethodNotImplemented"), QStringLiteral("Method Not Implemented"));
}

HttpReply FakeBlueskyChat::Private::getProfile(const QUrlQuery &query)
{
    const QString actor = query.queryItemValue(QStringLiteral("actor"), QUrl::FullyDecoded);
    for (const Profile &p : std::as_const(profiles)) {
        if (p.did != actor && p.handle != actor)
            continue;
        QJsonObject o{{QStringLiteral("did"), p.did}, {QStringLiteral("handle"), p.handle},
                      {QStringLiteral("displayName"), p.displayName}};
        if (!p.allowIncoming.isEmpty())
            o.insert(QStringLiteral("associated"),
                     QJsonObject{{QStringLiteral("chat"), QJsonObject{{QStringLiteral("allowIncoming"), p.allowIncoming}}}});
        QJsonObject viewer{{QStringLiteral("muted"), false}, {QStringLiteral("blockedBy"), p.blocked}};
        if (p.followsBrand)
            viewer.insert(QStringLiteral("followedBy"), QStringLiteral("at://%1/app.bsky.graph.follow/3kfollow").arg(p.did));
        o.insert(QStringLiteral("viewer"), viewer);
        return HttpReply::json(QJsonDocument(o));
    }
    return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Profile not found"));
}

HttpReply FakeBlueskyChat::Private::getLog(const QUrlQuery &query)
{
    QJsonArray logs;
    QString cursor = query.queryItemValue(QStringLiteral("cursor"));
    if (cursor.isEmpty()) {
        if (log.isEmpty())
            return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("logs"), logs}}));
        return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("logs"), logs}, {QStringLiteral("cursor"), log.last().rev}}));
    }
    for (const LogEntry &entry : std::as_const(log)) {
        if (entry.rev <= cursor || logs.size() >= logPageSize)
            continue;
        QJsonObject o{{QStringLiteral("$type"), QString(kDefs + QLatin1Char('#') + entry.type)},
                      {QStringLiteral("rev"), entry.rev},
                      {QStringLiteral("convoId"), entry.convoId}};
        if (entry.type == QLatin1String("logCreateMessage")) {
            const Convo &convo = convos[entry.convoId];
            for (const ChatMessage &m : convo.messages) {
                if (m.id == entry.messageId)
                    o.insert(QStringLiteral("message"), messageView(convo, m));
            }
        }
        logs.append(o);
    }
    if (!logs.isEmpty())
        cursor = logs.last().toObject().value(QStringLiteral("rev")).toString();
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("logs"), logs}, {QStringLiteral("cursor"), cursor}}));
}

HttpReply FakeBlueskyChat::Private::listConvos(const QUrlQuery &query)
{
    const int limit = query.hasQueryItem(QStringLiteral("limit")) ? query.queryItemValue(QStringLiteral("limit")).toInt() : 50;
    if (limit < 1 || limit > 100)
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("limit must be between 1 and 100"));
    QList<Convo> sorted = convos.values();
    std::sort(sorted.begin(), sorted.end(), [](const Convo &a, const Convo &b) { return a.rev > b.rev; });
    const QString after = query.queryItemValue(QStringLiteral("cursor")); // the rev of the last one answered
    QJsonArray out;
    QString cursor;
    for (const Convo &convo : std::as_const(sorted)) {
        if (!after.isEmpty() && convo.rev >= after)
            continue;
        if (out.size() == limit) {
            cursor = out.last().toObject().value(QStringLiteral("rev")).toString();
            break;
        }
        out.append(convoView(convo));
    }
    QJsonObject o{{QStringLiteral("convos"), out}};
    if (!cursor.isEmpty())
        o.insert(QStringLiteral("cursor"), cursor);
    return HttpReply::json(QJsonDocument(o));
}

HttpReply FakeBlueskyChat::Private::getMessages(const QUrlQuery &query)
{
    const QString id = query.queryItemValue(QStringLiteral("convoId"));
    if (!convos.contains(id))
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Convo not found"));
    const int limit = query.hasQueryItem(QStringLiteral("limit")) ? query.queryItemValue(QStringLiteral("limit")).toInt() : 50;
    if (limit < 1 || limit > 100)
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("limit must be between 1 and 100"));
    const Convo &convo = convos[id];
    const QString before = query.queryItemValue(QStringLiteral("cursor")); // the id of the oldest answered
    QJsonArray out;
    QString cursor;
    for (auto it = convo.messages.crbegin(); it != convo.messages.crend(); ++it) {
        if (!before.isEmpty() && it->id >= before)
            continue;
        if (out.size() == limit) {
            cursor = out.last().toObject().value(QStringLiteral("id")).toString();
            break;
        }
        out.append(messageView(convo, *it));
    }
    QJsonObject o{{QStringLiteral("messages"), out}};
    if (!cursor.isEmpty())
        o.insert(QStringLiteral("cursor"), cursor);
    return HttpReply::json(QJsonDocument(o));
}

HttpReply FakeBlueskyChat::Private::getConvoForMembers(const QUrlQuery &query)
{
    QStringList members = query.allQueryItemValues(QStringLiteral("members"), QUrl::FullyDecoded);
    members.removeAll(brandDid);
    if (members.size() != 1)
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("members must name one other account"));
    const QString did = members.first();
    if (!profiles.contains(did))
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Profile not found"));
    if (Convo *existing = convoWith(did))
        return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("convo"), convoView(*existing)}}));
    const Profile p = profiles.value(did);
    if (p.blocked)
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("block between recipient and sender"));
    if (p.allowIncoming == QLatin1String("none"))
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("recipient has disabled incoming messages"));
    if (p.allowIncoming != QLatin1String("all") && !p.followsBrand)
        return xrpcError(400, QStringLiteral("InvalidRequest"),
                         QStringLiteral("recipient requires incoming messages to come from someone they follow"));
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("convo"), convoView(ensureConvo(did))}}));
}

HttpReply FakeBlueskyChat::Private::sendMessage(const QJsonObject &body)
{
    const QString id = body.value(QStringLiteral("convoId")).toString();
    const QJsonValue text = body.value(QStringLiteral("message")).toObject().value(QStringLiteral("text"));
    if (!convos.contains(id))
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Convo not found"));
    if (!text.isString() || text.toString().isEmpty())
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Input/message/text must be a string"));
    if (graphemes(text.toString()) > 1000 || text.toString().toUtf8().size() > 10000)
        return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Input/message/text must not be longer than 1000 graphemes"));
    const QJsonArray facets = body.value(QStringLiteral("message")).toObject().value(QStringLiteral("facets")).toArray();
    const int bytes = int(text.toString().toUtf8().size());
    for (const QJsonValue &facet : facets) {
        const QJsonObject index = facet.toObject().value(QStringLiteral("index")).toObject();
        const int start = index.value(QStringLiteral("byteStart")).toInt(-1);
        const int end = index.value(QStringLiteral("byteEnd")).toInt(-1);
        if (start < 0 || end <= start || end > bytes)
            return xrpcError(400, QStringLiteral("InvalidRequest"), QStringLiteral("Invalid facet byte range"));
    }
    Convo &convo = convos[id];
    const ChatMessage &m = addMessage(convo, brandDid, text.toString(), facets);
    return HttpReply::json(QJsonDocument(messageView(convo, m)));
}

FakeBlueskyChat::FakeBlueskyChat(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->q = this;
    d->http = std::make_unique<HttpFront>([this](const QHttpServerRequest &request, QTcpSocket *socket) {
        d->handle(request, socket);
    });
}

FakeBlueskyChat::~FakeBlueskyChat() = default;

bool FakeBlueskyChat::listen()
{
    d->port = d->http->listen(QHostAddress::LocalHost, 0);
    return d->port != 0;
}

QUrl FakeBlueskyChat::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(d->port));
}

QString FakeBlueskyChat::brandDid() const { return d->brandDid; }
QString FakeBlueskyChat::brandHandle() const { return d->brandHandle; }
QString FakeBlueskyChat::accessToken() const { return d->access(); }
QString FakeBlueskyChat::refreshToken() const { return d->refresh(); }
void FakeBlueskyChat::expireAccessToken() { d->expiredTokens.append(d->access()); }
void FakeBlueskyChat::setChatAllowed(bool allowed) { d->chatAllowed = allowed; }
int FakeBlueskyChat::refreshes() const { return d->refreshes; }
int FakeBlueskyChat::signIns() const { return d->signIns; }
QString FakeBlueskyChat::appPassword() const { return d->appPassword; }
void FakeBlueskyChat::setLogPageSize(int size) { d->logPageSize = size; }

void FakeBlueskyChat::addCustomer(const QString &did, const QString &handle, const QString &displayName,
                                  const QString &allowIncoming, bool followsBrand)
{
    d->profiles.insert(did, Profile{did, handle, displayName, allowIncoming, followsBrand, false});
}

void FakeBlueskyChat::setAllowIncoming(const QString &did, const QString &allowIncoming)
{
    d->profiles[did].allowIncoming = allowIncoming;
}

void FakeBlueskyChat::setFollowsBrand(const QString &did, bool follows) { d->profiles[did].followsBrand = follows; }
void FakeBlueskyChat::setBlocked(const QString &did, bool blocked) { d->profiles[did].blocked = blocked; }

QString FakeBlueskyChat::customerWrites(const QString &did, const QString &text)
{
    return d->addMessage(d->ensureConvo(did), did, text).id;
}

QString FakeBlueskyChat::brandWrites(const QString &did, const QString &text)
{
    return d->addMessage(d->ensureConvo(did), d->brandDid, text).id;
}

QList<FakeBlueskyChat::ChatMessage> FakeBlueskyChat::messagesWith(const QString &did) const
{
    const Convo *convo = d->convoWith(did);
    return convo ? convo->messages : QList<ChatMessage>();
}

QString FakeBlueskyChat::convoIdWith(const QString &did) const
{
    const Convo *convo = d->convoWith(did);
    return convo ? convo->id : QString();
}

void FakeBlueskyChat::failNext(Fault fault, const QString &nsid, int count)
{
    d->faults.append({fault, nsid, count});
}

QList<LoggedRequest> FakeBlueskyChat::requests() const { return d->requests; }

int FakeBlueskyChat::requestCount(const QString &nsid) const
{
    return int(std::count_if(d->requests.cbegin(), d->requests.cend(),
                             [&](const LoggedRequest &r) { return r.path == QLatin1String("/xrpc/") + nsid; }));
}

void FakeBlueskyChat::clearRequests() { d->requests.clear(); }

} // namespace Care::Tests
