#include "core/Message.h"

#include <QCoreApplication>

namespace Care::Core {

QString directionId(Direction direction)
{
    switch (direction) {
    case Direction::Inbound: return QStringLiteral("inbound");
    case Direction::Outbound: return QStringLiteral("outbound");
    case Direction::Note: return QStringLiteral("note");
    }
    return {};
}

std::optional<Direction> directionFromId(const QString &id)
{
    for (auto d : {Direction::Inbound, Direction::Outbound, Direction::Note}) {
        if (directionId(d) == id)
            return d;
    }
    return std::nullopt;
}

QString visibilityId(Visibility visibility)
{
    return visibility == Visibility::Public ? QStringLiteral("public") : QStringLiteral("private");
}

std::optional<Visibility> visibilityFromId(const QString &id)
{
    if (id == QLatin1String("public"))
        return Visibility::Public;
    if (id == QLatin1String("private"))
        return Visibility::Private;
    return std::nullopt;
}

QString deliveryStateId(DeliveryState state)
{
    switch (state) {
    case DeliveryState::NotApplicable: return QStringLiteral("none");
    case DeliveryState::Queued: return QStringLiteral("queued");
    case DeliveryState::Sending: return QStringLiteral("sending");
    case DeliveryState::Sent: return QStringLiteral("sent");
    case DeliveryState::Unknown: return QStringLiteral("unknown");
    case DeliveryState::Failed: return QStringLiteral("failed");
    case DeliveryState::Held: return QStringLiteral("held");
    case DeliveryState::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<DeliveryState> deliveryStateFromId(const QString &id)
{
    for (auto s : {DeliveryState::NotApplicable, DeliveryState::Queued, DeliveryState::Sending, DeliveryState::Sent,
                   DeliveryState::Unknown, DeliveryState::Failed, DeliveryState::Held, DeliveryState::Cancelled}) {
        if (deliveryStateId(s) == id)
            return s;
    }
    return std::nullopt;
}

QString deliveryStateDisplayName(DeliveryState state)
{
    switch (state) {
    case DeliveryState::NotApplicable: return {};
    case DeliveryState::Queued: return QCoreApplication::translate("Care::Core::Message", "Queued");
    case DeliveryState::Sending: return QCoreApplication::translate("Care::Core::Message", "Sending");
    case DeliveryState::Sent: return QCoreApplication::translate("Care::Core::Message", "Sent");
    case DeliveryState::Unknown: return QCoreApplication::translate("Care::Core::Message", "Outcome unknown");
    case DeliveryState::Failed: return QCoreApplication::translate("Care::Core::Message", "Failed");
    case DeliveryState::Held: return QCoreApplication::translate("Care::Core::Message", "Waiting for your confirmation");
    case DeliveryState::Cancelled: return QCoreApplication::translate("Care::Core::Message", "Cancelled, not sent");
    }
    return {};
}

} // namespace Care::Core
