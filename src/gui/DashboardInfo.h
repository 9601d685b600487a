#pragma once

#include "core/MetricsAggregate.h"

#include <QString>

namespace Care::Gui {

// The charts of the response-time dashboard.
// FirstResponse is the time chart: it shows the metric chosen beside it (first response by default).
enum class DashboardChart {
    FirstResponse,
    ByPlatform,
    ByAgent,
    SlaRate,
    Volume,
    Backlog,
    TopTags,
    ByAccount,
    ByTag,
    Satisfaction,
    LongestWaits,
};

// Titles and the "how is this computed" texts of the dashboard's info buttons, in the words of
// docs/metrics.md (keep them in step with it).
class DashboardInfo
{
public:
    static QString title(DashboardChart chart, bool weekly);
    static QString infoText(DashboardChart chart);
    // The time chart's title and info text for the chosen metric (FirstResponse, NextResponse,
    // WaitingTime or Resolution).
    static QString timeTitle(Core::MetricsAggregate::Metric metric, bool weekly);
    static QString timeInfoText(Core::MetricsAggregate::Metric metric);
    // The metric's name, for the selector: "First response", ...
    static QString metricName(Core::MetricsAggregate::Metric metric);
    // A stable name for files and objectNames: "first-response", "by-platform", ...
    static QString id(DashboardChart chart);
};

} // namespace Care::Gui
