// The figures measured in the GUI: the inbox's filters and search, the long conversation, the
// memory with all of it shown, and the event loop's longest stall during a background ingest.
#include "RecordedPages.h"
#include "Runner.h"
#include "ShellBaseline.h"

#include "core/SearchQuery.h"
#include "gui/ConversationPane.h"
#include "gui/InboxModel.h"
#include "gui/InboxPane.h"
#include "gui/InboxViews.h"
#include "gui/MainWindow.h"
#include "gui/TranscriptView.h"
#include "store/ConversationRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/SearchSql.h"
#include "store/Store.h"
#include "Vocabulary.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <QTreeView>
#include <atomic>
#include <thread>

namespace Care::Bench {

namespace {

Core::Error failure(const QString &what)
{
    return Core::Error::make(Core::Error::Code::Unknown, what);
}

} // namespace

double Runner::rssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0;
}

// The list's length follows its first page (InboxModel::setFilter): each change is measured
// from a settled view, as when the count came with the first page, not behind the count of the
// list just left, nor behind the list's layout for that count (the tree view lays out the new
// length on its next turn of the event loop: 11-14 ms for 190,000 rows, long before an agent's
// next click).
void Runner::settle(Gui::InboxModel &model, QTreeView &view)
{
    waitUntil([&] { return !model.isCounting(); });
    QEventLoop loop;
    QTimer::singleShot(30, &loop, &QEventLoop::quit);
    loop.exec();
    view.viewport()->repaint();
}

// Sets the filter and waits until the first page is in and painted.
bool Runner::showFilter(Gui::InboxModel &model, QTreeView &view, const Store::InboxFilter &filter)
{
    model.setFilter(filter);
    const bool shown = waitUntil([&] {
        return !model.isLoading()
            && (model.rowCount() == 0
                || model.data(model.index(0, Gui::InboxModel::CustomerColumn), Gui::InboxModel::ConversationIdRole).isValid());
    });
    view.viewport()->repaint();
    return shown;
}

Core::Status Runner::inboxFigures(Gui::InboxPane &pane, QJsonObject &out)
{
    Gui::InboxModel &model = *pane.model();
    QTreeView &view = *pane.view();
    pane.resize(1200, 800);
    pane.show();
    const Store::InboxFilter base = Gui::filterForView(Gui::InboxView::Kind::AllOpen, QString(), QDateTime::currentDateTimeUtc());
    if (!showFilter(model, view, base))
        return failure(QStringLiteral("the inbox did not load"));

    // Filter changes: status, channel, assignee, tag (each from the previous one).
    QList<Store::InboxFilter> filters;
    Store::InboxFilter f = base;
    f.statuses = {Core::ConversationStatus::Resolved};
    filters << f;
    f = base;
    f.platform = Core::Platform::Mastodon;
    filters << f;
    f = base;
    f.assignee = QStringLiteral("agent03");
    filters << f;
    f = base;
    f.tag = QStringLiteral("billing");
    filters << f;
    QList<double> samples;
    for (int run = 0; run < m_options.runs * int(filters.size()); ++run) {
        QElapsedTimer timer;
        settle(model, view);
        timer.start();
        if (!showFilter(model, view, filters.at(run % filters.size())))
            return failure(QStringLiteral("a filtered inbox did not load"));
        samples << timer.nsecsElapsed() / 1e6;
    }
    for (qsizetype which = 0; which < filters.size(); ++which) {
        QList<double> own;
        for (qsizetype i = which; i < samples.size(); i += filters.size())
            own << samples.at(i);
        m_log << "  filter " << which + 1 << " of " << filters.size() << ": median " << median(own) << " ms" << Qt::endl;
    }
    out.insert(QStringLiteral("filter_ms"), figure(samples, 30));
    m_log << "  filter median " << median(samples) << " ms" << Qt::endl;

    // Search everything (history included) for a frequent and a rare word.
    for (const auto &[key, term] : {std::pair{QStringLiteral("search_common_ms"), Vocabulary::commonTerm()},
                                    std::pair{QStringLiteral("search_rare_ms"), Vocabulary::rareTerm()}}) {
        Store::InboxFilter search;
        search.search = term;
        Store::InboxFilter other = search;
        other.search = QStringLiteral("nothingmatchesthis");
        QList<double> times, countedTimes;
        for (int run = 0; run < m_options.runs; ++run) {
            showFilter(model, view, other);
            settle(model, view);
            QElapsedTimer timer;
            timer.start();
            if (!showFilter(model, view, search))
                return failure(QStringLiteral("a search did not load"));
            times << timer.nsecsElapsed() / 1e6;
            waitUntil([&] { return !model.isCounting(); }); // then the whole list's length ("… 60,836")
            countedTimes << timer.nsecsElapsed() / 1e6;
        }
        out.insert(QString(key).replace(QStringLiteral("_ms"), QStringLiteral("_counted_ms")), figure(countedTimes));
        QJsonObject figureOut = figure(times, 50);
        figureOut.insert(QStringLiteral("results"), model.rowCount());
        out.insert(key, figureOut);
        m_log << "  " << key << " " << median(times) << " ms, " << model.rowCount() << " conversations" << Qt::endl;
        if (isSqlite()) {
            if (Core::Status s = searchBaseline(search, key, out); !s)
                return s;
        }
    }
    return {};
}

