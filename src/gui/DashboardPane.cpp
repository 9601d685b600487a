#include "gui/DashboardPane.h"

#include "store/MetricsCache.h"

#include "core/DurationFormat.h"
#include "core/SystemClock.h"
#include "gui/ChartImageExporter.h"
#include "gui/FileDialog.h"
#include "gui/LongestWaitsTable.h"
#include "gui/WeeklyReport.h"
#include "gui/VolumeHeatmap.h"
#include "store/MetricsCache.h"
#include "store/MetricsCsv.h"
#include "store/Store.h"

#include <QAbstractItemView>
#include <QBarSeries>
#include <QBarSet>
#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QCursor>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QIcon>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPdfWriter>
#include <QPixmap>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QStringList>
#include <QThreadPool>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWhatsThis>
#include <algorithm>

namespace Care::Gui {

namespace {

using Core::MetricsAggregate;

constexpr int kPresetDays[] = { 7, 14, 30, 90 };
// In the pane's order: left to right, top to bottom.
constexpr DashboardChart kCharts[] = { DashboardChart::FirstResponse, DashboardChart::SlaRate,
    DashboardChart::Backlog, DashboardChart::TopTags, DashboardChart::ByPlatform, DashboardChart::ByAgent,
    DashboardChart::ByAccount, DashboardChart::ByTag, DashboardChart::Satisfaction, DashboardChart::LongestWaits,
    DashboardChart::Volume };

// The ⓘ glyph is missing from many fonts, so the button draws its own.
QIcon infoIcon(const QColor &colour)
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour, 2.5));
    painter.drawEllipse(QRectF(2.5, 2.5, 27, 27));
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(14, 7.5, 4, 4));
    painter.drawRoundedRect(QRectF(14, 13.5, 4, 11.5), 1, 1);
    painter.end();
    return QIcon(pixmap);
}

QChartView *newChartView(const QString &objectName, int minimumHeight)
{
    auto *view = new QChartView;
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(minimumHeight);
    view->setFrameShape(QFrame::NoFrame);
    return view;
}

} // namespace

