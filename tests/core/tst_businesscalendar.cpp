#include "core/BusinessCalendar.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using Care::Core::BusinessCalendar;
using Care::Core::Error;
using Range = Care::Core::BusinessCalendar::Range;

namespace {

QTimeZone berlin()
{
    return QTimeZone(QByteArrayLiteral("Europe/Berlin"));
}

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC);
}

// Only for local times that exist exactly once; DST edge cases below spell out UTC instead.
QDateTime berlinTime(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), berlin());
}

// Printable in a failed QCOMPARE; std::nullopt shows as an invalid date-time.
QDateTime opt(const std::optional<QDateTime> &value)
{
    return value.value_or(QDateTime());
}

Range range(int startHour, int startMinute, int endHour, int endMinute)
{
    return Range{QTime(startHour, startMinute), QTime(endHour, endMinute)};
}

// The team's published hours: Mon–Fri 07:00–22:00, Sat–Sun 08:00–20:00, Berlin time.
BusinessCalendar publishedHours()
{
    BusinessCalendar calendar(berlin());
    for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday})
        calendar.addRange(day, QTime(7, 0), QTime(22, 0));
    for (auto day : {Qt::Saturday, Qt::Sunday})
        calendar.addRange(day, QTime(8, 0), QTime(20, 0));
    return calendar;
}

BusinessCalendar everyDay(const Range &r)
{
    BusinessCalendar calendar(berlin());
    for (int day = Qt::Monday; day <= Qt::Sunday; ++day)
        calendar.setHours(static_cast<Qt::DayOfWeek>(day), {r});
    return calendar;
}

} // namespace

class TestBusinessCalendar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void splitShifts();
    void overnightRange();
    void closureCutsOvernightRange();
    void touchingAndOverlappingRangesMerge();
    void holidays();
    void specialHoursDays();
    void dstStart();
    void dstEnd();
    void alwaysOpen();
    void alwaysOpenStillHonoursClosures();
    void addStaffedSecondsAcrossWeekend();
    void nextOpeningAndClosing();
    void searchesSkipLongClosures();
    void calendarWithoutOpenTime();
    void staffedSecondsAreAntisymmetric();
    void jsonRoundTrip();
    void jsonErrors_data();
    void jsonErrors();
    void defaultCalendarResource();
};

void TestBusinessCalendar::initTestCase()
{
    // Exactness across DST depends on real zone rules; without them every expectation below
    // is meaningless, so fail loudly instead of skipping.
    QVERIFY2(berlin().isValid(),
             "Qt has no time-zone data for Europe/Berlin: install the system package tzdata "
             "(apt-get install tzdata)");
}

void TestBusinessCalendar::splitShifts()
{
    BusinessCalendar calendar(berlin());
    calendar.setHours(Qt::Saturday, {range(8, 0, 12, 0), range(13, 0, 20, 0)});
    // Saturday 2026-06-13, CEST (UTC+2).
    QVERIFY(calendar.isOpen(berlinTime(2026, 6, 13, 11, 59)));
    QVERIFY(!calendar.isOpen(berlinTime(2026, 6, 13, 12, 0))); // ends are exclusive
    QVERIFY(!calendar.isOpen(berlinTime(2026, 6, 13, 12, 30)));
    QVERIFY(calendar.isOpen(berlinTime(2026, 6, 13, 13, 0)));
    QVERIFY(!calendar.isOpen(berlinTime(2026, 6, 13, 20, 0)));
    QVERIFY(!calendar.isOpen(berlinTime(2026, 6, 12, 10, 0))); // Friday: no hours

    // 10:00–12:00 (2 h) + 13:00–15:00 (2 h) = 4 h = 14400 s.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 6, 13, 10, 0), berlinTime(2026, 6, 13, 15, 0)), 14400);
    // The whole day: 4 h + 7 h = 11 h = 39600 s.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 6, 13, 0, 0), berlinTime(2026, 6, 14, 0, 0)), 39600);
    // 1 h from 11:30: 30 min before the break, 30 min after it → 13:30 local = 11:30 UTC.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 6, 13, 11, 30), 3600), utc(2026, 6, 13, 11, 30));
    QCOMPARE(opt(calendar.currentClosing(berlinTime(2026, 6, 13, 10, 0))), utc(2026, 6, 13, 10, 0));
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 6, 13, 12, 30))), utc(2026, 6, 13, 11, 0));
}

