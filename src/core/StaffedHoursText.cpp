#include "core/StaffedHoursText.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>

namespace Care::Core {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::StaffedHoursText)
};

QString dayName(int day)
{
    return QLocale::c().dayName(day, QLocale::ShortFormat);
}

QString hoursText(const QList<BusinessCalendar::Range> &ranges)
{
    QStringList parts;
    for (const BusinessCalendar::Range &range : ranges) {
        const QString end = range.end == QTime(0, 0) ? QStringLiteral("24:00") : range.end.toString(QStringLiteral("HH:mm"));
        parts << range.start.toString(QStringLiteral("HH:mm")) + QChar(0x2013) + end;
    }
    return parts.join(QStringLiteral(" & "));
}

} // namespace

QString staffedHoursLine(const BusinessCalendar &calendar)
{
    const QString zone = QString::fromUtf8(calendar.timeZone().id());
    if (calendar.isAlwaysOpen())
        return Strings::tr("We answer around the clock.");
    QStringList groups;
    int day = Qt::Monday;
    while (day <= Qt::Sunday) {
        const QList<BusinessCalendar::Range> hours = calendar.hours(Qt::DayOfWeek(day));
        int last = day;
        while (last + 1 <= Qt::Sunday && calendar.hours(Qt::DayOfWeek(last + 1)) == hours)
            ++last;
        if (!hours.isEmpty()) {
            const QString days = last == day ? dayName(day) : QString(dayName(day) + QChar(0x2013) + dayName(last));
            groups << days + QLatin1Char(' ') + hoursText(hours);
        }
        day = last + 1;
    }
    if (groups.isEmpty())
        return Strings::tr("No staffed hours are set.");
    return Strings::tr("We answer %1 (%2).").arg(groups.join(QStringLiteral(", ")), zone);
}

} // namespace Care::Core
