#pragma once

// Tests that drive the careconsole binary against a store file: the off-hours acknowledgement
// (sent when a customer writes outside the team's staffed hours) would add an automatic reply
// whenever the suite runs in the evening. These suites are about sync, not about staffed hours,
// so they turn it off in the store the binary created.

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace Care::Tests {

inline bool turnOffAcknowledgements(const QString &sqliteFile)
{
    const QString name = QStringLiteral("quiet-acknowledgements");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(sqliteFile);
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(QStringLiteral(
                "INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
                "('acknowledgement_mode', 'off', 'test', 0) ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace Care::Tests
