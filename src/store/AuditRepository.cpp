#include "store/AuditRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

Core::Status AuditRepository::append(const Core::AuditEvent &event)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO audit_events (at, actor, action, subject_type, subject_id, detail) "
                             "VALUES (:at, :actor, :action, :type, :subject, :detail)"));
    q.bindValue(QStringLiteral(":at"), event.at.isValid() ? event.at.toMSecsSinceEpoch() : nowMs());
    q.bindValue(QStringLiteral(":actor"), text(event.actor));
    q.bindValue(QStringLiteral(":action"), text(event.action));
    q.bindValue(QStringLiteral(":type"), text(event.subjectType));
    q.bindValue(QStringLiteral(":subject"), event.subjectId);
    q.bindValue(QStringLiteral(":detail"), text(event.detail));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("append audit event"));
    return {};
}

Core::Result<QList<Core::AuditEvent>> AuditRepository::forSubject(const QString &subjectType, qint64 subjectId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, at, actor, action, subject_type, subject_id, detail FROM audit_events "
                             "WHERE subject_type = :type AND subject_id = :id ORDER BY at, id"));
    q.bindValue(QStringLiteral(":type"), text(subjectType));
    q.bindValue(QStringLiteral(":id"), subjectId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("audit events"));
    QList<Core::AuditEvent> out;
    while (q.next()) {
        out << Core::AuditEvent{q.value(0).toLongLong(), timeFromDb(q.value(1)), q.value(2).toString(),
                                q.value(3).toString(), q.value(4).toString(), q.value(5).toLongLong(),
                                q.value(6).toString()};
    }
    return out;
}

} // namespace Care::Store
