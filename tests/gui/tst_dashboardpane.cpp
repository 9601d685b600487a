// The team lead's response-time dashboard (DashboardPane): the headline and chart values equal
// figures computed by hand from a small store, click-through opens the conversations behind a
// bar, filters change the figures, a stale result is dropped, and the exports write files.
//
// Times are fixed: the store's clock dates the replies, and the pane's clock fixes "now" at
// Saturday 20 June 2026, 12:00 UTC. The team works Monday to Friday 09:00–17:00 UTC; the SLA
// promises a first response within 30 minutes on the wall clock.
//
//   conversation  channel   customer wrote      answered            wall    staffed
//   c1            X         Mon 15 10:00        Ana  10:10          10 min  10 min
//   c2            X         Mon 15 11:00        Ben  11:40          40 min  40 min
//   c3            Mastodon  Mon 15 14:00        Ana  14:20          20 min  20 min
//   c4            Mastodon  Wed 17 08:30        Ben  09:30          60 min  30 min
//   c5            X         Thu 18 20:00        still waiting
//   old           X         Fri  5 10:00        Ana  10:05          (before the period)
//
// The last test adds history for the trend charts (see addHistory()).
#include "core/DurationFormat.h"
#include "core/IncomingMessage.h"
#include "core/ManualClock.h"
#include "gui/DashboardPane.h"
#include "gui/FileDialog.h"
#include "gui/LongestWaitsTable.h"
#include "gui/VolumeHeatmap.h"
#include "gui/WeeklyReport.h"
#include "store/CsatRepository.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLineSeries>
#include <QBarCategoryAxis>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QToolTip>
#include <QWhatsThis>

using namespace Care;

namespace {

QDateTime utc(int day, int hour, int minute)
{
    return QDateTime(QDate(2026, 6, day), QTime(hour, minute), QTimeZone::utc());
}

QBarSet *medianSet(QChartView *view)
{
    for (QAbstractSeries *series : view->chart()->series())
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(series))
            return bars->barSets().value(0);
    return nullptr;
}

// This period's bars of the top-tags chart, bottom-up.
QBarSet *tagBarsOf(Gui::DashboardPane *pane)
{
    auto *bars = qobject_cast<QAbstractBarSeries *>(
        pane->chartView(Gui::DashboardChart::TopTags)->chart()->series().value(0));
    return bars ? bars->barSets().value(1) : nullptr;
}

QList<double> valuesOf(QBarSet *set)
{
    QList<double> values;
    for (int i = 0; set && i < set->count(); ++i)
        values << set->at(i);
    return values;
}

} // namespace

