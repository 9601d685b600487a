#pragma once

#include "core/Clock.h"

namespace Care::Core {

// The real time, in UTC.
class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

} // namespace Care::Core
