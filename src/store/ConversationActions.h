#pragma once

#include "core/Account.h"
#include "core/Conversation.h"
#include "core/Message.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <functional>

namespace Care::Store {

class Database;

// Why an inbound message needs no reply. Every inbound message ends answered or dispositioned.
enum class DispositionReason { Spam, PraiseAcknowledged, AnsweredElsewhere, MonitoredOnly };
QString dispositionReasonId(DispositionReason reason);

// What agents do to conversations, each as one transaction that also writes the event log
// the metrics are computed from.
class ConversationActions
{
public:
    ConversationActions(Database &db, QString agentId) : m_db(db), m_agentId(std::move(agentId)) {}

    // Takes an unassigned conversation. Atomic: when two agents claim at once, one wins; the
    // other gets Code::Conflict with the winner's name in the message.
    Core::Status claim(qint64 conversationId);
    // Assigns to a colleague (or to nobody with an empty id), with an optional hand-off note
    // that becomes an internal note in the transcript.
    Core::Status assign(qint64 conversationId, const QString &agentId, const QString &handoffNote);
    // Going off shift: hands every open (or snoozed) conversation assigned to this agent to a
    // colleague, or to the team (unassigned) with an empty id, each with the note. One
    // transaction. Returns how many were handed off.
    Core::Result<int> handOffAll(const QString &toAgentId, const QString &note);
    // The conversations a hand-off gives away: assigned to this agent and not resolved.
    Core::Result<QList<qint64>> ownOpenConversations();
    Core::Status setStatus(qint64 conversationId, Core::ConversationStatus status, const QDateTime &snoozedUntil = {});
    Core::Status setTags(qint64 conversationId, const QStringList &tags);
    // "No reply needed": ends the customer's wait without a response (reported separately).
    Core::Status dispose(qint64 conversationId, DispositionReason reason, const QString &note);
    // Hides the customer's latest visible public message (or `messageId`, one of the customer's
    // messages in this conversation) from public view (on the platform too where it allows it).
    // Needs a reason; written to the audit log with who and when. Returns the message id.
    // The console and the command line ask ConversationFactsQuery first and offer it only where allowed.
    Core::Result<qint64> hideInbound(qint64 conversationId, const QString &reason, qint64 messageId = 0);
    // Shows the customer's most recently hidden message (or `messageId`) again: in the console at
    // once, on the platform through the outbox (exactly once) when it was hidden there; audited.
    // Returns the message id.
    Core::Result<qint64> unhideInbound(qint64 conversationId, qint64 messageId = 0);
    // Writes an internal note (never sent).
    Core::Result<qint64> addNote(qint64 conversationId, const QString &text);
    // Stores a reply for delivery: written before any network call, shown as queued until a
    // connector delivers it. Returns the message id.
    Core::Result<qint64> queueReply(qint64 conversationId, Core::Visibility visibility, const QString &text);
    // An escalation: the conversation's transcript (TranscriptMail) goes by e-mail to `address`
    // through the e-mail account `emailAccountId`, via the outbox (exactly once); the conversation
    // gets an internal note that says so and shows the delivery. Returns the note's message id.
    // `pdf` (optional) renders the transcript's text as a PDF, attached beside the text.
    using PdfRenderer = std::function<QByteArray(const QString &title, const QString &text)>;
    Core::Result<qint64> queueTranscript(qint64 conversationId, qint64 emailAccountId, const QString &address,
                                         const PdfRenderer &pdf = {});
    // Answers a conversation from any platform by e-mail, because the customer prefers it
    // (EmailAnswerTarget): the reply goes through the outbox and the e-mail account
    // `emailAccountId` to the customer's address, threaded with this conversation's earlier e-mail
    // answers, and shows in this conversation's transcript as sent by e-mail. Returns the message id.
    Core::Result<qint64> queueEmailAnswer(qint64 conversationId, qint64 emailAccountId, const QString &text);

private:
    Core::Status addEvent(qint64 conversationId, const QString &kind, const QString &detail);
    Core::Status queueHide(qint64 conversationId, qint64 messageId);
    Core::Result<qint64> newestMessageId(qint64 conversationId);
    Core::Result<Core::Account> emailAccount(qint64 accountId);
    Core::Status auditMessage(const QString &action, qint64 messageId, const QString &detail);
    Core::Result<qint64> insertOwnMessage(qint64 conversationId, Core::Direction direction, Core::Visibility visibility,
                                          const QString &text, Core::DeliveryState state);

    Database &m_db;
    QString m_agentId;
};

} // namespace Care::Store
