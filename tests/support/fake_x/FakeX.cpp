#include "FakeX.h"

#include "HttpFront.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QtHttpServer/QHttpServerRequest>
#include <algorithm>

namespace Care::Tests {

using Fake::HttpFront;
using Fake::HttpReply;

struct FakeX::Reply
{
    HttpReply http;
    bool drop = false;
};

namespace {

bool newer(const QString &a, const QString &b)
{
    return a.size() != b.size() ? a.size() > b.size() : a > b;
}

HttpReply problem(int status, const QString &title, const QString &detail)
{
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("title"), title},
                                                     {QStringLiteral("detail"), detail},
                                                     {QStringLiteral("type"), QStringLiteral("about:blank")},
                                                     {QStringLiteral("status"), status}}),
                           status);
}

HttpReply oauthError(const QString &error, const QString &description)
{
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("error"), error},
                                                     {QStringLiteral("error_description"), description}}),
                           400);
}

// The documented per-user limits a quarter hour (user context).
int defaultLimit(const QString &endpoint)
{
    if (endpoint.contains(QLatin1String("dm_")))
        return 15;
    if (endpoint == QLatin1String("POST /2/tweets"))
        return 100;
    return 300;
}

} // namespace

FakeX::FakeX(QObject *parent)
    : QObject(parent)
    , m_http(std::make_unique<HttpFront>([this](const QHttpServerRequest &r, QTcpSocket *s) { handle(r, s); }))
{
    addUser(QString::fromLatin1(kBrandId), QString::fromLatin1(kBrandName), QStringLiteral("Acme Care"));
}

FakeX::~FakeX() = default;

bool FakeX::listen()
{
    m_port = m_http->listen(QHostAddress::LocalHost, 0);
    return m_port != 0;
}

QUrl FakeX::base() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QString FakeX::nextId()
{
    return QString::number(++m_sequence);
}

void FakeX::registerClient(const QString &clientId, const QString &redirectUri)
{
    m_clients.insert(clientId, redirectUri);
}

QString FakeX::issueTokens(const QString &refresh, int /*expiresInSecs*/)
{
    const QString access = QStringLiteral("access-") + nextId();
    m_access.insert(access);
    m_refreshToken = refresh;
    return access;
}

void FakeX::addUser(const QString &id, const QString &username, const QString &name)
{
    m_users.insert(id, {username, name});
}

QString FakeX::addMention(const QString &authorId, const QString &text, const QString &repliedToId)
{
    Tweet t;
    t.id = nextId();
    t.text = text;
    t.authorId = authorId;
    t.repliedToId = repliedToId;
    t.conversationId = t.id;
    for (const Tweet &parent : std::as_const(m_tweets)) {
        if (parent.id == repliedToId) {
            t.conversationId = parent.conversationId;
            t.inReplyToUserId = parent.authorId;
        }
    }
    t.editHistory = {t.id};
    t.createdAt = QDateTime::currentDateTimeUtc();
    t.mentionsBrand = true;
    m_tweets << t;
    return t.id;
}

QString FakeX::addBrandPost(const QString &text, const QString &repliedToId)
{
    const QString id = addMention(QString::fromLatin1(kBrandId), text, repliedToId);
    m_tweets.last().mentionsBrand = false;
    return id;
}

QString FakeX::addSearchHit(const QString &authorId, const QString &text)
{
    const QString id = addMention(authorId, text);
    m_tweets.last().mentionsBrand = false;
    m_tweets.last().searchable = true;
    return id;
}

void FakeX::deleteTweet(const QString &id)
{
    m_deleted.insert(id);
}

QString FakeX::editTweet(const QString &id, const QString &newText)
{
    for (Tweet &t : m_tweets) {
        if (t.id != id)
            continue;
        Tweet edited = t;
        edited.id = nextId();
        edited.text = newText;
        edited.editHistory << edited.id;
        edited.createdAt = QDateTime::currentDateTimeUtc();
        m_deleted.insert(t.id); // the old version is no longer listed
        m_tweets << edited;
        return edited.id;
    }
    return {};
}

QString FakeX::addDm(const QString &senderId, const QString &otherId, const QString &text)
{
    DmEvent e;
    e.id = nextId();
    e.senderId = senderId;
    const QString brand = QString::fromLatin1(kBrandId);
    const QString other = senderId == brand ? otherId : senderId;
    e.conversationId = newer(other, brand) ? brand + QLatin1Char('-') + other : other + QLatin1Char('-') + brand;
    e.text = text;
    e.createdAt = QDateTime::currentDateTimeUtc();
    m_dms << e;
    return e.id;
}

