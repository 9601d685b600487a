#include "sync/BlueskyJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>

namespace Care::Sync::Bluesky {

using Core::Error;
using Core::Result;

namespace {

const QLatin1String kFacetNamespace("app.bsky.richtext.facet#");

// Reads one document and keeps the first problem: after a failure every accessor answers an
// empty value, so the parse functions read straight through and check once at the end.
class Reader
{
public:
    bool failed() const { return m_error.has_value(); }
    Error error() const { return *m_error; }

    void fail(const QString &what, const QString &path, const QString &problem)
    {
        if (!m_error)
            m_error = Error::make(Error::Code::InvalidInput, QStringLiteral("The server sent %1 that could not be read.").arg(what),
                                  {}, path + QStringLiteral(": ") + problem);
    }

    QJsonObject object(const QJsonValue &value, const QString &what, const QString &path)
    {
        if (!value.isObject()) {
            fail(what, path, value.isUndefined() ? QStringLiteral("missing") : QStringLiteral("not an object"));
            return {};
        }
        return value.toObject();
    }

    QJsonArray array(const QJsonObject &o, const QString &key, const QString &what, const QString &path, bool required)
    {
        const QJsonValue v = o.value(key);
        if (v.isArray())
            return v.toArray();
        if (required || !(v.isUndefined() || v.isNull()))
            fail(what, path + QLatin1Char('.') + key, v.isUndefined() ? QStringLiteral("missing") : QStringLiteral("not an array"));
        return {};
    }

    // A required string must be present and not empty; an optional one may be absent or null.
    QString string(const QJsonObject &o, const QString &key, const QString &what, const QString &path, bool required)
    {
        const QJsonValue v = o.value(key);
        if (v.isString() && (!required || !v.toString().isEmpty()))
            return v.toString();
        if (!required && (v.isUndefined() || v.isNull()))
            return {};
        fail(what, path + QLatin1Char('.') + key,
             v.isUndefined() ? QStringLiteral("missing") : v.isString() ? QStringLiteral("empty") : QStringLiteral("not a string"));
        return {};
    }

    QDateTime date(const QJsonObject &o, const QString &key, const QString &what, const QString &path, bool required)
    {
        const QString text = string(o, key, what, path, required);
        if (text.isEmpty())
            return {};
        QDateTime d = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!d.isValid())
            d = QDateTime::fromString(text, Qt::ISODate);
        if (!d.isValid() && required)
            fail(what, path + QLatin1Char('.') + key, QStringLiteral("not a date: ") + text.left(40));
        return d.toUTC();
    }

    std::optional<StrongRef> strongRef(const QJsonObject &o, const QString &key, const QString &what, const QString &path)
    {
        const QJsonValue v = o.value(key);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        const QJsonObject ref = object(v, what, path + QLatin1Char('.') + key);
        StrongRef out{string(ref, QStringLiteral("uri"), what, path + QLatin1Char('.') + key, true),
                      string(ref, QStringLiteral("cid"), what, path + QLatin1Char('.') + key, true)};
        return out;
    }

