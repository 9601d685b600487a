#include "core/ConversationMetrics.h"

#include <algorithm>

namespace Care::Core {

namespace {

using Kind = MetricEvent::Kind;
using Duration = ConversationMetrics::Duration;
using Outcome = ConversationMetrics::Outcome;
using Response = ConversationMetrics::Response;
using Cycle = ConversationMetrics::Cycle;

Duration measure(const BusinessCalendar &calendar, const QDateTime &from, const QDateTime &to)
{
    return Duration{from.secsTo(to), calendar.staffedSecondsBetween(from, to)};
}

// Walks the ordered log once, cycle by cycle.
class Walker
{
public:
    explicit Walker(const BusinessCalendar &calendar)
        : m_calendar(calendar)
    {
    }

    QList<Cycle> cycles;

    void apply(const MetricEvent &event)
    {
        const QDateTime at = event.at.toUTC();
        if (cycles.isEmpty())
            startCycle(at); // the first event creates the conversation
        switch (event.kind) {
        case Kind::Inbound:
            if (m_resolved) // the customer wrote again: that reopens, whether or not it was logged
                startCycle(at);
            ++cycle().inboundCount;
            if (!cycle().firstResponse) {
                cycle().firstInboundAt = at;
                cycle().firstResponse = startWait(event, at);
                m_waiting = true;
            } else if (!m_waiting) {
                cycle().nextResponses.append(startWait(event, at));
                m_waiting = true;
            }
            break;
        case Kind::PublicReply:
        case Kind::PrivateReply:
            ++cycle().humanOutboundCount;
            if (m_waiting) {
                Response &wait = currentWait();
                wait.outcome = Outcome::Answered;
                wait.endedAt = at;
                wait.responseMessageId = event.messageId;
                wait.agentId = event.agentId;
                wait.duration = measure(m_calendar, wait.inboundAt, at);
                cycle().waiting += wait.duration;
                m_waiting = false;
            }
            break;
        case Kind::Note:
            ++cycle().noteCount;
            break;
        case Kind::AutomaticAcknowledgement:
            ++cycle().automaticCount;
            break;
        case Kind::Assignment:
        case Kind::StatusPending:
        case Kind::StatusSnoozed:
            break;
        case Kind::StatusOpen:
        case Kind::StatusReopened:
            if (m_resolved)
                startCycle(at);
            break;
        case Kind::StatusResolved:
            if (m_resolved)
                break;
            endWithoutResponse(event, at, false);
            cycle().resolvedAt = at;
            cycle().resolution = measure(m_calendar, cycle().startedAt, at);
            m_resolved = true;
            break;
        case Kind::Disposition:
            endWithoutResponse(event, at, true);
            break;
        case Kind::CsatAnswer:
            // The log is in time order, so the last valid answer is the latest.
            if (event.hasValidCsatScore()) {
                cycle().csatScore = event.csatScore;
                cycle().csatAt = at;
            }
            break;
        }
    }

    void finish(const QDateTime &now)
    {
        if (cycles.isEmpty() || !now.isValid())
            return;
        if (!m_resolved)
            cycle().unresolvedFor = measure(m_calendar, cycle().startedAt, now.toUTC());
        if (!m_waiting)
            return;
        Response &wait = currentWait();
        wait.duration = measure(m_calendar, wait.inboundAt, now.toUTC());
        cycle().stillWaiting = wait.duration;
    }

private:
    Cycle &cycle() { return cycles.last(); }

    // The wait in progress: the latest next response, or the first response.
    Response &currentWait()
    {
        if (!cycle().nextResponses.isEmpty())
            return cycle().nextResponses.last();
        return *cycle().firstResponse;
    }

    void startCycle(const QDateTime &at)
    {
        Cycle next;
        next.index = static_cast<int>(cycles.size());
        next.startedAt = at;
        cycles.append(next);
        m_resolved = false;
        m_waiting = false;
    }

    static Response startWait(const MetricEvent &event, const QDateTime &at)
    {
        Response wait;
        wait.inboundAt = at;
        wait.inboundMessageId = event.messageId;
        wait.outcome = Outcome::StillWaiting;
        return wait;
    }

