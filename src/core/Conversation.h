#pragma once

#include "core/Platform.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <optional>

namespace Care::Core {

// The common benchmark: answer within one hour. The SLA policies of the service-levels work
// replace it per platform, priority and tag.
constexpr qint64 kDefaultResponseTargetSeconds = 3600;

enum class ConversationStatus { Open, Pending, Snoozed, Resolved };
enum class Priority { Low, Normal, High, Urgent };

QString statusId(ConversationStatus status);
std::optional<ConversationStatus> statusFromId(const QString &id);
QString statusDisplayName(ConversationStatus status);

QString priorityId(Priority priority);
std::optional<Priority> priorityFromId(const QString &id);
QString priorityDisplayName(Priority priority);

// A thread of messages between the brand and one customer on one account.
struct Conversation
{
    qint64 id = 0;
    qint64 accountId = 0;
    qint64 customerId = 0;
    QString threadKey; // platform thread (root post id, e-mail thread, DM conversation id)
    ConversationStatus status = ConversationStatus::Open;
    QDateTime snoozedUntil;
    Priority priority = Priority::Normal;
    QString assignee; // agent id; empty when unassigned
    QStringList tags;
    QDateTime firstResponseDue;
    QDateTime nextResponseDue;
    QDateTime resolutionDue;
    QString slaPolicy; // the SLA policy in force (its name)
    QString slaState;  // Core::slaStateId of the latest cycle, empty before any clock ran
    QString triageReasons; // why the urgency is what it is, one reason a line
    QDateTime createdAt;
    QDateTime updatedAt;
};

} // namespace Care::Core
