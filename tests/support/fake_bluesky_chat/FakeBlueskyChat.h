#pragma once

// A scripted Bluesky PDS as far as direct messages need it, in-process on 127.0.0.1.
// No local chat server exists (the real one is closed source), so this follows the
// published lexicons' shapes exactly (chat.bsky.convo.defs, getLog, listConvos, getConvo,
// getMessages, getConvoForMembers, sendMessage; app.bsky.actor.getProfile;
// com.atproto.server.createSession, refreshSession and getSession; an always empty
// app.bsky.notification.listNotifications, so the whole Bluesky connector can sync against it)
// and is strict where the real service is:
//  - chat.bsky.* needs `atproto-proxy: did:web:api.bsky.chat#bsky_chat`; without it the PDS
//    does not know the method (501 MethodNotImplemented);
//  - every call needs `Authorization: Bearer <access token>`; an expired one is answered
//    400 {"error":"ExpiredToken"} (as the PDS does), an unknown one 400 InvalidToken;
//    an app password without direct-message access gets 400 InvalidToken "Bad token scope";
//  - getConvoForMembers creates a conversation only when the member's allowIncoming
//    allows it (all; following when they follow the brand; never when blocked); an existing
//    conversation is returned regardless;
//  - sendMessage refuses text over 1,000 graphemes or 10,000 bytes, and facets whose byte
//    range does not lie inside the text's UTF-8.
// Behaviour the lexicons leave open, chosen here [verify against the real service]: getLog
// without a cursor answers no entries and the newest revision as the cursor; later calls
// answer the entries after the cursor, oldest first, a page at a time; revisions and ids are
// fixed-width and sort as text; getMessages answers newest first.

#include "FakeMastodon.h" // LoggedRequest

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace Care::Tests {

class FakeBlueskyChat : public QObject
{
    Q_OBJECT

public:
    enum class Fault {
        ServerError500,    // 500 {"error":"InternalServerError"}; nothing happens
        DropConnection,    // the socket is aborted before anything happens
        AcceptThen502,     // the request takes effect, then 502 {"error":"UpstreamFailure"}
        AcceptThenDrop,    // the request takes effect, then the socket is aborted unanswered
        AcceptThenMalformed, // the request takes effect, then 200 with a body cut mid-JSON
        MalformedJson,     // 200 application/json `{"logs": [{"rev"` ; nothing happens
    };
    Q_ENUM(Fault)

    struct ChatMessage
    {
        QString id;
        QString senderDid;
        QString text;
        QDateTime sentAt;
        QJsonArray facets; // as sent
    };

    explicit FakeBlueskyChat(QObject *parent = nullptr);
    ~FakeBlueskyChat() override;

    bool listen();
    QUrl baseUrl() const;

    // ---- the brand's session ----
    QString brandDid() const;    // did:plc:brand
    QString brandHandle() const; // acme.test
    QString accessToken() const;
    QString refreshToken() const;
    void expireAccessToken(); // the current access token now answers 400 ExpiredToken
    void setChatAllowed(bool allowed); // false: an app password without DM access
    int refreshes() const;
    // com.atproto.server.createSession accepts the brand's handle (or DID) with this app password.
    QString appPassword() const; // abcd-efgh-ijkl-mnop
    int signIns() const;

    // ---- customers and their messages ----
    void addCustomer(const QString &did, const QString &handle, const QString &displayName,
                     const QString &allowIncoming = QStringLiteral("all"), bool followsBrand = false);
    void setAllowIncoming(const QString &did, const QString &allowIncoming); // "" removes the setting
    void setFollowsBrand(const QString &did, bool follows);
    void setBlocked(const QString &did, bool blocked);
    // A message from the customer to the brand (the conversation is created when new).
    QString customerWrites(const QString &did, const QString &text);
    // A message from the brand, written in another app.
    QString brandWrites(const QString &did, const QString &text);
    QList<ChatMessage> messagesWith(const QString &did) const; // oldest first
    QString convoIdWith(const QString &did) const;
    void setLogPageSize(int size); // default 100

    // ---- faults and observation ----
    // The next `count` requests whose NSID starts with `nsid` (every one when empty) get `fault`.
    void failNext(Fault fault, const QString &nsid = {}, int count = 1);
    QList<LoggedRequest> requests() const;
    int requestCount(const QString &nsid) const;
    void clearRequests();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Care::Tests