// The same statements the inbox runs before a search's first page is shown (how many messages
// match, which decides the plan, and the page), by the sqlite3 shell on the same file.
Core::Status Runner::searchBaseline(const Store::InboxFilter &filter, const QString &key, QJsonObject &out)
{
    auto parsed = Core::SearchQuery::parse(filter.search);
    if (!parsed)
        return parsed.error();
    const QString rendered = Store::renderSearch(Store::SqlDialect::SQLite, parsed.value());
    auto db = Store::Database::open(m_location);
    if (!db)
        return db.error();
    const auto plan = Store::ConversationRepository(*db.value()).searchPlan(rendered);
    const Store::InboxQuery query(filter, Store::SqlDialect::SQLite, rendered, plan);
    QVariantMap bindings = query.bindings();
    bindings.insert(QStringLiteral(":limit"), Gui::InboxModel::kPageSize);
    bindings.insert(QStringLiteral(":offset"), 0);
    const QStringList statements{
        ShellBaseline::inlined(Store::ConversationRepository::probeSql(Store::SqlDialect::SQLite), bindings),
        ShellBaseline::inlined(QStringLiteral("SELECT ") + Store::InboxQuery::selectColumns() + query.whereClause()
                                   + query.orderClause() + QStringLiteral(" LIMIT :limit OFFSET :offset"), bindings)};
    QList<double> times;
    for (int run = 0; run < m_options.runs; ++run) {
        auto ms = ShellBaseline::timedQueries(m_options.storeFile, statements);
        if (!ms)
            return ms.error();
        times << ms.value();
    }
    const QString baselineKey = key == QLatin1String("search_common_ms") ? QStringLiteral("search_sqlite_cli_ms")
                                                                          : QStringLiteral("search_rare_sqlite_cli_ms");
    out.insert(baselineKey, figure(times));
    QJsonObject figureOut = out.value(key).toObject();
    const double ratio = figureOut.value(QStringLiteral("median")).toDouble() / std::max(0.01, median(times));
    figureOut.insert(QStringLiteral("baseline_ms"), median(times));
    figureOut.insert(QStringLiteral("ratio_to_sqlite_cli"), std::round(ratio * 100) / 100);
    figureOut.insert(QStringLiteral("met"), figureOut.value(QStringLiteral("met")).toBool() && ratio <= 1.5);
    out.insert(key, figureOut);
    out.insert(key == QLatin1String("search_common_ms") ? QStringLiteral("search_common_ratio")
                                                         : QStringLiteral("search_rare_ratio"),
               std::round(ratio * 100) / 100);
    m_log << "  sqlite3 shell " << median(times) << " ms (ratio " << ratio << ")" << Qt::endl;
    return {};
}

