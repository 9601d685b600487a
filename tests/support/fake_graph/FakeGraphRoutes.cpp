#include "FakeGraphPrivate.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>
#include <limits>

namespace Care::Tests {

using Fake::HttpReply;

namespace {

QString graphTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + QStringLiteral("+0000");
}

QString cursorFor(int offset)
{
    return QString::fromLatin1(QByteArray::number(offset).toBase64(QByteArray::Base64UrlEncoding));
}

int offsetOf(const QString &cursor)
{
    return cursor.isEmpty() ? 0 : QByteArray::fromBase64(cursor.toLatin1(), QByteArray::Base64UrlEncoding).toInt();
}

int limitOf(const QUrlQuery &query, int fallback)
{
    const int limit = query.queryItemValue(QStringLiteral("limit")).toInt();
    return limit > 0 ? std::min(limit, 100) : fallback;
}

// "comments.filter(stream).order(reverse_chronological).limit(25){...}" -> the modifiers of one edge.
QString edgeModifiers(const QString &fields, const QString &edge)
{
    const QRegularExpression re(QStringLiteral("(?:^|,)%1((?:\\.[a-z_]+\\([^)]*\\))*)").arg(edge));
    const QRegularExpressionMatch m = re.match(fields);
    return m.hasMatch() ? m.captured(1) : QString();
}

bool hasEdge(const QString &fields, const QString &edge)
{
    return QRegularExpression(QStringLiteral("(?:^|,)%1(?:[.{,]|$)").arg(edge)).match(fields).hasMatch();
}

int modifierLimit(const QString &modifiers, int fallback)
{
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("\\.limit\\((\\d+)\\)")).match(modifiers);
    return m.hasMatch() ? std::min(m.captured(1).toInt(), 100) : fallback;
}

qint64 sinceOf(const QUrlQuery &query)
{
    return query.hasQueryItem(QStringLiteral("since")) ? query.queryItemValue(QStringLiteral("since")).toLongLong() : 0;
}

qint64 untilOf(const QUrlQuery &query) // time-based paging's upper bound, like since's
{
    return query.hasQueryItem(QStringLiteral("until")) ? query.queryItemValue(QStringLiteral("until")).toLongLong()
                                                       : std::numeric_limits<qint64>::max();
}

} // namespace

QJsonObject FakeGraph::Private::page(const QJsonArray &data, int offset, int limit, qsizetype total, const QString &path,
                                     QUrlQuery query) const
{
    QJsonObject paging{{QStringLiteral("cursors"),
                        QJsonObject{{QStringLiteral("before"), cursorFor(offset)}, {QStringLiteral("after"), cursorFor(offset + limit)}}}};
    if (offset + limit < total) {
        query.removeAllQueryItems(QStringLiteral("after"));
        query.addQueryItem(QStringLiteral("after"), cursorFor(offset + limit));
        query.removeAllQueryItems(QStringLiteral("limit"));
        query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
        QUrl next(baseUrl() + version() + path);
        next.setQuery(query);
        paging.insert(QStringLiteral("next"), next.toString(QUrl::FullyEncoded));
    }
    return QJsonObject{{QStringLiteral("data"), data}, {QStringLiteral("paging"), paging}};
}

QString FakeGraph::Private::fromName(const QString &id) const
{
    return id == pageId ? pageName : QString();
}

QJsonObject FakeGraph::Private::commentJson(const Comment &c) const
{
    QJsonObject o{{QStringLiteral("id"), c.id},
                  {QStringLiteral("message"), c.message},
                  {QStringLiteral("created_time"), graphTime(c.created)},
                  {QStringLiteral("is_hidden"), c.hidden},
                  {QStringLiteral("can_hide"), c.fromId != pageId && !c.cannotHide},
                  {QStringLiteral("can_reply_privately"),
                   c.fromId != pageId && !c.privatelyReplied && c.created.daysTo(QDateTime::currentDateTimeUtc()) < 7}};
    if (!c.fromId.isEmpty())
        o.insert(QStringLiteral("from"), QJsonObject{{QStringLiteral("id"), c.fromId}, {QStringLiteral("name"), c.fromName}});
    if (!c.parentId.isEmpty()) {
        o.insert(QStringLiteral("parent"), QJsonObject{{QStringLiteral("id"), c.parentId}});
    }
    return o;
}

