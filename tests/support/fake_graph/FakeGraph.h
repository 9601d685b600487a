#pragma once

// A scripted Facebook Graph API for one Page, in-process on 127.0.0.1. Facebook cannot run
// locally, so this follows the shapes in Meta's reference pages exactly (checked for the
// version the connector pins, see src/sync/FacebookJson.h):
//  - every path starts with the version (/v26.0/...); `Authorization: Bearer <token>` is the
//    Page token; a wrong or revoked one gets 400 {"error": {"code": 190, ...}};
//  - lists are {"data": [...], "paging": {"cursors": {"before", "after"}, "next"}} with `next`
//    only while more remain; `limit` is honoured; nested edges (comments.…limit(N){…},
//    messages.limit(N){…}) carry their own paging;
//  - /{post}/comments without filter=stream answers top-level comments only (the default
//    filter hides replies); with it, every comment, replies with parent{id};
//  - posts' updated_time moves when someone comments; /{page}/feed and /tagged take `since`;
//  - /{page}/conversations?platform=messenger (optionally &user_id=PSID), newest first;
//  - POST /{page}/messages: recipient {id} only within 24 h of the customer's last message
//    (MESSAGE_TAG + HUMAN_AGENT: 7 days), else (#10) subcode 2018278; recipient {comment_id}
//    once per comment within 7 days, the commenter's Messenger conversation opened;
//  - POST /{comment-or-post}/comments {message}; a reply to a reply lands under its parent;
//  - POST /{comment} is_hidden=true (or false: shown again); GET /debug_token?input_token=…
// Throttling answers Graph error 32 with X-Business-Use-Case-Usage; usage headers can be set.

#include "FakeMastodon.h" // LoggedRequest

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <memory>

namespace Care::Tests {

class FakeGraph : public QObject
{
    Q_OBJECT

public:
    enum class Fault {
        ServerError500, // 500 Graph error code 2 (transient); nothing happens
        DropConnection, // the socket is aborted before anything happens
        AcceptThenDrop, // the request takes effect, then the socket is aborted unanswered
        Throttled,      // 400 Graph error 32 with a usage header asking to wait 7 minutes
        Malformed,      // 200 with a body cut mid-JSON; nothing happens
        Revoke,         // the token is revoked now (190/460), for this request and every later one
    };
    Q_ENUM(Fault)

    struct Comment
    {
        QString id;
        QString postId;
        QString parentId;
        QString fromId; // empty: Facebook does not say who
        QString fromName;
        QString message;
        QDateTime created;
        bool hidden = false;
        bool privatelyReplied = false;
        bool cannotHide = false; // can_hide false besides the Page's own comments
    };
    struct Message
    {
        QString id;
        QString fromId;
        QString text;
        QDateTime created;
    };

    explicit FakeGraph(QObject *parent = nullptr);
    ~FakeGraph() override;

    bool listen();
    QUrl baseUrl() const;
    QString pageId() const;   // 104233445566
    QString pageName() const; // Acme
    QString token() const;
    void revokeToken(int subcode = 460); // every later request: 190 with this subcode
    void restoreToken();
    // debug_token's answer: the permissions the token carries and its type.
    void setScopes(const QStringList &scopes);
    void setTokenType(const QString &type, const QString &profileId = {});

    // ---- content ----
    QString addPost(const QString &message, const QDateTime &created = QDateTime::currentDateTimeUtc());
    QString addComment(const QString &postId, const QString &fromId, const QString &fromName, const QString &message,
                       const QString &parentId = {}, const QDateTime &created = QDateTime::currentDateTimeUtc());
    QString addTaggedPost(const QString &fromId, const QString &fromName, const QString &message,
                          const QDateTime &created = QDateTime::currentDateTimeUtc());
    QString customerMessages(const QString &psid, const QString &name, const QString &text,
                             const QDateTime &created = QDateTime::currentDateTimeUtc());
    QList<Comment> comments(const QString &postId) const; // oldest first
    void setCannotHide(const QString &commentId);
    // A Page admin hides the comment (or shows it again) in Facebook's own pages: is_hidden
    // changes, the post's updated_time does not.
    void setHiddenOnFacebook(const QString &commentId, bool hidden);
    Comment comment(const QString &id) const;
    QList<Message> messagesWith(const QString &psid) const; // oldest first
    int pageCommentCount() const;                             // comments written by the Page
    int pageMessageCount() const;                             // messages sent by the Page

    // ---- faults, usage and observation ----
    // The next `count` requests whose method+path contains `match` ("POST /v26.0/104…/messages";
    // every request when empty) get `fault`.
    void failNext(Fault fault, const QString &match = {}, int count = 1);
    // Usage headers on every answer (X-App-Usage and X-Business-Use-Case-Usage), in percent.
    void setUsage(int percent, int regainMinutes = 0);
    QList<LoggedRequest> requests() const;
    int requestCount(const QString &match) const;
    void clearRequests();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Care::Tests
