#include "core/BusinessCalendar.h"
#include "core/ManualClock.h"
#include "core/SlaClock.h"
#include "core/SlaPolicy.h"
#include "core/SystemClock.h"

#include <QFile>
#include <QTest>

using namespace Care::Core;
using Kind = SlaEvent::Kind;

namespace {

QTimeZone berlin()
{
    return QTimeZone(QByteArrayLiteral("Europe/Berlin"));
}

// A day in June 2026 in Berlin (CEST, UTC+2): 14 = Sunday, 15 = Monday, 16 = Tuesday.
QDateTime june(int day, int hour, int minute = 0, int second = 0)
{
    return QDateTime(QDate(2026, 6, day), QTime(hour, minute, second), berlin());
}

QDateTime utc(int month, int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, month, day), QTime(hour, minute), Qt::UTC);
}

// Mon–Fri 07:00–22:00, Sat–Sun 08:00–20:00, Berlin time.
BusinessCalendar publishedHours()
{
    BusinessCalendar calendar(berlin());
    for (auto day : {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday})
        calendar.addRange(day, QTime(7, 0), QTime(22, 0));
    for (auto day : {Qt::Saturday, Qt::Sunday})
        calendar.addRange(day, QTime(8, 0), QTime(20, 0));
    return calendar;
}

// First response 1 h, next response 30 min, resolution 8 h.
SlaPolicy policy(bool staffedHoursOnly, bool pauseWhilePending)
{
    SlaPolicy p;
    p.name = staffedHoursOnly ? QStringLiteral("Staffed") : QStringLiteral("Wall clock");
    p.firstResponseSeconds = 3600;
    p.nextResponseSeconds = 1800;
    p.resolutionSeconds = 8 * 3600;
    p.countStaffedHoursOnly = staffedHoursOnly;
    p.pauseWhilePending = pauseWhilePending;
    return p;
}

SlaMeasurement only(const SlaEvaluation &evaluation, SlaTarget target, int cycle = 0)
{
    QList<SlaMeasurement> found;
    for (const SlaMeasurement &m : evaluation.measurements) {
        if (m.target == target && m.cycle == cycle)
            found.append(m);
    }
    if (found.size() != 1)
        qFatal("expected exactly one %s measurement in cycle %d, found %d", qPrintable(slaTargetId(target)), cycle,
               int(found.size()));
    return found.first();
}

QList<SlaMeasurement> all(const SlaEvaluation &evaluation, SlaTarget target)
{
    QList<SlaMeasurement> found;
    for (const SlaMeasurement &m : evaluation.measurements) {
        if (m.target == target)
            found.append(m);
    }
    return found;
}

} // namespace

// So that failed comparisons of states print names.
namespace QTest {
template<>
char *toString(const Care::Core::SlaState &state)
{
    return qstrdup(qPrintable(Care::Core::slaStateId(state)));
}
} // namespace QTest

class TestSlaClock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void countingModesGiveDifferentDueTimes();
    void automaticAcknowledgementAndNoteDoNotRespond();
    void responseExactlyAtDueTimeIsMet();
    void nextResponses();
    void pauseWhilePending();
    void pausedNow();
    void pendingIgnoredWithoutPause();
    void reopenStartsNewCycle();
    void endedWithoutResponse();
    void eventsAfterNowAreIgnored();
    void recomputedAfterPolicyOrCalendarChange();
    void targetsLeftOutAreNotMeasured();
    void injectableClock();
    void policySelection();
    void policyJsonRoundTrip();
    void policyJsonErrors_data();
    void policyJsonErrors();
    void defaultPoliciesResource();
};

void TestSlaClock::initTestCase()
{
    QVERIFY2(berlin().isValid(),
             "Qt has no time-zone data for Europe/Berlin: install the system package tzdata "
             "(apt-get install tzdata)");
}