void FakeX::setRemaining(const QString &endpoint, int remaining, int resetInSecs)
{
    m_budgets.insert(endpoint, Budget{defaultLimit(endpoint), remaining,
                                      QDateTime::currentSecsSinceEpoch() + resetInSecs});
}

QList<FakeX::Call> FakeX::calls(const QString &pathPrefix) const
{
    QList<Call> out;
    for (const Call &c : m_calls) {
        if (c.path.startsWith(pathPrefix))
            out << c;
    }
    return out;
}

QList<FakeX::Tweet> FakeX::brandPosts() const
{
    QList<Tweet> out;
    for (const Tweet &t : m_tweets) {
        if (t.authorId == QLatin1String(kBrandId) && !m_deleted.contains(t.id))
            out << t;
    }
    return out;
}

QString FakeX::endpointOf(const QByteArray &method, const QString &path) const
{
    QStringList parts = path.split(QLatin1Char('/'));
    // /2/users/123/mentions -> /2/users/:id/mentions
    if (parts.size() > 3 && parts.at(2) == QLatin1String("users") && parts.at(3) != QLatin1String("me")
        && parts.at(3) != QLatin1String("by"))
        parts[3] = QStringLiteral(":id");
    if (parts.size() > 4 && parts.at(2) == QLatin1String("users") && parts.at(3) == QLatin1String("by"))
        parts.last() = QStringLiteral(":username");
    if (parts.size() > 4 && parts.at(2) == QLatin1String("dm_conversations"))
        parts[4] = QStringLiteral(":id");
    return QString::fromLatin1(method) + QLatin1Char(' ') + parts.join(QLatin1Char('/'));
}

void FakeX::handle(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Call call;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        call.method = "GET";
        break;
    case QHttpServerRequest::Method::Post:
        call.method = "POST";
        break;
    case QHttpServerRequest::Method::Put:
        call.method = "PUT";
        break;
    default:
        call.method = "OTHER";
        break;
    }
    call.path = request.url().path();
    call.query = QUrlQuery(request.url().query(QUrl::FullyEncoded));
    for (const auto &header : request.headers()) {
        if (header.first.compare("authorization", Qt::CaseInsensitive) == 0)
            call.authorization = header.second;
    }
    call.body = request.body();
    m_calls << call;
    QHash<QString, QString> form;
    if (call.method == "POST" && !call.body.startsWith('{')) {
        for (const QByteArray &pair : call.body.split('&')) {
            QByteArray value = pair.mid(pair.indexOf('=') + 1);
            value.replace('+', ' ');
            form.insert(QString::fromUtf8(pair.left(pair.indexOf('='))), QUrl::fromPercentEncoding(value));
        }
    }
    Reply reply = route(call, form);
    if (reply.drop) {
        socket->abort();
        return;
    }
    HttpFront::write(request, socket, reply.http);
}

