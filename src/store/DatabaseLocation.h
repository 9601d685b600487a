#pragma once

#include "core/Result.h"

#include <QString>

namespace Care::Store {

enum class SqlDialect { SQLite, PostgreSQL };

// Where the store lives: an SQLite file (the embedded default) or a PostgreSQL database
// given as a URL, postgresql://user:password@host:port/database.
struct DatabaseLocation
{
    SqlDialect dialect = SqlDialect::SQLite;
    QString path; // SQLite file
    bool readOnly = false;
    QString host;
    int port = 5432;
    QString user;
    QString password;
    QString database;
    QString options; // extra libpq options (sslmode=..., connect_timeout=...)

    // Accepts postgresql:// and postgres:// URLs, sqlite:// URLs and plain file paths.
    static Core::Result<DatabaseLocation> parse(const QString &text);
    static DatabaseLocation sqliteFile(const QString &path, bool readOnly = false);
    // For messages: never shows the password.
    QString displayName() const;
};

} // namespace Care::Store
