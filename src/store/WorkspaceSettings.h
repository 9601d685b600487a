#pragma once

#include "core/BusinessCalendar.h"
#include "core/CrisisMode.h"
#include "core/Roster.h"
#include "core/Result.h"
#include "core/SlaPolicy.h"
#include "core/TriageRules.h"

#include <QByteArray>
#include <QList>

namespace Care::Store {

class Database;

// The team's calendar and SLA policies. Stored in the workspace, so every console of a team
// uses the same; until a lead changes them, the administrator's presets (Core::ManagedSettings:
// workspace/calendarFile, workspace/slaPoliciesFile) or else the bundled defaults apply. A preset
// the administrator locked is always used, and saving another is refused.
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

    // The triage rule documents, one JSON document per language (TriageRules), as a lead
    // wrote them; the bundled ones until a lead changes them. Saving checks every document and
    // that no language is defined twice, and the classifier uses them for the next message.
    // Saving the bundled documents (or an empty list) goes back to the defaults.
    Core::Result<QList<QByteArray>> triageRuleDocuments();
    Core::Status setTriageRuleDocuments(const QList<QByteArray> &documents, const QString &editor);
    Core::Result<Core::TriageRules> triageRules();
    static Core::Result<Core::TriageRules> rulesFromDocuments(const QList<QByteArray> &documents);

    // The incident a lead declared, if any (inactive when none); saved for every console.
    Core::Result<Core::CrisisMode> crisis();
    Core::Status setCrisis(const Core::CrisisMode &crisis, const QString &editor);

    // Who works when: each agent's weekly shifts in the team calendar's zone (its closures
    // apply to everyone). Empty until a lead fills it in.
    Core::Result<Core::Roster> roster();
    Core::Status setRoster(const Core::Roster &roster, const QString &editor);

    static Core::Result<Core::BusinessCalendar> defaultCalendar();
    static Core::Result<QList<QByteArray>> defaultTriageRuleDocuments();
    static Core::Result<QList<Core::SlaPolicy>> defaultSlaPolicies();

private:
    Core::Result<QString> value(const QString &key);
    Core::Status setValue(const QString &key, const QString &value, const QString &editor);

    Database &m_db;
};

} // namespace Care::Store
