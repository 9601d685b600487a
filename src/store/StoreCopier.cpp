#include "store/StoreCopier.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QSqlRecord>

namespace Care::Store {

using Core::Error;

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::StoreCopier)
};

constexpr int kBatch = 1000;
constexpr int kSampledMessages = 50;

// Tables whose rows are keyed by an integer `id` (checked id by id after the copy).
bool keyedById(const QString &table)
{
    static const QStringList withoutId{QStringLiteral("drafts"), QStringLiteral("workspace_settings"),
                                       QStringLiteral("sync_cursors"), QStringLiteral("account_status"),
                                       QStringLiteral("presence"), QStringLiteral("agents")};
    return !withoutId.contains(table);
}

QString idList(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QLatin1Char(','));
}

} // namespace

QStringList StoreCopier::tables()
{
    return {QStringLiteral("agents"),          QStringLiteral("accounts"),
            QStringLiteral("customers"),       QStringLiteral("customer_identities"),
            QStringLiteral("conversations"),   QStringLiteral("messages"),
            QStringLiteral("message_revisions"), QStringLiteral("policies"),
            QStringLiteral("policy_revisions"), QStringLiteral("canned_replies"),
            QStringLiteral("audit_events"),    QStringLiteral("drafts"),
            QStringLiteral("dispositions"),    QStringLiteral("conversation_events"),
            QStringLiteral("workspace_settings"), QStringLiteral("sync_cursors"),
            QStringLiteral("account_status"),  QStringLiteral("outbox"),
            QStringLiteral("scheduled_posts"), QStringLiteral("presence")};
}

Core::Result<QStringList> StoreCopier::columns(Database &db, const QString &table) const
{
    QSqlQuery q(db.connection());
    QString sql;
    if (db.isPostgres()) {
        // Generated columns (the full-text vector) are computed by the target itself.
        sql = QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                             "AND table_name = '%1' AND is_generated = 'NEVER' ORDER BY ordinal_position")
                  .arg(table);
    } else {
        sql = QStringLiteral("SELECT name FROM pragma_table_info('%1') ORDER BY cid").arg(table);
    }
    if (!q.exec(sql))
        return db.queryError(q, sql);
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

Core::Result<StoreCopier::TableReport> StoreCopier::copyTable(const QString &table)
{
    TableReport report;
    report.table = table;
    auto sourceColumns = columns(m_source, table);
    if (!sourceColumns)
        return sourceColumns.error();
    auto targetColumns = columns(m_target, table);
    if (!targetColumns)
        return targetColumns.error();
    QStringList shared;
    for (const QString &c : sourceColumns.value()) {
        if (targetColumns->contains(c))
            shared << c;
    }
    if (shared.isEmpty())
        return Error::make(Error::Code::InvalidInput, Strings::tr("The table %1 is missing from one of the stores.").arg(table),
                           Strings::tr("Open both stores with this version of Care Console once, so both are up to date."));
    QSqlQuery total(m_source.connection());
    if (!total.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !total.next())
        return m_source.queryError(total, table);
    report.sourceRows = total.value(0).toLongLong();

    QSqlQuery read(m_source.connection());
    read.setForwardOnly(true);
    if (!read.exec(QStringLiteral("SELECT %1 FROM %2").arg(shared.join(QStringLiteral(", ")), table)))
        return m_source.queryError(read, table);
    QStringList placeholders;
    for (qsizetype i = 0; i < shared.size(); ++i)
        placeholders << QStringLiteral("?");
    const QString insertSql = QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT DO NOTHING")
                                  .arg(table, shared.join(QStringLiteral(", ")), placeholders.join(QStringLiteral(", ")));
    qint64 done = 0;
    bool more = read.next();
    while (more) {
        Core::Status batch = m_target.transaction([&]() -> Core::Status {
            QSqlQuery insert(m_target.connection());
            if (!insert.prepare(insertSql))
                return m_target.queryError(insert, insertSql);
            for (int n = 0; n < kBatch && more; ++n) {
                for (int i = 0; i < shared.size(); ++i) {
                    const QVariant value = read.value(i);
                    // A NULL stays NULL; '' must not become NULL on the way (Qt binds a null QString as NULL).
                    if (value.isNull())
                        insert.bindValue(i, value);
                    else if (value.typeId() == QMetaType::QString)
                        insert.bindValue(i, text(value.toString()));
                    else
                        insert.bindValue(i, value);
                }
                if (!insert.exec())
                    return m_target.queryError(insert, table);
                report.copied += insert.numRowsAffected() > 0 ? 1 : 0;
                ++done;
                more = read.next();
            }
            return {};
        });
        if (!batch)
            return batch.error();
        if (m_progress)
            m_progress(table, done, report.sourceRows);
    }
    // Ids given explicitly leave the target's identity sequence behind: move it past them.
    if (m_target.isPostgres() && keyedById(table)) {
        const QString sql = QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), "
                                           "(SELECT coalesce(max(id), 0) + 1 FROM %1), false)")
                                .arg(table);
        if (Core::Status s = m_target.exec(sql); !s)
            return s.error();
    }
    QSqlQuery after(m_target.connection());
    if (!after.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !after.next())
        return m_target.queryError(after, table);
    report.targetRows = after.value(0).toLongLong();
    return report;
}

