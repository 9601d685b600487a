#pragma once

#include "core/Platform.h"
#include "gui/DashboardChartBuilder.h"
#include "gui/DashboardData.h"
#include "gui/DashboardInfo.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QSize>
#include <QWidget>
#include <memory>
#include <optional>

class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace Care::Core {
class Clock;
}
namespace Care::Store {
class Store;
}

namespace Care::Gui {

class LongestWaitsTable;
class VolumeHeatmap;

// The team lead's response-time dashboard: a filter bar (period, channel, agent, tag, staffed
// hours or wall clock), a headline, and charts of a response time per day (first response, next
// response, customer waiting or resolution, chosen beside the chart), the first-response SLA met
// rate, the customers waiting at the start of each day, the top tags against the previous period,
// first response by channel, agent, account and tag, satisfaction (CSAT) per day or week, the
// period's longest waits, and the inbound volume by weekday and hour.
// The implementation is split: DashboardPane.cpp builds the pane, loads and exports;
// DashboardPaneCharts.cpp renders the charts, their tooltips and click-through. Every
// chart explains how it is computed (docs/metrics.md) behind its ⓘ button, and every bar,
// point and cell opens the conversations behind it. Figures are computed on the store thread;
// a result that arrives after the filters changed again is dropped.
class DashboardPane : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardPane(Store::Store *store, QWidget *parent = nullptr);

    // Tests fix "now"; the clock must outlive the pane. nullptr: the system clock.
    void setClock(const Core::Clock *clock) { m_clock = clock; }

    // Filters, as the filter bar sets them. Each change reloads.
    void setPeriodDays(int days); // 7, 14, 30 or 90
    void setPlatform(std::optional<Core::Platform> platform);
    void setAgent(const QString &agentId);
    void setTeam(const QString &team); // empty: every team
    void setTag(const QString &tag);
    void setStaffedHoursOnly(bool staffed);
    // The time chart's metric (one of DashboardData::kTimeMetrics). Redraws without reloading.
    void setTimeMetric(Core::MetricsAggregate::Metric metric);
    Core::MetricsAggregate::Metric timeMetric() const;

    const DashboardData &data() const { return m_data; }
    bool isLoaded() const { return m_loaded; }
    // True while the session's first computation runs beside the store's worker.
    bool isWarming() const { return m_warming; }
    QString headline() const;
    QChartView *chartView(DashboardChart chart) const;
    VolumeHeatmap *heatmap() const { return m_heatmap; }
    LongestWaitsTable *longestWaits() const { return m_longestWaits; }
    // What the bars and points of the time charts stand for, oldest period first.
    const DashboardChartBuilder::TimeColumns &timeColumns() const { return m_columns; }

    // Writes on the store thread; exportFinished() reports the outcome.
    void exportCsv(const QString &path);
    // PNG or PDF by the file name's suffix, `size` in pixels (PDF: the page keeps its aspect).
    void exportChart(DashboardChart chart, const QString &path, const QSize &size);
    // The weekly report (WeeklyReport) of the week `day` falls in, under the current filters, as a
    // PDF; exportFinished() reports the outcome.
    void exportWeeklyReport(const QDate &day, const QString &path);

public slots:
    void reload();
    // Click-through: each emits conversationsRequested() with the ids behind the item.
    void openFirstResponseColumn(int index);
    void openPlatformBar(int index);
    void openAgentBar(int index);
    void openSlaColumn(int index);
    void openVolumeCell(int weekday, int hour);
    void openBacklogPoint(int index); // a day of data().backlog
    void openTopTag(int index); // in data().topTags order
    void openAccountBar(int index); // top-down, as the bars are listed
    void openTagBar(int index); // top-down, as the bars are listed
    void openSatisfactionColumn(int index); // a period of timeColumns()
    void openLongestWait(int row); // in data().longestWaits order

signals:
    void conversationsRequested(const QString &title, const QList<qint64> &conversationIds);
    void reloaded();
    // `error` is empty on success.
    void exportFinished(const QString &path, const QString &error);

private:
    QWidget *buildFilterBar();
    QWidget *buildCard(DashboardChart chart, QWidget *content, QWidget *headerExtra = nullptr);
    void populateAgents();
    void populateAccounts();
    void populateTeams();
    void render();
    void renderBreakdowns();
    void renderTimeChart();
    void renderTrends();
    void connectCharts();
    void connectTimeChart();
    void connectTrendCharts();
    void connectSatisfactionChart();
    QString describeSatisfaction(int index) const;
    QString infoText(DashboardChart chart) const;
    QString chartTitle(DashboardChart chart) const;
    QString accountName(const QString &accountKey) const;
    QString tagName(const QString &tag) const;
    QString dayTitle(const QDate &day) const;
    void chooseCsvFile();
    void chooseChartFile();
    void chooseWeeklyReport(const QDate &monday);
    void populateReportWeeks();
    void writeBytes(const QByteArray &bytes, const QString &path); // on the store thread
    Store::MetricsFilter currentFilter() const;
    void showInfo(DashboardChart chart, QToolButton *button);
    void emitRequest(const QString &title, const QList<qint64> &ids);
    QString periodTitle(int index) const;
    QString agentName(const QString &agentId) const;
    QString describe(const Core::MetricsAggregate::Bucket &bucket, const QString &title,
        Core::MetricsAggregate::Metric metric = Core::MetricsAggregate::Metric::FirstResponse) const;
    QWidget *chartWidget(DashboardChart chart) const;

    Store::Store *m_store;
    const Core::Clock *m_clock = nullptr;

    QComboBox *m_period;
    QComboBox *m_platform;
    QComboBox *m_agent;
    QComboBox *m_team;
    QComboBox *m_account;
    QLineEdit *m_tag;
    QCheckBox *m_staffed;
    QPushButton *m_exportCsv;
    QComboBox *m_exportWhich;
    QPushButton *m_exportChart;
    QPushButton *m_weeklyReport;
    QLabel *m_headline;
    QLabel *m_status;
    QChartView *m_frtView;
    QChartView *m_platformView;
    QChartView *m_agentView;
    QChartView *m_slaView;
    QChartView *m_backlogView;
    QChartView *m_topTagsView;
    QChartView *m_accountView;
    QChartView *m_tagView;
    QChartView *m_csatView;
    LongestWaitsTable *m_longestWaits;
    QComboBox *m_timeMetric = nullptr;
    QToolButton *m_timeInfo = nullptr;
    VolumeHeatmap *m_heatmap;
    QList<QLabel *> m_cardTitles;

    DashboardData m_data;
    DashboardChartBuilder::TimeColumns m_columns;
    QList<Core::MetricsAggregate::Bucket> m_platformBuckets;
    QList<Core::MetricsAggregate::Bucket> m_agentBuckets;
    QList<Core::MetricsAggregate::Bucket> m_accountBuckets; // top-down
    QList<Core::MetricsAggregate::Bucket> m_tagBuckets; // top-down
    bool m_loaded = false;
    quint64 m_request = 0;
    // The first computation of a session runs on a connection of its own (reload()); the kept
    // figures are warm once it has succeeded.
    bool m_warming = false;
    bool m_warm = false;
    // Every conversation's figures, kept on the store thread between refreshes (only the store
    // thread's jobs touch it; shared so a job still queued when the pane goes keeps it alive).
    std::shared_ptr<Store::MetricsCache> m_metricsCache;
};

} // namespace Care::Gui
