#pragma once

#include "core/Agent.h"
#include "core/BusinessCalendar.h"
#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <optional>

namespace Care::Core {

// Who is on duty: each agent's weekly shifts in the team's time zone (split and overnight
// shifts as in the team calendar), with the team's closures applying to everyone. An agent
// without shifts is not on the roster: the console then knows nothing about their hours and
// treats them as always available for notifications.
class Roster
{
public:
    struct Entry
    {
        Agent agent;
        bool rostered = false; // has shifts
        bool onDuty = false;
        std::optional<QDateTime> until;     // on duty: when the current shift ends
        std::optional<QDateTime> nextShift; // off duty: when the next one starts
    };

    explicit Roster(const BusinessCalendar &team = BusinessCalendar());

    void setShifts(const QString &agentId, const QMap<Qt::DayOfWeek, QList<BusinessCalendar::Range>> &week);
    QList<BusinessCalendar::Range> shifts(const QString &agentId, Qt::DayOfWeek day) const;
    bool isRostered(const QString &agentId) const { return m_agents.contains(agentId); }
    QStringList agentIds() const { return m_agents.keys(); }

    bool isOnDuty(const QString &agentId, const QDateTime &now) const;
    // The agents in the roster's order: on duty first (by when they go off), then by next shift,
    // then those without shifts.
    QList<Entry> status(const QList<Agent> &agents, const QDateTime &now) const;

    // {"agents": {"aisha": {"mon": [["07:00", "15:00"]], "fri": [["22:00", "02:00"]]}}}
    QByteArray toJson() const;
    static Result<Roster> fromJson(const QByteArray &json, const BusinessCalendar &team);

private:
    BusinessCalendar calendarOf(const QString &agentId) const;

    BusinessCalendar m_team;
    QMap<QString, BusinessCalendar> m_agents;
};

} // namespace Care::Core
