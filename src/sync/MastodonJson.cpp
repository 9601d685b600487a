#include "sync/MastodonJson.h"

#include "sync/HtmlText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStringList>
#include <functional>
#include <limits>

namespace Care::Sync::Mastodon {

using Core::Error;
using Core::Result;

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

// A field as the user reads it in a message: "an id", "the id".
struct Field
{
    QLatin1String key;
    QLatin1String noun; // "id", "creation date"
    QLatin1String article; // "an", "a"
};

// Reads one document and keeps the first problem found: every accessor answers an empty value
// once something failed, so the parse functions read straight through and check at the end.
// `what` names the thing being read in plain words ("a notification"); `path` locates it in the
// document for the technical detail ("$[2].status").
class Reader
{
public:
    bool failed() const { return m_error.has_value(); }
    const Error &error() const { return *m_error; }

    void fail(const QString &message, const QString &detail)
    {
        if (!m_error)
            m_error = Error::make(Error::Code::InvalidInput, message, {}, detail);
    }

    void failMissing(const QString &what, const QString &path, const Field &field)
    {
        fail(QStringLiteral("The server sent %1 without %2 %3.").arg(what, field.article, field.noun),
            QString(path + QLatin1Char('.') + field.key + QStringLiteral(": missing")));
    }

    void failType(
        const QString &what, const QString &path, const Field &field, const QString &expected, const QJsonValue &got)
    {
        fail(QStringLiteral("The server sent %1 with an invalid %2.").arg(what, field.noun),
            QString(path + QLatin1Char('.') + field.key + QStringLiteral(": expected ") + expected
                + QStringLiteral(", got ") + typeName(got)));
    }

    static bool absent(const QJsonValue &value) { return value.isUndefined() || value.isNull(); }

    // Ids are strings in Mastodon's API; some compatible servers send numbers.
    QString id(
        const QJsonObject &object, const QString &what, const QString &path, const Field &field, bool required = true)
    {
        if (failed())
            return {};
        const QJsonValue value = object.value(field.key);
        if (absent(value)) {
            if (required)
                failMissing(what, path, field);
            return {};
        }
        if (value.isString()) {
            const QString text = value.toString();
            if (text.isEmpty() && required)
                failMissing(what, path, field);
            return text;
        }
        if (value.isDouble()) {
            constexpr qint64 notWhole = std::numeric_limits<qint64>::min();
            const qint64 number = value.toInteger(notWhole);
            if (number != notWhole && number >= 0)
                return QString::number(number);
        }
        failType(what, path, field, QStringLiteral("a string or a non-negative integer"), value);
        return {};
    }

    QString string(
        const QJsonObject &object, const QString &what, const QString &path, const Field &field, bool required = false)
    {
        if (failed())
            return {};
        const QJsonValue value = object.value(field.key);
        if (absent(value)) {
            if (required)
                failMissing(what, path, field);
            return {};
        }
        if (!value.isString()) {
            failType(what, path, field, QStringLiteral("a string"), value);
            return {};
        }
        // A required name ("type", "event") that is empty names nothing: as missing (fuzzer).
        if (required && value.toString().isEmpty()) {
            failMissing(what, path, field);
            return {};
        }
        return value.toString();
    }

    QDateTime date(
        const QJsonObject &object, const QString &what, const QString &path, const Field &field, bool required)
    {
        const QString text = string(object, what, path, field, required);
        if (failed())
            return {};
        if (text.isEmpty()) {
            if (required) // "" is no date: as missing
                failMissing(what, path, field);
            return {};
        }
        QDateTime date = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!date.isValid()) {
            fail(QStringLiteral("The server sent %1 with an invalid %2.").arg(what, field.noun),
                QString(
                    path + QLatin1Char('.') + field.key + QStringLiteral(": not an ISO 8601 date: ") + text.left(64)));
            return {};
        }
        // A server time without a zone is UTC.
        if (date.timeSpec() == Qt::LocalTime)
            date.setTimeSpec(Qt::UTC);
        return date.toUTC();
    }