FakeX::Reply FakeX::route(const Call &call, const QHash<QString, QString> &form)
{
    if (call.path == QLatin1String("/i/oauth2/authorize"))
        return authorize(call);
    if (call.path == QLatin1String("/2/oauth2/token") && call.method == "POST")
        return token(form);
    if (!call.authorization.startsWith("Bearer ") || !m_access.contains(QString::fromUtf8(call.authorization.mid(7))))
        return {problem(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized")), false};

    // The endpoint's rate budget: spent -> 429, otherwise counted down.
    const QString endpoint = endpointOf(call.method, call.path);
    Budget &budget = m_budgets[endpoint];
    if (budget.limit == 0)
        budget = Budget{defaultLimit(endpoint), defaultLimit(endpoint), QDateTime::currentSecsSinceEpoch() + 900};
    const auto withBudget = [&](Reply reply) {
        reply.http.headers << qMakePair(QByteArray("x-rate-limit-limit"), QByteArray::number(budget.limit))
                           << qMakePair(QByteArray("x-rate-limit-remaining"), QByteArray::number(budget.remaining))
                           << qMakePair(QByteArray("x-rate-limit-reset"), QByteArray::number(budget.reset));
        return reply;
    };
    if (budget.remaining <= 0)
        return withBudget(Reply{problem(429, QStringLiteral("Too Many Requests"), QStringLiteral("Too Many Requests")), false});
    --budget.remaining;

    const QStringList parts = call.path.split(QLatin1Char('/'));
    const QString brand = QString::fromLatin1(kBrandId);
    if (call.method == "GET" && call.path == QLatin1String("/2/users/me"))
        return withBudget(Reply{HttpReply::json(QJsonDocument(QJsonObject{
                               {QStringLiteral("data"), QJsonObject{{QStringLiteral("id"), brand},
                                                                    {QStringLiteral("username"), m_users.value(brand).value(0)},
                                                                    {QStringLiteral("name"), m_users.value(brand).value(1)}}}})),
                           false});
    if (call.method == "GET" && parts.size() == 6 && parts.at(3) == QLatin1String("by")) {
        for (auto it = m_users.cbegin(); it != m_users.cend(); ++it) {
            if (it.value().value(0) == parts.at(5))
                return withBudget(Reply{HttpReply::json(QJsonDocument(QJsonObject{
                                       {QStringLiteral("data"), QJsonObject{{QStringLiteral("id"), it.key()},
                                                                            {QStringLiteral("username"), it.value().value(0)},
                                                                            {QStringLiteral("name"), it.value().value(1)}}}})),
                                   false});
        }
        return withBudget(Reply{problem(404, QStringLiteral("Not Found Error"), QStringLiteral("Could not find user")), false});
    }
    if (call.method == "GET" && parts.size() == 5 && parts.at(2) == QLatin1String("users") && parts.at(4) == QLatin1String("mentions")) {
        QList<Tweet> list;
        for (const Tweet &t : std::as_const(m_tweets))
            if (t.mentionsBrand && !m_deleted.contains(t.id))
                list << t;
        mentionsPageSize = call.query.queryItemValue(QStringLiteral("max_results")).toInt();
        return withBudget(tweetList(call, list));
    }
    if (call.method == "GET" && call.path == QLatin1String("/2/tweets/search/recent")) {
        QList<Tweet> list;
        const QString query = call.query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
        if (query.size() > 512)
            return withBudget(Reply{problem(400, QStringLiteral("Invalid Request"), QStringLiteral("query too long")), false});
        for (const Tweet &t : std::as_const(m_tweets))
            if (t.searchable && !m_deleted.contains(t.id)
                && !(query.contains(QLatin1String("-from:acme")) && t.authorId == brand))
                list << t;
        return withBudget(tweetList(call, list));
    }
    if (call.method == "GET" && parts.size() == 5 && parts.at(2) == QLatin1String("users") && parts.at(4) == QLatin1String("tweets"))
        return withBudget(tweetList(call, brandPosts()));
    if (call.method == "POST" && call.path == QLatin1String("/2/tweets"))
        return withBudget(createTweet(call.body));
    if (call.method == "PUT" && parts.size() == 5 && parts.at(2) == QLatin1String("tweets") && parts.at(4) == QLatin1String("hidden"))
        return withBudget(hideReply(parts.at(3), call.body));
    if (call.method == "GET" && call.path == QLatin1String("/2/dm_events"))
        return withBudget(dmList(call, m_dms));
    if (parts.size() == 6 && parts.at(2) == QLatin1String("dm_conversations") && parts.at(3) == QLatin1String("with")) {
        if (call.method == "POST" && parts.at(5) == QLatin1String("messages"))
            return withBudget(createDm(parts.at(4), call.body));
        QList<DmEvent> events;
        for (const DmEvent &e : std::as_const(m_dms))
            if (e.conversationId.split(QLatin1Char('-')).contains(parts.at(4)))
                events << e;
        return withBudget(dmList(call, events));
    }
    return {problem(404, QStringLiteral("Not Found"), call.path), false};
}

FakeX::Reply FakeX::authorize(const Call &call)
{
    const auto value = [&](const char *key) { return call.query.queryItemValue(QString::fromLatin1(key), QUrl::FullyDecoded); };
    const QString clientId = value("client_id");
    const QString redirect = value("redirect_uri");
    // X compares the callback URL with the registered ones exactly and wants PKCE.
    if (!m_clients.contains(clientId) || m_clients.value(clientId) != redirect || value("response_type") != QLatin1String("code")
        || value("code_challenge_method") != QLatin1String("S256") || value("code_challenge").isEmpty()
        || !value("scope").split(QLatin1Char(' ')).contains(QStringLiteral("offline.access")))
        return {problem(400, QStringLiteral("Invalid Request"), QStringLiteral("Something went wrong")), false};
    const QString code = QStringLiteral("code-") + nextId();
    m_codes.insert(code, Code{clientId, redirect, value("code_challenge")});
    QUrl target(redirect);
    QUrlQuery back;
    back.addQueryItem(QStringLiteral("state"), QString::fromLatin1(QUrl::toPercentEncoding(value("state"))));
    back.addQueryItem(QStringLiteral("code"), code);
    target.setQuery(back);
    HttpReply reply;
    reply.status = 302;
    reply.contentType = "text/html";
    reply.headers << qMakePair(QByteArray("Location"), target.toEncoded());
    return {reply, false};
}

FakeX::Reply FakeX::token(const QHash<QString, QString> &form)
{
    if (form.contains(QStringLiteral("client_secret")))
        m_sawClientSecret = true;
    const QString grant = form.value(QStringLiteral("grant_type"));
    QJsonObject answer{{QStringLiteral("token_type"), QStringLiteral("bearer")},
                       {QStringLiteral("expires_in"), 7200},
                       {QStringLiteral("scope"), QStringLiteral("tweet.read users.read tweet.write dm.read dm.write offline.access")}};
    if (grant == QLatin1String("authorization_code")) {
        const QString codeText = form.value(QStringLiteral("code"));
        const Code code = m_codes.take(codeText); // one use
        const QString verifier = form.value(QStringLiteral("code_verifier"));
        m_exchangeHadVerifier = !verifier.isEmpty();
        const QString challenge = QString::fromLatin1(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
                                                          .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        if (code.clientId.isEmpty() || code.clientId != form.value(QStringLiteral("client_id"))
            || code.redirectUri != form.value(QStringLiteral("redirect_uri")))
            return {oauthError(QStringLiteral("invalid_request"), QStringLiteral("Value passed for the authorization code was invalid.")),
                    false};
        if (verifier.isEmpty() || challenge != code.challenge)
            return {oauthError(QStringLiteral("invalid_request"), QStringLiteral("Value passed for the code verifier did not match.")),
                    false};
        answer.insert(QStringLiteral("access_token"), issueTokens(QStringLiteral("refresh-") + nextId()));
        answer.insert(QStringLiteral("refresh_token"), m_refreshToken);
        return {HttpReply::json(QJsonDocument(answer)), false};
    }
    if (grant == QLatin1String("refresh_token")) {
        if (form.value(QStringLiteral("refresh_token")) != m_refreshToken || m_refreshToken.isEmpty()
            || form.value(QStringLiteral("client_id")).isEmpty())
            return {oauthError(QStringLiteral("invalid_request"), QStringLiteral("Value passed for the token was invalid.")), false};
        answer.insert(QStringLiteral("access_token"), issueTokens(QStringLiteral("refresh-") + nextId())); // rotated
        answer.insert(QStringLiteral("refresh_token"), m_refreshToken);
        return {HttpReply::json(QJsonDocument(answer)), false};
    }
    return {oauthError(QStringLiteral("unsupported_grant_type"), grant), false};
}

FakeX::Reply FakeX::tweetList(const Call &call, QList<Tweet> tweets)
{
    const QString sinceId = call.query.queryItemValue(QStringLiteral("since_id"));
    const QString startTime = call.query.queryItemValue(QStringLiteral("start_time"), QUrl::FullyDecoded);
    const int maxResults = call.query.hasQueryItem(QStringLiteral("max_results"))
                               ? call.query.queryItemValue(QStringLiteral("max_results")).toInt()
                               : 10;
    if (maxResults < 5 || maxResults > 100)
        return {problem(400, QStringLiteral("Invalid Request"), QStringLiteral("The `max_results` query parameter value is not between 5 and 100")),
                false};
    const QDateTime start = QDateTime::fromString(startTime, Qt::ISODate);
    tweets.erase(std::remove_if(tweets.begin(), tweets.end(), [&](const Tweet &t) {
                     return (!sinceId.isEmpty() && !newer(t.id, sinceId)) || (start.isValid() && t.createdAt < start);
                 }),
                 tweets.end());
    std::sort(tweets.begin(), tweets.end(), [](const Tweet &a, const Tweet &b) { return newer(a.id, b.id); });
    const int offset = call.query.queryItemValue(QStringLiteral("pagination_token")).toInt();
    const QList<Tweet> page = tweets.mid(offset, maxResults);
    const bool expand = call.query.queryItemValue(QStringLiteral("expansions"), QUrl::FullyDecoded).contains(QLatin1String("author_id"));
    QJsonArray data;
    QJsonArray users;
    QJsonArray included;
    QJsonArray errors;
    QSet<QString> userIds;
    const auto tweetJson = [](const Tweet &t) {
        QJsonObject o{{QStringLiteral("id"), t.id},
                      {QStringLiteral("text"), QString(t.text).replace(QLatin1Char('&'), QLatin1String("&amp;"))},
                      {QStringLiteral("author_id"), t.authorId},
                      {QStringLiteral("conversation_id"), t.conversationId},
                      {QStringLiteral("created_at"), t.createdAt.toString(Qt::ISODateWithMs)},
                      {QStringLiteral("edit_history_tweet_ids"), QJsonArray::fromStringList(t.editHistory)}};
        if (!t.inReplyToUserId.isEmpty())
            o.insert(QStringLiteral("in_reply_to_user_id"), t.inReplyToUserId);
        if (!t.repliedToId.isEmpty())
            o.insert(QStringLiteral("referenced_tweets"),
                     QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("replied_to")}, {QStringLiteral("id"), t.repliedToId}}});
        return o;
    };
    for (const Tweet &t : page) {
        data << tweetJson(t);
        userIds << t.authorId;
        if (t.repliedToId.isEmpty() || !expand)
            continue;
        bool found = false;
        for (const Tweet &parent : std::as_const(m_tweets)) {
            if (parent.id == t.repliedToId && !m_deleted.contains(parent.id) && !m_partialErrors.contains(parent.id)) {
                included << tweetJson(parent);
                userIds << parent.authorId;
                found = true;
            }
        }
        if (!found)
            errors << QJsonObject{{QStringLiteral("value"), t.repliedToId},
                                  {QStringLiteral("detail"), QStringLiteral("Could not find tweet with referenced_tweets.id: [%1].").arg(t.repliedToId)},
                                  {QStringLiteral("title"), QStringLiteral("Not Found Error")},
                                  {QStringLiteral("resource_type"), QStringLiteral("tweet")},
                                  {QStringLiteral("parameter"), QStringLiteral("referenced_tweets.id")},
                                  {QStringLiteral("resource_id"), t.repliedToId},
                                  {QStringLiteral("type"), QStringLiteral("https://api.twitter.com/2/problems/resource-not-found")}};
    }
    if (expand) {
        for (const QString &id : std::as_const(userIds))
            users << QJsonObject{{QStringLiteral("id"), id},
                                 {QStringLiteral("username"), m_users.value(id).value(0, id)},
                                 {QStringLiteral("name"), m_users.value(id).value(1)}};
    }
    QJsonObject meta{{QStringLiteral("result_count"), data.size()}};
    if (!page.isEmpty()) {
        meta.insert(QStringLiteral("newest_id"), page.first().id);
        meta.insert(QStringLiteral("oldest_id"), page.last().id);
    }
    if (offset + maxResults < tweets.size())
        meta.insert(QStringLiteral("next_token"), QString::number(offset + maxResults));
    QJsonObject root{{QStringLiteral("meta"), meta}};
    if (!data.isEmpty())
        root.insert(QStringLiteral("data"), data);
    QJsonObject includes;
    if (!users.isEmpty())
        includes.insert(QStringLiteral("users"), users);
    if (!included.isEmpty())
        includes.insert(QStringLiteral("tweets"), included);
    if (!includes.isEmpty())
        root.insert(QStringLiteral("includes"), includes);
    if (!errors.isEmpty())
        root.insert(QStringLiteral("errors"), errors);
    return {HttpReply::json(QJsonDocument(root)), false};
}

