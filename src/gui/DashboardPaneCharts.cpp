#include "gui/DashboardPane.h"

#include "core/DurationFormat.h"
#include "gui/LongestWaitsTable.h"
#include "gui/VolumeHeatmap.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QToolButton>
#include <QTextDocument>
#include <QToolTip>
#include <algorithm>

// The charts of DashboardPane: rendering, tooltips and click-through (the pane itself, its
// filters, loading and exports are in DashboardPane.cpp).

namespace Care::Gui {

namespace {

using Core::MetricsAggregate;

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

QBarSet *firstBarSet(QChartView *view)
{
    for (QAbstractSeries *series : view->chart()->series()) {
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(series); bars && !bars->barSets().isEmpty())
            return bars->barSets().constFirst();
    }
    return nullptr;
}

// Qt Charts elides a category's label to "…" when its row is lower than the text: a breakdown
// grows with its bars (the axis, the margins and a row of about 30 px per bar).
void fitBars(QChartView *view, qsizetype bars)
{
    view->setMinimumHeight(int(std::max<qsizetype>(200, 80 + 30 * bars)));
}

// Tooltips guess the format: text that looks like markup (a tag, a name) is shown as written.
void showTip(QChartView *view, const QString &text)
{
    const QString shown = Qt::mightBeRichText(text)
        ? QString(QStringLiteral("<p style='white-space:pre'>") + text.toHtmlEscaped() + QStringLiteral("</p>"))
        : text;
    QToolTip::showText(QCursor::pos(), shown, view);
}

} // namespace

void DashboardPane::render()
{
    populateAgents();
    populateAccounts();
    populateTeams();
    for (QLabel *title : std::as_const(m_cardTitles))
        title->setText(chartTitle(DashboardChart(title->property("chart").toInt())));

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
    const auto &csat = m_data.csatByTime.total.summary;
    const QString csatText = csat.count > 0
        ? tr("CSAT %1 of 5 (n=%2)").arg(QLocale().toString(csat.mean, 'f', 1)).arg(csat.count)
        : tr("no satisfaction answers");
    m_headline->setText(tr("First response, last %1 days: %2 · %3 · %4").arg(m_data.days).arg(figures, slaText, csatText)
        + (m_staffed->isChecked() ? tr(" · staffed hours only") : QString()));

    m_columns = DashboardChartBuilder::timeColumns(m_data, timeMetric());
    replaceChart(m_frtView, DashboardChartBuilder::firstResponse(m_data, m_columns));
    replaceChart(m_slaView, DashboardChartBuilder::slaRate(m_columns));
    replaceChart(m_csatView, DashboardChartBuilder::satisfaction(m_columns));
    m_longestWaits->setWaits(m_data.longestWaits, m_data.agentNames(), m_data.calendar.timeZone());
    renderBreakdowns();
    renderTrends();

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
    fitBars(m_platformView, m_platformBuckets.size());
    fitBars(m_agentView, m_agentBuckets.size());

    // Accounts by number, like the other breakdowns by key.
    m_accountBuckets.clear();
    for (const auto &bucket : std::as_const(m_data.frtByAccount.buckets)) {
        if (bucket.summary.count > 0)
            m_accountBuckets << bucket;
    }
    // Tags: the 10 with most answered first responses, most first (ties by name).
    m_tagBuckets.clear();
    for (const auto &bucket : std::as_const(m_data.frtByTag.buckets)) {
        if (bucket.summary.count > 0)
            m_tagBuckets << bucket;
    }
    std::stable_sort(m_tagBuckets.begin(), m_tagBuckets.end(),
        [](const MetricsAggregate::Bucket &a, const MetricsAggregate::Bucket &b) {
            return a.summary.count > b.summary.count;
        });
    constexpr int kMaxTagBars = 10;
    if (m_tagBuckets.size() > kMaxTagBars)
        m_tagBuckets.resize(kMaxTagBars);
    QStringList accountLabels;
    for (const auto &bucket : std::as_const(m_accountBuckets))
        accountLabels << tr("%1 (n=%2)").arg(accountName(bucket.key).toHtmlEscaped()).arg(bucket.summary.count);
    QStringList tagLabels;
    for (const auto &bucket : std::as_const(m_tagBuckets))
        tagLabels << tr("%1 (n=%2)").arg(tagName(bucket.key).toHtmlEscaped()).arg(bucket.summary.count);
    // The builder draws the first bucket at the bottom: hand them over bottom-up.
    QList<MetricsAggregate::Bucket> accountsUp(m_accountBuckets.crbegin(), m_accountBuckets.crend());
    QList<MetricsAggregate::Bucket> tagsUp(m_tagBuckets.crbegin(), m_tagBuckets.crend());
    replaceChart(m_accountView,
        DashboardChartBuilder::breakdown(accountsUp, QStringList(accountLabels.crbegin(), accountLabels.crend())));
    replaceChart(
        m_tagView, DashboardChartBuilder::breakdown(tagsUp, QStringList(tagLabels.crbegin(), tagLabels.crend())));
    fitBars(m_accountView, m_accountBuckets.size());
    fitBars(m_tagView, m_tagBuckets.size());
}

