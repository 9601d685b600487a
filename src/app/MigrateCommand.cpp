#include "app/AdminCommand.h"

#include "store/Database.h"
#include "store/DatabaseLocation.h"
#include "store/StoreCopier.h"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace Care::App {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike.
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::App::MigrateCommand)
};

const QString kCommand = QStringLiteral("migrate");

int usage(QTextStream &err)
{
    err << Strings::tr("Usage: careconsole migrate --from SQLITE_FILE --to postgresql://OWNER@HOST/DB\n"
                       "Copies a single-user workspace into a team database. Safe to run again: rows already "
                       "copied are skipped, so an interrupted copy continues.")
        << Qt::endl;
    return 2;
}

} // namespace

int runMigrateCommand(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    QString from;
    QString to;
    const QStringList args = context.rest.mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (i + 1 >= args.size())
            return usage(err);
        if (args.at(i) == QLatin1String("--from"))
            from = args.at(++i);
        else if (args.at(i) == QLatin1String("--to"))
            to = args.at(++i);
        else
            return usage(err);
    }
    if (from.isEmpty() || to.isEmpty())
        return usage(err);
    Store::Database::OpenOptions existing;
    existing.createIfMissing = false;
    auto source = Store::Database::open(Store::DatabaseLocation::sqliteFile(from), existing);
    if (!source)
        return reportError(err, kCommand, source.error());
    auto targetLocation = Store::DatabaseLocation::parse(to);
    if (!targetLocation)
        return reportError(err, kCommand, targetLocation.error());
    auto target = Store::Database::open(targetLocation.value());
    if (!target)
        return reportError(err, kCommand, target.error());
    Store::StoreCopier copier(*source.value(), *target.value());
    QString lastTable;
    copier.setProgress([&](const QString &table, qint64 done, qint64 total) {
        if (table != lastTable || done == total)
            out << Strings::tr("%1: %2 of %3 rows").arg(table).arg(done).arg(total) << Qt::endl;
        lastTable = table;
    });
    QElapsedTimer timer;
    timer.start();
    auto report = copier.copy();
    if (!report)
        return reportError(err, kCommand, report.error());
    qint64 copied = 0;
    for (const Store::StoreCopier::TableReport &t : report->tables) {
        out << Strings::tr("%1\t%2 in the workspace\t%3 newly copied\t%4 in the team database")
                   .arg(t.table)
                   .arg(t.sourceRows)
                   .arg(t.copied)
                   .arg(t.targetRows)
            << Qt::endl;
        copied += t.copied;
    }
    out << Strings::tr("Checked: every row is in the team database; %1 messages compared field by field. "
                       "%2 rows copied in %3 s.")
               .arg(report->messagesCompared)
               .arg(copied)
               .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
        << Qt::endl;
    return 0;
}

} // namespace Care::App
