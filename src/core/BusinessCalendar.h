#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QTime>
#include <QTimeZone>
#include <array>
#include <memory>
#include <optional>

namespace Care::Core {

// When the team is staffed: a time zone, local opening ranges per weekday (several a day for
// split shifts; a range whose end is not after its start runs past midnight into the next
// day), whole-day closures on local dates, or 24/7.
//
// Every instant in and out is absolute (any QDateTime; results are UTC). Local ranges are
// turned into real instants through the zone, one local day at a time, so a shift on a
// daylight-saving day is really an hour shorter or longer. Two rules make local times that
// the clock skips or shows twice exact:
//   - a time in a spring-forward gap (02:30 on 2026-03-29 in Berlin) means the instant the
//     clock jumps, because that is when the clock passes it;
//   - a time shown twice at fall-back (02:30 on 2026-10-25 in Berlin) means its first
//     occurrence.
// A closure closes its local calendar day from 00:00 to 24:00, so it also cuts the part of an
// overnight range that reaches into it (and the part of its own overnight range that spills
// into the next day stays open).
// A special-hours day (Christmas Eve 08:00–14:00) replaces its weekday's ranges on that local
// date with its own; like any day's, an overnight range of the day before still runs into it.
// A date is either closed or has special hours, never both (adding one removes the other).
// 24/7 replaces the weekly hours (they are kept, for switching back); closures and special
// days still apply.
//
// A calendar with no open time at all (no ranges, not 24/7) never opens: addStaffedSeconds()
// returns an invalid QDateTime and nextOpening() std::nullopt instead of searching forever.
// Searches also give up when nothing opens (or closes) for more than two weeks past the
// last closure, which only a calendar with no open time (or one open around the clock) can do.
class BusinessCalendar
{
public:
    struct Range
    {
        QTime start;
        QTime end; // not after start: ends on the next day (00:00 = midnight; start == end = 24 h)

        bool isValid() const { return start.isValid() && end.isValid(); }
        bool crossesMidnight() const { return end <= start; }
        friend bool operator==(const Range &a, const Range &b) { return a.start == b.start && a.end == b.end; }
        friend bool operator!=(const Range &a, const Range &b) { return !(a == b); }
    };

    struct Closure
    {
        QDate date; // local date in the calendar's zone
        QString name;
    };

    struct SpecialDay
    {
        QDate date; // local date in the calendar's zone
        QString name;
        QList<Range> ranges; // replace the weekday's ranges on that date
        friend bool operator==(const SpecialDay &a, const SpecialDay &b)
        {
            return a.date == b.date && a.name == b.name && a.ranges == b.ranges;
        }
    };

    // UTC, never open: a blank to fill in.
    BusinessCalendar();
    explicit BusinessCalendar(const QTimeZone &zone);
    static BusinessCalendar twentyFourSeven(const QTimeZone &zone);

    QTimeZone timeZone() const { return m_zone; }
    void setTimeZone(const QTimeZone &zone);

    bool isAlwaysOpen() const { return m_alwaysOpen; }
    void setAlwaysOpen(bool alwaysOpen);

    QList<Range> hours(Qt::DayOfWeek day) const;
    void setHours(Qt::DayOfWeek day, const QList<Range> &ranges);
    void addRange(Qt::DayOfWeek day, QTime start, QTime end);

    // Sorted by date.
    QList<Closure> closures() const;
    void addClosure(QDate date, const QString &name); // replaces a closure on the same date
    void removeClosure(QDate date);
    bool isClosedOn(QDate localDate) const { return m_closures.contains(localDate); }
    QString closureName(QDate localDate) const { return m_closures.value(localDate); }

    // Sorted by date.
    QList<SpecialDay> specialDays() const;
    void setSpecialDay(const SpecialDay &day); // replaces a closure or special day on the same date
    void removeSpecialDay(QDate date);
    bool hasSpecialHoursOn(QDate localDate) const { return m_special.contains(localDate); }

