#include "gui/DashboardInfo.h"

#include <QCoreApplication>

namespace Care::Gui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Care::Gui::DashboardInfo", text);
}

QString firstResponseDefinition()
{
    return tr("First response time: from the customer's first message in a cycle to the first message a person "
              "on the team sends the customer, public or private. Internal notes and automatic acknowledgements "
              "are not responses. If the conversation is marked \"no reply needed\", or resolved, before anyone "
              "replies, the clock stops without a response: it is counted as ended without response, next to the "
              "figures, never in them. A wait still open now is counted as still waiting, also beside the "
              "figures.");
}

QString variantDefinition()
{
    return tr("Wall clock counts every real second. With \"Staffed hours only\", only the seconds within the team "
              "calendar's opening hours count.");
}

} // namespace

QString DashboardInfo::id(DashboardChart chart)
{
    switch (chart) {
    case DashboardChart::FirstResponse:
        return QStringLiteral("first-response");
    case DashboardChart::ByPlatform:
        return QStringLiteral("by-platform");
    case DashboardChart::ByAgent:
        return QStringLiteral("by-agent");
    case DashboardChart::SlaRate:
        return QStringLiteral("sla-met-rate");
    case DashboardChart::Volume:
        return QStringLiteral("inbound-volume");
    }
    return {};
}

QString DashboardInfo::title(DashboardChart chart, bool weekly)
{
    switch (chart) {
    case DashboardChart::FirstResponse:
        return weekly ? tr("First response time per week") : tr("First response time per day");
    case DashboardChart::ByPlatform:
        return tr("First response by channel");
    case DashboardChart::ByAgent:
        return tr("First response by agent");
    case DashboardChart::SlaRate:
        return weekly ? tr("SLA first response met, per week") : tr("SLA first response met, per day");
    case DashboardChart::Volume:
        return tr("Customer messages by weekday and hour");
    }
    return {};
}

QString DashboardInfo::infoText(DashboardChart chart)
{
    switch (chart) {
    case DashboardChart::FirstResponse:
        return firstResponseDefinition() + QStringLiteral("\n\n")
            + tr("Bars: the median — half of the values are at or below it; with an even count, the two middle "
                 "values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are "
                 "at or below it. Dashed line: the first-response target of the default SLA policy. The tooltip "
                 "adds the mean (the sum divided by the count) and the count n. One value per cycle in which the "
                 "customer wrote; it counts for the local date, in the team calendar's time zone, of the cycle's "
                 "first customer message (weeks run Monday to Sunday).")
            + QStringLiteral("\n\n") + variantDefinition();
    case DashboardChart::ByPlatform:
        return firstResponseDefinition() + QStringLiteral("\n\n")
            + tr("Bars: the median first response time of each channel; n is the number of answered first "
                 "responses behind it.")
            + QStringLiteral("\n\n") + variantDefinition();
    case DashboardChart::ByAgent:
        return firstResponseDefinition() + QStringLiteral("\n\n")
            + tr("Bars: the median first response time of each agent, by who answered; n is the number of "
                 "answered first responses behind it. A wait that ended without a response counts for whoever "
                 "ended it, beside the figures.")
            + QStringLiteral("\n\n") + variantDefinition();
    case DashboardChart::SlaRate:
        return tr("SLA met rate of the first-response target: met ÷ (met + missed + running already missed). "
                  "Each conversation's log runs through the same SLA clocks the inbox uses, under the SLA policy "
                  "that applies to it, so pausing while pending, staffed hours or wall clock and the calendar "
                  "follow the policy. A conversation has one first-response clock per cycle. Met: the response "
                  "came by the due time. Missed: it came late, or the clock ended late without it. Clocks still "
                  "running in time are not decided yet, and stopped clocks (\"no reply needed\", or resolved "
                  "unanswered) had no promise left to keep: both are counted beside the rate, not in it. Snoozing "
                  "never pauses an SLA clock.");
    case DashboardChart::Volume:
        return tr("Customer messages of the selected conversations in the period, counted by the weekday and hour "
                  "they arrived, in the team calendar's time zone. Hatched cells are hours in which the team "
                  "calendar has no staffed time (an hour with any staffed time counts as staffed). Closures "
                  "(holidays) are not shown.");
    }
    return {};
}

} // namespace Care::Gui
