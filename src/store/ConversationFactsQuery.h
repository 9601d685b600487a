#pragma once

#include "core/ConversationCapabilities.h"
#include "core/Result.h"

namespace Care::Store {

class Database;

// Reads what decides a conversation's capabilities (Core::ConversationFacts) from the store, no
// network: the platform, the thread, the customer's latest public message and whether the
// platform lets it be hidden, what is hidden, whether the brand began the X conversation, the
// customer's last message time and the brand's private replies.
class ConversationFactsQuery
{
public:
    explicit ConversationFactsQuery(Database &db) : m_db(db) {}

    // With `messageId`, Hide and Unhide act on that message of the customer's (the command line's
    // --message) instead of the latest; NotFound when it is not the customer's in this conversation.
    Core::Result<Core::ConversationFacts> facts(qint64 conversationId, qint64 messageId = 0);
    // The capabilities at `now` (the store's clock when not given).
    Core::Result<Core::ConversationCapabilities> capabilities(qint64 conversationId, const QDateTime &now = {},
                                                              qint64 messageId = 0);

private:
    Database &m_db;
};

} // namespace Care::Store
