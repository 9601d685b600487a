#include "core/SlaClock.h"

#include <algorithm>

namespace Care::Core {

namespace {

// A clock as the timeline is walked: when it started and, once over, how it ended.
struct RawMeasurement
{
    SlaTarget target;
    int cycle = 0;
    QDateTime start;
    QDateTime stop;           // invalid while running
    bool reachedGoal = false; // stopped by a human response or by resolving, not cut short
};

// Walks the timeline once and records the clocks and the pending pauses.
class TimelineWalker
{
public:
    QList<RawMeasurement> measurements;
    QList<std::pair<QDateTime, QDateTime>> pending; // end invalid while still pending
    int cycles = 0;

    void apply(const SlaEvent &event)
    {
        if (cycles == 0)
            startCycle(event.at);
        switch (event.kind) {
        case SlaEvent::Kind::Inbound:
            if (m_resolved) // the customer wrote again: that reopens, whether or not it was logged
                startCycle(event.at);
            endPause(event.at);
            if (!m_inboundSeen) {
                m_inboundSeen = true;
                m_waiting = open(SlaTarget::FirstResponse, event.at);
            } else if (!m_waiting) {
                m_waiting = open(SlaTarget::NextResponse, event.at);
            }
            break;
        case SlaEvent::Kind::HumanResponse:
            if (!m_resolved)
                stopWaiting(event.at, true);
            break;
        case SlaEvent::Kind::AutomaticAcknowledgement:
        case SlaEvent::Kind::Note:
            break;
        case SlaEvent::Kind::NoReplyNeeded:
            stopWaiting(event.at, false);
            break;
        case SlaEvent::Kind::Pending:
            if (!m_resolved && !m_pending) {
                m_pending = true;
                pending.append({event.at, QDateTime()});
            }
            break;
        case SlaEvent::Kind::Open:
            endPause(event.at);
            break;
        case SlaEvent::Kind::Resolved:
            if (m_resolved)
                break;
            endPause(event.at);
            stopWaiting(event.at, false);
            if (m_resolution) {
                measurements[*m_resolution].stop = event.at;
                measurements[*m_resolution].reachedGoal = true;
                m_resolution.reset();
            }
            m_resolved = true;
            break;
        case SlaEvent::Kind::Reopened:
            if (m_resolved)
                startCycle(event.at);
            break;
        }
    }

private:
    void startCycle(const QDateTime &at)
    {
        m_cycle = cycles++;
        m_resolved = false;
        m_inboundSeen = false;
        m_waiting.reset();
        m_resolution = open(SlaTarget::Resolution, at);
    }

    std::optional<qsizetype> open(SlaTarget target, const QDateTime &at)
    {
        measurements.append(RawMeasurement{target, m_cycle, at, QDateTime(), false});
        return measurements.size() - 1;
    }

    void stopWaiting(const QDateTime &at, bool responded)
    {
        if (!m_waiting)
            return;
        measurements[*m_waiting].stop = at;
        measurements[*m_waiting].reachedGoal = responded;
        m_waiting.reset();
    }

    void endPause(const QDateTime &at)
    {
        if (!m_pending)
            return;
        m_pending = false;
        pending.last().second = at;
    }

    int m_cycle = 0;
    bool m_resolved = false;
    bool m_inboundSeen = false;
    bool m_pending = false;
    std::optional<qsizetype> m_waiting;    // the open first- or next-response clock
    std::optional<qsizetype> m_resolution; // the open resolution clock
};

} // namespace

SlaClock::SlaClock(SlaPolicy policy, BusinessCalendar calendar)
    : m_policy(std::move(policy))
    , m_calendar(std::move(calendar))
{
}

qint64 SlaClock::countedSecondsBetween(const QDateTime &from, const QDateTime &to) const
{
    if (m_policy.countStaffedHoursOnly)
        return m_calendar.staffedSecondsBetween(from, to);
    return from.secsTo(to);
}

QDateTime SlaClock::addCountedSeconds(const QDateTime &from, qint64 seconds) const
{
    if (m_policy.countStaffedHoursOnly)
        return m_calendar.addStaffedSeconds(from, seconds);
    return from.toUTC().addSecs(std::max<qint64>(seconds, 0));
}

QDateTime SlaClock::dueTime(const QDateTime &start, qint64 targetSeconds, const QList<Pause> &pauses) const
{
    // Spend the target on the counted time between pauses; whatever is left after the last
    // pause runs from its end.
    QDateTime cursor = start;
    qint64 remaining = targetSeconds;
    for (const Pause &pause : pauses) {
        const qint64 available = countedSecondsBetween(cursor, pause.start);
        if (remaining <= available)
            return addCountedSeconds(cursor, remaining);
        remaining -= available;
        cursor = pause.end;
    }
    return addCountedSeconds(cursor, remaining);
}

qint64 SlaClock::countedWithoutPauses(const QDateTime &start, const QDateTime &end,
                                      const QList<Pause> &pauses) const
{
    qint64 counted = countedSecondsBetween(start, end);
    for (const Pause &pause : pauses)
        counted -= countedSecondsBetween(pause.start, pause.end);
    return counted;
}

SlaEvaluation SlaClock::evaluate(const QList<SlaEvent> &events, const QDateTime &now) const
{
    SlaEvaluation evaluation;
    evaluation.policyName = m_policy.name;
    evaluation.evaluatedAt = now.toUTC();

    QList<SlaEvent> timeline;
    for (const SlaEvent &event : events) {
        if (event.at.isValid() && event.at <= now)
            timeline.append(event);
    }
    std::stable_sort(timeline.begin(), timeline.end(),
                     [](const SlaEvent &a, const SlaEvent &b) { return a.at < b.at; });

    TimelineWalker walker;
    for (const SlaEvent &event : std::as_const(timeline))
        walker.apply(event);
    evaluation.cycleCount = walker.cycles;

    for (const RawMeasurement &raw : std::as_const(walker.measurements)) {
        const auto target = m_policy.targetSeconds(raw.target);
        if (!target)
            continue;
        const bool running = !raw.stop.isValid();
        const QDateTime end = running ? now : raw.stop;

        // The pauses that fall inside this clock's run, cut to it.
        QList<Pause> pauses;
        bool pausedNow = false;
        if (m_policy.pauseWhilePending) {
            for (const auto &[pauseStart, pauseEnd] : std::as_const(walker.pending)) {
                const QDateTime from = std::max(pauseStart, raw.start);
                const QDateTime to = pauseEnd.isValid() ? std::min(pauseEnd, end) : end;
                if (to > from)
                    pauses.append(Pause{from, to});
                if (running && !pauseEnd.isValid())
                    pausedNow = true;
            }
        }

        SlaMeasurement m;
        m.target = raw.target;
        m.cycle = raw.cycle;
        m.startedAt = raw.start.toUTC();
        m.dueAt = dueTime(raw.start, *target, pauses);
        m.countedSeconds = countedWithoutPauses(raw.start, end, pauses);
        m.paused = pausedNow;
        // A response exactly at the due time is in time; so "already missed" starts after it.
        const bool late = m.dueAt.isValid() && end > m.dueAt;
        if (running) {
            m.state = late ? SlaState::RunningAlreadyMissed : SlaState::Running;
        } else {
            m.stoppedAt = raw.stop.toUTC();
            if (late)
                m.state = SlaState::Missed;
            else
                m.state = raw.reachedGoal ? SlaState::Met : SlaState::Stopped;
        }
        evaluation.measurements.append(m);
    }
    return evaluation;
}

} // namespace Care::Core
