#include "core/StaffedHoursText.h"

#include <QTest>

using namespace Care::Core;

class TestStaffedHoursText : public QObject
{
    Q_OBJECT

private slots:
    void groupsDaysWithTheSameHours()
    {
        BusinessCalendar calendar(QTimeZone("Europe/Berlin"));
        for (int day = Qt::Monday; day <= Qt::Friday; ++day)
            calendar.addRange(Qt::DayOfWeek(day), QTime(8, 0), QTime(18, 0));
        calendar.addRange(Qt::Saturday, QTime(10, 0), QTime(14, 0));
        const QString line = staffedHoursLine(calendar);
        QCOMPARE(line, QStringLiteral("We answer Mon–Fri 08:00–18:00, Sat 10:00–14:00 (Europe/Berlin)."));
        QVERIFY(line.size() <= 160);
    }

    void splitAndOvernightShifts()
    {
        BusinessCalendar calendar(QTimeZone("America/New_York"));
        calendar.addRange(Qt::Monday, QTime(7, 0), QTime(11, 0));
        calendar.addRange(Qt::Monday, QTime(13, 0), QTime(17, 0));
        calendar.addRange(Qt::Wednesday, QTime(22, 0), QTime(6, 0));
        calendar.addRange(Qt::Sunday, QTime(9, 0), QTime(0, 0));
        QCOMPARE(staffedHoursLine(calendar),
                 QStringLiteral("We answer Mon 07:00–11:00 & 13:00–17:00, Wed 22:00–06:00, Sun 09:00–24:00 (America/New_York)."));
    }

    void aroundTheClockAndNever()
    {
        QCOMPARE(staffedHoursLine(BusinessCalendar::twentyFourSeven(QTimeZone::utc())), QStringLiteral("We answer around the clock."));
        QCOMPARE(staffedHoursLine(BusinessCalendar(QTimeZone::utc())), QStringLiteral("No staffed hours are set."));
    }
};

QTEST_GUILESS_MAIN(TestStaffedHoursText)
#include "tst_staffedhourstext.moc"
