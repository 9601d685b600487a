#pragma once

#include "core/Clock.h"

namespace Care::Core {

// A clock that only moves when told to: for tests and for replaying history.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &start = {});

    QDateTime now() const override { return m_now; }
    void set(const QDateTime &instant);
    void advance(qint64 seconds);

private:
    QDateTime m_now;
};

} // namespace Care::Core