    bool boolean(const QJsonObject &object, const QString &what, const QString &path, const Field &field)
    {
        if (failed())
            return false;
        const QJsonValue value = object.value(field.key);
        if (absent(value))
            return false;
        if (!value.isBool()) {
            failType(what, path, field, QStringLiteral("a boolean"), value);
            return false;
        }
        return value.toBool();
    }

    // A whole number in [minimum, INT_MAX]; `fallback` when absent.
    int integer(const QJsonObject &object, const QString &what, const QString &path, const Field &field, int minimum,
        int fallback)
    {
        if (failed())
            return fallback;
        const QJsonValue value = object.value(field.key);
        if (absent(value))
            return fallback;
        constexpr qint64 notWhole = std::numeric_limits<qint64>::min();
        const qint64 number = value.isDouble() ? value.toInteger(notWhole) : notWhole;
        if (number == notWhole || number < minimum || number > std::numeric_limits<int>::max()) {
            failType(what, path, field, QStringLiteral("a whole number from %1").arg(minimum), value);
            return fallback;
        }
        return int(number);
    }

    // An object member that must be an object; `present` tells absent (null) from present.
    QJsonObject object(const QJsonObject &parent, const QString &what, const QString &path, const Field &field,
        bool required, bool *present = nullptr)
    {
        if (present)
            *present = false;
        if (failed())
            return {};
        const QJsonValue value = parent.value(field.key);
        if (absent(value)) {
            if (required)
                failMissing(what, path, field);
            return {};
        }
        if (!value.isObject()) {
            failType(what, path, field, QStringLiteral("an object"), value);
            return {};
        }
        if (present)
            *present = true;
        return value.toObject();
    }

    QJsonArray array(
        const QJsonObject &parent, const QString &what, const QString &path, const Field &field, bool required)
    {
        if (failed())
            return {};
        const QJsonValue value = parent.value(field.key);
        if (absent(value)) {
            if (required)
                failMissing(what, path, field);
            return {};
        }
        if (!value.isArray()) {
            failType(what, path, field, QStringLiteral("an array"), value);
            return {};
        }
        return value.toArray();
    }

    // An array element that must be an object.
    QJsonObject element(const QJsonValue &value, const QString &what, const QString &path)
    {
        if (failed())
            return {};
        if (!value.isObject()) {
            fail(QStringLiteral("The server sent %1 that is not a JSON object.").arg(what),
                QString(path + QStringLiteral(": expected an object, got ") + typeName(value)));
            return {};
        }
        return value.toObject();
    }

private:
    std::optional<Error> m_error;
};

