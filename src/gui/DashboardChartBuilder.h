#pragma once

#include "core/MetricsAggregate.h"
#include "gui/DashboardData.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <array>

class QChart;

namespace Care::Gui {

// Builds the Qt Charts of the response-time dashboard from computed data. Each chart comes with
// its columns in display order (the bucket behind each bar or point), which the pane uses for
// tooltips and click-through. Durations are drawn in minutes, or in hours when the largest
// value passes three hours.
class DashboardChartBuilder
{
public:
    struct TimeColumns
    {
        QStringList labels;
        // The chosen metric's buckets (first response unless chosen otherwise); an empty bucket
        // (count 0) for a period without values.
        QList<Core::MetricsAggregate::Bucket> frt;
        QList<Core::MetricsAggregate::SlaBucket> sla;
        QList<Core::MetricsAggregate::Bucket> csat; // satisfaction answers of each period
        QList<std::array<int, 5>> csatScores; // each period's answers by score, [0] = 1 … [4] = 5
        Core::MetricsAggregate::Metric metric = Core::MetricsAggregate::Metric::FirstResponse;
    };

    // The periods of the data's range, oldest first, each with its first-response and SLA bucket.
    static TimeColumns timeColumns(const DashboardData &data);
    // The same with the buckets of another metric of DashboardData::kTimeMetrics.
    static TimeColumns timeColumns(const DashboardData &data, Core::MetricsAggregate::Metric metric);

    // Median bars and 90th percentile line of the columns' metric; for first response also the
    // dashed target line.
    static QChart *firstResponse(const DashboardData &data, const TimeColumns &columns);
    // Horizontal median bars of the buckets that have answered values; `labels` per bucket.
    static QChart *breakdown(const QList<Core::MetricsAggregate::Bucket> &buckets, const QStringList &labels);
    // Met rate in percent per period; periods without a decided clock have no point.
    static QChart *slaRate(const TimeColumns &columns);
    // Satisfaction answers per period, stacked by score (1 at the bottom, 5 on top), with the
    // period's mean score as a line on a 1–5 axis at the right.
    static QChart *satisfaction(const TimeColumns &columns);
    // Customers waiting at the start of each day: a line with a point per day; `labels` per day.
    static QChart *backlog(const QList<DashboardData::BacklogPoint> &points, const QStringList &labels);
    // Horizontal bars of this period's counts (the second bar set), the previous period's (the
    // first) below each, tags top-down in the list's order; `labels` per tag.
    static QChart *topTags(const QList<DashboardData::TagTrend> &trends, const QStringList &labels);

    // The divisor and axis title for durations up to `maxSeconds`.
    static double unitSeconds(double maxSeconds);
    static QString unitTitle(double unitSeconds);
};

} // namespace Care::Gui
