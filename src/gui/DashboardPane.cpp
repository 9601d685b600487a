#include "gui/DashboardPane.h"

#include "core/DurationFormat.h"
#include "core/SystemClock.h"
#include "gui/ChartImageExporter.h"
#include "gui/FileDialog.h"
#include "gui/VolumeHeatmap.h"
#include "store/MetricsCsv.h"
#include "store/Store.h"

#include <QBarSeries>
#include <QBarSet>
#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
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
#include <QPainter>
#include <QPdfWriter>
#include <QPixmap>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QStringList>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWhatsThis>
#include <algorithm>

namespace Care::Gui {

namespace {

using Core::MetricsAggregate;

constexpr int kPresetDays[] = { 7, 14, 30, 90 };
constexpr DashboardChart kCharts[] = { DashboardChart::FirstResponse, DashboardChart::SlaRate,
    DashboardChart::ByPlatform, DashboardChart::ByAgent, DashboardChart::Volume };

QString duration(double seconds)
{
    return Core::formatDuration(qRound64(seconds));
}

template<typename T> void replaceChart(QChartView *view, T *chart)
{
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
}

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
    grid->addWidget(buildCard(DashboardChart::FirstResponse, m_frtView), 0, 0);
    grid->addWidget(buildCard(DashboardChart::SlaRate, m_slaView), 0, 1);
    grid->addWidget(buildCard(DashboardChart::ByPlatform, m_platformView), 1, 0);
    grid->addWidget(buildCard(DashboardChart::ByAgent, m_agentView), 1, 1);
    grid->addWidget(buildCard(DashboardChart::Volume, m_heatmap), 2, 0, 1, 2);
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
}

QWidget *DashboardPane::buildFilterBar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("dashboardFilterBar"));
    auto *row = new QHBoxLayout(bar);
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

    m_agent = new QComboBox(bar);
    m_agent->setObjectName(QStringLiteral("dashboardAgent"));
    m_agent->addItem(tr("All agents"), QString());
    m_agent->setSizeAdjustPolicy(QComboBox::AdjustToContents);

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
    m_exportChart = new QPushButton(tr("Export chart…"), bar);
    m_exportChart->setObjectName(QStringLiteral("dashboardExportChart"));
    m_exportChart->setToolTip(tr("Save the chart chosen beside it as a PNG image or a PDF document."));

    auto *periodLabel = new QLabel(tr("Period:"), bar);
    periodLabel->setBuddy(m_period);
    row->addWidget(periodLabel);
    row->addWidget(m_period);
    row->addWidget(m_platform);
    row->addWidget(m_agent);
    row->addWidget(m_tag);
    row->addWidget(m_staffed);
    row->addStretch(1);
    row->addWidget(m_exportCsv);
    row->addWidget(m_exportWhich);
    row->addWidget(m_exportChart);

    connect(m_period, &QComboBox::currentIndexChanged, this, &DashboardPane::reload);
    connect(m_platform, &QComboBox::currentIndexChanged, this, &DashboardPane::reload);
    connect(m_agent, &QComboBox::currentIndexChanged, this, &DashboardPane::reload);
    connect(m_tag, &QLineEdit::editingFinished, this, [this] {
        if (m_tag->text().trimmed() != m_data.filter.tag)
            reload();
    });
    connect(m_staffed, &QCheckBox::toggled, this, &DashboardPane::reload);
    connect(m_exportCsv, &QPushButton::clicked, this, &DashboardPane::chooseCsvFile);
    connect(m_exportChart, &QPushButton::clicked, this, &DashboardPane::chooseChartFile);
    return bar;
}

QWidget *DashboardPane::buildCard(DashboardChart chart, QWidget *content)
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
    info->setWhatsThis(DashboardInfo::infoText(chart));
    connect(info, &QToolButton::clicked, this, [this, chart, info] { showInfo(chart, info); });
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(info);
    layout->addLayout(header);
    layout->addWidget(content, 1);
    return card;
}

