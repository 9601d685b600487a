#include "Runner.h"

#include "gui/DashboardData.h"
#include "gui/InboxModel.h"
#include "gui/InboxPane.h"
#include "store/MetricsCache.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>

namespace Care::Bench {

namespace {

Core::Error failure(const QString &what)
{
    return Core::Error::make(Core::Error::Code::Unknown, what);
}

} // namespace

Runner::Runner(RunOptions options, QTextStream &log)
    : m_options(std::move(options))
    , m_log(log)
{
}

double Runner::median(QList<double> samples)
{
    if (samples.isEmpty())
        return std::nan("");
    std::sort(samples.begin(), samples.end());
    const qsizetype n = samples.size();
    return n % 2 ? samples.at(n / 2) : (samples.at(n / 2 - 1) + samples.at(n / 2)) / 2.0;
}

QJsonObject Runner::figure(QList<double> samples, double target, bool atMost)
{
    const auto rounded = [](double v) { return std::round(v * 100.0) / 100.0; };
    QJsonArray values;
    for (double s : std::as_const(samples))
        values.append(rounded(s));
    const double m = median(samples);
    QJsonObject out{{QStringLiteral("median"), rounded(m)},
                    {QStringLiteral("runs"), int(samples.size())},
                    {QStringLiteral("samples"), values}};
    if (target > 0) {
        out.insert(QStringLiteral("target"), target);
        out.insert(QStringLiteral("met"), atMost ? m <= target : m >= target);
    }
    return out;
}

bool Runner::waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    QTimer heartbeat; // so the wait below always wakes up to look again
    heartbeat.start(20);
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

QString Runner::copyStore(const QString &name)
{
    const QString target = QDir(m_workDir).filePath(name);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile::remove(target + suffix);
        if (QFile::exists(m_options.storeFile + suffix))
            QFile::copy(m_options.storeFile + suffix, target + suffix);
    }
    return target;
}

Core::Result<Runner::Subject> Runner::readSubject(Store::Store &store)
{
    std::optional<Core::Result<Subject>> result;
    store.run(
        qApp,
        [](Store::Database &db) -> Core::Result<Subject> {
            Subject s;
            QSqlQuery q(db.connection());
            // The customer with the single 100,000-message conversation, and an ordinary one.
            if (!q.exec(QStringLiteral("SELECT c.id, c.customer_id FROM conversations c JOIN customer_identities i ON "
                                       "i.customer_id = c.customer_id WHERE i.platform_user_id = 'whale-0' LIMIT 1"))
                || !q.next())
                return failure(QStringLiteral("no long-history customer: was the store made by careconsole-bench generate?"));
            s.longConversation = q.value(0).toLongLong();
            s.longCustomer = q.value(1).toLongLong();
            // A customer with one conversation, so their transcript is that conversation's.
            if (!q.exec(QStringLiteral("SELECT min(id), customer_id FROM conversations WHERE customer_id > 3 "
                                       "GROUP BY customer_id HAVING count(*) = 1 ORDER BY 1 LIMIT 1"))
                || !q.next())
                return failure(QStringLiteral("no ordinary conversation"));
            s.smallConversation = q.value(0).toLongLong();
            s.smallCustomer = q.value(1).toLongLong();
            if (!q.exec(QStringLiteral("SELECT id FROM accounts WHERE platform = 'mastodon' ORDER BY id LIMIT 1")) || !q.next())
                return failure(QStringLiteral("no Mastodon account"));
            s.mastodonAccount = q.value(0).toLongLong();
            if (!q.exec(QStringLiteral("SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM conversations)"))
                || !q.next())
                return db.queryError(q, QStringLiteral("counts"));
            s.messages = q.value(0).toLongLong();
            s.conversations = q.value(1).toLongLong();
            return s;
        },
        [&](Core::Result<Subject> r) { result = std::move(r); });
    if (!waitUntil([&] { return result.has_value(); }))
        return failure(QStringLiteral("the store did not answer"));
    return *result;
}