void TestSlaClock::countingModesGiveDifferentDueTimes()
{
    // Sunday 21:00, an hour after closing; answered Monday 07:30.
    const QList<SlaEvent> events = {{june(14, 21), Kind::Inbound}, {june(15, 7, 30), Kind::HumanResponse}};
    const SlaClock staffed(policy(true, false), publishedHours());
    const SlaClock wall(policy(false, false), publishedHours());

    // Staffed: the hour starts Monday 07:00 → due 08:00 CEST = 06:00 UTC.
    // Wall clock: due Sunday 22:00 CEST = 20:00 UTC.
    const auto staffedAtNight = staffed.evaluate(events, june(14, 23));
    const auto wallAtNight = wall.evaluate(events, june(14, 23));
    QCOMPARE(only(staffedAtNight, SlaTarget::FirstResponse).dueAt, utc(6, 15, 6));
    QCOMPARE(only(wallAtNight, SlaTarget::FirstResponse).dueAt, utc(6, 14, 20));
    // Sunday 23:00: fine in staffed hours, already missed on the wall clock.
    QCOMPARE(only(staffedAtNight, SlaTarget::FirstResponse).state, SlaState::Running);
    QCOMPARE(only(wallAtNight, SlaTarget::FirstResponse).state, SlaState::RunningAlreadyMissed);
    QCOMPARE(staffedAtNight.overallState(), std::optional(SlaState::Running));
    QCOMPARE(wallAtNight.overallState(), std::optional(SlaState::RunningAlreadyMissed));

    // After the 07:30 response: met in staffed hours (30 min = 1800 s counted), missed on the
    // wall clock (21:00 → 07:30 = 10.5 h = 37800 s).
    const auto staffedNext = only(staffed.evaluate(events, june(15, 9)), SlaTarget::FirstResponse);
    const auto wallNext = only(wall.evaluate(events, june(15, 9)), SlaTarget::FirstResponse);
    QCOMPARE(staffedNext.state, SlaState::Met);
    QCOMPARE(staffedNext.countedSeconds, 1800);
    QCOMPARE(staffedNext.stoppedAt, utc(6, 15, 5, 30));
    QCOMPARE(wallNext.state, SlaState::Missed);
    QCOMPARE(wallNext.countedSeconds, 37800);
}

void TestSlaClock::automaticAcknowledgementAndNoteDoNotRespond()
{
    // Monday 10:00 inbound, auto-acknowledged at once, a note at 10:20, the first person
    // answers 11:30. Due 11:00 CEST = 09:00 UTC either way (open hours).
    const QList<SlaEvent> events = {
        {june(15, 10), Kind::Inbound},
        {june(15, 10, 0, 5), Kind::AutomaticAcknowledgement},
        {june(15, 10, 20), Kind::Note},
        {june(15, 11, 30), Kind::HumanResponse},
    };
    const SlaClock clock(policy(true, false), publishedHours());

    const auto at1030 = only(clock.evaluate(events, june(15, 10, 30)), SlaTarget::FirstResponse);
    QCOMPARE(at1030.dueAt, utc(6, 15, 9));
    QCOMPARE(at1030.state, SlaState::Running); // neither the acknowledgement nor the note stopped it
    QVERIFY(!at1030.stoppedAt.isValid());
    QCOMPARE(at1030.countedSeconds, 1800);

    const auto at1115 = only(clock.evaluate(events, june(15, 11, 15)), SlaTarget::FirstResponse);
    QCOMPARE(at1115.state, SlaState::RunningAlreadyMissed);

    const auto at1200 = only(clock.evaluate(events, june(15, 12)), SlaTarget::FirstResponse);
    QCOMPARE(at1200.state, SlaState::Missed);
    QCOMPARE(at1200.stoppedAt, utc(6, 15, 9, 30)); // the human response, 11:30 CEST
    QCOMPARE(at1200.countedSeconds, 5400);          // 10:00 → 11:30

    // A human response at 10:20 instead of the note is met.
    QList<SlaEvent> answered = events;
    answered[2].kind = Kind::HumanResponse;
    QCOMPARE(only(clock.evaluate(answered, june(15, 12)), SlaTarget::FirstResponse).state, SlaState::Met);
}

