#include "core/ScheduledPost.h"

#include <QCoreApplication>

namespace Care::Core {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::ScheduledPost)
};

struct StateName
{
    ScheduledPost::State state;
    const char *id;
};

constexpr StateName kStates[] = {
    {ScheduledPost::State::Scheduled, "scheduled"}, {ScheduledPost::State::Sending, "sending"},
    {ScheduledPost::State::Sent, "sent"},           {ScheduledPost::State::Failed, "failed"},
    {ScheduledPost::State::Cancelled, "cancelled"}, {ScheduledPost::State::Expired, "expired"},
};

} // namespace

QString ScheduledPost::stateId(State state)
{
    for (const StateName &name : kStates) {
        if (name.state == state)
            return QLatin1String(name.id);
    }
    return QStringLiteral("scheduled");
}

std::optional<ScheduledPost::State> ScheduledPost::stateFromId(const QString &id)
{
    for (const StateName &name : kStates) {
        if (id == QLatin1String(name.id))
            return name.state;
    }
    return std::nullopt;
}

QString ScheduledPost::stateDisplayName(State state)
{
    switch (state) {
    case State::Scheduled: return Strings::tr("Scheduled");
    case State::Sending: return Strings::tr("Sending");
    case State::Sent: return Strings::tr("Posted");
    case State::Failed: return Strings::tr("Failed");
    case State::Cancelled: return Strings::tr("Cancelled");
    case State::Expired: return Strings::tr("Expired (not posted)");
    }
    return {};
}

} // namespace Care::Core
