#pragma once

#include <QDateTime>
#include <QStringList>
#include <QVariant>

class QSqlQuery;

namespace Care::Store {

// Instants are stored as milliseconds since the Unix epoch (UTC) on every dialect.
QVariant toDb(const QDateTime &time);
QDateTime timeFromDb(const QVariant &value);
qint64 nowMs();

// Text for a NOT NULL column: Qt binds a null QString as SQL NULL, so bind "" instead.
inline QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

// SQL condition for "the brand responded with this message" (`m` is the messages alias):
// a human outbound message, not an automatic acknowledgement, and not one that failed, was
// cancelled or is held for the agent's confirmation (the customer never got those).
// When listening found conversation `c` (its "found" event), NULL for any other conversation:
// the event is looked up only for finds (conversations.found_by_listening), so the others pay
// nothing. A find's clocks start then, not when it was written (Core::ListeningClock).
inline QString foundAtSql(const QString &c)
{
    return QStringLiteral("CASE WHEN %1.found_by_listening = 1 THEN (SELECT min(fe.at) FROM conversation_events fe "
                          "WHERE fe.conversation_id = %1.id AND fe.kind = 'found') END")
        .arg(c);
}

// The later of two instants, either of which may be NULL (then the other; `written` is never NULL
// when a customer wrote).
inline QString clockStartSql(const QString &written, const QString &found)
{
    return QStringLiteral("CASE WHEN %2 > %1 THEN %2 ELSE %1 END").arg(written, found);
}

inline QString isResponseSql(const QString &m)
{
    return QStringLiteral("(%1.direction = 'outbound' AND %1.automatic = 0 AND %1.delivery_state NOT IN "
                          "('failed', 'cancelled', 'held'))")
        .arg(m);
}

// Tag lists are stored as ",a,b," so a tag can be matched with LIKE '%,tag,%'.
QString tagsToDb(const QStringList &tags);
QStringList tagsFromDb(const QString &value);

} // namespace Care::Store
