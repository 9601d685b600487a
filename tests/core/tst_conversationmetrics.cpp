#include "core/BusinessCalendar.h"
#include "core/ConversationMetrics.h"
#include "core/MetricEvent.h"
#include "core/SlaClock.h"

#include <QTest>

using namespace Care::Core;
using Kind = MetricEvent::Kind;
using Duration = ConversationMetrics::Duration;
using Outcome = ConversationMetrics::Outcome;

namespace {

QTimeZone berlin()
{
    return QTimeZone(QByteArrayLiteral("Europe/Berlin"));
}

QDateTime utc(int month, int day, int hour, int minute = 0, int second = 0)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, minute, second), Qt::UTC);
}

// Only for local times that exist exactly once; the DST test spells out UTC instead.
QDateTime local(int month, int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, minute), berlin());
}

MetricEvent ev(Kind kind, const QDateTime &at, const QString &agent = QString(), qint64 sequence = 0)
{
    MetricEvent e;
    e.kind = kind;
    e.at = at;
    e.agentId = agent;
    e.sequence = sequence;
    return e;
}

MetricEvent csat(const QDateTime &at, int score)
{
    MetricEvent e = ev(Kind::CsatAnswer, at);
    e.csatScore = score;
    return e;
}

Duration d(qint64 wallClock, qint64 staffed)
{
    return Duration{wallClock, staffed};
}

// Same wall-clock and staffed time (a 24/7 calendar without closures).
Duration both(qint64 seconds)
{
    return Duration{seconds, seconds};
}

BusinessCalendar allDayUtc()
{
    return BusinessCalendar::twentyFourSeven(QTimeZone::utc());
}

QString agent(const char *name)
{
    return QString::fromLatin1(name);
}

} // namespace

namespace QTest {
template<>
char *toString(const Care::Core::ConversationMetrics::Duration &duration)
{
    return qstrdup(QByteArray("wall " + QByteArray::number(duration.wallClockSeconds) + " s, staffed "
                              + QByteArray::number(duration.staffedSeconds) + " s")
                       .constData());
}
template<>
char *toString(const Care::Core::ConversationMetrics::Outcome &outcome)
{
    switch (outcome) {
    case Care::Core::ConversationMetrics::Outcome::Answered: return qstrdup("Answered");
    case Care::Core::ConversationMetrics::Outcome::EndedWithoutResponse: return qstrdup("EndedWithoutResponse");
    case Care::Core::ConversationMetrics::Outcome::StillWaiting: return qstrdup("StillWaiting");
    }
    return qstrdup("?");
}
} // namespace QTest

class TestConversationMetrics : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void emptyLog();
    void reopenStartsSecondCycle();
    void inboundAfterResolvedReopens();
    void statusOpenAfterResolvedReopens();
    void notesAndAutomaticAcknowledgementsIgnored();
    void dispositionEndsClockWithoutResponse();
    void resolvedWithoutResponse();
    void nextResponseOnlyWhenNotAlreadyWaiting();
    void stillWaitingKeptApart();
    void withoutNow();
    void splitShiftsAndHoliday();
    void overnightRange();
    void dstSpringForwardBerlin();
    void csatLatestPerCycle();
    void orderByTimeThenSequence();
    void slaEventsLineUpWithCycles();
    void kindIds();
    void workedExampleFromDocs();
};

void TestConversationMetrics::initTestCase()
{
    QVERIFY2(berlin().isValid(),
             "Qt has no time-zone data for Europe/Berlin: install the system package tzdata "
             "(apt-get install tzdata)");
}

void TestConversationMetrics::emptyLog()
{
    const auto m = ConversationMetrics::compute({}, allDayUtc(), utc(6, 15, 12));
    QVERIFY(m.isEmpty());
    QCOMPARE(m.waitingTime(), both(0));
    QVERIFY(!m.stillWaiting().has_value());
}