class TestDashboardPane : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;
    Core::ManualClock m_now;
    QHash<QString, qint64> m_ids; // "c1".. → conversation id

    bool prepare(Store::Database &db)
    {
        Core::ManualClock clock;
        clock.set(utc(1, 9, 0));
        db.setClock(&clock);
        Store::WorkspaceSettings settings(db);
        Core::BusinessCalendar calendar(QTimeZone::utc());
        for (auto day : { Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday })
            calendar.addRange(day, QTime(9, 0), QTime(17, 0));
        Core::SlaPolicy policy;
        policy.name = QStringLiteral("Everyone");
        policy.firstResponseSeconds = 1800;
        policy.countStaffedHoursOnly = false;
        if (!settings.setCalendar(calendar, QStringLiteral("test"))
            || !settings.setSlaPolicies({ policy }, QStringLiteral("test"))
            || !settings.setAcknowledgementMode(QStringLiteral("off"), QStringLiteral("test")))
            return false;
        Store::AgentRepository agents(db);
        if (!agents.upsert(
                { QStringLiteral("ana"), QStringLiteral("Ana Lima"), QStringLiteral("Ana"), QStringLiteral("agent"), {} })
            || !agents.upsert(
                { QStringLiteral("ben"), QStringLiteral("Ben Okafor"), QStringLiteral("Ben"), QStringLiteral("lead"), {} }))
            return false;

        QHash<Core::Platform, qint64> accounts;
        for (auto platform : { Core::Platform::X, Core::Platform::Mastodon }) {
            Core::Account account;
            account.platform = platform;
            account.handle = QStringLiteral("@acme");
            account.name = account.handle;
            auto id = Store::AccountRepository(db).ensure(account);
            if (!id)
                return false;
            accounts.insert(platform, id.value());
        }
        struct Row
        {
            const char *name;
            Core::Platform platform;
            QDateTime wrote;
            const char *agent;
            QDateTime answered;
        };
        const QList<Row> rows = {
            { "c1", Core::Platform::X, utc(15, 10, 0), "ana", utc(15, 10, 10) },
            { "c2", Core::Platform::X, utc(15, 11, 0), "ben", utc(15, 11, 40) },
            { "c3", Core::Platform::Mastodon, utc(15, 14, 0), "ana", utc(15, 14, 20) },
            { "c4", Core::Platform::Mastodon, utc(17, 8, 30), "ben", utc(17, 9, 30) },
            { "c5", Core::Platform::X, utc(18, 20, 0), "", QDateTime() },
            { "old", Core::Platform::X, utc(5, 10, 0), "ana", utc(5, 10, 5) },
        };
        for (const Row &row : rows) {
            const QString name = QString::fromLatin1(row.name);
            Core::IncomingMessage in;
            in.accountId = accounts.value(row.platform);
            in.platformMessageId = name;
            in.threadKey = name;
            in.customerPlatformUserId = name;
            in.customerHandle = QStringLiteral("@") + name;
            in.customerName = QStringLiteral("Customer ") + name;
            in.body = QStringLiteral("<b>Where is my order?</b>");
            in.createdAt = row.wrote;
            clock.set(row.wrote);
            if (!Store::MessageRepository(db).ingest({ in }))
                return false;
            QSqlQuery q(db.connection());
            q.prepare(QStringLiteral("SELECT id FROM conversations WHERE thread_key = :t"));
            q.bindValue(QStringLiteral(":t"), name);
            if (!q.exec() || !q.next())
                return false;
            m_ids.insert(name, q.value(0).toLongLong());
            if (!row.answered.isValid())
                continue;
            clock.set(row.answered);
            if (!Store::ConversationActions(db, QString::fromLatin1(row.agent))
                     .queueReply(m_ids.value(name), Core::Visibility::Public, QStringLiteral("On its way")))
                return false;
        }
        db.setClock(nullptr);
        return true;
    }

    // For the trend charts, on top of prepare() (7-day period Sunday 14 to Saturday 20 June; the
    // previous period Sunday 7 to Saturday 13):
    //   prev  X  Fri 12 10:00, Ana answers 10:05                 tags billing, shipping
    //   late  X  Sat 13 22:00, Ben answers Mon 15 09:00          tags billing, refund
    //   c1 writes again Mon 15 12:00, Ana answers 12:30 (a next response of 30 min)
    //   c3 is resolved Tue 16 14:00 (resolution 24 h after it began, Mon 15 14:00)
    //   tags: c1 refund, shipping; c2 shipping, billing; c3 shipping; c4 refund; c5 none
    bool addHistory(Store::Database &db)
    {
        Core::ManualClock clock;
        db.setClock(&clock);
        const auto done = [&db](bool ok) {
            db.setClock(nullptr);
            return ok;
        };
        auto accountOf = [&db](qint64 conversation) -> qint64 {
            QSqlQuery q(db.connection());
            q.prepare(QStringLiteral("SELECT account_id FROM conversations WHERE id = :id"));
            q.bindValue(QStringLiteral(":id"), conversation);
            return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
        };
        const qint64 xAccount = accountOf(m_ids.value(QStringLiteral("c1")));
        struct Message
        {
            const char *thread;
            const char *id;
            QDateTime wrote;
            const char *agent;
            QDateTime answered;
        };
        const QList<Message> messages = {
            { "prev", "prev", utc(12, 10, 0), "ana", utc(12, 10, 5) },
            { "late", "late", utc(13, 22, 0), "ben", utc(15, 9, 0) },
            { "c1", "c1-again", utc(15, 12, 0), "ana", utc(15, 12, 30) },
        };
        for (const Message &m : messages) {
            const QString thread = QString::fromLatin1(m.thread);
            Core::IncomingMessage in;
            in.accountId = xAccount;
            in.platformMessageId = QString::fromLatin1(m.id);
            in.threadKey = thread;
            in.customerPlatformUserId = thread;
            in.customerHandle = QStringLiteral("@") + thread;
            in.customerName = QStringLiteral("Customer ") + thread;
            in.body = QStringLiteral("Any news?");
            in.createdAt = m.wrote;
            clock.set(m.wrote);
            if (!Store::MessageRepository(db).ingest({ in }))
                return done(false);
            QSqlQuery q(db.connection());
            q.prepare(QStringLiteral("SELECT id FROM conversations WHERE thread_key = :t"));
            q.bindValue(QStringLiteral(":t"), thread);
            if (!q.exec() || !q.next())
                return done(false);
            m_ids.insert(thread, q.value(0).toLongLong());
            clock.set(m.answered);
            if (!Store::ConversationActions(db, QString::fromLatin1(m.agent))
                     .queueReply(m_ids.value(thread), Core::Visibility::Public, QStringLiteral("Soon")))
                return done(false);
        }
        clock.set(utc(16, 14, 0));
        Store::ConversationActions lead(db, QStringLiteral("ben"));
        if (!lead.setStatus(m_ids.value(QStringLiteral("c3")), Core::ConversationStatus::Resolved))
            return done(false);
        const QList<QPair<const char *, QStringList>> tags = {
            { "c1", { QStringLiteral("refund"), QStringLiteral("shipping") } },
            { "c2", { QStringLiteral("shipping"), QStringLiteral("billing") } },
            { "c3", { QStringLiteral("shipping") } },
            { "c4", { QStringLiteral("refund") } },
            { "prev", { QStringLiteral("billing"), QStringLiteral("shipping") } },
            { "late", { QStringLiteral("billing"), QStringLiteral("refund") } },
        };
        for (const auto &[name, list] : tags) {
            if (!lead.setTags(m_ids.value(QString::fromLatin1(name)), list))
                return done(false);
        }
        return done(true);
    }

    QList<qint64> ids(std::initializer_list<const char *> names) const
    {
        QList<qint64> out;
        for (const char *name : names)
            out << m_ids.value(QString::fromLatin1(name));
        std::sort(out.begin(), out.end());
        return out;
    }

    static int csvRecords(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return -1;
        const QString text = QString::fromUtf8(file.readAll());
        return int(text.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts).size());
    }

    // A shown pane; with its figures loaded unless `load` is false.
    std::unique_ptr<Gui::DashboardPane> newPane(bool load = true)
    {
        auto pane = std::make_unique<Gui::DashboardPane>(m_store.get());
        pane->setClock(&m_now);
        pane->resize(1400, 980);
        pane->show();
        if (!load)
            return pane;
        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        pane->reload();
        if (!loaded.wait(10000))
            return nullptr;
        return pane;
    }

