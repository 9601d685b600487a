#pragma once

#include <QString>

namespace Care::Core {

// A person on the care team. `id` is the login name, stable across renames.
struct Agent
{
    QString id;
    QString name;
    QString signature; // how replies are signed, e.g. the first name
    QString role;      // "agent", "lead" or "admin"
    QString team;      // the team the agent works in, e.g. "Billing" or "Night shift"; empty: none
};

} // namespace Care::Core
