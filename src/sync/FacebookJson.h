#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

namespace Care::Sync::Facebook {

// The one Graph API version every request uses. Pinned here and nowhere else: v26.0 was the
// newest version in Meta's changelog when the connector was written (introduced 29 July
// 2026; v25.0 is available until 29 July 2028). Moving to a newer version is a one-line change
// after reading that version's changelog.
QString graphVersion();
QString defaultGraphBase(); // https://graph.facebook.com

// A Graph error object: {"error": {"message", "type", "code", "error_subcode",
// "error_user_title", "error_user_msg", "is_transient", "fbtrace_id"}}.
struct GraphError
{
    int code = 0;
    int subcode = 0;
    QString type;
    QString message;
    QString userTitle;
    QString userMessage;
    QString fbtraceId;
    bool transient = false;
};
// The error in a response body, when the body is a Graph error object.
std::optional<GraphError> parseError(const QByteArray &body);

struct Person
{
    QString id; // page-scoped (Messenger PSID) or app-scoped user id, or a Page's id
    QString name;
};

struct Paging
{
    QString after; // paging.cursors.after
    QString next;  // paging.next: present only while there is another page
};

struct Comment
{
    QString id;
    QString message;
    QDateTime createdTime;
    std::optional<Person> from; // absent when Facebook does not disclose the author
    QString parentId;           // the comment this one answers (replies are one level deep)
    bool isHidden = false;
    bool isHiddenKnown = false; // is_hidden was in the answer
    bool canHide = false;
    bool canHideKnown = false; // can_hide was in the answer (it is only when asked for)
    bool canReplyPrivately = false;
};

struct CommentPage
{
    QList<Comment> comments;
    Paging paging;
};

struct Post
{
    QString id;
    QString message;
    QDateTime createdTime;
    QDateTime updatedTime; // moves when the post is edited or someone comments on it
    std::optional<Person> from;
    QString permalink;
    std::optional<CommentPage> comments; // the nested first page, when asked for
};

struct PostPage
{
    QList<Post> posts;
    Paging paging;
};

struct Message
{
    QString id; // "m_..."
    QString text;
    QDateTime createdTime;
    Person from;
};

struct MessagePage
{
    QList<Message> messages; // newest first, as the Graph answers
    Paging paging;
};

struct Conversation
{
    QString id;
    QDateTime updatedTime;
    QList<Person> participants;
    std::optional<MessagePage> messages;
};

struct ConversationPage
{
    QList<Conversation> conversations;
    Paging paging;
};

// debug_token's data: whether the token works, for which Page, with which permissions.
struct TokenInfo
{
    bool valid = false;
    QString type;      // "PAGE", "USER", "SYSTEM_USER", "APP"
    QString profileId; // for a Page token: the Page
    QString userId;
    QDateTime expiresAt; // invalid: never expires
    QStringList scopes;
    QStringList scopesForPage; // granular_scopes that name this Page (or name no target)
};

struct PageInfo
{
    QString id;
    QString name;
    QString username;
};

struct SendResult
{
    QString recipientId;
    QString messageId;
};

// Rate-limit usage the Graph reports in headers, in percent of the budget (0 when absent).
// X-App-Usage and X-Page-Usage: {"call_count","total_cputime","total_time"};
// X-Business-Use-Case-Usage: {"<business object id>": [{"type", "call_count",
// "total_cputime", "total_time", "estimated_time_to_regain_access" (minutes)}]}.
struct Usage
{
    bool reported = false;
    int percent = 0;        // the highest of every figure
    int regainMinutes = 0;  // estimated_time_to_regain_access, when throttled
};
Usage parseUsage(const QList<QPair<QByteArray, QByteArray>> &headers);

// Graph timestamps: "2025-03-11T09:14:26+0000" (also with a colon in the offset, or "Z").
QDateTime parseTime(const QString &text);

Core::Result<PostPage> parsePostPage(const QByteArray &body);
Core::Result<CommentPage> parseCommentPage(const QByteArray &body);
Core::Result<Comment> parseComment(const QByteArray &body);
Core::Result<ConversationPage> parseConversationPage(const QByteArray &body);
Core::Result<MessagePage> parseMessagePage(const QByteArray &body);
Core::Result<Message> parseMessage(const QByteArray &body);
Core::Result<TokenInfo> parseTokenInfo(const QByteArray &body, const QString &pageId);
Core::Result<PageInfo> parsePage(const QByteArray &body);
Core::Result<QString> parseCreatedId(const QByteArray &body); // {"id": "..."}
Core::Result<SendResult> parseSendResult(const QByteArray &body);
Core::Result<bool> parseSuccess(const QByteArray &body); // {"success": true}

} // namespace Care::Sync::Facebook