void TestConversationMetrics::reopenStartsSecondCycle()
{
    // Given out of order on purpose.
    const QList<MetricEvent> events = {
        ev(Kind::StatusResolved, utc(6, 15, 13, 0)),
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::PublicReply, utc(6, 15, 9, 10), agent("ana")),
        ev(Kind::StatusResolved, utc(6, 15, 9, 30)),
        ev(Kind::StatusReopened, utc(6, 15, 11, 0)),
        ev(Kind::Inbound, utc(6, 15, 11, 20)),
        ev(Kind::PrivateReply, utc(6, 15, 11, 50), agent("ben")),
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 14));
    QCOMPARE(m.cycles.size(), 2);

    const auto &first = m.cycles.at(0);
    QCOMPARE(first.index, 0);
    QCOMPARE(first.startedAt, utc(6, 15, 9, 0));
    QVERIFY(first.firstResponse.has_value());
    QCOMPARE(first.firstResponse->outcome, Outcome::Answered);
    QCOMPARE(first.firstResponse->duration, both(600));
    QCOMPARE(first.respondingAgent(), agent("ana"));
    QCOMPARE(first.resolvedAt, utc(6, 15, 9, 30));
    QVERIFY(first.resolution.has_value());
    QCOMPARE(*first.resolution, both(1800)); // never inflated by the reopen

    const auto &second = m.cycles.at(1);
    QCOMPARE(second.index, 1);
    QCOMPARE(second.startedAt, utc(6, 15, 11, 0));
    QCOMPARE(second.firstInboundAt, utc(6, 15, 11, 20));
    QCOMPARE(second.firstResponse->duration, both(1800));
    QCOMPARE(second.respondingAgent(), agent("ben"));
    QVERIFY(second.resolution.has_value());
    QCOMPARE(*second.resolution, both(7200)); // 11:00 reopen to 13:00, not from 09:00 or 11:20
    QVERIFY(!second.unresolvedFor.has_value());

    QCOMPARE(first.waiting, both(600));
    QCOMPARE(second.waiting, both(1800));
    QCOMPARE(m.waitingTime(), both(2400));
    QCOMPARE(first.inboundCount, 1);
    QCOMPARE(second.humanOutboundCount, 1);
    QCOMPARE(m.humanOutboundCount(), 2);
}

void TestConversationMetrics::inboundAfterResolvedReopens()
{
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::PublicReply, utc(6, 15, 9, 5), agent("ana")),
        ev(Kind::StatusResolved, utc(6, 15, 9, 30)),
        ev(Kind::PublicReply, utc(6, 15, 9, 40), agent("ana")), // after resolved: answers nothing
        ev(Kind::Inbound, utc(6, 15, 10, 0)),                  // reopens, though nobody logged it
        ev(Kind::PublicReply, utc(6, 15, 10, 15), agent("ben")),
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 11));
    QCOMPARE(m.cycles.size(), 2);
    QCOMPARE(m.cycles.at(0).humanOutboundCount, 2);
    QVERIFY(m.cycles.at(0).nextResponses.isEmpty());
    QCOMPARE(m.cycles.at(1).startedAt, utc(6, 15, 10, 0));
    QCOMPARE(m.cycles.at(1).firstResponse->duration, both(900));
    QVERIFY(m.cycles.at(1).nextResponses.isEmpty());
    QVERIFY(m.cycles.at(1).unresolvedFor.has_value());
    QCOMPARE(*m.cycles.at(1).unresolvedFor, both(3600)); // 10:00 to now 11:00
}

void TestConversationMetrics::statusOpenAfterResolvedReopens()
{
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::StatusOpen, utc(6, 15, 9, 1)), // not resolved: no new cycle
        ev(Kind::StatusReopened, utc(6, 15, 9, 2)),
        ev(Kind::StatusResolved, utc(6, 15, 10, 0)),
        ev(Kind::StatusResolved, utc(6, 15, 10, 30)), // resolved twice: the first one counts
        ev(Kind::StatusOpen, utc(6, 15, 12, 0)),
        ev(Kind::StatusResolved, utc(6, 15, 12, 45)),
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 13));
    QCOMPARE(m.cycles.size(), 2);
    QCOMPARE(*m.cycles.at(0).resolution, both(3600));
    QCOMPARE(m.cycles.at(1).startedAt, utc(6, 15, 12, 0));
    QCOMPARE(*m.cycles.at(1).resolution, both(2700));
    QVERIFY(!m.cycles.at(1).firstResponse.has_value()); // the customer wrote nothing in it
    QCOMPARE(m.cycles.at(1).bucketInstant(), utc(6, 15, 12, 0));
}

