#include "core/BusinessCalendar.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QHash>
#include <QJsonValue>
#include <QMutex>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace Care::Core {

namespace {

constexpr qint64 kSecondMs = 1000;
constexpr qint64 kDayMs = 24 * 60 * 60 * kSecondMs;
// Searches walk forward a week at a time: one call to the zone per range and day, merged once.
constexpr qint64 kWindowMs = 7 * kDayMs;

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::BusinessCalendar)
};

const std::array<QLatin1String, 7> &weekdayKeys()
{
    static const std::array<QLatin1String, 7> keys = {
        QLatin1String("mon"), QLatin1String("tue"), QLatin1String("wed"), QLatin1String("thu"),
        QLatin1String("fri"), QLatin1String("sat"), QLatin1String("sun"),
    };
    return keys;
}

int weekdayFromKey(const QString &key)
{
    const auto &keys = weekdayKeys();
    for (int i = 0; i < 7; ++i) {
        if (key == keys[static_cast<size_t>(i)])
            return i + 1;
    }
    return 0;
}

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

Error invalid(const QString &message, const QString &hint = {})
{
    return Error::make(Error::Code::InvalidInput, message, hint);
}

// "07:30", "7:30" or "07:30:15"; "24:00" only where a range ends (it means midnight).
std::optional<QTime> parseTime(const QString &text, bool isEnd)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,2}):(\\d{2})(?::(\\d{2}))?$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int hours = match.captured(1).toInt();
    const int minutes = match.captured(2).toInt();
    const int seconds = match.capturedLength(3) > 0 ? match.captured(3).toInt() : 0;
    if (isEnd && hours == 24 && minutes == 0 && seconds == 0)
        return QTime(0, 0);
    if (hours > 23 || minutes > 59 || seconds > 59)
        return std::nullopt;
    return QTime(hours, minutes, seconds);
}

QString formatTime(QTime time, bool isEnd)
{
    if (isEnd && time == QTime(0, 0))
        return QStringLiteral("24:00");
    return time.toString(time.second() == 0 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
}

QJsonArray rangesToJson(const QList<BusinessCalendar::Range> &ranges)
{
    QJsonArray json;
    for (const BusinessCalendar::Range &range : ranges)
        json.append(QJsonArray{formatTime(range.start, false), formatTime(range.end, true)});
    return json;
}

// `where` names the day in messages: "mon", or a special day's date.
Result<QList<BusinessCalendar::Range>> rangesFromJson(const QJsonArray &array, const QString &where)
{
    QList<BusinessCalendar::Range> ranges;
    for (const QJsonValue &rangeValue : array) {
        const QJsonArray times = rangeValue.toArray();
        if (!rangeValue.isArray() || times.size() != 2 || !times.at(0).isString() || !times.at(1).isString())
            return invalid(Strings::tr("Each range of %1 must be a pair of times.").arg(where),
                           Strings::tr("For example [\"07:00\", \"22:00\"]; [\"22:00\", \"02:00\"] runs past midnight."));
        const QString startText = times.at(0).toString();
        const QString endText = times.at(1).toString();
        const auto start = parseTime(startText, false);
        const auto end = parseTime(endText, true);
        if (!start || !end)
            return invalid(Strings::tr("“%1” in the hours of %2 is not a time of day.").arg(start ? endText : startText, where),
                           Strings::tr("Write HH:MM from 00:00 to 23:59; a range may end at 24:00."));
        ranges.append(BusinessCalendar::Range{*start, *end});
    }
    return ranges;
}

} // namespace

struct BusinessCalendar::DayCache
{
    static constexpr qsizetype kMaxDays = 4096; // a decade of days: forgotten and started again beyond
    QMutex mutex;
    QHash<QDate, QList<Span>> days;
};

BusinessCalendar::BusinessCalendar()
    : m_zone(QTimeZone::utc())
    , m_dayCache(std::make_shared<DayCache>())
{
}

BusinessCalendar::BusinessCalendar(const QTimeZone &zone)
    : m_zone(zone)
    , m_dayCache(std::make_shared<DayCache>())
{
}