const Field kId { QLatin1String("id"), QLatin1String("id"), QLatin1String("an") };
const Field kUsername { QLatin1String("username"), QLatin1String("user name"), QLatin1String("a") };
const Field kAcct { QLatin1String("acct"), QLatin1String("account address"), QLatin1String("an") };
const Field kDisplayName { QLatin1String("display_name"), QLatin1String("display name"), QLatin1String("a") };
const Field kUrl { QLatin1String("url"), QLatin1String("address"), QLatin1String("an") };
const Field kInReplyToId { QLatin1String("in_reply_to_id"), QLatin1String("reply reference"), QLatin1String("a") };
const Field kVisibility { QLatin1String("visibility"), QLatin1String("visibility"), QLatin1String("a") };
const Field kCreatedAt { QLatin1String("created_at"), QLatin1String("creation date"), QLatin1String("a") };
const Field kEditedAt { QLatin1String("edited_at"), QLatin1String("edit date"), QLatin1String("an") };
const Field kContent { QLatin1String("content"), QLatin1String("content"), QLatin1String("a") };
const Field kSpoilerText { QLatin1String("spoiler_text"), QLatin1String("content warning"), QLatin1String("a") };
const Field kLanguage { QLatin1String("language"), QLatin1String("language"), QLatin1String("a") };
const Field kAccount { QLatin1String("account"), QLatin1String("account"), QLatin1String("an") };
const Field kAccounts { QLatin1String("accounts"), QLatin1String("list of participants"), QLatin1String("a") };
const Field kMentions { QLatin1String("mentions"), QLatin1String("list of mentions"), QLatin1String("a") };
const Field kType { QLatin1String("type"), QLatin1String("type"), QLatin1String("a") };
const Field kStatus { QLatin1String("status"), QLatin1String("post"), QLatin1String("a") };
const Field kLastStatus { QLatin1String("last_status"), QLatin1String("last post"), QLatin1String("a") };
const Field kUnread { QLatin1String("unread"), QLatin1String("unread mark"), QLatin1String("an") };
const Field kAncestors { QLatin1String("ancestors"), QLatin1String("list of earlier posts"), QLatin1String("a") };
const Field kDescendants { QLatin1String("descendants"), QLatin1String("list of replies"), QLatin1String("a") };
const Field kStatuses { QLatin1String("statuses"), QLatin1String("list of posts"), QLatin1String("a") };
const Field kDomain { QLatin1String("domain"), QLatin1String("domain"), QLatin1String("a") };
const Field kVersion { QLatin1String("version"), QLatin1String("version"), QLatin1String("a") };
const Field kConfiguration { QLatin1String("configuration"), QLatin1String("configuration"), QLatin1String("a") };
const Field kUrls { QLatin1String("urls"), QLatin1String("list of addresses"), QLatin1String("a") };
const Field kStreaming { QLatin1String("streaming"), QLatin1String("streaming address"), QLatin1String("a") };
const Field kMaxCharacters { QLatin1String("max_characters"), QLatin1String("post length limit"), QLatin1String("a") };
const Field kReservedPerUrl { QLatin1String("characters_reserved_per_url"), QLatin1String("link length"),
    QLatin1String("a") };
const Field kEvent { QLatin1String("event"), QLatin1String("event name"), QLatin1String("an") };
const Field kStream { QLatin1String("stream"), QLatin1String("stream name"), QLatin1String("a") };
const Field kPayload { QLatin1String("payload"), QLatin1String("payload"), QLatin1String("a") };

const QString kAccountWhat = QStringLiteral("an account");
const QString kMentionWhat = QStringLiteral("a mention");
const QString kStatusWhat = QStringLiteral("a post");
const QString kNotificationWhat = QStringLiteral("a notification");
const QString kConversationWhat = QStringLiteral("a conversation");
const QString kContextWhat = QStringLiteral("a thread");
const QString kInstanceWhat = QStringLiteral("a server description");
const QString kSearchWhat = QStringLiteral("search results");
const QString kEventWhat = QStringLiteral("a streaming event");

Error notJson(const QByteArray &json, const QJsonParseError &parseError)
{
    QString detail = parseError.errorString() + QStringLiteral(" at offset ") + QString::number(parseError.offset);
    if (json.trimmed().startsWith('<'))
        detail += QStringLiteral(" (the body starts with '<': an HTML page, e.g. from a proxy or maintenance page)");
    return Error::make(Error::Code::InvalidInput,
        QStringLiteral("The server's answer was not valid JSON (it may have been cut off)."), {}, detail);
}

Error wrongShape(const QString &expectedInWords, const QString &expected, const QJsonDocument &document)
{
    const QString got = document.isArray() ? QStringLiteral("array") : QStringLiteral("object");
    return Error::make(Error::Code::InvalidInput,
        QStringLiteral("The server sent something other than %1.").arg(expectedInWords), {},
        QStringLiteral("$: expected %1, got %2").arg(expected, got));
}

// Parses the text and checks the top-level shape; an Error when it is not what was asked for.
std::optional<Error> readDocument(const QByteArray &json, QJsonDocument &document)
{
    QJsonParseError parseError {};
    document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || document.isNull())
        return notJson(json, parseError);
    return std::nullopt;
}

