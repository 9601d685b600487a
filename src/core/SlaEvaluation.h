#pragma once

#include "core/SlaMeasurement.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace Care::Core {

// Every SLA clock of one conversation at one instant.
struct SlaEvaluation
{
    QString policyName;
    QDateTime evaluatedAt;
    int cycleCount = 0;
    QList<SlaMeasurement> measurements; // in timeline order

    // The most recent measurement of a target (the current next response, say).
    std::optional<SlaMeasurement> latest(SlaTarget target) const;
    // The earliest due time among running clocks (overdue ones included, so the queue can
    // sort by it); invalid when nothing is running.
    QDateTime nextDue() const;
    // The conversation's state in its latest cycle (metrics.md: hit, missed, or active but
    // already missed): RunningAlreadyMissed if something is running and anything missed,
    // Running if something is running, then Missed, Met, and Stopped when every clock ended
    // without its event. std::nullopt when no clock has started.
    std::optional<SlaState> overallState() const;
};

} // namespace Care::Core