void BusinessCalendar::forgetSpans()
{
    m_dayCache = std::make_shared<DayCache>(); // copies made before keep theirs: still true for them
}

void BusinessCalendar::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    forgetSpans();
}

void BusinessCalendar::setAlwaysOpen(bool alwaysOpen)
{
    m_alwaysOpen = alwaysOpen;
    forgetSpans();
}

BusinessCalendar BusinessCalendar::twentyFourSeven(const QTimeZone &zone)
{
    BusinessCalendar calendar(zone);
    calendar.setAlwaysOpen(true);
    return calendar;
}

const QList<BusinessCalendar::Range> &BusinessCalendar::rangesOf(int dayOfWeek) const
{
    static const QList<Range> none;
    if (dayOfWeek < 1 || dayOfWeek > 7)
        return none;
    return m_hours[static_cast<size_t>(dayOfWeek - 1)];
}

QList<BusinessCalendar::Range> BusinessCalendar::hours(Qt::DayOfWeek day) const
{
    return rangesOf(day);
}

void BusinessCalendar::setHours(Qt::DayOfWeek day, const QList<Range> &ranges)
{
    if (day >= Qt::Monday && day <= Qt::Sunday)
        m_hours[static_cast<size_t>(day - 1)] = ranges;
    forgetSpans();
}

void BusinessCalendar::addRange(Qt::DayOfWeek day, QTime start, QTime end)
{
    if (day >= Qt::Monday && day <= Qt::Sunday)
        m_hours[static_cast<size_t>(day - 1)].append(Range{start, end});
    forgetSpans();
}

QList<BusinessCalendar::Closure> BusinessCalendar::closures() const
{
    QList<Closure> list;
    for (auto it = m_closures.cbegin(); it != m_closures.cend(); ++it)
        list.append(Closure{it.key(), it.value()});
    return list;
}

void BusinessCalendar::addClosure(QDate date, const QString &name)
{
    if (!date.isValid())
        return;
    m_special.remove(date);
    m_closures.insert(date, name);
    forgetSpans();
}

QList<BusinessCalendar::SpecialDay> BusinessCalendar::specialDays() const
{
    QList<SpecialDay> list;
    for (auto it = m_special.cbegin(); it != m_special.cend(); ++it)
        list.append(SpecialDay{it.key(), it->name, it->ranges});
    return list;
}

void BusinessCalendar::setSpecialDay(const SpecialDay &day)
{
    if (!day.date.isValid())
        return;
    m_closures.remove(day.date);
    m_special.insert(day.date, Special{day.name, day.ranges});
    forgetSpans();
}

void BusinessCalendar::removeSpecialDay(QDate date)
{
    m_special.remove(date);
    forgetSpans();
}

void BusinessCalendar::removeClosure(QDate date)
{
    m_closures.remove(date);
    forgetSpans();
}

bool BusinessCalendar::hasOpenTime() const
{
    if (m_alwaysOpen)
        return true;
    const auto anyValid = [](const QList<Range> &ranges) {
        return std::any_of(ranges.cbegin(), ranges.cend(), [](const Range &r) { return r.isValid(); });
    };
    return std::any_of(m_hours.cbegin(), m_hours.cend(), anyValid)
        || std::any_of(m_special.cbegin(), m_special.cend(), [&](const Special &s) { return anyValid(s.ranges); });
}