void TestSlaClock::responseExactlyAtDueTimeIsMet()
{
    const QList<SlaEvent> events = {{june(15, 10), Kind::Inbound}, {june(15, 11), Kind::HumanResponse}};
    const SlaClock clock(policy(true, false), publishedHours());
    QCOMPARE(only(clock.evaluate(events, june(15, 12)), SlaTarget::FirstResponse).state, SlaState::Met);
    // Without the response, 11:00 itself is not yet missed, one second later it is.
    const QList<SlaEvent> waiting = {events.first()};
    QCOMPARE(only(clock.evaluate(waiting, june(15, 11)), SlaTarget::FirstResponse).state, SlaState::Running);
    QCOMPARE(only(clock.evaluate(waiting, june(15, 11, 0, 1)), SlaTarget::FirstResponse).state,
             SlaState::RunningAlreadyMissed);
}

void TestSlaClock::nextResponses()
{
    // Next response target 30 min.
    const QList<SlaEvent> events = {
        {june(15, 9), Kind::Inbound},
        {june(15, 9, 10), Kind::HumanResponse},     // first response, 10 min
        {june(15, 10), Kind::Inbound},              // next response #1 starts
        {june(15, 10, 5), Kind::Inbound},           // already waiting: no new clock
        {june(15, 10, 6), Kind::AutomaticAcknowledgement},
        {june(15, 10, 20), Kind::HumanResponse},    // #1 met after 20 min
        {june(15, 11), Kind::Inbound},              // #2 starts, due 11:30 CEST = 09:30 UTC
    };
    const SlaClock clock(policy(true, false), publishedHours());
    const auto evaluation = clock.evaluate(events, june(15, 11, 40));

    QCOMPARE(only(evaluation, SlaTarget::FirstResponse).state, SlaState::Met);
    QCOMPARE(only(evaluation, SlaTarget::FirstResponse).countedSeconds, 600);
    const auto next = all(evaluation, SlaTarget::NextResponse);
    QCOMPARE(next.size(), 2);
    QCOMPARE(next.at(0).startedAt, utc(6, 15, 8));
    QCOMPARE(next.at(0).state, SlaState::Met);
    QCOMPARE(next.at(0).countedSeconds, 1200);
    QCOMPARE(next.at(1).dueAt, utc(6, 15, 9, 30));
    QCOMPARE(next.at(1).state, SlaState::RunningAlreadyMissed); // 11:40 > 11:30
    QCOMPARE(evaluation.latest(SlaTarget::NextResponse)->startedAt, utc(6, 15, 9));
    // The queue sorts by the earliest running due time: next response #2 (09:30 UTC) before
    // the resolution (09:00 + 8 h = 17:00 CEST = 15:00 UTC).
    QCOMPARE(evaluation.nextDue(), utc(6, 15, 9, 30));
    QCOMPARE(only(evaluation, SlaTarget::Resolution).dueAt, utc(6, 15, 15));
}

