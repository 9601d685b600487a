#include "core/Roster.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Care::Core {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::Roster)
};

} // namespace

Roster::Roster(const BusinessCalendar &team)
    : m_team(team)
{
}

BusinessCalendar Roster::calendarOf(const QString &agentId) const
{
    return m_agents.value(agentId, BusinessCalendar(m_team.timeZone()));
}

void Roster::setShifts(const QString &agentId, const QMap<Qt::DayOfWeek, QList<BusinessCalendar::Range>> &week)
{
    bool any = false;
    BusinessCalendar calendar(m_team.timeZone());
    for (auto it = week.cbegin(); it != week.cend(); ++it) {
        calendar.setHours(it.key(), it.value());
        any = any || !it.value().isEmpty();
    }
    for (const auto &closure : m_team.closures())
        calendar.addClosure(closure.date, closure.name);
    if (any)
        m_agents.insert(agentId, calendar);
    else
        m_agents.remove(agentId);
}

QList<BusinessCalendar::Range> Roster::shifts(const QString &agentId, Qt::DayOfWeek day) const
{
    return m_agents.contains(agentId) ? m_agents.value(agentId).hours(day) : QList<BusinessCalendar::Range>();
}

bool Roster::isOnDuty(const QString &agentId, const QDateTime &now) const
{
    return m_agents.contains(agentId) && m_agents.value(agentId).isOpen(now);
}

QList<Roster::Entry> Roster::status(const QList<Agent> &agents, const QDateTime &now) const
{
    QList<Entry> entries;
    for (const Agent &agent : agents) {
        Entry entry;
        entry.agent = agent;
        entry.rostered = m_agents.contains(agent.id);
        if (entry.rostered) {
            const BusinessCalendar calendar = calendarOf(agent.id);
            entry.onDuty = calendar.isOpen(now);
            if (entry.onDuty)
                entry.until = calendar.currentClosing(now);
            else
                entry.nextShift = calendar.nextOpening(now);
        }
        entries << entry;
    }
    const auto rank = [](const Entry &e) { return e.onDuty ? 0 : e.rostered ? 1 : 2; };
    const auto key = [](const Entry &e) {
        const auto &when = e.onDuty ? e.until : e.nextShift;
        return when ? when->toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
    };
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry &a, const Entry &b) {
        if (rank(a) != rank(b))
            return rank(a) < rank(b);
        if (key(a) != key(b))
            return key(a) < key(b);
        return a.agent.name.localeAwareCompare(b.agent.name) < 0;
    });
    return entries;
}

QByteArray Roster::toJson() const
{
    QJsonObject agents;
    for (auto it = m_agents.cbegin(); it != m_agents.cend(); ++it)
        agents.insert(it.key(), it.value().toJson().value(QStringLiteral("hours")));
    return QJsonDocument(QJsonObject{{QStringLiteral("agents"), agents}}).toJson(QJsonDocument::Compact);
}

Result<Roster> Roster::fromJson(const QByteArray &json, const BusinessCalendar &team)
{
    Roster roster(team);
    if (json.trimmed().isEmpty())
        return roster;
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        return Error::make(Error::Code::InvalidInput, Strings::tr("The roster is not valid JSON."));
    const QJsonObject agents = document.object().value(QStringLiteral("agents")).toObject();
    for (auto it = agents.constBegin(); it != agents.constEnd(); ++it) {
        // Each agent's week is read as a calendar in the team's zone, with the same checks.
        auto calendar = BusinessCalendar::fromJson(QJsonObject{
            {QStringLiteral("time_zone"), QString::fromUtf8(team.timeZone().id())},
            {QStringLiteral("hours"), it.value()},
        });
        if (!calendar)
            return Error::make(Error::Code::InvalidInput,
                               Strings::tr("The shifts of %1: %2").arg(it.key(), calendar.error().message),
                               calendar.error().hint);
        QMap<Qt::DayOfWeek, QList<BusinessCalendar::Range>> week;
        for (int day = Qt::Monday; day <= Qt::Sunday; ++day)
            week.insert(static_cast<Qt::DayOfWeek>(day), calendar->hours(static_cast<Qt::DayOfWeek>(day)));
        roster.setShifts(it.key(), week);
    }
    return roster;
}

} // namespace Care::Core