    PostRecord post(const QJsonObject &o, const QString &what, const QString &path)
    {
        PostRecord p;
        p.text = string(o, QStringLiteral("text"), what, path, false);
        // createdAt is the author's claim: a post with a missing or odd one is still a post.
        p.createdAt = date(o, QStringLiteral("createdAt"), what, path, false);
        if (const QJsonValue reply = o.value(QStringLiteral("reply")); reply.isObject()) {
            const QJsonObject r = reply.toObject();
            p.root = strongRef(r, QStringLiteral("root"), what, path + QStringLiteral(".reply"));
            p.parent = strongRef(r, QStringLiteral("parent"), what, path + QStringLiteral(".reply"));
        }
        const QJsonArray facets = array(o, QStringLiteral("facets"), what, path, false);
        for (qsizetype i = 0; i < facets.size(); ++i) {
            const QJsonObject f = facets.at(i).toObject();
            const QJsonObject index = f.value(QStringLiteral("index")).toObject();
            const QJsonArray features = f.value(QStringLiteral("features")).toArray();
            for (const QJsonValue &feature : features) {
                const QJsonObject fo = feature.toObject();
                Facet facet;
                facet.byteStart = index.value(QStringLiteral("byteStart")).toInt(-1);
                facet.byteEnd = index.value(QStringLiteral("byteEnd")).toInt(-1);
                facet.type = fo.value(QStringLiteral("$type")).toString();
                if (facet.type.startsWith(kFacetNamespace))
                    facet.type = facet.type.mid(kFacetNamespace.size());
                facet.value = fo.value(facet.type == QLatin1String("mention") ? QStringLiteral("did")
                                       : facet.type == QLatin1String("link") ? QStringLiteral("uri")
                                                                             : QStringLiteral("tag"))
                                  .toString();
                if (facet.byteStart >= 0 && facet.byteEnd >= facet.byteStart) // a broken facet is only not a link
                    p.facets << facet;
            }
        }
        for (const QJsonValue &lang : o.value(QStringLiteral("langs")).toArray())
            if (lang.isString())
                p.langs << lang.toString();
        const QJsonObject embed = o.value(QStringLiteral("embed")).toObject();
        const QString embedType = embed.value(QStringLiteral("$type")).toString();
        if (embedType == QLatin1String("app.bsky.embed.record"))
            p.quotedUri = embed.value(QStringLiteral("record")).toObject().value(QStringLiteral("uri")).toString();
        else if (embedType == QLatin1String("app.bsky.embed.recordWithMedia"))
            p.quotedUri = embed.value(QStringLiteral("record")).toObject().value(QStringLiteral("record")).toObject()
                              .value(QStringLiteral("uri")).toString();
        return p;
    }

    Author author(const QJsonValue &value, const QString &what, const QString &path)
    {
        const QJsonObject o = object(value, what, path);
        Author a;
        a.did = string(o, QStringLiteral("did"), what, path, true);
        a.handle = string(o, QStringLiteral("handle"), what, path, true);
        a.displayName = string(o, QStringLiteral("displayName"), what, path, false).trimmed();
        return a;
    }

    PostView postView(const QJsonValue &value, const QString &what, const QString &path)
    {
        const QJsonObject o = object(value, what, path);
        PostView v;
        v.uri = string(o, QStringLiteral("uri"), what, path, true);
        v.cid = string(o, QStringLiteral("cid"), what, path, true);
        v.author = author(o.value(QStringLiteral("author")), what, path + QStringLiteral(".author"));
        v.record = post(object(o.value(QStringLiteral("record")), what, path + QStringLiteral(".record")), what,
                        path + QStringLiteral(".record"));
        v.indexedAt = date(o, QStringLiteral("indexedAt"), what, path, true);
        return v;
    }

    ThreadNode threadNode(const QJsonObject &o, const QString &what, const QString &path)
    {
        ThreadNode node;
        const QString type = o.value(QStringLiteral("$type")).toString();
        node.uri = o.value(QStringLiteral("uri")).toString();
        if (type.endsWith(QLatin1String("#notFoundPost")) || o.value(QStringLiteral("notFound")).toBool()) {
            node.kind = ThreadNode::Kind::NotFound;
        } else if (type.endsWith(QLatin1String("#blockedPost")) || o.value(QStringLiteral("blocked")).toBool()) {
            node.kind = ThreadNode::Kind::Blocked;
        } else if (o.contains(QStringLiteral("post"))) {
            node.kind = ThreadNode::Kind::Post;
            node.post = postView(o.value(QStringLiteral("post")), what, path + QStringLiteral(".post"));
            node.uri = node.post->uri;
        }
        return node;
    }

private:
    std::optional<Error> m_error;
};

// Reads one document: `read(reader, object, what)` takes what it needs; the first problem
// found (also a body that is no JSON object) is the answer.
template<typename T, typename Read>
Result<T> parse(const QByteArray &body, const QString &what, Read read)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make(Error::Code::InvalidInput, QStringLiteral("The server sent %1 that could not be read.").arg(what),
                           {}, error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("not a JSON object"));
    Reader reader;
    T value = read(reader, doc.object(), what);
    if (reader.failed())
        return reader.error();
    return value;
}