FakeX::Reply FakeX::dmList(const Call &call, QList<DmEvent> events)
{
    const int maxResults = call.query.hasQueryItem(QStringLiteral("max_results"))
                               ? call.query.queryItemValue(QStringLiteral("max_results")).toInt()
                               : 100;
    if (maxResults < dmMinResults || maxResults > 100)
        return {problem(400, QStringLiteral("Invalid Request"), QStringLiteral("max_results")), false};
    std::sort(events.begin(), events.end(), [](const DmEvent &a, const DmEvent &b) { return newer(a.id, b.id); });
    const int offset = call.query.queryItemValue(QStringLiteral("pagination_token")).toInt();
    const QList<DmEvent> page = events.mid(offset, maxResults);
    const bool expand = call.query.queryItemValue(QStringLiteral("expansions"), QUrl::FullyDecoded).contains(QLatin1String("sender_id"));
    QJsonArray data;
    QSet<QString> userIds;
    for (const DmEvent &e : page) {
        data << QJsonObject{{QStringLiteral("id"), e.id},
                            {QStringLiteral("event_type"), QStringLiteral("MessageCreate")},
                            {QStringLiteral("text"), e.text},
                            {QStringLiteral("sender_id"), e.senderId},
                            {QStringLiteral("dm_conversation_id"), e.conversationId},
                            {QStringLiteral("created_at"), e.createdAt.toString(Qt::ISODateWithMs)}};
        for (const QString &id : e.conversationId.split(QLatin1Char('-')))
            userIds << id;
    }
    QJsonObject meta{{QStringLiteral("result_count"), data.size()}};
    if (offset + maxResults < events.size())
        meta.insert(QStringLiteral("next_token"), QString::number(offset + maxResults));
    QJsonObject root{{QStringLiteral("data"), data}, {QStringLiteral("meta"), meta}};
    if (expand) {
        QJsonArray users;
        for (const QString &id : std::as_const(userIds))
            users << QJsonObject{{QStringLiteral("id"), id},
                                 {QStringLiteral("username"), m_users.value(id).value(0, id)},
                                 {QStringLiteral("name"), m_users.value(id).value(1)}};
        root.insert(QStringLiteral("includes"), QJsonObject{{QStringLiteral("users"), users}});
    }
    return {HttpReply::json(QJsonDocument(root)), false};
}