Core::Status StoreCopier::verify(Report &report)
{
    for (const TableReport &t : std::as_const(report.tables)) {
        if (t.targetRows < t.sourceRows)
            return Error::make(Error::Code::QueryFailed,
                               Strings::tr("The copy is incomplete: %1 has %2 rows in the workspace but %3 in the team database.")
                                   .arg(t.table)
                                   .arg(t.sourceRows)
                                   .arg(t.targetRows),
                               Strings::tr("Run the same command again; it continues where it stopped."));
        if (!keyedById(t.table))
            continue;
        QSqlQuery ids(m_source.connection());
        ids.setForwardOnly(true);
        if (!ids.exec(QStringLiteral("SELECT id FROM ") + t.table))
            return m_source.queryError(ids, t.table);
        bool more = ids.next();
        while (more) {
            QList<qint64> chunk;
            for (int n = 0; n < kBatch && more; ++n, more = ids.next())
                chunk << ids.value(0).toLongLong();
            QSqlQuery found(m_target.connection());
            if (!found.exec(QStringLiteral("SELECT count(*) FROM %1 WHERE id IN (%2)").arg(t.table, idList(chunk)))
                || !found.next())
                return m_target.queryError(found, t.table);
            if (found.value(0).toLongLong() != chunk.size())
                return Error::make(Error::Code::QueryFailed,
                                   Strings::tr("Rows of %1 are missing from the team database after the copy.").arg(t.table),
                                   Strings::tr("Run the same command again; it continues where it stopped."));
        }
    }
    // A sample of messages, field by field.
    QSqlQuery sample(m_source.connection());
    if (!sample.exec(QStringLiteral("SELECT id, conversation_id, direction, body, created_at FROM messages "
                                    "WHERE id % (SELECT max(1, count(*) / %1) FROM messages) = 0 LIMIT %1")
                         .arg(kSampledMessages)))
        return m_source.queryError(sample, QStringLiteral("sample messages"));
    while (sample.next()) {
        QSqlQuery same(m_target.connection());
        same.prepare(QStringLiteral("SELECT conversation_id, direction, body, created_at FROM messages WHERE id = :id"));
        same.bindValue(QStringLiteral(":id"), sample.value(0));
        if (!same.exec())
            return m_target.queryError(same, QStringLiteral("compare messages"));
        if (!same.next() || same.value(0).toLongLong() != sample.value(1).toLongLong()
            || same.value(1).toString() != sample.value(2).toString() || same.value(2).toString() != sample.value(3).toString()
            || same.value(3).toLongLong() != sample.value(4).toLongLong())
            return Error::make(Error::Code::QueryFailed,
                               Strings::tr("Message %1 differs between the workspace and the team database.")
                                   .arg(sample.value(0).toLongLong()),
                               Strings::tr("The team database already held other data with the same ids. Copy into "
                                           "an empty team database."));
        ++report.messagesCompared;
    }
    return {};
}

Core::Result<StoreCopier::Report> StoreCopier::copy()
{
    if (m_source.isPostgres())
        return Error::make(Error::Code::InvalidInput, Strings::tr("The workspace to copy from must be an SQLite store file."),
                           Strings::tr("Give the path of the single-user store, e.g. ~/.local/share/CareConsole/care.sqlite."));
    if (m_source.schemaVersion() != m_target.schemaVersion())
        return Error::make(Error::Code::InvalidInput,
                           Strings::tr("The workspace is at schema version %1 and the team database at %2.")
                               .arg(m_source.schemaVersion())
                               .arg(m_target.schemaVersion()),
                           Strings::tr("Open both with this version of Care Console once, so both are up to date."));
    Report report;
    for (const QString &table : tables()) {
        auto copied = copyTable(table);
        if (!copied)
            return copied.error();
        report.tables << copied.value();
    }
    if (Core::Status s = verify(report); !s)
        return s.error();
    return report;
}

} // namespace Care::Store
