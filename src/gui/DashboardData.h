#pragma once

#include "core/Agent.h"
#include "core/BusinessCalendar.h"
#include "core/MetricsAggregate.h"
#include "core/Result.h"
#include "store/MetricsQuery.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <array>

namespace Care::Store {
class Database;
}

namespace Care::Gui {

// Everything the response-time dashboard shows for one set of filters, computed on the store
// thread in one job (DashboardPane never touches the database itself).
struct DashboardData
{
    static constexpr int kWeekdays = 7;
    static constexpr int kHours = 24;

    Store::MetricsFilter filter;
    QDateTime now; // UTC; the figures are computed at this instant
    QDate firstDay; // the period's first local day, in the calendar's time zone
    int days = 0;
    Core::MetricsAggregate::Variant variant = Core::MetricsAggregate::Variant::WallClock;
    Core::MetricsAggregate::Grouping timeGrouping = Core::MetricsAggregate::Grouping::Day;

    QList<Store::ConversationMetricsRow> rows; // one per conversation, for the CSV export
    Core::MetricsAggregate frtByTime; // first response per day (or per week)
    Core::MetricsAggregate frtByPlatform;
    Core::MetricsAggregate frtByAgent;
    Core::MetricsAggregate::SlaRates slaByTime; // first-response SLA met rate
    qint64 targetSeconds = 0; // the default policy's first-response target
    Core::BusinessCalendar calendar { QTimeZone::utc() };
    QList<Core::Agent> agents;

    // Inbound customer messages of the selected conversations within the period, by local
    // weekday (Monday = 0) and hour, with the conversations behind each cell.
    std::array<std::array<int, kHours>, kWeekdays> volume {};
    std::array<std::array<QList<qint64>, kHours>, kWeekdays> volumeIds;

    // Runs on the store thread. `days` counts back from the local date of `now`, today included.
    static Core::Result<DashboardData> compute(Store::Database &db, Store::MetricsFilter filter, int days,
        Core::MetricsAggregate::Variant variant, const QDateTime &now);
    // The first-response target of the policy that applies when no other matches.
    static qint64 defaultTarget(const QList<Core::SlaPolicy> &policies);
    // True when the calendar is open at some time within weekday `day` (1 = Monday), hour `hour`.
    static bool isStaffed(const Core::BusinessCalendar &calendar, int day, int hour);
};

} // namespace Care::Gui
