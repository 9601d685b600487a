#include "core/SlaEvaluation.h"

#include <algorithm>

namespace Care::Core {

std::optional<SlaMeasurement> SlaEvaluation::latest(SlaTarget target) const
{
    for (auto it = measurements.crbegin(); it != measurements.crend(); ++it) {
        if (it->target == target)
            return *it;
    }
    return std::nullopt;
}

QDateTime SlaEvaluation::nextDue() const
{
    QDateTime earliest;
    for (const SlaMeasurement &m : measurements) {
        if (m.isRunning() && m.dueAt.isValid() && (!earliest.isValid() || m.dueAt < earliest))
            earliest = m.dueAt;
    }
    return earliest;
}

std::optional<SlaState> SlaEvaluation::overallState() const
{
    if (measurements.isEmpty())
        return std::nullopt;
    const auto byCycle = [](const SlaMeasurement &a, const SlaMeasurement &b) { return a.cycle < b.cycle; };
    const int lastCycle = std::max_element(measurements.cbegin(), measurements.cend(), byCycle)->cycle;
    bool running = false;
    bool missed = false;
    bool met = false;
    for (const SlaMeasurement &m : measurements) {
        if (m.cycle != lastCycle)
            continue;
        running = running || m.isRunning();
        missed = missed || m.isMissed();
        met = met || m.state == SlaState::Met;
    }
    if (running)
        return missed ? SlaState::RunningAlreadyMissed : SlaState::Running;
    if (missed)
        return SlaState::Missed;
    return met ? SlaState::Met : SlaState::Stopped;
}

} // namespace Care::Core
