#include "core/Conversation.h"

#include <QCoreApplication>

namespace Care::Core {

QString statusId(ConversationStatus status)
{
    switch (status) {
    case ConversationStatus::Open: return QStringLiteral("open");
    case ConversationStatus::Pending: return QStringLiteral("pending");
    case ConversationStatus::Snoozed: return QStringLiteral("snoozed");
    case ConversationStatus::Resolved: return QStringLiteral("resolved");
    }
    return {};
}

std::optional<ConversationStatus> statusFromId(const QString &id)
{
    for (auto s : {ConversationStatus::Open, ConversationStatus::Pending, ConversationStatus::Snoozed,
                   ConversationStatus::Resolved}) {
        if (statusId(s) == id)
            return s;
    }
    return std::nullopt;
}

QString statusDisplayName(ConversationStatus status)
{
    switch (status) {
    case ConversationStatus::Open: return QCoreApplication::translate("Care::Core::Conversation", "Open");
    case ConversationStatus::Pending:
        return QCoreApplication::translate("Care::Core::Conversation", "Waiting on customer");
    case ConversationStatus::Snoozed: return QCoreApplication::translate("Care::Core::Conversation", "Snoozed");
    case ConversationStatus::Resolved: return QCoreApplication::translate("Care::Core::Conversation", "Resolved");
    }
    return {};
}

QString priorityId(Priority priority)
{
    switch (priority) {
    case Priority::Low: return QStringLiteral("low");
    case Priority::Normal: return QStringLiteral("normal");
    case Priority::High: return QStringLiteral("high");
    case Priority::Urgent: return QStringLiteral("urgent");
    }
    return {};
}

std::optional<Priority> priorityFromId(const QString &id)
{
    for (auto p : {Priority::Low, Priority::Normal, Priority::High, Priority::Urgent}) {
        if (priorityId(p) == id)
            return p;
    }
    return std::nullopt;
}

QString priorityDisplayName(Priority priority)
{
    switch (priority) {
    case Priority::Low: return QCoreApplication::translate("Care::Core::Conversation", "Low");
    case Priority::Normal: return QCoreApplication::translate("Care::Core::Conversation", "Normal");
    case Priority::High: return QCoreApplication::translate("Care::Core::Conversation", "High");
    case Priority::Urgent: return QCoreApplication::translate("Care::Core::Conversation", "Urgent");
    }
    return {};
}

} // namespace Care::Core
