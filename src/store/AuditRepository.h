#pragma once

#include "core/AuditEvent.h"
#include "core/Result.h"

#include <QList>

namespace Care::Store {

class Database;

// Append-only: there is no update or delete here, by design.
class AuditRepository
{
public:
    explicit AuditRepository(Database &db) : m_db(db) {}

    Core::Status append(const Core::AuditEvent &event);
    Core::Result<QList<Core::AuditEvent>> forSubject(const QString &subjectType, qint64 subjectId);

private:
    Database &m_db;
};

} // namespace Care::Store