void DashboardPane::renderTimeChart()
{
    for (QLabel *title : std::as_const(m_cardTitles)) {
        if (DashboardChart(title->property("chart").toInt()) == DashboardChart::FirstResponse)
            title->setText(chartTitle(DashboardChart::FirstResponse));
    }
    m_columns = DashboardChartBuilder::timeColumns(m_data, timeMetric());
    replaceChart(m_frtView, DashboardChartBuilder::firstResponse(m_data, m_columns));
    connectTimeChart();
}

void DashboardPane::renderTrends()
{
    const QLocale locale;
    QStringList dayLabels;
    for (const auto &point : std::as_const(m_data.backlog))
        dayLabels << locale.toString(point.day, m_data.days > 14 ? tr("d MMM", "date format") : tr("ddd d", "date format"));
    replaceChart(m_backlogView, DashboardChartBuilder::backlog(m_data.backlog, dayLabels));

    QStringList tagLabels;
    for (const auto &trend : std::as_const(m_data.topTags)) {
        QString change;
        if (trend.previousCount == 0)
            change = tr("new");
        else if (trend.count == trend.previousCount)
            change = tr("= 0%");
        else
            change = (trend.count > trend.previousCount ? QStringLiteral("▲ ") : QStringLiteral("▼ "))
                + tr("%1%").arg(qRound(100.0 * std::abs(trend.count - trend.previousCount) / trend.previousCount));
        // Axis labels are drawn as rich text: the tag is escaped.
        tagLabels << tr("%1 · %2 %3").arg(trend.tag.toHtmlEscaped()).arg(trend.count).arg(change);
    }
    replaceChart(m_topTagsView, DashboardChartBuilder::topTags(m_data.topTags, tagLabels));
}

QString DashboardPane::accountName(const QString &accountKey) const
{
    const qint64 id = accountKey.toLongLong();
    for (const Store::ConversationMetricsRow &row : m_data.rows) {
        if (row.accountId == id)
            return tr("%1 (%2)").arg(row.accountHandle, Core::platformDisplayName(row.platform));
    }
    return accountKey;
}

QString DashboardPane::tagName(const QString &tag) const
{
    return tag.isEmpty() ? tr("no tag") : tag;
}

QString DashboardPane::dayTitle(const QDate &day) const
{
    return QLocale().toString(day, QLocale::LongFormat);
}

void DashboardPane::connectTimeChart()
{
    if (QBarSet *set = firstBarSet(m_frtView)) {
        connect(set, &QBarSet::clicked, this, &DashboardPane::openFirstResponseColumn);
        connect(set, &QBarSet::hovered, this, [this](bool status, int index) {
            if (!status || index < 0 || index >= m_columns.frt.size())
                return QToolTip::hideText();
            showTip(m_frtView, describe(m_columns.frt.at(index), periodTitle(index), m_columns.metric));
        });
    }
    const auto series = m_frtView->chart()->series();
    if (series.size() > 1) {
        if (auto *p90 = qobject_cast<QLineSeries *>(series.at(1))) {
            connect(p90, &QLineSeries::clicked, this,
                [this](const QPointF &point) { openFirstResponseColumn(qRound(point.x())); });
            connect(p90, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
                const int index = qRound(point.x());
                if (!state || index < 0 || index >= m_columns.frt.size())
                    return QToolTip::hideText();
                showTip(m_frtView, describe(m_columns.frt.at(index), periodTitle(index), m_columns.metric));
            });
        }
    }
}