void TestSlaClock::pauseWhilePending()
{
    // Monday 09:00 inbound, answered 09:20, pending from 14:00 until the customer writes back
    // Tuesday 08:00, answered 08:20; resolution target 8 h.
    const QList<SlaEvent> events = {
        {june(15, 9), Kind::Inbound},     {june(15, 9, 20), Kind::HumanResponse}, {june(15, 14), Kind::Pending},
        {june(16, 8), Kind::Inbound},     {june(16, 8, 20), Kind::HumanResponse},
    };
    const QDateTime now = june(16, 12);

    // Staffed, paused: 09:00–14:00 Monday uses 5 h; the pause (Mon 14:00–Tue 08:00) does not
    // count; the last 3 h run Tue 08:00–11:00 CEST = 09:00 UTC. Counted by 12:00: 5 h + 4 h =
    // 9 h = 32400 s.
    const SlaClock pausing(policy(true, true), publishedHours());
    const auto paused = only(pausing.evaluate(events, now), SlaTarget::Resolution);
    QCOMPARE(paused.dueAt, utc(6, 16, 9));
    QCOMPARE(paused.countedSeconds, 32400);
    QCOMPARE(paused.state, SlaState::RunningAlreadyMissed);
    QVERIFY(!paused.paused);

    // Staffed, not paused: 8 h from Monday 09:00 is Monday 17:00 CEST = 15:00 UTC; counted
    // Mon 09:00–22:00 (13 h) + Tue 07:00–12:00 (5 h) = 18 h = 64800 s.
    const SlaClock running(policy(true, false), publishedHours());
    const auto notPaused = only(running.evaluate(events, now), SlaTarget::Resolution);
    QCOMPARE(notPaused.dueAt, utc(6, 15, 15));
    QCOMPARE(notPaused.countedSeconds, 64800);

    // Wall clock, paused: the pause is 18 h of wall time; due 09:00 + 8 h + 18 h = Tuesday
    // 11:00 CEST = 09:00 UTC; counted 27 h − 18 h = 9 h = 32400 s.
    const SlaClock wallPausing(policy(false, true), publishedHours());
    const auto wallPaused = only(wallPausing.evaluate(events, now), SlaTarget::Resolution);
    QCOMPARE(wallPaused.dueAt, utc(6, 16, 9));
    QCOMPARE(wallPaused.countedSeconds, 32400);

    // The customer's Tuesday message is a next response after the first was answered: met in
    // 20 min.
    QCOMPARE(all(pausing.evaluate(events, now), SlaTarget::NextResponse).first().state, SlaState::Met);
}

void TestSlaClock::pausedNow()
{
    // Still pending at the time of evaluation: the due time is where it would be if the
    // customer answered right now, and it moves on with `now`.
    const QList<SlaEvent> events = {
        {june(15, 9), Kind::Inbound}, {june(15, 9, 20), Kind::HumanResponse}, {june(15, 14), Kind::Pending}};
    // 5 h of the 8 h used before 14:00, 3 h left.
    // Staffed at Monday 23:00 (closed): 3 h from Tuesday 07:00 → 10:00 CEST = 08:00 UTC.
    const auto staffed = only(SlaClock(policy(true, true), publishedHours()).evaluate(events, june(15, 23)),
                              SlaTarget::Resolution);
    QVERIFY(staffed.paused);
    QCOMPARE(staffed.state, SlaState::Running);
    QCOMPARE(staffed.dueAt, utc(6, 16, 8));
    QCOMPARE(staffed.countedSeconds, 5 * 3600);
    // Wall clock at Monday 23:00: 3 h later, Tuesday 02:00 CEST = Tuesday 00:00 UTC.
    const auto wall = only(SlaClock(policy(false, true), publishedHours()).evaluate(events, june(15, 23)),
                           SlaTarget::Resolution);
    QVERIFY(wall.paused);
    QCOMPARE(wall.dueAt, utc(6, 16, 0));
    // An explicit Open (the lead takes it off pending) ends the pause like an inbound would:
    // Open at 16:00 → paused 2 h → staffed due 17:00 + 2 h = 19:00 CEST = 17:00 UTC.
    QList<SlaEvent> reopened = events;
    reopened.append(SlaEvent{june(15, 16), Kind::Open});
    const auto afterOpen = only(SlaClock(policy(true, true), publishedHours()).evaluate(reopened, june(15, 17)),
                                SlaTarget::Resolution);
    QVERIFY(!afterOpen.paused);
    QCOMPARE(afterOpen.dueAt, utc(6, 15, 17));
}

