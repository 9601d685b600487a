#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// The AT Protocol / Bluesky answers Care Console reads, parsed defensively: a missing or
// mistyped required field is an InvalidInput error naming what was being read (never a
// crash, never a silently empty message); optional fields fall back to empty.
namespace Care::Sync::Bluesky {

// A strong reference: a record's at:// URI and the CID of the version meant.
struct StrongRef
{
    QString uri;
    QString cid;
    bool isValid() const { return !uri.isEmpty() && !cid.isEmpty(); }
};

// app.bsky.richtext.facet: a range of the text in UTF-8 bytes and what it is.
struct Facet
{
    int byteStart = 0;
    int byteEnd = 0;
    QString type; // "mention", "link", "tag" (the feature's $type without the namespace)
    QString value; // the mention's DID, the link's URI, the tag
};

// app.bsky.feed.post
struct PostRecord
{
    QString text;
    QDateTime createdAt;
    std::optional<StrongRef> root;   // reply.root
    std::optional<StrongRef> parent; // reply.parent
    QList<Facet> facets;
    QStringList langs;
    QString quotedUri; // embed app.bsky.embed.record(WithMedia): the quoted post
};

struct Author
{
    QString did;
    QString handle;
    QString displayName;
};

struct PostView
{
    QString uri;
    QString cid;
    Author author;
    PostRecord record;
    QDateTime indexedAt;
};

struct Notification
{
    QString uri;
    QString cid;
    QString reason; // mention, reply, quote, like, repost, follow...
    Author author;
    PostRecord record; // empty for reasons whose record is not a post (follow, like)
    bool isPost = false;
    QDateTime indexedAt;
};

struct NotificationPage
{
    QList<Notification> notifications;
    QString cursor;
};

struct SearchPage
{
    QList<PostView> posts;
    QString cursor;
};

// One post of a thread as getPostThread gives it; the parent chain may hold posts that were
// deleted (notFoundPost) or that the viewer cannot see (blockedPost).
struct ThreadNode
{
    enum class Kind { Post, NotFound, Blocked, Unknown };
    Kind kind = Kind::Unknown;
    QString uri;
    std::optional<PostView> post; // for Kind::Post
};

struct Thread
{
    ThreadNode focus;
    QList<ThreadNode> ancestors; // root first, the direct parent last
};

struct Session
{
    QString did;
    QString handle;
    QString accessJwt;
    QString refreshJwt;
};

// com.atproto.repo.getRecord
struct Record
{
    QString uri;
    QString cid;
    PostRecord post;
};

Core::Result<Session> parseSession(const QByteArray &body);
Core::Result<NotificationPage> parseNotifications(const QByteArray &body);
Core::Result<Thread> parseThread(const QByteArray &body);
Core::Result<SearchPage> parseSearchPosts(const QByteArray &body);
Core::Result<QList<PostView>> parsePosts(const QByteArray &body); // app.bsky.feed.getPosts
Core::Result<StrongRef> parseStrongRef(const QByteArray &body);  // createRecord / putRecord answer
Core::Result<Record> parseRecord(const QByteArray &body);
Core::Result<QString> parseResolvedDid(const QByteArray &body); // com.atproto.identity.resolveHandle

// An XRPC error body {"error": "ExpiredToken", "message": "..."}; empty when there is none.
struct XrpcError
{
    QString error;
    QString message;
};
XrpcError parseError(const QByteArray &body);

// The record a reply is written as.
QJsonObject postRecordJson(const PostRecord &post);

} // namespace Care::Sync::Bluesky
