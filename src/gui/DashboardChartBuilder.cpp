#include "gui/DashboardChartBuilder.h"

#include "core/DurationFormat.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QCoreApplication>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QLocale>
#include <QStackedBarSeries>
#include <QValueAxis>

namespace Care::Gui {

namespace {

using Core::MetricsAggregate;

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Gui::DashboardChartBuilder)
};

const QColor kMedianColor(0x3d, 0x7e, 0xc4);
const QColor kP90Color(0xc4, 0x6a, 0x1f);
const QColor kTargetColor(0xb0, 0x1c, 0x1c);

QChart *newChart()
{
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

void attach(QChart *chart, QAbstractAxis *x, QAbstractAxis *y)
{
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
}

// Up to 8 periods, every one is labelled. More would not fit under narrow columns (Qt elides
// them), so only every second (or, for 30 days and more, every seventh) period gets a label,
// counted back from the latest.
QAbstractAxis *timeAxis(const DashboardChartBuilder::TimeColumns &columns)
{
    const qsizetype count = columns.labels.size();
    if (count <= 8) {
        auto *axis = new QBarCategoryAxis;
        axis->append(columns.labels);
        return axis;
    }
    const qsizetype step = count <= 14 ? 2 : 7;
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setRange(-0.5, double(count) - 0.5);
    axis->setGridLineVisible(false);
    for (qsizetype i = (count - 1) % step; i < count; i += step)
        axis->append(columns.labels.at(i), double(i));
    return axis;
}

} // namespace

double DashboardChartBuilder::unitSeconds(double maxSeconds)
{
    return maxSeconds > 3 * 3600 ? 3600.0 : 60.0;
}

QString DashboardChartBuilder::unitTitle(double unitSeconds)
{
    return unitSeconds >= 3600 ? Strings::tr("hours") : Strings::tr("minutes");
}

DashboardChartBuilder::TimeColumns DashboardChartBuilder::timeColumns(const DashboardData &data)
{
    return timeColumns(data, MetricsAggregate::Metric::FirstResponse);
}

DashboardChartBuilder::TimeColumns DashboardChartBuilder::timeColumns(
    const DashboardData &data, MetricsAggregate::Metric metric)
{
    TimeColumns columns;
    columns.metric = metric;
    const MetricsAggregate &values = data.timeAggregate(metric);
    const QLocale locale;
    const bool weekly = data.timeGrouping == MetricsAggregate::Grouping::Week;
    const QDate today = data.now.toTimeZone(data.calendar.timeZone()).date();
    QDate period = MetricsAggregate::periodStart(data.firstDay, data.timeGrouping);
    while (period.isValid() && period <= today) {
        const QString key = MetricsAggregate::periodKey(period, data.timeGrouping);
        MetricsAggregate::Bucket frt;
        frt.key = key;
        frt.periodStart = period;
        if (auto found = values.bucket(key))
            frt = *found;
        MetricsAggregate::SlaBucket sla;
        sla.key = key;
        sla.periodStart = period;
        if (auto found = data.slaByTime.bucket(key))
            sla = *found;
        MetricsAggregate::Bucket csat;
        csat.key = key;
        csat.periodStart = period;
        if (auto found = data.csatByTime.bucket(key))
            csat = *found;
        columns.frt << frt;
        columns.sla << sla;
        columns.csat << csat;
        columns.csatScores << data.csatScores.value(key);
        columns.labels << locale.toString(
            period, weekly || data.days > 14 ? Strings::tr("d MMM", "date format") : Strings::tr("ddd d", "date format"));
        period = period.addDays(weekly ? 7 : 1);
    }
    return columns;
}