void TestSlaClock::pendingIgnoredWithoutPause()
{
    const QList<SlaEvent> events = {
        {june(15, 9), Kind::Inbound}, {june(15, 9, 20), Kind::HumanResponse}, {june(15, 14), Kind::Pending}};
    const auto m = only(SlaClock(policy(true, false), publishedHours()).evaluate(events, june(15, 23)),
                        SlaTarget::Resolution);
    QVERIFY(!m.paused);
    // 09:00 + 8 h = 17:00 CEST = 15:00 UTC; by 23:00 it is past due.
    QCOMPARE(m.dueAt, utc(6, 15, 15));
    QCOMPARE(m.state, SlaState::RunningAlreadyMissed);
}

void TestSlaClock::reopenStartsNewCycle()
{
    const QList<SlaEvent> events = {
        {june(15, 9), Kind::Inbound},
        {june(15, 9, 30), Kind::HumanResponse},
        {june(15, 10), Kind::Resolved},
        {june(15, 15), Kind::Reopened},
        {june(15, 15), Kind::Inbound},
    };
    const SlaClock clock(policy(true, false), publishedHours());
    const auto evaluation = clock.evaluate(events, june(15, 16, 30));
    QCOMPARE(evaluation.cycleCount, 2);

    // Cycle 0 is closed for good: resolution 09:00 → 10:00 = 3600 s, not inflated by the reopen.
    const auto firstResolution = only(evaluation, SlaTarget::Resolution, 0);
    QCOMPARE(firstResolution.state, SlaState::Met);
    QCOMPARE(firstResolution.countedSeconds, 3600);
    QCOMPARE(only(evaluation, SlaTarget::FirstResponse, 0).state, SlaState::Met);

    // Cycle 1: a fresh first response from 15:00, due 16:00 CEST = 14:00 UTC, missed by 16:30.
    const auto secondFirst = only(evaluation, SlaTarget::FirstResponse, 1);
    QCOMPARE(secondFirst.startedAt, utc(6, 15, 13));
    QCOMPARE(secondFirst.dueAt, utc(6, 15, 14));
    QCOMPARE(secondFirst.state, SlaState::RunningAlreadyMissed);
    // Resolution of cycle 1: 15:00–22:00 is 7 h, the 8th hour Tuesday 07:00–08:00 CEST = 06:00 UTC.
    QCOMPARE(only(evaluation, SlaTarget::Resolution, 1).dueAt, utc(6, 16, 6));
    QCOMPARE(evaluation.latest(SlaTarget::FirstResponse)->cycle, 1);
    QCOMPARE(evaluation.overallState(), std::optional(SlaState::RunningAlreadyMissed));
    QVERIFY(all(evaluation, SlaTarget::NextResponse).isEmpty()); // a reopen is not a next response

    // The customer writing into a resolved conversation reopens it even when no Reopened
    // event was logged.
    QList<SlaEvent> implicit = events;
    implicit.removeAt(3);
    const auto implicitEvaluation = clock.evaluate(implicit, june(15, 16, 30));
    QCOMPARE(implicitEvaluation.cycleCount, 2);
    QCOMPARE(only(implicitEvaluation, SlaTarget::FirstResponse, 1).dueAt, utc(6, 15, 14));
}