qint64 BusinessCalendar::toUtcMs(QDate date, QTime time) const
{
    // The local wall-clock reading, as if it were UTC; the real instant is that minus the offset
    // in force then. Around a transition two offsets are candidates: those of a day before and
    // a day after.
    const qint64 naive = QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
    const auto offsetAt = [this](qint64 ms) { return qint64(m_zone.offsetFromUtc(utcFromMs(ms))) * kSecondMs; };
    const qint64 offsetBefore = offsetAt(naive - kDayMs);
    const qint64 offsetAfter = offsetAt(naive + kDayMs);

    std::optional<qint64> instant;
    for (const qint64 offset : {offsetBefore, offsetAfter}) {
        const qint64 candidate = naive - offset;
        // Both fit when the clock shows this time twice: keep the first occurrence.
        if (offsetAt(candidate) == offset && (!instant || candidate < *instant))
            instant = candidate;
    }
    if (instant)
        return *instant;

    // Neither fits: the clock skips this time. It passes it at the jump, which lies between the
    // two candidates; find it to the second.
    qint64 low = naive - std::max(offsetBefore, offsetAfter); // still on the old offset
    qint64 high = naive - std::min(offsetBefore, offsetAfter);
    const qint64 oldOffset = offsetAt(low);
    if (offsetAt(high) == oldOffset) // more than one transition in two days: let Qt decide
        return QDateTime(date, time, m_zone).toMSecsSinceEpoch();
    while (high - low > kSecondMs) {
        const qint64 middle = low + (high - low) / 2;
        if (offsetAt(middle) == oldOffset)
            low = middle;
        else
            high = middle;
    }
    return high - high % kSecondMs;
}

QDate BusinessCalendar::localDate(qint64 ms) const
{
    return QDateTime::fromMSecsSinceEpoch(ms, m_zone).date();
}

void BusinessCalendar::appendSpansOfDay(QDate day, QList<Span> &spans) const
{
    if (!m_dayCache) { // moved from
        computeSpansOfDay(day, spans);
        return;
    }
    {
        QMutexLocker lock(&m_dayCache->mutex);
        if (const auto it = m_dayCache->days.constFind(day); it != m_dayCache->days.cend()) {
            spans += *it;
            return;
        }
    }
    QList<Span> own;
    computeSpansOfDay(day, own);
    spans += own;
    QMutexLocker lock(&m_dayCache->mutex);
    if (m_dayCache->days.size() >= DayCache::kMaxDays)
        m_dayCache->days.clear();
    m_dayCache->days.insert(day, own);
}

void BusinessCalendar::computeSpansOfDay(QDate day, QList<Span> &spans) const
{
    static const QList<Range> wholeDay = {Range{QTime(0, 0), QTime(0, 0)}};
    const auto special = m_special.constFind(day);
    const QList<Range> &ranges = special != m_special.cend() ? special->ranges
                                 : m_alwaysOpen              ? wholeDay
                                                             : rangesOf(day.dayOfWeek());
    const QDate nextDay = day.addDays(1);
    const QTime midnight(0, 0);

    const auto append = [&](QDate startDate, QTime start, QDate endDate, QTime end) {
        const qint64 startMs = toUtcMs(startDate, start);
        const qint64 endMs = toUtcMs(endDate, end);
        if (endMs > startMs) // a range inside a spring-forward gap has no real time
            spans.append(Span{startMs, endMs});
    };

    for (const Range &range : ranges) {
        if (!range.isValid())
            continue;
        if (!range.crossesMidnight()) {
            if (!isClosedOn(day))
                append(day, range.start, day, range.end);
            continue;
        }
        // Split at midnight so each part answers to its own date's closure.
        if (!isClosedOn(day))
            append(day, range.start, nextDay, midnight);
        if (range.end != midnight && !isClosedOn(nextDay))
            append(nextDay, midnight, nextDay, range.end);
    }
}

QList<BusinessCalendar::Span> BusinessCalendar::openSpans(qint64 fromMs, qint64 toMs) const
{
    if (fromMs >= toMs)
        return {};
    if (m_alwaysOpen && m_closures.isEmpty() && m_special.isEmpty())
        return {Span{fromMs, toMs}};

    // A range starts at most one local day before it ends, so the day before `from` is enough.
    QList<Span> spans;
    const QDate last = localDate(toMs);
    for (QDate day = localDate(fromMs).addDays(-1); day <= last; day = day.addDays(1))
        appendSpansOfDay(day, spans);
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.start < b.start; });

    // Overlapping or touching ranges are one stretch on duty: counted once, closing once.
    QList<Span> merged;
    for (const Span &span : std::as_const(spans)) {
        if (!merged.isEmpty() && span.start <= merged.last().end)
            merged.last().end = std::max(merged.last().end, span.end);
        else
            merged.append(span);
    }

    QList<Span> clipped;
    for (const Span &span : std::as_const(merged)) {
        const qint64 start = std::max(span.start, fromMs);
        const qint64 end = std::min(span.end, toMs);
        if (end > start)
            clipped.append(Span{start, end});
    }
    return clipped;
}