QJsonObject FakeGraph::Private::messageJson(const Message &m) const
{
    QString name = fromName(m.fromId);
    for (const Conversation &c : conversations) {
        if (c.psid == m.fromId)
            name = c.name;
    }
    return QJsonObject{{QStringLiteral("id"), m.id},
                       {QStringLiteral("message"), m.text},
                       {QStringLiteral("created_time"), graphTime(m.created)},
                       {QStringLiteral("from"), QJsonObject{{QStringLiteral("id"), m.fromId}, {QStringLiteral("name"), name}}}};
}

QList<FakeGraph::Comment> FakeGraph::Private::commentsOf(const QString &objectId, bool stream, bool newestFirst) const
{
    QList<Comment> out;
    for (const Comment &c : comments) {
        const bool under = stream ? (c.postId == objectId && !c.parentId.isEmpty() ? true : c.postId == objectId)
                                  : (c.postId == objectId && c.parentId.isEmpty());
        // /{comment}/comments: its replies.
        if (under || c.parentId == objectId)
            out << c;
    }
    std::stable_sort(out.begin(), out.end(), [newestFirst](const Comment &a, const Comment &b) {
        return newestFirst ? a.created > b.created : a.created < b.created;
    });
    return out;
}

QJsonObject FakeGraph::Private::postJson(const Post &p, const QString &fields)
{
    QJsonObject o{{QStringLiteral("id"), p.id},
                  {QStringLiteral("message"), p.message},
                  {QStringLiteral("created_time"), graphTime(p.created)},
                  {QStringLiteral("updated_time"), graphTime(p.updated)},
                  {QStringLiteral("permalink_url"), QStringLiteral("https://www.facebook.com/%1").arg(p.id)},
                  {QStringLiteral("from"), QJsonObject{{QStringLiteral("id"), p.fromId.isEmpty() ? pageId : p.fromId},
                                                       {QStringLiteral("name"), p.fromId.isEmpty() ? pageName : p.fromName}}}};
    if (hasEdge(fields, QStringLiteral("comments"))) {
        const QString modifiers = edgeModifiers(fields, QStringLiteral("comments"));
        const bool stream = modifiers.contains(QLatin1String("filter(stream)"));
        const bool newestFirst = modifiers.contains(QLatin1String("reverse_chronological"));
        const int limit = modifierLimit(modifiers, 25);
        const QList<Comment> list = commentsOf(p.id, stream, newestFirst);
        QJsonArray data;
        for (int i = 0; i < std::min<qsizetype>(limit, list.size()); ++i)
            data.append(commentJson(list.at(i)));
        QUrlQuery query;
        if (stream)
            query.addQueryItem(QStringLiteral("filter"), QStringLiteral("stream"));
        if (newestFirst)
            query.addQueryItem(QStringLiteral("order"), QStringLiteral("reverse_chronological"));
        if (!list.isEmpty())
            o.insert(QStringLiteral("comments"), page(data, 0, limit, list.size(), p.id + QStringLiteral("/comments"), query));
    }
    return o;
}

QJsonObject FakeGraph::Private::conversationJson(const Conversation &c, const QString &fields) const
{
    QJsonObject o{{QStringLiteral("id"), c.id},
                  {QStringLiteral("updated_time"), graphTime(c.messages.isEmpty() ? QDateTime() : c.messages.last().created)}};
    o.insert(QStringLiteral("participants"),
             QJsonObject{{QStringLiteral("data"),
                          QJsonArray{QJsonObject{{QStringLiteral("id"), c.psid}, {QStringLiteral("name"), c.name}},
                                     QJsonObject{{QStringLiteral("id"), pageId}, {QStringLiteral("name"), pageName}}}}});
    if (hasEdge(fields, QStringLiteral("messages"))) {
        const int limit = modifierLimit(edgeModifiers(fields, QStringLiteral("messages")), 25);
        QJsonArray data;
        for (int i = 0; i < std::min<qsizetype>(limit, c.messages.size()); ++i)
            data.append(messageJson(c.messages.at(c.messages.size() - 1 - i)));
        o.insert(QStringLiteral("messages"), page(data, 0, limit, c.messages.size(), c.id + QStringLiteral("/messages"), {}));
    }
    return o;
}