void TestConversationMetrics::notesAndAutomaticAcknowledgementsIgnored()
{
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::AutomaticAcknowledgement, utc(6, 15, 9, 0, 5)),
        ev(Kind::Assignment, utc(6, 15, 9, 1), agent("ben")),
        ev(Kind::Note, utc(6, 15, 9, 5), agent("ana")),
        ev(Kind::StatusPending, utc(6, 15, 9, 6)),
        ev(Kind::StatusSnoozed, utc(6, 15, 9, 7)),
        ev(Kind::PublicReply, utc(6, 15, 9, 20), agent("ben")),
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 10));
    QCOMPARE(m.cycles.size(), 1);
    const auto &c = m.cycles.first();
    QCOMPARE(c.firstResponse->duration, both(1200));
    QCOMPARE(c.respondingAgent(), agent("ben"));
    QVERIFY(c.nextResponses.isEmpty());
    QCOMPARE(c.inboundCount, 1);
    QCOMPARE(c.humanOutboundCount, 1);
    QCOMPARE(c.automaticCount, 1);
    QCOMPARE(c.noteCount, 1);
    QCOMPARE(m.automaticCount(), 1);
    QCOMPARE(m.noteCount(), 1);
}

void TestConversationMetrics::dispositionEndsClockWithoutResponse()
{
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::Disposition, utc(6, 15, 9, 15), agent("cy")),
        ev(Kind::PublicReply, utc(6, 15, 9, 20), agent("ana")), // nobody waits: answers nothing
        ev(Kind::Inbound, utc(6, 15, 10, 0)),                  // a next response, not a first
        ev(Kind::PublicReply, utc(6, 15, 10, 5), agent("ana")),
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 11));
    QCOMPARE(m.cycles.size(), 1);
    const auto &c = m.cycles.first();
    QVERIFY(c.endedWithoutResponse());
    QCOMPARE(c.firstResponse->outcome, Outcome::EndedWithoutResponse);
    QVERIFY(c.firstResponse->endedByDisposition);
    QCOMPARE(c.firstResponse->agentId, agent("cy"));
    QCOMPARE(c.firstResponse->endedAt, utc(6, 15, 9, 15));
    QCOMPARE(c.firstResponse->duration, both(900));
    QCOMPARE(c.respondingAgent(), QString()); // nobody responded first
    QCOMPARE(c.nextResponses.size(), 1);
    QCOMPARE(c.nextResponses.first().duration, both(300));
    QCOMPARE(c.waiting, both(300)); // the ended wait is not customer waiting time
    QCOMPARE(m.waitingTime(), both(300));
}

void TestConversationMetrics::resolvedWithoutResponse()
{
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::Note, utc(6, 15, 9, 10), agent("ana")),
        ev(Kind::StatusResolved, utc(6, 15, 9, 30), agent("ana")),
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 10));
    const auto &c = m.cycles.first();
    QVERIFY(c.endedWithoutResponse());
    QVERIFY(!c.firstResponse->endedByDisposition);
    QCOMPARE(c.firstResponse->duration, both(1800));
    QCOMPARE(*c.resolution, both(1800));
    QCOMPARE(c.waiting, both(0));
    QVERIFY(!c.stillWaiting.has_value());
}

void TestConversationMetrics::nextResponseOnlyWhenNotAlreadyWaiting()
{
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::Inbound, utc(6, 15, 9, 5)), // already waiting: no clock of its own
        ev(Kind::PublicReply, utc(6, 15, 9, 10), agent("ana")),
        ev(Kind::Inbound, utc(6, 15, 9, 30)),
        ev(Kind::Inbound, utc(6, 15, 9, 31)),
        ev(Kind::Note, utc(6, 15, 9, 32), agent("ana")),
        ev(Kind::AutomaticAcknowledgement, utc(6, 15, 9, 33)),
        ev(Kind::PublicReply, utc(6, 15, 9, 40), agent("ben")),
        ev(Kind::PublicReply, utc(6, 15, 9, 45), agent("ana")), // nobody waits
        ev(Kind::Inbound, utc(6, 15, 10, 0)),
        ev(Kind::PrivateReply, utc(6, 15, 10, 30), agent("cy")),
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 11));
    const auto &c = m.cycles.first();
    QCOMPARE(c.firstResponse->inboundAt, utc(6, 15, 9, 0));
    QCOMPARE(c.firstResponse->duration, both(600));
    QCOMPARE(c.nextResponses.size(), 2);
    QCOMPARE(c.nextResponses.at(0).inboundAt, utc(6, 15, 9, 30));
    QCOMPARE(c.nextResponses.at(0).duration, both(600));
    QCOMPARE(c.nextResponses.at(0).agentId, agent("ben"));
    QCOMPARE(c.nextResponses.at(1).inboundAt, utc(6, 15, 10, 0));
    QCOMPARE(c.nextResponses.at(1).duration, both(1800));
    QCOMPARE(c.nextResponses.at(1).agentId, agent("cy"));
    QCOMPARE(c.waiting, both(600 + 600 + 1800));
    QCOMPARE(c.inboundCount, 5);
    QCOMPARE(c.humanOutboundCount, 4);
}

