#pragma once

#include "core/Result.h"

#include <QString>

namespace Care::Store {

class Database;

// Where an answer by e-mail to a conversation from any platform goes, when the customer prefers
// e-mail: their address (the contact they gave with the preference, else an e-mail address they
// wrote from), the subject (naming the conversation's channel and account) and the mail thread it
// continues — the newest mail of this conversation's earlier e-mail answers and the customer's
// e-mails answering them — so a second answer is threaded with the first.
struct EmailAnswerTarget
{
    QString address; // empty: the customer does not prefer e-mail, or gave no address
    QString replyTo; // Message-ID to answer; empty: a new thread
    QString subject;

    // The address alone (what the composer needs to offer the answer); empty when not offered.
    static Core::Result<QString> preferredAddress(Database &db, qint64 customerId);
    static Core::Result<EmailAnswerTarget> forConversation(Database &db, qint64 conversationId, qint64 emailAccountId);
};

} // namespace Care::Store