FakeGraph::Comment *FakeGraph::Private::findComment(const QString &id)
{
    for (Comment &c : comments) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

FakeGraph::Private::Conversation *FakeGraph::Private::findConversation(const QString &id)
{
    for (Conversation &c : conversations) {
        if (c.id == id)
            return &c;
    }
    return nullptr;
}

FakeGraph::Private::Conversation &FakeGraph::Private::conversationWith(const QString &psid, const QString &name)
{
    for (Conversation &c : conversations) {
        if (c.psid == psid)
            return c;
    }
    conversations.append(Conversation{QStringLiteral("t_") + next(), psid, name, {}});
    return conversations.last();
}

const FakeGraph::Message *FakeGraph::Private::findMessage(const QString &id, QString *psid) const
{
    for (const Conversation &c : conversations) {
        for (const Message &m : c.messages) {
            if (m.id == id) {
                if (psid)
                    *psid = c.psid;
                return &m;
            }
        }
    }
    return nullptr;
}

HttpReply FakeGraph::Private::route(const QByteArray &method, const QStringList &path, const QUrlQuery &query,
                                    const Fake::Params &params, const QJsonObject &json)
{
    if (path.isEmpty())
        return graphError(400, 100, 0, QStringLiteral("GraphMethodException"), QStringLiteral("Unsupported request"));
    const QString id = path.at(0);
    const QString edge = path.value(1);
    if (method == "GET") {
        if (id == QLatin1String("debug_token"))
            return debugToken(query);
        if (id == pageId && edge == QLatin1String("feed"))
            return listPosts(posts, query, pageId + QStringLiteral("/feed"));
        if (id == pageId && edge == QLatin1String("tagged"))
            return listPosts(tagged, query, pageId + QStringLiteral("/tagged"));
        if (id == pageId && edge == QLatin1String("conversations"))
            return listConversations(query);
        if (edge == QLatin1String("comments"))
            return listComments(id, query);
        if (edge == QLatin1String("messages"))
            return listMessages(id, query);
        if (edge.isEmpty())
            return node(id, query);
    } else {
        if (id == pageId && edge == QLatin1String("messages"))
            return send(json);
        if (edge == QLatin1String("comments"))
            return comment(id, params.value(QStringLiteral("message")));
        if (edge.isEmpty() && params.contains(QStringLiteral("is_hidden")))
            return hide(id, params.value(QStringLiteral("is_hidden")) == QLatin1String("true"));
    }
    return graphError(400, 100, 33, QStringLiteral("GraphMethodException"),
                      QStringLiteral("Unsupported %1 request. Object with ID '%2' does not exist, cannot be loaded due to "
                                     "missing permissions, or does not support this operation.")
                          .arg(QString::fromLatin1(method), id));
}

HttpReply FakeGraph::Private::listPosts(const QList<Post> &source, const QUrlQuery &query, const QString &path)
{
    const qint64 since = sinceOf(query);
    const qint64 until = untilOf(query);
    QList<Post> list;
    for (const Post &p : source) {
        if (p.created.toSecsSinceEpoch() >= since && p.created.toSecsSinceEpoch() <= until)
            list << p;
    }
    std::stable_sort(list.begin(), list.end(), [](const Post &a, const Post &b) { return a.created > b.created; });
    const int offset = offsetOf(query.queryItemValue(QStringLiteral("after")));
    const int limit = limitOf(query, 25);
    const QString fields = query.queryItemValue(QStringLiteral("fields"), QUrl::FullyDecoded);
    QJsonArray data;
    for (int i = offset; i < std::min<qsizetype>(offset + limit, list.size()); ++i)
        data.append(postJson(list.at(i), fields));
    return HttpReply::json(QJsonDocument(page(data, offset, limit, list.size(), path, query)));
}

HttpReply FakeGraph::Private::listComments(const QString &objectId, const QUrlQuery &query)
{
    const bool stream = query.queryItemValue(QStringLiteral("filter")) == QLatin1String("stream");
    const bool newestFirst = query.queryItemValue(QStringLiteral("order")) == QLatin1String("reverse_chronological");
    const QList<Comment> list = commentsOf(objectId, stream, newestFirst);
    const int offset = offsetOf(query.queryItemValue(QStringLiteral("after")));
    const int limit = limitOf(query, 25);
    QJsonArray data;
    for (int i = offset; i < std::min<qsizetype>(offset + limit, list.size()); ++i)
        data.append(commentJson(list.at(i)));
    return HttpReply::json(QJsonDocument(page(data, offset, limit, list.size(), objectId + QStringLiteral("/comments"), query)));
}

HttpReply FakeGraph::Private::listConversations(const QUrlQuery &query)
{
    if (query.queryItemValue(QStringLiteral("platform")) != QLatin1String("messenger"))
        return graphError(400, 100, 0, QStringLiteral("OAuthException"), QStringLiteral("(#100) platform must be messenger or instagram"));
    const QString userId = query.queryItemValue(QStringLiteral("user_id"));
    QList<Conversation> list;
    for (const Conversation &c : conversations) {
        if (!c.messages.isEmpty() && (userId.isEmpty() || c.psid == userId))
            list << c;
    }
    std::stable_sort(list.begin(), list.end(), [](const Conversation &a, const Conversation &b) {
        return a.messages.last().created > b.messages.last().created;
    });
    const int offset = offsetOf(query.queryItemValue(QStringLiteral("after")));
    const int limit = limitOf(query, 25);
    const QString fields = query.queryItemValue(QStringLiteral("fields"), QUrl::FullyDecoded);
    QJsonArray data;
    for (int i = offset; i < std::min<qsizetype>(offset + limit, list.size()); ++i)
        data.append(conversationJson(list.at(i), fields));
    return HttpReply::json(QJsonDocument(page(data, offset, limit, list.size(), pageId + QStringLiteral("/conversations"), query)));
}

HttpReply FakeGraph::Private::listMessages(const QString &conversationId, const QUrlQuery &query)
{
    const Conversation *c = findConversation(conversationId);
    if (!c)
        return graphError(400, 100, 33, QStringLiteral("GraphMethodException"), QStringLiteral("Object does not exist"));
    const int offset = offsetOf(query.queryItemValue(QStringLiteral("after")));
    const int limit = limitOf(query, 25);
    QJsonArray data;
    for (int i = offset; i < std::min<qsizetype>(offset + limit, c->messages.size()); ++i)
        data.append(messageJson(c->messages.at(c->messages.size() - 1 - i)));
    return HttpReply::json(QJsonDocument(page(data, offset, limit, c->messages.size(), conversationId + QStringLiteral("/messages"), query)));
}

HttpReply FakeGraph::Private::node(const QString &id, const QUrlQuery &query)
{
    Q_UNUSED(query);
    if (id == pageId)
        return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("id"), pageId},
                                                         {QStringLiteral("name"), pageName},
                                                         {QStringLiteral("username"), QStringLiteral("acme")}}));
    if (const Comment *c = findComment(id))
        return HttpReply::json(QJsonDocument(commentJson(*c)));
    if (const Message *m = findMessage(id))
        return HttpReply::json(QJsonDocument(messageJson(*m)));
    for (const QList<Post> *list : {&posts, &tagged}) {
        for (const Post &p : *list) {
            if (p.id != id)
                continue;
            if (query.queryItemValue(QStringLiteral("fields")).contains(QLatin1String("can_reply_privately")))
                return graphError(400, 100, 0, QStringLiteral("OAuthException"),
                                  QStringLiteral("(#100) Tried accessing nonexisting field (can_reply_privately) on node type (Post)"));
            return HttpReply::json(QJsonDocument(postJson(p, {})));
        }
    }
    return graphError(400, 100, 33, QStringLiteral("GraphMethodException"),
                      QStringLiteral("Unsupported get request. Object with ID '%1' does not exist").arg(id));
}

