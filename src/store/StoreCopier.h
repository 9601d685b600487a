#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <functional>

namespace Care::Store {

class Database;

// Moves a team in: copies a single-user workspace (an SQLite store) into a team database,
// every row with its id, so links between rows survive. Idempotent and resumable: rows the
// target already has (by primary key) are skipped, so an interrupted copy is simply run again.
// Both stores must be at the same schema version (open both normally first). At the end every
// table is checked: each source row's key must be in the target, and a sample of messages is
// compared field by field.
class StoreCopier
{
public:
    struct TableReport
    {
        QString table;
        qint64 sourceRows = 0;
        qint64 copied = 0;   // new in the target
        qint64 targetRows = 0;
    };
    struct Report
    {
        QList<TableReport> tables;
        int messagesCompared = 0;
    };

    StoreCopier(Database &source, Database &target) : m_source(source), m_target(target) {}

    // `progress(table, rowsDone, rowsTotal)` after each batch.
    void setProgress(std::function<void(const QString &, qint64, qint64)> progress) { m_progress = std::move(progress); }

    Core::Result<Report> copy();

    // The tables in an order that satisfies every foreign key.
    static QStringList tables();

private:
    Core::Result<TableReport> copyTable(const QString &table);
    Core::Result<QStringList> columns(Database &db, const QString &table) const;
    Core::Status verify(Report &report);

    Database &m_source;
    Database &m_target;
    std::function<void(const QString &, qint64, qint64)> m_progress;
};

} // namespace Care::Store
