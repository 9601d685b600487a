#pragma once

// Shared by the store suites that run on both backends.

#include "core/BusinessCalendar.h"
#include "store/Database.h"
#include "store/WorkspaceSettings.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>

namespace Care::Tests {

// Empties the PostgreSQL test database: drops and recreates the public schema through a
// store connection that does not migrate; a schema left unusable by an aborted run (not a
// store, or too new) is reset over a raw connection instead.
inline Core::Status resetPostgresSchema(const Store::DatabaseLocation &location, const QString &connectionName)
{
    Store::Database::OpenOptions options;
    options.migrate = false;
    auto admin = Store::Database::open(location, options);
    if (admin) {
        if (Core::Status s = admin.value()->exec(QStringLiteral("DROP SCHEMA public CASCADE")); !s)
            return s;
        return admin.value()->exec(QStringLiteral("CREATE SCHEMA public"));
    }
    const auto code = admin.error().code;
    if (code != Core::Error::Code::NotADatabase && code != Core::Error::Code::SchemaTooNew)
        return admin.error();
    Core::Status status;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        raw.setHostName(location.host);
        raw.setPort(location.port);
        raw.setUserName(location.user);
        raw.setPassword(location.password);
        raw.setDatabaseName(location.database);
        if (!raw.open()) {
            status = Core::Error::make(Core::Error::Code::CannotOpen, raw.lastError().text());
        } else {
            QSqlQuery q(raw);
            if (!q.exec(QStringLiteral("DROP SCHEMA public CASCADE")) || !q.exec(QStringLiteral("CREATE SCHEMA public")))
                status = Core::Error::make(Core::Error::Code::QueryFailed, q.lastError().text());
        }
        raw.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return status;
}

// Round-the-clock staffing keeps due times independent of the hour a suite runs at; the
// calendar itself is tested in tst_businesscalendar.
inline Core::Status useRoundTheClockCalendar(Store::Database &db)
{
    return Store::WorkspaceSettings(db).setCalendar(Core::BusinessCalendar::twentyFourSeven(QTimeZone::utc()),
                                                    QStringLiteral("test"));
}

} // namespace Care::Tests