HttpReply FakeGraph::Private::comment(const QString &objectId, const QString &message)
{
    if (message.isEmpty())
        return graphError(400, 100, 0, QStringLiteral("OAuthException"), QStringLiteral("(#100) Missing message or attachment"));
    QString postId;
    QString parentId;
    if (const Comment *target = findComment(objectId)) {
        postId = target->postId;
        parentId = target->parentId.isEmpty() ? target->id : target->parentId; // one level deep
    } else {
        for (const QList<Post> *list : {&posts, &tagged}) {
            for (const Post &p : *list)
                postId = p.id == objectId ? p.id : postId;
        }
    }
    if (postId.isEmpty())
        return graphError(400, 100, 33, QStringLiteral("GraphMethodException"), QStringLiteral("Object does not exist"));
    Comment c;
    c.postId = postId;
    c.parentId = parentId;
    c.fromId = pageId;
    c.fromName = pageName;
    c.message = message;
    c.created = QDateTime::currentDateTimeUtc();
    const QString newId = addComment(c);
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("id"), newId}}));
}

HttpReply FakeGraph::Private::send(const QJsonObject &body)
{
    const QJsonObject recipient = body.value(QStringLiteral("recipient")).toObject();
    const QString text = body.value(QStringLiteral("message")).toObject().value(QStringLiteral("text")).toString();
    if (text.isEmpty())
        return graphError(400, 100, 2018034, QStringLiteral("OAuthException"), QStringLiteral("(#100) Message cannot be empty"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString psid;
    QString name;
    if (recipient.contains(QStringLiteral("comment_id"))) {
        Comment *c = findComment(recipient.value(QStringLiteral("comment_id")).toString());
        if (!c || c->fromId.isEmpty())
            return graphError(400, 100, 2018001, QStringLiteral("OAuthException"), QStringLiteral("(#100) No matching user found"));
        if (c->privatelyReplied || c->created.daysTo(now) >= 7)
            return graphError(400, 10, 2018292, QStringLiteral("OAuthException"),
                              QStringLiteral("(#10) Cannot send a private reply to this comment"));
        c->privatelyReplied = true;
        psid = QStringLiteral("psid-") + c->fromId;
        name = c->fromName;
    } else {
        psid = recipient.value(QStringLiteral("id")).toString();
        Conversation *existing = nullptr;
        for (Conversation &c : conversations)
            existing = c.psid == psid ? &c : existing;
        if (!existing)
            return graphError(400, 100, 2018001, QStringLiteral("OAuthException"), QStringLiteral("(#100) No matching user found"));
        QDateTime last;
        for (const Message &m : existing->messages)
            last = m.fromId == psid ? m.created : last;
        const qint64 age = last.isValid() ? last.secsTo(now) : 1 << 30;
        const bool humanAgent = body.value(QStringLiteral("messaging_type")).toString() == QLatin1String("MESSAGE_TAG")
                                && body.value(QStringLiteral("tag")).toString() == QLatin1String("HUMAN_AGENT");
        if (age > (humanAgent ? 7 * 86400 : 86400))
            return graphError(400, 10, 2018278, QStringLiteral("OAuthException"),
                              QStringLiteral("(#10) This message is sent outside of allowed window. Learn more about the "
                                             "new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview"));
        name = existing->name;
    }
    Conversation &c = conversationWith(psid, name);
    Message m{QStringLiteral("m_") + next(), pageId, text, now};
    c.messages.append(m);
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("recipient_id"), psid}, {QStringLiteral("message_id"), m.id}}));
}

