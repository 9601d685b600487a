#pragma once

#include <QDateTime>

namespace Care::Core {

// Where "now" comes from. Every clock-driven rule (SLA states, "who is on duty") asks a Clock
// instead of the system, so tests and replays can choose the instant.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC
};

} // namespace Care::Core