void TestSlaClock::endedWithoutResponse()
{
    const SlaClock clock(policy(true, false), publishedHours());
    // Resolved after 10 min without a reply: neither met nor missed.
    const QList<SlaEvent> quick = {{june(15, 10), Kind::Inbound}, {june(15, 10, 10), Kind::Resolved}};
    const auto quickEvaluation = clock.evaluate(quick, june(15, 12));
    QCOMPARE(only(quickEvaluation, SlaTarget::FirstResponse).state, SlaState::Stopped);
    QCOMPARE(only(quickEvaluation, SlaTarget::Resolution).state, SlaState::Met);
    QCOMPARE(quickEvaluation.overallState(), std::optional(SlaState::Met));

    // Resolved at 11:30 without a reply, after the 11:00 due time: missed.
    const QList<SlaEvent> late = {{june(15, 10), Kind::Inbound}, {june(15, 11, 30), Kind::Resolved}};
    const auto lateEvaluation = clock.evaluate(late, june(15, 12));
    QCOMPARE(only(lateEvaluation, SlaTarget::FirstResponse).state, SlaState::Missed);
    QCOMPARE(lateEvaluation.overallState(), std::optional(SlaState::Missed));

    // "No reply needed" ends the response clock but not the resolution clock.
    const QList<SlaEvent> noReply = {{june(15, 10), Kind::Inbound}, {june(15, 10, 10), Kind::NoReplyNeeded}};
    const auto noReplyEvaluation = clock.evaluate(noReply, june(15, 12));
    QCOMPARE(only(noReplyEvaluation, SlaTarget::FirstResponse).state, SlaState::Stopped);
    QCOMPARE(only(noReplyEvaluation, SlaTarget::Resolution).state, SlaState::Running);
}

void TestSlaClock::eventsAfterNowAreIgnored()
{
    // Replaying history: at 10:30 the 10:45 response has not happened yet.
    const QList<SlaEvent> events = {{june(15, 10, 45), Kind::HumanResponse}, {june(15, 10), Kind::Inbound}};
    const SlaClock clock(policy(true, false), publishedHours());
    QCOMPARE(only(clock.evaluate(events, june(15, 10, 30)), SlaTarget::FirstResponse).state, SlaState::Running);
    // Later, the same (unsorted) events say met.
    QCOMPARE(only(clock.evaluate(events, june(15, 11)), SlaTarget::FirstResponse).state, SlaState::Met);
}

void TestSlaClock::recomputedAfterPolicyOrCalendarChange()
{
    const QList<SlaEvent> events = {{june(14, 21), Kind::Inbound}};
    const QDateTime now = june(15, 7, 30);
    const SlaClock before(policy(true, false), publishedHours());
    // Staffed 1 h: Monday 08:00 CEST = 06:00 UTC, still running at 07:30.
    QCOMPARE(only(before.evaluate(events, now), SlaTarget::FirstResponse).dueAt, utc(6, 15, 6));
    QCOMPARE(only(before.evaluate(events, now), SlaTarget::FirstResponse).state, SlaState::Running);

    // The lead tightens the policy to 15 min on the wall clock: due Sunday 21:15 CEST = 19:15 UTC.
    SlaPolicy tighter = policy(false, false);
    tighter.firstResponseSeconds = 15 * 60;
    const auto afterPolicy = only(SlaClock(tighter, publishedHours()).evaluate(events, now), SlaTarget::FirstResponse);
    QCOMPARE(afterPolicy.dueAt, utc(6, 14, 19, 15));
    QCOMPARE(afterPolicy.state, SlaState::RunningAlreadyMissed);

    // The lead moves Monday's opening to 09:00: due 10:00 CEST = 08:00 UTC.
    BusinessCalendar later = publishedHours();
    later.setHours(Qt::Monday, {BusinessCalendar::Range{QTime(9, 0), QTime(22, 0)}});
    const auto afterCalendar =
        only(SlaClock(policy(true, false), later).evaluate(events, now), SlaTarget::FirstResponse);
    QCOMPARE(afterCalendar.dueAt, utc(6, 15, 8));
}

void TestSlaClock::targetsLeftOutAreNotMeasured()
{
    const QList<SlaEvent> events = {{june(15, 10), Kind::Inbound}};
    const auto evaluation = SlaClock(SlaPolicy::defaultPolicy(), publishedHours()).evaluate(events, june(15, 10, 30));
    // The built-in default promises only a first response: one measurement, due 11:00 CEST.
    QCOMPARE(evaluation.measurements.size(), 1);
    QCOMPARE(evaluation.measurements.first().target, SlaTarget::FirstResponse);
    QCOMPARE(evaluation.measurements.first().dueAt, utc(6, 15, 9));
    // Nothing at all: no state.
    QCOMPARE(SlaClock(SlaPolicy::defaultPolicy(), publishedHours()).evaluate({}, june(15, 10)).overallState(),
             std::optional<SlaState>());
}