Account readAccount(Reader &reader, const QJsonObject &object, const QString &path)
{
    Account account;
    account.id = reader.id(object, kAccountWhat, path, kId);
    account.username = reader.string(object, kAccountWhat, path, kUsername);
    account.acct = reader.string(object, kAccountWhat, path, kAcct);
    account.displayName = reader.string(object, kAccountWhat, path, kDisplayName);
    if (account.displayName.isEmpty())
        account.displayName = account.username;
    account.url = reader.string(object, kAccountWhat, path, kUrl);
    return account;
}

Mention readMention(Reader &reader, const QJsonObject &object, const QString &path)
{
    Mention mention;
    mention.id = reader.id(object, kMentionWhat, path, kId);
    mention.username = reader.string(object, kMentionWhat, path, kUsername);
    mention.acct = reader.string(object, kMentionWhat, path, kAcct);
    return mention;
}

Status readStatus(Reader &reader, const QJsonObject &object, const QString &path)
{
    Status status;
    status.id = reader.id(object, kStatusWhat, path, kId);
    status.inReplyToId = reader.id(object, kStatusWhat, path, kInReplyToId, false);
    status.visibility = reader.string(object, kStatusWhat, path, kVisibility);
    status.createdAt = reader.date(object, kStatusWhat, path, kCreatedAt, true);
    status.editedAt = reader.date(object, kStatusWhat, path, kEditedAt, false);
    const QString content = reader.string(object, kStatusWhat, path, kContent);
    status.spoilerText = reader.string(object, kStatusWhat, path, kSpoilerText);
    status.language = reader.string(object, kStatusWhat, path, kLanguage);
    status.url = reader.string(object, kStatusWhat, path, kUrl);
    const QJsonObject account = reader.object(object, kStatusWhat, path, kAccount, true);
    if (!reader.failed())
        status.account = readAccount(reader, account, QString(path + QStringLiteral(".account")));
    const QJsonArray mentions = reader.array(object, kStatusWhat, path, kMentions, false);
    for (qsizetype i = 0; i < mentions.size() && !reader.failed(); ++i) {
        const QString mentionPath = path + QStringLiteral(".mentions[") + QString::number(i) + QLatin1Char(']');
        const QJsonObject mention = reader.element(mentions.at(i), kMentionWhat, mentionPath);
        if (!reader.failed())
            status.mentions.append(readMention(reader, mention, mentionPath));
    }
    // Converting the HTML is the expensive part: only for a status that is otherwise valid.
    if (!reader.failed())
        status.text = htmlToPlainText(content);
    return status;
}

std::optional<Status> readOptionalStatus(Reader &reader, const QJsonObject &parent, const QString &what,
    const QString &path, const Field &field, bool required)
{
    bool present = false;
    const QJsonObject object = reader.object(parent, what, path, field, required, &present);
    if (reader.failed() || !present)
        return std::nullopt;
    Status status = readStatus(reader, object, QString(path + QLatin1Char('.') + field.key));
    if (reader.failed())
        return std::nullopt;
    return status;
}

// Notification types that always carry the status they are about.
bool typeNeedsStatus(const QString &type)
{
    return type == QLatin1String("mention") || type == QLatin1String("status") || type == QLatin1String("update");
}

Notification readNotification(Reader &reader, const QJsonObject &object, const QString &path)
{
    Notification notification;
    notification.id = reader.id(object, kNotificationWhat, path, kId);
    notification.type = reader.string(object, kNotificationWhat, path, kType, true);
    notification.createdAt = reader.date(object, kNotificationWhat, path, kCreatedAt, true);
    const QJsonObject account = reader.object(object, kNotificationWhat, path, kAccount, true);
    if (!reader.failed())
        notification.account = readAccount(reader, account, QString(path + QStringLiteral(".account")));
    if (!reader.failed())
        notification.status
            = readOptionalStatus(reader, object, kNotificationWhat, path, kStatus, typeNeedsStatus(notification.type));
    return notification;
}