private slots:
    void initTestCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("dashboard.sqlite"));
        {
            auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(path));
            QVERIFY(db.ok());
            QVERIFY(prepare(*db.value()));
        }
        QCOMPARE(m_ids.size(), 6);
        m_now.set(utc(20, 12, 0));
        m_store = std::make_unique<Store::Store>();
        bool opened = false;
        m_store->open(Store::DatabaseLocation::sqliteFile(path), this, [&opened](Core::Status s) { opened = s.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(opened, 10000);
    }

    void headlineAndChartsShowHandComputedFigures()
    {
        auto pane = newPane();
        QVERIFY(pane);
        // Answered: 10, 20, 40, 60 min → median (20 + 40) / 2 = 30 min, p90 the 4th of 4 = 1 h,
        // mean 32.5 min. SLA 30 min: c1 and c3 met, c2 and c4 missed, c5 running and already
        // missed → 2 / 5 = 40%. "old" is before the period.
        QCOMPARE(pane->headline(),
            QStringLiteral("First response, last 7 days: median 30 min, p90 1 h, mean 32 min "
                           "(4 answered, 1 still waiting) · SLA met 40% · no satisfaction answers"));
        QCOMPARE(pane->data().rows.size(), 5);

        // Seven days, Sunday 14 to Saturday 20; medians in minutes: Monday (10, 20, 40) → 20,
        // Wednesday 60.
        auto *frt = pane->chartView(Gui::DashboardChart::FirstResponse);
        QVERIFY(frt);
        QCOMPARE(valuesOf(medianSet(frt)), (QList<double> { 0, 20, 0, 60, 0, 0, 0 }));
        auto *p90 = qobject_cast<QLineSeries *>(frt->chart()->series().value(1));
        QVERIFY(p90);
        QCOMPARE(p90->points(), (QList<QPointF> { { 1, 40 }, { 3, 60 } }));
        auto *target = qobject_cast<QLineSeries *>(frt->chart()->series().value(2));
        QVERIFY(target);
        QCOMPARE(target->at(0).y(), 30.0); // the policy's 30 minutes, not the built-in hour

        // By channel, listed top-down in the order of the platform ids (Qt draws the first value at
        // the bottom): X (10, 40) → 25 min, then Mastodon (20, 60) → 40 min.
        QCOMPARE(valuesOf(medianSet(pane->chartView(Gui::DashboardChart::ByPlatform))), (QList<double> { 25, 40 }));
        // By agent: Ben (40, 60) → 50 min, then Ana (10, 20) → 15 min.
        QCOMPARE(valuesOf(medianSet(pane->chartView(Gui::DashboardChart::ByAgent))), (QList<double> { 50, 15 }));
        // SLA per day: Monday 2 of 3 met, Wednesday 0 of 1, Thursday 0 of 1 (running, missed).
        auto *sla
            = qobject_cast<QLineSeries *>(pane->chartView(Gui::DashboardChart::SlaRate)->chart()->series().value(0));
        QVERIFY(sla);
        QCOMPARE(sla->count(), 3);
        QCOMPARE(sla->at(0), QPointF(1, 100.0 * 2 / 3));
        QCOMPARE(sla->at(1), QPointF(3, 0));
        QCOMPARE(sla->at(2), QPointF(4, 0));

        // The heatmap: the Thursday 20:00 message is outside staffed hours, Monday 10:00 inside.
        Gui::VolumeHeatmap *heatmap = pane->heatmap();
        QCOMPARE(heatmap->count(0, 10), 1);
        QCOMPARE(heatmap->count(3, 20), 1);
        QCOMPARE(heatmap->count(4, 10), 0);
        QVERIFY(heatmap->staffed(0, 10));
        QVERIFY(!heatmap->staffed(3, 20));
        QVERIFY(!heatmap->staffed(5, 10)); // Saturday

        // Every chart explains itself.
        for (const char *id : { "first-response", "by-platform", "by-agent", "sla-met-rate", "inbound-volume" }) {
            auto *info = pane->findChild<QToolButton *>(QStringLiteral("dashboardInfo-") + QString::fromLatin1(id));
            QVERIFY2(info, id);
            QVERIFY(!info->whatsThis().isEmpty());
        }

        const QString screenshots = qEnvironmentVariable("CARE_SCREENSHOT_DIR");
        if (!screenshots.isEmpty())
            QVERIFY(pane->grab().save(screenshots + QStringLiteral("/dashboard-pane.png")));

        // 90 days: from Monday 23 March, in weeks (13 of them), so "old" (5 June) counts too:
        // 5, 10, 20, 40, 60 min → median 20 min, p90 the 5th of 5 = 1 h, mean 27 min; SLA 3 of 6.
        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        pane->setPeriodDays(90);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(pane->data().firstDay, QDate(2026, 3, 23));
        QCOMPARE(pane->data().timeGrouping, Core::MetricsAggregate::Grouping::Week);
        QCOMPARE(pane->timeColumns().labels.size(), 13);
        QCOMPARE(pane->headline(),
            QStringLiteral("First response, last 90 days: median 20 min, p90 1 h, mean 27 min "
                           "(5 answered, 1 still waiting) · SLA met 50% · no satisfaction answers"));
        if (!screenshots.isEmpty())
            QVERIFY(pane->grab().save(screenshots + QStringLiteral("/dashboard-pane-90days.png")));
        pane->setPeriodDays(30);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(pane->timeColumns().labels.size(), 30);
        if (!screenshots.isEmpty())
            QVERIFY(pane->grab().save(screenshots + QStringLiteral("/dashboard-pane-30days.png")));
    }

    void clickingOpensTheConversationsBehind()
    {
        auto pane = newPane();
        QVERIFY(pane);
        QSignalSpy requested(pane.get(), &Gui::DashboardPane::conversationsRequested);
        QBarSet *set = medianSet(pane->chartView(Gui::DashboardChart::FirstResponse));
        QVERIFY(set);
        emit set->clicked(1); // Monday's bar, as Qt Charts reports a click on it
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(1).value<QList<qint64>>(), ids({ "c1", "c2", "c3" }));
        QVERIFY(requested.at(0).at(0).toString().startsWith(QStringLiteral("First response")));

        emit medianSet(pane->chartView(Gui::DashboardChart::ByPlatform))->clicked(1); // Mastodon
        QCOMPARE(requested.count(), 2);
        QCOMPARE(requested.at(1).at(1).value<QList<qint64>>(), ids({ "c3", "c4" }));

        pane->openSlaColumn(4); // Thursday: the conversation still waiting
        QCOMPARE(requested.count(), 3);
        QCOMPARE(requested.at(2).at(1).value<QList<qint64>>(), ids({ "c5" }));

        // A click on a heatmap cell: Monday 11:00–12:00.
        Gui::VolumeHeatmap *heatmap = pane->heatmap();
        QTest::mouseClick(heatmap, Qt::LeftButton, {}, heatmap->cellRect(0, 11).center());
        QCOMPARE(requested.count(), 4);
        QCOMPARE(requested.at(3).at(1).value<QList<qint64>>(), ids({ "c2" }));

        pane->openFirstResponseColumn(0); // Sunday: nothing behind it, nothing to open
        QCOMPARE(requested.count(), 4);

        // Hovering Monday's bar shows all four figures: (10 + 20 + 40) / 3 = 23.3 min.
        emit set->hovered(true, 1);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(
            QToolTip::text().contains(QStringLiteral("Median 20 min · 90th percentile 40 min · mean 23 min · n = 3")),
            qPrintable(QToolTip::text()));
        emit set->hovered(false, 1);
        QTRY_VERIFY(!QToolTip::isVisible());

        // The info button explains the chart in place, without a modal dialog.
        auto *info = pane->findChild<QToolButton *>(QStringLiteral("dashboardInfo-first-response"));
        QVERIFY(info);
        QTest::mouseClick(info, Qt::LeftButton);
        QWhatsThis::hideText();
    }

    // The session's first computation runs beside the store's worker (on a connection of its
    // own): the worker answers other panes meanwhile, and a filter changed while it runs is the
    // one shown when it ends.
    void theFirstComputationLeavesTheStoreFreeAndEndsOnTheNewestFilter()
    {
        auto pane = newPane(false);
        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        pane->reload();
        QVERIFY(pane->isWarming());
        bool answered = false;
        m_store->run(pane.get(), [](Store::Database &) { return Core::Status(); },
                     [&answered](Core::Status) { answered = true; });
        auto *platform = pane->findChild<QComboBox *>(QStringLiteral("dashboardPlatform"));
        QVERIFY(platform);
        platform->setCurrentIndex(platform->findData(Core::platformId(Core::Platform::Mastodon)));
        QTRY_VERIFY_WITH_TIMEOUT(answered && !pane->isWarming() && loaded.count() >= 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(pane->data().filter.platform, std::optional<Core::Platform>(Core::Platform::Mastodon), 10000);
        QVERIFY(pane->isLoaded());
        // Later changes go through the store's worker, the figures now in memory.
        loaded.clear();
        platform->setCurrentIndex(0);
        QVERIFY(!pane->isWarming());
        QVERIFY(loaded.wait(10000));
        QVERIFY(!pane->data().filter.platform.has_value());
    }

    void accountFilterNarrowsTheFigures()
    {
        auto pane = newPane();
        QVERIFY(pane);
        auto *account = pane->findChild<QComboBox *>(QStringLiteral("dashboardAccount"));
        QVERIFY(account);
        QTRY_COMPARE(account->count(), 3); // all, and the two accounts
        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        account->setCurrentIndex(account->findText(QStringLiteral("on Mastodon"), Qt::MatchContains));
        QVERIFY(loaded.wait(10000));
        // The Mastodon account's conversations are c3 (20 min) and c4 (60 min), as by channel.
        QCOMPARE(pane->headline(),
            QStringLiteral("First response, last 7 days: median 40 min, p90 1 h, mean 40 min "
                           "(2 answered, 0 still waiting) · SLA met 50% · no satisfaction answers"));
    }

    void filtersChangeTheFigures()
    {
        auto pane = newPane();
        QVERIFY(pane);
        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        pane->setPlatform(Core::Platform::Mastodon);
        QVERIFY(loaded.wait(10000));
        // c3 (20 min) and c4 (60 min); SLA: c3 met, c4 missed.
        QCOMPARE(pane->headline(),
            QStringLiteral("First response, last 7 days: median 40 min, p90 1 h, mean 40 min "
                           "(2 answered, 0 still waiting) · SLA met 50% · no satisfaction answers"));
        QCOMPARE(valuesOf(medianSet(pane->chartView(Gui::DashboardChart::ByPlatform))), (QList<double> { 40 }));

        // Staffed hours: c4 waited 08:30–09:30, of which 30 minutes staffed.
        pane->setStaffedHoursOnly(true);
        QVERIFY(loaded.wait(10000));
        QVERIFY(pane->headline().startsWith(QStringLiteral("First response, last 7 days: median 25 min, p90 30 min")));

        pane->setPlatform(std::nullopt);
        pane->setStaffedHoursOnly(false);
        pane->setAgent(QStringLiteral("ana"));
        // Three changes in a row: only the last result is shown.
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() >= 3, 10000);
        m_store->waitForIdle();
        QTest::qWait(50);
        QCOMPARE(loaded.count(), 3);
        QCOMPARE(pane->headline(),
            QStringLiteral("First response, last 7 days: median 15 min, p90 20 min, mean 15 min "
                           "(2 answered, 0 still waiting) · SLA met 100% · no satisfaction answers"));
        auto *agent = pane->findChild<QComboBox *>(QStringLiteral("dashboardAgent"));
        QVERIFY(agent);
        QCOMPARE(agent->currentText(), QStringLiteral("Ana Lima"));
    }

    void exportsWriteFiles()
    {
        auto pane = newPane();
        QVERIFY(pane);
        QSignalSpy exported(pane.get(), &Gui::DashboardPane::exportFinished);
        const QString all = m_dir.filePath(QStringLiteral("all.csv"));
        pane->exportCsv(all);
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.last().at(1).toString(), QString());
        QCOMPARE(csvRecords(all), 1 + 5); // the header and one row per conversation in the period

        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        pane->setPlatform(Core::Platform::Mastodon);
        QVERIFY(loaded.wait(10000));
        const QString mastodon = m_dir.filePath(QStringLiteral("mastodon.csv"));
        Gui::FileDialog::setNextSaveFileName(mastodon);
        QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("dashboardExportCsv")), Qt::LeftButton);
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.last().at(0).toString(), mastodon);
        QCOMPARE(csvRecords(mastodon), 1 + 2);

        const QString png = m_dir.filePath(QStringLiteral("frt.png"));
        pane->exportChart(Gui::DashboardChart::FirstResponse, png, QSize(900, 520));
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.last().at(1).toString(), QString());
        if (const QString dir = qEnvironmentVariable("CARE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            QFile::remove(dir + QStringLiteral("/dashboard-export.png"));
            QFile::copy(png, dir + QStringLiteral("/dashboard-export.png"));
        }
        QImage image(png);
        QCOMPARE(image.size(), QSize(900, 520));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
        // The median bars are drawn: their blue is in the image.
        QVERIFY(std::any_of(colours.cbegin(), colours.cend(), [](QRgb c) {
            return qAbs(qRed(c) - 0x3d) < 8 && qAbs(qGreen(c) - 0x7e) < 8 && qAbs(qBlue(c) - 0xc4) < 8;
        }));

        const QString pdf = m_dir.filePath(QStringLiteral("heatmap.pdf"));
        Gui::FileDialog::setNextSaveFileName(pdf);
        auto *which = pane->findChild<QComboBox *>(QStringLiteral("dashboardExportWhich"));
        which->setCurrentIndex(which->findData(int(Gui::DashboardChart::Volume)));
        QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("dashboardExportChart")), Qt::LeftButton);
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.last().at(0).toString(), pdf);
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.size() > 1000);

        // The same chart as an SVG drawing: vector, with the chart's own title in it.
        const QString svg = m_dir.filePath(QStringLiteral("first-response.svg"));
        pane->exportChart(Gui::DashboardChart::FirstResponse, svg, QSize(900, 520));
        QVERIFY(exported.wait(10000));
        QCOMPARE(exported.last().at(0).toString(), svg);
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray drawing = svgFile.readAll();
        QVERIFY(drawing.contains("<svg"));
        QVERIFY(drawing.contains("width=\"900"));
        QVERIFY(drawing.contains("<path") || drawing.contains("<rect") || drawing.contains("<polyline"));
    }

    // Ana is in "Mornings", Ben in "Evenings": the Mornings team's conversations are those assigned
    // to or answered by Ana, c1 (10 min) and c3 (20 min), as with the agent filter.
    void teamFilterNarrowsToItsAgents()
    {
        bool finished = false;
        bool saved = false;
        m_store->run(
            this,
            [](Store::Database &db) -> Core::Status {
                Store::AgentRepository agents(db);
                if (Core::Status s = agents.upsert({ QStringLiteral("ana"), QStringLiteral("Ana Lima"),
                        QStringLiteral("Ana"), QStringLiteral("agent"), QStringLiteral("Mornings") });
                    !s)
                    return s;
                return agents.upsert({ QStringLiteral("ben"), QStringLiteral("Ben Okafor"), QStringLiteral("Ben"),
                    QStringLiteral("lead"), QStringLiteral("Evenings") });
            },
            [&](Core::Status status) {
                saved = status.ok();
                finished = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
        QVERIFY(saved);
        auto pane = newPane();
        QVERIFY(pane);
        auto *team = pane->findChild<QComboBox *>(QStringLiteral("dashboardTeam"));
        QVERIFY(team);
        QVERIFY(team->isVisible());
        QCOMPARE(team->count(), 3); // all, Evenings, Mornings
        QCOMPARE(team->itemText(2), QStringLiteral("Mornings"));
        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        team->setCurrentIndex(2);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(pane->data().filter.team, QStringLiteral("Mornings"));
        QCOMPARE(pane->data().rows.size(), 2);
        QCOMPARE(pane->headline(),
            QStringLiteral("First response, last 7 days: median 15 min, p90 20 min, mean 15 min "
                           "(2 answered, 0 still waiting) · SLA met 100% · no satisfaction answers"));
        pane->setTeam(QStringLiteral("Evenings"));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(pane->data().rows.size(), 2); // c2 and c4, Ben's
    }

    // Wall clock: c5 still waits 40 h (Thu 18 20:00 to now), then c4 60 min, c2 40, c3 20, c1 10.
    // Staffed hours: c5 has waited 8 h (Friday 09–17), c2 40 min, c4 30 min, c3 20, c1 10.
    void longestWaitsListTheLongestFirst()
    {
        auto pane = newPane();
        QVERIFY(pane);
        Gui::LongestWaitsTable *table = pane->longestWaits();
        QVERIFY(table);
        const auto order = [&] {
            QList<qint64> out;
            for (const auto &wait : table->waits())
                out << wait.conversationId;
            return out;
        };
        QCOMPARE(table->topLevelItemCount(), 5);
        QCOMPARE(order(), (QList<qint64> { m_ids.value(QStringLiteral("c5")), m_ids.value(QStringLiteral("c4")),
                              m_ids.value(QStringLiteral("c2")), m_ids.value(QStringLiteral("c3")),
                              m_ids.value(QStringLiteral("c1")) }));
        QCOMPARE(table->waits().at(0).seconds, 40 * 3600);
        QCOMPARE(table->topLevelItem(0)->text(Gui::LongestWaitsTable::CustomerColumn), QStringLiteral("Customer c5"));
        QCOMPARE(table->topLevelItem(0)->text(Gui::LongestWaitsTable::OutcomeColumn), QStringLiteral("still waiting"));
        QCOMPARE(table->topLevelItem(1)->text(Gui::LongestWaitsTable::WaitColumn), Core::formatDuration(3600));
        QCOMPARE(table->topLevelItem(1)->text(Gui::LongestWaitsTable::OutcomeColumn),
            QStringLiteral("answered by Ben Okafor"));

        // Activating a row opens that conversation.
        QSignalSpy requested(pane.get(), &Gui::DashboardPane::conversationsRequested);
        emit table->itemActivated(table->topLevelItem(1), 0);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.last().at(1).value<QList<qint64>>(), QList<qint64> { m_ids.value(QStringLiteral("c4")) });

        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        pane->setStaffedHoursOnly(true);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(order(), (QList<qint64> { m_ids.value(QStringLiteral("c5")), m_ids.value(QStringLiteral("c2")),
                              m_ids.value(QStringLiteral("c4")), m_ids.value(QStringLiteral("c3")),
                              m_ids.value(QStringLiteral("c1")) }));
        QCOMPARE(table->waits().at(0).seconds, 8 * 3600);
        QCOMPARE(table->waits().at(2).seconds, 30 * 60);
    }

    // Runs last: it adds history (addHistory()) the tests above do not expect.
    void trendChartsShowHandComputedFigures()
    {
        bool added = false;
        bool finished = false;
        m_store->run(
            this,
            [this](Store::Database &db) -> Core::Status {
                if (!addHistory(db))
                    return Core::Error::make(Core::Error::Code::CannotOpen, QStringLiteral("cannot add history"));
                return {};
            },
            [&](Core::Status status) {
                added = status.ok();
                finished = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
        QVERIFY(added);
        QCOMPARE(m_ids.size(), 8);

        auto pane = newPane();
        QVERIFY(pane);
        QCOMPARE(pane->data().rows.size(), 5); // prev and late began before the period

        // Backlog at 00:00 of Sunday 14 .. Saturday 20: "late" waits from Sat 13 22:00 to Mon 15
        // 09:00 (Sunday and Monday, though it began before the period); c5 from Thu 18 20:00 on
        // (Friday and Saturday). Every other wait lies within one day.
        const auto &backlog = pane->data().backlog;
        QCOMPARE(backlog.size(), 7);
        QCOMPARE(backlog.at(0).day, QDate(2026, 6, 14));
        QList<int> counts;
        for (const auto &point : backlog)
            counts << point.count;
        QCOMPARE(counts, (QList<int> { 1, 1, 0, 0, 0, 1, 1 }));
        auto *backlogLine = qobject_cast<QLineSeries *>(
            pane->chartView(Gui::DashboardChart::Backlog)->chart()->series().value(0));
        QVERIFY(backlogLine);
        QCOMPARE(backlogLine->points(),
            (QList<QPointF> { { 0, 1 }, { 1, 1 }, { 2, 0 }, { 3, 0 }, { 4, 0 }, { 5, 1 }, { 6, 1 } }));

        QSignalSpy requested(pane.get(), &Gui::DashboardPane::conversationsRequested);
        emit backlogLine->clicked(QPointF(0, 1)); // Sunday's point
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.last().at(1).value<QList<qint64>>(), ids({ "late" }));
        emit backlogLine->clicked(QPointF(5, 1)); // Friday's
        QCOMPARE(requested.last().at(1).value<QList<qint64>>(), ids({ "c5" }));
        emit backlogLine->clicked(QPointF(2, 0)); // Tuesday: nobody waiting, nothing to open
        QCOMPARE(requested.count(), 2);
        emit backlogLine->hovered(QPointF(5, 1), true);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("Customers waiting: 1")), qPrintable(QToolTip::text()));
        emit backlogLine->hovered(QPointF(5, 1), false);
        QTRY_VERIFY(!QToolTip::isVisible());

        // Top tags. This period: shipping c1 c2 c3, refund c1 c4, billing c2. Previous period
        // (prev, late): billing 2, shipping 1, refund 1. So shipping 3 vs 1 (+200%), refund 2 vs 1
        // (+100%), billing 1 vs 2 (−50%).
        const auto &tags = pane->data().topTags;
        QCOMPARE(tags.size(), 3);
        QCOMPARE(tags.at(0).tag, QStringLiteral("shipping"));
        QCOMPARE(tags.at(0).count, 3);
        QCOMPARE(tags.at(0).previousCount, 1);
        QCOMPARE(tags.at(1).tag, QStringLiteral("refund"));
        QCOMPARE(tags.at(1).count, 2);
        QCOMPARE(tags.at(1).previousCount, 1);
        QCOMPARE(tags.at(2).tag, QStringLiteral("billing"));
        QCOMPARE(tags.at(2).count, 1);
        QCOMPARE(tags.at(2).previousCount, 2);
        QCOMPARE(pane->data().previousFirstDay, QDate(2026, 6, 7));
        QChart *tagChart = pane->chartView(Gui::DashboardChart::TopTags)->chart();
        auto *tagBars = qobject_cast<QAbstractBarSeries *>(tagChart->series().value(0));
        QVERIFY(tagBars);
        QCOMPARE(tagBars->barSets().size(), 2);
        // Drawn bottom-up: billing, refund, shipping; the previous period first (below).
        QCOMPARE(valuesOf(tagBars->barSets().at(1)), (QList<double> { 1, 2, 3 }));
        QCOMPARE(valuesOf(tagBars->barSets().at(0)), (QList<double> { 2, 1, 1 }));
        auto *tagAxis = qobject_cast<QBarCategoryAxis *>(tagChart->axes(Qt::Vertical).value(0));
        QVERIFY(tagAxis);
        QCOMPARE(tagAxis->categories(),
            (QStringList { QStringLiteral("billing · 1 ▼ 50%"), QStringLiteral("refund · 2 ▲ 100%"),
                QStringLiteral("shipping · 3 ▲ 200%") }));
        emit tagBars->barSets().at(1)->clicked(2); // shipping, the top bar
        QCOMPARE(requested.count(), 3);
        QCOMPARE(requested.last().at(0).toString(), QStringLiteral("Tag shipping, last 7 days"));
        QCOMPARE(requested.last().at(1).value<QList<qint64>>(), ids({ "c1", "c2", "c3" }));
        emit tagBars->barSets().at(0)->hovered(true, 0); // billing, previous period
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("This period: 1 conversations")), qPrintable(QToolTip::text()));
        QVERIFY2(QToolTip::text().contains(QStringLiteral("Change: −50%")), qPrintable(QToolTip::text()));
        emit tagBars->barSets().at(0)->hovered(false, 0);
        QTRY_VERIFY(!QToolTip::isVisible());

        // First response by account, bottom-up: Mastodon @acme (c3 20, c4 60) → 40 min, then X
        // @acme (c1 10, c2 40) → 25 min, listed first (the lower account number).
        QBarSet *accounts = medianSet(pane->chartView(Gui::DashboardChart::ByAccount));
        QCOMPARE(valuesOf(accounts), (QList<double> { 40, 25 }));
        emit accounts->clicked(1); // the top bar: X
        QCOMPARE(requested.last().at(1).value<QList<qint64>>(), ids({ "c1", "c2" }));
        QCOMPARE(requested.last().at(0).toString(), QStringLiteral("First response, @acme (X)"));
        // By tag, most answered first: shipping (10, 40, 20) → 20, refund (10, 60) → 35, billing
        // (40) → 40; drawn bottom-up. c5 (no tag) has no answered first response.
        QBarSet *byTag = medianSet(pane->chartView(Gui::DashboardChart::ByTag));
        QCOMPARE(valuesOf(byTag), (QList<double> { 40, 35, 20 }));
        emit byTag->clicked(1); // refund
        QCOMPARE(requested.last().at(1).value<QList<qint64>>(), ids({ "c1", "c4" }));
        emit byTag->hovered(true, 2);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("Median 20 min · 90th percentile 40 min · mean 23 min · n = 3")),
            qPrintable(QToolTip::text()));
        emit byTag->hovered(false, 2);
        QTRY_VERIFY(!QToolTip::isVisible());

        // The metric selector redraws the time chart (Sunday .. Saturday, in minutes).
        auto *frt = pane->chartView(Gui::DashboardChart::FirstResponse);
        auto *title = pane->findChild<QLabel *>(QStringLiteral("dashboardTitle-first-response"));
        auto *info = pane->findChild<QToolButton *>(QStringLiteral("dashboardInfo-first-response"));
        QVERIFY(title && info);
        QCOMPARE(valuesOf(medianSet(frt)), (QList<double> { 0, 20, 0, 60, 0, 0, 0 }));
        QCOMPARE(frt->chart()->series().size(), 3); // with the target line
        // Next response: c1's second wait, 30 min, counts for Monday (its cycle's first message).
        pane->setTimeMetric(Core::MetricsAggregate::Metric::NextResponse);
        QCOMPARE(valuesOf(medianSet(frt)), (QList<double> { 0, 30, 0, 0, 0, 0, 0 }));
        QCOMPARE(frt->chart()->series().size(), 2); // no first-response target
        QCOMPARE(title->text(), QStringLiteral("Next response time per day"));
        QVERIFY(info->whatsThis().startsWith(QStringLiteral("Next response time:")));
        emit medianSet(frt)->clicked(1);
        QCOMPARE(requested.last().at(0).toString().left(15), QStringLiteral("Next response, "));
        QCOMPARE(requested.last().at(1).value<QList<qint64>>(), ids({ "c1" }));
        // Customer waiting: c1 10 + 30 = 40, c2 40, c3 20 → Monday 40; c4 60 on Wednesday.
        pane->setTimeMetric(Core::MetricsAggregate::Metric::WaitingTime);
        QCOMPARE(valuesOf(medianSet(frt)), (QList<double> { 0, 40, 0, 60, 0, 0, 0 }));
        QVERIFY(info->whatsThis().startsWith(QStringLiteral("Customer waiting time:")));
        // Resolution: c3, 24 hours (drawn in hours, past three hours).
        pane->setTimeMetric(Core::MetricsAggregate::Metric::Resolution);
        QCOMPARE(valuesOf(medianSet(frt)), (QList<double> { 0, 24, 0, 0, 0, 0, 0 }));
        QCOMPARE(title->text(), QStringLiteral("Resolution time per day"));
        emit medianSet(frt)->hovered(true, 1);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("Median 1 d · 90th percentile 1 d · mean 1 d · n = 1")),
            qPrintable(QToolTip::text()));
        emit medianSet(frt)->hovered(false, 1);
        QTRY_VERIFY(!QToolTip::isVisible());
        pane->setTimeMetric(Core::MetricsAggregate::Metric::FirstResponse);
        QCOMPARE(valuesOf(medianSet(frt)), (QList<double> { 0, 20, 0, 60, 0, 0, 0 }));
        QVERIFY(info->whatsThis().startsWith(QStringLiteral("First response time:")));

        // Every new chart explains itself and can be exported.
        for (const char *id : { "backlog", "top-tags", "by-account", "by-tag" }) {
            auto *button = pane->findChild<QToolButton *>(QStringLiteral("dashboardInfo-") + QString::fromLatin1(id));
            QVERIFY2(button, id);
            QVERIFY(!button->whatsThis().isEmpty());
        }
        auto *which = pane->findChild<QComboBox *>(QStringLiteral("dashboardExportWhich"));
        QVERIFY(which);
        QCOMPARE(which->count(), 11);
        QSignalSpy exported(pane.get(), &Gui::DashboardPane::exportFinished);
        for (auto chart : { Gui::DashboardChart::Backlog, Gui::DashboardChart::TopTags, Gui::DashboardChart::ByAccount,
                 Gui::DashboardChart::ByTag }) {
            const QString png = m_dir.filePath(Gui::DashboardInfo::id(chart) + QStringLiteral(".png"));
            pane->exportChart(chart, png, QSize(800, 500));
            QVERIFY(exported.wait(10000));
            QCOMPARE(exported.last().at(1).toString(), QString());
            QCOMPARE(QImage(png).size(), QSize(800, 500));
        }

        if (const QString dir = qEnvironmentVariable("CARE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            auto *scroll = pane->findChild<QScrollArea *>(QStringLiteral("dashboardScroll"));
            QVERIFY(scroll && scroll->widget());
            QVERIFY(scroll->widget()->grab().save(dir + QStringLiteral("/dashboard-pane-trends.png")));
            QVERIFY(pane->grab().save(dir + QStringLiteral("/dashboard-pane-trends-window.png")));
        }

        // A 30-day period: the previous period is the 30 days before it; the backlog has 30 days.
        QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
        pane->setPeriodDays(30);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(pane->data().backlog.size(), 30);
        QCOMPARE(pane->data().previousFirstDay, QDate(2026, 4, 22));
        // This period (22 May – 20 June) now holds prev, late and old too: billing 3, shipping 4,
        // refund 3; nothing before.
        QCOMPARE(pane->data().topTags.value(0).tag, QStringLiteral("shipping"));
        QCOMPARE(pane->data().topTags.value(0).count, 4);
        QCOMPARE(pane->data().topTags.value(0).previousCount, 0);
        QCOMPARE(valuesOf(tagBarsOf(pane.get())), (QList<double> { 3, 3, 4 })); // refund, billing, shipping
        if (const QString dir = qEnvironmentVariable("CARE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            auto *scroll = pane->findChild<QScrollArea *>(QStringLiteral("dashboardScroll"));
            QVERIFY(scroll->widget()->grab().save(dir + QStringLiteral("/dashboard-pane-trends-30days.png")));
        }
    }

    void satisfactionChartShowsAnswersByScore();
    void weeklyReportComparesTheWeekWithTheOneBefore();
};