qint64 BusinessCalendar::searchLimitMs(qint64 fromMs) const
{
    // Past the last closure the weekly pattern repeats, so two weeks without a change means
    // there will never be one.
    QDate base = localDate(fromMs);
    if (!m_closures.isEmpty())
        base = std::max(base, m_closures.lastKey());
    if (!m_special.isEmpty())
        base = std::max(base, m_special.lastKey());
    return toUtcMs(base.addDays(15), QTime(0, 0));
}

bool BusinessCalendar::isOpen(const QDateTime &instant) const
{
    if (!instant.isValid())
        return false;
    const qint64 ms = instant.toMSecsSinceEpoch();
    return !openSpans(ms, ms + 1).isEmpty();
}

qint64 BusinessCalendar::staffedSecondsBetween(const QDateTime &from, const QDateTime &to) const
{
    if (!from.isValid() || !to.isValid())
        return 0;
    if (to.toMSecsSinceEpoch() < from.toMSecsSinceEpoch())
        return -staffedSecondsBetween(to, from);
    return staffedMillisecondsBetween(from, to) / kSecondMs;
}

qint64 BusinessCalendar::staffedMillisecondsBetween(const QDateTime &from, const QDateTime &to) const
{
    if (!from.isValid() || !to.isValid())
        return 0;
    const qint64 fromMs = from.toMSecsSinceEpoch();
    const qint64 toMs = to.toMSecsSinceEpoch();
    if (toMs < fromMs)
        return -staffedMillisecondsBetween(to, from);
    qint64 totalMs = 0;
    for (const Span &span : openSpans(fromMs, toMs))
        totalMs += span.end - span.start;
    return totalMs;
}

QDateTime BusinessCalendar::addStaffedSeconds(const QDateTime &from, qint64 seconds) const
{
    if (!from.isValid())
        return {};
    if (seconds <= 0)
        return from.toUTC();
    if (!hasOpenTime())
        return {};

    qint64 remainingMs = seconds * kSecondMs;
    qint64 cursor = from.toMSecsSinceEpoch();
    qint64 limit = searchLimitMs(cursor);
    for (;;) {
        const QList<Span> spans = openSpans(cursor, cursor + kWindowMs);
        for (const Span &span : spans) {
            const qint64 available = span.end - span.start;
            if (remainingMs <= available)
                return utcFromMs(span.start + remainingMs);
            remainingMs -= available;
        }
        if (!spans.isEmpty())
            limit = searchLimitMs(spans.last().end);
        cursor += kWindowMs;
        if (cursor > limit)
            return {};
    }
}

std::optional<QDateTime> BusinessCalendar::nextOpening(const QDateTime &instant) const
{
    if (!instant.isValid() || !hasOpenTime() || (m_alwaysOpen && m_closures.isEmpty() && m_special.isEmpty()))
        return std::nullopt;

    const qint64 ms = instant.toMSecsSinceEpoch();
    const qint64 limit = searchLimitMs(ms);
    // A span that starts where the last one ended only continues it (window edges cut spans).
    qint64 lastEnd = ms;
    for (qint64 cursor = ms; cursor <= limit; cursor += kWindowMs) {
        for (const Span &span : openSpans(cursor, cursor + kWindowMs)) {
            if (span.start > lastEnd)
                return utcFromMs(span.start);
            lastEnd = span.end;
        }
    }
    return std::nullopt;
}

std::optional<QDateTime> BusinessCalendar::currentClosing(const QDateTime &instant) const
{
    if (!isOpen(instant) || (m_alwaysOpen && m_closures.isEmpty() && m_special.isEmpty()))
        return std::nullopt;

    const qint64 ms = instant.toMSecsSinceEpoch();
    const qint64 limit = searchLimitMs(ms);
    for (qint64 cursor = ms; cursor <= limit; cursor += kWindowMs) {
        const QList<Span> spans = openSpans(cursor, cursor + kWindowMs);
        if (spans.isEmpty() || spans.first().start != cursor)
            return utcFromMs(cursor); // the stretch ended exactly at the window edge
        if (spans.first().end < cursor + kWindowMs)
            return utcFromMs(spans.first().end);
    }
    return std::nullopt;
}

