#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <optional>

namespace Care::Store {

class Database;

// Team mode's permissions, enforced by PostgreSQL itself (the console on an agent's machine
// can be modified, so it is not where rules are kept). Four group roles:
//
//   care_agent  works conversations: claims, replies, notes, tags, status, own drafts
//   care_lead   an agent who also edits policies, canned replies, service levels and triage
//   care_admin  a lead who also manages accounts and people
//   care_sync   the sync service: stores what the platforms send, delivers the outbox
//
// Each person has their own database login, a member of one of them; their agent id is the
// login name. Row-level security keeps drafts and presence per person and stops anyone
// writing a reply or an audit entry in a colleague's name. Nobody, the owner included, can
// delete a customer's message or change the audit log (triggers of schema version 10).
class TeamRoles
{
public:
    enum class Role { Agent, Lead, Admin, Sync };
    static QString roleId(Role role);
    static std::optional<Role> roleFromId(const QString &id);

    struct Member
    {
        QString login;
        Role role = Role::Agent;
    };

    explicit TeamRoles(Database &db) : m_db(db) {}

    // Creates the group roles (when missing), grants and row-level security. Idempotent; run
    // by the database's owner (who needs CREATEROLE) after the schema is migrated.
    Core::Status setUp();
    // Creates (or updates) a person's login with a password and one role, and their agent row.
    // An empty password keeps the login's current one.
    Core::Status addPerson(const QString &login, Role role, const QString &name, const QString &password);
    // The team role of the connected login, or nothing when this is no team database (SQLite,
    // or PostgreSQL without team roles, or the owner's own login).
    Core::Result<std::optional<Member>> whoAmI();
    // Every login with a team role, by name.
    Core::Result<QList<Member>> members();

private:
    Database &m_db;
};

} // namespace Care::Store
