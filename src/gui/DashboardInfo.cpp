#include "gui/DashboardInfo.h"

#include <QCoreApplication>

namespace Care::Gui {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Gui::DashboardInfo)
};

QString firstResponseDefinition()
{
    return Strings::tr("First response time: from the customer's first message in a cycle to the first message a person "
              "on the team sends the customer, public or private. Internal notes and automatic acknowledgements "
              "are not responses. If the conversation is marked \"no reply needed\", or resolved, before anyone "
              "replies, the clock stops without a response: it is counted as ended without response, next to the "
              "figures, never in them. A wait still open now is counted as still waiting, also beside the "
              "figures.");
}

QString variantDefinition()
{
    return Strings::tr("Wall clock counts every real second. With \"Staffed hours only\", only the seconds within the team "
              "calendar's opening hours count.");
}

QString bucketsDefinition()
{
    return Strings::tr("Bars: the median — half of the values are at or below it; with an even count, the two middle "
              "values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are at "
              "or below it. The tooltip adds the mean (the sum divided by the count) and the count n.");
}

QString breakdownNote(const QString &what)
{
    return firstResponseDefinition() + QStringLiteral("\n\n") + what + QStringLiteral("\n\n") + variantDefinition();
}

} // namespace

QString DashboardInfo::metricName(Core::MetricsAggregate::Metric metric)
{
    using Metric = Core::MetricsAggregate::Metric;
    switch (metric) {
    case Metric::FirstResponse:
        return Strings::tr("First response");
    case Metric::NextResponse:
        return Strings::tr("Next response");
    case Metric::WaitingTime:
        return Strings::tr("Customer waiting");
    case Metric::Resolution:
        return Strings::tr("Resolution");
    case Metric::Csat:
        return Strings::tr("Satisfaction");
    }
    return {};
}

QString DashboardInfo::timeTitle(Core::MetricsAggregate::Metric metric, bool weekly)
{
    using Metric = Core::MetricsAggregate::Metric;
    switch (metric) {
    case Metric::FirstResponse:
        return title(DashboardChart::FirstResponse, weekly);
    case Metric::NextResponse:
        return weekly ? Strings::tr("Next response time per week") : Strings::tr("Next response time per day");
    case Metric::WaitingTime:
        return weekly ? Strings::tr("Customer waiting time per week") : Strings::tr("Customer waiting time per day");
    case Metric::Resolution:
        return weekly ? Strings::tr("Resolution time per week") : Strings::tr("Resolution time per day");
    case Metric::Csat:
        break;
    }
    return {};
}

QString DashboardInfo::timeInfoText(Core::MetricsAggregate::Metric metric)
{
    using Metric = Core::MetricsAggregate::Metric;
    switch (metric) {
    case Metric::FirstResponse:
        return infoText(DashboardChart::FirstResponse);
    case Metric::NextResponse:
        return Strings::tr("Next response time: each later customer message that arrives while the customer is not already "
                  "waiting for us starts a new clock, which stops at the next message a person on the team sends "
                  "the customer. Messages the customer adds while already waiting start no clock of their own. "
                  "\"No reply needed\" and resolving stop it without a response: counted as ended without "
                  "response, beside the figures. One value per next response; it counts for the local date of "
                  "the first customer message of its cycle, not of the message it answers.")
            + QStringLiteral("\n\n") + bucketsDefinition() + QStringLiteral("\n\n") + variantDefinition();
    case Metric::WaitingTime:
        return Strings::tr("Customer waiting time: how long the customer waited for an answer, from the first unanswered "
                  "customer message to the answer, added up over the conversation — the first and next response "
                  "times together. One value per conversation, counted for the local date of its first customer "
                  "message. Waits that ended without a response are left out; a wait still open now is counted as "
                  "still waiting, beside the figures.")
            + QStringLiteral("\n\n") + bucketsDefinition() + QStringLiteral("\n\n") + variantDefinition();
    case Metric::Resolution:
        return Strings::tr("Resolution time: from the start of a cycle (the conversation's creation, or a reopen) to "
                  "\"resolved\". A reopened conversation gets a second resolution time for its new cycle. One "
                  "value per resolved cycle, counted for the local date of the cycle's first customer message; "
                  "cycles not resolved yet are counted beside the figures.")
            + QStringLiteral("\n\n") + bucketsDefinition() + QStringLiteral("\n\n") + variantDefinition();
    case Metric::Csat:
        break;
    }
    return {};
}

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
    case DashboardChart::Backlog:
        return QStringLiteral("backlog");
    case DashboardChart::TopTags:
        return QStringLiteral("top-tags");
    case DashboardChart::ByAccount:
        return QStringLiteral("by-account");
    case DashboardChart::ByTag:
        return QStringLiteral("by-tag");
    case DashboardChart::Satisfaction:
        return QStringLiteral("satisfaction");
    case DashboardChart::LongestWaits:
        return QStringLiteral("longest-waits");
    }
    return {};
}

QString DashboardInfo::title(DashboardChart chart, bool weekly)
{
    switch (chart) {
    case DashboardChart::FirstResponse:
        return weekly ? Strings::tr("First response time per week") : Strings::tr("First response time per day");
    case DashboardChart::ByPlatform:
        return Strings::tr("First response by channel");
    case DashboardChart::ByAgent:
        return Strings::tr("First response by agent");
    case DashboardChart::SlaRate:
        return weekly ? Strings::tr("SLA first response met, per week") : Strings::tr("SLA first response met, per day");
    case DashboardChart::Volume:
        return Strings::tr("Customer messages by weekday and hour");
    case DashboardChart::Backlog:
        return Strings::tr("Customers waiting at the start of each day");
    case DashboardChart::TopTags:
        return Strings::tr("Top tags vs the previous period");
    case DashboardChart::ByAccount:
        return Strings::tr("First response by account");
    case DashboardChart::ByTag:
        return Strings::tr("First response by tag");
    case DashboardChart::Satisfaction:
        return weekly ? Strings::tr("Satisfaction (CSAT) per week") : Strings::tr("Satisfaction (CSAT) per day");
    case DashboardChart::LongestWaits:
        return Strings::tr("Longest waits");
    }
    return {};
}

