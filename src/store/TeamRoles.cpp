#include "store/TeamRoles.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlQuery>

namespace Care::Store {

using Core::Error;

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::TeamRoles)
};

// The group roles, each created once per PostgreSQL cluster (roles are cluster-wide).
const char *const kCreateRoles[] = {
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'care_agent') THEN"
    " CREATE ROLE care_agent NOLOGIN; END IF; END $$",
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'care_lead') THEN"
    " CREATE ROLE care_lead NOLOGIN; END IF; END $$",
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'care_admin') THEN"
    " CREATE ROLE care_admin NOLOGIN; END IF; END $$",
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'care_sync') THEN"
    " CREATE ROLE care_sync NOLOGIN; END IF; END $$",
    // A lead can do what an agent can, an administrator what a lead can.
    "GRANT care_agent TO care_lead",
    "GRANT care_lead TO care_admin",
};

// What each role may write. Everyone reads everything (a team shares its history); nobody
// but the sync service deletes anything, and its deletes of messages are limited by trigger
// to our own read-back duplicates.
const char *const kGrants[] = {
    "GRANT USAGE ON SCHEMA public TO care_agent, care_sync",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO care_agent, care_sync",
    // Agents: conversations and everything written while working one.
    "GRANT INSERT, UPDATE ON conversations, messages, customers, customer_identities, outbox TO care_agent",
    "GRANT INSERT ON message_revisions, dispositions, conversation_events, audit_events TO care_agent",
    "GRANT INSERT, UPDATE, DELETE ON drafts, presence TO care_agent",
    "GRANT UPDATE (name, signature) ON agents TO care_agent",
    // Leads: the team's written rules, service levels, triage rules and announcements.
    "GRANT INSERT, UPDATE, DELETE ON policies, canned_replies, workspace_settings, scheduled_posts TO care_lead",
    "GRANT INSERT ON policy_revisions TO care_lead",
    "GRANT UPDATE (team) ON agents TO care_lead",
    // The dashboard's kept figures (schema v16): derived from the log and the rules a lead may
    // change anyway, and without them every lead's session reads every conversation's log again
    // (56 s at a million messages, holding the console's store worker).
    "GRANT INSERT, UPDATE, DELETE ON metrics_kept, metrics_kept_state TO care_lead",
    // Administrators: accounts and people.
    "GRANT INSERT, UPDATE ON agents, accounts TO care_admin",
    "GRANT INSERT, UPDATE, DELETE ON sync_cursors, account_status TO care_admin",
    // The sync service.
    "GRANT INSERT, UPDATE ON conversations, messages, customers, customer_identities, accounts, account_status,"
    " sync_cursors, outbox, scheduled_posts, message_revisions TO care_sync",
    "GRANT INSERT ON conversation_events, dispositions, audit_events TO care_sync",
    "GRANT DELETE ON messages, conversation_events, sync_cursors, account_status TO care_sync",
    // Nobody changes the audit log or the schema's version; revoked explicitly in case an
    // administrator granted more by hand.
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, schema_info FROM care_agent, care_lead, care_admin, care_sync",
};

