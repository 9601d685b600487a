#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace Care::Core {

enum class Direction { Inbound, Outbound, Note };
enum class Visibility { Public, Private };
// Delivery of the brand's own messages. Inbound messages and notes are `NotApplicable`.
// Held: the customer or a colleague wrote after the reply was queued; the agent confirms
// before it goes. Cancelled: the agent withdrew a failed or held reply; it never went out.
enum class DeliveryState { NotApplicable, Queued, Sending, Sent, Unknown, Failed, Held, Cancelled };

QString directionId(Direction direction);
std::optional<Direction> directionFromId(const QString &id);
QString visibilityId(Visibility visibility);
std::optional<Visibility> visibilityFromId(const QString &id);
QString deliveryStateId(DeliveryState state);
std::optional<DeliveryState> deliveryStateFromId(const QString &id);
QString deliveryStateDisplayName(DeliveryState state);

struct Message
{
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 accountId = 0;
    QString platformMessageId; // unique per account; ingest is keyed on (account, this)
    QString platformParentId;  // the message this one replies to, when the platform says
    Direction direction = Direction::Inbound;
    Visibility visibility = Visibility::Public;
    QString authorName;
    QString authorHandle;
    QString agentId; // for outbound messages and notes: who wrote it
    QString body;    // plain text, never markup
    QDateTime createdAt;
    QDateTime editedAt;
    QDateTime deletedAt;
    DeliveryState deliveryState = DeliveryState::NotApplicable;
    bool automatic = false; // an automatic acknowledgement: never counts as a response
    QDateTime hiddenAt;     // hidden from public view on the platform (never deleted)
    QString hiddenBy;       // the agent; empty when it was hidden on the platform itself (not from the console)
    QString hiddenReason;

    bool isEdited() const { return editedAt.isValid(); }
    bool isDeleted() const { return deletedAt.isValid(); }
    bool isHidden() const { return hiddenAt.isValid(); }
    bool isHiddenOnPlatform() const { return isHidden() && hiddenBy.isEmpty(); } // by someone outside the console
    bool countsAsResponse() const { return direction == Direction::Outbound && !automatic; }
};

// An earlier text of a message that was edited on the platform.
struct MessageRevision
{
    qint64 messageId = 0;
    QString body;
    QDateTime replacedAt;
};

} // namespace Care::Core
