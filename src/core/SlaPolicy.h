#pragma once

#include "core/Conversation.h"
#include "core/Platform.h"
#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace Care::Core {

// The three promises an SLA policy can make (metrics.md: FRT, NRT, resolution).
enum class SlaTarget { FirstResponse, NextResponse, Resolution };

QString slaTargetId(SlaTarget target); // stable: "first_response", "next_response", "resolution"
QString slaTargetDisplayName(SlaTarget target);

// Targets for one kind of conversation. A policy applies to the conversations that match all
// of its criteria; a criterion left empty matches anything. The most specific matching policy
// (the most criteria set) wins; among equally specific ones the first in the list.
//
// The counting mode really drives due times: in staffed-hours mode only the team calendar's
// open time counts (a message at 21:00 after closing is due an hour after the next opening);
// in wall-clock mode every second counts.
struct SlaPolicy
{
    QString name;
    std::optional<Platform> platform; // criteria; empty = any
    std::optional<Priority> priority;
    QString tag; // matches a conversation tag, ignoring case; empty = any

    std::optional<qint64> firstResponseSeconds; // targets; empty = no promise
    std::optional<qint64> nextResponseSeconds;
    std::optional<qint64> resolutionSeconds;

    bool countStaffedHoursOnly = true;
    bool pauseWhilePending = false; // time waiting on the customer does not count

    std::optional<qint64> targetSeconds(SlaTarget target) const;
    int specificity() const; // criteria set, 0..3
    bool matches(Platform conversationPlatform, Priority conversationPriority,
                 const QStringList &conversationTags) const;

    // Used when no policy matches: an hour to first response in staffed hours, the team's
    // published promise.
    static SlaPolicy defaultPolicy();

    // The policy for a conversation; defaultPolicy() when none of `policies` matches.
    static SlaPolicy select(const QList<SlaPolicy> &policies, Platform conversationPlatform,
                            Priority conversationPriority, const QStringList &conversationTags);

    // The file form a lead edits (targets in minutes):
    //   {"name":"Urgent","match":{"priority":"urgent"},"first_response_minutes":15,
    //    "counting":"wall_clock","pause_while_pending":false}
    // "match" takes "platform", "priority" and "tag"; "counting" is "staffed_hours" or
    // "wall_clock". A whole file is {"policies":[...]}. Unknown entries are errors, except keys
    // starting with "_", which are comments.
    QJsonObject toJson() const;
    static Result<SlaPolicy> fromJson(const QJsonObject &json);
    static QByteArray listToJson(const QList<SlaPolicy> &policies);
    static Result<QList<SlaPolicy>> listFromJson(const QByteArray &text);

    friend bool operator==(const SlaPolicy &a, const SlaPolicy &b);
    friend bool operator!=(const SlaPolicy &a, const SlaPolicy &b) { return !(a == b); }
};

} // namespace Care::Core
