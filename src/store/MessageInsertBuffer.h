#pragma once

#include "core/Result.h"

#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QVariant>

namespace Care::Store {

class Database;

// The new messages of one ingest batch, inserted several rows a statement instead of one.
//
// Inside a transaction, SQLite's full-text index (FTS5) writes its pending terms out as a new
// segment whenever a statement that writes it ends, so one INSERT a message wrote and later merged
// one segment a message (callgrind: 226 M of the 1,000-message ingest's instructions). Rows keep
// their order, so they get the ids they would have got one at a time; the caller flushes before
// anything reads the messages table or inserts another message (a re-fetch of a buffered message,
// an acknowledgement, a satisfaction answer, the batch's SLA refresh).
class MessageInsertBuffer
{
public:
    // The columns of one row, in this order.
    static const QStringList &columns();
    static constexpr int kMaxRows = 64;

    explicit MessageInsertBuffer(Database &db) : m_db(db) {}

    // Adds a row (flushing first when the buffer is full).
    Core::Status add(qint64 accountId, const QString &platformMessageId, QVariantList row);
    // Whether the message (account, platform id) waits in the buffer.
    bool holds(qint64 accountId, const QString &platformMessageId) const
    {
        return m_keys.contains(qMakePair(accountId, platformMessageId));
    }
    Core::Status flush();

private:
    Database &m_db;
    QList<QVariantList> m_rows;
    QSet<QPair<qint64, QString>> m_keys;
};

} // namespace Care::Store