void TestBusinessCalendar::overnightRange()
{
    BusinessCalendar calendar(berlin());
    calendar.setHours(Qt::Friday, {range(22, 0, 2, 0)});
    QVERIFY(calendar.hours(Qt::Friday).first().crossesMidnight());
    // Friday 2026-06-12 22:00 CEST = 20:00 UTC to Saturday 02:00 CEST = Saturday 00:00 UTC.
    QVERIFY(!calendar.isOpen(berlinTime(2026, 6, 12, 21, 59)));
    QVERIFY(calendar.isOpen(berlinTime(2026, 6, 12, 23, 0)));
    QVERIFY(calendar.isOpen(berlinTime(2026, 6, 13, 1, 59)));
    QVERIFY(!calendar.isOpen(berlinTime(2026, 6, 13, 2, 0)));
    // Saturday has no hours of its own: the early hours belong to Friday's range.
    QVERIFY(calendar.hours(Qt::Saturday).isEmpty());

    // Friday 20:00 to Saturday 06:00 holds all of it: 4 h = 14400 s.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 6, 12, 20, 0), berlinTime(2026, 6, 13, 6, 0)), 14400);
    // Only the part after midnight: 00:00–02:00 = 7200 s.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 6, 13, 0, 0), berlinTime(2026, 6, 13, 6, 0)), 7200);
    QCOMPARE(opt(calendar.currentClosing(berlinTime(2026, 6, 12, 23, 0))), utc(2026, 6, 13, 0, 0));
    // Closed on Saturday 03:00: next is Friday 2026-06-19 22:00 CEST = 20:00 UTC.
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 6, 13, 3, 0))), utc(2026, 6, 19, 20, 0));
    // 3 h from Friday 21:00: opens 22:00, 3 h later is Saturday 01:00 CEST = Friday 23:00 UTC.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 6, 12, 21, 0), 3 * 3600), utc(2026, 6, 12, 23, 0));
}

void TestBusinessCalendar::closureCutsOvernightRange()
{
    // A closure closes its local date 00:00–24:00, so it cuts overnight ranges at midnight.
    BusinessCalendar closedSaturday(berlin());
    closedSaturday.setHours(Qt::Friday, {range(22, 0, 2, 0)});
    closedSaturday.addClosure(QDate(2026, 6, 13), QStringLiteral("Team day"));
    // Only Friday 22:00–24:00 is left: 7200 s; the stretch ends at midnight (22:00 UTC).
    QCOMPARE(closedSaturday.staffedSecondsBetween(berlinTime(2026, 6, 12, 20, 0), berlinTime(2026, 6, 13, 6, 0)),
             7200);
    QCOMPARE(opt(closedSaturday.currentClosing(berlinTime(2026, 6, 12, 23, 0))), utc(2026, 6, 12, 22, 0));
    QVERIFY(!closedSaturday.isOpen(berlinTime(2026, 6, 13, 1, 0)));

    BusinessCalendar closedFriday(berlin());
    closedFriday.setHours(Qt::Friday, {range(22, 0, 2, 0)});
    closedFriday.addClosure(QDate(2026, 6, 12), QStringLiteral("Team day"));
    // Only Saturday 00:00–02:00 is left: 7200 s, opening at Saturday 00:00 CEST = Friday 22:00 UTC.
    QCOMPARE(closedFriday.staffedSecondsBetween(berlinTime(2026, 6, 12, 20, 0), berlinTime(2026, 6, 13, 6, 0)), 7200);
    QCOMPARE(opt(closedFriday.nextOpening(berlinTime(2026, 6, 12, 12, 0))), utc(2026, 6, 12, 22, 0));
}

void TestBusinessCalendar::touchingAndOverlappingRangesMerge()
{
    BusinessCalendar calendar(berlin());
    calendar.setHours(Qt::Thursday, {range(20, 0, 0, 0)}); // to midnight
    calendar.setHours(Qt::Friday, {range(0, 0, 2, 0)});
    calendar.setHours(Qt::Monday, {range(8, 0, 12, 0), range(10, 0, 14, 0)});
    // Thursday 2026-06-11 20:00 to Friday 02:00 is one stretch: closes 02:00 CEST = 00:00 UTC.
    QCOMPARE(opt(calendar.currentClosing(berlinTime(2026, 6, 11, 23, 0))), utc(2026, 6, 12, 0, 0));
    // 20:00–02:00 = 6 h = 21600 s.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 6, 11, 0, 0), berlinTime(2026, 6, 13, 0, 0)), 21600);
    // Monday 08:00–12:00 and 10:00–14:00 overlap: 08:00–14:00 = 6 h = 21600 s, not 8 h.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 6, 15, 0, 0), berlinTime(2026, 6, 16, 0, 0)), 21600);
    // Midnight 00:00 is an exclusive end, so the day before midnight is open and 00:00 is too.
    QVERIFY(calendar.isOpen(berlinTime(2026, 6, 12, 0, 0)));
}

