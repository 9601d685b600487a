#include "core/ManualClock.h"

namespace Care::Core {

ManualClock::ManualClock(const QDateTime &start)
    : m_now(start.isValid() ? start.toUTC() : QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC))
{
}

void ManualClock::set(const QDateTime &instant)
{
    m_now = instant.toUTC();
}

void ManualClock::advance(qint64 seconds)
{
    m_now = m_now.addSecs(seconds);
}

} // namespace Care::Core