// After the history: satisfaction answers, each counted for its cycle's first customer message:
//   c1 (Mon 15) 5, c2 (Mon 15) 2 then 4 (the latest counts), c3 (Mon 15, answered after it was
//   resolved Tue 16) 3, c4 (Wed 17) 4.
// Monday: 5, 4, 3 → mean 4, median 4, two of three satisfied; Wednesday: one 4.
void TestDashboardPane::satisfactionChartShowsAnswersByScore()
{
    bool recorded = false;
    bool finished = false;
    m_store->run(
        this,
        [this](Store::Database &db) -> Core::Status {
            Store::CsatRepository csat(db);
            const QList<std::tuple<const char *, int, QDateTime>> answers = {
                { "c1", 5, utc(15, 18, 0) },
                { "c2", 2, utc(15, 19, 0) },
                { "c2", 4, utc(16, 9, 0) },
                { "c3", 3, utc(16, 15, 0) },
                { "c4", 4, utc(17, 12, 0) },
            };
            for (const auto &[name, score, at] : answers) {
                if (Core::Status s = csat.record(m_ids.value(QString::fromLatin1(name)), score,
                        Store::CsatSource::Agent, QStringLiteral("ana"), at);
                    !s)
                    return s;
            }
            return {};
        },
        [&](Core::Status status) {
            recorded = status.ok();
            finished = true;
        });
    QTRY_VERIFY_WITH_TIMEOUT(finished, 10000);
    QVERIFY(recorded);

    auto pane = newPane();
    QVERIFY(pane);
    QVERIFY2(pane->headline().contains(QStringLiteral("CSAT 4.0 of 5 (n=4)")), qPrintable(pane->headline()));
    const auto &columns = pane->timeColumns();
    QCOMPARE(columns.csat.size(), 7); // Sunday 14 to Saturday 20
    QCOMPARE(columns.csat.at(1).summary.count, 3);
    QCOMPARE(columns.csat.at(1).summary.mean, 4.0);
    QCOMPARE(columns.csat.at(1).summary.median, 4.0);
    QCOMPARE(columns.csatScores.at(1), (std::array<int, 5> { 0, 0, 1, 1, 1 }));
    QCOMPARE(columns.csatScores.at(3), (std::array<int, 5> { 0, 0, 0, 1, 0 }));
    QCOMPARE(columns.csat.at(2).summary.count, 0);

    // Five stacked sets (scores 1 to 5) and the mean line.
    QChartView *view = pane->chartView(Gui::DashboardChart::Satisfaction);
    QVERIFY(view);
    auto *bars = qobject_cast<QAbstractBarSeries *>(view->chart()->series().value(0));
    QVERIFY(bars);
    QCOMPARE(bars->barSets().size(), 5);
    QCOMPARE(valuesOf(bars->barSets().at(3)), (QList<double> { 0, 1, 0, 1, 0, 0, 0 }));
    auto *mean = qobject_cast<QLineSeries *>(view->chart()->series().value(1));
    QVERIFY(mean);
    QCOMPARE(mean->points(), (QList<QPointF> { QPointF(1, 4.0), QPointF(3, 4.0) }));

    // Clicking Monday's bar opens c1, c2 and c3.
    QSignalSpy requested(pane.get(), &Gui::DashboardPane::conversationsRequested);
    emit bars->barSets().at(4)->clicked(1);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.last().at(1).value<QList<qint64>>(), ids({ "c1", "c2", "c3" }));

    const QString png = m_dir.filePath(QStringLiteral("satisfaction.png"));
    QSignalSpy exported(pane.get(), &Gui::DashboardPane::exportFinished);
    pane->exportChart(Gui::DashboardChart::Satisfaction, png, QSize(800, 500));
    QVERIFY(exported.wait(10000));
    QCOMPARE(QImage(png).size(), QSize(800, 500));
    if (const QString dir = qEnvironmentVariable("CARE_SCREENSHOT_DIR"); !dir.isEmpty()) {
        auto *scroll = pane->findChild<QScrollArea *>(QStringLiteral("dashboardScroll"));
        QVERIFY(scroll->widget()->grab().save(dir + QStringLiteral("/dashboard-pane-satisfaction.png")));
    }
}