void DashboardPane::connectTrendCharts()
{
    if (!m_backlogView->chart()->series().isEmpty()) {
        if (auto *line = qobject_cast<QLineSeries *>(m_backlogView->chart()->series().constFirst())) {
            connect(line, &QLineSeries::clicked, this,
                [this](const QPointF &point) { openBacklogPoint(qRound(point.x())); });
            connect(line, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
                const int index = qRound(point.x());
                if (!state || index < 0 || index >= m_data.backlog.size())
                    return QToolTip::hideText();
                const auto &p = m_data.backlog.at(index);
                showTip(m_backlogView,
                    tr("%1, 00:00\nCustomers waiting: %2").arg(dayTitle(p.day)).arg(p.count));
            });
        }
    }
    for (QAbstractSeries *series : m_topTagsView->chart()->series()) {
        auto *bars = qobject_cast<QAbstractBarSeries *>(series);
        if (!bars)
            continue;
        for (QBarSet *set : bars->barSets()) {
            // The bars are drawn bottom-up: category i is the trend size - 1 - i.
            connect(set, &QBarSet::clicked, this,
                [this](int index) { openTopTag(int(m_data.topTags.size()) - 1 - index); });
            connect(set, &QBarSet::hovered, this, [this](bool status, int index) {
                const int i = int(m_data.topTags.size()) - 1 - index;
                if (!status || i < 0 || i >= m_data.topTags.size())
                    return QToolTip::hideText();
                const auto &t = m_data.topTags.at(i);
                const QLocale locale;
                QString text = t.tag + QLatin1Char('\n')
                    + tr("This period: %1 conversations").arg(t.count) + QLatin1Char('\n')
                    + tr("Previous period (%1 – %2): %3")
                          .arg(locale.toString(m_data.previousFirstDay, QLocale::ShortFormat),
                              locale.toString(m_data.firstDay.addDays(-1), QLocale::ShortFormat))
                          .arg(t.previousCount);
                if (t.previousCount > 0)
                    text += QLatin1Char('\n')
                        + tr("Change: %1%2%")
                              .arg(t.count >= t.previousCount ? QStringLiteral("+") : QStringLiteral("−"))
                              .arg(qRound(100.0 * std::abs(t.count - t.previousCount) / t.previousCount));
                showTip(m_topTagsView, text);
            });
        }
    }
    if (QBarSet *set = firstBarSet(m_accountView)) {
        connect(set, &QBarSet::clicked, this, [this](int index) { openAccountBar(int(m_accountBuckets.size()) - 1 - index); });
        connect(set, &QBarSet::hovered, this, [this](bool status, int index) {
            const int i = int(m_accountBuckets.size()) - 1 - index;
            if (!status || i < 0 || i >= m_accountBuckets.size())
                return QToolTip::hideText();
            showTip(m_accountView, describe(m_accountBuckets.at(i), accountName(m_accountBuckets.at(i).key)));
        });
    }
    if (QBarSet *set = firstBarSet(m_tagView)) {
        connect(set, &QBarSet::clicked, this, [this](int index) { openTagBar(int(m_tagBuckets.size()) - 1 - index); });
        connect(set, &QBarSet::hovered, this, [this](bool status, int index) {
            const int i = int(m_tagBuckets.size()) - 1 - index;
            if (!status || i < 0 || i >= m_tagBuckets.size())
                return QToolTip::hideText();
            showTip(m_tagView, describe(m_tagBuckets.at(i), tagName(m_tagBuckets.at(i).key)));
        });
    }
}

void DashboardPane::connectSatisfactionChart()
{
    for (QAbstractSeries *series : m_csatView->chart()->series()) {
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(series)) {
            for (QBarSet *set : bars->barSets()) {
                connect(set, &QBarSet::clicked, this, &DashboardPane::openSatisfactionColumn);
                connect(set, &QBarSet::hovered, this, [this](bool status, int index) {
                    if (!status || index < 0 || index >= m_columns.csat.size())
                        return QToolTip::hideText();
                    showTip(m_csatView, describeSatisfaction(index));
                });
            }
        } else if (auto *line = qobject_cast<QLineSeries *>(series)) {
            connect(line, &QLineSeries::clicked, this,
                [this](const QPointF &point) { openSatisfactionColumn(qRound(point.x())); });
            connect(line, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
                const int index = qRound(point.x());
                if (!state || index < 0 || index >= m_columns.csat.size())
                    return QToolTip::hideText();
                showTip(m_csatView, describeSatisfaction(index));
            });
        }
    }
}

QString DashboardPane::describeSatisfaction(int index) const
{
    const auto &bucket = m_columns.csat.at(index);
    const auto &scores = m_columns.csatScores.at(index);
    const auto &s = bucket.summary;
    if (s.count == 0)
        return periodTitle(index) + QLatin1Char('\n') + tr("No satisfaction answers");
    const QLocale locale;
    const int satisfied = scores[3] + scores[4];
    return periodTitle(index) + QLatin1Char('\n')
        + tr("Mean %1 · median %2 · n = %3").arg(locale.toString(s.mean, 'f', 2), locale.toString(s.median, 'g', 3)).arg(s.count)
        + QLatin1Char('\n') + tr("Satisfied (4 or 5): %1%").arg(qRound(100.0 * satisfied / s.count)) + QLatin1Char('\n')
        + tr("Answers 1 to 5: %1 · %2 · %3 · %4 · %5")
              .arg(scores[0])
              .arg(scores[1])
              .arg(scores[2])
              .arg(scores[3])
              .arg(scores[4]);
}

