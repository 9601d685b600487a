#include "core/OffHoursAcknowledgement.h"

#include <QFile>
#include <QTest>

using namespace Care::Core;

class TestOffHoursAcknowledgement : public QObject
{
    Q_OBJECT

private:
    BusinessCalendar m_calendar;
    OffHoursAcknowledgement m_ack;
    const QTimeZone m_berlin = QTimeZone("Europe/Berlin");

    QDateTime berlin(int y, int m, int d, int h, int min) const
    {
        return QDateTime(QDate(y, m, d), QTime(h, min), m_berlin).toUTC();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_berlin.isValid(), "Europe/Berlin unknown: install the system package tzdata");
        m_calendar = BusinessCalendar(m_berlin);
        for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday})
            m_calendar.addRange(day, QTime(7, 0), QTime(22, 0));
        for (auto day : {Qt::Saturday, Qt::Sunday})
            m_calendar.addRange(day, QTime(8, 0), QTime(20, 0));
        m_calendar.addClosure(QDate(2026, 12, 25), QStringLiteral("Christmas Day"));
        QFile file(QFINDTESTDATA("../../resources/acknowledgements/off-hours.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        auto ack = OffHoursAcknowledgement::fromJson(file.readAll());
        QVERIFY2(ack.ok(), ack.ok() ? "" : qPrintable(ack.error().fullText()));
        m_ack = ack.value();
    }

    void sundayNightSaysMondayMorning()
    {
        // Sunday 22 Nov 2026, 21:00 in Berlin: closed since 20:00, open again Monday 07:00.
        const auto text = m_ack.compose(m_calendar, berlin(2026, 11, 22, 21, 0), QStringLiteral("en"), 3600);
        QVERIFY(text.has_value());
        QVERIFY2(text->contains(QStringLiteral("back tomorrow at 07:00")), qPrintable(*text));
        QVERIFY2(text->contains(QStringLiteral("within an hour")), qPrintable(*text));
    }

    void inTheCustomersLanguage()
    {
        const auto german = m_ack.compose(m_calendar, berlin(2026, 11, 22, 21, 0), QStringLiteral("de"), 3600);
        QVERIFY(german && german->contains(QStringLiteral("ab morgen um 07:00")));
        QVERIFY(german->contains(QStringLiteral("innerhalb von einer Stunde")));
        // No Italian template: English rather than nothing.
        const auto italian = m_ack.compose(m_calendar, berlin(2026, 11, 22, 21, 0), QStringLiteral("it"), 3600);
        QVERIFY(italian && italian->startsWith(QStringLiteral("Thanks for your message")));
    }

    void laterReopeningsNameTheDay()
    {
        // Christmas Eve (Thursday) 23:00: Christmas Day is closed, so Saturday 08:00.
        const auto text = m_ack.compose(m_calendar, berlin(2026, 12, 24, 23, 0), QStringLiteral("en"), 15 * 60);
        QVERIFY(text.has_value());
        QVERIFY2(text->contains(QStringLiteral("back on Saturday at 08:00")), qPrintable(*text));
        QVERIFY(text->contains(QStringLiteral("within 15 minutes")));
        // Early Monday morning: today at 07:00.
        const auto early = m_ack.compose(m_calendar, berlin(2026, 11, 23, 5, 30), QStringLiteral("en"), 2 * 3600);
        QVERIFY(early && early->contains(QStringLiteral("back today at 07:00")));
        QVERIFY(early->contains(QStringLiteral("within 2 hours")));
    }

    void nothingWhileOnDuty()
    {
        QVERIFY(!m_ack.compose(m_calendar, berlin(2026, 11, 23, 9, 0), QStringLiteral("en"), 3600).has_value());
    }

    void templatesAreChecked()
    {
        QVERIFY(!OffHoursAcknowledgement::fromJson("not json").ok());
        QVERIFY(!OffHoursAcknowledgement::fromJson(R"({"de": "Hallo {reopen}"})").ok()); // English is required
        QVERIFY(!OffHoursAcknowledgement::fromJson(R"({"en": "We are closed."})").ok()); // must say when
        QVERIFY(OffHoursAcknowledgement::fromJson(R"({"_comment": "x", "en": "Back {reopen}."})").ok());
    }
};

QTEST_GUILESS_MAIN(TestOffHoursAcknowledgement)
#include "tst_offhoursacknowledgement.moc"
