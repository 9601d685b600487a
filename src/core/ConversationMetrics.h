#pragma once

#include "core/BusinessCalendar.h"
#include "core/MetricEvent.h"
#include "core/SlaEvent.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace Care::Core {

// Response-time figures of one conversation, computed from its raw event log (metrics.md).
// Definitions, in the words the product shows in its info buttons:
//
// Cycle: a conversation's life from when it is created (its first event) or reopened until
//   it is resolved. A reopen starts a new cycle with fresh figures. A conversation is reopened
//   by the status "reopened", by the status "open" while resolved, or by a new customer message
//   after it was resolved.
//
// First response time: from the customer's first message in a cycle to the first message a
//   person on the team sent the customer (public reply or private message). Internal notes and
//   automatic acknowledgements are not responses. If the conversation is marked "no reply
//   needed", or resolved, before anyone replied, the clock stops without a response: that
//   cycle has no first response time and is counted as "ended without response" instead.
//
// Next response time: each later customer message that arrives while the customer is not
//   already waiting for us starts a new clock, which stops at the next message a person on the
//   team sends. Messages the customer adds while already waiting do not start a clock of their
//   own (their wait is already being counted). "No reply needed" and resolving stop it without
//   a response, as for the first response.
//
// Customer waiting time: how long the customer waited for an answer: from the first
//   unanswered customer message to the answer, added up over the conversation (and over each
//   cycle). These are exactly the first and next response times added together. Waits that
//   ended without a response are left out; a wait still open at "now" is reported on its own
//   as "still waiting" and never mixed into the finished figures.
//
// Resolution time: from the start of the cycle (creation or reopen) to "resolved". A reopened
//   conversation gets a second resolution time for its new cycle; the first one never grows.
//
// Staffed hours: every duration is given twice, in wall-clock seconds (every real second,
//   daylight-saving changes included) and in staffed seconds (only the seconds within the
//   team calendar's opening hours: split shifts, overnight ranges and holidays respected).
//
// Satisfaction (CSAT): the latest answer (1 to 5) the customer gave during a cycle, including
//   after it was resolved and before any reopen.
//
// Volume: per cycle, the customer messages, the messages people on the team sent (public and
//   private), the automatic acknowledgements and the internal notes.
//
// Pending and snoozed statuses and assignments do not change these figures: they count the
// customer's real wait. Pausing in pending is an SLA policy choice, applied by SlaClock (see
// slaEvents()).
class ConversationMetrics
{
public:
    struct Duration
    {
        qint64 wallClockSeconds = 0;
        qint64 staffedSeconds = 0;

        Duration &operator+=(const Duration &other)
        {
            wallClockSeconds += other.wallClockSeconds;
            staffedSeconds += other.staffedSeconds;
            return *this;
        }
        friend bool operator==(const Duration &a, const Duration &b)
        {
            return a.wallClockSeconds == b.wallClockSeconds && a.staffedSeconds == b.staffedSeconds;
        }
        friend bool operator!=(const Duration &a, const Duration &b) { return !(a == b); }
    };

    enum class Outcome {
        Answered,             // a person on the team replied
        EndedWithoutResponse, // "no reply needed" or resolved before anyone replied
        StillWaiting,         // no answer yet at `now`
    };

    // One wait of the customer: the first response of a cycle or one next response.
    struct Response
    {
        QDateTime inboundAt; // the customer message that started the wait (UTC)
        std::optional<qint64> inboundMessageId;
        QDateTime endedAt; // the answer, or what ended the wait without one; invalid while waiting
        std::optional<qint64> responseMessageId; // Answered only
        Outcome outcome = Outcome::StillWaiting;
        // Answered: who replied. Ended without response: who set "no reply needed" or resolved
        // (may be empty). Still waiting: empty.
        QString agentId;
        // inboundAt to endedAt; while still waiting, inboundAt to `now` (zero without a `now`).
        Duration duration;
        // Ended by a disposition ("no reply needed") rather than by resolving.
        bool endedByDisposition = false;

        bool answered() const { return outcome == Outcome::Answered; }
        bool endedWithoutResponse() const { return outcome == Outcome::EndedWithoutResponse; }
        bool stillWaiting() const { return outcome == Outcome::StillWaiting; }
    };

    struct Cycle
    {
        int index = 0;        // 0 for the first cycle; each reopen starts the next
        QDateTime startedAt;  // creation or reopen (UTC)
        QDateTime firstInboundAt; // invalid when the customer wrote nothing in this cycle
        std::optional<Response> firstResponse; // empty when the customer wrote nothing
        QList<Response> nextResponses;         // in order, any outcome
        QDateTime resolvedAt;                  // invalid while not resolved
        std::optional<Duration> resolution;    // startedAt to resolvedAt
        std::optional<Duration> unresolvedFor; // not resolved: startedAt to `now` (no `now`: empty)
        Duration waiting;                      // answered waits (first and next responses) added up
        std::optional<Duration> stillWaiting;  // the open wait up to `now`
        std::optional<int> csatScore;          // the latest valid answer in this cycle
        QDateTime csatAt;
        int inboundCount = 0;
        int humanOutboundCount = 0; // public replies and private messages by people
        int automaticCount = 0;     // automatic acknowledgements
        int noteCount = 0;

        bool isResolved() const { return resolvedAt.isValid(); }
        // The first-response clock stopped without a response (metrics.md: reported separately).
        bool endedWithoutResponse() const { return firstResponse && firstResponse->endedWithoutResponse(); }
        // Who answered the customer first in this cycle; empty when nobody did.
        QString respondingAgent() const
        {
            return firstResponse && firstResponse->answered() ? firstResponse->agentId : QString();
        }
        // The day the cycle counts for in charts: its first customer message, or its start
        // when the customer wrote nothing.
        QDateTime bucketInstant() const { return firstInboundAt.isValid() ? firstInboundAt : startedAt; }
    };

    QDateTime computedAt; // `now` (UTC); invalid when computed without one
    QList<Cycle> cycles;

    bool isEmpty() const { return cycles.isEmpty(); }
    // Customer waiting time of the whole conversation: the answered waits of all cycles.
    Duration waitingTime() const;
    // The wait still open at `now` (only the latest cycle can have one).
    std::optional<Duration> stillWaiting() const;
    int inboundCount() const;
    int humanOutboundCount() const;
    int automaticCount() const;
    int noteCount() const;

    // Computes the figures from `events` (any order) and the team calendar. Events without a
    // time and events after `now` are ignored; still-waiting time runs to `now`. An invalid
    // `now` uses every event and measures no still-waiting time (open waits keep a zero
    // duration and stillWaiting stays empty).
    static ConversationMetrics compute(QList<MetricEvent> events, const BusinessCalendar &calendar,
                                       const QDateTime &now);

    // `events` ordered as the metrics read them: by time, then by sequence, otherwise as given.
    static QList<MetricEvent> ordered(QList<MetricEvent> events);

    // The same log for SlaClock, ordered as above, so that its cycles and clocks line up with
    // these figures: replies become HumanResponse; "open" while resolved becomes Reopened;
    // snoozed becomes Open (snoozing is the team's choice, so it never pauses an SLA clock);
    // assignments and CSAT answers become Note, which marks time without effect. Events without
    // a time are dropped.
    static QList<SlaEvent> slaEvents(QList<MetricEvent> events);
};

} // namespace Care::Core