Core::Status Runner::coldStart(QJsonObject &out)
{
    if (m_options.console.isEmpty() || !QFile::exists(m_options.console))
        return failure(QStringLiteral("careconsole not found (pass --console PATH): ") + m_options.console);
    QList<double> samples;
    for (int run = 0; run <= m_options.runs; ++run) { // run 0 warms the file cache and is not counted
        QTemporaryDir home;
        QProcess console;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral("cache")));
        env.insert(QStringLiteral("CARE_REPORT_FIRST_PAINT"), QString::number(QDateTime::currentMSecsSinceEpoch()));
        console.setProcessEnvironment(env);
        console.start(m_options.console, {QStringLiteral("--database"), isSqlite() ? m_options.storeFile : m_options.database});
        if (!console.waitForFinished(120000)) {
            console.kill();
            console.waitForFinished();
            return failure(QStringLiteral("careconsole did not report its first paint within two minutes"));
        }
        const QString output = QString::fromUtf8(console.readAllStandardOutput());
        const qsizetype at = output.indexOf(QLatin1String("first-paint ms="));
        if (at < 0)
            return failure(QStringLiteral("careconsole printed no first paint: ") + output.left(300)
                           + QString::fromUtf8(console.readAllStandardError()).left(600));
        const double ms = output.mid(at + 15).section(QLatin1Char(' '), 0, 0).toDouble();
        if (run > 0)
            samples << ms;
        m_log << "  cold start " << ms << " ms" << Qt::endl;
    }
    out.insert(QStringLiteral("cold_start_ms"), figure(samples, 500));
    return {};
}

Core::Status Runner::dashboard(Store::Store &store, QJsonObject &out)
{
    // The whole year as the dashboard pane computes it (DashboardData::compute with the pane's
    // MetricsCache): the first computation reads every conversation's log (dashboard_first_ms);
    // then each filter change (one channel, one tag, all, staffed hours, in turn) is measured.
    QList<Store::MetricsFilter> filters(4);
    filters[0].platform = Core::Platform::X;
    filters[1].tag = QStringLiteral("refund");
    const auto cache = std::make_shared<Store::MetricsCache>();
    // The process's CPU time for each computation too (the store thread, the thread that
    // computes the aggregates beside it, and the GUI thread, idle while it waits): on a shared
    // machine the wall clock also counts the time other processes had the cores.
    const auto processCpuMs = [] {
        timespec t {};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
    };
    QList<double> cpuSamples;
    const auto compute = [&](const Store::MetricsFilter &filter, Core::MetricsAggregate::Variant variant,
                             double &ms) -> Core::Status {
        std::optional<Core::Result<Gui::DashboardData>> result;
        QElapsedTimer timer;
        timer.start();
        const double cpuBefore = processCpuMs();
        store.run(
            qApp,
            [cache, filter, variant](Store::Database &db) {
                return Gui::DashboardData::compute(db, *cache, filter, 365, variant, QDateTime::currentDateTimeUtc());
            },
            [&](Core::Result<Gui::DashboardData> data) { result = std::move(data); });
        if (!waitUntil([&] { return result.has_value(); }))
            return failure(QStringLiteral("the dashboard did not come back"));
        if (!*result)
            return result->error();
        ms = timer.nsecsElapsed() / 1e6;
        const double cpuMs = processCpuMs() - cpuBefore;
        cpuSamples << cpuMs;
        m_log << "  dashboard " << ms << " ms, CPU " << cpuMs << " ms (" << (*result)->rows.size()
              << " conversations, " << cache->lastReadCount() << " read from the log, " << cache->lastKeptCount()
              << " from the kept figures)" << Qt::endl;
        return {};
    };
    double first = 0;
    if (Core::Status s = compute(Store::MetricsFilter(), Core::MetricsAggregate::Variant::WallClock, first); !s)
        return s;
    out.insert(QStringLiteral("dashboard_first_ms"), figure({first}, 0));
    cpuSamples.clear();
    QList<double> samples;
    const int runs = std::max(3, m_options.runs * 4);
    for (int run = 0; run < runs; ++run) {
        const auto variant = run % 8 >= 4 ? Core::MetricsAggregate::Variant::StaffedHours
                                          : Core::MetricsAggregate::Variant::WallClock;
        double ms = 0;
        if (Core::Status s = compute(filters.at(run % filters.size()), variant, ms); !s)
            return s;
        samples << ms;
    }
    out.insert(QStringLiteral("dashboard_ms"), figure(samples, 150));
    out.insert(QStringLiteral("dashboard_cpu_ms"), figure(cpuSamples, 0));
    // A filter change while messages arrive: before each, one conversation is marked changed in
    // metrics_changes, as the store's triggers mark it for a new message, so the refresh reads it
    // again and rebuilds the columns.
    QList<double> afterChange;
    for (int run = 0; run < 4; ++run) {
        std::optional<Core::Status> marked;
        store.run(
            qApp,
            [run](Store::Database &db) {
                return db.exec(QStringLiteral("INSERT INTO metrics_changes (conversation_id, seq) VALUES (%1,"
                                              " (SELECT COALESCE(MAX(seq), 0) + 1 FROM metrics_changes))"
                                              " ON CONFLICT (conversation_id) DO UPDATE SET seq = excluded.seq")
                                   .arg(1000 + run));
            },
            [&](Core::Status status) { marked = status; });
        if (!waitUntil([&] { return marked.has_value(); }))
            return failure(QStringLiteral("the store did not answer"));
        if (!*marked)
            return marked->error();
        double ms = 0;
        if (Core::Status s = compute(filters.at(run % filters.size()), Core::MetricsAggregate::Variant::WallClock, ms); !s)
            return s;
        afterChange << ms;
    }
    out.insert(QStringLiteral("dashboard_after_change_ms"), figure(afterChange, 0));
    // Resident memory with the kept figures of every conversation in memory (the dashboard open).
    out.insert(QStringLiteral("dashboard_rss_mb"), figure({ rssMb() }, 0));
    m_log << "  rss with the dashboard's kept figures " << rssMb() << " MB" << Qt::endl;
    return {};
}

