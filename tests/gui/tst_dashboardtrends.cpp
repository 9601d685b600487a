// The dashboard's trend charts, satisfaction chart and weekly report on the store of
// tst_dashboardpane.cpp (DashboardPaneFixture) with the history addHistory() adds: backlog across
// midnights, top tags against the period before, next responses, resolution, CSAT by score and the
// weekly report's comparison with the week before.
#include "DashboardPaneFixture.h"

#include "core/DurationFormat.h"
#include "gui/FileDialog.h"
#include "gui/LongestWaitsTable.h"
#include "gui/VolumeHeatmap.h"
#include "gui/WeeklyReport.h"
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

class TestDashboardTrends : public DashboardPaneFixture
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(openFixture()); }

    // Adds the history (addHistory()) the other tests here build on; runs first.
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
void TestDashboardTrends::satisfactionChartShowsAnswersByScore()
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
void TestDashboardTrends::weeklyReportComparesTheWeekWithTheOneBefore()
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

QTEST_MAIN(TestDashboardTrends)
#include "tst_dashboardtrends.moc"
