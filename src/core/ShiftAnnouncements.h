#pragma once

#include "core/BusinessCalendar.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

namespace Care::Core {

// "We're here until 18:00" when the team comes on duty, "we're back tomorrow at 08:00" when
// it goes off: posts planned from the team calendar, with the times filled in from it in the
// account's language (English where no translation exists).
//
// Each planned post expires when it stops being true — an opening post when the shift ends, a
// closing post when the team is back — so a console that was offline at posting time never
// publishes a stale one.
class ShiftAnnouncements
{
public:
    enum class Kind { Opening, Closing };

    struct Planned
    {
        Kind kind = Kind::Opening;
        QDateTime postAt;    // UTC: the opening or closing instant
        QDateTime expiresAt; // UTC: when the text stops being true
        QString language;
        QString body;
    };

    // Templates by language: {"en": {"opening": "… {until} …", "closing": "… {back} …"}, …}.
    // An opening text must say until when ({until}), a closing text when the team is back
    // ({back}); English is required. Keys starting with "_" are comments.
    static Result<ShiftAnnouncements> fromJson(const QByteArray &json);

    QStringList languages() const { return m_templates.keys(); }
    QString templateText(Kind kind, const QString &language) const;

    // Every opening and closing in [from, to), in order, as the posts to make.
    QList<Planned> plan(const BusinessCalendar &calendar, const QString &language, const QDateTime &from,
                        const QDateTime &to, bool openings = true, bool closings = true) const;

    // One post's text for the moment `at` (an opening or a closing); empty when the calendar
    // does not give the time it needs (a 24/7 team never closes).
    QString compose(const BusinessCalendar &calendar, Kind kind, const QString &language, const QDateTime &at) const;

    static QString kindId(Kind kind); // "opening", "closing"

private:
    struct Texts
    {
        QString opening;
        QString closing;
    };
    QMap<QString, Texts> m_templates;
};

} // namespace Care::Core