DashboardPane::DashboardPane(Store::Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_headline(new QLabel(this))
    , m_status(new QLabel(this))
    , m_frtView(newChartView(QStringLiteral("dashboardFirstResponseChart"), 260))
    , m_platformView(newChartView(QStringLiteral("dashboardPlatformChart"), 200))
    , m_agentView(newChartView(QStringLiteral("dashboardAgentChart"), 200))
    , m_slaView(newChartView(QStringLiteral("dashboardSlaChart"), 260))
    , m_backlogView(newChartView(QStringLiteral("dashboardBacklogChart"), 240))
    , m_topTagsView(newChartView(QStringLiteral("dashboardTopTagsChart"), 300))
    , m_accountView(newChartView(QStringLiteral("dashboardAccountChart"), 200))
    , m_tagView(newChartView(QStringLiteral("dashboardTagChart"), 200))
    , m_csatView(newChartView(QStringLiteral("dashboardSatisfactionChart"), 260))
    , m_longestWaits(new LongestWaitsTable(this))
    , m_heatmap(new VolumeHeatmap(this))
{
    setObjectName(QStringLiteral("dashboardPane"));
    m_headline->setObjectName(QStringLiteral("dashboardHeadline"));
    m_headline->setTextFormat(Qt::PlainText);
    m_headline->setWordWrap(true);
    QFont headlineFont = m_headline->font();
    headlineFont.setBold(true);
    headlineFont.setPointSizeF(headlineFont.pointSizeF() * 1.1);
    m_headline->setFont(headlineFont);
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(8);
    m_timeMetric = new QComboBox(this);
    m_timeMetric->setObjectName(QStringLiteral("dashboardTimeMetric"));
    m_timeMetric->setToolTip(tr("Which response time the chart shows"));
    for (MetricsAggregate::Metric metric : DashboardData::kTimeMetrics)
        m_timeMetric->addItem(DashboardInfo::metricName(metric), int(metric));
    grid->addWidget(buildCard(DashboardChart::FirstResponse, m_frtView, m_timeMetric), 0, 0);
    grid->addWidget(buildCard(DashboardChart::SlaRate, m_slaView), 0, 1);
    grid->addWidget(buildCard(DashboardChart::Backlog, m_backlogView), 1, 0);
    grid->addWidget(buildCard(DashboardChart::TopTags, m_topTagsView), 1, 1);
    grid->addWidget(buildCard(DashboardChart::ByPlatform, m_platformView), 2, 0);
    grid->addWidget(buildCard(DashboardChart::ByAgent, m_agentView), 2, 1);
    grid->addWidget(buildCard(DashboardChart::ByAccount, m_accountView), 3, 0);
    grid->addWidget(buildCard(DashboardChart::ByTag, m_tagView), 3, 1);
    grid->addWidget(buildCard(DashboardChart::Satisfaction, m_csatView), 4, 0);
    grid->addWidget(buildCard(DashboardChart::LongestWaits, m_longestWaits), 4, 1);
    grid->addWidget(buildCard(DashboardChart::Volume, m_heatmap), 5, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(m_headline);
    contentLayout->addWidget(m_status);
    contentLayout->addLayout(grid, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("dashboardScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildFilterBar());
    layout->addWidget(scroll, 1);

    connect(m_heatmap, &VolumeHeatmap::cellClicked, this, &DashboardPane::openVolumeCell);
    connect(m_longestWaits, &LongestWaitsTable::conversationRequested, this, &DashboardPane::openLongestWait);
    connect(m_timeMetric, &QComboBox::currentIndexChanged, this, [this] {
        if (m_timeInfo)
            m_timeInfo->setWhatsThis(infoText(DashboardChart::FirstResponse));
        if (m_loaded)
            renderTimeChart();
    });
}

QWidget *DashboardPane::buildFilterBar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("dashboardFilterBar"));
    // Filters on the first line, exports on the second: one line would not fit a laptop screen,
    // least of all in German.
    auto *lines = new QVBoxLayout(bar);
    lines->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    auto *exports = new QHBoxLayout;
    lines->addLayout(row);
    lines->addLayout(exports);
    row->setContentsMargins(0, 0, 0, 0);

    m_period = new QComboBox(bar);
    m_period->setObjectName(QStringLiteral("dashboardPeriod"));
    for (int days : kPresetDays)
        m_period->addItem(tr("Last %1 days").arg(days), days);

    m_platform = new QComboBox(bar);
    m_platform->setObjectName(QStringLiteral("dashboardPlatform"));
    m_platform->addItem(tr("All channels"), QString());
    for (Core::Platform platform : Core::allPlatforms())
        m_platform->addItem(Core::platformDisplayName(platform), Core::platformId(platform));

    m_account = new QComboBox(bar);
    m_account->setObjectName(QStringLiteral("dashboardAccount"));
    m_account->addItem(tr("All accounts"), qint64(0));
    m_account->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_agent = new QComboBox(bar);
    m_agent->setObjectName(QStringLiteral("dashboardAgent"));
    m_agent->addItem(tr("All agents"), QString());
    m_agent->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_team = new QComboBox(bar);
    m_team->setObjectName(QStringLiteral("dashboardTeam"));
    m_team->addItem(tr("All teams"), QString());
    m_team->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_team->setToolTip(tr("The conversations assigned to or answered by anyone in the team"));
    m_team->hide(); // until agents have teams

    m_tag = new QLineEdit(bar);
    m_tag->setObjectName(QStringLiteral("dashboardTag"));
    m_tag->setPlaceholderText(tr("Any tag"));
    m_tag->setClearButtonEnabled(true);
    m_tag->setMaximumWidth(160);

    m_staffed = new QCheckBox(tr("Staffed hours only"), bar);
    m_staffed->setObjectName(QStringLiteral("dashboardStaffedOnly"));
    m_staffed->setToolTip(tr("Count only the seconds within the team calendar's opening hours, instead of every "
                             "real second (wall clock)."));

    m_exportCsv = new QPushButton(tr("Export CSV…"), bar);
    m_exportCsv->setObjectName(QStringLiteral("dashboardExportCsv"));
    m_exportCsv->setToolTip(tr("One row per conversation under the current filters."));
    m_exportWhich = new QComboBox(bar);
    m_exportWhich->setObjectName(QStringLiteral("dashboardExportWhich"));
    for (DashboardChart chart : kCharts)
        m_exportWhich->addItem(DashboardInfo::title(chart, false), int(chart));
    // Chart titles run long in some languages (German): the closed chooser keeps about 24 characters
    // and elides the rest, so the filter bar fits; the open list shows every title whole.
    m_exportWhich->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_exportWhich->setMinimumContentsLength(24);
    m_exportWhich->view()->setMinimumWidth(m_exportWhich->view()->sizeHintForColumn(0) + 24);
    m_exportChart = new QPushButton(tr("Export chart…"), bar);
    m_exportChart->setObjectName(QStringLiteral("dashboardExportChart"));
    m_exportChart->setToolTip(tr("Save the chart chosen beside it as a PNG image, an SVG drawing or a PDF document."));

    m_weeklyReport = new QPushButton(tr("Weekly report"), bar);
    m_weeklyReport->setObjectName(QStringLiteral("dashboardWeeklyReport"));
    m_weeklyReport->setToolTip(tr("A PDF for the week: headline figures against the week before, the main charts, "
                                  "the top tags and the longest waits, under the current filters."));
    m_weeklyReport->setMenu(new QMenu(m_weeklyReport));
    connect(m_weeklyReport->menu(), &QMenu::aboutToShow, this, &DashboardPane::populateReportWeeks);

    auto *periodLabel = new QLabel(tr("Period:"), bar);
    periodLabel->setBuddy(m_period);
    row->addWidget(periodLabel);
    row->addWidget(m_period);
    row->addWidget(m_platform);
    row->addWidget(m_account);
    row->addWidget(m_agent);
    row->addWidget(m_team);
    row->addWidget(m_tag);
    row->addWidget(m_staffed);
    row->addStretch(1);
    exports->addStretch(1);
    exports->addWidget(m_exportCsv);
    exports->addWidget(m_exportWhich);
    exports->addWidget(m_exportChart);
    exports->addWidget(m_weeklyReport);

    connect(m_period, &QComboBox::currentIndexChanged, this, &DashboardPane::reload);
    connect(m_platform, &QComboBox::currentIndexChanged, this, &DashboardPane::reload);
    connect(m_agent, &QComboBox::currentIndexChanged, this, &DashboardPane::reload);
    connect(m_team, &QComboBox::currentIndexChanged, this, &DashboardPane::reload);
    connect(m_account, &QComboBox::currentIndexChanged, this, &DashboardPane::reload);
    connect(m_tag, &QLineEdit::editingFinished, this, [this] {
        if (m_tag->text().trimmed() != m_data.filter.tag)
            reload();
    });
    connect(m_staffed, &QCheckBox::toggled, this, &DashboardPane::reload);
    connect(m_exportCsv, &QPushButton::clicked, this, &DashboardPane::chooseCsvFile);
    connect(m_exportChart, &QPushButton::clicked, this, &DashboardPane::chooseChartFile);
    return bar;
}

QWidget *DashboardPane::buildCard(DashboardChart chart, QWidget *content, QWidget *headerExtra)
{
    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("dashboardCard-") + DashboardInfo::id(chart));
    card->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(2);
    auto *header = new QHBoxLayout;
    auto *title = new QLabel(DashboardInfo::title(chart, false), card);
    title->setObjectName(QStringLiteral("dashboardTitle-") + DashboardInfo::id(chart));
    title->setTextFormat(Qt::PlainText);
    title->setProperty("chart", int(chart));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_cardTitles << title;
    auto *info = new QToolButton(card);
    info->setObjectName(QStringLiteral("dashboardInfo-") + DashboardInfo::id(chart));
    info->setText(QStringLiteral("ⓘ"));
    info->setIcon(infoIcon(palette().color(QPalette::Highlight)));
    info->setIconSize(QSize(16, 16));
    info->setToolButtonStyle(Qt::ToolButtonIconOnly);
    info->setAutoRaise(true);
    info->setToolTip(tr("How is this computed?"));
    info->setAccessibleName(tr("How is this computed?"));
    info->setWhatsThis(infoText(chart));
    if (chart == DashboardChart::FirstResponse)
        m_timeInfo = info;
    connect(info, &QToolButton::clicked, this, [this, chart, info] { showInfo(chart, info); });
    header->addWidget(title);
    header->addStretch(1);
    if (headerExtra)
        header->addWidget(headerExtra);
    header->addWidget(info);
    layout->addLayout(header);
    layout->addWidget(content, 1);
    return card;
}

void DashboardPane::showInfo(DashboardChart chart, QToolButton *button)
{
    QWhatsThis::showText(button->mapToGlobal(QPoint(0, button->height())), infoText(chart), button);
}

QString DashboardPane::infoText(DashboardChart chart) const
{
    if (chart == DashboardChart::FirstResponse)
        return DashboardInfo::timeInfoText(timeMetric());
    return DashboardInfo::infoText(chart);
}

QString DashboardPane::chartTitle(DashboardChart chart) const
{
    const bool weekly = m_data.timeGrouping == MetricsAggregate::Grouping::Week;
    if (chart == DashboardChart::FirstResponse)
        return DashboardInfo::timeTitle(timeMetric(), weekly);
    return DashboardInfo::title(chart, weekly);
}

void DashboardPane::setTimeMetric(MetricsAggregate::Metric metric)
{
    const int index = m_timeMetric->findData(int(metric));
    if (index >= 0)
        m_timeMetric->setCurrentIndex(index);
}

MetricsAggregate::Metric DashboardPane::timeMetric() const
{
    return m_timeMetric ? MetricsAggregate::Metric(m_timeMetric->currentData().toInt())
                        : MetricsAggregate::Metric::FirstResponse;
}

void DashboardPane::setPeriodDays(int days)
{
    const int index = m_period->findData(days);
    if (index >= 0)
        m_period->setCurrentIndex(index);
}

void DashboardPane::setPlatform(std::optional<Core::Platform> platform)
{
    const int index = m_platform->findData(platform ? Core::platformId(*platform) : QString());
    if (index >= 0)
        m_platform->setCurrentIndex(index);
}

void DashboardPane::setAgent(const QString &agentId)
{
    int index = m_agent->findData(agentId);
    if (index < 0) {
        m_agent->addItem(agentId, agentId);
        index = m_agent->count() - 1;
    }
    m_agent->setCurrentIndex(index);
}

void DashboardPane::setTeam(const QString &team)
{
    int index = m_team->findData(team);
    if (index < 0) {
        m_team->addItem(team, team);
        index = m_team->count() - 1;
    }
    m_team->setCurrentIndex(index);
}

void DashboardPane::setTag(const QString &tag)
{
    m_tag->setText(tag);
    if (m_tag->text().trimmed() != m_data.filter.tag)
        reload();
}

void DashboardPane::setStaffedHoursOnly(bool staffed)
{
    m_staffed->setChecked(staffed);
}

Store::MetricsFilter DashboardPane::currentFilter() const
{
    Store::MetricsFilter filter;
    filter.platform = Core::platformFromId(m_platform->currentData().toString());
    filter.agent = m_agent->currentData().toString();
    filter.team = m_team->currentData().toString();
    filter.accountId = m_account->currentData().toLongLong();
    filter.tag = m_tag->text().trimmed();
    return filter;
}

void DashboardPane::reload()
{
    const Store::MetricsFilter filter = currentFilter();
    const int days = m_period->currentData().toInt();
    const auto variant
        = m_staffed->isChecked() ? MetricsAggregate::Variant::StaffedHours : MetricsAggregate::Variant::WallClock;
    const Core::SystemClock systemClock;
    const QDateTime now = m_clock ? m_clock->now() : systemClock.now();
    const quint64 request = ++m_request;
    m_status->setText(tr("Updating…"));
    m_status->show();
    if (!m_metricsCache)
        m_metricsCache = std::make_shared<Store::MetricsCache>();
    if (m_warming)
        return; // the first computation is running: the newest filters follow it (below)
    auto compute = [cache = m_metricsCache, filter, days, variant, now](Store::Database &db) {
        return DashboardData::compute(db, *cache, filter, days, variant, now);
    };
    const auto deliver = [this, request](Core::Result<DashboardData> result) {
        if (request != m_request)
            return; // the filters changed meanwhile: a newer result is on its way
        if (!result) {
            m_status->setText(result.error().fullText());
            return;
        }
        m_data = std::move(result).value();
        m_loaded = true;
        m_status->clear();
        m_status->hide();
        render();
        emit reloaded();
    };
    if (m_warm) {
        m_store->run(this, compute, deliver);
        return;
    }
    // The session's first computation reads every conversation's kept figures, or its log when
    // none are kept (2 s to a minute at a million messages). It runs on a connection and a
    // thread of its own, so the inbox and the conversation pane keep the store's worker
    // meanwhile; the filter changes after it are quick and go through the worker as usual.
    m_warming = true;
    m_store->run(
        this, [](Store::Database &db) { return Core::Result<Store::DatabaseLocation>(db.location()); },
        [this, request, compute, deliver](Core::Result<Store::DatabaseLocation> location) {
            if (!location) {
                m_warming = false;
                deliver(location.error());
                return;
            }
            QPointer<DashboardPane> self(this);
            QThreadPool::globalInstance()->start([self, request, compute, deliver, location = location.value()] {
                const Core::Result<DashboardData> result = [&]() -> Core::Result<DashboardData> {
                    Store::Database::OpenOptions options;
                    options.createIfMissing = false;
                    options.migrate = false;
                    auto db = Store::Database::open(location, options); // closed on this thread
                    if (!db)
                        return db.error();
                    return compute(*db.value());
                }();
                QMetaObject::invokeMethod(QCoreApplication::instance(), [self, request, deliver, result] {
                    if (!self)
                        return;
                    self->m_warming = false;
                    self->m_warm = result.ok();
                    deliver(result);
                    if (request != self->m_request)
                        self->reload(); // the filters changed while it ran: show the newest
                });
            });
        });
}

void DashboardPane::populateAgents()
{
    const QString current = m_agent->currentData().toString();
    const QSignalBlocker blocker(m_agent);
    m_agent->clear();
    m_agent->addItem(tr("All agents"), QString());
    for (const Core::Agent &agent : std::as_const(m_data.agents))
        m_agent->addItem(agent.name.isEmpty() ? agent.id : agent.name, agent.id);
    int index = m_agent->findData(current);
    if (index < 0) {
        m_agent->addItem(current, current);
        index = m_agent->count() - 1;
    }
    m_agent->setCurrentIndex(index);
}

void DashboardPane::populateTeams()
{
    const QString current = m_team->currentData().toString();
    const QSignalBlocker blocker(m_team);
    m_team->clear();
    m_team->addItem(tr("All teams"), QString());
    for (const QString &team : std::as_const(m_data.teams))
        m_team->addItem(team, team);
    int index = m_team->findData(current);
    if (index < 0) {
        m_team->addItem(current, current);
        index = m_team->count() - 1;
    }
    m_team->setCurrentIndex(index);
    m_team->setVisible(m_team->count() > 1);
}

void DashboardPane::populateAccounts()
{
    const qint64 current = m_account->currentData().toLongLong();
    const QSignalBlocker blocker(m_account);
    m_account->clear();
    m_account->addItem(tr("All accounts"), qint64(0));
    for (const Core::Account &account : std::as_const(m_data.accounts))
        m_account->addItem(tr("%1 on %2").arg(account.name, Core::platformDisplayName(account.platform)), account.id);
    const int index = m_account->findData(current);
    m_account->setCurrentIndex(index < 0 ? 0 : index);
}

QString DashboardPane::agentName(const QString &agentId) const
{
    return agentId.isEmpty() ? tr("Nobody") : m_data.agentNames().value(agentId, agentId);
}

QString DashboardPane::headline() const
{
    return m_headline->text();
}

QWidget *DashboardPane::chartWidget(DashboardChart chart) const
{
    if (chart == DashboardChart::Volume)
        return m_heatmap;
    if (chart == DashboardChart::LongestWaits)
        return m_longestWaits;
    return chartView(chart);
}

QChartView *DashboardPane::chartView(DashboardChart chart) const
{
    switch (chart) {
    case DashboardChart::FirstResponse:
        return m_frtView;
    case DashboardChart::ByPlatform:
        return m_platformView;
    case DashboardChart::ByAgent:
        return m_agentView;
    case DashboardChart::SlaRate:
        return m_slaView;
    case DashboardChart::Backlog:
        return m_backlogView;
    case DashboardChart::TopTags:
        return m_topTagsView;
    case DashboardChart::ByAccount:
        return m_accountView;
    case DashboardChart::ByTag:
        return m_tagView;
    case DashboardChart::Satisfaction:
        return m_csatView;
    case DashboardChart::Volume:
    case DashboardChart::LongestWaits:
        break;
    }
    return nullptr;
}

void DashboardPane::chooseCsvFile()
{
    const QString path = FileDialog::saveFileName(this, tr("Export response times"),
        QStringLiteral("response-times-%1.csv").arg(m_data.now.toString(QStringLiteral("yyyy-MM-dd"))),
        tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

void DashboardPane::chooseChartFile()
{
    const auto chart = DashboardChart(m_exportWhich->currentData().toInt());
    QString path = FileDialog::saveFileName(this, tr("Export chart"), DashboardInfo::id(chart) + QStringLiteral(".png"),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".png");
    QWidget *widget = chartWidget(chart);
    // Twice the on-screen size, so the image stays sharp in slides and documents.
    exportChart(chart, path, widget->size() * 2);
}

void DashboardPane::populateReportWeeks()
{
    QMenu *menu = m_weeklyReport->menu();
    menu->clear();
    const Core::SystemClock systemClock;
    const QDateTime now = m_clock ? m_clock->now() : systemClock.now();
    const QDate last = WeeklyReport::lastCompleteWeek(now, m_data.calendar.timeZone());
    const QLocale locale;
    const auto weekText = [&locale](const QDate &monday) {
        return tr("Week %1: %2 – %3")
            .arg(monday.weekNumber())
            .arg(locale.toString(monday, QStringLiteral("d MMM")), locale.toString(monday.addDays(6), QStringLiteral("d MMM yyyy")));
    };
    QAction *current = menu->addAction(tr("This week so far (%1)").arg(weekText(last.addDays(7))));
    connect(current, &QAction::triggered, this, [this, last] { chooseWeeklyReport(last.addDays(7)); });
    menu->addSeparator();
    for (int back = 0; back < 8; ++back) {
        const QDate monday = last.addDays(-7 * back);
        QAction *action = menu->addAction(weekText(monday));
        connect(action, &QAction::triggered, this, [this, monday] { chooseWeeklyReport(monday); });
    }
}

void DashboardPane::chooseWeeklyReport(const QDate &monday)
{
    const QString path = FileDialog::saveFileName(this, tr("Save weekly report"),
        QStringLiteral("weekly-report-%1-W%2.pdf").arg(monday.year()).arg(monday.weekNumber(), 2, 10, QLatin1Char('0')),
        tr("PDF document (*.pdf)"));
    if (!path.isEmpty())
        exportWeeklyReport(monday, path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive) ? path : path + QStringLiteral(".pdf"));
}

void DashboardPane::exportWeeklyReport(const QDate &day, const QString &path)
{
    const Store::MetricsFilter filter = currentFilter();
    const auto variant
        = m_staffed->isChecked() ? MetricsAggregate::Variant::StaffedHours : MetricsAggregate::Variant::WallClock;
    const Core::SystemClock systemClock;
    const QDateTime now = m_clock ? m_clock->now() : systemClock.now();
    m_status->setText(tr("Preparing the weekly report…"));
    m_status->show();
    m_store->run(
        this,
        [filter, day, variant, now](Store::Database &db) { return WeeklyReport::compute(db, filter, day, variant, now); },
        [this, path](Core::Result<WeeklyReport> report) {
            m_status->clear();
            m_status->hide();
            if (!report) {
                emit exportFinished(path, report.error().fullText());
                return;
            }
            // Drawing needs the GUI thread; the bytes are written on the store thread.
            writeBytes(report.value().pdf(), path);
        });
}

void DashboardPane::writeBytes(const QByteArray &bytes, const QString &path)
{
    m_store->run(
        this,
        [bytes, path](Store::Database &) -> Core::Status {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
                return Core::Error::make(
                    Core::Error::Code::CannotOpen, tr("Cannot write %1: %2").arg(path, file.errorString()));
            return {};
        },
        [this, path](
            Core::Status status) { emit exportFinished(path, status ? QString() : status.error().fullText()); });
}

void DashboardPane::exportCsv(const QString &path)
{
    const Store::MetricsRows rows = m_data.rows;
    m_store->run(
        this,
        [rows, path](Store::Database &) -> Core::Status {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return Core::Error::make(
                    Core::Error::Code::CannotOpen, tr("Cannot write %1: %2").arg(path, file.errorString()));
            if (Core::Status written = Store::MetricsCsv::write(file, rows); !written)
                return written;
            if (!file.commit())
                return Core::Error::make(
                    Core::Error::Code::CannotOpen, tr("Cannot write %1: %2").arg(path, file.errorString()));
            return {};
        },
        [this, path](
            Core::Status status) { emit exportFinished(path, status ? QString() : status.error().fullText()); });
}

void DashboardPane::exportChart(DashboardChart chart, const QString &path, const QSize &size)
{
    QWidget *widget = chartWidget(chart);
    QStringList parts { chartTitle(chart), tr("last %1 days").arg(m_data.days) };
    if (m_data.filter.platform)
        parts << Core::platformDisplayName(*m_data.filter.platform);
    if (!m_data.filter.agent.isEmpty())
        parts << agentName(m_data.filter.agent);
    if (!m_data.filter.tag.isEmpty())
        parts << tr("tag %1").arg(m_data.filter.tag);
    if (m_data.variant == MetricsAggregate::Variant::StaffedHours)
        parts << tr("staffed hours only");
    const QString title = parts.join(QStringLiteral(" · "));
    const QString suffix = QFileInfo(path).suffix().toLower();
    // Drawing needs the GUI thread; only the bytes go to the store thread to be written.
    QByteArray bytes;
    if (suffix == QLatin1String("pdf")) {
        bytes = ChartImageExporter::pdf(widget, title, size);
    } else if (suffix == QLatin1String("svg")) {
        bytes = ChartImageExporter::svg(widget, title, size);
    } else {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        ChartImageExporter::image(widget, title, size).save(&buffer, "PNG");
    }
    writeBytes(bytes, path);
}

} // namespace Care::Gui
