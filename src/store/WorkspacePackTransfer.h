#pragma once

#include "core/Result.h"
#include "core/WorkspacePack.h"

#include <QList>
#include <QString>

namespace Care::Store {

class Database;

// Moves a workspace pack (Core::WorkspacePack) in and out of a store. Import is two steps: plan()
// says exactly what would change and changes nothing; apply() makes those changes in one
// transaction — all of them or, on any error, none. Import adds and updates; it never deletes a
// policy or reply that is not in the pack (the plan says which are kept).
class WorkspacePackTransfer
{
public:
    struct Change
    {
        enum class Kind { Add, Update, Replace, Keep };
        Kind kind = Kind::Add;
        QString section; // "policy", "reply", "sla", "calendar", "triage"
        QString name;    // slug, shortcode or the section
        QString detail;  // for the user: what changes
        QString text() const; // one line: "add policy refunds: Returns and refunds"
    };
    struct Plan
    {
        QList<Change> changes; // Add, Update and Replace first, then Keep
        int unchanged = 0;     // entries of the pack that are already exactly so
        bool changesSomething() const;
        QStringList lines() const; // the report: a line per change, then the unchanged count
    };

    explicit WorkspacePackTransfer(Database &db) : m_db(db) {}

    Core::Result<Core::WorkspacePack> exportPack(const QString &exportedBy);
    Core::Result<Plan> plan(const Core::WorkspacePack &pack);
    // Plans again inside the transaction, so what is applied is what the returned plan says.
    Core::Result<Plan> apply(const Core::WorkspacePack &pack, const QString &editor);

private:
    Core::Status planPolicies(const Core::WorkspacePack &pack, Plan &plan);
    Core::Status planReplies(const Core::WorkspacePack &pack, Plan &plan);
    Core::Status planSettings(const Core::WorkspacePack &pack, Plan &plan);

    Database &m_db;
};

} // namespace Care::Store
