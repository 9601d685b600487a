#pragma once

#include "sync/Connector.h"
#include "sync/FacebookJson.h"

namespace Care::Sync {

class FacebookGraphClient;
struct HttpResponse;

// What the Page sends, exactly once without an idempotency key:
//  - a public reply: POST /{comment-or-post}/comments {message} -> {id};
//  - a private reply to a comment (or a visitor post): POST /{page}/messages with
//    recipient {comment_id} (or {post_id}) — one message per comment, within 7 days of it,
//    checked first through the comment's can_reply_privately;
//  - a Messenger reply: POST /{page}/messages with recipient {id: PSID} and messaging_type
//    RESPONSE, only within 24 hours of the customer's last message (read from the message
//    answered); after that MESSAGE_TAG + HUMAN_AGENT for up to 7 days where the Page has that
//    tag, otherwise refused before sending with what to do instead;
//  - hiding a comment: POST /{comment} {is_hidden: true}.
// Writes are never repeated by the network stack; an answer that does not come (dropped
// connection, timeout, 5xx, unreadable) is Unknown, and reconcile() reads back the comments
// under the target or the Messenger conversation for the Page's own message with the same
// text, written since the item was queued, before anything is sent again.
class FacebookOutbox
{
public:
    struct Config
    {
        QString pageId;
        bool humanAgentTag = false;
    };

    FacebookOutbox(FacebookGraphClient &graph, Config config);

    DeliveryOutcome deliver(const Core::OutboxItem &item);
    ReconcileOutcome reconcile(const Core::OutboxItem &item);

    static bool isMessengerId(const QString &id) { return id.startsWith(QLatin1String("m_")); }

private:
    DeliveryOutcome publicReply(const Core::OutboxItem &item);
    DeliveryOutcome privateReply(const Core::OutboxItem &item);
    DeliveryOutcome messengerReply(const Core::OutboxItem &item);
    DeliveryOutcome hide(const Core::OutboxItem &item);
    DeliveryOutcome unhide(const Core::OutboxItem &item); // POST /{comment} is_hidden=false
    DeliveryOutcome setHidden(const Core::OutboxItem &item, bool hidden);
    DeliveryOutcome send(const QJsonObject &request);
    DeliveryOutcome outcomeOf(const HttpResponse &response, const QString &permission) const;
    DeliveryOutcome failed(const Core::Error &error) const;
    ReconcileOutcome findComment(const Core::OutboxItem &item, const QString &target);
    ReconcileOutcome findMessage(const Core::OutboxItem &item);

    FacebookGraphClient &m_graph;
    Config m_config;
};

} // namespace Care::Sync
