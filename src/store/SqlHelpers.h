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