Conversation readConversation(Reader &reader, const QJsonObject &object, const QString &path)
{
    Conversation conversation;
    conversation.id = reader.id(object, kConversationWhat, path, kId);
    const QJsonArray accounts = reader.array(object, kConversationWhat, path, kAccounts, true);
    for (qsizetype i = 0; i < accounts.size() && !reader.failed(); ++i) {
        const QString accountPath = path + QStringLiteral(".accounts[") + QString::number(i) + QLatin1Char(']');
        const QJsonObject account = reader.element(accounts.at(i), kAccountWhat, accountPath);
        if (!reader.failed())
            conversation.accounts.append(readAccount(reader, account, accountPath));
    }
    conversation.unread = reader.boolean(object, kConversationWhat, path, kUnread);
    if (!reader.failed())
        conversation.lastStatus = readOptionalStatus(reader, object, kConversationWhat, path, kLastStatus, false);
    return conversation;
}

template<typename T> using ElementReader = std::function<T(Reader &, const QJsonObject &, const QString &)>;

// Every element must be valid: skipping one would let the connector move its cursor past it.
template<typename T>
QList<T> readElements(
    Reader &reader, const QJsonArray &array, const QString &what, const QString &path, const ElementReader<T> &read)
{
    QList<T> result;
    result.reserve(array.size());
    for (qsizetype i = 0; i < array.size() && !reader.failed(); ++i) {
        const QString elementPath = path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
        const QJsonObject object = reader.element(array.at(i), what, elementPath);
        if (reader.failed())
            break;
        T value = read(reader, object, elementPath);
        if (!reader.failed())
            result.append(std::move(value));
    }
    return result;
}

// A document whose top level is an array of `what`.
template<typename T>
Result<QList<T>> parseList(
    const QByteArray &json, const QString &what, const QString &listInWords, const ElementReader<T> &read)
{
    QJsonDocument document;
    if (auto error = readDocument(json, document))
        return *error;
    if (!document.isArray())
        return wrongShape(listInWords, QStringLiteral("an array"), document);
    Reader reader;
    QList<T> result = readElements<T>(reader, document.array(), what, QStringLiteral("$"), read);
    if (reader.failed())
        return reader.error();
    return result;
}

// A document whose top level is one object.
template<typename T>
Result<T> parseObject(
    const QByteArray &json, const QString &inWords, const std::function<T(Reader &, const QJsonObject &)> &read)
{
    QJsonDocument document;
    if (auto error = readDocument(json, document))
        return *error;
    if (!document.isObject())
        return wrongShape(inWords, QStringLiteral("an object"), document);
    Reader reader;
    T value = read(reader, document.object());
    if (reader.failed())
        return reader.error();
    return value;
}

const QString kRoot = QStringLiteral("$");

} // namespace

QString errorMessage(const QByteArray &body)
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return {};
    const QJsonObject object = document.object();
    const QJsonValue error = object.value(QLatin1String("error"));
    if (!error.isString() || error.toString().isEmpty())
        return {};
    QString message = error.toString();
    const QJsonValue description = object.value(QLatin1String("error_description"));
    if (description.isString() && !description.toString().isEmpty())
        message += QStringLiteral(": ") + description.toString();
    return message;
}

Result<Account> parseAccount(const QByteArray &json)
{
    return parseObject<Account>(json, kAccountWhat,
        [](Reader &reader, const QJsonObject &object) { return readAccount(reader, object, kRoot); });
}

Result<Status> parseStatus(const QByteArray &json)
{
    return parseObject<Status>(
        json, kStatusWhat, [](Reader &reader, const QJsonObject &object) { return readStatus(reader, object, kRoot); });
}

Result<QList<Status>> parseStatuses(const QByteArray &json)
{
    return parseList<Status>(json, kStatusWhat, QStringLiteral("a list of posts"), readStatus);
}

Result<QList<Notification>> parseNotifications(const QByteArray &json)
{
    return parseList<Notification>(
        json, kNotificationWhat, QStringLiteral("a list of notifications"), readNotification);
}

