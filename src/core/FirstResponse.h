#pragma once

#include "core/Message.h"

#include <QDateTime>
#include <QList>
#include <optional>

namespace Care::Core {

// First response time of a conversation's first cycle, as metrics.md defines it: the first
// human outbound message (public or private) after the first inbound message, minus that
// inbound message. Internal notes and automatic acknowledgements never count.
struct FirstResponse
{
    QDateTime firstInboundAt;
    QDateTime respondedAt; // invalid while the customer is still waiting
    QString respondingAgent;

    bool answered() const { return respondedAt.isValid(); }
    qint64 seconds() const { return firstInboundAt.secsTo(respondedAt); }

    // `messages` in any order.
    static std::optional<FirstResponse> compute(QList<Message> messages);
};

} // namespace Care::Core
