#pragma once

#include "core/Agent.h"
#include "core/Result.h"

#include <QList>
#include <QStringList>

namespace Care::Store {

class Database;

class AgentRepository
{
public:
    explicit AgentRepository(Database &db) : m_db(db) {}

    Core::Status upsert(const Core::Agent &agent);
    Core::Result<QList<Core::Agent>> list();
    // The teams agents work in, by name (agents without a team are in none).
    Core::Result<QStringList> teams();

private:
    Database &m_db;
};

} // namespace Care::Store
