#include "sync/XJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <optional>

namespace Care::Sync::X {

using Core::Error;
using Core::Result;

namespace {

// Reads one answer and remembers its first problem; accessors keep answering empty values
// after a failure, so each parse function reads straight through and checks once.
class Doc
{
public:
    explicit Doc(QString what)
        : m_what(std::move(what))
    {
    }

    std::optional<QJsonObject> open(const QByteArray &body)
    {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            fail(QStringLiteral("$"), parseError.errorString());
            return std::nullopt;
        }
        if (!document.isObject()) {
            fail(QStringLiteral("$"), QStringLiteral("not an object"));
            return std::nullopt;
        }
        return document.object();
    }

    void fail(const QString &path, const QString &problem)
    {
        if (!m_error)
            m_error = Error::make(Error::Code::InvalidInput, QStringLiteral("X sent %1 that could not be read.").arg(m_what), {},
                                  path + QStringLiteral(": ") + problem);
    }
    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }

    QString string(const QJsonObject &o, const QString &key, const QString &path, bool required)
    {
        const QJsonValue v = o.value(key);
        if (v.isString() && (!required || !v.toString().isEmpty()))
            return v.toString();
        if (!required && (v.isUndefined() || v.isNull()))
            return {};
        fail(path + QLatin1Char('.') + key,
             v.isUndefined() ? QStringLiteral("missing") : v.isString() ? QStringLiteral("empty") : QStringLiteral("not a string"));
        return {};
    }

    // Ids are strings in v2 (numbers lose digits in JSON); a number is refused, not rounded.
    QString id(const QJsonObject &o, const QString &key, const QString &path, bool required)
    {
        const QString text = string(o, key, path, required);
        for (const QChar c : text) {
            if (!c.isDigit()) {
                fail(path + QLatin1Char('.') + key, QStringLiteral("not an id: ") + text.left(40));
                return {};
            }
        }
        return text;
    }

    QJsonArray array(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (v.isArray())
            return v.toArray();
        if (!(v.isUndefined() || v.isNull()))
            fail(path + QLatin1Char('.') + key, QStringLiteral("not an array"));
        return {};
    }

    QJsonObject object(const QJsonValue &v, const QString &path, bool required)
    {
        if (v.isObject())
            return v.toObject();
        if (required || !(v.isUndefined() || v.isNull()))
            fail(path, v.isUndefined() ? QStringLiteral("missing") : QStringLiteral("not an object"));
        return {};
    }

    QDateTime date(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QString text = string(o, key, path, false);
        if (text.isEmpty())
            return {};
        QDateTime d = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!d.isValid())
            d = QDateTime::fromString(text, Qt::ISODate);
        if (!d.isValid())
            fail(path + QLatin1Char('.') + key, QStringLiteral("not a date: ") + text.left(40));
        return d.toUTC();
    }

    int count(const QJsonObject &o, const QString &key, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return 0;
        const double n = v.toDouble(-1);
        if (!v.isDouble() || n < 0 || n > 1e9) {
            fail(path + QLatin1Char('.') + key, QStringLiteral("not a count"));
            return 0;
        }
        return int(n);
    }

    User user(const QJsonValue &value, const QString &path)
    {
        const QJsonObject o = object(value, path, true);
        User u;
        u.id = id(o, QStringLiteral("id"), path, true);
        u.username = string(o, QStringLiteral("username"), path, true);
        u.name = string(o, QStringLiteral("name"), path, false);
        return u;
    }

    Tweet tweet(const QJsonValue &value, const QString &path)
    {
        const QJsonObject o = object(value, path, true);
        Tweet t;
        t.id = id(o, QStringLiteral("id"), path, true);
        t.text = decodeEntities(string(o, QStringLiteral("text"), path, false));
        if (!o.value(QStringLiteral("text")).isString())
            fail(path + QStringLiteral(".text"), QStringLiteral("missing"));
        t.authorId = id(o, QStringLiteral("author_id"), path, false);
        t.conversationId = id(o, QStringLiteral("conversation_id"), path, false);
        t.inReplyToUserId = id(o, QStringLiteral("in_reply_to_user_id"), path, false);
        t.createdAt = date(o, QStringLiteral("created_at"), path);
        const QJsonArray refs = array(o, QStringLiteral("referenced_tweets"), path);
        for (qsizetype i = 0; i < refs.size(); ++i) {
            const QString at = path + QStringLiteral(".referenced_tweets[%1]").arg(i);
            const QJsonObject ref = object(refs.at(i), at, true);
            const QString type = string(ref, QStringLiteral("type"), at, true);
            const QString refId = id(ref, QStringLiteral("id"), at, true);
            if (type == QLatin1String("replied_to"))
                t.repliedToId = refId;
            else if (type == QLatin1String("quoted"))
                t.quotedId = refId;
            else if (type == QLatin1String("retweeted"))
                t.retweetedId = refId;
        }
        const QJsonArray history = array(o, QStringLiteral("edit_history_tweet_ids"), path);
        for (qsizetype i = 0; i < history.size(); ++i) {
            const QString historyId = history.at(i).toString();
            if (historyId.isEmpty() || !history.at(i).isString()) {
                fail(path + QStringLiteral(".edit_history_tweet_ids[%1]").arg(i), QStringLiteral("not an id"));
                break;
            }
            t.editHistoryIds << historyId;
        }
        return t;
    }

    QList<Problem> problems(const QJsonObject &root)
    {
        QList<Problem> out;
        const QJsonArray errors = array(root, QStringLiteral("errors"), QStringLiteral("$"));
        for (qsizetype i = 0; i < errors.size(); ++i) {
            const QString at = QStringLiteral("$.errors[%1]").arg(i);
            const QJsonObject e = object(errors.at(i), at, true);
            Problem p;
            p.title = string(e, QStringLiteral("title"), at, false);
            p.detail = string(e, QStringLiteral("detail"), at, false);
            if (p.detail.isEmpty())
                p.detail = string(e, QStringLiteral("message"), at, false);
            p.type = string(e, QStringLiteral("type"), at, false);
            p.resourceType = string(e, QStringLiteral("resource_type"), at, false);
            p.resourceId = e.value(QStringLiteral("resource_id")).toString(e.value(QStringLiteral("value")).toString());
            p.parameter = string(e, QStringLiteral("parameter"), at, false);
            out << p;
        }
        return out;
    }

    QHash<QString, User> users(const QJsonObject &root)
    {
        QHash<QString, User> out;
        const QJsonObject includes = object(root.value(QStringLiteral("includes")), QStringLiteral("$.includes"), false);
        const QJsonArray list = array(includes, QStringLiteral("users"), QStringLiteral("$.includes"));
        for (qsizetype i = 0; i < list.size(); ++i) {
            const User u = user(list.at(i), QStringLiteral("$.includes.users[%1]").arg(i));
            out.insert(u.id, u);
        }
        return out;
    }

