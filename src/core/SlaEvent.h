#pragma once

#include <QDateTime>

namespace Care::Core {

// One entry of a conversation's timeline, as far as SLA clocks care. The store derives these
// from messages and status changes; the clocks are recomputed from them whenever the policy
// or the calendar changes.
struct SlaEvent
{
    enum class Kind {
        Inbound,                  // a message from the customer
        HumanResponse,            // an outbound message a person wrote (public or private)
        AutomaticAcknowledgement, // an auto-reply: never a response
        Note,                     // an internal note: never a response
        NoReplyNeeded,            // disposition: the customer stops waiting, without a response
        Pending,                  // status: waiting on the customer
        Open,                     // status: back with the team
        Resolved,
        Reopened,
    };

    QDateTime at;
    Kind kind = Kind::Inbound;
};

} // namespace Care::Core