void TestSlaClock::injectableClock()
{
    const QList<SlaEvent> events = {{june(15, 10), Kind::Inbound}};
    const SlaClock clock(policy(true, false), publishedHours());
    ManualClock manual(june(15, 10, 30));
    QCOMPARE(manual.now(), utc(6, 15, 8, 30));
    QCOMPARE(only(clock.evaluate(events, manual), SlaTarget::FirstResponse).state, SlaState::Running);
    manual.advance(45 * 60); // 11:15, past the 11:00 due time
    QCOMPARE(only(clock.evaluate(events, manual), SlaTarget::FirstResponse).state, SlaState::RunningAlreadyMissed);
    manual.set(june(15, 10, 59));
    QCOMPARE(only(clock.evaluate(events, manual), SlaTarget::FirstResponse).state, SlaState::Running);

    const SystemClock system;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    QVERIFY(system.now() >= before);
    QCOMPARE(system.now().timeSpec(), Qt::UTC);
}

void TestSlaClock::policySelection()
{
    auto make = [](const QString &name, std::optional<Platform> platform, std::optional<Priority> priority,
                   const QString &tag) {
        SlaPolicy p;
        p.name = name;
        p.platform = platform;
        p.priority = priority;
        p.tag = tag;
        p.firstResponseSeconds = 3600;
        return p;
    };
    const QList<SlaPolicy> policies = {
        make(QStringLiteral("Everything"), std::nullopt, std::nullopt, {}),
        make(QStringLiteral("Urgent"), std::nullopt, Priority::Urgent, {}),
        make(QStringLiteral("X urgent"), Platform::X, Priority::Urgent, {}),
        make(QStringLiteral("Refunds"), std::nullopt, std::nullopt, QStringLiteral("refund")),
        make(QStringLiteral("Facebook"), Platform::Facebook, std::nullopt, {}),
    };
    const auto pick = [&](Platform platform, Priority priority, const QStringList &tags) {
        return SlaPolicy::select(policies, platform, priority, tags).name;
    };
    QCOMPARE(pick(Platform::Email, Priority::Normal, {}), QStringLiteral("Everything"));
    QCOMPARE(pick(Platform::Email, Priority::Urgent, {}), QStringLiteral("Urgent"));
    QCOMPARE(pick(Platform::X, Priority::Urgent, {}), QStringLiteral("X urgent")); // two criteria beat one
    QCOMPARE(pick(Platform::Bluesky, Priority::Low, {QStringLiteral("Refund")}), QStringLiteral("Refunds"));
    // Refunds and Facebook are equally specific: the earlier in the list wins.
    QCOMPARE(pick(Platform::Facebook, Priority::Normal, {QStringLiteral("refund")}), QStringLiteral("Refunds"));
    QCOMPARE(pick(Platform::X, Priority::Urgent, {QStringLiteral("refund")}), QStringLiteral("X urgent"));

    // With nothing matching, the built-in default: one hour to first response.
    const QList<SlaPolicy> narrow = {make(QStringLiteral("Urgent"), std::nullopt, Priority::Urgent, {})};
    const SlaPolicy fallback = SlaPolicy::select(narrow, Platform::X, Priority::Normal, {});
    QCOMPARE(fallback, SlaPolicy::defaultPolicy());
    QCOMPARE(fallback.firstResponseSeconds, std::optional<qint64>(3600));
    QVERIFY(!fallback.nextResponseSeconds);
    QVERIFY(fallback.countStaffedHoursOnly);
}

