#pragma once

#include <QTemporaryDir>

// Shared by the store suites that run on both backends.

#include "core/BusinessCalendar.h"
#include "store/AccountRepository.h"
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

// The brand's Mastodon account most GUI suites work with; returns its id.
inline Core::Result<qint64> addMastodonAccount(Store::Database &db,
                                               const QString &handle = QStringLiteral("@acme@social.example"))
{
    Core::Account account;
    account.platform = Core::Platform::Mastodon;
    account.handle = handle;
    account.name = handle;
    return Store::AccountRepository(db).ensure(account);
}

// Reads CARE_TEST_BACKEND (sqlite or postgresql) and, for PostgreSQL, CARE_TEST_PG_URL, and
// checks the server answers. Returns an error text for QFAIL, or nothing when all is well.
inline QString chooseBackend(bool *postgres, Store::DatabaseLocation *pgLocation)
{
    const QString backend = qEnvironmentVariable("CARE_TEST_BACKEND");
    *postgres = backend == QLatin1String("postgresql");
    if (backend == QLatin1String("sqlite")) {
        qInfo("backend: SQLite");
        return {};
    }
    if (!*postgres)
        return QStringLiteral("Set CARE_TEST_BACKEND to sqlite or postgresql.");
    const QString url = qEnvironmentVariable("CARE_TEST_PG_URL");
    if (url.isEmpty())
        return QStringLiteral("CARE_TEST_BACKEND=postgresql needs CARE_TEST_PG_URL, e.g. "
                              "postgresql://care@127.0.0.1:55432/care_test (ctest provides it through the postgres "
                              "fixture)");
    auto location = Store::DatabaseLocation::parse(url);
    if (!location || location->dialect != Store::SqlDialect::PostgreSQL)
        return QStringLiteral("CARE_TEST_PG_URL must be a postgresql:// URL");
    *pgLocation = location.value();
    Store::Database::OpenOptions options;
    options.migrate = false;
    auto probe = Store::Database::open(*pgLocation, options);
    if (!probe && probe.error().code != Core::Error::Code::NotADatabase
        && probe.error().code != Core::Error::Code::SchemaTooNew)
        return QStringLiteral("The PostgreSQL test database %1 is not reachable: %2 %3")
            .arg(pgLocation->displayName(), probe.error().fullText(), probe.error().detail);
    qInfo("backend: PostgreSQL at %s", qPrintable(pgLocation->displayName()));
    return {};
}


// A fresh, migrated store for one test on the chosen backend: the PostgreSQL schema dropped
// and recreated, or a new SQLite file `<name>-<n>.sqlite` in `dir`.
inline Core::Result<std::unique_ptr<Store::Database>> openFreshStore(bool postgres, const Store::DatabaseLocation &pg,
                                                                     const QTemporaryDir &dir, const QString &name)
{
    static int counter = 0;
    Store::DatabaseLocation location = pg;
    if (postgres) {
        if (Core::Status s = resetPostgresSchema(pg, name + QStringLiteral("-reset")); !s)
            return s.error();
    } else {
        location = Store::DatabaseLocation::sqliteFile(dir.filePath(QStringLiteral("%1-%2.sqlite").arg(name).arg(++counter)));
    }
    return Store::Database::open(location);
}

} // namespace Care::Tests