private:
    QString m_what;
    std::optional<Error> m_error;
};

} // namespace

QString decodeEntities(const QString &text)
{
    if (!text.contains(QLatin1Char('&')))
        return text;
    QString out = text;
    out.replace(QLatin1String("&lt;"), QLatin1String("<"));
    out.replace(QLatin1String("&gt;"), QLatin1String(">"));
    out.replace(QLatin1String("&amp;"), QLatin1String("&")); // last: "&amp;lt;" stays "&lt;"
    return out;
}

bool newerId(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return a.size() > b.size();
    return a > b;
}

bool ApiError::isDuplicateContent() const
{
    // {"detail":"You are not allowed to create a Tweet with duplicate content.","title":"Forbidden","status":403}
    // (or "Status is a duplicate." in the older wording)
    return (status == 403 || status == 0)
           && (detail.contains(QLatin1String("duplicate content"), Qt::CaseInsensitive)
               || detail.contains(QLatin1String("is a duplicate"), Qt::CaseInsensitive));
}

Result<TweetPage> parseTweetPage(const QByteArray &body)
{
    Doc doc(QStringLiteral("a list of posts"));
    const auto root = doc.open(body);
    if (!root)
        return doc.error();
    TweetPage page;
    page.problems = doc.problems(*root);
    const QJsonValue data = root->value(QStringLiteral("data"));
    // A single post (GET /2/tweets/:id) or a list; absent when nothing matched.
    if (data.isObject()) {
        page.tweets << doc.tweet(data, QStringLiteral("$.data"));
    } else {
        const QJsonArray list = doc.array(*root, QStringLiteral("data"), QStringLiteral("$"));
        for (qsizetype i = 0; i < list.size(); ++i)
            page.tweets << doc.tweet(list.at(i), QStringLiteral("$.data[%1]").arg(i));
    }
    page.users = doc.users(*root);
    const QJsonObject includes = doc.object(root->value(QStringLiteral("includes")), QStringLiteral("$.includes"), false);
    const QJsonArray included = doc.array(includes, QStringLiteral("tweets"), QStringLiteral("$.includes"));
    for (qsizetype i = 0; i < included.size(); ++i) {
        const Tweet t = doc.tweet(included.at(i), QStringLiteral("$.includes.tweets[%1]").arg(i));
        page.includedTweets.insert(t.id, t);
    }
    const QJsonObject meta = doc.object(root->value(QStringLiteral("meta")), QStringLiteral("$.meta"), false);
    page.newestId = doc.id(meta, QStringLiteral("newest_id"), QStringLiteral("$.meta"), false);
    page.oldestId = doc.id(meta, QStringLiteral("oldest_id"), QStringLiteral("$.meta"), false);
    page.nextToken = doc.string(meta, QStringLiteral("next_token"), QStringLiteral("$.meta"), false);
    page.resultCount = doc.count(meta, QStringLiteral("result_count"), QStringLiteral("$.meta"));
    if (doc.failed())
        return doc.error();
    return page;
}

