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
#include "DashboardPaneFixture.h"

#include "core/DurationFormat.h"
#include "gui/FileDialog.h"
#include "gui/LongestWaitsTable.h"
#include "gui/VolumeHeatmap.h"
#include "gui/WeeklyReport.h"
#include "store/AgentRepository.h"
#include "store/CsatRepository.h"
#include "store/ConversationActions.h"

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

class TestDashboardPane : public DashboardPaneFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(openFixture()); }

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
};

QTEST_MAIN(TestDashboardPane)
#include "tst_dashboardpane.moc"
