#pragma once

#include "core/Message.h"
#include "core/Platform.h"

#include <QDateTime>
#include <QString>
#include <optional>

namespace Care::Core {

// A message as a connector (or the demo workspace) hands it to the store's ingest.
// The store finds or creates the customer (by identity) and the conversation (by thread key).
struct IncomingMessage
{
    qint64 accountId = 0;
    QString platformMessageId;
    QString platformParentId;
    QString threadKey; // messages with the same account and thread key form one conversation
    // When set, the conversation this message joins whatever its account and thread key: a
    // customer's e-mail answering a message the console sent by e-mail from a conversation on
    // another channel continues that conversation. A conversation that no longer exists is ignored
    // (the thread key decides).
    qint64 conversationId = 0;
    Direction direction = Direction::Inbound;
    Visibility visibility = Visibility::Public;
    // The customer on the other side (for inbound: the author).
    QString customerPlatformUserId;
    QString customerHandle;
    QString customerName;
    // For outbound/notes: who on the team wrote it.
    QString agentId;
    QString authorName;
    QString body;
    QDateTime createdAt;
    QDateTime editedAt;
    QDateTime deletedAt;
    bool automatic = false;
    // Found by keyword listening (a blog or news article, a post naming the brand): the author
    // did not address the brand. Marks the conversation it starts.
    bool foundByListening = false;
    // Whether the platform lets the brand hide this message (Facebook's can_hide); unknown when
    // the platform does not say. Stored, and refreshed when the platform changes its mind.
    std::optional<bool> canHide;
    DeliveryState deliveryState = DeliveryState::NotApplicable;
    // Whether the platform shows it hidden from public view (Facebook's is_hidden: a Page admin may
    // hide a comment in Facebook's own pages); unknown when the platform does not say. The store
    // follows it, except while the console's own hide or unhide of it is still on its way.
    std::optional<bool> hiddenOnPlatform;
    // A state refresh: the platform re-reported a message it reported before (to say it is hidden
    // now, for example). Updates the stored message; never stores one the store does not hold.
    bool onlyIfStored = false;
};

} // namespace Care::Core
