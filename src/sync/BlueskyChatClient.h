#pragma once

#include "core/Result.h"
#include "sync/BlueskyChatJson.h"
#include "sync/BlueskyDirectMessages.h"

#include <QHash>
#include <QJsonArray>
#include <QString>
#include <functional>

namespace Care::Sync {

class BlueskySession;
struct HttpResponse;

// Whether the brand may open (or continue) a private conversation with a customer on
// Bluesky, from the customer's chat setting (associated.chat.allowIncoming) and the
// brand's relation to them.
struct BlueskyChatAvailability
{
    bool allowed = false;
    QString did;           // the customer's DID, when it could be resolved
    QString allowIncoming; // "all", "following", "none" (as the profile says)
    Core::Error reason;    // why not, in words for the agent (when !allowed)
};

// Bluesky direct messages (chat.bsky.convo.*), through the account's PDS with the
// `atproto-proxy: did:web:api.bsky.chat#bsky_chat` header, on the connector's session:
//  - fetch: without a cursor, the newest messages of every conversation (listConvos +
//    getMessages) and the log's current position; with one, everything the event log
//    (getLog) has after it, page by page. Each message becomes an IncomingMessage in the
//    conversation "dm:<customer DID>"; the brand's own messages (from this console or
//    another app) come back as outbound.
//  - availability: the customer's allowIncoming (all / following / none; "following"
//    means the customer must follow the brand) before a private reply is offered.
//  - deliver: getConvoForMembers + sendMessage. Chat has no idempotency key, so an unclear
//    outcome (5xx, dropped connection, unreadable answer) is Unknown, and reconcile reads
//    the conversation's recent messages back before anything is sent again.
class BlueskyChatClient : public BlueskyDirectMessages
{
public:
    static constexpr const char *kProxyHeader = "atproto-proxy";
    static constexpr const char *kProxyTarget = "did:web:api.bsky.chat#bsky_chat";
    static QString streamName() { return QStringLiteral("chat"); }

    struct Config
    {
        qint64 accountId = 0;
        int pageSize = 50;       // listConvos and getMessages (service maximum 100)
        int initialConvos = 100; // conversations read on the first fill
        int maxLogPages = 200;   // per fetch; the rest comes at the next one
    };

    BlueskyChatClient(BlueskySession &session, Config config);

    // The "chat" stream from its stored position (none the first time). Commits a batch per
    // page with the position after it; stops at the first failure, the cursor unmoved.
    Core::Status fetch(const QHash<QString, QString> &cursors,
                       const std::function<Core::Status(const FetchBatch &)> &commit) override;

    // `actor`: a DID or a handle ("@" allowed).
    Core::Result<BlueskyChatAvailability> availability(const QString &actor);

    DeliveryOutcome deliver(const Core::OutboxItem &item) override;
    ReconcileOutcome reconcile(const Core::OutboxItem &item) override;

    // The customer an outbox item is for: the DID in the at:// URI it answers, or else the
    // recipient's handle.
    static QString recipientActor(const Core::OutboxItem &item);
    // app.bsky.richtext.facet#link for every http(s) URL in `text`, at UTF-8 byte offsets
    // (sentence punctuation after a URL is not part of it), so links work in the customer's app.
    static QJsonArray linkFacets(const QString &text);

private:
    HttpResponse chatGet(const QString &nsid, const QList<QPair<QString, QString>> &query);
    Core::Result<QByteArray> chatRead(const QString &nsid, const QList<QPair<QString, QString>> &query);
    Core::Error describe(const HttpResponse &response) const;
    Core::Status fetchInitial(const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Status fetchLog(const QString &cursor, const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Result<BlueskyChat::Member> customerOf(const QString &convoId);
    void remember(const BlueskyChat::Convo &convo);
    Core::IncomingMessage toMessage(const BlueskyChat::Message &message, const BlueskyChat::Member &customer) const;
    Core::Result<BlueskyChat::Convo> convoWith(const QString &did);
    QString service() const;

    BlueskySession &m_session;
    Config m_config;
    QHash<QString, BlueskyChat::Member> m_customers; // convo id -> the other member
};

} // namespace Care::Sync
