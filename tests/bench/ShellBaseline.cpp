#include "ShellBaseline.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <algorithm>

namespace Care::Bench {

namespace {

Core::Error failure(const QString &what)
{
    return Core::Error::make(Core::Error::Code::Unknown, what);
}

} // namespace

QString ShellBaseline::program()
{
    return QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
}

Core::Result<double> ShellBaseline::timedQueries(const QString &file, const QStringList &statements)
{
    if (program().isEmpty())
        return failure(QStringLiteral("the sqlite3 shell is not installed (scripts/deps.sh test)"));
    QProcess shell;
    shell.start(program(), {QStringLiteral("-batch"), file});
    if (!shell.waitForStarted())
        return failure(QStringLiteral("sqlite3 did not start"));
    QByteArray input = ".timer on\n.output /dev/null\n";
    for (const QString &statement : statements)
        input += statement.toUtf8() + ";\n";
    shell.write(input);
    shell.closeWriteChannel();
    if (!shell.waitForFinished(600000) || shell.exitCode() != 0)
        return failure(QStringLiteral("sqlite3 failed: ") + QString::fromUtf8(shell.readAllStandardError()));
    // ".timer on" prints "Run Time: real 0.012 user ... sys ..." after each statement.
    static const QRegularExpression runTime(QStringLiteral("Run Time: real ([0-9.]+)"));
    const QString out = QString::fromUtf8(shell.readAllStandardOutput() + shell.readAllStandardError());
    double total = 0;
    int found = 0;
    for (auto it = runTime.globalMatch(out); it.hasNext(); ++found)
        total += it.next().captured(1).toDouble() * 1000.0;
    if (found < statements.size())
        return failure(QStringLiteral("sqlite3 printed no timings: ") + out.left(400));
    return total;
}

Core::Result<double> ShellBaseline::runScript(const QString &file, const QString &scriptPath)
{
    if (program().isEmpty())
        return failure(QStringLiteral("the sqlite3 shell is not installed (scripts/deps.sh test)"));
    QProcess shell;
    shell.setStandardInputFile(scriptPath);
    QElapsedTimer timer;
    timer.start();
    shell.start(program(), {QStringLiteral("-batch"), QStringLiteral("-bail"), file});
    if (!shell.waitForFinished(600000) || shell.exitCode() != 0)
        return failure(QStringLiteral("sqlite3 failed: ") + QString::fromUtf8(shell.readAllStandardError()));
    return timer.nsecsElapsed() / 1e6;
}

QString ShellBaseline::inlined(QString sql, const QVariantMap &bindings)
{
    // Longest names first, so ":status1" is not taken for ":status" + "1".
    QStringList names = bindings.keys();
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &name : names) {
        const QVariant value = bindings.value(name);
        QString literal;
        if (value.typeId() == QMetaType::QString) {
            literal = value.toString();
            literal.replace(QLatin1Char('\''), QLatin1String("''"));
            literal = QLatin1Char('\'') + literal + QLatin1Char('\'');
        } else {
            literal = value.toString();
        }
        sql.replace(name, literal);
    }
    return sql;
}

} // namespace Care::Bench
