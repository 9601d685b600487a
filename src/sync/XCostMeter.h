#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QString>

namespace Care::Sync {

// X's prices, read from a file (resources/x/x-prices.json is built in): the code holds none.
struct XPrices
{
    QString currency;
    QString checkedOn;
    double postRead = 0;
    double userRead = 0;
    double dmEventRead = 0;
    double postCreate = 0;
    double postWithUrlCreate = 0;
    double dmCreate = 0;
    // What a new account is assumed to see before any traffic was measured.
    double mentionsPerDay = 0;
    double parentPostsPerMention = 0;
    double searchHitsPerDay = 0;
    double dmEventsPerPoll = 0;
    double repliesPerDay = 0;
    double repliesWithUrlShare = 0;
    double dmsSentPerDay = 0;

    static Core::Result<XPrices> parse(const QByteArray &json);
    static XPrices builtIn(); // the embedded file
};

// What one account's X traffic billed so far: per stream, polls and resources returned, and
// the writes. Kept as the "usage" cursor of the account (saved with the messages it counts).
struct XUsage
{
    struct Stream
    {
        qint64 polls = 0;
        qint64 posts = 0;
        qint64 users = 0;
        qint64 dmEvents = 0;
    };
    QDateTime since;           // when counting began
    QString month;             // "2026-11": the month `monthSpent` belongs to
    double monthSpent = 0;     // estimated spend this calendar month (UTC)
    QHash<QString, Stream> streams; // "mentions", "search", "direct"
    qint64 postsSent = 0;
    qint64 postsWithUrlSent = 0;
    qint64 dmsSent = 0;

    QString toCursor() const;
    static XUsage fromCursor(const QString &cursor, const QDateTime &now);
    // Adds a poll's resources (and their price to this month's spend).
    void addPoll(const QString &stream, qint64 posts, qint64 users, qint64 dmEvents, const XPrices &prices, const QDateTime &now);
    void addWrite(bool directMessage, bool withUrl, const XPrices &prices, const QDateTime &now);
};

// How often each stream is polled, in seconds; 0: not polled (no keywords, say).
struct XPollPlan
{
    qint64 mentions = 60;
    qint64 search = 5 * 60;
    qint64 direct = 10 * 60; // each poll reads (and pays for) at least one DM event
};

// The estimated monthly cost of one X account. X bills reads per resource returned, so:
//  - mentions and keyword search are read with since_id: a poll with nothing new returns
//    nothing and costs nothing, and each post is billed once however often it is polled —
//    their cost follows the traffic (measured: resources per hour), not the interval;
//  - direct messages have no since_id: each poll reads at least the newest event (a probe of
//    one), so their cost follows the interval (measured: resources per poll);
//  - replies and direct messages sent are billed per request.
// Before an hour of traffic was measured the file's assumptions stand in (and `assumed` says
// so). Figures are upper bounds: X's same-day deduplication is not counted on.
struct XCostEstimate
{
    double mentions = 0;
    double search = 0;
    double direct = 0;
    double writes = 0;
    double total() const { return mentions + search + direct + writes; }
    bool assumed = false;
    XPollPlan plan;          // the intervals the estimate is for
    double budget = 0;       // 0: none set
    bool overBudget = false; // the traffic alone costs more than the budget: polling slower cannot keep it
    double monthSpent = 0;
};

class XCostMeter
{
public:
    static constexpr double kHoursPerMonth = 730.0; // 365 × 24 / 12
    static constexpr qint64 kMinDirectSecs = 60;    // DM reads: 15 requests a quarter hour per user
    static constexpr qint64 kMaxIntervalSecs = 6 * 3600;

    static XCostEstimate estimate(const XPrices &prices, const XUsage &usage, const XPollPlan &plan, const QDateTime &now);
    // The plan to use under a monthly budget: the wanted intervals when they fit; otherwise the
    // direct-message interval lengthened until they do (never shorter than wanted). When even
    // the traffic-bound part is over budget, direct messages go to the longest interval and
    // keyword listening stops (overBudget), since polling slower would not save anything there.
    static XCostEstimate planWithin(const XPrices &prices, const XUsage &usage, const XPollPlan &wanted, double budget,
                                    const QDateTime &now);
};

} // namespace Care::Sync