    // False when the calendar can never be open: no ranges on any weekday and not 24/7.
    bool hasOpenTime() const;

    bool isOpen(const QDateTime &instant) const;
    // Staffed time between two instants, exact to the second; negative when `to` is before
    // `from`, like QDateTime::secsTo().
    qint64 staffedSecondsBetween(const QDateTime &from, const QDateTime &to) const;
    // The same in milliseconds: exactly additive (a to b plus b to c is a to c), so a running
    // figure can be carried forward instead of measured again from its start.
    qint64 staffedMillisecondsBetween(const QDateTime &from, const QDateTime &to) const;
    // The instant at which `seconds` of staffed time have passed since `from` (a due time in
    // staffed-hours mode). 0 or less gives `from`. Invalid when the calendar never opens.
    QDateTime addStaffedSeconds(const QDateTime &from, qint64 seconds) const;
    // The next instant after `instant` at which the team comes on duty ("we're back at
    // 07:00"); while open, the opening after the current shift. std::nullopt for 24/7 or a
    // calendar with no open time.
    std::optional<QDateTime> nextOpening(const QDateTime &instant) const;
    // While open: when the current stretch of staffed time ends ("we're here until 22:00");
    // back-to-back ranges count as one stretch. std::nullopt when closed at `instant` or when
    // the team never goes off duty (24/7 without closures).
    std::optional<QDateTime> currentClosing(const QDateTime &instant) const;

    // The file form a lead edits, e.g.
    //   {"time_zone":"Europe/Berlin","always_open":false,
    //    "hours":{"mon":[["07:00","22:00"]],"fri":[["22:00","02:00"]]},
    //    "closures":[{"date":"2026-12-25","name":"Christmas Day"}],
    //    "special_hours":[{"date":"2026-12-24","name":"Christmas Eve","hours":[["08:00","14:00"]]}]}
    // A range ending at midnight is written "24:00". Unknown entries are errors (a typo should
    // not silently change the hours), except keys starting with "_", which are comments.
    QJsonObject toJson() const;
    static Result<BusinessCalendar> fromJson(const QJsonObject &json);
    static Result<BusinessCalendar> fromJsonText(const QByteArray &text);

    friend bool operator==(const BusinessCalendar &a, const BusinessCalendar &b);
    friend bool operator!=(const BusinessCalendar &a, const BusinessCalendar &b) { return !(a == b); }

private:
    struct Span // UTC milliseconds since the epoch, [start, end)
    {
        qint64 start = 0;
        qint64 end = 0;
    };

    QList<Span> openSpans(qint64 fromMs, qint64 toMs) const;
    // The open spans of one local day (with the part of an overnight range that runs into the
    // next day), from the day cache when it has them.
    void appendSpansOfDay(QDate day, QList<Span> &spans) const;
    void computeSpansOfDay(QDate day, QList<Span> &spans) const;
    // Every change to the hours, closures, special days or zone forgets the cached days.
    void forgetSpans();
    qint64 toUtcMs(QDate date, QTime time) const;
    QDate localDate(qint64 ms) const;
    qint64 searchLimitMs(qint64 fromMs) const;
    const QList<Range> &rangesOf(int dayOfWeek) const;

    QTimeZone m_zone;
    bool m_alwaysOpen = false;
    std::array<QList<Range>, 7> m_hours; // Monday first
    QMap<QDate, QString> m_closures;
    struct Special
    {
        QString name;
        QList<Range> ranges;
        friend bool operator==(const Special &a, const Special &b) { return a.name == b.name && a.ranges == b.ranges; }
    };
    QMap<QDate, Special> m_special;
    // The spans of the local days asked for so far: turning local ranges into instants through
    // the zone is the costly part of every SLA due time. Shared by copies (the same days give
    // the same spans) until one of them changes; guarded for use from several threads.
    struct DayCache;
    std::shared_ptr<DayCache> m_dayCache;
};

} // namespace Care::Core
