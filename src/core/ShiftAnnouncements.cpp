#include "core/ShiftAnnouncements.h"

#include "core/OffHoursAcknowledgement.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace Care::Core {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::ShiftAnnouncements)
};

// A safety stop for plan(): a year of shifts at most.
constexpr int kMaxPlanned = 2 * 366 * 4;

QString zoneName(const BusinessCalendar &calendar)
{
    return QString::fromUtf8(calendar.timeZone().id());
}

} // namespace

QString ShiftAnnouncements::kindId(Kind kind)
{
    return kind == Kind::Opening ? QStringLiteral("opening") : QStringLiteral("closing");
}

Result<ShiftAnnouncements> ShiftAnnouncements::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject())
        return Error::make(Error::Code::InvalidInput,
                           Strings::tr("The shift announcements are not valid JSON: %1").arg(parseError.errorString()));
    ShiftAnnouncements announcements;
    const QJsonObject object = document.object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().startsWith(QLatin1Char('_')))
            continue;
        const QJsonObject texts = it.value().toObject();
        const QString opening = texts.value(QStringLiteral("opening")).toString();
        const QString closing = texts.value(QStringLiteral("closing")).toString();
        if (!opening.contains(QLatin1String("{until}")) || !closing.contains(QLatin1String("{back}")))
            return Error::make(Error::Code::InvalidInput,
                               Strings::tr("The shift announcements for “%1” need an opening text with {until} and a "
                                           "closing text with {back}.")
                                   .arg(it.key()));
        announcements.m_templates.insert(it.key(), Texts{opening, closing});
    }
    if (!announcements.m_templates.contains(QStringLiteral("en")))
        return Error::make(Error::Code::InvalidInput, Strings::tr("The shift announcements need English ones (en)."));
    return announcements;
}

QString ShiftAnnouncements::templateText(Kind kind, const QString &language) const
{
    const Texts texts = m_templates.value(language, m_templates.value(QStringLiteral("en")));
    return kind == Kind::Opening ? texts.opening : texts.closing;
}

QString ShiftAnnouncements::compose(const BusinessCalendar &calendar, Kind kind, const QString &language,
                                    const QDateTime &at) const
{
    const QString lang = m_templates.contains(language) ? language : QStringLiteral("en");
    QString text = templateText(kind, lang);
    if (kind == Kind::Opening) {
        const auto closing = calendar.currentClosing(at);
        if (!closing)
            return {};
        const QDateTime local = closing->toTimeZone(calendar.timeZone());
        // The same day: just the time ("until 18:00"); later: with the day ("until tomorrow at 02:00").
        const QString until = local.date() == at.toTimeZone(calendar.timeZone()).date()
                                  ? QLocale(lang).toString(local.time(), QStringLiteral("HH:mm"))
                                  : OffHoursAcknowledgement::describeReopening(*closing, at, calendar.timeZone(), lang);
        text.replace(QLatin1String("{until}"), until);
    } else {
        const auto back = calendar.nextOpening(at);
        if (!back)
            return {};
        text.replace(QLatin1String("{back}"), OffHoursAcknowledgement::describeReopening(*back, at, calendar.timeZone(), lang));
    }
    text.replace(QLatin1String("{zone}"), zoneName(calendar));
    return text;
}

QList<ShiftAnnouncements::Planned> ShiftAnnouncements::plan(const BusinessCalendar &calendar, const QString &language,
                                                             const QDateTime &from, const QDateTime &to, bool openings,
                                                             bool closings) const
{
    QList<Planned> planned;
    if (!from.isValid() || !to.isValid() || !calendar.hasOpenTime())
        return planned;
    const QString lang = m_templates.contains(language) ? language : QStringLiteral("en");
    // Walk the calendar's edges: while open, the next edge is the closing; while closed, the
    // next opening. An instant exactly on an edge counts as that edge.
    QDateTime cursor = from.toUTC();
    const auto add = [&](Kind kind, const QDateTime &at, const QDateTime &expires) {
        if (at < from || at >= to)
            return;
        if ((kind == Kind::Opening && !openings) || (kind == Kind::Closing && !closings))
            return;
        const QString body = compose(calendar, kind, lang, at);
        if (!body.isEmpty())
            planned.append(Planned{kind, at, expires, lang, body});
    };
    if (calendar.isOpen(cursor) && !calendar.isOpen(cursor.addMSecs(-1))) // `from` is an opening itself
        add(Kind::Opening, cursor, calendar.currentClosing(cursor).value_or(cursor.addDays(1)));
    while (cursor < to && planned.size() < kMaxPlanned) {
        if (calendar.isOpen(cursor)) {
            const auto closing = calendar.currentClosing(cursor);
            if (!closing)
                break; // never closes
            add(Kind::Closing, *closing, calendar.nextOpening(*closing).value_or(closing->addDays(1)));
            cursor = *closing;
        } else {
            const auto opening = calendar.nextOpening(cursor);
            if (!opening)
                break; // never opens again
            add(Kind::Opening, *opening, calendar.currentClosing(*opening).value_or(opening->addDays(1)));
            cursor = *opening;
        }
    }
    return planned;
}

} // namespace Care::Core