const QString kRoot = QStringLiteral("$");

} // namespace

Result<Session> parseSession(const QByteArray &body)
{
    return parse<Session>(body, QStringLiteral("a session"), [](Reader &r, const QJsonObject &o, const QString &what) {
        return Session{r.string(o, QStringLiteral("did"), what, kRoot, true), r.string(o, QStringLiteral("handle"), what, kRoot, true),
                       r.string(o, QStringLiteral("accessJwt"), what, kRoot, true),
                       r.string(o, QStringLiteral("refreshJwt"), what, kRoot, true)};
    });
}

Result<NotificationPage> parseNotifications(const QByteArray &body)
{
    return parse<NotificationPage>(body, QStringLiteral("a notification"), [](Reader &r, const QJsonObject &o, const QString &what) {
        NotificationPage page;
        page.cursor = r.string(o, QStringLiteral("cursor"), what, kRoot, false);
        const QJsonArray list = r.array(o, QStringLiteral("notifications"), what, kRoot, true);
        for (qsizetype i = 0; i < list.size() && !r.failed(); ++i) {
            const QString path = QStringLiteral("$.notifications[%1]").arg(i);
            const QJsonObject n = r.object(list.at(i), what, path);
            Notification out;
            out.uri = r.string(n, QStringLiteral("uri"), what, path, true);
            out.cid = r.string(n, QStringLiteral("cid"), what, path, true);
            out.reason = r.string(n, QStringLiteral("reason"), what, path, true);
            out.author = r.author(n.value(QStringLiteral("author")), what, path + QStringLiteral(".author"));
            out.indexedAt = r.date(n, QStringLiteral("indexedAt"), what, path, true);
            const QJsonObject record = n.value(QStringLiteral("record")).toObject();
            out.isPost = record.value(QStringLiteral("$type")).toString() == QLatin1String("app.bsky.feed.post");
            if (out.isPost)
                out.record = r.post(record, what, path + QStringLiteral(".record"));
            page.notifications << out;
        }
        return page;
    });
}

Result<Thread> parseThread(const QByteArray &body)
{
    return parse<Thread>(body, QStringLiteral("a thread"), [](Reader &r, const QJsonObject &o, const QString &what) {
        Thread thread;
        QString path = QStringLiteral("$.thread");
        QJsonObject node = r.object(o.value(QStringLiteral("thread")), what, path);
        thread.focus = r.threadNode(node, what, path);
        // The parent chain, nearest first; a deleted or blocked parent ends what can be seen.
        for (int depth = 0; depth < 1000 && node.value(QStringLiteral("parent")).isObject() && !r.failed(); ++depth) {
            node = node.value(QStringLiteral("parent")).toObject();
            path += QStringLiteral(".parent");
            thread.ancestors.prepend(r.threadNode(node, what, path));
        }
        return thread;
    });
}

Result<SearchPage> parseSearchPosts(const QByteArray &body)
{
    return parse<SearchPage>(body, QStringLiteral("a search result"), [](Reader &r, const QJsonObject &o, const QString &what) {
        SearchPage page;
        page.cursor = r.string(o, QStringLiteral("cursor"), what, kRoot, false);
        const QJsonArray posts = r.array(o, QStringLiteral("posts"), what, kRoot, true);
        for (qsizetype i = 0; i < posts.size() && !r.failed(); ++i)
            page.posts << r.postView(posts.at(i), what, QStringLiteral("$.posts[%1]").arg(i));
        return page;
    });
}