QJsonObject BusinessCalendar::toJson() const
{
    QJsonObject hoursJson;
    for (int day = 1; day <= 7; ++day)
        hoursJson.insert(weekdayKeys()[static_cast<size_t>(day - 1)], rangesToJson(rangesOf(day)));
    QJsonArray closuresJson;
    for (auto it = m_closures.cbegin(); it != m_closures.cend(); ++it) {
        closuresJson.append(QJsonObject{
            {QStringLiteral("date"), it.key().toString(Qt::ISODate)},
            {QStringLiteral("name"), it.value()},
        });
    }
    QJsonObject json{
        {QStringLiteral("time_zone"), QString::fromUtf8(m_zone.id())},
        {QStringLiteral("always_open"), m_alwaysOpen},
        {QStringLiteral("hours"), hoursJson},
        {QStringLiteral("closures"), closuresJson},
    };
    if (!m_special.isEmpty()) { // left out when unused, so older consoles still read the file
        QJsonArray specialJson;
        for (auto it = m_special.cbegin(); it != m_special.cend(); ++it) {
            specialJson.append(QJsonObject{
                {QStringLiteral("date"), it.key().toString(Qt::ISODate)},
                {QStringLiteral("name"), it->name},
                {QStringLiteral("hours"), rangesToJson(it->ranges)},
            });
        }
        json.insert(QStringLiteral("special_hours"), specialJson);
    }
    return json;
}