void TestBusinessCalendar::holidays()
{
    BusinessCalendar calendar = publishedHours();
    calendar.addClosure(QDate(2026, 12, 25), QStringLiteral("Christmas Day"));
    calendar.addClosure(QDate(2026, 12, 26), QStringLiteral("Boxing Day"));
    QVERIFY(calendar.isClosedOn(QDate(2026, 12, 25)));
    QCOMPARE(calendar.closureName(QDate(2026, 12, 26)), QStringLiteral("Boxing Day"));
    QCOMPARE(calendar.closures().size(), 2);

    // Friday 2026-12-25 12:00 would be open on a normal Friday.
    QVERIFY(!calendar.isOpen(berlinTime(2026, 12, 25, 12, 0)));
    QVERIFY(calendar.isOpen(berlinTime(2026, 12, 24, 12, 0)));
    // Thursday 24th 00:00 to Sunday 27th 00:00: Thursday 07–22 (15 h) only = 54000 s.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 12, 24, 0, 0), berlinTime(2026, 12, 27, 0, 0)), 54000);
    // Closed from Thursday 22:00 until Sunday 27th 08:00 CET = 07:00 UTC.
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 12, 24, 22, 0))), utc(2026, 12, 27, 7, 0));
    // 1 h from Thursday 21:30: 30 min that evening, 30 min on Sunday → 08:30 CET = 07:30 UTC.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 12, 24, 21, 30), 3600), utc(2026, 12, 27, 7, 30));

    calendar.removeClosure(QDate(2026, 12, 26));
    // Saturday 26th opens 08:00 CET = 07:00 UTC again.
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 12, 24, 22, 0))), utc(2026, 12, 26, 7, 0));
}

void TestBusinessCalendar::specialHoursDays()
{
    BusinessCalendar calendar = publishedHours();
    calendar.setHours(Qt::Wednesday, {range(7, 0, 22, 0)});
    // Thursday 2026-12-24: 08:00–14:00 instead of 07:00–22:00.
    calendar.setSpecialDay({QDate(2026, 12, 24), QStringLiteral("Christmas Eve"), {range(8, 0, 14, 0)}});
    QVERIFY(calendar.hasSpecialHoursOn(QDate(2026, 12, 24)));
    QVERIFY(!calendar.isOpen(berlinTime(2026, 12, 24, 7, 30)));
    QVERIFY(calendar.isOpen(berlinTime(2026, 12, 24, 13, 0)));
    QVERIFY(!calendar.isOpen(berlinTime(2026, 12, 24, 15, 0)));
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 12, 24, 0, 0), berlinTime(2026, 12, 25, 0, 0)), 6 * 3600);
    // "We're here until 14:00" = 13:00 UTC.
    QCOMPARE(opt(calendar.currentClosing(berlinTime(2026, 12, 24, 9, 0))), utc(2026, 12, 24, 13, 0));
    // An hour asked at 13:30: 30 min then, 30 min from Friday 07:00 → 07:30 CET = 06:30 UTC.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 12, 24, 13, 30), 3600), utc(2026, 12, 25, 6, 30));

    // A special day opens a day that is normally closed, with a split shift; searches reach it.
    BusinessCalendar weekdaysOnly(berlin());
    weekdaysOnly.setHours(Qt::Monday, {range(9, 0, 17, 0)});
    weekdaysOnly.setSpecialDay({QDate(2026, 6, 13), QStringLiteral("Sale Saturday"),
                                {range(10, 0, 12, 0), range(14, 0, 16, 0)}});
    QCOMPARE(opt(weekdaysOnly.nextOpening(berlinTime(2026, 6, 12, 18, 0))), utc(2026, 6, 13, 8, 0));
    QCOMPARE(weekdaysOnly.staffedSecondsBetween(berlinTime(2026, 6, 13, 0, 0), berlinTime(2026, 6, 14, 0, 0)), 4 * 3600);

    // A special day keeps the overnight range that runs into it from the night before.
    BusinessCalendar overnight(berlin());
    overnight.setHours(Qt::Friday, {range(22, 0, 2, 0)});
    overnight.setSpecialDay({QDate(2026, 6, 13), QStringLiteral("Short"), {range(10, 0, 11, 0)}});
    QVERIFY(overnight.isOpen(berlinTime(2026, 6, 13, 1, 0)));
    QVERIFY(overnight.isOpen(berlinTime(2026, 6, 13, 10, 30)));

    // Closure and special hours on one date: the later one wins.
    calendar.addClosure(QDate(2026, 12, 24), QStringLiteral("Closed after all"));
    QVERIFY(!calendar.hasSpecialHoursOn(QDate(2026, 12, 24)));
    QVERIFY(!calendar.isOpen(berlinTime(2026, 12, 24, 9, 0)));
    calendar.setSpecialDay({QDate(2026, 12, 24), QStringLiteral("Christmas Eve"), {range(8, 0, 14, 0)}});
    QVERIFY(!calendar.isClosedOn(QDate(2026, 12, 24)));

    // 24/7 still honours a special day's shorter hours.
    BusinessCalendar always = BusinessCalendar::twentyFourSeven(berlin());
    always.setSpecialDay({QDate(2026, 12, 24), QStringLiteral("Christmas Eve"), {range(8, 0, 14, 0)}});
    QVERIFY(!always.isOpen(berlinTime(2026, 12, 24, 15, 0)));
    QCOMPARE(opt(always.nextOpening(berlinTime(2026, 12, 24, 15, 0))), utc(2026, 12, 24, 23, 0));

    // JSON round trip.
    const auto again = BusinessCalendar::fromJson(calendar.toJson());
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().fullText()));
    QVERIFY(again.value() == calendar);
    QCOMPARE(again.value().specialDays().size(), 1);
    QCOMPARE(again.value().specialDays().first().name, QStringLiteral("Christmas Eve"));
}

