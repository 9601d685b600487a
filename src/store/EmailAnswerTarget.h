#pragma once

#include "core/Account.h"
#include "core/Result.h"

#include <QString>

namespace Care::Store {

class Database;

// Where an answer by e-mail to a conversation from any platform goes, when the customer prefers
// e-mail: their address (the contact they gave with the preference, else an e-mail address they
// wrote from), the subject (naming the conversation's channel and account) and the mail thread it
// continues — the newest mail of this conversation's earlier e-mail answers and the customer's
// e-mails answering them — so a second answer is threaded with the first. The subject is in the
// customer's language where the console knows it and speaks it.
struct EmailAnswerTarget
{
    QString address; // empty: the customer does not prefer e-mail, or gave no address
    QString replyTo; // Message-ID to answer; empty: a new thread
    QString subject;
    QString language; // the subject's: the customer's or the account's ("de"…); empty: the interface's

    // The address alone (what the composer needs to offer the answer); empty when not offered.
    static Core::Result<QString> preferredAddress(Database &db, qint64 customerId);
    static Core::Result<EmailAnswerTarget> forConversation(Database &db, qint64 conversationId, qint64 emailAccountId);
    // Whether the customer's newest message in this conversation came by e-mail (a reply to an
    // answer by e-mail from a conversation on another channel): then the answer goes by e-mail too.
    static Core::Result<bool> customerWroteByEmail(Database &db, qint64 conversationId);
    // The language to write to this conversation's customer in: the one detected most often in
    // their latest 20 messages here when the console speaks it, else the conversation's account's
    // ("language" in its settings), else the mailbox's; empty: the interface's.
    static Core::Result<QString> subjectLanguage(Database &db, qint64 conversationId, const Core::Account &account,
                                                 qint64 emailAccountId);
};

} // namespace Care::Store
