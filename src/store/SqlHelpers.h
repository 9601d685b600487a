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

// Tag lists are stored as ",a,b," so a tag can be matched with LIKE '%,tag,%'.
QString tagsToDb(const QStringList &tags);
QStringList tagsFromDb(const QString &value);

} // namespace Care::Store