void TestBusinessCalendar::dstStart()
{
    // 2026-03-29: Berlin clocks jump from 02:00 CET (01:00 UTC) to 03:00 CEST.
    BusinessCalendar night(berlin());
    night.setHours(Qt::Saturday, {range(22, 0, 6, 0)});
    // Saturday 22:00 CET = 21:00 UTC to Sunday 06:00 CEST = 04:00 UTC: 7 h = 25200 s, not 8 h.
    QCOMPARE(night.staffedSecondsBetween(utc(2026, 3, 28, 12), utc(2026, 3, 29, 12)), 25200);
    // The same shift a week earlier (all CET): 21:00 UTC to 05:00 UTC = 8 h = 28800 s.
    QCOMPARE(night.staffedSecondsBetween(utc(2026, 3, 21, 12), utc(2026, 3, 22, 12)), 28800);
    QCOMPARE(opt(night.currentClosing(utc(2026, 3, 28, 23))), utc(2026, 3, 29, 4));
    // 6 h into the shift: 21:00 UTC + 6 h = 03:00 UTC (05:00 CEST).
    QCOMPARE(night.addStaffedSeconds(utc(2026, 3, 28, 20), 6 * 3600), utc(2026, 3, 29, 3));

    // A local day that is open around the clock has 23 real hours: 82800 s.
    BusinessCalendar allDay = everyDay(range(0, 0, 0, 0));
    QCOMPARE(allDay.staffedSecondsBetween(berlinTime(2026, 3, 29, 0, 0), berlinTime(2026, 3, 30, 0, 0)), 82800);

    // A range starting in the gap starts when the clock jumps: 02:30–05:00 on the 29th runs
    // from 01:00 UTC (03:00 CEST) to 03:00 UTC (05:00 CEST) = 7200 s.
    BusinessCalendar gap(berlin());
    gap.setHours(Qt::Sunday, {range(2, 30, 5, 0)});
    QCOMPARE(opt(gap.nextOpening(utc(2026, 3, 28, 12))), utc(2026, 3, 29, 1));
    QCOMPARE(gap.staffedSecondsBetween(utc(2026, 3, 28, 12), utc(2026, 3, 29, 12)), 7200);
    // A range entirely inside the gap never happens that day: 02:10–02:50 is 0 s on the 29th,
    // and 40 min = 2400 s on the next Sunday.
    BusinessCalendar inGap(berlin());
    inGap.setHours(Qt::Sunday, {range(2, 10, 2, 50)});
    QCOMPARE(inGap.staffedSecondsBetween(utc(2026, 3, 28, 12), utc(2026, 3, 29, 12)), 0);
    QCOMPARE(inGap.staffedSecondsBetween(utc(2026, 4, 4, 12), utc(2026, 4, 5, 12)), 2400);
}

