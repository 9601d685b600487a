#include "store/MessageInsertBuffer.h"

#include "store/Database.h"

#include <QSqlQuery>

namespace Care::Store {

const QStringList &MessageInsertBuffer::columns()
{
    static const QStringList names {
        QStringLiteral("conversation_id"), QStringLiteral("account_id"), QStringLiteral("platform_message_id"),
        QStringLiteral("platform_parent_id"), QStringLiteral("direction"), QStringLiteral("visibility"),
        QStringLiteral("author_name"), QStringLiteral("author_handle"), QStringLiteral("agent_id"),
        QStringLiteral("body"), QStringLiteral("search_text"), QStringLiteral("created_at"),
        QStringLiteral("edited_at"), QStringLiteral("deleted_at"), QStringLiteral("delivery_state"),
        QStringLiteral("automatic"), QStringLiteral("urgency"), QStringLiteral("triage_reasons"),
        QStringLiteral("language"), QStringLiteral("can_hide"),
    };
    return names;
}

Core::Status MessageInsertBuffer::add(qint64 accountId, const QString &platformMessageId, QVariantList row)
{
    Q_ASSERT(row.size() == columns().size());
    if (m_rows.size() >= kMaxRows) {
        if (Core::Status s = flush(); !s)
            return s;
    }
    m_rows << std::move(row);
    m_keys.insert(qMakePair(accountId, platformMessageId));
    return {};
}

Core::Status MessageInsertBuffer::flush()
{
    if (m_rows.isEmpty())
        return {};
    // One statement per row count (at most kMaxRows of them), prepared once per connection.
    const qsizetype width = columns().size();
    QString one = QStringLiteral("(?");
    for (qsizetype c = 1; c < width; ++c)
        one += QStringLiteral(",?");
    one += QLatin1Char(')');
    QStringList values;
    for (qsizetype r = 0; r < m_rows.size(); ++r)
        values << one;
    auto prepared = m_db.cachedQuery(QStringLiteral("INSERT INTO messages (") + columns().join(QLatin1Char(','))
                                     + QStringLiteral(") VALUES ") + values.join(QLatin1Char(',')));
    if (!prepared)
        return prepared.error();
    QSqlQuery &insert = *prepared.value();
    int position = 0;
    for (const QVariantList &row : std::as_const(m_rows)) {
        for (const QVariant &value : row)
            insert.bindValue(position++, value);
    }
    if (!insert.exec())
        return m_db.queryError(insert, QStringLiteral("insert message"));
    m_rows.clear();
    m_keys.clear();
    return {};
}

} // namespace Care::Store
