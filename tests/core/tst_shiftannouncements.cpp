// Shift announcements planned from the team calendar: every opening and closing in a window,
// the times filled in from the calendar in the account's language, expiry when they stop being
// true; split and overnight shifts; a 24/7 team has nothing to announce.
#include "core/ShiftAnnouncements.h"

#include <QFile>
#include <QTest>

using Care::Core::BusinessCalendar;
using Care::Core::ShiftAnnouncements;
using Kind = ShiftAnnouncements::Kind;

namespace {

QTimeZone berlin()
{
    return QTimeZone(QByteArrayLiteral("Europe/Berlin"));
}

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC);
}

ShiftAnnouncements bundled()
{
    QFile file(QFINDTESTDATA("../../resources/announcements/shift-announcements.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("shift-announcements.json missing");
    return ShiftAnnouncements::fromJson(file.readAll()).value();
}

} // namespace

class TestShiftAnnouncements : public QObject
{
    Q_OBJECT

private slots:
    void plansOpeningsAndClosingsWithTheirTimes()
    {
        // Mon–Fri 08:00–12:00 and 13:00–18:00 (a split shift), Berlin summer time (UTC+2).
        BusinessCalendar calendar(berlin());
        for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday})
            calendar.setHours(day, {{QTime(8, 0), QTime(12, 0)}, {QTime(13, 0), QTime(18, 0)}});
        const auto planned = bundled().plan(calendar, QStringLiteral("en"), utc(2026, 6, 8, 0), utc(2026, 6, 9, 0));
        QCOMPARE(planned.size(), 4); // two openings, two closings on Monday
        QCOMPARE(planned.at(0).kind, Kind::Opening);
        QCOMPARE(planned.at(0).postAt, utc(2026, 6, 8, 6));
        QCOMPARE(planned.at(0).expiresAt, utc(2026, 6, 8, 10)); // the shift ends at 12:00 local
        QVERIFY2(planned.at(0).body.contains(QStringLiteral("until 12:00")), qPrintable(planned.at(0).body));
        QCOMPARE(planned.at(1).kind, Kind::Closing);
        QCOMPARE(planned.at(1).postAt, utc(2026, 6, 8, 10));
        QVERIFY2(planned.at(1).body.contains(QStringLiteral("back today at 13:00")), qPrintable(planned.at(1).body));
        QCOMPARE(planned.at(1).expiresAt, utc(2026, 6, 8, 11));
        QVERIFY(planned.at(2).body.contains(QStringLiteral("until 18:00")));
        QVERIFY2(planned.at(3).body.contains(QStringLiteral("back tomorrow at 08:00")), qPrintable(planned.at(3).body));
        QVERIFY(planned.at(3).body.contains(QStringLiteral("Europe/Berlin")));

        // Friday's closing says Monday.
        const auto friday = bundled().plan(calendar, QStringLiteral("en"), utc(2026, 6, 12, 15), utc(2026, 6, 12, 17));
        QCOMPARE(friday.size(), 1);
        QVERIFY2(friday.first().body.contains(QStringLiteral("on Monday at 08:00")), qPrintable(friday.first().body));

        // Only closings when asked.
        const auto closings = bundled().plan(calendar, QStringLiteral("en"), utc(2026, 6, 8, 0), utc(2026, 6, 9, 0), false, true);
        QCOMPARE(closings.size(), 2);
        QCOMPARE(closings.first().kind, Kind::Closing);
    }

    void overnightShiftAndTheAccountsLanguage()
    {
        // Every day 18:00–02:00: the opening says until when on the next day.
        BusinessCalendar calendar(berlin());
        for (int day = Qt::Monday; day <= Qt::Sunday; ++day)
            calendar.setHours(static_cast<Qt::DayOfWeek>(day), {{QTime(18, 0), QTime(2, 0)}});
        const auto planned = bundled().plan(calendar, QStringLiteral("de"), utc(2026, 6, 8, 12), utc(2026, 6, 9, 12));
        QCOMPARE(planned.size(), 2);
        QCOMPARE(planned.at(0).postAt, utc(2026, 6, 8, 16));
        QVERIFY2(planned.at(0).body.contains(QStringLiteral("bis morgen um 02:00")), qPrintable(planned.at(0).body));
        QCOMPARE(planned.at(1).postAt, utc(2026, 6, 9, 0));
        QVERIFY2(planned.at(1).body.contains(QStringLiteral("heute um 18:00")), qPrintable(planned.at(1).body));
        QCOMPARE(planned.at(1).language, QStringLiteral("de"));

        // A language without templates gets English.
        const auto english = bundled().plan(calendar, QStringLiteral("nl"), utc(2026, 6, 8, 12), utc(2026, 6, 8, 20));
        QCOMPARE(english.size(), 1);
        QCOMPARE(english.first().language, QStringLiteral("en"));
        QVERIFY(english.first().body.startsWith(QStringLiteral("We're here until")));
    }

    void windowStartingAtAnOpeningAndRoundTheClock()
    {
        BusinessCalendar calendar(berlin());
        calendar.setHours(Qt::Monday, {{QTime(8, 0), QTime(18, 0)}});
        const auto planned = bundled().plan(calendar, QStringLiteral("en"), utc(2026, 6, 8, 6), utc(2026, 6, 8, 7));
        QCOMPARE(planned.size(), 1);
        QCOMPARE(planned.first().postAt, utc(2026, 6, 8, 6));

        QVERIFY(bundled()
                    .plan(BusinessCalendar::twentyFourSeven(berlin()), QStringLiteral("en"), utc(2026, 6, 8, 0),
                          utc(2026, 6, 15, 0))
                    .isEmpty());
        QVERIFY(bundled().plan(BusinessCalendar(berlin()), QStringLiteral("en"), utc(2026, 6, 8, 0), utc(2026, 6, 15, 0))
                    .isEmpty());
    }

    void templatesAreChecked()
    {
        QVERIFY(!ShiftAnnouncements::fromJson(R"({"en": {"opening": "Here!", "closing": "Back {back}"}})").ok());
        QVERIFY(!ShiftAnnouncements::fromJson(R"({"de": {"opening": "{until}", "closing": "{back}"}})").ok());
        QVERIFY(ShiftAnnouncements::fromJson(R"({"en": {"opening": "{until}", "closing": "{back}"}})").ok());
        QCOMPARE(bundled().languages(), QStringList({QStringLiteral("de"), QStringLiteral("en"), QStringLiteral("es"),
                                                     QStringLiteral("fr")}));
    }
};

QTEST_GUILESS_MAIN(TestShiftAnnouncements)
#include "tst_shiftannouncements.moc"