void TestBusinessCalendar::dstEnd()
{
    // 2026-10-25: Berlin clocks fall back from 03:00 CEST (01:00 UTC) to 02:00 CET.
    BusinessCalendar night(berlin());
    night.setHours(Qt::Saturday, {range(22, 0, 6, 0)});
    // Saturday 22:00 CEST = 20:00 UTC to Sunday 06:00 CET = 05:00 UTC: 9 h = 32400 s.
    QCOMPARE(night.staffedSecondsBetween(utc(2026, 10, 24, 12), utc(2026, 10, 25, 12)), 32400);
    QCOMPARE(opt(night.currentClosing(utc(2026, 10, 24, 21))), utc(2026, 10, 25, 5));
    // 8.5 h into the shift: 20:00 UTC + 8.5 h = 04:30 UTC (05:30 CET).
    QCOMPARE(night.addStaffedSeconds(utc(2026, 10, 24, 20), 8 * 3600 + 1800), utc(2026, 10, 25, 4, 30));

    // The local day has 25 real hours: 90000 s.
    BusinessCalendar allDay = everyDay(range(0, 0, 0, 0));
    QCOMPARE(allDay.staffedSecondsBetween(berlinTime(2026, 10, 25, 0, 0), berlinTime(2026, 10, 26, 0, 0)), 90000);

    // 02:30 happens twice; a range starting then starts at the first: 00:30 UTC (02:30 CEST),
    // and runs to 05:00 CET = 04:00 UTC: 3.5 h = 12600 s.
    BusinessCalendar twice(berlin());
    twice.setHours(Qt::Sunday, {range(2, 30, 5, 0)});
    QCOMPARE(opt(twice.nextOpening(utc(2026, 10, 24, 12))), utc(2026, 10, 25, 0, 30));
    QCOMPARE(twice.staffedSecondsBetween(utc(2026, 10, 24, 12), utc(2026, 10, 25, 12)), 12600);
    QVERIFY(twice.isOpen(utc(2026, 10, 25, 1, 30))); // 02:30 CET, the second time round
}

void TestBusinessCalendar::alwaysOpen()
{
    const BusinessCalendar calendar = BusinessCalendar::twentyFourSeven(berlin());
    QVERIFY(calendar.isAlwaysOpen());
    QVERIFY(calendar.hasOpenTime());
    QVERIFY(calendar.isOpen(berlinTime(2026, 12, 25, 3, 0)));
    // Real seconds, DST included: the local day 2026-03-29 is 23 h = 82800 s.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 3, 29, 0, 0), berlinTime(2026, 3, 30, 0, 0)), 82800);
    // 1 h from Sunday 21:00 is simply 22:00 CEST = 20:00 UTC.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 6, 14, 21, 0), 3600), utc(2026, 6, 14, 20, 0));
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 6, 14, 21, 0))), QDateTime());
    QCOMPARE(opt(calendar.currentClosing(berlinTime(2026, 6, 14, 21, 0))), QDateTime());

    // Ranges of 00:00–24:00 every day are open without end too: the search gives up, answering
    // "never closes", instead of walking on forever.
    const BusinessCalendar allDay = everyDay(range(0, 0, 0, 0));
    QCOMPARE(opt(allDay.currentClosing(berlinTime(2026, 6, 14, 21, 0))), QDateTime());
    QCOMPARE(opt(allDay.nextOpening(berlinTime(2026, 6, 14, 21, 0))), QDateTime());
}

