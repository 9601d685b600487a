#include "sync/FacebookJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QTimeZone>
#include <algorithm>
#include <limits>

namespace Care::Sync::Facebook {

using Core::Error;
using Core::Result;

namespace {

Error unreadable(const QString &what, const QString &detail)
{
    return Error::make(Error::Code::InvalidInput, QStringLiteral("The Graph API sent %1 that could not be read.").arg(what), {},
                       detail);
}

// The document's top-level object, or why there is none.
Result<QJsonObject> document(const QByteArray &body, const QString &what)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return unreadable(what, error.errorString() + QStringLiteral(" at offset ") + QString::number(error.offset));
    if (!doc.isObject())
        return unreadable(what, QStringLiteral("not a JSON object"));
    return doc.object();
}

// Graph ids are strings; a number is accepted as well (never as a double's rendering).
QString idOf(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (d >= 0 && d < 9.0e15 && d == double(qint64(d)))
            return QString::number(qint64(d));
    }
    return {};
}

std::optional<Person> personOf(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    const QString id = idOf(o.value(QStringLiteral("id")));
    if (id.isEmpty())
        return std::nullopt;
    return Person{id, o.value(QStringLiteral("name")).toString()};
}

Paging pagingOf(const QJsonObject &container)
{
    const QJsonObject paging = container.value(QStringLiteral("paging")).toObject();
    Paging p;
    p.after = paging.value(QStringLiteral("cursors")).toObject().value(QStringLiteral("after")).toString();
    p.next = paging.value(QStringLiteral("next")).toString();
    return p;
}

// Each list is {"data": [...], "paging": {...}}; a missing "data" is an unreadable answer.
Result<QJsonArray> dataOf(const QJsonObject &o, const QString &what)
{
    const QJsonValue data = o.value(QStringLiteral("data"));
    if (!data.isArray())
        return unreadable(what, data.isUndefined() ? QStringLiteral("data: missing") : QStringLiteral("data: not an array"));
    return data.toArray();
}

Result<Comment> commentOf(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return unreadable(QStringLiteral("a comment"), path + QStringLiteral(": not an object"));
    const QJsonObject o = value.toObject();
    Comment c;
    c.id = idOf(o.value(QStringLiteral("id")));
    if (c.id.isEmpty())
        return unreadable(QStringLiteral("a comment"), path + QStringLiteral(".id: missing"));
    c.message = o.value(QStringLiteral("message")).toString();
    c.createdTime = parseTime(o.value(QStringLiteral("created_time")).toString());
    if (!c.createdTime.isValid())
        return unreadable(QStringLiteral("a comment"), path + QStringLiteral(".created_time: missing or not a time"));
    c.from = personOf(o.value(QStringLiteral("from")));
    c.parentId = idOf(o.value(QStringLiteral("parent")).toObject().value(QStringLiteral("id")));
    c.isHidden = o.value(QStringLiteral("is_hidden")).toBool(false);
    c.isHiddenKnown = o.value(QStringLiteral("is_hidden")).isBool();
    c.canHide = o.value(QStringLiteral("can_hide")).toBool(false);
    c.canHideKnown = o.value(QStringLiteral("can_hide")).isBool();
    c.canReplyPrivately = o.value(QStringLiteral("can_reply_privately")).toBool(false);
    return c;
}

Result<CommentPage> commentPageOf(const QJsonObject &o, const QString &path)
{
    auto data = dataOf(o, QStringLiteral("a list of comments"));
    if (!data)
        return data.error();
    CommentPage page;
    for (qsizetype i = 0; i < data->size(); ++i) {
        auto comment = commentOf(data->at(i), path + QStringLiteral(".data[%1]").arg(i));
        if (!comment)
            return comment.error();
        page.comments << comment.value();
    }
    page.paging = pagingOf(o);
    return page;
}

Result<Message> messageOf(const QJsonValue &value, const QString &path)
{
    const QJsonObject o = value.toObject();
    Message m;
    m.id = idOf(o.value(QStringLiteral("id")));
    if (m.id.isEmpty())
        return unreadable(QStringLiteral("a message"), path + QStringLiteral(".id: missing"));
    m.text = o.value(QStringLiteral("message")).toString();
    m.createdTime = parseTime(o.value(QStringLiteral("created_time")).toString());
    auto from = personOf(o.value(QStringLiteral("from")));
    if (!m.createdTime.isValid() || !from)
        return unreadable(QStringLiteral("a message"), path + QStringLiteral(": created_time or from missing"));
    m.from = *from;
    return m;
}

Result<MessagePage> messagePageOf(const QJsonObject &o, const QString &path)
{
    auto data = dataOf(o, QStringLiteral("a list of messages"));
    if (!data)
        return data.error();
    MessagePage page;
    for (qsizetype i = 0; i < data->size(); ++i) {
        auto message = messageOf(data->at(i), path + QStringLiteral(".data[%1]").arg(i));
        if (!message)
            return message.error();
        page.messages << message.value();
    }
    page.paging = pagingOf(o);
    return page;
}

