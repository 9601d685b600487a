#include "sync/BlueskyChatJson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace Care::Sync::BlueskyChat {

namespace {

using Core::Error;

Error invalid(const QString &what, const QString &detail = {})
{
    return Error::make(Error::Code::InvalidInput,
                       QCoreApplication::translate("Care::Sync::BlueskyChatJson", "Unexpected chat data: %1").arg(what),
                       {}, detail);
}

Core::Result<QJsonObject> document(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("not JSON"), error.errorString());
    if (!doc.isObject())
        return invalid(QStringLiteral("not an object"));
    return doc.object();
}

// A required string member: present, a string, not empty.
std::optional<QString> required(const QJsonObject &object, const char *name)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (!value.isString() || value.toString().isEmpty())
        return std::nullopt;
    return value.toString();
}

QString optionalString(const QJsonObject &object, const char *name)
{
    return object.value(QLatin1String(name)).toString();
}

QString typeOf(const QJsonObject &object)
{
    return object.value(QLatin1String("$type")).toString();
}

// Unions may grow (system messages, say): only the message kinds are read.
bool isMessageKind(const QString &type)
{
    return type.isEmpty() || type.endsWith(QLatin1String("#messageView")) || type.endsWith(QLatin1String("#deletedMessageView"));
}

Core::Result<Member> member(const QJsonValue &value)
{
    if (!value.isObject())
        return invalid(QStringLiteral("a member is not an object"));
    const QJsonObject o = value.toObject();
    const auto did = required(o, "did");
    if (!did)
        return invalid(QStringLiteral("a member without did"));
    Member m;
    m.did = *did;
    m.handle = optionalString(o, "handle");
    m.displayName = optionalString(o, "displayName").trimmed();
    if (m.displayName.isEmpty())
        m.displayName = m.handle;
    return m;
}

Core::Result<Message> message(const QJsonValue &value)
{
    if (!value.isObject())
        return invalid(QStringLiteral("a message is not an object"));
    const QJsonObject o = value.toObject();
    const auto id = required(o, "id");
    const auto rev = required(o, "rev");
    const auto sentAtText = required(o, "sentAt");
    const QJsonValue sender = o.value(QLatin1String("sender"));
    if (!id || !rev || !sentAtText || !sender.isObject())
        return invalid(QStringLiteral("a message without id, rev, sender or sentAt"));
    const auto senderDid = required(sender.toObject(), "did");
    if (!senderDid)
        return invalid(QStringLiteral("a message sender without did"));
    Message m;
    m.id = *id;
    m.rev = *rev;
    m.senderDid = *senderDid;
    m.sentAt = QDateTime::fromString(*sentAtText, Qt::ISODateWithMs);
    if (!m.sentAt.isValid())
        return invalid(QStringLiteral("a message's sentAt is not a date"), *sentAtText);
    m.sentAt = m.sentAt.toUTC();
    m.deleted = typeOf(o).endsWith(QLatin1String("#deletedMessageView"));
    if (!m.deleted) {
        const QJsonValue text = o.value(QLatin1String("text"));
        if (!text.isString())
            return invalid(QStringLiteral("a message without text"));
        m.text = text.toString();
    }
    const QJsonObject embed = o.value(QLatin1String("embed")).toObject();
    m.embedUri = embed.value(QLatin1String("record")).toObject().value(QLatin1String("uri")).toString();
    return m;
}

Core::Result<Convo> convo(const QJsonValue &value)
{
    if (!value.isObject())
        return invalid(QStringLiteral("a conversation is not an object"));
    const QJsonObject o = value.toObject();
    const auto id = required(o, "id");
    const auto rev = required(o, "rev");
    const QJsonValue members = o.value(QLatin1String("members"));
    if (!id || !rev || !members.isArray())
        return invalid(QStringLiteral("a conversation without id, rev or members"));
    Convo c;
    c.id = *id;
    c.rev = *rev;
    c.status = optionalString(o, "status");
    for (const QJsonValue &m : members.toArray()) {
        auto parsed = member(m);
        if (!parsed)
            return parsed.error();
        c.members << parsed.value();
    }
    const QJsonValue last = o.value(QLatin1String("lastMessage"));
    if (last.isObject()) {
        if (isMessageKind(typeOf(last.toObject()))) {
            auto parsed = message(last);
            if (!parsed)
                return parsed.error();
            c.lastMessage = parsed.value();
        }
    }
    return c;
}

// The list named `name` and the paging cursor of a page answer.
struct ListPage
{
    QJsonArray items;
    QString cursor;
};