// Row-level security where rows differ by person. The owner is not subject to it (the owner
// migrates and sets up); every team login is.
const char *const kRowSecurity[] = {
    "ALTER TABLE drafts ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS drafts_own ON drafts",
    "CREATE POLICY drafts_own ON drafts USING (agent_id = current_user) WITH CHECK (agent_id = current_user)",

    "ALTER TABLE presence ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS presence_read ON presence",
    "CREATE POLICY presence_read ON presence FOR SELECT USING (true)",
    "DROP POLICY IF EXISTS presence_own ON presence",
    "CREATE POLICY presence_own ON presence FOR ALL USING (agent_id = current_user) WITH CHECK (agent_id = current_user)",

    // A reply, a note or an audit entry is written in one's own name; only the sync service
    // writes what customers sent and what the platforms report.
    "ALTER TABLE messages ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS messages_read ON messages",
    "CREATE POLICY messages_read ON messages FOR SELECT USING (true)",
    "DROP POLICY IF EXISTS messages_insert ON messages",
    "CREATE POLICY messages_insert ON messages FOR INSERT WITH CHECK (agent_id = current_user"
    " OR pg_has_role(current_user, 'care_sync', 'MEMBER'))",
    "DROP POLICY IF EXISTS messages_update ON messages",
    "CREATE POLICY messages_update ON messages FOR UPDATE USING (true)",
    "DROP POLICY IF EXISTS messages_delete ON messages",
    "CREATE POLICY messages_delete ON messages FOR DELETE USING (true)",

    "ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS audit_read ON audit_events",
    "CREATE POLICY audit_read ON audit_events FOR SELECT USING (true)",
    "DROP POLICY IF EXISTS audit_insert ON audit_events",
    "CREATE POLICY audit_insert ON audit_events FOR INSERT WITH CHECK (actor = current_user"
    " OR pg_has_role(current_user, 'care_sync', 'MEMBER'))",

    // Agents edit their own name and signature (the grants limit the columns); leads set the
    // team of anyone, administrators everything.
    "ALTER TABLE agents ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS agents_read ON agents",
    "CREATE POLICY agents_read ON agents FOR SELECT USING (true)",
    "DROP POLICY IF EXISTS agents_update ON agents",
    "CREATE POLICY agents_update ON agents FOR UPDATE USING (id = current_user"
    " OR pg_has_role(current_user, 'care_lead', 'MEMBER'))",
    "DROP POLICY IF EXISTS agents_insert ON agents",
    "CREATE POLICY agents_insert ON agents FOR INSERT WITH CHECK (pg_has_role(current_user, 'care_admin', 'MEMBER'))",
};

Error notATeamDatabase()
{
    return Error::make(Error::Code::InvalidInput, Strings::tr("Team roles need a team database (PostgreSQL)."),
                       Strings::tr("Use --database postgresql://owner@host/care with the database owner's login."));
}

QString quotedLiteral(const QString &value)
{
    QString out = value;
    out.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

} // namespace

QString TeamRoles::roleId(Role role)
{
    switch (role) {
    case Role::Agent: return QStringLiteral("agent");
    case Role::Lead: return QStringLiteral("lead");
    case Role::Admin: return QStringLiteral("admin");
    case Role::Sync: return QStringLiteral("sync");
    }
    return {};
}

std::optional<TeamRoles::Role> TeamRoles::roleFromId(const QString &id)
{
    for (Role role : {Role::Agent, Role::Lead, Role::Admin, Role::Sync}) {
        if (roleId(role) == id)
            return role;
    }
    return std::nullopt;
}

Core::Status TeamRoles::setUp()
{
    if (!m_db.isPostgres())
        return notATeamDatabase();
    // Roles are cluster-wide and outside transactions' reach for other sessions; each
    // statement is idempotent, so a repeated or interrupted set-up is harmless.
    for (const char *sql : kCreateRoles) {
        if (Core::Status s = m_db.exec(QString::fromLatin1(sql)); !s)
            return s;
    }
    return m_db.transaction([&]() -> Core::Status {
        QStringList statements;
        for (const char *sql : kGrants)
            statements << QString::fromLatin1(sql);
        for (const char *sql : kRowSecurity)
            statements << QString::fromLatin1(sql);
        for (const QString &sql : std::as_const(statements)) {
            if (Core::Status s = m_db.exec(sql); !s)
                return s;
        }
        return {};
    });
}