void TestConversationMetrics::stillWaitingKeptApart()
{
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::PublicReply, utc(6, 15, 9, 10), agent("ana")),
        ev(Kind::Inbound, utc(6, 15, 10, 0)),
        ev(Kind::PublicReply, utc(6, 15, 11, 0), agent("ana")), // after now: not yet
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 10, 45));
    QCOMPARE(m.computedAt, utc(6, 15, 10, 45));
    const auto &c = m.cycles.first();
    QCOMPARE(c.nextResponses.size(), 1);
    QCOMPARE(c.nextResponses.first().outcome, Outcome::StillWaiting);
    QVERIFY(!c.nextResponses.first().endedAt.isValid());
    QCOMPARE(c.nextResponses.first().duration, both(2700));
    QVERIFY(c.stillWaiting.has_value());
    QCOMPARE(*c.stillWaiting, both(2700));
    QCOMPARE(*m.stillWaiting(), both(2700));
    QCOMPARE(c.waiting, both(600)); // finished figures only
    QCOMPARE(m.waitingTime(), both(600));
    QCOMPARE(c.humanOutboundCount, 1);
    QCOMPARE(*c.unresolvedFor, both(6300));
}

void TestConversationMetrics::withoutNow()
{
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::PublicReply, utc(6, 15, 9, 10), agent("ana")),
        ev(Kind::Inbound, utc(6, 15, 10, 0)),
        ev(Kind::PublicReply, utc(6, 15, 11, 0), agent("ana")),
        ev(Kind::Inbound, utc(6, 15, 12, 0)),
        ev(Kind::Inbound, QDateTime()), // no time: ignored
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), QDateTime());
    QVERIFY(!m.computedAt.isValid());
    const auto &c = m.cycles.first();
    QCOMPARE(c.inboundCount, 3);
    QCOMPARE(c.nextResponses.size(), 2);
    QCOMPARE(c.nextResponses.at(0).duration, both(3600)); // every event used
    QCOMPARE(c.nextResponses.at(1).outcome, Outcome::StillWaiting);
    QCOMPARE(c.nextResponses.at(1).duration, both(0));
    QVERIFY(!c.stillWaiting.has_value());
    QVERIFY(!c.unresolvedFor.has_value());
    QCOMPARE(m.waitingTime(), both(4200));
}