Result<BusinessCalendar> BusinessCalendar::fromJson(const QJsonObject &json)
{
    static const QStringList knownKeys = {QStringLiteral("time_zone"), QStringLiteral("always_open"),
                                          QStringLiteral("hours"), QStringLiteral("closures"),
                                          QStringLiteral("special_hours")};
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        // Keys starting with "_" are comments: JSON has no other place for them.
        if (!knownKeys.contains(it.key()) && !it.key().startsWith(QLatin1Char('_')))
            return invalid(Strings::tr("The calendar has an unknown entry “%1”.").arg(it.key()),
                           Strings::tr("Known entries are time_zone, always_open, hours, closures and special_hours."));
    }

    const QJsonValue zoneValue = json.value(QStringLiteral("time_zone"));
    if (!zoneValue.isString() || zoneValue.toString().isEmpty())
        return invalid(Strings::tr("The calendar has no time zone."), Strings::tr("Add \"time_zone\", e.g. \"Europe/Berlin\"."));
    const QString zoneId = zoneValue.toString();
    const QTimeZone zone(zoneId.toUtf8());
    if (!zone.isValid())
        return invalid(Strings::tr("Unknown time zone “%1”.").arg(zoneId),
                       Strings::tr("Use an IANA name such as Europe/Berlin. If the name is right, the system's "
                          "time-zone data (the tzdata package) is missing."));
    BusinessCalendar calendar(zone);

    const QJsonValue alwaysOpen = json.value(QStringLiteral("always_open"));
    if (!alwaysOpen.isUndefined() && !alwaysOpen.isBool())
        return invalid(Strings::tr("\"always_open\" must be true or false."));
    calendar.setAlwaysOpen(alwaysOpen.toBool(false));

    const QJsonValue hoursValue = json.value(QStringLiteral("hours"));
    if (!hoursValue.isUndefined() && !hoursValue.isObject())
        return invalid(Strings::tr("\"hours\" must map weekdays to lists of ranges."),
                       Strings::tr("For example {\"mon\": [[\"07:00\", \"22:00\"]]}."));
    const QJsonObject hoursJson = hoursValue.toObject();
    for (auto it = hoursJson.constBegin(); it != hoursJson.constEnd(); ++it) {
        const int day = weekdayFromKey(it.key());
        if (day == 0)
            return invalid(Strings::tr("Unknown weekday “%1” in the hours.").arg(it.key()),
                           Strings::tr("Use mon, tue, wed, thu, fri, sat or sun."));
        if (!it.value().isArray())
            return invalid(Strings::tr("The hours of %1 must be a list of ranges.").arg(it.key()),
                           Strings::tr("For example [[\"08:00\", \"12:00\"], [\"13:00\", \"20:00\"]]; [] means closed."));
        auto ranges = rangesFromJson(it.value().toArray(), it.key());
        if (!ranges)
            return ranges.error();
        calendar.setHours(static_cast<Qt::DayOfWeek>(day), ranges.value());
    }

    const QJsonValue closuresValue = json.value(QStringLiteral("closures"));
    if (!closuresValue.isUndefined() && !closuresValue.isArray())
        return invalid(Strings::tr("\"closures\" must be a list."),
                       Strings::tr("For example [{\"date\": \"2026-12-25\", \"name\": \"Christmas Day\"}]."));
    for (const QJsonValue &closureValue : closuresValue.toArray()) {
        const QJsonObject closure = closureValue.toObject();
        const QString dateText = closure.value(QStringLiteral("date")).toString();
        const QDate date = QDate::fromString(dateText, QStringLiteral("yyyy-MM-dd"));
        if (!closureValue.isObject() || !date.isValid())
            return invalid(Strings::tr("The closure date “%1” is not a date.").arg(dateText),
                           Strings::tr("Write dates as YYYY-MM-DD, e.g. 2026-12-25."));
        if (calendar.isClosedOn(date))
            return invalid(Strings::tr("The closure date %1 is listed twice.").arg(dateText));
        calendar.addClosure(date, closure.value(QStringLiteral("name")).toString());
    }

    const QJsonValue specialValue = json.value(QStringLiteral("special_hours"));
    if (!specialValue.isUndefined() && !specialValue.isArray())
        return invalid(Strings::tr("\"special_hours\" must be a list."),
                       Strings::tr("For example [{\"date\": \"2026-12-24\", \"name\": \"Christmas Eve\", "
                          "\"hours\": [[\"08:00\", \"14:00\"]]}]."));
    for (const QJsonValue &dayValue : specialValue.toArray()) {
        const QJsonObject day = dayValue.toObject();
        const QString dateText = day.value(QStringLiteral("date")).toString();
        const QDate date = QDate::fromString(dateText, QStringLiteral("yyyy-MM-dd"));
        if (!dayValue.isObject() || !date.isValid())
            return invalid(Strings::tr("The special-hours date “%1” is not a date.").arg(dateText),
                           Strings::tr("Write dates as YYYY-MM-DD, e.g. 2026-12-24."));
        if (calendar.isClosedOn(date) || calendar.hasSpecialHoursOn(date))
            return invalid(Strings::tr("The date %1 is listed twice among closures and special hours.").arg(dateText));
        if (!day.value(QStringLiteral("hours")).isArray())
            return invalid(Strings::tr("The special hours of %1 must be a list of ranges.").arg(dateText),
                           Strings::tr("For example [[\"08:00\", \"14:00\"]]; a day without hours is a closure."));
        auto ranges = rangesFromJson(day.value(QStringLiteral("hours")).toArray(), dateText);
        if (!ranges)
            return ranges.error();
        calendar.setSpecialDay(SpecialDay{date, day.value(QStringLiteral("name")).toString(), ranges.value()});
    }
    return calendar;
}

Result<BusinessCalendar> BusinessCalendar::fromJsonText(const QByteArray &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::make(Error::Code::InvalidInput, Strings::tr("The calendar is not valid JSON."),
                           Strings::tr("Check the file near character %1.").arg(parseError.offset), parseError.errorString());
    if (!document.isObject())
        return invalid(Strings::tr("The calendar must be a JSON object."));
    return fromJson(document.object());
}

bool operator==(const BusinessCalendar &a, const BusinessCalendar &b)
{
    return a.m_zone.id() == b.m_zone.id() && a.m_alwaysOpen == b.m_alwaysOpen && a.m_hours == b.m_hours
        && a.m_closures == b.m_closures && a.m_special == b.m_special;
}

} // namespace Care::Core
