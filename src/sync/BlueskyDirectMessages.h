#pragma once

#include "sync/Connector.h"

namespace Care::Sync {

// The seam where Bluesky direct messages (chat.bsky.convo.*, through the chat proxy) plug
// into the Bluesky connector: fetching conversations incrementally (getLog), sending a
// private reply (after checking the customer's allowIncoming) and reading it back. The
// connector hands private outbox items and the sync pass to it; without one, private
// replies are refused with an honest "not available yet" and nothing else changes.
class BlueskyDirectMessages
{
public:
    virtual ~BlueskyDirectMessages() = default;

    virtual Core::Status fetch(const QHash<QString, QString> &cursors,
                               const std::function<Core::Status(const FetchBatch &)> &commit) = 0;
    virtual DeliveryOutcome deliver(const Core::OutboxItem &item) = 0;
    virtual ReconcileOutcome reconcile(const Core::OutboxItem &item) = 0;
};

} // namespace Care::Sync
