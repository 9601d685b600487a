#pragma once

#include "core/Result.h"

#include <QString>

namespace Care::Store {

class Database;

// A conversation's transcript as a readable plain-text e-mail for a colleague or department
// (an escalation): who the customer is and where they wrote from, then every message of the
// customer's history across channels and merged identities, oldest first, times in UTC — so
// nobody has to ask the customer to repeat themselves.
class TranscriptMail
{
public:
    static constexpr int kMaxMessages = 2000;

    static Core::Result<QString> text(Database &db, qint64 conversationId, const QString &sentBy);
    // The same history for `careconsole conversation show`: each message with its number (for
    // `conversation hide --message`), without the e-mail's covering lines.
    static Core::Result<QString> listing(Database &db, qint64 conversationId);

private:
    static Core::Result<QString> compose(Database &db, qint64 conversationId, const QString &sentBy, bool listing);
};

} // namespace Care::Store