// The week of Monday 15 June, still running at "now" (Saturday 20, 12:00), against Monday 8 to
// Sunday 14. This week: c1 (twice), c2, c3, c4, c5 wrote: 6 customer messages, of new
// conversations c4 (Wednesday 08:30) and c5 (Thursday 20:00) outside staffed hours; 6 replies
// (late's on Monday 09:00, c1 twice, c2, c3, c4). First responses 10, 20, 40, 60 min: median 30 min,
// p90 60 min; SLA (30 min) met by c1 and c3 of c1–c5 (c5 already missed): 40%. The week before:
// prev and late wrote; prev was answered in 5 min, late still waited at the end of Sunday.
void TestDashboardPane::weeklyReportComparesTheWeekWithTheOneBefore()
{
    QCOMPARE(Gui::WeeklyReport::lastCompleteWeek(utc(20, 12, 0), QTimeZone::utc()), QDate(2026, 6, 8));
    QCOMPARE(Gui::WeeklyReport::lastCompleteWeek(utc(22, 0, 30), QTimeZone::utc()), QDate(2026, 6, 15));

    std::optional<Gui::WeeklyReport> report;
    m_store->run(
        this,
        [this](Store::Database &db) {
            return Gui::WeeklyReport::compute(
                db, {}, QDate(2026, 6, 17), Core::MetricsAggregate::Variant::WallClock, m_now.now());
        },
        [&report](Core::Result<Gui::WeeklyReport> result) {
            QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().fullText()));
            report = result.value();
        });
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), 10000);
    QCOMPARE(report->monday, QDate(2026, 6, 15));
    QVERIFY(!report->complete);
    QCOMPARE(report->week.firstDay, QDate(2026, 6, 15));
    QCOMPARE(report->previous.firstDay, QDate(2026, 6, 8));

    const auto now = Gui::WeeklyReport::figures(report->week);
    QCOMPARE(now.conversations, 5);
    QCOMPARE(now.customerMessages, 6);
    QCOMPARE(now.unstaffedMessages, 2);
    QCOMPARE(now.replies, 6);
    QCOMPARE(now.firstResponse.count, 4);
    QCOMPARE(now.firstResponse.median, 30.0 * 60);
    QCOMPARE(now.firstResponse.p90, 60.0 * 60);
    QCOMPARE(now.stillWaiting, 1);
    QVERIFY(now.slaMetRate.has_value());
    QCOMPARE(*now.slaMetRate, 0.4);
    QCOMPARE(now.csat.count, 4);
    const auto before = Gui::WeeklyReport::figures(report->previous);
    QCOMPARE(before.conversations, 2);
    QCOMPARE(before.customerMessages, 2);
    QCOMPARE(before.replies, 1);
    // As at the end of Sunday 14, late was still waiting (Ben answered on Monday).
    QCOMPARE(before.firstResponse.count, 1);
    QCOMPARE(before.firstResponse.median, 5.0 * 60);
    QCOMPARE(before.stillWaiting, 1);

    const QString html = report->html();
    QVERIFY(html.contains(QStringLiteral("week in progress")));
    QVERIFY(html.contains(QStringLiteral("Customer c5")));
    QVERIFY(html.contains(QStringLiteral("median 30 min")));

    // Through the pane, as a lead would: a PDF of A4 pages with the charts drawn in.
    auto pane = newPane();
    QVERIFY(pane);
    QSignalSpy exported(pane.get(), &Gui::DashboardPane::exportFinished);
    const QString pdf = m_dir.filePath(QStringLiteral("weekly.pdf"));
    pane->exportWeeklyReport(QDate(2026, 6, 15), pdf);
    QVERIFY(exported.wait(20000));
    QCOMPARE(exported.last().at(1).toString(), QString());
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY2(bytes.count("/Type /Page\n") + bytes.count("/Type /Page\r") + bytes.count("/Type /Page ") >= 3
            || bytes.count("/Type /Page") - bytes.count("/Type /Pages") >= 3,
        "expected at least three pages");
    QVERIFY2(bytes.count("/Subtype /Image") >= 6, "expected the six charts as images");
    // The button's menu offers this week so far and the eight weeks before; choosing one asks
    // where to save it.
    auto *button = pane->findChild<QPushButton *>(QStringLiteral("dashboardWeeklyReport"));
    QVERIFY(button && button->menu());
    emit button->menu()->aboutToShow();
    const QList<QAction *> actions = button->menu()->actions();
    QCOMPARE(actions.size(), 1 + 1 + 8); // this week, a separator, eight complete weeks
    QVERIFY(actions.at(0)->text().contains(QStringLiteral("Week 25")));
    QVERIFY(actions.at(2)->text().startsWith(QStringLiteral("Week 24")));
    const QString chosen = m_dir.filePath(QStringLiteral("week24"));
    Gui::FileDialog::setNextSaveFileName(chosen);
    actions.at(2)->trigger();
    QVERIFY(exported.wait(20000));
    QCOMPARE(exported.last().at(0).toString(), chosen + QStringLiteral(".pdf"));
    QCOMPARE(exported.last().at(1).toString(), QString());
    QVERIFY(QFile::exists(chosen + QStringLiteral(".pdf")));

    if (const QString dir = qEnvironmentVariable("CARE_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QFile::remove(dir + QStringLiteral("/weekly-report.pdf"));
        QFile::copy(pdf, dir + QStringLiteral("/weekly-report.pdf"));
    }
}

QTEST_MAIN(TestDashboardPane)
#include "tst_dashboardpane.moc"