// A number from the wire, clamped before converting (a huge double does not fit an int).
int boundedInt(double d, int low, int high)
{
    if (!(d >= low)) // NaN too
        return low;
    return d > high ? high : int(d);
}

int intOf(const QJsonValue &value)
{
    if (value.isDouble())
        return boundedInt(value.toDouble(), 0, 100000);
    if (value.isString())
        return std::clamp(value.toString().toInt(), 0, 100000);
    return 0;
}

void addUsage(Usage &usage, const QJsonObject &o)
{
    for (const char *key : {"call_count", "total_cputime", "total_time", "acc_id_util_pct"}) {
        if (o.contains(QLatin1String(key))) {
            usage.reported = true;
            usage.percent = std::max(usage.percent, intOf(o.value(QLatin1String(key))));
        }
    }
    usage.regainMinutes = std::max(usage.regainMinutes, intOf(o.value(QStringLiteral("estimated_time_to_regain_access"))));
}

} // namespace

QString graphVersion()
{
    return QStringLiteral("v26.0");
}

QString defaultGraphBase()
{
    return QStringLiteral("https://graph.facebook.com");
}

std::optional<GraphError> parseError(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toObject();
    if (o.isEmpty())
        return std::nullopt;
    GraphError e;
    e.code = intOf(o.value(QStringLiteral("code")));
    const QJsonValue subcode = o.value(QStringLiteral("error_subcode"));
    e.subcode = subcode.isDouble() ? boundedInt(subcode.toDouble(), 0, std::numeric_limits<int>::max()) : subcode.toString().toInt();
    e.type = o.value(QStringLiteral("type")).toString();
    e.message = o.value(QStringLiteral("message")).toString();
    e.userTitle = o.value(QStringLiteral("error_user_title")).toString();
    e.userMessage = o.value(QStringLiteral("error_user_msg")).toString();
    e.fbtraceId = o.value(QStringLiteral("fbtrace_id")).toString();
    e.transient = o.value(QStringLiteral("is_transient")).toBool(false);
    return e;
}

Usage parseUsage(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    Usage usage;
    for (const auto &[name, value] : headers) {
        const QByteArray key = name.toLower();
        const QJsonObject o = QJsonDocument::fromJson(value).object();
        if (key == "x-app-usage" || key == "x-page-usage" || key == "x-ad-account-usage") {
            addUsage(usage, o);
        } else if (key == "x-business-use-case-usage") {
            for (auto it = o.begin(); it != o.end(); ++it) {
                // Documented as an array per business object; some answers carry a single object.
                if (it.value().isObject())
                    addUsage(usage, it.value().toObject());
                for (const QJsonValue &entry : it.value().toArray())
                    addUsage(usage, entry.toObject());
            }
        }
    }
    usage.regainMinutes = std::min(usage.regainMinutes, 24 * 60); // a day at most: the window is 24 h
    return usage;
}

QDateTime parseTime(const QString &text)
{
    // Qt reads "+00:00" and "Z"; the Graph writes "+0000".
    static const QRegularExpression offset(QStringLiteral("([+-])(\\d{2})(\\d{2})$"));
    QString t = text.trimmed();
    if (t.size() > 10 && offset.match(t).hasMatch())
        t.replace(offset, QStringLiteral("\\1\\2:\\3"));
    QDateTime time = QDateTime::fromString(t, Qt::ISODate);
    if (!time.isValid())
        return {};
    return time.toUTC();
}

Result<PostPage> parsePostPage(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("a list of posts"));
    if (!o)
        return o.error();
    auto data = dataOf(o.value(), QStringLiteral("a list of posts"));
    if (!data)
        return data.error();
    PostPage page;
    for (qsizetype i = 0; i < data->size(); ++i) {
        const QJsonObject p = data->at(i).toObject();
        const QString path = QStringLiteral("data[%1]").arg(i);
        Post post;
        post.id = idOf(p.value(QStringLiteral("id")));
        post.createdTime = parseTime(p.value(QStringLiteral("created_time")).toString());
        if (post.id.isEmpty() || !post.createdTime.isValid())
            return unreadable(QStringLiteral("a post"), path + QStringLiteral(": id or created_time missing"));
        post.message = p.value(QStringLiteral("message")).toString();
        post.updatedTime = parseTime(p.value(QStringLiteral("updated_time")).toString());
        if (!post.updatedTime.isValid())
            post.updatedTime = post.createdTime;
        post.from = personOf(p.value(QStringLiteral("from")));
        post.permalink = p.value(QStringLiteral("permalink_url")).toString();
        if (p.value(QStringLiteral("comments")).isObject()) {
            auto comments = commentPageOf(p.value(QStringLiteral("comments")).toObject(), path + QStringLiteral(".comments"));
            if (!comments)
                return comments.error();
            post.comments = comments.value();
        }
        page.posts << post;
    }
    page.paging = pagingOf(o.value());
    return page;
}

Result<CommentPage> parseCommentPage(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("a list of comments"));
    if (!o)
        return o.error();
    return commentPageOf(o.value(), QStringLiteral("comments"));
}