void DashboardPane::connectCharts()
{
    connectTimeChart();
    connectTrendCharts();
    connectSatisfactionChart();
    if (QBarSet *set = firstBarSet(m_platformView)) {
        connect(set, &QBarSet::clicked, this, &DashboardPane::openPlatformBar);
        connect(set, &QBarSet::hovered, this, [this](bool status, int index) {
            if (!status || index < 0 || index >= m_platformBuckets.size())
                return QToolTip::hideText();
            const auto platform = Core::platformFromId(m_platformBuckets.at(index).key);
            showTip(m_platformView,
                describe(m_platformBuckets.at(index), platform ? Core::platformDisplayName(*platform) : QString()));
        });
    }
    if (QBarSet *set = firstBarSet(m_agentView)) {
        connect(set, &QBarSet::clicked, this, &DashboardPane::openAgentBar);
        connect(set, &QBarSet::hovered, this, [this](bool status, int index) {
            if (!status || index < 0 || index >= m_agentBuckets.size())
                return QToolTip::hideText();
            showTip(m_agentView, describe(m_agentBuckets.at(index), agentName(m_agentBuckets.at(index).key)));
        });
    }
    if (!m_slaView->chart()->series().isEmpty()) {
        if (auto *rate = qobject_cast<QLineSeries *>(m_slaView->chart()->series().constFirst())) {
            connect(
                rate, &QLineSeries::clicked, this, [this](const QPointF &point) { openSlaColumn(qRound(point.x())); });
            connect(rate, &QLineSeries::hovered, this, [this](const QPointF &point, bool state) {
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

QString DashboardPane::describe(
    const MetricsAggregate::Bucket &bucket, const QString &title, MetricsAggregate::Metric metric) const
{
    const auto &s = bucket.summary;
    QString text = title + QLatin1Char('\n');
    if (s.count > 0)
        text += tr("Median %1 · 90th percentile %2 · mean %3 · n = %4")
                    .arg(duration(s.median), duration(s.p90), duration(s.mean))
                    .arg(s.count);
    else if (metric == MetricsAggregate::Metric::Resolution)
        text += tr("No resolved cycle");
    else if (metric == MetricsAggregate::Metric::FirstResponse)
        text += tr("No answered first response");
    else
        text += tr("No answered wait");
    if (metric == MetricsAggregate::Metric::Resolution) {
        if (bucket.unfinished > 0)
            text += QLatin1Char('\n') + tr("Beside the figures: %1 not resolved yet").arg(bucket.unfinished);
    } else if (bucket.unfinished > 0 || bucket.endedWithoutResponse > 0) {
        text += QLatin1Char('\n')
            + tr("Beside the figures: %1 still waiting, %2 ended without response")
                  .arg(bucket.unfinished)
                  .arg(bucket.endedWithoutResponse);
    }
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
    emitRequest(tr("%1, %2").arg(DashboardInfo::metricName(m_columns.metric), periodTitle(index)),
        bucket.conversationIds);
}

void DashboardPane::openBacklogPoint(int index)
{
    if (index < 0 || index >= m_data.backlog.size())
        return;
    const auto &point = m_data.backlog.at(index);
    emitRequest(tr("Customers waiting at the start of %1").arg(dayTitle(point.day)), point.conversationIds);
}

void DashboardPane::openTopTag(int index)
{
    if (index < 0 || index >= m_data.topTags.size())
        return;
    const auto &trend = m_data.topTags.at(index);
    emitRequest(tr("Tag %1, last %2 days").arg(trend.tag).arg(m_data.days), trend.conversationIds);
}

void DashboardPane::openAccountBar(int index)
{
    if (index < 0 || index >= m_accountBuckets.size())
        return;
    emitRequest(tr("First response, %1").arg(accountName(m_accountBuckets.at(index).key)),
        m_accountBuckets.at(index).conversationIds);
}

void DashboardPane::openTagBar(int index)
{
    if (index < 0 || index >= m_tagBuckets.size())
        return;
    emitRequest(tr("First response, %1").arg(tagName(m_tagBuckets.at(index).key)),
        m_tagBuckets.at(index).conversationIds);
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

void DashboardPane::openSatisfactionColumn(int index)
{
    if (index < 0 || index >= m_columns.csat.size())
        return;
    emitRequest(tr("Satisfaction answers, %1").arg(periodTitle(index)), m_columns.csat.at(index).conversationIds);
}

void DashboardPane::openLongestWait(int row)
{
    if (row < 0 || row >= m_data.longestWaits.size())
        return;
    const auto &wait = m_data.longestWaits.at(row);
    emitRequest(tr("Longest wait: %1, %2").arg(wait.customerName, Core::formatDuration(wait.seconds)),
        { wait.conversationId });
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

} // namespace Care::Gui
