#include "core/SlaMeasurement.h"

#include <QCoreApplication>

namespace Care::Core {

QString slaStateId(SlaState state)
{
    switch (state) {
    case SlaState::Running: return QStringLiteral("running");
    case SlaState::Met: return QStringLiteral("met");
    case SlaState::Missed: return QStringLiteral("missed");
    case SlaState::RunningAlreadyMissed: return QStringLiteral("running_missed");
    case SlaState::Stopped: return QStringLiteral("stopped");
    }
    return {};
}

QString slaStateDisplayName(SlaState state)
{
    switch (state) {
    case SlaState::Running: return QCoreApplication::translate("Care::Core::SlaMeasurement", "Running");
    case SlaState::Met: return QCoreApplication::translate("Care::Core::SlaMeasurement", "Met");
    case SlaState::Missed: return QCoreApplication::translate("Care::Core::SlaMeasurement", "Missed");
    case SlaState::RunningAlreadyMissed:
        return QCoreApplication::translate("Care::Core::SlaMeasurement", "Running, already missed");
    case SlaState::Stopped:
        return QCoreApplication::translate("Care::Core::SlaMeasurement", "Ended without a response");
    }
    return {};
}

} // namespace Care::Core
