#pragma once

#include "core/AccountSyncStatus.h"
#include "core/Result.h"

#include <QHash>
#include <QList>

namespace Care::Store {

class Database;

// Sync cursors and each account's sync status. A cursor is saved with
// saveCursorInTransaction() inside the transaction that ingests the messages it covers, so
// a crash can make a connector fetch a page again, never skip one.
class SyncStateRepository
{
public:
    explicit SyncStateRepository(Database &db) : m_db(db) {}

    Core::Result<QString> cursor(qint64 accountId, const QString &stream);
    Core::Result<QHash<QString, QString>> cursors(qint64 accountId);
    Core::Status saveCursorInTransaction(qint64 accountId, const QString &stream, const QString &position);

    Core::Status saveStatus(const Core::AccountSyncStatus &status);
    Core::Result<QList<Core::AccountSyncStatus>> statuses();

private:
    Database &m_db;
};

} // namespace Care::Store
