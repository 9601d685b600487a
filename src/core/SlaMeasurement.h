#pragma once

#include "core/SlaPolicy.h"

#include <QDateTime>
#include <QString>

namespace Care::Core {

// Met: the response (or resolution) came by the due time. Missed: it came late, or the clock
// ended late without one. RunningAlreadyMissed: still running and past due. Stopped: the clock
// ended in time without the target event (resolved, or "no reply needed", with no response);
// metrics.md reports these separately rather than calling them met.
enum class SlaState { Running, Met, Missed, RunningAlreadyMissed, Stopped };

QString slaStateId(SlaState state); // stable: "running", "met", "missed", "running_missed", "stopped"
QString slaStateDisplayName(SlaState state);

// One run of one SLA clock: a first response, one of possibly many next responses, or the
// resolution of a cycle.
struct SlaMeasurement
{
    SlaTarget target = SlaTarget::FirstResponse;
    int cycle = 0;       // 0 for the first cycle; each reopen starts the next
    QDateTime startedAt; // the inbound message, or the start of the cycle
    QDateTime dueAt;     // invalid: never due (staffed hours, and a calendar that never opens)
    QDateTime stoppedAt; // invalid while running
    SlaState state = SlaState::Running;
    bool paused = false;       // running and waiting on the customer: the due time moves on
    qint64 countedSeconds = 0; // elapsed so far in the policy's counting mode, pauses left out

    bool isRunning() const { return state == SlaState::Running || state == SlaState::RunningAlreadyMissed; }
    bool isMissed() const { return state == SlaState::Missed || state == SlaState::RunningAlreadyMissed; }
};

} // namespace Care::Core
