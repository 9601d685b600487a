#include "sync/XCostMeter.h"

#include <QFile>
#include <QJsonDocument>
#include <cmath>

namespace Care::Sync {

namespace {

// A counter from a stored usage cursor: never negative, never beyond what a qint64 holds (the
// cursor is data on disk; a damaged one must not make the conversion undefined).
qint64 countFromJson(const QJsonValue &value)
{
    const double d = value.toDouble();
    if (!(d > 0))
        return 0;
    return d >= 1e15 ? qint64(1e15) : qint64(d);
}

const QString kMentions = QStringLiteral("mentions");
const QString kSearch = QStringLiteral("search");
const QString kDirect = QStringLiteral("direct");

double number(const QJsonObject &o, const QString &key, bool *ok)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || v.toDouble() < 0 || !std::isfinite(v.toDouble())) {
        *ok = false;
        return 0;
    }
    return v.toDouble();
}

QString monthOf(const QDateTime &at)
{
    return at.toUTC().toString(QStringLiteral("yyyy-MM"));
}

double monthlyPolls(qint64 intervalSecs)
{
    return intervalSecs > 0 ? XCostMeter::kHoursPerMonth * 3600.0 / double(intervalSecs) : 0.0;
}

} // namespace

Core::Result<XPrices> XPrices::parse(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const QJsonObject root = doc.object();
    const QJsonObject read = root.value(QStringLiteral("read")).toObject();
    const QJsonObject write = root.value(QStringLiteral("write")).toObject();
    const QJsonObject assumed = root.value(QStringLiteral("assumptionsBeforeTraffic")).toObject();
    bool ok = doc.isObject();
    XPrices p;
    p.currency = root.value(QStringLiteral("currency")).toString();
    p.checkedOn = root.value(QStringLiteral("checkedOn")).toString();
    p.postRead = number(read, QStringLiteral("post"), &ok);
    p.userRead = number(read, QStringLiteral("user"), &ok);
    p.dmEventRead = number(read, QStringLiteral("dmEvent"), &ok);
    p.postCreate = number(write, QStringLiteral("post"), &ok);
    p.postWithUrlCreate = number(write, QStringLiteral("postWithUrl"), &ok);
    p.dmCreate = number(write, QStringLiteral("dm"), &ok);
    p.mentionsPerDay = number(assumed, QStringLiteral("mentionsPerDay"), &ok);
    p.parentPostsPerMention = number(assumed, QStringLiteral("parentPostsPerMention"), &ok);
    p.searchHitsPerDay = number(assumed, QStringLiteral("searchHitsPerDay"), &ok);
    p.dmEventsPerPoll = number(assumed, QStringLiteral("dmEventsPerPoll"), &ok);
    p.repliesPerDay = number(assumed, QStringLiteral("repliesPerDay"), &ok);
    p.repliesWithUrlShare = number(assumed, QStringLiteral("repliesWithUrlShare"), &ok);
    p.dmsSentPerDay = number(assumed, QStringLiteral("dmsSentPerDay"), &ok);
    if (!ok || p.currency.isEmpty())
        return Core::Error::make(Core::Error::Code::InvalidInput,
                                 QStringLiteral("The X price file is incomplete: it needs currency, read.post/user/dmEvent, "
                                                "write.post/postWithUrl/dm and assumptionsBeforeTraffic, all non-negative numbers."));
    return p;
}

