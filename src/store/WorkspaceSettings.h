#pragma once

#include "core/BusinessCalendar.h"
#include "core/Result.h"
#include "core/SlaPolicy.h"

#include <QList>

namespace Care::Store {

class Database;

// The team's calendar and SLA policies. Stored in the workspace, so every console of a team
// uses the same; until a lead changes them, the bundled defaults apply.
class WorkspaceSettings
{
public:
    explicit WorkspaceSettings(Database &db) : m_db(db) {}

    Core::Result<Core::BusinessCalendar> calendar();
    Core::Result<QList<Core::SlaPolicy>> slaPolicies();
    // Saving recomputes the due times of every open conversation (the rules apply to history).
    Core::Status setCalendar(const Core::BusinessCalendar &calendar, const QString &editor);
    Core::Status setSlaPolicies(const QList<Core::SlaPolicy> &policies, const QString &editor);

    // What happens when a customer writes while nobody is on duty: "send" the acknowledgement
    // (the default), "propose" it to the next agent as a note, or "off".
    Core::Result<QString> acknowledgementMode();
    Core::Status setAcknowledgementMode(const QString &mode, const QString &editor);

    static Core::Result<Core::BusinessCalendar> defaultCalendar();
    static Core::Result<QList<Core::SlaPolicy>> defaultSlaPolicies();

private:
    Core::Result<QString> value(const QString &key);
    Core::Status setValue(const QString &key, const QString &value, const QString &editor);

    Database &m_db;
};

} // namespace Care::Store
