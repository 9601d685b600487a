#pragma once

#include "core/Result.h"

#include <QString>
#include <optional>

namespace Care::Store {

class Database;

// What an agent has typed for a conversation and not sent yet. Saved as they type, so a
// crash or restart loses nothing.
struct Draft
{
    QString mode; // "public", "private" or "note"
    QString body;
};

class DraftRepository
{
public:
    explicit DraftRepository(Database &db) : m_db(db) {}

    Core::Status save(qint64 conversationId, const QString &agentId, const Draft &draft);
    Core::Result<std::optional<Draft>> load(qint64 conversationId, const QString &agentId);
    Core::Status remove(qint64 conversationId, const QString &agentId);

private:
    Database &m_db;
};

} // namespace Care::Store