void TestSlaClock::policyJsonRoundTrip()
{
    SlaPolicy p = policy(false, true);
    p.platform = Platform::Mastodon;
    p.tag = QStringLiteral("lost-luggage");
    p.nextResponseSeconds = 90; // 1.5 min: written as a fraction, read back exactly
    const auto again = SlaPolicy::fromJson(p.toJson());
    QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().fullText()));
    QCOMPARE(again.value(), p);

    const auto list = SlaPolicy::listFromJson(SlaPolicy::listToJson({p, SlaPolicy::defaultPolicy()}));
    QVERIFY(list.ok());
    QCOMPARE(list.value().size(), 2);
    QCOMPARE(list.value().at(0), p);
    QCOMPARE(list.value().at(1), SlaPolicy::defaultPolicy());
}

void TestSlaClock::policyJsonErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("mentioned");
    QTest::newRow("not json") << QByteArray("{\"policies\": [") << QStringLiteral("JSON");
    QTest::newRow("no list") << QByteArray(R"({"policy": []})") << QStringLiteral("policies");
    QTest::newRow("no name") << QByteArray(R"({"policies": [{"first_response_minutes": 60}]})")
                             << QStringLiteral("SLA policy 1");
    QTest::newRow("unknown platform")
        << QByteArray(R"({"policies": [{"name": "A"}, {"name": "B", "match": {"platform": "myspace"}}]})")
        << QStringLiteral("myspace");
    QTest::newRow("unknown priority") << QByteArray(R"({"policies": [{"name": "A", "match": {"priority": "asap"}}]})")
                                      << QStringLiteral("asap");
    QTest::newRow("negative target") << QByteArray(R"({"policies": [{"name": "A", "first_response_minutes": -5}]})")
                                     << QStringLiteral("first_response_minutes");
    QTest::newRow("text target") << QByteArray(R"({"policies": [{"name": "A", "resolution_minutes": "1 day"}]})")
                                 << QStringLiteral("resolution_minutes");
    QTest::newRow("counting") << QByteArray(R"({"policies": [{"name": "A", "counting": "business"}]})")
                              << QStringLiteral("business");
    QTest::newRow("typo") << QByteArray(R"({"policies": [{"name": "A", "pause_when_pending": true}]})")
                          << QStringLiteral("pause_when_pending");
}

void TestSlaClock::policyJsonErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, mentioned);
    const auto result = SlaPolicy::listFromJson(text);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Error::Code::InvalidInput);
    QVERIFY2(result.error().message.contains(mentioned), qPrintable(result.error().message));
}

void TestSlaClock::defaultPoliciesResource()
{
    const QString path = QFINDTESTDATA("../../resources/sla/default-policies.json");
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    const auto policies = SlaPolicy::listFromJson(file.readAll());
    QVERIFY2(policies.ok(), qPrintable(policies.ok() ? QString() : policies.error().fullText()));
    QCOMPARE(policies.value().size(), 2);

    const SlaPolicy &normal = policies.value().at(0);
    QCOMPARE(normal.specificity(), 0);
    QCOMPARE(normal.firstResponseSeconds, std::optional<qint64>(3600));
    QCOMPARE(normal.nextResponseSeconds, std::optional<qint64>(3600));
    QCOMPARE(normal.resolutionSeconds, std::optional<qint64>(24 * 3600));
    QVERIFY(normal.countStaffedHoursOnly);
    QVERIFY(normal.pauseWhilePending);

    const SlaPolicy &urgent = policies.value().at(1);
    QCOMPARE(urgent.priority, std::optional(Priority::Urgent));
    QCOMPARE(urgent.firstResponseSeconds, std::optional<qint64>(15 * 60));
    QVERIFY(!urgent.countStaffedHoursOnly);

    QCOMPARE(SlaPolicy::select(policies.value(), Platform::X, Priority::Urgent, {}).name, QStringLiteral("Urgent"));
    QCOMPARE(SlaPolicy::select(policies.value(), Platform::X, Priority::High, {}).name, QStringLiteral("Default"));
}

QTEST_GUILESS_MAIN(TestSlaClock)
#include "tst_slaclock.moc"