Result<Comment> parseComment(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("a comment"));
    if (!o)
        return o.error();
    return commentOf(o.value(), QStringLiteral("comment"));
}

Result<ConversationPage> parseConversationPage(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("a list of conversations"));
    if (!o)
        return o.error();
    auto data = dataOf(o.value(), QStringLiteral("a list of conversations"));
    if (!data)
        return data.error();
    ConversationPage page;
    for (qsizetype i = 0; i < data->size(); ++i) {
        const QJsonObject c = data->at(i).toObject();
        const QString path = QStringLiteral("data[%1]").arg(i);
        Conversation conversation;
        conversation.id = idOf(c.value(QStringLiteral("id")));
        conversation.updatedTime = parseTime(c.value(QStringLiteral("updated_time")).toString());
        if (conversation.id.isEmpty() || !conversation.updatedTime.isValid())
            return unreadable(QStringLiteral("a conversation"), path + QStringLiteral(": id or updated_time missing"));
        for (const QJsonValue &participant : c.value(QStringLiteral("participants")).toObject().value(QStringLiteral("data")).toArray()) {
            if (auto person = personOf(participant))
                conversation.participants << *person;
        }
        if (c.value(QStringLiteral("messages")).isObject()) {
            auto messages = messagePageOf(c.value(QStringLiteral("messages")).toObject(), path + QStringLiteral(".messages"));
            if (!messages)
                return messages.error();
            conversation.messages = messages.value();
        }
        page.conversations << conversation;
    }
    page.paging = pagingOf(o.value());
    return page;
}

Result<MessagePage> parseMessagePage(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("a list of messages"));
    if (!o)
        return o.error();
    return messagePageOf(o.value(), QStringLiteral("messages"));
}

Result<Message> parseMessage(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("a message"));
    if (!o)
        return o.error();
    return messageOf(o.value(), QStringLiteral("message"));
}

Result<TokenInfo> parseTokenInfo(const QByteArray &body, const QString &pageId)
{
    auto o = document(body, QStringLiteral("the token's details"));
    if (!o)
        return o.error();
    const QJsonValue dataValue = o->value(QStringLiteral("data"));
    if (!dataValue.isObject())
        return unreadable(QStringLiteral("the token's details"), QStringLiteral("data: missing"));
    const QJsonObject data = dataValue.toObject();
    TokenInfo info;
    info.valid = data.value(QStringLiteral("is_valid")).toBool(false);
    info.type = data.value(QStringLiteral("type")).toString();
    info.profileId = idOf(data.value(QStringLiteral("profile_id")));
    info.userId = idOf(data.value(QStringLiteral("user_id")));
    const double expiresAt = data.value(QStringLiteral("expires_at")).toDouble(0);
    const qint64 expires = expiresAt > 0 && expiresAt < 1.0e11 ? qint64(expiresAt) : 0; // seconds; beyond year 5000 is nonsense
    if (expires > 0)
        info.expiresAt = QDateTime::fromSecsSinceEpoch(expires, QTimeZone::utc());
    for (const QJsonValue &scope : data.value(QStringLiteral("scopes")).toArray())
        info.scopes << scope.toString();
    for (const QJsonValue &granular : data.value(QStringLiteral("granular_scopes")).toArray()) {
        const QJsonObject g = granular.toObject();
        const QJsonArray targets = g.value(QStringLiteral("target_ids")).toArray();
        bool forPage = targets.isEmpty();
        for (const QJsonValue &target : targets)
            forPage = forPage || idOf(target) == pageId;
        if (forPage)
            info.scopesForPage << g.value(QStringLiteral("scope")).toString();
    }
    return info;
}

Result<PageInfo> parsePage(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("the Page"));
    if (!o)
        return o.error();
    PageInfo page;
    page.id = idOf(o->value(QStringLiteral("id")));
    page.name = o->value(QStringLiteral("name")).toString();
    page.username = o->value(QStringLiteral("username")).toString();
    if (page.id.isEmpty())
        return unreadable(QStringLiteral("the Page"), QStringLiteral("id: missing"));
    return page;
}

Result<QString> parseCreatedId(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("the new comment"));
    if (!o)
        return o.error();
    const QString id = idOf(o->value(QStringLiteral("id")));
    if (id.isEmpty())
        return unreadable(QStringLiteral("the new comment"), QStringLiteral("id: missing"));
    return id;
}

Result<SendResult> parseSendResult(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("the sent message"));
    if (!o)
        return o.error();
    SendResult result{idOf(o->value(QStringLiteral("recipient_id"))), o->value(QStringLiteral("message_id")).toString()};
    if (result.messageId.isEmpty())
        return unreadable(QStringLiteral("the sent message"), QStringLiteral("message_id: missing"));
    return result;
}

Result<bool> parseSuccess(const QByteArray &body)
{
    auto o = document(body, QStringLiteral("the answer"));
    if (!o)
        return o.error();
    if (!o->value(QStringLiteral("success")).isBool())
        return unreadable(QStringLiteral("the answer"), QStringLiteral("success: missing"));
    return o->value(QStringLiteral("success")).toBool();
}

} // namespace Care::Sync::Facebook