void TestBusinessCalendar::alwaysOpenStillHonoursClosures()
{
    BusinessCalendar calendar = BusinessCalendar::twentyFourSeven(berlin());
    calendar.addClosure(QDate(2026, 12, 25), QStringLiteral("Christmas Day"));
    QVERIFY(!calendar.isOpen(berlinTime(2026, 12, 25, 12, 0)));
    // Closing at Christmas midnight: 2026-12-25 00:00 CET = 2026-12-24 23:00 UTC.
    QCOMPARE(opt(calendar.currentClosing(berlinTime(2026, 12, 24, 12, 0))), utc(2026, 12, 24, 23, 0));
    // Back on the 26th 00:00 CET = 25th 23:00 UTC.
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 12, 25, 12, 0))), utc(2026, 12, 25, 23, 0));
    // 24th 12:00 to 26th 12:00 CET is 48 h less the 24 h of Christmas Day = 86400 s.
    QCOMPARE(calendar.staffedSecondsBetween(berlinTime(2026, 12, 24, 12, 0), berlinTime(2026, 12, 26, 12, 0)), 86400);
}

void TestBusinessCalendar::addStaffedSecondsAcrossWeekend()
{
    const BusinessCalendar calendar = publishedHours();
    // Sunday 2026-06-14 21:00 (closed since 20:00), 1 h target: Monday opens 07:00, so due
    // Monday 08:00 CEST = 06:00 UTC.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 6, 14, 21, 0), 3600), utc(2026, 6, 15, 6, 0));
    // Friday 21:30, 2 h: 30 min on Friday, then Saturday 08:00 + 1.5 h = 09:30 CEST = 07:30 UTC.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 6, 12, 21, 30), 7200), utc(2026, 6, 13, 7, 30));
    // Landing exactly on a closing time stays there: 30 min from 21:30 is 22:00 = 20:00 UTC.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 6, 12, 21, 30), 1800), utc(2026, 6, 12, 20, 0));
    // Nothing to add is `from` itself.
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 6, 14, 21, 0), 0), utc(2026, 6, 14, 19, 0));

    // Weekdays only: Friday 21:30 + 1 h is Monday 07:30 CEST = 05:30 UTC.
    BusinessCalendar weekdays(berlin());
    for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday})
        weekdays.addRange(day, QTime(7, 0), QTime(22, 0));
    QCOMPARE(weekdays.addStaffedSeconds(berlinTime(2026, 6, 12, 21, 30), 3600), utc(2026, 6, 15, 5, 30));
    // A week of 75 staffed hours from Monday 07:00 ends Friday 22:00 CEST = 20:00 UTC.
    QCOMPARE(weekdays.addStaffedSeconds(berlinTime(2026, 6, 15, 7, 0), 75 * 3600), utc(2026, 6, 19, 20, 0));
    // And its inverse: 75 h = 270000 s.
    QCOMPARE(weekdays.staffedSecondsBetween(berlinTime(2026, 6, 15, 0, 0), berlinTime(2026, 6, 22, 0, 0)), 270000);
}

void TestBusinessCalendar::nextOpeningAndClosing()
{
    const BusinessCalendar calendar = publishedHours();
    // Sunday 21:00 → Monday 2026-06-15 07:00 CEST = 05:00 UTC.
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 6, 14, 21, 0))), utc(2026, 6, 15, 5, 0));
    QCOMPARE(opt(calendar.currentClosing(berlinTime(2026, 6, 14, 21, 0))), QDateTime());
    // Open Monday 10:00: here until 22:00 CEST = 20:00 UTC; next opening Tuesday 07:00 = 05:00 UTC.
    QCOMPARE(opt(calendar.currentClosing(berlinTime(2026, 6, 15, 10, 0))), utc(2026, 6, 15, 20, 0));
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 6, 15, 10, 0))), utc(2026, 6, 16, 5, 0));
    // Exactly at opening: open, and the next opening is the day after.
    QVERIFY(calendar.isOpen(berlinTime(2026, 6, 15, 7, 0)));
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 6, 15, 7, 0))), utc(2026, 6, 16, 5, 0));
}

void TestBusinessCalendar::searchesSkipLongClosures()
{
    // Mondays only, and ten Mondays closed from 2026-06-15: the next opening is Monday
    // 2026-08-24 07:00 CEST = 05:00 UTC, ten weeks on: long closures do not end the search.
    BusinessCalendar calendar(berlin());
    calendar.addRange(Qt::Monday, QTime(7, 0), QTime(22, 0));
    for (int week = 0; week < 10; ++week)
        calendar.addClosure(QDate(2026, 6, 15).addDays(7 * week), QStringLiteral("Off"));
    QCOMPARE(opt(calendar.nextOpening(berlinTime(2026, 6, 14, 12, 0))), utc(2026, 8, 24, 5, 0));
    QCOMPARE(calendar.addStaffedSeconds(berlinTime(2026, 6, 14, 12, 0), 3600), utc(2026, 8, 24, 6, 0));
}

