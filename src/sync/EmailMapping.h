#pragma once

#include "core/IncomingMessage.h"
#include "sync/MailMessage.h"

#include <QString>
#include <functional>
#include <optional>

namespace Care::Sync {

// Turns a customer's e-mail into a message of the transcript:
// - the thread: a mail that answers (In-Reply-To) or refers to (References) a message the store
//   already has joins that message's conversation — also when it is a conversation on another
//   channel that was answered by e-mail; otherwise the thread is named after the oldest message it
//   refers to (the root of References), or the mail itself;
// - the customer: the sender's address (lower-cased) is their e-mail identity;
// - the text: subject line, the plain text (HTML converted, remote content never loaded), a list
//   of attachments (never opened), a note when the text was cut.
class EmailMapping
{
public:
    // Where a message the store already has lives.
    struct KnownMail
    {
        QString threadKey;
        qint64 conversationId = 0; // 0: unknown (the thread key alone decides)
        QDateTime createdAt {};    // the known message's time: an answer to it is never shown before it
    };

    struct Context
    {
        qint64 accountId = 0;
        QString ownAddress;  // the support mailbox: its own mail (copies of replies) is not a customer's
        QString fallbackId;  // the message's id when the mail has no usable Message-ID ("imap:<validity>:<uid>")
        QDateTime receivedAt; // the server's arrival time; used when the Date header is missing or absurd
        // The conversation of a message the store already has, by its Message-ID.
        std::function<std::optional<KnownMail>(const QString &messageId)> knownThread;
    };

    // nullopt for mail that is not a customer's (the mailbox's own, or no sender at all).
    static std::optional<Core::IncomingMessage> toIncoming(const ParsedMail &mail, const Context &context);
    static KnownMail thread(const ParsedMail &mail, const Context &context, const QString &platformId);
    static QString transcriptText(const ParsedMail &mail);
};

} // namespace Care::Sync
