#include "core/BusinessCalendar.h"
#include "core/ConversationMetrics.h"
#include "core/MetricEvent.h"
#include "core/MetricsAggregate.h"
#include "core/SlaPolicy.h"

#include <QTest>

using namespace Care::Core;
using Kind = MetricEvent::Kind;
using Metric = MetricsAggregate::Metric;
using Variant = MetricsAggregate::Variant;
using Grouping = MetricsAggregate::Grouping;
using Input = MetricsAggregate::ConversationInput;
using SampleState = MetricsAggregate::SampleState;
using Ids = QList<qint64>;

namespace {

QTimeZone berlin()
{
    return QTimeZone(QByteArrayLiteral("Europe/Berlin"));
}

QDateTime utc(int month, int day, int hour, int minute = 0, int second = 0)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, minute, second), Qt::UTC);
}

QDateTime local(int month, int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, minute), berlin());
}

MetricEvent ev(Kind kind, const QDateTime &at, const QString &agent = QString())
{
    MetricEvent e;
    e.kind = kind;
    e.at = at;
    e.agentId = agent;
    return e;
}

MetricEvent csat(const QDateTime &at, int score)
{
    MetricEvent e = ev(Kind::CsatAnswer, at);
    e.csatScore = score;
    return e;
}

QString s(const char *text)
{
    return QString::fromLatin1(text);
}

Input input(qint64 id, const QList<MetricEvent> &events, const BusinessCalendar &calendar, const QDateTime &now)
{
    Input in;
    in.conversationId = id;
    in.events = events;
    in.metrics = ConversationMetrics::compute(events, calendar, now);
    return in;
}

// A conversation answered `seconds` after the customer's message at `inboundAt`.
Input answered(qint64 id, const QDateTime &inboundAt, qint64 seconds, const BusinessCalendar &calendar,
               const QDateTime &now, const QString &agent = s("ana"))
{
    return input(id, {ev(Kind::Inbound, inboundAt), ev(Kind::PublicReply, inboundAt.addSecs(seconds), agent)},
                 calendar, now);
}

BusinessCalendar allDayUtc()
{
    return BusinessCalendar::twentyFourSeven(QTimeZone::utc());
}

QStringList keys(const MetricsAggregate &aggregate)
{
    QStringList out;
    for (const auto &b : aggregate.buckets)
        out.append(b.key);
    return out;
}

MetricsAggregate::Bucket bucketOf(const MetricsAggregate &aggregate, const QString &key)
{
    const auto b = aggregate.bucket(key);
    if (!b)
        qFatal("no bucket %s", qPrintable(key));
    return *b;
}

// Mon–Fri 08:00–12:00 and 14:00–18:00, Berlin.
BusinessCalendar splitShifts()
{
    BusinessCalendar calendar(berlin());
    for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday}) {
        calendar.addRange(day, QTime(8, 0), QTime(12, 0));
        calendar.addRange(day, QTime(14, 0), QTime(18, 0));
    }
    return calendar;
}

} // namespace

class TestMetricsAggregate : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void emptyInput();
    void summaryOfFirstResponses();
    void evenCountOfNextResponses();
    void weeklyBucketsInCalendarZone();
    void nextResponsesBucketedByCycleFirstInbound();
    void dailyAndMonthlyBuckets();
    void periodKeys();
    void groupingByAgentPlatformAccountTag();
    void staffedVariantAndOtherMetrics();
    void waitingTimeOnePerConversation();
    void slaMetRate();
    void slaPolicySelectedPerConversation();
    void slaNextResponsesByAgent();
    void workedExampleFromDocs();
};

void TestMetricsAggregate::initTestCase()
{
    QVERIFY2(berlin().isValid(), "Qt has no time-zone data for Europe/Berlin: install tzdata");
}

void TestMetricsAggregate::emptyInput()
{
    const auto a = MetricsAggregate::compute({}, Metric::FirstResponse, Variant::WallClock, Grouping::Week, allDayUtc());
    QCOMPARE(a.total.summary.count, 0);
    QCOMPARE(a.total.summary.median, 0.0);
    QVERIFY(a.buckets.isEmpty());
    const auto none = MetricsAggregate::compute({}, Metric::FirstResponse, Variant::WallClock, Grouping::None,
                                                allDayUtc());
    QCOMPARE(none.buckets.size(), 1);
}

