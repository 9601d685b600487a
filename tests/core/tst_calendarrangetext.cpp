// The calendar editor's day field: split shifts, overnight ranges, midnight, errors that name
// what is wrong, and a canonical form that reads back the same.
#include "core/CalendarRangeText.h"

#include <QTest>

using Care::Core::BusinessCalendar;
using Range = BusinessCalendar::Range;

class TestCalendarRangeText : public QObject
{
    Q_OBJECT

private slots:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<Range>>("ranges");
        QTest::addColumn<QString>("canonical");
        QTest::newRow("closed") << QString() << QList<Range>{} << QString();
        QTest::newRow("split") << QStringLiteral("08:00-12:00, 13:00 – 18:00")
                               << QList<Range>{{QTime(8, 0), QTime(12, 0)}, {QTime(13, 0), QTime(18, 0)}}
                               << QStringLiteral("08:00–12:00, 13:00–18:00");
        QTest::newRow("overnight") << QStringLiteral("22:00–02:00") << QList<Range>{{QTime(22, 0), QTime(2, 0)}}
                                   << QStringLiteral("22:00–02:00");
        QTest::newRow("to midnight") << QStringLiteral("18 to 24") << QList<Range>{{QTime(18, 0), QTime(0, 0)}}
                                     << QStringLiteral("18:00–24:00");
        QTest::newRow("whole day") << QStringLiteral("0:00-24:00") << QList<Range>{{QTime(0, 0), QTime(0, 0)}}
                                   << QStringLiteral("00:00–24:00");
        QTest::newRow("semicolons and dots") << QStringLiteral("7.30-9; 10-11.15;")
                                             << QList<Range>{{QTime(7, 30), QTime(9, 0)}, {QTime(10, 0), QTime(11, 15)}}
                                             << QStringLiteral("07:30–09:00, 10:00–11:15");
    }

    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QList<Range>, ranges);
        QFETCH(QString, canonical);
        const auto parsed = Care::Core::rangesFromText(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().fullText()));
        QCOMPARE(parsed.value(), ranges);
        QCOMPARE(Care::Core::rangesToText(parsed.value()), canonical);
        const auto again = Care::Core::rangesFromText(canonical);
        QVERIFY(again.ok());
        QCOMPARE(again.value(), ranges);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mentioned");
        QTest::newRow("hour 25") << QStringLiteral("08:00–25:00") << QStringLiteral("25:00");
        QTest::newRow("24 as start") << QStringLiteral("24:00–02:00") << QStringLiteral("24:00");
        QTest::newRow("one time") << QStringLiteral("08:00") << QStringLiteral("08:00");
        QTest::newRow("words") << QStringLiteral("morning–evening") << QStringLiteral("morning");
        QTest::newRow("empty range") << QStringLiteral("09:00–09:00") << QStringLiteral("09:00–09:00");
        QTest::newRow("second bad") << QStringLiteral("08:00–12:00, 13:00–18:60") << QStringLiteral("18:60");
    }

    void errors()
    {
        QFETCH(QString, text);
        QFETCH(QString, mentioned);
        const auto parsed = Care::Core::rangesFromText(text);
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(mentioned), qPrintable(parsed.error().message));
    }
};

QTEST_GUILESS_MAIN(TestCalendarRangeText)
#include "tst_calendarrangetext.moc"