void TestConversationMetrics::splitShiftsAndHoliday()
{
    // Mon–Fri 08:00–12:00 and 14:00–18:00 in Berlin; Monday 2026-06-15 is a holiday.
    BusinessCalendar calendar(berlin());
    for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday}) {
        calendar.addRange(day, QTime(8, 0), QTime(12, 0));
        calendar.addRange(day, QTime(14, 0), QTime(18, 0));
    }
    calendar.addClosure(QDate(2026, 6, 15), QStringLiteral("Holiday"));

    const QList<MetricEvent> events = {
        ev(Kind::Inbound, local(6, 12, 11, 0)), // Friday
        ev(Kind::PublicReply, local(6, 16, 15, 0), agent("ana")), // Tuesday
        ev(Kind::StatusResolved, local(6, 16, 16, 30)),
        ev(Kind::Inbound, local(6, 16, 16, 40)), // reopens
        ev(Kind::PublicReply, local(6, 17, 8, 10), agent("ben")),
        ev(Kind::Inbound, local(6, 17, 11, 50)),
        ev(Kind::PrivateReply, local(6, 17, 14, 5), agent("ben")), // across the lunch break
    };
    const auto m = ConversationMetrics::compute(events, calendar, local(6, 18, 9, 0));
    QCOMPARE(m.cycles.size(), 2);
    // Fri 11–12 and 14–18 (5 h), weekend and holiday closed, Tue 08–12 and 14–15 (5 h).
    // Wall clock: Friday 11:00 to Tuesday 15:00 = 100 h.
    QCOMPARE(m.cycles.at(0).firstResponse->duration, d(100 * 3600, 10 * 3600));
    // Resolution: 90 more minutes on Tuesday afternoon.
    QCOMPARE(*m.cycles.at(0).resolution, d(101 * 3600 + 1800, 11 * 3600 + 1800));
    // Tue 16:40–18:00 (80 min) + Wed 08:00–08:10; wall 15 h 30 min.
    QCOMPARE(m.cycles.at(1).firstResponse->duration, d(55800, 5400));
    // Wed 11:50–12:00 + 14:00–14:05; wall 2 h 15 min.
    QCOMPARE(m.cycles.at(1).nextResponses.first().duration, d(8100, 900));
    QCOMPARE(m.waitingTime(), d(360000 + 55800 + 8100, 36000 + 5400 + 900));
    // Not resolved at Thursday 09:00: open since Tue 16:40 (1 h 20 + Wed 8 h + Thu 1 h staffed).
    QCOMPARE(*m.cycles.at(1).unresolvedFor, d(40 * 3600 + 20 * 60, 10 * 3600 + 20 * 60));
}

void TestConversationMetrics::overnightRange()
{
    // Friday 22:00–02:00 and Saturday 10:00–12:00, Berlin.
    BusinessCalendar calendar(berlin());
    calendar.addRange(Qt::Friday, QTime(22, 0), QTime(2, 0));
    calendar.addRange(Qt::Saturday, QTime(10, 0), QTime(12, 0));

    const QList<MetricEvent> events = {
        ev(Kind::Inbound, local(6, 19, 21, 0)), // Friday
        ev(Kind::PublicReply, local(6, 20, 1, 0), agent("night")),
        ev(Kind::Inbound, local(6, 20, 1, 30)),
        ev(Kind::PublicReply, local(6, 20, 11, 0), agent("day")),
    };
    const auto m = ConversationMetrics::compute(events, calendar, local(6, 20, 12, 0));
    const auto &c = m.cycles.first();
    QCOMPARE(c.firstResponse->duration, d(4 * 3600, 3 * 3600));    // 22:00–01:00 staffed
    QCOMPARE(c.nextResponses.first().duration, d(34200, 5400));     // 01:30–02:00 + 10:00–11:00
    QCOMPARE(c.nextResponses.first().agentId, agent("day"));
}

void TestConversationMetrics::dstSpringForwardBerlin()
{
    // 2026-03-29: Berlin jumps from 02:00 CET to 03:00 CEST. Open Saturday 22:00–24:00 and
    // Sunday 01:00–05:00 local (which is 3 real hours that night).
    BusinessCalendar calendar(berlin());
    calendar.addRange(Qt::Saturday, QTime(22, 0), QTime(0, 0));
    calendar.addRange(Qt::Sunday, QTime(1, 0), QTime(5, 0));

    const QList<MetricEvent> events = {
        ev(Kind::Inbound, utc(3, 28, 22, 0)),                   // Saturday 23:00 CET
        ev(Kind::PublicReply, utc(3, 29, 4, 0), agent("ana")),  // Sunday 06:00 CEST
        ev(Kind::StatusResolved, utc(3, 29, 10, 0)),            // Sunday 12:00 CEST
    };
    const auto m = ConversationMetrics::compute(events, calendar, utc(3, 30, 0, 0));
    const auto &c = m.cycles.first();
    // Wall clock: 6 real hours (the local clocks differ by 7). Staffed: 23:00–24:00 CET (1 h)
    // and 01:00 CET–05:00 CEST (3 h).
    QCOMPARE(c.firstResponse->duration, d(6 * 3600, 4 * 3600));
    QCOMPARE(*c.resolution, d(12 * 3600, 4 * 3600));

    // Around the clock, staffed time is real time too.
    const auto allDay = ConversationMetrics::compute(events, BusinessCalendar::twentyFourSeven(berlin()),
                                                     utc(3, 30, 0, 0));
    QCOMPARE(allDay.cycles.first().firstResponse->duration, both(6 * 3600));
}

