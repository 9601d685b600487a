// The on-duty roster: who is on duty now and until when, when the next shift starts for the
// others, overnight shifts, team closures for everyone, and the file form.
#include "core/Roster.h"

#include <QTest>

using Care::Core::Agent;
using Care::Core::BusinessCalendar;
using Care::Core::Roster;

namespace {

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC);
}

Roster berlinRoster()
{
    BusinessCalendar team(QTimeZone(QByteArrayLiteral("Europe/Berlin")));
    team.addClosure(QDate(2026, 12, 25), QStringLiteral("Christmas Day"));
    Roster roster(team);
    QMap<Qt::DayOfWeek, QList<BusinessCalendar::Range>> early, late;
    for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday}) {
        early.insert(day, {{QTime(7, 0), QTime(15, 0)}});
        late.insert(day, {{QTime(14, 0), QTime(22, 0)}});
    }
    late.insert(Qt::Friday, {{QTime(22, 0), QTime(2, 0)}}); // the Friday night shift
    roster.setShifts(QStringLiteral("aisha"), early);
    roster.setShifts(QStringLiteral("tom"), late);
    return roster;
}

const QList<Agent> kAgents = {
    {QStringLiteral("aisha"), QStringLiteral("Aisha Khan"), QStringLiteral("Aisha"), QStringLiteral("agent"), QString()},
    {QStringLiteral("tom"), QStringLiteral("Tom Berg"), QStringLiteral("Tom"), QStringLiteral("agent"), QString()},
    {QStringLiteral("maria"), QStringLiteral("Maria Rossi"), QStringLiteral("Maria"), QStringLiteral("lead"), QString()},
};

} // namespace

class TestRoster : public QObject
{
    Q_OBJECT

private slots:
    void whoIsOnDutyAndUntilWhen()
    {
        const Roster roster = berlinRoster();
        // Monday 2026-06-08 12:00 UTC = 14:00 Berlin: both on duty, Aisha until 15:00 (13:00 UTC).
        const auto status = roster.status(kAgents, utc(2026, 6, 8, 12));
        QCOMPARE(status.size(), 3);
        QCOMPARE(status.at(0).agent.id, QStringLiteral("aisha"));
        QVERIFY(status.at(0).onDuty);
        QCOMPARE(status.at(0).until.value_or(QDateTime()), utc(2026, 6, 8, 13));
        QCOMPARE(status.at(1).agent.id, QStringLiteral("tom"));
        QCOMPARE(status.at(1).until.value_or(QDateTime()), utc(2026, 6, 8, 20));
        QCOMPARE(status.at(2).agent.id, QStringLiteral("maria"));
        QVERIFY(!status.at(2).rostered);
        QVERIFY(!status.at(2).onDuty);

        // Monday 06:00 Berlin: nobody; Aisha starts first (07:00 = 05:00 UTC), Tom at 14:00.
        const auto early = roster.status(kAgents, utc(2026, 6, 8, 4));
        QVERIFY(!early.at(0).onDuty);
        QCOMPARE(early.at(0).agent.id, QStringLiteral("aisha"));
        QCOMPARE(early.at(0).nextShift.value_or(QDateTime()), utc(2026, 6, 8, 5));
        QCOMPARE(early.at(1).nextShift.value_or(QDateTime()), utc(2026, 6, 8, 12));
    }

    void overnightShiftAndClosures()
    {
        const Roster roster = berlinRoster();
        // Saturday 01:00 Berlin (Friday 23:00 UTC): Tom's Friday night shift is still on.
        QVERIFY(roster.isOnDuty(QStringLiteral("tom"), utc(2026, 6, 12, 23)));
        QVERIFY(!roster.isOnDuty(QStringLiteral("aisha"), utc(2026, 6, 12, 23)));
        // Christmas Day (a Friday) is closed for everyone: Aisha's next shift is Monday 28th.
        QVERIFY(!roster.isOnDuty(QStringLiteral("aisha"), utc(2026, 12, 25, 9)));
        // Tom's Friday night shift loses its Christmas part; what runs into Saturday stays
        // (00:00 Berlin = 23:00 UTC), so he is first back.
        const auto status = roster.status(kAgents, utc(2026, 12, 25, 9));
        QCOMPARE(status.at(0).agent.id, QStringLiteral("tom"));
        QCOMPARE(status.at(0).nextShift.value_or(QDateTime()), utc(2026, 12, 25, 23));
        QCOMPARE(status.at(1).agent.id, QStringLiteral("aisha"));
        QCOMPARE(status.at(1).nextShift.value_or(QDateTime()), utc(2026, 12, 28, 6));
        QVERIFY(!roster.isOnDuty(QStringLiteral("maria"), utc(2026, 6, 8, 12)));
        QVERIFY(!roster.isRostered(QStringLiteral("maria")));
    }

    void fileForm()
    {
        const Roster roster = berlinRoster();
        BusinessCalendar team(QTimeZone(QByteArrayLiteral("Europe/Berlin")));
        const auto again = Roster::fromJson(roster.toJson(), team);
        QVERIFY(again.ok());
        QCOMPARE(again->agentIds(), QStringList({QStringLiteral("aisha"), QStringLiteral("tom")}));
        QCOMPARE(again->shifts(QStringLiteral("tom"), Qt::Friday),
                 QList<BusinessCalendar::Range>({{QTime(22, 0), QTime(2, 0)}}));
        const auto bad = Roster::fromJson(R"({"agents": {"tom": {"mon": [["14:00", "25:00"]]}}})", team);
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.contains(QStringLiteral("tom")));
        QVERIFY(Roster::fromJson(QByteArray(), team)->agentIds().isEmpty());
        // A week without shifts takes the agent off the roster.
        Roster edited = roster;
        edited.setShifts(QStringLiteral("tom"), {});
        QVERIFY(!edited.isRostered(QStringLiteral("tom")));
    }
};

QTEST_GUILESS_MAIN(TestRoster)
#include "tst_roster.moc"
