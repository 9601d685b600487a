#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace Care::Core {

// One entry of a conversation's raw event log, the input of every response-time metric
// (metrics.md, "Events"). Metrics are always computed again from these, so a changed business
// calendar or SLA policy applies to history.
//
// Events at the same instant are ordered by `sequence` (the order the store wrote them in);
// events with the same instant and sequence keep the order they are given in.
struct MetricEvent
{
    enum class Kind {
        Inbound,                  // a message from the customer
        PublicReply,              // a public message a person on the team wrote
        PrivateReply,             // a private message (DM) a person on the team wrote
        Note,                     // an internal note: never a response
        AutomaticAcknowledgement, // an auto-reply: never a response
        Assignment,               // the conversation was given to `agentId` (empty: unassigned)
        StatusOpen,               // status changes; "open" after "resolved" is a reopen
        StatusPending,
        StatusSnoozed,
        StatusResolved,
        StatusReopened,
        Disposition, // "no reply needed": the customer stops waiting, without a response
        CsatAnswer,  // the customer rated the conversation: `csatScore` 1 to 5
    };

    QDateTime at;
    Kind kind = Kind::Inbound;
    QString agentId;    // who wrote, assigned, changed the status or set the disposition
    int csatScore = 0;  // CsatAnswer only: 1 (worst) to 5 (best); other values are ignored
    std::optional<qint64> messageId; // the message behind Inbound, replies, notes, auto-replies
    qint64 sequence = 0; // orders events at the same instant

    // A message a person wrote to the customer, public or private: what ends a wait.
    bool isHumanResponse() const { return kind == Kind::PublicReply || kind == Kind::PrivateReply; }
    bool hasValidCsatScore() const { return kind == Kind::CsatAnswer && csatScore >= 1 && csatScore <= 5; }
};

// Stable identifiers for files and the store ("inbound", "public_reply", ...); never translated.
QString metricEventKindId(MetricEvent::Kind kind);
std::optional<MetricEvent::Kind> metricEventKindFromId(const QString &id);

} // namespace Care::Core
