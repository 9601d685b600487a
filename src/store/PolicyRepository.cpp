#include "store/PolicyRepository.h"

#include "store/AuditRepository.h"
#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

namespace {

QString valuesToDb(const QMap<QString, QString> &values)
{
    QStringList pairs;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value();
    return pairs.join(QLatin1Char('\n'));
}

QMap<QString, QString> valuesFromDb(const QString &text)
{
    QMap<QString, QString> values;
    for (const QString &line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            values.insert(line.left(eq), line.mid(eq + 1));
    }
    return values;
}

} // namespace

Core::Result<QList<Core::PolicyDocument>> PolicyRepository::list()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, slug, title, tags, policy_values, body, version, updated_by, updated_at "
                               "FROM policies ORDER BY title")))
        return m_db.queryError(q, QStringLiteral("list policies"));
    QList<Core::PolicyDocument> out;
    while (q.next()) {
        Core::PolicyDocument p;
        p.id = q.value(0).toLongLong();
        p.slug = q.value(1).toString();
        p.title = q.value(2).toString();
        p.tags = tagsFromDb(q.value(3).toString());
        p.values = valuesFromDb(q.value(4).toString());
        p.body = q.value(5).toString();
        p.version = q.value(6).toInt();
        p.updatedBy = q.value(7).toString();
        p.updatedAt = timeFromDb(q.value(8));
        out << p;
    }
    return out;
}

Core::Result<int> PolicyRepository::save(const Core::PolicyDocument &policy, const QString &editor)
{
    Core::Result<int> version = 0;
    const Core::Status status = m_db.transaction([&]() -> Core::Status {
        QSqlQuery find(m_db.connection());
        find.prepare(QStringLiteral("SELECT id, version, title, body, updated_by, updated_at FROM policies "
                                    "WHERE slug = :slug"));
        find.bindValue(QStringLiteral(":slug"), text(policy.slug));
        if (!find.exec())
            return m_db.queryError(find, QStringLiteral("find policy"));
        const qint64 now = nowMs();
        qint64 policyId = 0;
        if (find.next()) {
            policyId = find.value(0).toLongLong();
            const int oldVersion = find.value(1).toInt();
            QSqlQuery keep(m_db.connection());
            keep.prepare(QStringLiteral("INSERT INTO policy_revisions (policy_id, version, title, body, updated_by, "
                                        "updated_at) VALUES (:id, :version, :title, :body, :by, :at)"));
            keep.bindValue(QStringLiteral(":id"), policyId);
            keep.bindValue(QStringLiteral(":version"), oldVersion);
            keep.bindValue(QStringLiteral(":title"), find.value(2));
            keep.bindValue(QStringLiteral(":body"), find.value(3));
            keep.bindValue(QStringLiteral(":by"), find.value(4));
            keep.bindValue(QStringLiteral(":at"), find.value(5));
            if (!keep.exec())
                return m_db.queryError(keep, QStringLiteral("keep policy revision"));
            QSqlQuery update(m_db.connection());
            update.prepare(QStringLiteral("UPDATE policies SET title = :title, tags = :tags, policy_values = :values, "
                                          "body = :body, version = :version, updated_by = :by, updated_at = :at "
                                          "WHERE id = :id"));
            update.bindValue(QStringLiteral(":title"), text(policy.title));
            update.bindValue(QStringLiteral(":tags"), text(tagsToDb(policy.tags)));
            update.bindValue(QStringLiteral(":values"), text(valuesToDb(policy.values)));
            update.bindValue(QStringLiteral(":body"), text(policy.body));
            update.bindValue(QStringLiteral(":version"), oldVersion + 1);
            update.bindValue(QStringLiteral(":by"), text(editor));
            update.bindValue(QStringLiteral(":at"), now);
            update.bindValue(QStringLiteral(":id"), policyId);
            if (!update.exec())
                return m_db.queryError(update, QStringLiteral("update policy"));
            version = oldVersion + 1;
        } else {
            QSqlQuery insert(m_db.connection());
            insert.prepare(QStringLiteral("INSERT INTO policies (slug, title, tags, policy_values, body, version, "
                                          "updated_by, updated_at) VALUES (:slug, :title, :tags, :values, :body, 1, "
                                          ":by, :at) RETURNING id"));
            insert.bindValue(QStringLiteral(":slug"), text(policy.slug));
            insert.bindValue(QStringLiteral(":title"), text(policy.title));
            insert.bindValue(QStringLiteral(":tags"), text(tagsToDb(policy.tags)));
            insert.bindValue(QStringLiteral(":values"), text(valuesToDb(policy.values)));
            insert.bindValue(QStringLiteral(":body"), text(policy.body));
            insert.bindValue(QStringLiteral(":by"), text(editor));
            insert.bindValue(QStringLiteral(":at"), now);
            if (!insert.exec() || !insert.next())
                return m_db.queryError(insert, QStringLiteral("insert policy"));
            policyId = insert.value(0).toLongLong();
            version = 1;
        }
        Core::AuditEvent event;
        event.actor = editor;
        event.action = QStringLiteral("policy.save");
        event.subjectType = QStringLiteral("policy");
        event.subjectId = policyId;
        event.detail = policy.slug + QStringLiteral(" v") + QString::number(version.value());
        return AuditRepository(m_db).append(event);
    });
    if (!status)
        return status.error();
    return version;
}

} // namespace Care::Store