void TestMetricsAggregate::summaryOfFirstResponses()
{
    const auto cal = allDayUtc();
    const QDateTime now = utc(6, 15, 10);
    const QDateTime nine = utc(6, 15, 9);
    const QList<Input> inputs = {
        answered(1, nine, 600, cal, now),
        answered(2, nine, 60, cal, now),
        answered(3, nine, 3000, cal, now),
        answered(4, nine, 180, cal, now),
        answered(5, nine, 120, cal, now),
        input(6, {ev(Kind::Inbound, nine), ev(Kind::Disposition, nine.addSecs(100), s("cy"))}, cal, now),
        input(7, {ev(Kind::Inbound, nine)}, cal, now), // still waiting at 10:00
    };
    const auto a = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock, Grouping::None, cal);
    QCOMPARE(a.total.summary.count, 5);
    QCOMPARE(a.total.summary.median, 180.0);
    QCOMPARE(a.total.summary.p90, 3000.0); // nearest rank: ceil(0.9 * 5) = 5th
    QCOMPARE(a.total.summary.mean, 792.0); // (60 + 120 + 180 + 600 + 3000) / 5
    QCOMPARE(a.total.conversationIds, (Ids{1, 2, 3, 4, 5}));
    QCOMPARE(a.total.endedWithoutResponse, 1);
    QCOMPARE(a.total.endedWithoutResponseIds, (Ids{6}));
    QCOMPARE(a.total.unfinished, 1);
    QCOMPARE(a.total.unfinishedIds, (Ids{7}));
    QCOMPARE(a.buckets.size(), 1);
    QCOMPARE(a.buckets.first().summary.count, 5);
    QCOMPARE(a.buckets.first().conversationIds, a.total.conversationIds);

    const auto samples = MetricsAggregate::samples(inputs, Metric::FirstResponse, Variant::WallClock);
    QCOMPARE(samples.size(), 7);
    QCOMPARE(samples.at(5).state, SampleState::EndedWithoutResponse);
    QCOMPARE(samples.at(5).agentId, s("cy"));
    QCOMPARE(samples.at(6).state, SampleState::Unfinished);
    QCOMPARE(samples.at(6).value, 3600.0); // so far, beside the figures
}

void TestMetricsAggregate::evenCountOfNextResponses()
{
    const auto cal = allDayUtc();
    const QDateTime now = utc(6, 16, 0);
    const QList<Input> inputs = {
        input(1,
              {ev(Kind::Inbound, utc(6, 15, 9)), ev(Kind::PublicReply, utc(6, 15, 9, 1), s("ana")),
               ev(Kind::Inbound, utc(6, 15, 10)), ev(Kind::PublicReply, utc(6, 15, 10, 1, 40), s("ana")),
               ev(Kind::Inbound, utc(6, 15, 11)), ev(Kind::PublicReply, utc(6, 15, 11, 16, 40), s("ben"))},
              cal, now),
        input(2,
              {ev(Kind::Inbound, utc(6, 15, 9)), ev(Kind::PublicReply, utc(6, 15, 9, 1), s("ana")),
               ev(Kind::Inbound, utc(6, 15, 10)), ev(Kind::PublicReply, utc(6, 15, 10, 3, 20), s("ben")),
               ev(Kind::Inbound, utc(6, 15, 11)), ev(Kind::PublicReply, utc(6, 15, 11, 6, 40), s("ben"))},
              cal, now),
    };
    // Next responses 100, 1000 (conversation 1) and 200, 400 (conversation 2).
    const auto a = MetricsAggregate::compute(inputs, Metric::NextResponse, Variant::WallClock, Grouping::None, cal);
    QCOMPARE(a.total.summary.count, 4);
    QCOMPARE(a.total.summary.median, 300.0); // mean of 200 and 400
    QCOMPARE(a.total.summary.p90, 1000.0);
    QCOMPARE(a.total.summary.mean, 425.0);
    QCOMPARE(a.total.conversationIds, (Ids{1, 2}));

    const auto byAgent = MetricsAggregate::compute(inputs, Metric::NextResponse, Variant::WallClock,
                                                   Grouping::Agent, cal);
    QCOMPARE(bucketOf(byAgent, s("ana")).summary.count, 1);
    QCOMPARE(bucketOf(byAgent, s("ben")).summary.count, 3);
    QCOMPARE(bucketOf(byAgent, s("ben")).summary.median, 400.0);
    QCOMPARE(bucketOf(byAgent, s("ben")).conversationIds, (Ids{1, 2}));
}