void TestBusinessCalendar::calendarWithoutOpenTime()
{
    const BusinessCalendar closed(berlin());
    QVERIFY(!closed.hasOpenTime());
    QVERIFY(!closed.isOpen(berlinTime(2026, 6, 15, 12, 0)));
    QCOMPARE(closed.staffedSecondsBetween(berlinTime(2026, 6, 1, 0, 0), berlinTime(2026, 7, 1, 0, 0)), 0);
    QVERIFY(!closed.addStaffedSeconds(berlinTime(2026, 6, 15, 12, 0), 60).isValid());
    QCOMPARE(opt(closed.nextOpening(berlinTime(2026, 6, 15, 12, 0))), QDateTime());

    // Ranges that only ever fall in a DST gap cannot be used up either, yet the search ends:
    // Sunday 02:10–02:50 exists every Sunday except 2026-03-29, so 40 min from Saturday
    // 2026-03-28 are used up on 2026-04-05 02:50 CEST = 00:50 UTC.
    BusinessCalendar gapOnly(berlin());
    gapOnly.setHours(Qt::Sunday, {range(2, 10, 2, 50)});
    QCOMPARE(gapOnly.addStaffedSeconds(utc(2026, 3, 28, 12), 2400), utc(2026, 4, 5, 0, 50));
}

void TestBusinessCalendar::staffedSecondsAreAntisymmetric()
{
    const BusinessCalendar calendar = publishedHours();
    const QDateTime a = berlinTime(2026, 6, 15, 6, 0);
    const QDateTime b = berlinTime(2026, 6, 15, 9, 0);
    // 07:00–09:00 = 7200 s, and backwards the negative.
    QCOMPARE(calendar.staffedSecondsBetween(a, b), 7200);
    QCOMPARE(calendar.staffedSecondsBetween(b, a), -7200);
    QCOMPARE(calendar.staffedSecondsBetween(a, a), 0);
}

void TestBusinessCalendar::jsonRoundTrip()
{
    const QByteArray text = R"({"time_zone":"Europe/Berlin","always_open":false,
        "hours":{"mon":[["07:00","22:00"]],"sat":[["08:00","12:00"],["13:00","20:00"]],
                 "fri":[["22:00","02:00"]],"sun":[],"thu":[["18:00","24:00"]]},
        "closures":[{"date":"2026-12-25","name":"Christmas Day"}]})";
    const auto parsed = BusinessCalendar::fromJsonText(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().fullText()));
    const BusinessCalendar &calendar = parsed.value();
    QCOMPARE(calendar.timeZone().id(), QByteArrayLiteral("Europe/Berlin"));
    QVERIFY(!calendar.isAlwaysOpen());
    QCOMPARE(calendar.hours(Qt::Monday), QList<Range>({range(7, 0, 22, 0)}));
    QCOMPARE(calendar.hours(Qt::Saturday), QList<Range>({range(8, 0, 12, 0), range(13, 0, 20, 0)}));
    QCOMPARE(calendar.hours(Qt::Friday), QList<Range>({range(22, 0, 2, 0)}));
    QCOMPARE(calendar.hours(Qt::Thursday), QList<Range>({range(18, 0, 0, 0)})); // "24:00" is midnight
    QVERIFY(calendar.hours(Qt::Sunday).isEmpty());
    QVERIFY(calendar.hours(Qt::Tuesday).isEmpty()); // left out = closed
    QCOMPARE(calendar.closureName(QDate(2026, 12, 25)), QStringLiteral("Christmas Day"));

    const QJsonObject json = calendar.toJson();
    // Midnight as an end is written the way a person would: 24:00.
    QCOMPARE(json.value(QStringLiteral("hours")).toObject().value(QStringLiteral("thu")).toArray().at(0).toArray().at(1)
                 .toString(),
             QStringLiteral("24:00"));
    const auto again = BusinessCalendar::fromJson(json);
    QVERIFY(again.ok());
    QVERIFY(again.value() == calendar);

    BusinessCalendar changed = calendar;
    changed.setAlwaysOpen(true);
    QVERIFY(changed != calendar);
    const auto changedAgain = BusinessCalendar::fromJson(changed.toJson());
    QVERIFY(changedAgain.ok());
    QVERIFY(changedAgain.value().isAlwaysOpen());
    QCOMPARE(changedAgain.value().hours(Qt::Friday), calendar.hours(Qt::Friday)); // kept for switching back
}