Result<DmPage> parseDmPage(const QByteArray &body)
{
    Doc doc(QStringLiteral("a list of direct messages"));
    const auto root = doc.open(body);
    if (!root)
        return doc.error();
    DmPage page;
    page.problems = doc.problems(*root);
    const QJsonArray list = doc.array(*root, QStringLiteral("data"), QStringLiteral("$"));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = QStringLiteral("$.data[%1]").arg(i);
        const QJsonObject o = doc.object(list.at(i), at, true);
        DmEvent e;
        e.id = doc.id(o, QStringLiteral("id"), at, true);
        e.eventType = doc.string(o, QStringLiteral("event_type"), at, true);
        e.text = decodeEntities(doc.string(o, QStringLiteral("text"), at, false));
        e.senderId = doc.id(o, QStringLiteral("sender_id"), at, false);
        e.conversationId = doc.string(o, QStringLiteral("dm_conversation_id"), at, false);
        e.createdAt = doc.date(o, QStringLiteral("created_at"), at);
        const QJsonArray participants = doc.array(o, QStringLiteral("participant_ids"), at);
        for (const QJsonValue &p : participants)
            e.participantIds << p.toString();
        page.events << e;
    }
    page.users = doc.users(*root);
    const QJsonObject meta = doc.object(root->value(QStringLiteral("meta")), QStringLiteral("$.meta"), false);
    page.nextToken = doc.string(meta, QStringLiteral("next_token"), QStringLiteral("$.meta"), false);
    page.resultCount = doc.count(meta, QStringLiteral("result_count"), QStringLiteral("$.meta"));
    if (doc.failed())
        return doc.error();
    return page;
}

Result<User> parseUser(const QByteArray &body)
{
    Doc doc(QStringLiteral("an account"));
    const auto root = doc.open(body);
    if (!root)
        return doc.error();
    const User u = doc.user(root->value(QStringLiteral("data")), QStringLiteral("$.data"));
    if (doc.failed())
        return doc.error();
    return u;
}

Result<Token> parseToken(const QByteArray &body)
{
    Doc doc(QStringLiteral("a sign-in answer"));
    const auto root = doc.open(body);
    if (!root)
        return doc.error();
    Token t;
    t.accessToken = doc.string(*root, QStringLiteral("access_token"), QStringLiteral("$"), true);
    t.refreshToken = doc.string(*root, QStringLiteral("refresh_token"), QStringLiteral("$"), false);
    t.scope = doc.string(*root, QStringLiteral("scope"), QStringLiteral("$"), false);
    t.tokenType = doc.string(*root, QStringLiteral("token_type"), QStringLiteral("$"), false);
    t.expiresIn = doc.count(*root, QStringLiteral("expires_in"), QStringLiteral("$"));
    if (doc.failed())
        return doc.error();
    return t;
}

Result<CreatedTweet> parseCreatedTweet(const QByteArray &body)
{
    Doc doc(QStringLiteral("the answer to a post"));
    const auto root = doc.open(body);
    if (!root)
        return doc.error();
    const QJsonObject data = doc.object(root->value(QStringLiteral("data")), QStringLiteral("$.data"), true);
    CreatedTweet t;
    t.id = doc.id(data, QStringLiteral("id"), QStringLiteral("$.data"), true);
    t.text = decodeEntities(doc.string(data, QStringLiteral("text"), QStringLiteral("$.data"), false));
    if (doc.failed())
        return doc.error();
    return t;
}

Result<SentDm> parseSentDm(const QByteArray &body)
{
    Doc doc(QStringLiteral("the answer to a direct message"));
    const auto root = doc.open(body);
    if (!root)
        return doc.error();
    const QJsonObject data = doc.object(root->value(QStringLiteral("data")), QStringLiteral("$.data"), true);
    SentDm dm;
    dm.conversationId = doc.string(data, QStringLiteral("dm_conversation_id"), QStringLiteral("$.data"), true);
    dm.eventId = doc.id(data, QStringLiteral("dm_event_id"), QStringLiteral("$.data"), true);
    if (doc.failed())
        return doc.error();
    return dm;
}

ApiError parseError(const QByteArray &body)
{
    ApiError e;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (!document.isObject())
        return e;
    const QJsonObject o = document.object();
    e.title = o.value(QStringLiteral("title")).toString();
    e.detail = o.value(QStringLiteral("detail")).toString();
    e.type = o.value(QStringLiteral("type")).toString();
    e.status = o.value(QStringLiteral("status")).toInt();
    e.oauthError = o.value(QStringLiteral("error")).toString();
    if (e.detail.isEmpty())
        e.detail = o.value(QStringLiteral("error_description")).toString();
    const QJsonArray errors = o.value(QStringLiteral("errors")).toArray();
    if (e.detail.isEmpty() && !errors.isEmpty()) {
        const QJsonObject first = errors.first().toObject();
        e.detail = first.value(QStringLiteral("detail")).toString(first.value(QStringLiteral("message")).toString());
        if (e.title.isEmpty())
            e.title = first.value(QStringLiteral("title")).toString();
    }
    return e;
}

} // namespace Care::Sync::X
