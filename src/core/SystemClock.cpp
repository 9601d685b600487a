#include "core/SystemClock.h"

namespace Care::Core {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace Care::Core