Core::Status Runner::longConversation(Store::Store &store, QJsonObject &out)
{
    Gui::ConversationPane pane(&store);
    pane.resize(800, 900);
    pane.show();
    Gui::TranscriptView *transcript = pane.transcriptView();
    const auto showing = [&](qint64 conversation) {
        return transcript->entryCount() > 0 && transcript->oldest()->message.conversationId == conversation;
    };
    QList<double> samples;
    for (int run = 0; run < m_options.runs; ++run) {
        pane.showConversation(m_subject.smallConversation, m_subject.smallCustomer);
        if (!waitUntil([&] { return showing(m_subject.smallConversation); }))
            return failure(QStringLiteral("an ordinary conversation did not open"));
        QElapsedTimer timer;
        timer.start();
        pane.showConversation(m_subject.longConversation, m_subject.longCustomer);
        if (!waitUntil([&] { return showing(m_subject.longConversation); }))
            return failure(QStringLiteral("the long conversation did not open"));
        transcript->viewport()->repaint();
        samples << timer.nsecsElapsed() / 1e6;
    }
    out.insert(QStringLiteral("open_long_conversation_ms"), figure(samples, 100));
    m_log << "  open long conversation " << median(samples) << " ms" << Qt::endl;
    // The store open, the inbox shown (still, by the caller) and a long conversation open.
    out.insert(QStringLiteral("rss_mb"), figure({rssMb()}, 200));
    m_log << "  rss " << rssMb() << " MB" << Qt::endl;
    return {};
}

Core::Status Runner::uiStall(const Store::DatabaseLocation &location, QJsonObject &out)
{
    Store::Store store;
    std::optional<Core::Status> opened;
    store.open(location, qApp, [&](Core::Status s) { opened = s; });
    if (!waitUntil([&] { return opened.has_value(); }) || !*opened)
        return opened ? opened->error() : failure(QStringLiteral("the store did not open"));
    Gui::WorkspaceInfo info;
    info.location = QStringLiteral("benchmark");
    info.agentId = QStringLiteral("agent01");
    info.agentName = QStringLiteral("Maria Lopez");
    Gui::MainWindow window(&store, info);
    window.resize(1400, 900);
    window.show();
    window.refreshAll();
    waitUntil([&] { return !window.inboxPane()->model()->isLoading(); });

    QList<double> samples;
    const int runs = std::max(1, std::min(m_options.runs, 3));
    for (int run = 0; run < runs; ++run) {
        // The event loop's heartbeat: the longest gap between two ticks, less the interval.
        constexpr int kTickMs = 5;
        QElapsedTimer clock;
        clock.start();
        qint64 lastTick = 0;
        qint64 longest = 0;
        QTimer tick;
        QObject::connect(&tick, &QTimer::timeout, &tick, [&] {
            const qint64 now = clock.nsecsElapsed();
            longest = std::max(longest, now - lastTick);
            lastTick = now;
        });
        std::atomic_bool finished = false;
        QString error;
        // Like the sync thread: its own connection, one transaction a page, then "changed".
        std::thread ingester([&, run] {
            auto db = Store::Database::open(location);
            if (!db) {
                error = db.error().fullText();
                finished = true;
                return;
            }
            const QList<QByteArray> pages = RecordedPages::mastodon(10000, 900000000000LL + run * 1000000LL, 1000 + run);
            for (const QByteArray &page : pages) {
                auto messages = RecordedPages::parse(page, m_subject.mastodonAccount);
                auto report = messages ? Store::MessageRepository(*db.value()).ingest(messages.value())
                                       : Core::Result<Store::IngestReport>(messages.error());
                if (!report) {
                    error = report.error().fullText();
                    break;
                }
                QMetaObject::invokeMethod(&store, &Store::Store::notifyChanged, Qt::QueuedConnection);
            }
            db.value().reset();
            finished = true;
        });
        lastTick = clock.nsecsElapsed();
        tick.start(kTickMs);
        waitUntil([&] { return finished.load(); });
        // The refreshes the last pages started, up to the inbox being current again.
        QElapsedTimer settle;
        settle.start();
        waitUntil([&] { return settle.elapsed() > 1500 && !window.inboxPane()->model()->isLoading(); });
        tick.stop();
        ingester.join();
        if (!error.isEmpty())
            return failure(QStringLiteral("background ingest: ") + error);
        samples << std::max<double>(0, longest / 1e6 - kTickMs);
        m_log << "  longest stall " << samples.last() << " ms" << Qt::endl;
    }
    out.insert(QStringLiteral("max_ui_stall_ms"), figure(samples, 50));
    return {};
}

} // namespace Care::Bench
