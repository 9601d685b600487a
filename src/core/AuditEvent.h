#pragma once

#include <QDateTime>
#include <QString>

namespace Care::Core {

// An append-only record of who did what and when (hiding, merging, policy edits...).
struct AuditEvent
{
    qint64 id = 0;
    QDateTime at;
    QString actor;       // agent id, or "system"
    QString action;      // e.g. "conversation.assign", "message.hide"
    QString subjectType; // "conversation", "message", "customer", "policy"
    qint64 subjectId = 0;
    QString detail; // JSON or free text
};

} // namespace Care::Core