void TestMetricsAggregate::weeklyBucketsInCalendarZone()
{
    const BusinessCalendar cal = BusinessCalendar::twentyFourSeven(berlin());
    const QDateTime now = utc(6, 20, 0);
    const QList<Input> inputs = {
        answered(10, utc(6, 14, 22, 30), 600, cal, now),  // Monday 15 June 00:30 in Berlin: week 25
        answered(11, utc(6, 14, 21, 30), 1200, cal, now), // Sunday 14 June 23:30 in Berlin: week 24
        answered(12, utc(6, 10, 12, 0), 300, cal, now),   // Wednesday 10 June: week 24
        input(15,
              {ev(Kind::Inbound, utc(6, 3, 10)), ev(Kind::PublicReply, utc(6, 3, 10, 5), s("ana")),
               ev(Kind::StatusResolved, utc(6, 3, 11)), ev(Kind::Inbound, utc(6, 16, 10)),
               ev(Kind::PublicReply, utc(6, 16, 10, 15), s("ana"))},
              cal, now), // one cycle in week 23, one in week 25
    };
    const auto a = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock, Grouping::Week, cal);
    QCOMPARE(keys(a), (QStringList{s("2026-W23"), s("2026-W24"), s("2026-W25")}));
    const auto w24 = bucketOf(a, s("2026-W24"));
    QCOMPARE(w24.periodStart, QDate(2026, 6, 8));
    QCOMPARE(w24.conversationIds, (Ids{11, 12}));
    QCOMPARE(w24.summary.count, 2);
    QCOMPARE(w24.summary.median, 750.0);
    const auto w25 = bucketOf(a, s("2026-W25"));
    QCOMPARE(w25.periodStart, QDate(2026, 6, 15));
    QCOMPARE(w25.conversationIds, (Ids{10, 15}));
    QCOMPARE(w25.summary.mean, 750.0); // 600 and 900
    QCOMPARE(bucketOf(a, s("2026-W23")).conversationIds, (Ids{15}));
    QCOMPARE(a.total.summary.count, 5);
    QCOMPARE(a.total.conversationIds, (Ids{10, 11, 12, 15}));

    // In UTC both late-Sunday messages fall in week 24.
    const auto inUtc = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock, Grouping::Week,
                                                 allDayUtc());
    QCOMPARE(bucketOf(inUtc, s("2026-W24")).conversationIds, (Ids{10, 11, 12}));
}

void TestMetricsAggregate::nextResponsesBucketedByCycleFirstInbound()
{
    const BusinessCalendar cal = BusinessCalendar::twentyFourSeven(berlin());
    const QList<Input> inputs = {
        input(16,
              {ev(Kind::Inbound, utc(6, 14, 21)), ev(Kind::PublicReply, utc(6, 14, 21, 10), s("ana")),
               ev(Kind::Inbound, utc(6, 15, 8)), ev(Kind::PublicReply, utc(6, 15, 8, 30), s("ana"))},
              cal, utc(6, 16, 0)),
    };
    // The next response came on Monday (week 25), its cycle started Sunday (week 24).
    const auto a = MetricsAggregate::compute(inputs, Metric::NextResponse, Variant::WallClock, Grouping::Week, cal);
    QCOMPARE(keys(a), (QStringList{s("2026-W24")}));
    QCOMPARE(a.buckets.first().summary.mean, 1800.0);
}

