#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

// The X API v2 answers Care Console reads, parsed defensively from the documented shapes
// (docs.x.com, data dictionary): a missing or mistyped required field is an InvalidInput error
// naming what was read (never a crash, never a silently empty message); optional fields fall
// back to empty. Partial failures inside a 200 answer (`errors[]` beside `data`) are kept, not
// dropped: a deleted tweet shows up there.
namespace Care::Sync::X {

struct User
{
    QString id;
    QString username; // without '@'
    QString name;
};

struct Tweet
{
    QString id;
    QString text; // HTML entities (&amp; &lt; &gt;) decoded: the API escapes them
    QString authorId;
    QString conversationId;
    QString inReplyToUserId;
    QString repliedToId; // referenced_tweets type replied_to
    QString quotedId;    // type quoted
    QString retweetedId; // type retweeted
    QStringList editHistoryIds; // oldest first; more than one: this is an edited version
    QDateTime createdAt;

    // The id the transcript knows this post by: the first of its edit history.
    QString originalId() const { return editHistoryIds.isEmpty() ? id : editHistoryIds.first(); }
    bool isEdited() const { return editHistoryIds.size() > 1; }
};

// One entry of `errors[]` in an answer (partial error in a 200, or the whole error).
struct Problem
{
    QString title;  // "Not Found Error", "Forbidden"
    QString detail; // "Could not find tweet with ids: [1]."
    QString type;   // "https://api.twitter.com/2/problems/resource-not-found"
    QString resourceType; // "tweet", "user"
    QString resourceId;
    QString parameter;

    bool isNotFound() const { return type.endsWith(QLatin1String("resource-not-found")); }
};

struct TweetPage
{
    QList<Tweet> tweets;
    QHash<QString, User> users;          // includes.users by id
    QHash<QString, Tweet> includedTweets; // includes.tweets by id (parents, quotes)
    QList<Problem> problems;              // partial errors
    QString newestId;
    QString oldestId;
    QString nextToken;
    int resultCount = 0;
};

struct DmEvent
{
    QString id;
    QString eventType; // MessageCreate, ParticipantsJoin, ParticipantsLeave
    QString text;
    QString senderId;
    QString conversationId; // dm_conversation_id ("<id>-<id>" for one-to-one)
    QStringList participantIds;
    QDateTime createdAt;
};

struct DmPage
{
    QList<DmEvent> events; // newest first, as the API lists them
    QHash<QString, User> users;
    QList<Problem> problems;
    QString nextToken;
    int resultCount = 0;
};

struct Token
{
    QString accessToken;
    QString refreshToken; // empty without offline.access
    qint64 expiresIn = 0; // seconds
    QString scope;
    QString tokenType;
};

struct CreatedTweet
{
    QString id;
    QString text;
};

struct SentDm
{
    QString conversationId;
    QString eventId;
};

// The error body of a failed request: the problem-details form ({title, detail, type,
// status}), an `errors[]` list, or OAuth's {error, error_description}.
struct ApiError
{
    QString title;
    QString detail;
    QString type;
    QString oauthError; // OAuth token endpoint: invalid_grant, invalid_request...
    int status = 0;

    QString text() const { return detail.isEmpty() ? title : detail; }
    bool isDuplicateContent() const;
    bool isEmpty() const { return title.isEmpty() && detail.isEmpty() && oauthError.isEmpty(); }
};

Core::Result<TweetPage> parseTweetPage(const QByteArray &body); // mentions, search, users/:id/tweets, tweets?ids=
Core::Result<DmPage> parseDmPage(const QByteArray &body);
Core::Result<User> parseUser(const QByteArray &body); // users/me, users/by/username/:name
Core::Result<Token> parseToken(const QByteArray &body);
Core::Result<CreatedTweet> parseCreatedTweet(const QByteArray &body);
Core::Result<SentDm> parseSentDm(const QByteArray &body);
ApiError parseError(const QByteArray &body);

// "a &amp; b &lt;3" -> "a & b <3" (the entities the API escapes, nothing else).
QString decodeEntities(const QString &text);
// Snowflake ids compare as numbers: longer is newer, then digit by digit.
bool newerId(const QString &a, const QString &b);

} // namespace Care::Sync::X
