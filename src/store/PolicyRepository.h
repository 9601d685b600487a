#pragma once

#include "core/PolicyDocument.h"
#include "core/Result.h"

#include <QList>

namespace Care::Store {

class Database;

// Policies are versioned: every save keeps the earlier text with who and when.
class PolicyRepository
{
public:
    explicit PolicyRepository(Database &db) : m_db(db) {}

    Core::Result<QList<Core::PolicyDocument>> list();
    // Creates the policy or stores a new version of it; writes an audit event.
    Core::Result<int> save(const Core::PolicyDocument &policy, const QString &editor);

private:
    Database &m_db;
};

} // namespace Care::Store