void TestMetricsAggregate::dailyAndMonthlyBuckets()
{
    const BusinessCalendar cal = BusinessCalendar::twentyFourSeven(berlin());
    const QDateTime now = utc(6, 20, 0);
    const QList<Input> inputs = {
        answered(13, utc(5, 31, 22, 30), 60, cal, now), // 1 June 00:30 in Berlin
        answered(14, utc(5, 31, 21, 30), 120, cal, now), // 31 May 23:30 in Berlin
        answered(10, utc(6, 14, 22, 30), 600, cal, now),
        answered(11, utc(6, 14, 21, 30), 1200, cal, now),
    };
    const auto months = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock,
                                                  Grouping::Month, cal);
    QCOMPARE(keys(months), (QStringList{s("2026-05"), s("2026-06")}));
    QCOMPARE(bucketOf(months, s("2026-05")).conversationIds, (Ids{14}));
    QCOMPARE(bucketOf(months, s("2026-05")).periodStart, QDate(2026, 5, 1));
    QCOMPARE(bucketOf(months, s("2026-06")).conversationIds, (Ids{10, 11, 13}));

    const auto days = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock, Grouping::Day,
                                                cal);
    QCOMPARE(keys(days), (QStringList{s("2026-05-31"), s("2026-06-01"), s("2026-06-14"), s("2026-06-15")}));
    QCOMPARE(bucketOf(days, s("2026-06-15")).conversationIds, (Ids{10}));
    QCOMPARE(bucketOf(days, s("2026-06-15")).periodStart, QDate(2026, 6, 15));
}

void TestMetricsAggregate::periodKeys()
{
    // 2027-01-01 is a Friday in ISO week 53 of 2026.
    QCOMPARE(MetricsAggregate::periodKey(QDate(2027, 1, 1), Grouping::Week), s("2026-W53"));
    QCOMPARE(MetricsAggregate::periodStart(QDate(2027, 1, 1), Grouping::Week), QDate(2026, 12, 28));
    QCOMPARE(MetricsAggregate::periodKey(QDate(2026, 3, 2), Grouping::Week), s("2026-W10"));
    QCOMPARE(MetricsAggregate::periodStart(QDate(2026, 3, 8), Grouping::Week), QDate(2026, 3, 2)); // a Sunday
    QCOMPARE(MetricsAggregate::periodKey(QDate(2026, 3, 8), Grouping::Month), s("2026-03"));
    QCOMPARE(MetricsAggregate::periodKey(QDate(2026, 3, 8), Grouping::Agent), QString());
}