Core::Result<QJsonObject> Runner::run()
{
    QTemporaryDir work;
    work.setAutoRemove(true);
    m_workDir = work.path();
    if (isSqlite()) {
        if (!QFile::exists(m_options.storeFile))
            return failure(QStringLiteral("no store at ") + m_options.storeFile);
        m_location = Store::DatabaseLocation::sqliteFile(m_options.storeFile);
    } else {
        auto location = Store::DatabaseLocation::parse(m_options.database);
        if (!location)
            return location.error();
        m_location = location.value();
    }
    QJsonObject out;
    if (wanted(QStringLiteral("cold_start"))) {
        m_log << "cold start" << Qt::endl;
        if (Core::Status s = coldStart(out); !s)
            return s.error();
    }
    {
        Store::Store store;
        std::optional<Core::Status> opened;
        store.open(m_location, qApp, [&](Core::Status s) { opened = s; });
        if (!waitUntil([&] { return opened.has_value(); }) || !*opened)
            return opened ? opened->error() : failure(QStringLiteral("the store did not open"));
        auto subject = readSubject(store);
        if (!subject)
            return subject.error();
        m_subject = subject.value();
        if (wanted(QStringLiteral("inbox"))) {
            m_log << "inbox, filters and search" << Qt::endl;
            // The console's own inbox: its list, columns and delegate, as an agent sees them.
            Gui::InboxPane pane(&store, QStringLiteral("bench"));
            if (Core::Status s = inboxFigures(pane, out); !s)
                return s.error();
        }
        if (wanted(QStringLiteral("long_conversation"))) {
            m_log << "long conversation" << Qt::endl;
            if (Core::Status s = longConversation(store, out); !s)
                return s.error();
        }
        if (wanted(QStringLiteral("dashboard"))) {
            m_log << "dashboard" << Qt::endl;
            if (Core::Status s = dashboard(store, out); !s)
                return s.error();
        }
        store.waitForIdle();
    }
    if (wanted(QStringLiteral("ingest"))) {
        m_log << "ingest" << Qt::endl;
        if (Core::Status s = ingest(out); !s)
            return s.error();
    } else if (wanted(QStringLiteral("ui_stall"))) {
        m_ingestLocation = isSqlite() ? Store::DatabaseLocation::sqliteFile(copyStore(QStringLiteral("stall.sqlite"))) : m_location;
    }
    if (wanted(QStringLiteral("ui_stall"))) {
        m_log << "UI stall during a background ingest" << Qt::endl;
        if (Core::Status s = uiStall(m_ingestLocation, out); !s)
            return s.error();
    }
    QJsonObject store{{QStringLiteral("messages"), m_subject.messages},
                      {QStringLiteral("conversations"), m_subject.conversations},
                      {QStringLiteral("dialect"), isSqlite() ? QStringLiteral("sqlite") : QStringLiteral("postgresql")}};
    if (isSqlite())
        store.insert(QStringLiteral("file_mb"), double(QFileInfo(m_options.storeFile).size() / (1024 * 1024)));
    out.insert(QStringLiteral("store"), store);
    return out;
}

} // namespace Care::Bench
