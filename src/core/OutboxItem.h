#pragma once

#include "core/Message.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <optional>

namespace Care::Core {

// What an outbox item asks the platform to do. Transcript: a conversation's transcript sent by
// e-mail to a colleague or department (`recipient`), through an e-mail account. EmailAnswer: an
// answer to a conversation from any platform, sent by e-mail to the customer's address
// (`recipient`) through an e-mail account, because the customer prefers e-mail. Unhide: show a
// hidden comment again (`replyTo`); the item belongs to the note that records it.
enum class OutboxKind { PublicReply, PrivateMessage, Hide, Transcript, EmailAnswer, Unhide };
QString outboxKindId(OutboxKind kind);
std::optional<OutboxKind> outboxKindFromId(const QString &id);
// Hide and Unhide post nothing: they change whether a customer's message is seen.
inline bool isModeration(OutboxKind kind)
{
    return kind == OutboxKind::Hide || kind == OutboxKind::Unhide;
}

// One outgoing action, written to the store before any network call and delivered exactly
// once. The idempotency key is chosen when the item is queued and kept across retries and
// restarts.
struct OutboxItem
{
    qint64 id = 0;
    qint64 messageId = 0; // the brand's message in the transcript that this item delivers
    qint64 accountId = 0;
    qint64 conversationId = 0;
    OutboxKind kind = OutboxKind::PublicReply;
    QString replyTo;   // platform id of the message answered (public reply) or hidden
    QString recipient; // handle of the customer (private message)
    QString body;      // the text as the agent wrote it
    QString subject;   // an e-mail's subject (EmailAnswer); empty: the connector's own
    QString attachmentName; // an e-mail's one attachment (a transcript's PDF), empty: none
    QByteArray attachment;
    QString idempotencyKey;
    DeliveryState state = DeliveryState::Queued;
    int attempts = 0;
    QString platformId; // the platform's id once sent
    QString error;      // why it failed or is held, in words for the agent
    qint64 seenMessageId = 0; // newest message in the conversation when the reply was queued
    bool confirmed = false;   // the agent confirmed it despite newer messages
    QDateTime nextAttemptAt;
    QDateTime createdAt;
    QDateTime updatedAt;
};

} // namespace Care::Core