HttpReply FakeGraph::Private::hide(const QString &commentId, bool hidden)
{
    Comment *c = findComment(commentId);
    if (!c)
        return graphError(400, 100, 33, QStringLiteral("GraphMethodException"), QStringLiteral("Object does not exist"));
    if (c->fromId == pageId || c->cannotHide)
        return graphError(400, 100, 0, QStringLiteral("OAuthException"), QStringLiteral("(#100) This comment cannot be hidden"));
    c->hidden = hidden;
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("success"), true}}));
}

HttpReply FakeGraph::Private::debugToken(const QUrlQuery &query)
{
    const QString input = query.queryItemValue(QStringLiteral("input_token"), QUrl::FullyDecoded);
    QJsonArray scopeArray;
    for (const QString &s : scopes)
        scopeArray.append(s);
    QJsonObject data{{QStringLiteral("app_id"), QStringLiteral("1234567890")},
                     {QStringLiteral("type"), tokenType},
                     {QStringLiteral("application"), QStringLiteral("Acme Care")},
                     {QStringLiteral("is_valid"), input == token && !revokedSubcode},
                     {QStringLiteral("expires_at"), 0},
                     {QStringLiteral("scopes"), scopeArray},
                     {QStringLiteral("user_id"), QStringLiteral("9876543210")}};
    if (tokenType == QLatin1String("PAGE"))
        data.insert(QStringLiteral("profile_id"), profileId.isEmpty() ? pageId : profileId);
    return HttpReply::json(QJsonDocument(QJsonObject{{QStringLiteral("data"), data}}));
}

} // namespace Care::Tests
