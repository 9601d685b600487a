#include "store/SyncStateRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>

namespace Care::Store {

namespace {

QVariant optionalTime(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType(QMetaType::LongLong));
}

QVariant optionalInt(int value)
{
    return value >= 0 ? QVariant(value) : QVariant(QMetaType(QMetaType::Int));
}

} // namespace

Core::Result<QString> SyncStateRepository::cursor(qint64 accountId, const QString &stream)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT position FROM sync_cursors WHERE account_id = :account AND stream = :stream"));
    q.bindValue(QStringLiteral(":account"), accountId);
    q.bindValue(QStringLiteral(":stream"), stream);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("read cursor"));
    return q.next() ? q.value(0).toString() : QString();
}

Core::Result<QHash<QString, QString>> SyncStateRepository::cursors(qint64 accountId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT stream, position FROM sync_cursors WHERE account_id = :account"));
    q.bindValue(QStringLiteral(":account"), accountId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("read cursors"));
    QHash<QString, QString> out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toString());
    return out;
}

Core::Status SyncStateRepository::saveCursorInTransaction(qint64 accountId, const QString &stream, const QString &position)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO sync_cursors (account_id, stream, position, updated_at) VALUES "
                             "(:account, :stream, :position, :now) ON CONFLICT (account_id, stream) DO UPDATE SET "
                             "position = excluded.position, updated_at = excluded.updated_at"));
    q.bindValue(QStringLiteral(":account"), accountId);
    q.bindValue(QStringLiteral(":stream"), stream);
    q.bindValue(QStringLiteral(":position"), text(position));
    q.bindValue(QStringLiteral(":now"), nowMs());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("save cursor"));
    return {};
}

Core::Status SyncStateRepository::saveStatus(const Core::AccountSyncStatus &status)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO account_status (account_id, state, message, last_sync_at, next_sync_at, rate_remaining, rate_limit,"
        " rate_reset_at, updated_at) VALUES (:account, :state, :message, :last, :next, :remaining, :limit, :reset, :now)"
        " ON CONFLICT (account_id) DO UPDATE SET state = excluded.state, message = excluded.message,"
        " last_sync_at = coalesce(excluded.last_sync_at, account_status.last_sync_at), next_sync_at = excluded.next_sync_at,"
        " rate_remaining = coalesce(excluded.rate_remaining, account_status.rate_remaining),"
        " rate_limit = coalesce(excluded.rate_limit, account_status.rate_limit),"
        " rate_reset_at = coalesce(excluded.rate_reset_at, account_status.rate_reset_at), updated_at = excluded.updated_at"));
    q.bindValue(QStringLiteral(":account"), status.accountId);
    q.bindValue(QStringLiteral(":state"), Core::syncStateId(status.state));
    q.bindValue(QStringLiteral(":message"), text(status.message));
    q.bindValue(QStringLiteral(":last"), optionalTime(status.lastSyncAt));
    q.bindValue(QStringLiteral(":next"), optionalTime(status.nextSyncAt));
    q.bindValue(QStringLiteral(":remaining"), optionalInt(status.rateRemaining));
    q.bindValue(QStringLiteral(":limit"), optionalInt(status.rateLimit));
    q.bindValue(QStringLiteral(":reset"), optionalTime(status.rateResetAt));
    q.bindValue(QStringLiteral(":now"), nowMs());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("save sync status"));
    return {};
}

Core::Result<QList<Core::AccountSyncStatus>> SyncStateRepository::statuses()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT account_id, state, message, last_sync_at, next_sync_at, rate_remaining, rate_limit,"
                               " rate_reset_at, updated_at FROM account_status ORDER BY account_id")))
        return m_db.queryError(q, QStringLiteral("read sync status"));
    QList<Core::AccountSyncStatus> out;
    while (q.next()) {
        Core::AccountSyncStatus s;
        s.accountId = q.value(0).toLongLong();
        s.state = Core::syncStateFromId(q.value(1).toString()).value_or(Core::SyncState::Idle);
        s.message = q.value(2).toString();
        s.lastSyncAt = timeFromDb(q.value(3));
        s.nextSyncAt = timeFromDb(q.value(4));
        s.rateRemaining = q.value(5).isNull() ? -1 : q.value(5).toInt();
        s.rateLimit = q.value(6).isNull() ? -1 : q.value(6).toInt();
        s.rateResetAt = timeFromDb(q.value(7));
        s.updatedAt = timeFromDb(q.value(8));
        out << s;
    }
    return out;
}

} // namespace Care::Store
