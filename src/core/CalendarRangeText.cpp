#include "core/CalendarRangeText.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace Care::Core {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::CalendarRangeText)
};

// "8", "08", "8:30", "08:30"; 24:00 only as an end.
std::optional<QTime> timeFromText(const QString &text, bool isEnd)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,2})(?:[:.](\\d{2}))?$"));
    const auto match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const int hours = match.captured(1).toInt();
    const int minutes = match.capturedLength(2) > 0 ? match.captured(2).toInt() : 0;
    if (isEnd && hours == 24 && minutes == 0)
        return QTime(0, 0);
    if (hours > 23 || minutes > 59)
        return std::nullopt;
    return QTime(hours, minutes);
}

QString timeToText(QTime time, bool isEnd)
{
    if (isEnd && time == QTime(0, 0))
        return QStringLiteral("24:00");
    return time.toString(time.second() == 0 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
}

} // namespace

Result<QList<BusinessCalendar::Range>> rangesFromText(const QString &text)
{
    QList<BusinessCalendar::Range> ranges;
    static const QRegularExpression rangeSeparator(QStringLiteral("[,;]"));
    static const QRegularExpression timeSeparator(QStringLiteral("\\s*(?:-|–|—|\\bto\\b)\\s*"));
    for (const QString &part : text.split(rangeSeparator)) {
        const QString piece = part.trimmed();
        if (piece.isEmpty())
            continue;
        const QStringList times = piece.split(timeSeparator);
        if (times.size() != 2)
            return Error::make(Error::Code::InvalidInput, Strings::tr("“%1” is not a range of times.").arg(piece),
                               Strings::tr("Write start–end, e.g. 08:00–12:00; several ranges separated by commas."));
        const auto start = timeFromText(times.at(0), false);
        const auto end = timeFromText(times.at(1), true);
        if (!start || !end)
            return Error::make(Error::Code::InvalidInput,
                               Strings::tr("“%1” is not a time of day.").arg((start ? times.at(1) : times.at(0)).trimmed()),
                               Strings::tr("Write HH:MM from 00:00 to 23:59; a range may end at 24:00."));
        if (*start == *end && *start != QTime(0, 0))
            return Error::make(Error::Code::InvalidInput,
                               Strings::tr("“%1” starts and ends at the same time.").arg(piece),
                               Strings::tr("For a whole day write 00:00–24:00."));
        ranges.append(BusinessCalendar::Range{*start, *end});
    }
    return ranges;
}

QString rangesToText(const QList<BusinessCalendar::Range> &ranges)
{
    QStringList parts;
    for (const BusinessCalendar::Range &range : ranges)
        parts << timeToText(range.start, false) + QStringLiteral("–") + timeToText(range.end, true);
    return parts.join(QStringLiteral(", "));
}

} // namespace Care::Core