Result<Notification> parseNotification(const QByteArray &json)
{
    return parseObject<Notification>(json, kNotificationWhat,
        [](Reader &reader, const QJsonObject &object) { return readNotification(reader, object, kRoot); });
}

Result<QList<Conversation>> parseConversations(const QByteArray &json)
{
    return parseList<Conversation>(
        json, kConversationWhat, QStringLiteral("a list of conversations"), readConversation);
}

Result<Context> parseContext(const QByteArray &json)
{
    return parseObject<Context>(json, kContextWhat, [](Reader &reader, const QJsonObject &object) {
        Context context;
        const QJsonArray ancestors = reader.array(object, kContextWhat, kRoot, kAncestors, true);
        const QJsonArray descendants = reader.array(object, kContextWhat, kRoot, kDescendants, true);
        context.ancestors
            = readElements<Status>(reader, ancestors, kStatusWhat, QStringLiteral("$.ancestors"), readStatus);
        context.descendants
            = readElements<Status>(reader, descendants, kStatusWhat, QStringLiteral("$.descendants"), readStatus);
        return context;
    });
}

Result<Instance> parseInstance(const QByteArray &json)
{
    return parseObject<Instance>(json, kInstanceWhat, [](Reader &reader, const QJsonObject &object) {
        Instance instance;
        instance.domain = reader.string(object, kInstanceWhat, kRoot, kDomain);
        instance.version = reader.string(object, kInstanceWhat, kRoot, kVersion);
        const QJsonObject configuration = reader.object(object, kInstanceWhat, kRoot, kConfiguration, false);
        const QString configurationPath = QStringLiteral("$.configuration");
        const QJsonObject urls = reader.object(configuration, kInstanceWhat, configurationPath, kUrls, false);
        instance.streamingUrl
            = reader.string(urls, kInstanceWhat, QString(configurationPath + QStringLiteral(".urls")), kStreaming);
        const QJsonObject statuses = reader.object(configuration, kInstanceWhat, configurationPath, kStatuses, false);
        const QString statusesPath = configurationPath + QStringLiteral(".statuses");
        instance.maxCharacters
            = reader.integer(statuses, kInstanceWhat, statusesPath, kMaxCharacters, 1, instance.maxCharacters);
        instance.charactersReservedPerUrl = reader.integer(
            statuses, kInstanceWhat, statusesPath, kReservedPerUrl, 0, instance.charactersReservedPerUrl);
        return instance;
    });
}

Result<QList<Status>> parseSearchStatuses(const QByteArray &json)
{
    return parseObject<QList<Status>>(json, kSearchWhat, [](Reader &reader, const QJsonObject &object) {
        const QJsonArray statuses = reader.array(object, kSearchWhat, kRoot, kStatuses, true);
        return readElements<Status>(reader, statuses, kStatusWhat, QStringLiteral("$.statuses"), readStatus);
    });
}

Result<StreamEvent> parseStreamEvent(const QByteArray &json)
{
    return parseObject<StreamEvent>(json, kEventWhat, [](Reader &reader, const QJsonObject &object) {
        StreamEvent event;
        event.event = reader.string(object, kEventWhat, kRoot, kEvent, true);
        // Mastodon sends the stream as a list (["user"], ["hashtag", "tag"]); some servers as text.
        const QJsonValue stream = object.value(kStream.key);
        if (stream.isArray()) {
            QStringList parts;
            for (const QJsonValue part : stream.toArray()) {
                if (!part.isString()) {
                    reader.failType(
                        kEventWhat, kRoot, kStream, QStringLiteral("a string or an array of strings"), stream);
                    break;
                }
                parts.append(part.toString());
            }
            event.stream = parts.join(QLatin1Char(':'));
        } else {
            event.stream = reader.string(object, kEventWhat, kRoot, kStream);
        }
        // The payload is JSON inside a string (or an id for "delete"); some events have none.
        event.payload = reader.string(object, kEventWhat, kRoot, kPayload).toUtf8();
        return event;
    });
}

} // namespace Care::Sync::Mastodon