    void endWithoutResponse(const MetricEvent &event, const QDateTime &at, bool byDisposition)
    {
        if (!m_waiting)
            return;
        Response &wait = currentWait();
        wait.outcome = Outcome::EndedWithoutResponse;
        wait.endedAt = at;
        wait.agentId = event.agentId;
        wait.endedByDisposition = byDisposition;
        wait.duration = measure(m_calendar, wait.inboundAt, at);
        m_waiting = false;
    }

    const BusinessCalendar &m_calendar;
    bool m_resolved = false;
    bool m_waiting = false; // the customer waits: the current cycle's latest wait is open
};

} // namespace

ConversationMetrics::Duration ConversationMetrics::waitingTime() const
{
    Duration total;
    for (const Cycle &c : cycles)
        total += c.waiting;
    return total;
}

std::optional<ConversationMetrics::Duration> ConversationMetrics::stillWaiting() const
{
    if (cycles.isEmpty())
        return std::nullopt;
    return cycles.last().stillWaiting;
}

int ConversationMetrics::inboundCount() const
{
    int n = 0;
    for (const Cycle &c : cycles)
        n += c.inboundCount;
    return n;
}

int ConversationMetrics::humanOutboundCount() const
{
    int n = 0;
    for (const Cycle &c : cycles)
        n += c.humanOutboundCount;
    return n;
}

int ConversationMetrics::automaticCount() const
{
    int n = 0;
    for (const Cycle &c : cycles)
        n += c.automaticCount;
    return n;
}

int ConversationMetrics::noteCount() const
{
    int n = 0;
    for (const Cycle &c : cycles)
        n += c.noteCount;
    return n;
}

QList<MetricEvent> ConversationMetrics::ordered(QList<MetricEvent> events)
{
    std::stable_sort(events.begin(), events.end(), [](const MetricEvent &a, const MetricEvent &b) {
        if (a.at != b.at)
            return a.at < b.at;
        return a.sequence < b.sequence;
    });
    return events;
}

ConversationMetrics ConversationMetrics::compute(QList<MetricEvent> events, const BusinessCalendar &calendar,
                                                 const QDateTime &now)
{
    const auto ignored = [&now](const MetricEvent &e) { return !e.at.isValid() || (now.isValid() && e.at > now); };
    events.erase(std::remove_if(events.begin(), events.end(), ignored), events.end());

    Walker walker(calendar);
    for (const MetricEvent &event : ordered(std::move(events)))
        walker.apply(event);
    walker.finish(now);

    ConversationMetrics metrics;
    metrics.computedAt = now.isValid() ? now.toUTC() : QDateTime();
    metrics.cycles = std::move(walker.cycles);
    return metrics;
}

QList<SlaEvent> ConversationMetrics::slaEvents(QList<MetricEvent> events)
{
    events.erase(std::remove_if(events.begin(), events.end(), [](const MetricEvent &e) { return !e.at.isValid(); }),
                 events.end());
    QList<SlaEvent> out;
    out.reserve(events.size());
    bool resolved = false;
    for (const MetricEvent &event : ordered(std::move(events))) {
        SlaEvent::Kind kind = SlaEvent::Kind::Note;
        switch (event.kind) {
        case Kind::Inbound:
            kind = SlaEvent::Kind::Inbound;
            resolved = false;
            break;
        case Kind::PublicReply:
        case Kind::PrivateReply:
            kind = SlaEvent::Kind::HumanResponse;
            break;
        case Kind::AutomaticAcknowledgement:
            kind = SlaEvent::Kind::AutomaticAcknowledgement;
            break;
        case Kind::Note:
        case Kind::Assignment:
        case Kind::CsatAnswer:
            kind = SlaEvent::Kind::Note;
            break;
        case Kind::StatusOpen:
            kind = resolved ? SlaEvent::Kind::Reopened : SlaEvent::Kind::Open;
            resolved = false;
            break;
        case Kind::StatusSnoozed:
            kind = SlaEvent::Kind::Open;
            break;
        case Kind::StatusPending:
            kind = SlaEvent::Kind::Pending;
            break;
        case Kind::StatusResolved:
            kind = SlaEvent::Kind::Resolved;
            resolved = true;
            break;
        case Kind::StatusReopened:
            kind = SlaEvent::Kind::Reopened;
            resolved = false;
            break;
        case Kind::Disposition:
            kind = SlaEvent::Kind::NoReplyNeeded;
            break;
        }
        out.append(SlaEvent{event.at, kind});
    }
    return out;
}

} // namespace Care::Core