void TestMetricsAggregate::groupingByAgentPlatformAccountTag()
{
    const auto cal = allDayUtc();
    const QDateTime now = utc(6, 15, 12);
    const QDateTime nine = utc(6, 15, 9);
    QList<Input> inputs = {
        answered(1, nine, 60, cal, now, s("ana")),
        answered(2, nine, 120, cal, now, s("ben")),
        answered(3, nine, 300, cal, now, s("ana")),
        input(4, {ev(Kind::Inbound, nine), ev(Kind::Disposition, nine.addSecs(30), s("ben"))}, cal, now),
    };
    inputs[0].platform = Platform::Mastodon;
    inputs[0].accountId = 10;
    inputs[0].tags = QStringList{s("Billing"), s("Urgent")};
    inputs[1].platform = Platform::X;
    inputs[1].accountId = 9;
    inputs[1].tags = QStringList{s("billing")};
    inputs[2].platform = Platform::Mastodon;
    inputs[2].accountId = 10;
    inputs[3].platform = Platform::X;
    inputs[3].accountId = 9;

    const auto byAgent = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock,
                                                   Grouping::Agent, cal);
    QCOMPARE(keys(byAgent), (QStringList{s("ana"), s("ben")}));
    QCOMPARE(bucketOf(byAgent, s("ana")).conversationIds, (Ids{1, 3}));
    QCOMPARE(bucketOf(byAgent, s("ana")).summary.mean, 180.0);
    QCOMPARE(bucketOf(byAgent, s("ben")).conversationIds, (Ids{2}));
    QCOMPARE(bucketOf(byAgent, s("ben")).endedWithoutResponseIds, (Ids{4}));

    const auto byPlatform = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock,
                                                      Grouping::Platform, cal);
    QCOMPARE(bucketOf(byPlatform, platformId(Platform::Mastodon)).conversationIds, (Ids{1, 3}));
    QCOMPARE(bucketOf(byPlatform, platformId(Platform::X)).conversationIds, (Ids{2}));
    QCOMPARE(bucketOf(byPlatform, platformId(Platform::X)).endedWithoutResponse, 1);

    const auto byAccount = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock,
                                                     Grouping::Account, cal);
    QCOMPARE(keys(byAccount), (QStringList{s("9"), s("10")})); // by number
    QCOMPARE(bucketOf(byAccount, s("10")).summary.count, 2);

    const auto byTag = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock, Grouping::Tag,
                                                 cal);
    QCOMPARE(keys(byTag), (QStringList{QString(), s("billing"), s("urgent")}));
    QCOMPARE(bucketOf(byTag, s("billing")).conversationIds, (Ids{1, 2}));
    QCOMPARE(bucketOf(byTag, s("billing")).summary.median, 90.0);
    QCOMPARE(bucketOf(byTag, s("urgent")).conversationIds, (Ids{1}));
    QCOMPARE(bucketOf(byTag, QString()).conversationIds, (Ids{3}));
    QCOMPARE(bucketOf(byTag, QString()).endedWithoutResponseIds, (Ids{4}));
    QCOMPARE(byTag.total.summary.count, 3); // conversation 1 counts once in the total
}

void TestMetricsAggregate::staffedVariantAndOtherMetrics()
{
    const BusinessCalendar cal = splitShifts();
    const QDateTime now = local(6, 15, 15, 0); // Monday
    const QList<Input> inputs = {
        input(1,
              {ev(Kind::Inbound, local(6, 12, 11)), ev(Kind::PublicReply, local(6, 12, 15), s("ana")),
               ev(Kind::StatusResolved, local(6, 15, 9)), csat(local(6, 15, 9, 30), 4)},
              cal, now),
        input(2,
              {ev(Kind::Inbound, local(6, 15, 10)), ev(Kind::PublicReply, local(6, 15, 10, 30), s("ben")),
               ev(Kind::Inbound, local(6, 15, 11)), ev(Kind::PublicReply, local(6, 15, 14, 40), s("ben")),
               csat(local(6, 15, 14, 50), 2)},
              cal, now),
    };
    // First responses: Friday 11:00–15:00 is 4 h, 2 h staffed (11–12, 14–15); 30 min.
    const auto staffed = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::StaffedHours,
                                                   Grouping::None, cal);
    QCOMPARE(staffed.variant, Variant::StaffedHours);
    QCOMPARE(staffed.total.summary.median, 4500.0);
    QCOMPARE(staffed.total.summary.p90, 7200.0);
    const auto wall = MetricsAggregate::compute(inputs, Metric::FirstResponse, Variant::WallClock, Grouping::None,
                                                cal);
    QCOMPARE(wall.total.summary.median, 8100.0);

    // Resolution: Friday 11:00 to Monday 09:00 = 70 h; staffed 1 + 4 + 1 h. Conversation 2 is open.
    const auto resolution = MetricsAggregate::compute(inputs, Metric::Resolution, Variant::StaffedHours,
                                                      Grouping::None, cal);
    QCOMPARE(resolution.total.summary.count, 1);
    QCOMPARE(resolution.total.summary.mean, 21600.0);
    QCOMPARE(resolution.total.unfinishedIds, (Ids{2}));
    QCOMPARE(MetricsAggregate::compute(inputs, Metric::Resolution, Variant::WallClock, Grouping::None, cal)
                 .total.summary.mean,
             252000.0);

    // Waiting: conversation 1 = its first response; conversation 2 = 30 min + (11:00–14:40:
    // 3 h 40 wall, 1 h 40 staffed).
    const auto waitingStaffed = MetricsAggregate::compute(inputs, Metric::WaitingTime, Variant::StaffedHours,
                                                          Grouping::None, cal);
    QCOMPARE(waitingStaffed.total.summary.count, 2);
    QCOMPARE(waitingStaffed.total.summary.median, 7500.0); // 7200 and 7800
    const auto waitingWall = MetricsAggregate::compute(inputs, Metric::WaitingTime, Variant::WallClock,
                                                       Grouping::None, cal);
    QCOMPARE(waitingWall.total.summary.median, 14700.0); // 14400 and 15000

    const auto satisfaction = MetricsAggregate::compute(inputs, Metric::Csat, Variant::WallClock, Grouping::Agent,
                                                        cal);
    QCOMPARE(satisfaction.total.summary.mean, 3.0);
    QCOMPARE(bucketOf(satisfaction, s("ana")).summary.mean, 4.0);
    QCOMPARE(bucketOf(satisfaction, s("ben")).conversationIds, (Ids{2}));
}

