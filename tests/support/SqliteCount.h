#pragma once

// Reads one number from a store file that the careconsole binary wrote (tests that drive the
// binary check what it stored): the first column of the first row, -1 when the query fails.

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace Care::Tests {

inline qint64 sqliteCount(const QString &sqliteFile, const QString &sql)
{
    const QString name = QStringLiteral("sqlite-count");
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(sqliteFile);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                n = q.value(0).toLongLong();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return n;
}

} // namespace Care::Tests