QChart *DashboardChartBuilder::firstResponse(const DashboardData &data, const TimeColumns &columns)
{
    QChart *chart = newChart();
    const bool withTarget = columns.metric == MetricsAggregate::Metric::FirstResponse;
    double maxSeconds = withTarget ? double(data.targetSeconds) : 60.0;
    for (const auto &bucket : columns.frt)
        maxSeconds = std::max(maxSeconds, bucket.summary.p90);
    const double unit = unitSeconds(maxSeconds);

    auto *medians = new QBarSet(Strings::tr("Median"));
    medians->setColor(kMedianColor);
    medians->setBorderColor(kMedianColor);
    auto *p90 = new QLineSeries;
    p90->setName(Strings::tr("90th percentile"));
    p90->setColor(kP90Color);
    p90->setPointsVisible(true);
    QPen p90Pen(kP90Color);
    p90Pen.setWidth(2);
    p90->setPen(p90Pen);
    auto *target = new QLineSeries;
    target->setName(Strings::tr("Target %1 min").arg(QLocale().toString(data.targetSeconds / 60.0, 'g', 4)));
    QPen targetPen(kTargetColor);
    targetPen.setStyle(Qt::DashLine);
    targetPen.setWidth(2);
    target->setPen(targetPen);

    for (int i = 0; i < columns.frt.size(); ++i) {
        const auto &summary = columns.frt.at(i).summary;
        medians->append(summary.count > 0 ? summary.median / unit : 0.0);
        if (summary.count > 0)
            p90->append(i, summary.p90 / unit);
    }
    // The target spans the whole width, from the first bar's left edge to the last one's right.
    target->append(-0.5, data.targetSeconds / unit);
    target->append(std::max<qsizetype>(columns.frt.size(), 1) - 0.5, data.targetSeconds / unit);

    auto *bars = new QBarSeries;
    bars->setBarWidth(0.6);
    bars->append(medians);
    chart->addSeries(bars);
    chart->addSeries(p90);
    if (withTarget)
        chart->addSeries(target);
    else
        delete target;

    QAbstractAxis *axisX = timeAxis(columns);
    auto *axisY = new QValueAxis;
    axisY->setTitleText(unitTitle(unit));
    axisY->setRange(0, maxSeconds / unit * 1.1);
    axisY->applyNiceNumbers();
    axisY->setLabelFormat(QStringLiteral("%g"));
    attach(chart, axisX, axisY);
    return chart;
}

QChart *DashboardChartBuilder::breakdown(const QList<MetricsAggregate::Bucket> &buckets, const QStringList &labels)
{
    QChart *chart = newChart();
    chart->legend()->hide();
    double maxSeconds = 60;
    for (const auto &bucket : buckets)
        maxSeconds = std::max(maxSeconds, bucket.summary.median);
    const double unit = unitSeconds(maxSeconds);

    auto *medians = new QBarSet(Strings::tr("Median"));
    medians->setColor(kMedianColor);
    medians->setBorderColor(kMedianColor);
    medians->setLabelColor(Qt::black);
    for (const auto &bucket : buckets)
        medians->append(bucket.summary.median / unit);
    auto *bars = new QHorizontalBarSeries;
    bars->setBarWidth(0.6);
    bars->append(medians);
    // The median as a duration beside each name ("X (n=8) · 17 min"): bar labels could
    // only show a decimal number of the axis unit.
    bars->setLabelsVisible(false);
    chart->addSeries(bars);

    QStringList named;
    for (qsizetype i = 0; i < labels.size(); ++i)
        named << (i < buckets.size() ? QString(labels.at(i) + QStringLiteral(" · ")
                                               + Core::formatDuration(qint64(buckets.at(i).summary.median)))
                                     : labels.at(i));
    auto *axisY = new QBarCategoryAxis;
    axisY->append(named);
    auto *axisX = new QValueAxis;
    axisX->setTitleText(Strings::tr("median, %1").arg(unitTitle(unit)));
    axisX->setRange(0, maxSeconds / unit * 1.1);
    axisX->applyNiceNumbers();
    axisX->setLabelFormat(QStringLiteral("%g"));
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);
    bars->attachAxis(axisX);
    bars->attachAxis(axisY);
    return chart;
}

QChart *DashboardChartBuilder::slaRate(const TimeColumns &columns)
{
    QChart *chart = newChart();
    chart->legend()->hide();
    auto *rate = new QLineSeries;
    rate->setName(Strings::tr("Met rate"));
    rate->setColor(QColor(0x2e, 0x8b, 0x57));
    rate->setPointsVisible(true);
    QPen pen = rate->pen();
    pen.setWidth(2);
    rate->setPen(pen);
    for (int i = 0; i < columns.sla.size(); ++i) {
        const auto &bucket = columns.sla.at(i);
        if (bucket.decided() > 0)
            rate->append(i, 100.0 * bucket.met / bucket.decided());
    }
    chart->addSeries(rate);
    QAbstractAxis *axisX = timeAxis(columns);
    auto *axisY = new QValueAxis;
    axisY->setRange(0, 100);
    axisY->setTickCount(6);
    axisY->setLabelFormat(QStringLiteral("%d%%"));
    attach(chart, axisX, axisY);
    return chart;
}

