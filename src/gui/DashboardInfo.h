#pragma once

#include <QString>

namespace Care::Gui {

// The charts of the response-time dashboard.
enum class DashboardChart { FirstResponse, ByPlatform, ByAgent, SlaRate, Volume };

// Titles and the "how is this computed" texts of the dashboard's info buttons, in the words of
// docs/metrics.md (keep them in step with it).
class DashboardInfo
{
public:
    static QString title(DashboardChart chart, bool weekly);
    static QString infoText(DashboardChart chart);
    // A stable name for files and objectNames: "first-response", "by-platform", ...
    static QString id(DashboardChart chart);
};

} // namespace Care::Gui