void DashboardPane::showInfo(DashboardChart chart, QToolButton *button)
{
    QWhatsThis::showText(button->mapToGlobal(QPoint(0, button->height())), DashboardInfo::infoText(chart), button);
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

void DashboardPane::reload()
{
    Store::MetricsFilter filter;
    filter.platform = Core::platformFromId(m_platform->currentData().toString());
    filter.agent = m_agent->currentData().toString();
    filter.tag = m_tag->text().trimmed();
    const int days = m_period->currentData().toInt();
    const auto variant
        = m_staffed->isChecked() ? MetricsAggregate::Variant::StaffedHours : MetricsAggregate::Variant::WallClock;
    const Core::SystemClock systemClock;
    const QDateTime now = m_clock ? m_clock->now() : systemClock.now();
    const quint64 request = ++m_request;
    m_status->setText(tr("Updating…"));
    m_status->show();
    m_store->run(
        this,
        [filter, days, variant, now](
            Store::Database &db) { return DashboardData::compute(db, filter, days, variant, now); },
        [this, request](Core::Result<DashboardData> result) {
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

QString DashboardPane::agentName(const QString &agentId) const
{
    if (agentId.isEmpty())
        return tr("Nobody");
    for (const Core::Agent &agent : m_data.agents) {
        if (agent.id == agentId && !agent.name.isEmpty())
            return agent.name;
    }
    return agentId;
}

QString DashboardPane::headline() const
{
    return m_headline->text();
}

void DashboardPane::render()
{
    populateAgents();
    const bool weekly = m_data.timeGrouping == MetricsAggregate::Grouping::Week;
    for (QLabel *title : std::as_const(m_cardTitles))
        title->setText(DashboardInfo::title(DashboardChart(title->property("chart").toInt()), weekly));

    const MetricsAggregate::Bucket &total = m_data.frtByTime.total;
    const auto &s = total.summary;
    QString waiting = tr("%1 answered, %2 still waiting").arg(s.count).arg(total.unfinished);
    if (total.endedWithoutResponse > 0)
        waiting += tr(", %1 ended without response").arg(total.endedWithoutResponse);
    const QString figures = s.count > 0
        ? tr("median %1, p90 %2, mean %3 (%4)").arg(duration(s.median), duration(s.p90), duration(s.mean), waiting)
        : tr("no answered conversations (%1)").arg(waiting);
    const auto &sla = m_data.slaByTime.total;
    const QString slaText = sla.decided() > 0 ? tr("SLA met %1%").arg(qRound(100.0 * sla.met / sla.decided()))
                                              : tr("SLA met: nothing decided yet");
    m_headline->setText(tr("First response, last %1 days: %2 · %3").arg(m_data.days).arg(figures, slaText)
        + (m_staffed->isChecked() ? tr(" · staffed hours only") : QString()));

    m_columns = DashboardChartBuilder::timeColumns(m_data);
    replaceChart(m_frtView, DashboardChartBuilder::firstResponse(m_data, m_columns));
    replaceChart(m_slaView, DashboardChartBuilder::slaRate(m_columns));
    renderBreakdowns();

    std::array<std::array<bool, 24>, 7> staffed {};
    for (int day = 0; day < 7; ++day)
        for (int hour = 0; hour < 24; ++hour)
            staffed[size_t(day)][size_t(hour)] = DashboardData::isStaffed(m_data.calendar, day + 1, hour);
    m_heatmap->setData(m_data.volume, staffed);
    connectCharts();
}

void DashboardPane::renderBreakdowns()
{
    m_platformBuckets.clear();
    QStringList platformLabels;
    for (const auto &bucket : std::as_const(m_data.frtByPlatform.buckets)) {
        if (bucket.summary.count == 0)
            continue;
        const auto platform = Core::platformFromId(bucket.key);
        m_platformBuckets << bucket;
        platformLabels << tr("%1 (n=%2)")
                              .arg(platform ? Core::platformDisplayName(*platform) : bucket.key)
                              .arg(bucket.summary.count);
    }
    m_agentBuckets.clear();
    QStringList agentLabels;
    for (const auto &bucket : std::as_const(m_data.frtByAgent.buckets)) {
        if (bucket.summary.count == 0)
            continue;
        m_agentBuckets << bucket;
        agentLabels << tr("%1 (n=%2)").arg(agentName(bucket.key)).arg(bucket.summary.count);
    }
    // Horizontal bar charts draw their first category at the bottom: reverse, so the list reads top-down.
    std::reverse(m_platformBuckets.begin(), m_platformBuckets.end());
    std::reverse(platformLabels.begin(), platformLabels.end());
    std::reverse(m_agentBuckets.begin(), m_agentBuckets.end());
    std::reverse(agentLabels.begin(), agentLabels.end());
    replaceChart(m_platformView, DashboardChartBuilder::breakdown(m_platformBuckets, platformLabels));
    replaceChart(m_agentView, DashboardChartBuilder::breakdown(m_agentBuckets, agentLabels));
}

void DashboardPane::connectCharts()
{
    const auto barSetOf = [](QChartView *view) -> QBarSet * {
        for (QAbstractSeries *series : view->chart()->series()) {
            if (auto *bars = qobject_cast<QAbstractBarSeries *>(series); bars && !bars->barSets().isEmpty())
                return bars->barSets().constFirst();
        }
        return nullptr;
    };
    const auto showTip = [](QChartView *view, const QString &text) { QToolTip::showText(QCursor::pos(), text, view); };

    if (QBarSet *set = barSetOf(m_frtView)) {
        connect(set, &QBarSet::clicked, this, &DashboardPane::openFirstResponseColumn);
        connect(set, &QBarSet::hovered, this, [this, showTip](bool status, int index) {
            if (!status || index < 0 || index >= m_columns.frt.size())
                return QToolTip::hideText();
            showTip(m_frtView, describe(m_columns.frt.at(index), periodTitle(index)));
        });
    }
    const auto series = m_frtView->chart()->series();
    if (series.size() > 1) {
        if (auto *p90 = qobject_cast<QLineSeries *>(series.at(1))) {
            connect(p90, &QLineSeries::clicked, this,
                [this](const QPointF &point) { openFirstResponseColumn(qRound(point.x())); });
            connect(p90, &QLineSeries::hovered, this, [this, showTip](const QPointF &point, bool state) {
                const int index = qRound(point.x());
                if (!state || index < 0 || index >= m_columns.frt.size())
                    return QToolTip::hideText();
                showTip(m_frtView, describe(m_columns.frt.at(index), periodTitle(index)));
            });
        }
    }
    if (QBarSet *set = barSetOf(m_platformView)) {
        connect(set, &QBarSet::clicked, this, &DashboardPane::openPlatformBar);
        connect(set, &QBarSet::hovered, this, [this, showTip](bool status, int index) {
            if (!status || index < 0 || index >= m_platformBuckets.size())
                return QToolTip::hideText();
            const auto platform = Core::platformFromId(m_platformBuckets.at(index).key);
            showTip(m_platformView,
                describe(m_platformBuckets.at(index), platform ? Core::platformDisplayName(*platform) : QString()));
        });
    }
    if (QBarSet *set = barSetOf(m_agentView)) {
        connect(set, &QBarSet::clicked, this, &DashboardPane::openAgentBar);
        connect(set, &QBarSet::hovered, this, [this, showTip](bool status, int index) {
            if (!status || index < 0 || index >= m_agentBuckets.size())
                return QToolTip::hideText();
            showTip(m_agentView, describe(m_agentBuckets.at(index), agentName(m_agentBuckets.at(index).key)));
        });
    }
    if (!m_slaView->chart()->series().isEmpty()) {
        if (auto *rate = qobject_cast<QLineSeries *>(m_slaView->chart()->series().constFirst())) {
            connect(
                rate, &QLineSeries::clicked, this, [this](const QPointF &point) { openSlaColumn(qRound(point.x())); });
            connect(rate, &QLineSeries::hovered, this, [this, showTip](const QPointF &point, bool state) {
                const int index = qRound(point.x());
                if (!state || index < 0 || index >= m_columns.sla.size())
                    return QToolTip::hideText();
                const auto &b = m_columns.sla.at(index);
                showTip(m_slaView,
                    tr("%1\nMet %2 of %3 decided (%4%)\nMissed %5, running and already missed %6\n"
                       "Not counted: %7 running in time, %8 stopped")
                        .arg(periodTitle(index))
                        .arg(b.met)
                        .arg(b.decided())
                        .arg(b.decided() > 0 ? qRound(100.0 * b.met / b.decided()) : 0)
                        .arg(b.missed)
                        .arg(b.runningAlreadyMissed)
                        .arg(b.running)
                        .arg(b.stopped));
            });
        }
    }
}

QString DashboardPane::periodTitle(int index) const
{
    if (index < 0 || index >= m_columns.frt.size())
        return {};
    const QDate start = m_columns.frt.at(index).periodStart;
    const QLocale locale;
    if (m_data.timeGrouping == MetricsAggregate::Grouping::Week)
        return tr("Week of %1").arg(locale.toString(start, QLocale::LongFormat));
    return locale.toString(start, QLocale::LongFormat);
}

QString DashboardPane::describe(const MetricsAggregate::Bucket &bucket, const QString &title) const
{
    const auto &s = bucket.summary;
    QString text = title + QLatin1Char('\n');
    if (s.count > 0)
        text += tr("Median %1 · 90th percentile %2 · mean %3 · n = %4")
                    .arg(duration(s.median), duration(s.p90), duration(s.mean))
                    .arg(s.count);
    else
        text += tr("No answered first response");
    if (bucket.unfinished > 0 || bucket.endedWithoutResponse > 0)
        text += QLatin1Char('\n')
            + tr("Beside the figures: %1 still waiting, %2 ended without response")
                  .arg(bucket.unfinished)
                  .arg(bucket.endedWithoutResponse);
    return text;
}

void DashboardPane::emitRequest(const QString &title, const QList<qint64> &ids)
{
    if (!ids.isEmpty())
        emit conversationsRequested(title, ids);
}

void DashboardPane::openFirstResponseColumn(int index)
{
    if (index < 0 || index >= m_columns.frt.size())
        return;
    const auto &bucket = m_columns.frt.at(index);
    emitRequest(tr("First response, %1").arg(periodTitle(index)), bucket.conversationIds);
}

void DashboardPane::openPlatformBar(int index)
{
    if (index < 0 || index >= m_platformBuckets.size())
        return;
    const auto platform = Core::platformFromId(m_platformBuckets.at(index).key);
    emitRequest(tr("First response, %1").arg(platform ? Core::platformDisplayName(*platform) : QString()),
        m_platformBuckets.at(index).conversationIds);
}

void DashboardPane::openAgentBar(int index)
{
    if (index < 0 || index >= m_agentBuckets.size())
        return;
    emitRequest(tr("First response, answered by %1").arg(agentName(m_agentBuckets.at(index).key)),
        m_agentBuckets.at(index).conversationIds);
}

void DashboardPane::openSlaColumn(int index)
{
    if (index < 0 || index >= m_columns.sla.size())
        return;
    emitRequest(tr("First-response SLA, %1").arg(periodTitle(index)), m_columns.sla.at(index).conversationIds);
}

void DashboardPane::openVolumeCell(int weekday, int hour)
{
    if (weekday < 0 || weekday > 6 || hour < 0 || hour > 23)
        return;
    emitRequest(tr("Customer messages, %1 %2:00–%3:00")
                    .arg(QLocale().dayName(weekday + 1))
                    .arg(hour, 2, 10, QLatin1Char('0'))
                    .arg((hour + 1) % 24, 2, 10, QLatin1Char('0')),
        m_data.volumeIds[size_t(weekday)][size_t(hour)]);
}

QWidget *DashboardPane::chartWidget(DashboardChart chart) const
{
    if (chart == DashboardChart::Volume)
        return m_heatmap;
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
    case DashboardChart::Volume:
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
        tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".png");
    QWidget *widget = chartWidget(chart);
    // Twice the on-screen size, so the image stays sharp in slides and documents.
    exportChart(chart, path, widget->size() * 2);
}

void DashboardPane::exportCsv(const QString &path)
{
    const QList<Store::ConversationMetricsRow> rows = m_data.rows;
    m_store->run(
        this,
        [rows, path](Store::Database &) -> Core::Status {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly))
                return Core::Error::make(
                    Core::Error::Code::CannotOpen, QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
            if (Core::Status written = Store::MetricsCsv::write(file, rows); !written)
                return written;
            if (!file.commit())
                return Core::Error::make(
                    Core::Error::Code::CannotOpen, QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
            return {};
        },
        [this, path](
            Core::Status status) { emit exportFinished(path, status ? QString() : status.error().fullText()); });
}

void DashboardPane::exportChart(DashboardChart chart, const QString &path, const QSize &size)
{
    QWidget *widget = chartWidget(chart);
    const bool weekly = m_data.timeGrouping == MetricsAggregate::Grouping::Week;
    QStringList parts { DashboardInfo::title(chart, weekly), tr("last %1 days").arg(m_data.days) };
    if (m_data.filter.platform)
        parts << Core::platformDisplayName(*m_data.filter.platform);
    if (!m_data.filter.agent.isEmpty())
        parts << agentName(m_data.filter.agent);
    if (!m_data.filter.tag.isEmpty())
        parts << tr("tag %1").arg(m_data.filter.tag);
    if (m_data.variant == MetricsAggregate::Variant::StaffedHours)
        parts << tr("staffed hours only");
    const QString title = parts.join(QStringLiteral(" · "));
    const bool pdf = QFileInfo(path).suffix().compare(QStringLiteral("pdf"), Qt::CaseInsensitive) == 0;
    // Drawing needs the GUI thread; only the bytes go to the store thread to be written.
    QByteArray bytes;
    if (pdf) {
        bytes = ChartImageExporter::pdf(widget, title, size);
    } else {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        ChartImageExporter::image(widget, title, size).save(&buffer, "PNG");
    }
    m_store->run(
        this,
        [bytes, path](Store::Database &) -> Core::Status {
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
                return Core::Error::make(
                    Core::Error::Code::CannotOpen, QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
            return {};
        },
        [this, path](
            Core::Status status) { emit exportFinished(path, status ? QString() : status.error().fullText()); });
}

} // namespace Care::Gui
