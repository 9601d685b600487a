#include "core/OffHoursAcknowledgement.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <algorithm>

namespace Care::Core {

Result<OffHoursAcknowledgement> OffHoursAcknowledgement::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject())
        return Error::make(Error::Code::InvalidInput,
                           QCoreApplication::translate("Care::Core::OffHoursAcknowledgement",
                                                       "The acknowledgement templates are not valid JSON: %1")
                               .arg(parseError.errorString()));
    OffHoursAcknowledgement ack;
    const QJsonObject object = document.object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key().startsWith(QLatin1Char('_')))
            continue; // comments
        if (!it.value().isString() || !it.value().toString().contains(QLatin1String("{reopen}")))
            return Error::make(Error::Code::InvalidInput,
                               QCoreApplication::translate("Care::Core::OffHoursAcknowledgement",
                                                           "The acknowledgement for “%1” must be text that says "
                                                           "when the team is back ({reopen}).")
                                   .arg(it.key()));
        ack.m_templates.insert(it.key(), it.value().toString());
    }
    if (!ack.m_templates.contains(QStringLiteral("en")))
        return Error::make(Error::Code::InvalidInput,
                           QCoreApplication::translate("Care::Core::OffHoursAcknowledgement",
                                                       "The acknowledgement templates need an English one (en)."));
    return ack;
}

QString OffHoursAcknowledgement::describeReopening(const QDateTime &reopen, const QDateTime &arrivedAt,
                                                   const QTimeZone &zone, const QString &language)
{
    const QLocale locale(language);
    const QDateTime local = reopen.toTimeZone(zone);
    const QString time = locale.toString(local.time(), QStringLiteral("HH:mm"));
    const qint64 days = arrivedAt.toTimeZone(zone).date().daysTo(local.date());
    if (days == 0) {
        static const QMap<QString, QString> today{{QStringLiteral("en"), QStringLiteral("today at %1")},
                                                  {QStringLiteral("de"), QStringLiteral("heute um %1")},
                                                  {QStringLiteral("es"), QStringLiteral("hoy a las %1")},
                                                  {QStringLiteral("fr"), QStringLiteral("aujourd’hui à %1")}};
        return today.value(language, today.value(QStringLiteral("en"))).arg(time);
    }
    if (days == 1) {
        static const QMap<QString, QString> tomorrow{{QStringLiteral("en"), QStringLiteral("tomorrow at %1")},
                                                     {QStringLiteral("de"), QStringLiteral("morgen um %1")},
                                                     {QStringLiteral("es"), QStringLiteral("mañana a las %1")},
                                                     {QStringLiteral("fr"), QStringLiteral("demain à %1")}};
        return tomorrow.value(language, tomorrow.value(QStringLiteral("en"))).arg(time);
    }
    static const QMap<QString, QString> on{{QStringLiteral("en"), QStringLiteral("on %1 at %2")},
                                           {QStringLiteral("de"), QStringLiteral("am %1 um %2")},
                                           {QStringLiteral("es"), QStringLiteral("el %1 a las %2")},
                                           {QStringLiteral("fr"), QStringLiteral("%1 à %2")}};
    const QString day = days < 7 ? locale.dayName(local.date().dayOfWeek())
                                 : locale.toString(local.date(), QLocale::ShortFormat);
    return on.value(language, on.value(QStringLiteral("en"))).arg(day, time);
}

QString OffHoursAcknowledgement::describeTarget(qint64 seconds, const QString &language)
{
    const qint64 minutes = std::max<qint64>(1, seconds / 60);
    const bool hours = minutes % 60 == 0;
    static const QMap<QString, QString> inMinutes{{QStringLiteral("en"), QStringLiteral("%1 minutes")},
                                                  {QStringLiteral("de"), QStringLiteral("%1 Minuten")},
                                                  {QStringLiteral("es"), QStringLiteral("%1 minutos")},
                                                  {QStringLiteral("fr"), QStringLiteral("%1 minutes")}};
    if (!hours)
        return inMinutes.value(language, inMinutes.value(QStringLiteral("en"))).arg(minutes);
    const qint64 h = minutes / 60;
    static const QMap<QString, QPair<QString, QString>> oneOrMore{
        {QStringLiteral("en"), {QStringLiteral("an hour"), QStringLiteral("%1 hours")}},
        {QStringLiteral("de"), {QStringLiteral("einer Stunde"), QStringLiteral("%1 Stunden")}},
        {QStringLiteral("es"), {QStringLiteral("una hora"), QStringLiteral("%1 horas")}},
        {QStringLiteral("fr"), {QStringLiteral("une heure"), QStringLiteral("%1 heures")}}};
    const auto words = oneOrMore.value(language, oneOrMore.value(QStringLiteral("en")));
    return h == 1 ? words.first : words.second.arg(h);
}

std::optional<QString> OffHoursAcknowledgement::compose(const BusinessCalendar &calendar, const QDateTime &arrivedAt,
                                                        const QString &language, qint64 targetSeconds) const
{
    if (calendar.isOpen(arrivedAt))
        return std::nullopt;
    const auto reopen = calendar.nextOpening(arrivedAt);
    if (!reopen)
        return std::nullopt;
    const QString lang = m_templates.contains(language) ? language : QStringLiteral("en");
    QString text = m_templates.value(lang);
    text.replace(QLatin1String("{reopen}"), describeReopening(*reopen, arrivedAt, calendar.timeZone(), lang));
    text.replace(QLatin1String("{target}"), describeTarget(targetSeconds, lang));
    return text;
}

} // namespace Care::Core
