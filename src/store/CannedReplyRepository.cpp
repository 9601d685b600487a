#include "store/CannedReplyRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

Core::Status CannedReplyRepository::upsert(const Core::CannedReply &reply)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO canned_replies (shortcode, title, body, tags, updated_at) "
                             "VALUES (:code, :title, :body, :tags, :at) ON CONFLICT (shortcode) DO UPDATE SET "
                             "title = excluded.title, body = excluded.body, tags = excluded.tags, "
                             "updated_at = excluded.updated_at"));
    q.bindValue(QStringLiteral(":code"), text(reply.shortcode));
    q.bindValue(QStringLiteral(":title"), text(reply.title));
    q.bindValue(QStringLiteral(":body"), text(reply.body));
    q.bindValue(QStringLiteral(":tags"), text(tagsToDb(reply.tags)));
    q.bindValue(QStringLiteral(":at"), nowMs());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("upsert canned reply"));
    return {};
}

Core::Result<QList<Core::CannedReply>> CannedReplyRepository::list()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, shortcode, title, body, tags, updated_at FROM canned_replies "
                               "ORDER BY title")))
        return m_db.queryError(q, QStringLiteral("list canned replies"));
    QList<Core::CannedReply> out;
    while (q.next()) {
        Core::CannedReply r;
        r.id = q.value(0).toLongLong();
        r.shortcode = q.value(1).toString();
        r.title = q.value(2).toString();
        r.body = q.value(3).toString();
        r.tags = tagsFromDb(q.value(4).toString());
        r.updatedAt = timeFromDb(q.value(5));
        out << r;
    }
    return out;
}

} // namespace Care::Store
