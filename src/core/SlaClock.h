#pragma once

#include "core/BusinessCalendar.h"
#include "core/Clock.h"
#include "core/SlaEvaluation.h"
#include "core/SlaEvent.h"
#include "core/SlaPolicy.h"

#include <QDateTime>
#include <QList>

namespace Care::Core {

// Computes a conversation's SLA clocks from its timeline, as metrics.md defines them:
//   - first response: the first inbound message of a cycle to the first human response
//     (notes and automatic acknowledgements never count);
//   - next response: each later inbound message that arrives while the customer is not
//     already waiting, to the next human response;
//   - resolution: start of the cycle to resolved.
// The first event starts the first cycle; a reopen (or an inbound message after resolved)
// starts a new one with fresh clocks. Resolving, or "no reply needed", ends a response clock
// without a response.
//
// With pauseWhilePending, time in pending does not count: each clock's due time moves later
// by the paused time, measured in the policy's counting mode. An inbound message also ends a
// pause, since the customer has answered. While a clock is paused, its due time is the one it
// would have if the pause ended at `now`.
//
// evaluate() is a pure function of policy, calendar, events and `now`: a changed policy or
// calendar applies to history simply by evaluating again. Events after `now` are ignored;
// events at the same instant keep their given order.
class SlaClock
{
public:
    SlaClock(SlaPolicy policy, BusinessCalendar calendar);

    const SlaPolicy &policy() const { return m_policy; }
    const BusinessCalendar &calendar() const { return m_calendar; }

    SlaEvaluation evaluate(const QList<SlaEvent> &events, const QDateTime &now) const;
    SlaEvaluation evaluate(const QList<SlaEvent> &events, const Clock &clock) const
    {
        return evaluate(events, clock.now());
    }

    // Time between two instants in the policy's counting mode (staffed or wall-clock seconds).
    qint64 countedSecondsBetween(const QDateTime &from, const QDateTime &to) const;
    // The instant `seconds` of counted time after `from`; invalid if it never comes.
    QDateTime addCountedSeconds(const QDateTime &from, qint64 seconds) const;

private:
    struct Pause
    {
        QDateTime start;
        QDateTime end; // `now` while still pending
    };

    QDateTime dueTime(const QDateTime &start, qint64 targetSeconds, const QList<Pause> &pauses) const;
    qint64 countedWithoutPauses(const QDateTime &start, const QDateTime &end, const QList<Pause> &pauses) const;

    SlaPolicy m_policy;
    BusinessCalendar m_calendar;
};

} // namespace Care::Core