Result<QList<PostView>> parsePosts(const QByteArray &body)
{
    return parse<QList<PostView>>(body, QStringLiteral("a post"), [](Reader &r, const QJsonObject &o, const QString &what) {
        QList<PostView> out;
        const QJsonArray posts = r.array(o, QStringLiteral("posts"), what, kRoot, true);
        for (qsizetype i = 0; i < posts.size() && !r.failed(); ++i)
            out << r.postView(posts.at(i), what, QStringLiteral("$.posts[%1]").arg(i));
        return out;
    });
}

Result<StrongRef> parseStrongRef(const QByteArray &body)
{
    return parse<StrongRef>(body, QStringLiteral("a record reference"), [](Reader &r, const QJsonObject &o, const QString &what) {
        return StrongRef{r.string(o, QStringLiteral("uri"), what, kRoot, true), r.string(o, QStringLiteral("cid"), what, kRoot, true)};
    });
}

Result<Record> parseRecord(const QByteArray &body)
{
    return parse<Record>(body, QStringLiteral("a record"), [](Reader &r, const QJsonObject &o, const QString &what) {
        Record record;
        record.uri = r.string(o, QStringLiteral("uri"), what, kRoot, true);
        record.cid = r.string(o, QStringLiteral("cid"), what, kRoot, false);
        record.post = r.post(r.object(o.value(QStringLiteral("value")), what, QStringLiteral("$.value")), what, QStringLiteral("$.value"));
        return record;
    });
}

Result<QString> parseResolvedDid(const QByteArray &body)
{
    return parse<QString>(body, QStringLiteral("a handle's DID"), [](Reader &r, const QJsonObject &o, const QString &what) {
        const QString did = r.string(o, QStringLiteral("did"), what, kRoot, true);
        if (!r.failed() && !did.startsWith(QLatin1String("did:")))
            r.fail(what, QStringLiteral("$.did"), QStringLiteral("not a DID"));
        return did;
    });
}

XrpcError parseError(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    return {o.value(QStringLiteral("error")).toString(), o.value(QStringLiteral("message")).toString()};
}

QJsonObject postRecordJson(const PostRecord &post)
{
    QJsonObject record{{QStringLiteral("$type"), QStringLiteral("app.bsky.feed.post")},
                       {QStringLiteral("text"), post.text},
                       {QStringLiteral("createdAt"), post.createdAt.toUTC().toString(Qt::ISODateWithMs)}};
    const auto ref = [](const StrongRef &r) {
        return QJsonObject{{QStringLiteral("uri"), r.uri}, {QStringLiteral("cid"), r.cid}};
    };
    if (post.root && post.parent)
        record.insert(QStringLiteral("reply"), QJsonObject{{QStringLiteral("root"), ref(*post.root)},
                                                           {QStringLiteral("parent"), ref(*post.parent)}});
    if (!post.langs.isEmpty())
        record.insert(QStringLiteral("langs"), QJsonArray::fromStringList(post.langs));
    QJsonArray facets;
    for (const Facet &f : post.facets) {
        const QString key = f.type == QLatin1String("mention") ? QStringLiteral("did")
                            : f.type == QLatin1String("link")  ? QStringLiteral("uri")
                                                               : QStringLiteral("tag");
        facets.append(QJsonObject{
            {QStringLiteral("index"), QJsonObject{{QStringLiteral("byteStart"), f.byteStart}, {QStringLiteral("byteEnd"), f.byteEnd}}},
            {QStringLiteral("features"),
             QJsonArray{QJsonObject{{QStringLiteral("$type"), QString(kFacetNamespace + f.type)}, {key, f.value}}}}});
    }
    if (!facets.isEmpty())
        record.insert(QStringLiteral("facets"), facets);
    return record;
}

} // namespace Care::Sync::Bluesky