Core::Result<ListPage> listPage(const QByteArray &json, const char *name)
{
    auto root = document(json);
    if (!root)
        return root.error();
    const QJsonValue items = root->value(QLatin1String(name));
    if (!items.isArray())
        return invalid(QStringLiteral("no %1 list").arg(QLatin1String(name)));
    return ListPage{items.toArray(), optionalString(root.value(), "cursor")};
}

} // namespace

XrpcError parseError(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (!doc.isObject())
        return {};
    const QJsonObject o = doc.object();
    return XrpcError{o.value(QLatin1String("error")).toString(), o.value(QLatin1String("message")).toString()};
}

Core::Result<ConvoPage> parseConvoPage(const QByteArray &json)
{
    auto list = listPage(json, "convos");
    if (!list)
        return list.error();
    ConvoPage page;
    page.cursor = list->cursor;
    for (const QJsonValue &value : std::as_const(list->items)) {
        auto parsed = convo(value);
        if (!parsed)
            return parsed.error();
        page.convos << parsed.value();
    }
    return page;
}

Core::Result<Convo> parseConvoEnvelope(const QByteArray &json)
{
    auto root = document(json);
    if (!root)
        return root.error();
    return convo(root->value(QLatin1String("convo")));
}

Core::Result<MessagePage> parseMessagePage(const QByteArray &json)
{
    auto list = listPage(json, "messages");
    if (!list)
        return list.error();
    MessagePage page;
    page.cursor = list->cursor;
    for (const QJsonValue &value : std::as_const(list->items)) {
        if (!isMessageKind(typeOf(value.toObject())))
            continue;
        auto parsed = message(value);
        if (!parsed)
            return parsed.error();
        page.messages << parsed.value();
    }
    return page;
}

Core::Result<Message> parseMessage(const QByteArray &json)
{
    auto root = document(json);
    if (!root)
        return root.error();
    return message(root.value());
}

Core::Result<LogPage> parseLogPage(const QByteArray &json)
{
    auto list = listPage(json, "logs");
    if (!list)
        return list.error();
    LogPage page;
    page.cursor = list->cursor;
    for (const QJsonValue &value : std::as_const(list->items)) {
        if (!value.isObject())
            return invalid(QStringLiteral("a log entry is not an object"));
        const QJsonObject o = value.toObject();
        const auto rev = required(o, "rev");
        const auto convoId = required(o, "convoId");
        if (!rev || !convoId)
            return invalid(QStringLiteral("a log entry without rev or convoId"));
        LogEntry entry;
        entry.rev = *rev;
        entry.convoId = *convoId;
        if (typeOf(o).endsWith(QLatin1String("#logCreateMessage"))) {
            auto parsed = message(o.value(QLatin1String("message")));
            if (!parsed)
                return parsed.error();
            entry.kind = LogEntry::Kind::CreateMessage;
            entry.message = parsed.value();
        }
        page.logs << entry;
    }
    return page;
}

Core::Result<ChatProfile> parseChatProfile(const QByteArray &json)
{
    auto root = document(json);
    if (!root)
        return root.error();
    const auto did = required(root.value(), "did");
    if (!did)
        return invalid(QStringLiteral("a profile without did"));
    ChatProfile p;
    p.did = *did;
    p.handle = optionalString(root.value(), "handle");
    p.displayName = optionalString(root.value(), "displayName").trimmed();
    if (p.displayName.isEmpty())
        p.displayName = p.handle;
    const QJsonObject chat = root->value(QLatin1String("associated")).toObject().value(QLatin1String("chat")).toObject();
    p.allowIncoming = chat.value(QLatin1String("allowIncoming")).toString();
    const QJsonObject viewer = root->value(QLatin1String("viewer")).toObject();
    p.followsViewer = !viewer.value(QLatin1String("followedBy")).toString().isEmpty();
    p.blocked = viewer.value(QLatin1String("blockedBy")).toBool()
                || !viewer.value(QLatin1String("blocking")).toString().isEmpty();
    return p;
}

QString postWebUrl(const QString &atUri)
{
    // at://did:plc:abc/app.bsky.feed.post/3k2a
    const QStringList parts = atUri.split(QLatin1Char('/'));
    if (parts.size() != 5 || !atUri.startsWith(QLatin1String("at://"))
        || parts.at(3) != QLatin1String("app.bsky.feed.post") || parts.at(2).isEmpty() || parts.at(4).isEmpty())
        return {};
    return QStringLiteral("https://bsky.app/profile/%1/post/%2").arg(parts.at(2), parts.at(4));
}

} // namespace Care::Sync::BlueskyChat
