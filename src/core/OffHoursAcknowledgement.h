#pragma once

#include "core/BusinessCalendar.h"
#include "core/Result.h"

#include <QDateTime>
#include <QMap>
#include <QString>

namespace Care::Core {

// The message a customer gets when they write while nobody is on duty: when the team is back
// and how soon to expect an answer, in the customer's language where a translation exists
// (English otherwise). It sets expectations; it never counts as a response.
class OffHoursAcknowledgement
{
public:
    // Templates by language code, with {reopen} and {target}.
    static Result<OffHoursAcknowledgement> fromJson(const QByteArray &json);

    // The text for a message that arrived at `arrivedAt`, or nothing when the team is on duty
    // then (or never opens).
    std::optional<QString> compose(const BusinessCalendar &calendar, const QDateTime &arrivedAt,
                                   const QString &language, qint64 targetSeconds) const;

    // "Monday 07:00", "tomorrow 07:00"… in the language's words and the team's time zone.
    static QString describeReopening(const QDateTime &reopen, const QDateTime &arrivedAt, const QTimeZone &zone,
                                     const QString &language);
    static QString describeTarget(qint64 seconds, const QString &language);

private:
    QMap<QString, QString> m_templates;
};

} // namespace Care::Core