void TestConversationMetrics::csatLatestPerCycle()
{
    const QList<MetricEvent> events = {
        csat(utc(6, 15, 10, 30), 5), // the latest of cycle 0, given first
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::PublicReply, utc(6, 15, 9, 10), agent("ana")),
        ev(Kind::StatusResolved, utc(6, 15, 9, 30)),
        csat(utc(6, 15, 10, 0), 3),
        csat(utc(6, 15, 10, 45), 9), // out of range: ignored
        ev(Kind::Inbound, utc(6, 15, 12, 0)),
        ev(Kind::PublicReply, utc(6, 15, 12, 5), agent("ben")),
        ev(Kind::StatusResolved, utc(6, 15, 12, 30)),
        csat(utc(6, 15, 13, 0), 2),
    };
    const auto m = ConversationMetrics::compute(events, allDayUtc(), utc(6, 16, 0));
    QCOMPARE(m.cycles.size(), 2); // a CSAT answer never reopens
    QCOMPARE(m.cycles.at(0).csatScore, std::optional<int>(5));
    QCOMPARE(m.cycles.at(0).csatAt, utc(6, 15, 10, 30));
    QCOMPARE(m.cycles.at(1).csatScore, std::optional<int>(2));
    QCOMPARE(m.cycles.at(0).inboundCount, 1);
}

void TestConversationMetrics::orderByTimeThenSequence()
{
    const QDateTime t = utc(6, 15, 9, 0);
    // Same instant: the sequence decides, not the order given.
    const auto answered = ConversationMetrics::compute(
        {ev(Kind::PublicReply, t, agent("ana"), 2), ev(Kind::Inbound, t, QString(), 1)}, allDayUtc(), utc(6, 15, 10));
    QCOMPARE(answered.cycles.first().firstResponse->outcome, Outcome::Answered);
    QCOMPARE(answered.cycles.first().firstResponse->duration, both(0));

    const auto waiting = ConversationMetrics::compute(
        {ev(Kind::Inbound, t, QString(), 2), ev(Kind::PublicReply, t, agent("ana"), 1)}, allDayUtc(), utc(6, 15, 10));
    QCOMPARE(waiting.cycles.first().firstResponse->outcome, Outcome::StillWaiting);
    QCOMPARE(*waiting.stillWaiting(), both(3600));

    // Same instant and sequence: as given.
    const auto asGiven = ConversationMetrics::ordered(
        {ev(Kind::Note, t, agent("first")), ev(Kind::Note, t, agent("second")), ev(Kind::Note, t.addSecs(-1))});
    QCOMPARE(asGiven.at(0).at, t.addSecs(-1));
    QCOMPARE(asGiven.at(1).agentId, agent("first"));
    QCOMPARE(asGiven.at(2).agentId, agent("second"));
}

void TestConversationMetrics::slaEventsLineUpWithCycles()
{
    const QList<MetricEvent> events = {
        ev(Kind::Assignment, utc(6, 15, 8, 59), agent("ana")),
        ev(Kind::Inbound, utc(6, 15, 9, 0)),
        ev(Kind::StatusSnoozed, utc(6, 15, 9, 1)),
        ev(Kind::PublicReply, utc(6, 15, 9, 10), agent("ana")),
        ev(Kind::StatusResolved, utc(6, 15, 9, 30)),
        csat(utc(6, 15, 9, 40), 4),
        ev(Kind::StatusOpen, utc(6, 15, 10, 0)),
        ev(Kind::StatusPending, utc(6, 15, 10, 5)),
        ev(Kind::Disposition, utc(6, 15, 10, 6)),
    };
    const QList<SlaEvent> sla = ConversationMetrics::slaEvents(events);
    QCOMPARE(sla.size(), events.size());
    const QList<SlaEvent::Kind> kinds = {
        SlaEvent::Kind::Note,      SlaEvent::Kind::Inbound,  SlaEvent::Kind::Open,
        SlaEvent::Kind::HumanResponse, SlaEvent::Kind::Resolved, SlaEvent::Kind::Note,
        SlaEvent::Kind::Reopened,  SlaEvent::Kind::Pending,  SlaEvent::Kind::NoReplyNeeded,
    };
    for (qsizetype i = 0; i < kinds.size(); ++i)
        QCOMPARE(int(sla.at(i).kind), int(kinds.at(i)));

    SlaPolicy policy;
    policy.firstResponseSeconds = 3600;
    policy.resolutionSeconds = 7200;
    policy.countStaffedHoursOnly = false;
    const auto evaluation = SlaClock(policy, allDayUtc()).evaluate(sla, utc(6, 15, 11));
    const auto metrics = ConversationMetrics::compute(events, allDayUtc(), utc(6, 15, 11));
    QCOMPARE(evaluation.cycleCount, int(metrics.cycles.size()));
    QCOMPARE(metrics.cycles.size(), 2);
    QCOMPARE(metrics.cycles.at(0).startedAt, utc(6, 15, 8, 59)); // the first event creates it
    QCOMPARE(evaluation.measurements.first().startedAt, utc(6, 15, 8, 59));
}