XPrices XPrices::builtIn()
{
    QFile file(QStringLiteral(":/x/x-prices.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    auto prices = parse(file.readAll());
    return prices ? prices.value() : XPrices{};
}

QString XUsage::toCursor() const
{
    QJsonObject streamsJson;
    for (auto it = streams.cbegin(); it != streams.cend(); ++it) {
        streamsJson.insert(it.key(), QJsonObject{{QStringLiteral("polls"), double(it->polls)},
                                                 {QStringLiteral("posts"), double(it->posts)},
                                                 {QStringLiteral("users"), double(it->users)},
                                                 {QStringLiteral("dmEvents"), double(it->dmEvents)}});
    }
    const QJsonObject o{{QStringLiteral("since"), since.toUTC().toString(Qt::ISODate)},
                        {QStringLiteral("month"), month},
                        {QStringLiteral("monthSpent"), monthSpent},
                        {QStringLiteral("streams"), streamsJson},
                        {QStringLiteral("postsSent"), double(postsSent)},
                        {QStringLiteral("postsWithUrlSent"), double(postsWithUrlSent)},
                        {QStringLiteral("dmsSent"), double(dmsSent)}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

XUsage XUsage::fromCursor(const QString &cursor, const QDateTime &now)
{
    XUsage u;
    const QJsonObject o = QJsonDocument::fromJson(cursor.toUtf8()).object();
    u.since = QDateTime::fromString(o.value(QStringLiteral("since")).toString(), Qt::ISODate);
    if (!u.since.isValid() || u.since > now)
        u.since = now;
    u.month = o.value(QStringLiteral("month")).toString();
    u.monthSpent = std::max(0.0, o.value(QStringLiteral("monthSpent")).toDouble());
    if (u.month != monthOf(now)) {
        u.month = monthOf(now);
        u.monthSpent = 0;
    }
    const QJsonObject streamsJson = o.value(QStringLiteral("streams")).toObject();
    for (auto it = streamsJson.constBegin(); it != streamsJson.constEnd(); ++it) {
        const QJsonObject s = it.value().toObject();
        Stream stream;
        stream.polls = countFromJson(s.value(QStringLiteral("polls")));
        stream.posts = countFromJson(s.value(QStringLiteral("posts")));
        stream.users = countFromJson(s.value(QStringLiteral("users")));
        stream.dmEvents = countFromJson(s.value(QStringLiteral("dmEvents")));
        u.streams.insert(it.key(), stream);
    }
    u.postsSent = countFromJson(o.value(QStringLiteral("postsSent")));
    u.postsWithUrlSent = countFromJson(o.value(QStringLiteral("postsWithUrlSent")));
    u.dmsSent = countFromJson(o.value(QStringLiteral("dmsSent")));
    return u;
}

void XUsage::addPoll(const QString &stream, qint64 posts, qint64 users, qint64 dmEvents, const XPrices &prices,
                     const QDateTime &now)
{
    Stream &s = streams[stream];
    ++s.polls;
    s.posts += posts;
    s.users += users;
    s.dmEvents += dmEvents;
    if (month != monthOf(now)) {
        month = monthOf(now);
        monthSpent = 0;
    }
    monthSpent += double(posts) * prices.postRead + double(users) * prices.userRead + double(dmEvents) * prices.dmEventRead;
}

void XUsage::addWrite(bool directMessage, bool withUrl, const XPrices &prices, const QDateTime &now)
{
    if (month != monthOf(now)) {
        month = monthOf(now);
        monthSpent = 0;
    }
    if (directMessage) {
        ++dmsSent;
        monthSpent += prices.dmCreate;
    } else if (withUrl) {
        ++postsWithUrlSent;
        monthSpent += prices.postWithUrlCreate;
    } else {
        ++postsSent;
        monthSpent += prices.postCreate;
    }
}

XCostEstimate XCostMeter::estimate(const XPrices &prices, const XUsage &usage, const XPollPlan &plan, const QDateTime &now)
{
    XCostEstimate e;
    e.plan = plan;
    e.monthSpent = usage.monthSpent;
    const double hours = usage.since.isValid() ? double(usage.since.secsTo(now)) / 3600.0 : 0.0;
    e.assumed = hours < 1.0;
    const double days = kHoursPerMonth / 24.0;
    if (e.assumed) {
        // Each mention: the post, its author, and sometimes the post it answers.
        e.mentions = plan.mentions > 0 ? prices.mentionsPerDay * days
                                             * (prices.postRead * (1.0 + prices.parentPostsPerMention) + prices.userRead)
                                       : 0.0;
        e.search = plan.search > 0 ? prices.searchHitsPerDay * days * (prices.postRead + prices.userRead) : 0.0;
        e.direct = monthlyPolls(plan.direct) * prices.dmEventsPerPoll * prices.dmEventRead;
        e.writes = days * (prices.repliesPerDay * ((1.0 - prices.repliesWithUrlShare) * prices.postCreate
                                                   + prices.repliesWithUrlShare * prices.postWithUrlCreate)
                           + prices.dmsSentPerDay * prices.dmCreate);
        return e;
    }
    const double perMonth = kHoursPerMonth / hours;
    const auto traffic = [&](const QString &name) {
        const XUsage::Stream s = usage.streams.value(name);
        return (double(s.posts) * prices.postRead + double(s.users) * prices.userRead + double(s.dmEvents) * prices.dmEventRead)
               * perMonth;
    };
    e.mentions = plan.mentions > 0 ? traffic(kMentions) : 0.0;
    e.search = plan.search > 0 ? traffic(kSearch) : 0.0;
    const XUsage::Stream direct = usage.streams.value(kDirect);
    const double perPoll = direct.polls > 0 ? (double(direct.dmEvents) * prices.dmEventRead + double(direct.users) * prices.userRead)
                                                  / double(direct.polls)
                                            : prices.dmEventsPerPoll * prices.dmEventRead;
    e.direct = monthlyPolls(plan.direct) * perPoll;
    e.writes = (double(usage.postsSent) * prices.postCreate + double(usage.postsWithUrlSent) * prices.postWithUrlCreate
                + double(usage.dmsSent) * prices.dmCreate)
               * perMonth;
    return e;
}

XCostEstimate XCostMeter::planWithin(const XPrices &prices, const XUsage &usage, const XPollPlan &wanted, double budget,
                                     const QDateTime &now)
{
    XPollPlan plan = wanted;
    if (plan.direct > 0)
        plan.direct = std::clamp(plan.direct, kMinDirectSecs, kMaxIntervalSecs);
    XCostEstimate e = estimate(prices, usage, plan, now);
    e.budget = budget;
    if (budget <= 0 || e.total() <= budget)
        return e;
    const double fixed = e.mentions + e.search + e.writes;
    if (fixed < budget && e.direct > 0) {
        // The direct-message cost is inversely proportional to the interval.
        const double factor = e.direct / (budget - fixed);
        // In doubles first: a huge factor (a damaged usage cursor) must not overflow the conversion.
        const double interval = std::ceil(double(plan.direct) * factor);
        plan.direct = std::isfinite(interval) && interval < double(kMaxIntervalSecs) ? qint64(interval) : kMaxIntervalSecs;
        e = estimate(prices, usage, plan, now);
        e.budget = budget;
        e.overBudget = e.total() > budget + 1e-9;
        return e;
    }
    if (plan.direct > 0)
        plan.direct = kMaxIntervalSecs;
    plan.search = 0; // listening finds more posts to pay for; replies to mentions come first
    e = estimate(prices, usage, plan, now);
    e.budget = budget;
    e.overBudget = e.total() > budget + 1e-9;
    return e;
}

} // namespace Care::Sync
