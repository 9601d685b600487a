// careconsole-bench: the performance benchmark of issue 11 (docs/performance.md).
//
//   careconsole-bench generate --messages N --conversations N --days N --out FILE [--seed S] [--end DATE]
//   careconsole-bench run --store FILE [--database postgresql://...] [--runs N] [--console PATH] [--json]
//
// Not part of the shipped console: a separate program over the real store, sync and GUI layers.
#include "Generator.h"
#include "Runner.h"

#include "store/Database.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>

using namespace Care;

namespace {

QString cpuModel()
{
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : cpuinfo.readAll().split('\n')) {
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

int generate(const QCommandLineParser &parser, QTextStream &err)
{
    Bench::GenerateOptions options;
    options.messages = parser.value(QStringLiteral("messages")).toLongLong();
    options.conversations = parser.value(QStringLiteral("conversations")).toLongLong();
    options.days = parser.value(QStringLiteral("days")).toInt();
    options.seed = parser.value(QStringLiteral("seed")).toULongLong();
    if (parser.isSet(QStringLiteral("end")))
        options.end = QDate::fromString(parser.value(QStringLiteral("end")), Qt::ISODate);
    const QString out = parser.value(QStringLiteral("out"));
    if (out.isEmpty() || options.messages < 100 || options.conversations < 20 || options.days < 1
        || options.conversations * 2 > options.messages) {
        err << "generate needs --out, --messages (≥ 100), --conversations (≥ 20, at most half the messages) and --days"
            << Qt::endl;
        return 2;
    }
    Store::DatabaseLocation location;
    if (out.startsWith(QLatin1String("postgresql://"))) {
        auto parsed = Store::DatabaseLocation::parse(out);
        if (!parsed) {
            err << parsed.error().fullText() << Qt::endl;
            return 2;
        }
        location = parsed.value();
    } else {
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(out + suffix);
        location = Store::DatabaseLocation::sqliteFile(QFileInfo(out).absoluteFilePath());
    }
    auto db = Store::Database::open(location);
    if (!db) {
        err << db.error().fullText() << Qt::endl;
        return 1;
    }
    Bench::Generator generator(*db.value(), options, err);
    if (Core::Status s = generator.run(); !s) {
        err << "generate failed: " << s.error().fullText() << Qt::endl;
        return 1;
    }
    err << "done: " << out << Qt::endl;
    return 0;
}

void printTable(const QJsonObject &result, QTextStream &out)
{
    for (auto it = result.constBegin(); it != result.constEnd(); ++it) {
        if (!it->isObject() || !it->toObject().contains(QLatin1String("median")))
            continue;
        const QJsonObject f = it->toObject();
        out << qSetFieldWidth(28) << Qt::left << it.key() << qSetFieldWidth(0) << f.value(QLatin1String("median")).toDouble()
            << " (" << f.value(QLatin1String("runs")).toInt() << " runs)";
        if (f.contains(QLatin1String("target")))
            out << "  target " << f.value(QLatin1String("target")).toDouble()
                << (f.value(QLatin1String("met")).toBool() ? "  met" : "  MISSED");
        out << Qt::endl;
    }
}

int run(const QCommandLineParser &parser, QTextStream &out, QTextStream &err)
{
    Bench::RunOptions options;
    options.storeFile = QFileInfo(parser.value(QStringLiteral("store"))).absoluteFilePath();
    options.database = parser.value(QStringLiteral("database"));
    options.runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    options.ingestMessages = std::max(100, parser.value(QStringLiteral("ingest")).toInt());
    if (parser.isSet(QStringLiteral("only")))
        options.only = parser.value(QStringLiteral("only")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    options.console = parser.isSet(QStringLiteral("console")) ? parser.value(QStringLiteral("console"))
                                                              : QStringLiteral(CARE_CONSOLE_PATH);
    if (parser.value(QStringLiteral("store")).isEmpty() && options.database.isEmpty()) {
        err << "run needs --store FILE (or --database postgresql://...)" << Qt::endl;
        return 2;
    }
    Bench::Runner runner(options, err);
    auto result = runner.run();
    if (!result) {
        err << "run failed: " << result.error().fullText() << Qt::endl;
        return 1;
    }
    QJsonObject json = result.value();
    json.insert(QStringLiteral("machine"),
                QJsonObject{{QStringLiteral("cpu"), cpuModel()},
                            {QStringLiteral("cores"), QThread::idealThreadCount()},
                            {QStringLiteral("os"), QSysInfo::prettyProductName()},
                            {QStringLiteral("qt"), QString::fromLatin1(qVersion())}});
    if (parser.isSet(QStringLiteral("json")))
        out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    else
        printTable(json, out);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // Offscreen unless told otherwise, with a private settings tree: nothing of the user's is read or written.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QTemporaryDir home;
    for (const char *variable : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
        qputenv(variable, QDir(home.path()).filePath(QString::fromLatin1(variable)).toUtf8());
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("careconsole-bench"));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Care Console performance benchmark (docs/performance.md)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("generate or run"));
    parser.addOptions({
        {QStringLiteral("messages"), QStringLiteral("generate: messages in the store"), QStringLiteral("N"), QStringLiteral("1000000")},
        {QStringLiteral("conversations"), QStringLiteral("generate: conversations"), QStringLiteral("N"), QStringLiteral("200000")},
        {QStringLiteral("days"), QStringLiteral("generate: days of traffic"), QStringLiteral("N"), QStringLiteral("365")},
        {QStringLiteral("seed"), QStringLiteral("generate: random seed"), QStringLiteral("S"), QStringLiteral("42")},
        {QStringLiteral("end"), QStringLiteral("generate: the day after the traffic (default: tomorrow, UTC)"), QStringLiteral("DATE")},
        {QStringLiteral("out"), QStringLiteral("generate: the SQLite file (replaced) or a PostgreSQL URL"), QStringLiteral("FILE")},
        {QStringLiteral("store"), QStringLiteral("run: the generated SQLite store"), QStringLiteral("FILE")},
        {QStringLiteral("database"), QStringLiteral("run: measure this PostgreSQL database instead"), QStringLiteral("URL")},
        {QStringLiteral("runs"), QStringLiteral("run: repetitions of each figure"), QStringLiteral("N"), QStringLiteral("5")},
        {QStringLiteral("ingest"), QStringLiteral("run: messages per ingest run"), QStringLiteral("N"), QStringLiteral("10000")},
        {QStringLiteral("console"), QStringLiteral("run: the careconsole program (cold start)"), QStringLiteral("PATH")},
        {QStringLiteral("only"),
         QStringLiteral("run: measure only these figure groups (comma-separated: cold_start, inbox, long_conversation, "
                        "dashboard, ingest, ui_stall)"),
         QStringLiteral("GROUPS")},
        {QStringLiteral("json"), QStringLiteral("run: print one JSON object")},
    });
    parser.process(app);
    const QString command = parser.positionalArguments().value(0);
    if (command == QLatin1String("generate"))
        return generate(parser, err);
    if (command == QLatin1String("run"))
        return run(parser, out, err);
    err << parser.helpText();
    return 2;
}
