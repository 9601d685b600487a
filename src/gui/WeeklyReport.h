#pragma once

#include "core/Result.h"
#include "gui/DashboardData.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QString>

namespace Care::Store {
class Database;
}

namespace Care::Gui {

// The weekly report for a team lead, as one PDF: the week's headline figures against the week
// before, the main charts (first response per day with its target, SLA met rate, first response by
// channel and by agent, customer messages by weekday and hour against staffed hours,
// satisfaction), the top tags and the week's longest waits. Figures come from the same
// computation as the dashboard (DashboardData, docs/metrics.md).
//
// compute() runs on the store thread; pdf() draws the charts and so runs on the GUI thread.
class WeeklyReport
{
public:
    DashboardData week;
    DashboardData previous; // the seven days before the week, for the comparison
    QDate monday; // the week's first day, in the team calendar's time zone
    bool complete = true; // false while the week is still running (the figures are "so far")
    QDateTime generatedAt;

    // The week (Monday to Sunday, team calendar time zone) that `day` falls in, figures as at its
    // end, or as at `now` while it is still running.
    static Core::Result<WeeklyReport> compute(Store::Database &db, const Store::MetricsFilter &filter,
        const QDate &day, Core::MetricsAggregate::Variant variant, const QDateTime &now);
    // The Monday of the latest complete week before `now`'s local date in `zone`.
    static QDate lastCompleteWeek(const QDateTime &now, const QTimeZone &zone);

    QString title() const;
    // The report as HTML (customer text escaped; images referenced as "chart:<id>").
    QString html() const;
    // A paginated A4 PDF.
    QByteArray pdf() const;

    // Headline figures, also used by the tests.
    struct Figures
    {
        int conversations = 0; // whose customer first wrote in the week
        int customerMessages = 0; // in any matching conversation
        int replies = 0; // public and private replies by people on the team, in any matching conversation
        int unstaffedMessages = 0; // customer messages of the new conversations in hours without staffed time
        Core::Summary firstResponse;
        int stillWaiting = 0;
        int endedWithoutResponse = 0;
        std::optional<double> slaMetRate; // 0..1
        Core::Summary csat;
    };
    static Figures figures(const DashboardData &data);
};

} // namespace Care::Gui