Core::Status TeamRoles::addPerson(const QString &login, Role role, const QString &name, const QString &password)
{
    if (!m_db.isPostgres())
        return notATeamDatabase();
    // Identifiers cannot be bound as parameters: only plain lower-case login names are taken.
    static const QRegularExpression valid(QStringLiteral("^[a-z_][a-z0-9_]{0,62}$"));
    if (!valid.match(login).hasMatch() || login.startsWith(QLatin1String("care_"))) {
        return Error::make(Error::Code::InvalidInput, Strings::tr("\"%1\" cannot be a login name.").arg(login),
                           Strings::tr("Use lower-case letters, digits and underscores, starting with a letter "
                                       "(for example ann_lee), and not starting with care_."));
    }
    const QString quoted = QLatin1Char('"') + login + QLatin1Char('"');
    return m_db.transaction([&]() -> Core::Status {
        QSqlQuery exists(m_db.connection());
        exists.prepare(QStringLiteral("SELECT 1 FROM pg_roles WHERE rolname = :login"));
        exists.bindValue(QStringLiteral(":login"), login);
        if (!exists.exec())
            return m_db.queryError(exists, QStringLiteral("find login"));
        QString sql = exists.next() ? QStringLiteral("ALTER ROLE %1 LOGIN").arg(quoted)
                                    : QStringLiteral("CREATE ROLE %1 LOGIN").arg(quoted);
        if (!password.isEmpty())
            sql += QStringLiteral(" PASSWORD ") + quotedLiteral(password);
        if (Core::Status s = m_db.exec(sql); !s)
            return s;
        // One role per person: leave the others (only those held, so the server has nothing to warn about).
        QSqlQuery held(m_db.connection());
        held.prepare(QStringLiteral("SELECT g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                                    "JOIN pg_roles m ON m.oid = a.member WHERE m.rolname = :login"));
        held.bindValue(QStringLiteral(":login"), login);
        if (!held.exec())
            return m_db.queryError(held, QStringLiteral("held roles"));
        QStringList groups;
        while (held.next())
            groups << held.value(0).toString();
        for (Role other : {Role::Agent, Role::Lead, Role::Admin, Role::Sync}) {
            const QString group = QStringLiteral("care_") + roleId(other);
            if (other != role && !groups.contains(group))
                continue;
            const QString verb = other == role ? QStringLiteral("GRANT %1 TO %2") : QStringLiteral("REVOKE %1 FROM %2");
            if (Core::Status s = m_db.exec(verb.arg(group, quoted)); !s)
                return s;
        }
        if (role == Role::Sync)
            return {};
        QSqlQuery agent(m_db.connection());
        agent.prepare(QStringLiteral("INSERT INTO agents (id, name, role) VALUES (:id, :name, :role) "
                                     "ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role"));
        agent.bindValue(QStringLiteral(":id"), login);
        agent.bindValue(QStringLiteral(":name"), text(name.trimmed().isEmpty() ? login : name.trimmed()));
        agent.bindValue(QStringLiteral(":role"), roleId(role));
        if (!agent.exec())
            return m_db.queryError(agent, QStringLiteral("add agent"));
        return {};
    });
}

Core::Result<std::optional<TeamRoles::Member>> TeamRoles::whoAmI()
{
    if (!m_db.isPostgres())
        return std::optional<Member>();
    // The strongest role wins; the owner (not a member of any) is no team member.
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT current_user, r.rolname FROM pg_roles r "
                               "WHERE r.rolname IN ('care_sync', 'care_admin', 'care_lead', 'care_agent') "
                               "AND pg_has_role(current_user, r.oid, 'MEMBER') "
                               "AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)")))
        return m_db.queryError(q, QStringLiteral("team role"));
    std::optional<Member> me;
    while (q.next()) {
        const auto role = roleFromId(q.value(1).toString().mid(5));
        if (!role)
            continue;
        if (!me || int(*role) > int(me->role))
            me = Member{q.value(0).toString(), *role};
    }
    return me;
}

Core::Result<QList<TeamRoles::Member>> TeamRoles::members()
{
    if (!m_db.isPostgres())
        return notATeamDatabase();
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT m.rolname, g.rolname FROM pg_auth_members a "
                               "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
                               "WHERE g.rolname IN ('care_agent', 'care_lead', 'care_admin', 'care_sync') "
                               "AND m.rolcanlogin ORDER BY m.rolname")))
        return m_db.queryError(q, QStringLiteral("team members"));
    QList<Member> out;
    while (q.next()) {
        if (const auto role = roleFromId(q.value(1).toString().mid(5)))
            out << Member{q.value(0).toString(), *role};
    }
    return out;
}

} // namespace Care::Store