FakeX::Reply FakeX::createTweet(const QByteArray &body)
{
    const QJsonObject request = QJsonDocument::fromJson(body).object();
    const QString text = request.value(QStringLiteral("text")).toString();
    const QString replyTo = request.value(QStringLiteral("reply")).toObject().value(QStringLiteral("in_reply_to_tweet_id")).toString();
    if (text.isEmpty())
        return {problem(400, QStringLiteral("Invalid Request"), QStringLiteral("text is required")), false};
    for (const Tweet &t : brandPosts()) {
        if (t.text == text)
            return {problem(403, QStringLiteral("Forbidden"), QStringLiteral("You are not allowed to create a Tweet with duplicate content.")),
                    false};
    }
    const QString id = addBrandPost(text, replyTo);
    const bool drop = std::exchange(m_dropNextWrite, false);
    return {HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("data"),
                                                       QJsonObject{{QStringLiteral("id"), id},
                                                                   {QStringLiteral("text"), text},
                                                                   {QStringLiteral("edit_history_tweet_ids"), QJsonArray{id}}}}}),
                            201),
            drop};
}

FakeX::Reply FakeX::hideReply(const QString &id, const QByteArray &body)
{
    const bool hidden = QJsonDocument::fromJson(body).object().value(QStringLiteral("hidden")).toBool();
    for (const Tweet &t : std::as_const(m_tweets)) {
        if (t.id != id)
            continue;
        // Only replies in a conversation the brand started.
        bool brandStarted = false;
        for (const Tweet &root : std::as_const(m_tweets))
            brandStarted = brandStarted || (root.id == t.conversationId && root.authorId == QLatin1String(kBrandId));
        if (!brandStarted || t.id == t.conversationId)
            return {problem(403, QStringLiteral("Forbidden"), QStringLiteral("You are not permitted to hide replies to this Post.")),
                    false};
        if (hidden)
            m_hidden.insert(id);
        else
            m_hidden.remove(id);
        return {HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("data"), QJsonObject{{QStringLiteral("hidden"), hidden}}}})),
                false};
    }
    return {problem(404, QStringLiteral("Not Found Error"), QStringLiteral("Could not find tweet")), false};
}

FakeX::Reply FakeX::createDm(const QString &participant, const QByteArray &body)
{
    const QString text = QJsonDocument::fromJson(body).object().value(QStringLiteral("text")).toString();
    if (!m_users.contains(participant))
        return {problem(400, QStringLiteral("Invalid Request"), QStringLiteral("participant")), false};
    const QString id = addDm(QString::fromLatin1(kBrandId), participant, text);
    const bool drop = std::exchange(m_dropNextWrite, false);
    return {HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("data"),
                                                       QJsonObject{{QStringLiteral("dm_conversation_id"), m_dms.last().conversationId},
                                                                   {QStringLiteral("dm_event_id"), id}}}}),
                            201),
            drop};
}

} // namespace Care::Tests