void TestMetricsAggregate::waitingTimeOnePerConversation()
{
    const auto cal = allDayUtc();
    const QDateTime now = utc(6, 15, 18);
    const QList<Input> inputs = {
        input(1,
              {ev(Kind::Inbound, utc(6, 15, 9)), ev(Kind::PublicReply, utc(6, 15, 9, 10), s("ana")),
               ev(Kind::StatusResolved, utc(6, 15, 10)), ev(Kind::Inbound, utc(6, 15, 12)),
               ev(Kind::PublicReply, utc(6, 15, 12, 30), s("ben")), ev(Kind::Inbound, utc(6, 15, 13)),
               ev(Kind::PublicReply, utc(6, 15, 13, 5), s("ben"))},
              cal, now),
        input(2, {ev(Kind::Inbound, utc(6, 15, 17))}, cal, now),
        input(3,
              {ev(Kind::Inbound, utc(6, 15, 9)), ev(Kind::Disposition, utc(6, 15, 9, 1), s("cy")),
               ev(Kind::Inbound, utc(6, 15, 11)), ev(Kind::PublicReply, utc(6, 15, 11, 20), s("cy"))},
              cal, now),
    };
    const auto a = MetricsAggregate::compute(inputs, Metric::WaitingTime, Variant::WallClock, Grouping::Agent, cal);
    QCOMPARE(a.total.summary.count, 2);
    QCOMPARE(a.total.summary.mean, (2700.0 + 1200.0) / 2); // 600 + 1800 + 300; 1200
    QCOMPARE(a.total.conversationIds, (Ids{1, 3}));
    QCOMPARE(a.total.unfinishedIds, (Ids{2}));
    QCOMPARE(a.total.endedWithoutResponseIds, (Ids{3}));
    // Whole conversation under whoever answered it first.
    QCOMPARE(bucketOf(a, s("ana")).summary.mean, 2700.0);
    QVERIFY(!a.bucket(s("ben")).has_value());
}