QChart *DashboardChartBuilder::satisfaction(const TimeColumns &columns)
{
    QChart *chart = newChart();
    // From very unhappy (1, red) to very happy (5, green).
    const QColor colours[5] = { QColor(0xc0, 0x39, 0x2b), QColor(0xe6, 0x7e, 0x22), QColor(0xb8, 0xb8, 0xb8),
        QColor(0x7d, 0xbb, 0x6a), QColor(0x2e, 0x8b, 0x57) };
    auto *bars = new QStackedBarSeries;
    bars->setBarWidth(0.6);
    int maxAnswers = 1;
    for (int score = 1; score <= 5; ++score) {
        auto *set = new QBarSet(Strings::tr("%1 of 5").arg(score));
        set->setColor(colours[score - 1]);
        set->setBorderColor(colours[score - 1]);
        for (const auto &scores : columns.csatScores)
            set->append(scores[size_t(score - 1)]);
        bars->append(set);
    }
    for (const auto &scores : columns.csatScores)
        maxAnswers = std::max(maxAnswers, scores[0] + scores[1] + scores[2] + scores[3] + scores[4]);
    chart->addSeries(bars);

    auto *mean = new QLineSeries;
    mean->setName(Strings::tr("Mean score"));
    mean->setColor(kMedianColor);
    mean->setPointsVisible(true);
    QPen pen(kMedianColor);
    pen.setWidth(2);
    mean->setPen(pen);
    for (int i = 0; i < columns.csat.size(); ++i) {
        if (columns.csat.at(i).summary.count > 0)
            mean->append(i, columns.csat.at(i).summary.mean);
    }
    chart->addSeries(mean);

    QAbstractAxis *axisX = timeAxis(columns);
    auto *answers = new QValueAxis;
    answers->setTitleText(Strings::tr("answers"));
    answers->setRange(0, std::max(4, maxAnswers + 1));
    answers->applyNiceNumbers();
    answers->setLabelFormat(QStringLiteral("%d"));
    auto *score = new QValueAxis;
    score->setTitleText(Strings::tr("mean score"));
    score->setRange(1, 5);
    score->setTickCount(5);
    score->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(answers, Qt::AlignLeft);
    chart->addAxis(score, Qt::AlignRight);
    bars->attachAxis(axisX);
    bars->attachAxis(answers);
    mean->attachAxis(axisX);
    mean->attachAxis(score);
    return chart;
}

QChart *DashboardChartBuilder::backlog(const QList<DashboardData::BacklogPoint> &points, const QStringList &labels)
{
    QChart *chart = newChart();
    chart->legend()->hide();
    auto *line = new QLineSeries;
    line->setName(Strings::tr("Customers waiting"));
    line->setColor(kP90Color);
    line->setPointsVisible(true);
    QPen pen = line->pen();
    pen.setWidth(2);
    line->setPen(pen);
    int maxCount = 0;
    for (int i = 0; i < points.size(); ++i) {
        line->append(i, points.at(i).count);
        maxCount = std::max(maxCount, points.at(i).count);
    }
    chart->addSeries(line);
    TimeColumns columns;
    columns.labels = labels;
    QAbstractAxis *axisX = timeAxis(columns);
    auto *axisY = new QValueAxis;
    axisY->setTitleText(Strings::tr("conversations"));
    axisY->setRange(0, std::max(4, maxCount + 1));
    axisY->setTickCount(std::min(std::max(4, maxCount + 1), 8) + 1);
    axisY->applyNiceNumbers();
    axisY->setLabelFormat(QStringLiteral("%d"));
    attach(chart, axisX, axisY);
    return chart;
}

QChart *DashboardChartBuilder::topTags(const QList<DashboardData::TagTrend> &trends, const QStringList &labels)
{
    QChart *chart = newChart();
    auto *current = new QBarSet(Strings::tr("This period"));
    current->setColor(kMedianColor);
    current->setBorderColor(kMedianColor);
    auto *previous = new QBarSet(Strings::tr("Previous period"));
    const QColor grey(0xb4, 0xb9, 0xc0);
    previous->setColor(grey);
    previous->setBorderColor(grey);
    int maxCount = 1;
    // Horizontal bar charts draw their first category at the bottom: reversed, to read top-down.
    for (qsizetype i = trends.size() - 1; i >= 0; --i) {
        current->append(trends.at(i).count);
        previous->append(trends.at(i).previousCount);
        maxCount = std::max({ maxCount, trends.at(i).count, trends.at(i).previousCount });
    }
    auto *bars = new QHorizontalBarSeries;
    bars->setBarWidth(0.75);
    // Within each tag the first set is drawn lowest: the previous period goes first, so this
    // period's bar sits on top, next to the tag's name.
    bars->append(previous);
    bars->append(current);
    chart->addSeries(bars);
    QStringList reversed(labels.crbegin(), labels.crend());
    auto *axisY = new QBarCategoryAxis;
    axisY->append(reversed);
    auto *axisX = new QValueAxis;
    axisX->setTitleText(Strings::tr("conversations"));
    axisX->setRange(0, maxCount * 1.1);
    axisX->applyNiceNumbers();
    axisX->setLabelFormat(QStringLiteral("%g"));
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);
    bars->attachAxis(axisX);
    bars->attachAxis(axisY);
    return chart;
}

} // namespace Care::Gui