void TestBusinessCalendar::jsonErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("mentioned"); // the message must name what is wrong

    QTest::newRow("unknown zone") << QByteArray(R"({"time_zone":"Mars/Olympus_Mons"})")
                                  << QStringLiteral("Mars/Olympus_Mons");
    QTest::newRow("no zone") << QByteArray(R"({"hours":{}})") << QStringLiteral("time zone");
    QTest::newRow("hour 25") << QByteArray(R"({"time_zone":"Europe/Berlin","hours":{"mon":[["25:00","26:00"]]}})")
                             << QStringLiteral("25:00");
    QTest::newRow("minute 60") << QByteArray(R"({"time_zone":"Europe/Berlin","hours":{"tue":[["07:00","22:60"]]}})")
                               << QStringLiteral("22:60");
    QTest::newRow("24:00 as start")
        << QByteArray(R"({"time_zone":"Europe/Berlin","hours":{"mon":[["24:00","02:00"]]}})")
        << QStringLiteral("24:00");
    QTest::newRow("not a time") << QByteArray(R"({"time_zone":"Europe/Berlin","hours":{"mon":[["7am","10pm"]]}})")
                                << QStringLiteral("7am");
    QTest::newRow("not a pair") << QByteArray(R"({"time_zone":"Europe/Berlin","hours":{"wed":[["07:00"]]}})")
                                << QStringLiteral("wed");
    QTest::newRow("unknown weekday")
        << QByteArray(R"({"time_zone":"Europe/Berlin","hours":{"monday":[["07:00","22:00"]]}})")
        << QStringLiteral("monday");
    QTest::newRow("bad closure date")
        << QByteArray(R"({"time_zone":"Europe/Berlin","closures":[{"date":"25.12.2026","name":"X"}]})")
        << QStringLiteral("25.12.2026");
    QTest::newRow("closure twice") << QByteArray(R"({"time_zone":"Europe/Berlin","closures":[
        {"date":"2026-12-25","name":"A"},{"date":"2026-12-25","name":"B"}]})")
                                   << QStringLiteral("2026-12-25");
    QTest::newRow("unknown entry") << QByteArray(R"({"time_zone":"Europe/Berlin","closure":[]})")
                                   << QStringLiteral("closure");
    QTest::newRow("always_open not bool") << QByteArray(R"({"time_zone":"Europe/Berlin","always_open":"yes"})")
                                          << QStringLiteral("always_open");
    QTest::newRow("special day bad time")
        << QByteArray(R"({"time_zone":"Europe/Berlin","special_hours":[{"date":"2026-12-24","hours":[["08:00","14:61"]]}]})")
        << QStringLiteral("14:61");
    QTest::newRow("special day also closed") << QByteArray(R"({"time_zone":"Europe/Berlin",
        "closures":[{"date":"2026-12-24"}],"special_hours":[{"date":"2026-12-24","hours":[]}]})")
                                             << QStringLiteral("2026-12-24");
    QTest::newRow("special day without hours")
        << QByteArray(R"({"time_zone":"Europe/Berlin","special_hours":[{"date":"2026-12-24"}]})")
        << QStringLiteral("2026-12-24");
    QTest::newRow("broken json") << QByteArray(R"({"time_zone":"Europe/Berlin",)") << QStringLiteral("JSON");
}

void TestBusinessCalendar::jsonErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, mentioned);
    const auto result = BusinessCalendar::fromJsonText(text);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Code::InvalidInput);
    QVERIFY2(result.error().message.contains(mentioned), qPrintable(result.error().message));
}

void TestBusinessCalendar::defaultCalendarResource()
{
    const QString path = QFINDTESTDATA("../../resources/calendar/default-calendar.json");
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    const auto parsed = BusinessCalendar::fromJsonText(file.readAll());
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().fullText()));

    BusinessCalendar expected = publishedHours();
    expected.addClosure(QDate(2026, 12, 25), QStringLiteral("Christmas Day"));
    expected.addClosure(QDate(2026, 12, 26), QStringLiteral("Boxing Day"));
    expected.addClosure(QDate(2027, 1, 1), QStringLiteral("New Year's Day"));
    QVERIFY(parsed.value() == expected);
}

QTEST_GUILESS_MAIN(TestBusinessCalendar)
#include "tst_businesscalendar.moc"