QString DashboardInfo::infoText(DashboardChart chart)
{
    switch (chart) {
    case DashboardChart::FirstResponse:
        return firstResponseDefinition() + QStringLiteral("\n\n")
            + Strings::tr("Bars: the median — half of the values are at or below it; with an even count, the two middle "
                 "values averaged. Line: the 90th percentile — the smallest value such that 90% of the values are "
                 "at or below it. Dashed line: the first-response target of the default SLA policy. The tooltip "
                 "adds the mean (the sum divided by the count) and the count n. One value per cycle in which the "
                 "customer wrote; it counts for the local date, in the team calendar's time zone, of the cycle's "
                 "first customer message (weeks run Monday to Sunday).")
            + QStringLiteral("\n\n") + variantDefinition();
    case DashboardChart::ByPlatform:
        return firstResponseDefinition() + QStringLiteral("\n\n")
            + Strings::tr("Bars: the median first response time of each channel; n is the number of answered first "
                 "responses behind it.")
            + QStringLiteral("\n\n") + variantDefinition();
    case DashboardChart::ByAgent:
        return firstResponseDefinition() + QStringLiteral("\n\n")
            + Strings::tr("Bars: the median first response time of each agent, by who answered; n is the number of "
                 "answered first responses behind it. A wait that ended without a response counts for whoever "
                 "ended it, beside the figures.")
            + QStringLiteral("\n\n") + variantDefinition();
    case DashboardChart::SlaRate:
        return Strings::tr("SLA met rate of the first-response target: met ÷ (met + missed + running already missed). "
                  "Each conversation's log runs through the same SLA clocks the inbox uses, under the SLA policy "
                  "that applies to it, so pausing while pending, staffed hours or wall clock and the calendar "
                  "follow the policy. A conversation has one first-response clock per cycle. Met: the response "
                  "came by the due time. Missed: it came late, or the clock ended late without it. Clocks still "
                  "running in time are not decided yet, and stopped clocks (\"no reply needed\", or resolved "
                  "unanswered) had no promise left to keep: both are counted beside the rate, not in it. Snoozing "
                  "never pauses an SLA clock.");
    case DashboardChart::Volume:
        return Strings::tr("Customer messages of the selected conversations in the period, counted by the weekday and hour "
                  "they arrived, in the team calendar's time zone. Hatched cells are hours in which the team "
                  "calendar has no staffed time (an hour with any staffed time counts as staffed). Closures "
                  "(holidays) are not shown.");
    case DashboardChart::Backlog:
        return Strings::tr("Backlog: the number of conversations whose customer was waiting for us at the start of each "
                  "day (00:00 in the team calendar's time zone). A customer is waiting from a customer message "
                  "that is not answered yet until a person on the team replies (public or private), or until the "
                  "wait ends without a response (\"no reply needed\", or resolving). Internal notes and automatic "
                  "acknowledgements do not end a wait. Computed from each conversation's history, so a wait that "
                  "began before the period counts too, and each day is counted again whenever the chart reloads. "
                  "The channel, agent and tag filters apply; staffed hours do not.");
    case DashboardChart::TopTags:
        return Strings::tr("The 8 tags found on most of the period's conversations (those whose customer first wrote in "
                  "the period), with how many conversations had the tag. The trend compares it with the previous "
                  "period of the same length, just before: ▲ more, ▼ fewer, as a percentage of the previous "
                  "count (\"new\" when the previous period had none). A conversation with several tags counts "
                  "under each of them. The channel, agent and tag filters apply.");
    case DashboardChart::ByAccount:
        return breakdownNote(Strings::tr("Bars: the median first response time of each connected account (the handle "
                                "and channel the customer wrote to); n is the number of answered first "
                                "responses behind it."));
    case DashboardChart::ByTag:
        return breakdownNote(Strings::tr("Bars: the median first response time of the conversations with each tag; n is "
                                "the number of answered first responses behind it. A conversation with several "
                                "tags counts under each of them; one without tags under \"no tag\". The 10 "
                                "tags with most answered first responses are shown."));
    case DashboardChart::Satisfaction:
        return Strings::tr("Satisfaction (CSAT): the customer's answer from 1 (very unhappy) to 5 (very happy) to the "
                  "satisfaction question, parsed from their reply or recorded by an agent. One value per cycle: "
                  "the latest answer given during the cycle, including after it was resolved and before any "
                  "reopen. It counts for the local date, in the team calendar's time zone, of the cycle's first "
                  "customer message (weeks run Monday to Sunday).\n\nBars: the answers of each period, stacked "
                  "by score. Line: the mean score (the sum of the scores divided by their count), on the axis at "
                  "the right. The tooltip adds the median, the share of 4s and 5s (satisfied) and the count n. "
                  "Staffed hours do not apply to satisfaction.");
    case DashboardChart::LongestWaits:
        return Strings::tr("The 10 conversations whose customer waited longest for us in the period: each wait runs from "
                  "an unanswered customer message to the next message a person on the team sent (public or "
                  "private), to \"no reply needed\" or resolving (ended without response), or to now while the "
                  "customer is still waiting. First and next responses both count; a conversation is listed once, "
                  "with its longest wait that began in the period. Double-click a row to open the conversation.")
            + QStringLiteral("\n\n") + variantDefinition();
    }
    return {};
}

} // namespace Care::Gui
