#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>

namespace Care::Store {

class Database;

// The bundled demo workspace: customers, conversations, agents, canned replies and the
// default policy pack, with times relative to `now` so the clocks are live.
class DemoWorkspace
{
public:
    // Loads the workspace compiled into the application.
    static Core::Status load(Database &db, const QDateTime &now);
    // Loads a workspace from JSON (the bundled one, or a test's).
    static Core::Status loadJson(Database &db, const QByteArray &json, const QDateTime &now);
    // Loads the default policy pack compiled into the application.
    static Core::Status loadDefaultPolicies(Database &db);
};

} // namespace Care::Store