void TestConversationMetrics::kindIds()
{
    for (int i = 0; i <= int(Kind::CsatAnswer); ++i) {
        const auto kind = static_cast<Kind>(i);
        const QString id = metricEventKindId(kind);
        QVERIFY(!id.isEmpty());
        QCOMPARE(metricEventKindFromId(id), std::optional<Kind>(kind));
    }
    QCOMPARE(metricEventKindId(Kind::PrivateReply), QStringLiteral("private_reply"));
    QVERIFY(!metricEventKindFromId(QStringLiteral("reply")).has_value());
}

// The worked example in docs/metrics.md, figure by figure.
void TestConversationMetrics::workedExampleFromDocs()
{
    BusinessCalendar calendar(berlin());
    for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday}) {
        calendar.addRange(day, QTime(8, 0), QTime(12, 0));
        calendar.addRange(day, QTime(14, 0), QTime(18, 0));
    }
    const QList<MetricEvent> events = {
        ev(Kind::Inbound, local(6, 12, 11, 0)),
        ev(Kind::AutomaticAcknowledgement, QDateTime(QDate(2026, 6, 12), QTime(11, 0, 5), berlin())),
        ev(Kind::Note, local(6, 12, 11, 20), agent("ana")),
        ev(Kind::PublicReply, local(6, 12, 11, 40), agent("ana")),
        ev(Kind::Inbound, local(6, 12, 11, 50)),
        ev(Kind::Inbound, local(6, 12, 11, 55)),
        ev(Kind::PrivateReply, local(6, 12, 14, 10), agent("ben")),
        ev(Kind::StatusResolved, local(6, 12, 16, 0), agent("ben")),
        csat(local(6, 12, 16, 5), 4),
        ev(Kind::Inbound, local(6, 13, 10, 0)),
        ev(Kind::PublicReply, local(6, 15, 9, 30), agent("ana")),
        ev(Kind::StatusResolved, local(6, 15, 10, 0), agent("ana")),
    };
    const auto m = ConversationMetrics::compute(events, calendar, local(6, 15, 12, 0));
    QCOMPARE(m.cycles.size(), 2);
    const auto &one = m.cycles.at(0);
    QCOMPARE(one.firstResponse->duration, d(2400, 2400));
    QCOMPARE(one.respondingAgent(), agent("ana"));
    QCOMPARE(one.nextResponses.size(), 1);
    QCOMPARE(one.nextResponses.first().duration, d(8400, 1200));
    QCOMPARE(one.nextResponses.first().agentId, agent("ben"));
    QCOMPARE(*one.resolution, d(18000, 10800));
    QCOMPARE(one.waiting, d(10800, 3600));
    QCOMPARE(one.csatScore, std::optional<int>(4));
    QCOMPARE(one.inboundCount, 3);
    QCOMPARE(one.humanOutboundCount, 2);
    QCOMPARE(one.automaticCount, 1);
    QCOMPARE(one.noteCount, 1);
    const auto &two = m.cycles.at(1);
    QCOMPARE(two.startedAt, local(6, 13, 10, 0));
    QCOMPARE(two.firstResponse->duration, d(171000, 5400));
    QCOMPARE(*two.resolution, d(172800, 7200));
    QVERIFY(!two.csatScore.has_value());
    QCOMPARE(m.waitingTime(), d(181800, 9000));
    QVERIFY(!m.stillWaiting().has_value());
}

QTEST_GUILESS_MAIN(TestConversationMetrics)
#include "tst_conversationmetrics.moc"