void TestMetricsAggregate::slaMetRate()
{
    const auto cal = allDayUtc();
    const QDateTime now = utc(6, 15, 10);
    SlaPolicy policy;
    policy.name = s("General");
    policy.firstResponseSeconds = 1800;
    policy.countStaffedHoursOnly = false;

    const QList<Input> inputs = {
        answered(1, utc(6, 15, 9), 600, cal, now, s("ana")),  // met
        answered(2, utc(6, 15, 8), 2700, cal, now, s("ben")), // missed
        input(3, {ev(Kind::Inbound, utc(6, 15, 9, 20))}, cal, now), // 40 min, still running: missed already
        input(4, {ev(Kind::Inbound, utc(6, 15, 9, 55))}, cal, now), // running in time
        input(5, {ev(Kind::Inbound, utc(6, 15, 9)), ev(Kind::Disposition, utc(6, 15, 9, 10))}, cal, now), // stopped
    };
    const auto r = MetricsAggregate::slaRates(inputs, SlaTarget::FirstResponse, policy, cal, now, Grouping::None);
    QCOMPARE(r.total.met, 1);
    QCOMPARE(r.total.missed, 1);
    QCOMPARE(r.total.runningAlreadyMissed, 1);
    QCOMPARE(r.total.running, 1);
    QCOMPARE(r.total.stopped, 1);
    QVERIFY(r.total.metRate().has_value());
    QCOMPARE(*r.total.metRate(), 1.0 / 3.0);
    QCOMPARE(r.total.conversationIds, (Ids{1, 2, 3, 4, 5}));
    QCOMPARE(r.total.missedConversationIds, (Ids{2, 3}));
    QCOMPARE(r.buckets.size(), 1);

    const auto byAgent = MetricsAggregate::slaRates(inputs, SlaTarget::FirstResponse, policy, cal, now,
                                                    Grouping::Agent);
    QCOMPARE(byAgent.bucket(s("ana"))->met, 1);
    QCOMPARE(*byAgent.bucket(s("ana"))->metRate(), 1.0);
    QCOMPARE(byAgent.bucket(s("ben"))->missed, 1);
    QCOMPARE(byAgent.bucket(QString())->conversationIds, (Ids{3, 4, 5}));

    // A target the policy does not set has no clocks at all.
    const auto resolution = MetricsAggregate::slaRates(inputs, SlaTarget::Resolution, policy, cal, now,
                                                       Grouping::Week);
    QCOMPARE(resolution.total.conversationIds, Ids{});
    QVERIFY(!resolution.total.metRate().has_value());

    // Staffed-hours counting comes from the SLA clock: closed all day, nothing is ever late.
    SlaPolicy staffed = policy;
    staffed.countStaffedHoursOnly = true;
    const auto closed = MetricsAggregate::slaRates(inputs, SlaTarget::FirstResponse, staffed,
                                                   BusinessCalendar(QTimeZone::utc()), now, Grouping::None);
    QCOMPARE(closed.total.missed, 0);
    QCOMPARE(closed.total.met, 2);
}

void TestMetricsAggregate::slaPolicySelectedPerConversation()
{
    const auto cal = allDayUtc();
    const QDateTime now = utc(6, 15, 10);
    SlaPolicy general;
    general.name = s("General");
    general.firstResponseSeconds = 1800;
    general.countStaffedHoursOnly = false;
    SlaPolicy vip = general;
    vip.name = s("VIP");
    vip.tag = s("vip");
    vip.firstResponseSeconds = 300;

    QList<Input> inputs = {
        answered(1, utc(6, 15, 9), 600, cal, now),
        answered(2, utc(6, 15, 9), 600, cal, now),
    };
    inputs[0].tags = QStringList{s("VIP")};
    const auto r = MetricsAggregate::slaRates(inputs, SlaTarget::FirstResponse, QList<SlaPolicy>{general, vip}, cal,
                                              now, Grouping::Week);
    QCOMPARE(r.total.met, 1);
    QCOMPARE(r.total.missedConversationIds, (Ids{1}));
    QCOMPARE(r.bucket(s("2026-W25"))->decided(), 2);
}

void TestMetricsAggregate::slaNextResponsesByAgent()
{
    const auto cal = allDayUtc();
    const QDateTime now = utc(6, 15, 12);
    SlaPolicy policy;
    policy.nextResponseSeconds = 900;
    policy.countStaffedHoursOnly = false;
    const QList<Input> inputs = {
        input(1,
              {ev(Kind::Inbound, utc(6, 15, 9)), ev(Kind::PublicReply, utc(6, 15, 9, 5), s("ana")),
               ev(Kind::Inbound, utc(6, 15, 9, 10)), ev(Kind::PublicReply, utc(6, 15, 9, 20), s("ben")),
               ev(Kind::Inbound, utc(6, 15, 9, 30)), ev(Kind::PrivateReply, utc(6, 15, 9, 55), s("cy"))},
              cal, now),
    };
    // Each next-response clock counts for the agent who answered that message.
    const auto r = MetricsAggregate::slaRates(inputs, SlaTarget::NextResponse, policy, cal, now, Grouping::Agent);
    QCOMPARE(keys(MetricsAggregate::compute(inputs, Metric::NextResponse, Variant::WallClock, Grouping::Agent, cal)),
             (QStringList{s("ben"), s("cy")}));
    QCOMPARE(r.total.met, 1);
    QCOMPARE(r.total.missed, 1);
    QCOMPARE(r.buckets.size(), 2);
    QCOMPARE(r.bucket(s("ben"))->met, 1);
    QCOMPARE(r.bucket(s("ben"))->missed, 0);
    QCOMPARE(r.bucket(s("cy"))->missed, 1);
    QCOMPARE(r.bucket(s("cy"))->missedConversationIds, (Ids{1}));
}

