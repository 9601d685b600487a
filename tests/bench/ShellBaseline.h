#pragma once

#include "core/Result.h"

#include <QString>
#include <QVariantMap>

namespace Care::Bench {

// The physical baseline: SQLite itself, through its command-line shell, on the same file.
class ShellBaseline
{
public:
    static QString program(); // "sqlite3" on PATH, or empty when it is missing

    // Runs the statements with the shell's timer on and returns the sum of their "real" times
    // in milliseconds (the shell's own start and the file's opening are not counted).
    static Core::Result<double> timedQueries(const QString &file, const QStringList &statements);
    // Pipes an SQL script into the shell and returns the wall time in milliseconds.
    static Core::Result<double> runScript(const QString &file, const QString &scriptPath);

    // The statement with its named placeholders replaced by SQL literals.
    static QString inlined(QString sql, const QVariantMap &bindings);
};

} // namespace Care::Bench
