#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace Care::Sync::BlueskyChat {

// Parsed shapes of Bluesky's chat lexicons (chat.bsky.convo.*, chat.bsky.actor.defs) and of
// the one app.bsky.actor.getProfile field the chat needs, reduced to what the chat client
// uses. Every parser checks types and required fields and answers Core::Error (InvalidInput)
// for malformed, truncated or unexpected JSON; none throws or asserts on any input.

// chat.bsky.actor.defs#profileViewBasic
struct Member
{
    QString did; // required
    QString handle;
    QString displayName; // falls back to the handle when empty
};

// chat.bsky.convo.defs#messageView / #deletedMessageView
struct Message
{
    QString id;        // required
    QString rev;       // required
    QString senderDid; // required (sender.did)
    QDateTime sentAt;  // required, UTC
    QString text;      // empty for a deleted message
    QString embedUri;  // app.bsky.embed.record#view: the shared post's at:// URI
    bool deleted = false;
};

// chat.bsky.convo.defs#convoView
struct Convo
{
    QString id;  // required
    QString rev; // required
    QList<Member> members;
    std::optional<Message> lastMessage;
    QString status; // "request", "accepted"; empty on servers that predate it
};

struct ConvoPage
{
    QList<Convo> convos;
    QString cursor;
};

struct MessagePage
{
    QList<Message> messages; // newest first, as the service answers
    QString cursor;
};

// One entry of chat.bsky.convo.getLog. Only created messages carry something to store;
// the other kinds (begin, leave, delete-for-self, reactions, reads) are kept as Other.
struct LogEntry
{
    enum class Kind { CreateMessage, Other };
    Kind kind = Kind::Other;
    QString rev;
    QString convoId;
    std::optional<Message> message;
};

struct LogPage
{
    QList<LogEntry> logs;
    QString cursor;
};

// What app.bsky.actor.getProfile says about messaging this actor, seen by the brand.
struct ChatProfile
{
    QString did; // required
    QString handle;
    QString displayName;
    QString allowIncoming; // "all", "following", "none"; empty when not stated (the app treats it as "following")
    bool followsViewer = false; // viewer.followedBy: the actor follows the brand
    bool blocked = false;       // either side blocks the other
};

// An XRPC error body {"error": "Name", "message": "..."}; both empty when the body is not one.
struct XrpcError
{
    QString name;
    QString message;
};
XrpcError parseError(const QByteArray &json);

Core::Result<ConvoPage> parseConvoPage(const QByteArray &json);       // listConvos
Core::Result<Convo> parseConvoEnvelope(const QByteArray &json);       // getConvo, getConvoForMembers: {convo}
Core::Result<MessagePage> parseMessagePage(const QByteArray &json);   // getMessages
Core::Result<Message> parseMessage(const QByteArray &json);           // sendMessage: a messageView
Core::Result<LogPage> parseLogPage(const QByteArray &json);           // getLog
Core::Result<ChatProfile> parseChatProfile(const QByteArray &json);   // getProfile

// https://bsky.app/profile/<did>/post/<rkey> for an at:// post URI; empty for anything else.
QString postWebUrl(const QString &atUri);

} // namespace Care::Sync::BlueskyChat