// The worked examples in docs/metrics.md: SLA states of the example conversation, and the
// summary of ten first response times.
void TestMetricsAggregate::workedExampleFromDocs()
{
    const BusinessCalendar cal = splitShifts();
    const QDateTime now = local(6, 15, 12, 0);
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, local(6, 12, 11, 0)),
        ev(Kind::AutomaticAcknowledgement, QDateTime(QDate(2026, 6, 12), QTime(11, 0, 5), berlin())),
        ev(Kind::Note, local(6, 12, 11, 20), s("ana")),
        ev(Kind::PublicReply, local(6, 12, 11, 40), s("ana")),
        ev(Kind::Inbound, local(6, 12, 11, 50)),
        ev(Kind::Inbound, local(6, 12, 11, 55)),
        ev(Kind::PrivateReply, local(6, 12, 14, 10), s("ben")),
        ev(Kind::StatusResolved, local(6, 12, 16, 0), s("ben")),
        csat(local(6, 12, 16, 5), 4),
        ev(Kind::Inbound, local(6, 13, 10, 0)),
        ev(Kind::PublicReply, local(6, 15, 9, 30), s("ana")),
        ev(Kind::StatusResolved, local(6, 15, 10, 0), s("ana")),
    };
    SlaPolicy policy;
    policy.firstResponseSeconds = 3600;
    policy.nextResponseSeconds = 1800;
    policy.resolutionSeconds = 8 * 3600;
    policy.countStaffedHoursOnly = true;
    const QList<Input> inputs = {input(42, events, cal, now)};
    const auto frt = MetricsAggregate::slaRates(inputs, SlaTarget::FirstResponse, policy, cal, now, Grouping::None);
    QCOMPARE(frt.total.met, 1);    // 40 min
    QCOMPARE(frt.total.missed, 1); // 1 h 30 min staffed (due Monday 09:00)
    QCOMPARE(*frt.total.metRate(), 0.5);
    const auto nrt = MetricsAggregate::slaRates(inputs, SlaTarget::NextResponse, policy, cal, now, Grouping::None);
    QCOMPARE(nrt.total.met, 1); // 20 min staffed
    const auto resolution = MetricsAggregate::slaRates(inputs, SlaTarget::Resolution, policy, cal, now,
                                                       Grouping::None);
    QCOMPARE(resolution.total.met, 2);

    // Ten first responses in minutes: 2, 3, 4, 5, 6, 8, 10, 15, 40, 120.
    QList<Input> ten;
    const QList<int> minutes = {15, 2, 120, 4, 6, 3, 40, 5, 10, 8};
    for (qsizetype i = 0; i < minutes.size(); ++i)
        ten.append(answered(i + 1, utc(6, 15, 9), minutes.at(i) * 60, allDayUtc(), utc(6, 16, 0)));
    const auto a = MetricsAggregate::compute(ten, Metric::FirstResponse, Variant::WallClock, Grouping::None,
                                             allDayUtc());
    QCOMPARE(a.total.summary.count, 10);
    QCOMPARE(a.total.summary.median, 7.0 * 60);
    QCOMPARE(a.total.summary.p90, 40.0 * 60);
    QCOMPARE(a.total.summary.mean, 21.3 * 60);
}

QTEST_GUILESS_MAIN(TestMetricsAggregate)
#include "tst_metricsaggregate.moc"
