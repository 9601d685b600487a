#pragma once

#include "core/Result.h"

#include <QStringList>

namespace Care::Store {

class Database;

// Versioned schema with step-by-step migrations. Each step runs in its own transaction and
// records the new version in the same transaction, so a crash leaves a whole version.
class SchemaMigrator
{
public:
    explicit SchemaMigrator(Database &db) : m_db(db) {}

    static int latestVersion();
    // 0 for an empty store; an error for a file that holds tables but is not ours.
    Core::Result<int> currentVersion();
    Core::Status migrate();

private:
    QStringList statementsFor(int version) const;

    Database &m_db;
};

} // namespace Care::Store
