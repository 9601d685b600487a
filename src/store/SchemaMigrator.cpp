#include "store/SchemaMigrator.h"

#include "store/Database.h"
#include "store/StoreLog.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace Care::Store {

using Core::Error;
using Core::Status;

namespace {

// Version 1: the whole initial schema. Statements use {PK} for the dialect's identity key.
const char *const kVersion1[] = {
    "CREATE TABLE schema_info (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT NOT NULL, signature TEXT NOT NULL DEFAULT '',"
    " role TEXT NOT NULL DEFAULT 'agent')",
    "CREATE TABLE accounts (id {PK}, platform TEXT NOT NULL, handle TEXT NOT NULL, name TEXT NOT NULL,"
    " external_id TEXT NOT NULL DEFAULT '', demo INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL,"
    " UNIQUE (platform, handle))",
    "CREATE TABLE customers (id {PK}, name TEXT NOT NULL, preferred_channel TEXT NOT NULL DEFAULT '',"
    " preferred_contact TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',"
    " merged_into BIGINT REFERENCES customers(id), created_at BIGINT NOT NULL)",
    "CREATE TABLE customer_identities (id {PK}, customer_id BIGINT NOT NULL REFERENCES customers(id),"
    " platform TEXT NOT NULL, platform_user_id TEXT NOT NULL, handle TEXT NOT NULL DEFAULT '',"
    " display_name TEXT NOT NULL DEFAULT '', UNIQUE (platform, platform_user_id))",
    "CREATE INDEX customer_identities_customer ON customer_identities (customer_id)",
    "CREATE TABLE conversations (id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id),"
    " customer_id BIGINT NOT NULL REFERENCES customers(id), thread_key TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'open', snoozed_until BIGINT, priority TEXT NOT NULL DEFAULT 'normal',"
    " priority_rank INTEGER NOT NULL DEFAULT 1, assignee TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '',"
    " first_response_due BIGINT, next_response_due BIGINT, resolution_due BIGINT,"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, last_message_at BIGINT NOT NULL,"
    " last_inbound_at BIGINT, last_response_at BIGINT, waiting_since BIGINT, due_at BIGINT,"
    " preview TEXT NOT NULL DEFAULT '',"
    " message_count INTEGER NOT NULL DEFAULT 0, UNIQUE (account_id, thread_key))",
    "CREATE INDEX conversations_status_due ON conversations (status, due_at)",
    "CREATE INDEX conversations_last_message ON conversations (last_message_at)",
    "CREATE INDEX conversations_waiting ON conversations (waiting_since)",
    "CREATE INDEX conversations_assignee ON conversations (assignee, status)",
    "CREATE INDEX conversations_customer ON conversations (customer_id)",
    "CREATE TABLE messages (id {PK}, conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
    " account_id BIGINT NOT NULL REFERENCES accounts(id), platform_message_id TEXT NOT NULL,"
    " platform_parent_id TEXT NOT NULL DEFAULT '', direction TEXT NOT NULL, visibility TEXT NOT NULL,"
    " author_name TEXT NOT NULL DEFAULT '', author_handle TEXT NOT NULL DEFAULT '',"
    " agent_id TEXT NOT NULL DEFAULT '', body TEXT NOT NULL, search_text TEXT NOT NULL,"
    " created_at BIGINT NOT NULL, edited_at BIGINT, deleted_at BIGINT,"
    " delivery_state TEXT NOT NULL DEFAULT 'none', automatic INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE (account_id, platform_message_id))",
    "CREATE INDEX messages_conversation_time ON messages (conversation_id, created_at)",
    "CREATE TABLE message_revisions (id {PK}, message_id BIGINT NOT NULL REFERENCES messages(id),"
    " body TEXT NOT NULL, replaced_at BIGINT NOT NULL)",
    "CREATE INDEX message_revisions_message ON message_revisions (message_id)",
    "CREATE TABLE policies (id {PK}, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL,"
    " tags TEXT NOT NULL DEFAULT '', policy_values TEXT NOT NULL DEFAULT '', body TEXT NOT NULL,"
    " version INTEGER NOT NULL DEFAULT 1, updated_by TEXT NOT NULL DEFAULT '', updated_at BIGINT NOT NULL)",
    "CREATE TABLE policy_revisions (id {PK}, policy_id BIGINT NOT NULL REFERENCES policies(id),"
    " version INTEGER NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, updated_by TEXT NOT NULL,"
    " updated_at BIGINT NOT NULL)",
    "CREATE TABLE canned_replies (id {PK}, shortcode TEXT NOT NULL UNIQUE, title TEXT NOT NULL,"
    " body TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '', updated_at BIGINT NOT NULL)",
    "CREATE TABLE audit_events (id {PK}, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
    " subject_type TEXT NOT NULL, subject_id BIGINT NOT NULL DEFAULT 0, detail TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id)",
};

// Full-text search: FTS5 over the normalised text on SQLite, a GIN-indexed tsvector with the
// 'simple' configuration on PostgreSQL. Both see the same words (SearchQuery::normalize).
const char *const kVersion1Sqlite[] = {
    "CREATE VIRTUAL TABLE message_fts USING fts5(search_text, content='messages', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
    " INSERT INTO message_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
    " INSERT INTO message_fts(message_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER messages_fts_update AFTER UPDATE OF search_text ON messages BEGIN"
    " INSERT INTO message_fts(message_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);"
    " INSERT INTO message_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
};

const char *const kVersion1Postgres[] = {
    "ALTER TABLE messages ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX messages_search ON messages USING GIN (search_vector)",
};

// Version 2: the agent's desk — drafts that survive a crash, dispositions ("no reply
// needed" with a reason) and the conversation event log the metrics are computed from.
const char *const kVersion2[] = {
    "CREATE TABLE drafts (conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
    " agent_id TEXT NOT NULL, mode TEXT NOT NULL DEFAULT 'public', body TEXT NOT NULL,"
    " updated_at BIGINT NOT NULL, PRIMARY KEY (conversation_id, agent_id))",
    "CREATE TABLE dispositions (id {PK}, conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
    " reason TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', agent_id TEXT NOT NULL, at BIGINT NOT NULL)",
    "CREATE INDEX dispositions_conversation ON dispositions (conversation_id, at)",
    "CREATE TABLE conversation_events (id {PK}, conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
    " at BIGINT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX conversation_events_conversation ON conversation_events (conversation_id, at)",
    "ALTER TABLE conversations ADD COLUMN last_disposition_at BIGINT",
    // Hiding (where a platform allows it) is recorded with who and why; nothing is deleted.
    "ALTER TABLE messages ADD COLUMN hidden_at BIGINT",
    "ALTER TABLE messages ADD COLUMN hidden_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN hidden_reason TEXT NOT NULL DEFAULT ''",
};

// Version 3: service levels — the team's calendar and SLA policies as workspace settings
// (defaults from the bundled files until a lead changes them), the SLA state per
// conversation, and the urgency triage with its reasons.
const char *const kVersion3[] = {
    "CREATE TABLE workspace_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
    " updated_by TEXT NOT NULL DEFAULT '', updated_at BIGINT NOT NULL)",
    "ALTER TABLE conversations ADD COLUMN sla_state TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE conversations ADD COLUMN sla_policy TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE conversations ADD COLUMN sentiment TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE conversations ADD COLUMN triage_reasons TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN urgency TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN triage_reasons TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE messages ADD COLUMN language TEXT NOT NULL DEFAULT ''",
};

// Version 4: sync — where each connected account is (its service and settings; secrets
// live in the keychain, never here), the cursor of every stream saved in the same
// transaction as the messages it covers, each account's sync status, and the outbox that
// delivers every reply exactly once.
const char *const kVersion4[] = {
    "ALTER TABLE accounts ADD COLUMN service_url TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE accounts ADD COLUMN settings TEXT NOT NULL DEFAULT ''",
    // A removed account keeps its history; only its connection goes.
    "ALTER TABLE accounts ADD COLUMN connected INTEGER NOT NULL DEFAULT 1",
    "CREATE TABLE sync_cursors (account_id BIGINT NOT NULL REFERENCES accounts(id), stream TEXT NOT NULL,"
    " position TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (account_id, stream))",
    "CREATE TABLE account_status (account_id BIGINT PRIMARY KEY REFERENCES accounts(id),"
    " state TEXT NOT NULL, message TEXT NOT NULL DEFAULT '', last_sync_at BIGINT, next_sync_at BIGINT,"
    " rate_remaining INTEGER, rate_limit INTEGER, rate_reset_at BIGINT, updated_at BIGINT NOT NULL)",
    "CREATE TABLE outbox (id {PK}, message_id BIGINT NOT NULL UNIQUE REFERENCES messages(id),"
    " account_id BIGINT NOT NULL REFERENCES accounts(id), conversation_id BIGINT NOT NULL REFERENCES conversations(id),"
    " kind TEXT NOT NULL, reply_to TEXT NOT NULL DEFAULT '', recipient TEXT NOT NULL DEFAULT '',"
    " body TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
    " platform_id TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '', seen_message_id BIGINT NOT NULL DEFAULT 0,"
    " confirmed INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL DEFAULT 0,"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
    "CREATE INDEX outbox_state ON outbox (state, account_id)",
};

// Version 5: who claimed an outbox item for sending ("host/pid"), so a starting process
// recovers only what a dead one left behind, never a send in flight elsewhere.
const char *const kVersion5[] = {
    "ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT ''",
};

// Version 6: a customer's message that only answers the satisfaction question ("5, thanks")
// is no new request: it neither makes the customer wait nor starts a new cycle.
const char *const kVersion6[] = {
    "ALTER TABLE messages ADD COLUMN rating_only INTEGER NOT NULL DEFAULT 0",
};

// Version 7: posts scheduled from an account at a set time, not in any conversation — the
// shift announcements ("we're here until 18:00"). Delivered once at their time, never after
// they expire, paused while a crisis is on.
const char *const kVersion7[] = {
    "CREATE TABLE scheduled_posts (id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id),"
    " kind TEXT NOT NULL, body TEXT NOT NULL, language TEXT NOT NULL DEFAULT '', post_at BIGINT NOT NULL,"
    " expires_at BIGINT NOT NULL DEFAULT 0, promotional INTEGER NOT NULL DEFAULT 1, state TEXT NOT NULL,"
    " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL DEFAULT 0,"
    " idempotency_key TEXT NOT NULL UNIQUE, platform_id TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',"
    " claimed_by TEXT NOT NULL DEFAULT '', created_by TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL,"
    " updated_at BIGINT NOT NULL)",
    "CREATE INDEX scheduled_posts_due ON scheduled_posts (state, post_at)",
};

// Version 8: the team an agent works in (the dashboard's team filter).
const char *const kVersion8[] = {
    "ALTER TABLE agents ADD COLUMN team TEXT NOT NULL DEFAULT ''",
};

// Version 9: the inbox's default order (answer due first, then the newest) straight from an
// index, with and without a status: the first page of a large view is read, never sorted
// (docs/performance.md).
const char *const kVersion9[] = {
    "CREATE INDEX conversations_status_sla ON conversations (status, (due_at IS NULL), due_at, last_message_at DESC,"
    " id DESC)",
    "CREATE INDEX conversations_sla ON conversations ((due_at IS NULL), due_at, last_message_at DESC, id DESC)",
};

// Version 10: team mode. Who is looking at or answering a conversation right now (presence,
// both backends). On PostgreSQL also what no login may do — delete a customer's message or
// change the audit log (the owner's too; grants alone would not stop the owner) — and a
// notification on channel care_changes for every change another console must see
// (payload "table:conversation id"), which the consoles LISTEN to (store/ChangeFeed).
const char *const kVersion10[] = {
    "CREATE TABLE presence (conversation_id BIGINT NOT NULL REFERENCES conversations(id), agent_id TEXT NOT NULL,"
    " state TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (conversation_id, agent_id))",
};

const char *const kVersion10Postgres[] = {
    "CREATE OR REPLACE FUNCTION care_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " RAISE EXCEPTION 'Care Console: % on % is not allowed: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0]"
    " USING ERRCODE = 'insufficient_privilege'; END $$",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW"
    " EXECUTE FUNCTION care_refuse_change('the audit log is append-only')",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT"
    " EXECUTE FUNCTION care_refuse_change('the audit log is append-only')",
    "CREATE TRIGGER messages_keep_customer_messages BEFORE DELETE ON messages FOR EACH ROW"
    " WHEN (OLD.direction = 'inbound') EXECUTE FUNCTION care_refuse_change('a customer''s message is never deleted')",
    "CREATE TRIGGER messages_no_truncate BEFORE TRUNCATE ON messages FOR EACH STATEMENT"
    " EXECUTE FUNCTION care_refuse_change('a customer''s message is never deleted')",
    "CREATE OR REPLACE FUNCTION care_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ DECLARE row_data jsonb;"
    " conversation text := ''; BEGIN"
    " IF TG_OP = 'DELETE' THEN row_data := to_jsonb(OLD); ELSE row_data := to_jsonb(NEW); END IF;"
    " IF TG_NARGS > 0 THEN conversation := coalesce(row_data ->> TG_ARGV[0], ''); END IF;"
    " PERFORM pg_notify('care_changes', TG_TABLE_NAME || ':' || conversation); RETURN NULL; END $$",
    "CREATE TRIGGER conversations_notify AFTER INSERT OR UPDATE OR DELETE ON conversations FOR EACH ROW"
    " EXECUTE FUNCTION care_notify_change('id')",
    "CREATE TRIGGER messages_notify AFTER INSERT OR UPDATE OR DELETE ON messages FOR EACH ROW"
    " EXECUTE FUNCTION care_notify_change('conversation_id')",
    "CREATE TRIGGER conversation_events_notify AFTER INSERT OR DELETE ON conversation_events FOR EACH ROW"
    " EXECUTE FUNCTION care_notify_change('conversation_id')",
    // A heartbeat that changes nothing but the time wakes nobody (stale presence expires by age).
    "CREATE TRIGGER presence_notify AFTER INSERT OR DELETE ON presence FOR EACH ROW"
    " EXECUTE FUNCTION care_notify_change('conversation_id')",
    "CREATE TRIGGER presence_state_notify AFTER UPDATE ON presence FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)"
    " EXECUTE FUNCTION care_notify_change('conversation_id')",
    // The outbox wakes the sync service when a reply is queued (again) or a held one confirmed; its own
    // progress reaches the consoles through the message's delivery state.
    "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW"
    " EXECUTE FUNCTION care_notify_change('conversation_id')",
    "CREATE TRIGGER outbox_queued_notify AFTER UPDATE ON outbox FOR EACH ROW"
    " WHEN ((NEW.state = 'queued' AND OLD.state IS DISTINCT FROM NEW.state) OR NEW.confirmed <> OLD.confirmed)"
    " EXECUTE FUNCTION care_notify_change('conversation_id')",
    "CREATE TRIGGER policies_notify AFTER INSERT OR UPDATE OR DELETE ON policies FOR EACH STATEMENT"
    " EXECUTE FUNCTION care_notify_change()",
    "CREATE TRIGGER canned_replies_notify AFTER INSERT OR UPDATE OR DELETE ON canned_replies FOR EACH STATEMENT"
    " EXECUTE FUNCTION care_notify_change()",
    "CREATE TRIGGER workspace_settings_notify AFTER INSERT OR UPDATE OR DELETE ON workspace_settings FOR EACH STATEMENT"
    " EXECUTE FUNCTION care_notify_change()",
    "CREATE TRIGGER agents_notify AFTER INSERT OR UPDATE OR DELETE ON agents FOR EACH STATEMENT"
    " EXECUTE FUNCTION care_notify_change()",
    "CREATE TRIGGER accounts_notify AFTER INSERT OR UPDATE OR DELETE ON accounts FOR EACH STATEMENT"
    " EXECUTE FUNCTION care_notify_change()",
    "CREATE TRIGGER account_status_notify AFTER INSERT OR UPDATE ON account_status FOR EACH STATEMENT"
    " EXECUTE FUNCTION care_notify_change()",
};

// Version 11: conversations found by keyword listening (a blog or news article, a post that names the
// brand without tagging it) say so, so agents know the author did not address the brand.
const char *const kVersion11[] = {
    "ALTER TABLE conversations ADD COLUMN found_by_listening INTEGER NOT NULL DEFAULT 0",
};

// Version 12: e-mails from the outbox carry their own subject (an answer by e-mail to a conversation
// from another platform) and one attachment (a transcript's PDF), kept with the item so every retry
// sends the same bytes. {BLOB}: the dialect's byte string.
const char *const kVersion12[] = {
    "ALTER TABLE outbox ADD COLUMN subject TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE outbox ADD COLUMN attachment {BLOB}",
};

// Version 14: the conversations whose response-time figures must be computed again
// (MetricsCache). Every change to what the metrics read - a conversation's messages, status
// events and dispositions, its account, customer, tags, assignee, status and priority, the
// customer's name, the account's handle - gives the conversation the next change number; a
// cache remembers the highest number it has read and reads again only what came after it.
// One row per conversation, so the table never grows past the conversations.
const char *const kVersion14[] = {
    "CREATE TABLE metrics_changes (conversation_id BIGINT PRIMARY KEY, seq BIGINT NOT NULL)",
    "CREATE INDEX metrics_changes_seq ON metrics_changes (seq)",
};

#define CARE_METRICS_MARK(id)                                                                                       \
    " INSERT INTO metrics_changes (conversation_id, seq) VALUES (" id                                              \
    ", (SELECT COALESCE(MAX(seq), 0) + 1 FROM metrics_changes))"                                                   \
    " ON CONFLICT (conversation_id) DO UPDATE SET seq = excluded.seq;"
#define CARE_METRICS_MARK_ALL(where)                                                                                \
    " INSERT INTO metrics_changes (conversation_id, seq) SELECT c.id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM"      \
    " metrics_changes) FROM conversations c WHERE " where                                                          \
    " ON CONFLICT (conversation_id) DO UPDATE SET seq = excluded.seq;"

const char *const kVersion14Sqlite[] = {
    "CREATE TRIGGER metrics_messages_insert AFTER INSERT ON messages BEGIN" CARE_METRICS_MARK("NEW.conversation_id") " END",
    "CREATE TRIGGER metrics_messages_update AFTER UPDATE OF conversation_id, direction, visibility, agent_id,"
    " created_at, automatic, delivery_state, rating_only ON messages BEGIN" CARE_METRICS_MARK("OLD.conversation_id")
        CARE_METRICS_MARK("NEW.conversation_id") " END",
    "CREATE TRIGGER metrics_messages_delete AFTER DELETE ON messages BEGIN" CARE_METRICS_MARK("OLD.conversation_id") " END",
    "CREATE TRIGGER metrics_events_insert AFTER INSERT ON conversation_events BEGIN"
        CARE_METRICS_MARK("NEW.conversation_id") " END",
    "CREATE TRIGGER metrics_events_update AFTER UPDATE ON conversation_events BEGIN"
        CARE_METRICS_MARK("OLD.conversation_id") CARE_METRICS_MARK("NEW.conversation_id") " END",
    "CREATE TRIGGER metrics_events_delete AFTER DELETE ON conversation_events BEGIN"
        CARE_METRICS_MARK("OLD.conversation_id") " END",
    "CREATE TRIGGER metrics_dispositions_insert AFTER INSERT ON dispositions BEGIN"
        CARE_METRICS_MARK("NEW.conversation_id") " END",
    "CREATE TRIGGER metrics_dispositions_update AFTER UPDATE ON dispositions BEGIN"
        CARE_METRICS_MARK("OLD.conversation_id") CARE_METRICS_MARK("NEW.conversation_id") " END",
    "CREATE TRIGGER metrics_dispositions_delete AFTER DELETE ON dispositions BEGIN"
        CARE_METRICS_MARK("OLD.conversation_id") " END",
    "CREATE TRIGGER metrics_conversations_update AFTER UPDATE OF account_id, customer_id, tags, assignee, status,"
    " priority ON conversations WHEN OLD.account_id IS NOT NEW.account_id OR OLD.customer_id IS NOT NEW.customer_id"
    " OR OLD.tags IS NOT NEW.tags OR OLD.assignee IS NOT NEW.assignee OR OLD.status IS NOT NEW.status"
    " OR OLD.priority IS NOT NEW.priority BEGIN" CARE_METRICS_MARK("NEW.id") " END",
    "CREATE TRIGGER metrics_conversations_delete AFTER DELETE ON conversations BEGIN" CARE_METRICS_MARK("OLD.id") " END",
    "CREATE TRIGGER metrics_customers_update AFTER UPDATE OF name ON customers WHEN OLD.name IS NOT NEW.name BEGIN"
        CARE_METRICS_MARK_ALL("c.customer_id = NEW.id") " END",
    "CREATE TRIGGER metrics_accounts_update AFTER UPDATE OF platform, handle ON accounts"
    " WHEN OLD.platform IS NOT NEW.platform OR OLD.handle IS NOT NEW.handle BEGIN"
        CARE_METRICS_MARK_ALL("c.account_id = NEW.id") " END",
};

// PostgreSQL: a sequence gives the change numbers. TG_ARGV names the column that holds the
// conversation (conversations: id; customers and accounts: every conversation of theirs). The
// function runs as the store's owner, so an agent's or the sync service's role needs no grant
// on metrics_changes.
const char *const kVersion14Postgres[] = {
    "CREATE SEQUENCE metrics_changes_counter",
    "CREATE OR REPLACE FUNCTION care_metrics_mark() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER"
    " SET search_path FROM CURRENT AS $$ DECLARE ids BIGINT[]"
    " := '{}'; BEGIN"
    " IF TG_ARGV[0] = 'customer' THEN SELECT array_agg(id) INTO ids FROM conversations WHERE customer_id = NEW.id;"
    " ELSIF TG_ARGV[0] = 'account' THEN SELECT array_agg(id) INTO ids FROM conversations WHERE account_id = NEW.id;"
    " ELSE"
    " IF TG_OP <> 'INSERT' THEN ids := ids || (to_jsonb(OLD) ->> TG_ARGV[0])::BIGINT; END IF;"
    " IF TG_OP <> 'DELETE' THEN ids := ids || (to_jsonb(NEW) ->> TG_ARGV[0])::BIGINT; END IF;"
    " END IF;"
    " INSERT INTO metrics_changes (conversation_id, seq) SELECT u.id, nextval('metrics_changes_counter')"
    " FROM (SELECT DISTINCT unnest(COALESCE(ids, '{}')) AS id) u"
    " ON CONFLICT (conversation_id) DO UPDATE SET seq = excluded.seq; RETURN NULL; END $$",
    "CREATE TRIGGER metrics_messages_change AFTER INSERT OR DELETE ON messages FOR EACH ROW"
    " EXECUTE FUNCTION care_metrics_mark('conversation_id')",
    "CREATE TRIGGER metrics_messages_update AFTER UPDATE OF conversation_id, direction, visibility, agent_id,"
    " created_at, automatic, delivery_state, rating_only ON messages FOR EACH ROW"
    " EXECUTE FUNCTION care_metrics_mark('conversation_id')",
    "CREATE TRIGGER metrics_events_change AFTER INSERT OR UPDATE OR DELETE ON conversation_events FOR EACH ROW"
    " EXECUTE FUNCTION care_metrics_mark('conversation_id')",
    "CREATE TRIGGER metrics_dispositions_change AFTER INSERT OR UPDATE OR DELETE ON dispositions FOR EACH ROW"
    " EXECUTE FUNCTION care_metrics_mark('conversation_id')",
    "CREATE TRIGGER metrics_conversations_update AFTER UPDATE ON conversations FOR EACH ROW WHEN"
    " (OLD.account_id IS DISTINCT FROM NEW.account_id OR OLD.customer_id IS DISTINCT FROM NEW.customer_id"
    " OR OLD.tags IS DISTINCT FROM NEW.tags OR OLD.assignee IS DISTINCT FROM NEW.assignee"
    " OR OLD.status IS DISTINCT FROM NEW.status OR OLD.priority IS DISTINCT FROM NEW.priority)"
    " EXECUTE FUNCTION care_metrics_mark('id')",
    "CREATE TRIGGER metrics_conversations_delete AFTER DELETE ON conversations FOR EACH ROW"
    " EXECUTE FUNCTION care_metrics_mark('id')",
    "CREATE TRIGGER metrics_customers_update AFTER UPDATE ON customers FOR EACH ROW"
    " WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION care_metrics_mark('customer')",
    "CREATE TRIGGER metrics_accounts_update AFTER UPDATE ON accounts FOR EACH ROW WHEN"
    " (OLD.platform IS DISTINCT FROM NEW.platform OR OLD.handle IS DISTINCT FROM NEW.handle)"
    " EXECUTE FUNCTION care_metrics_mark('account')",
};

#undef CARE_METRICS_MARK
#undef CARE_METRICS_MARK_ALL

// Version 15 (13 was left unused: 14 reached main first): whether the platform lets the brand hide a message (Facebook's can_hide per comment;
// NULL where the platform did not say), so the console offers Hide only where it will work.
const char *const kVersion15[] = {
    "ALTER TABLE messages ADD COLUMN can_hide INTEGER",
};

// Version 16: each conversation's computed metric figures (Store::MetricsKept: the figures,
// SLA clocks, samples and waits of MetricsCache, as at the instant they were computed), so the
// dashboard's first computation in a session reads these instead of every conversation's log.
// metrics_kept_state says what they were computed with (the calendar, the SLA policies and the
// format, as a fingerprint) and up to which metrics_changes number they follow the log: a
// conversation changed after it is read again. Derived data only: losing it costs one slow
// first computation.
const char *const kVersion16[] = {
    "CREATE TABLE metrics_kept (conversation_id BIGINT PRIMARY KEY, figures {BLOB} NOT NULL)",
    "CREATE TABLE metrics_kept_state (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, seq BIGINT NOT NULL)",
};

// Version 17: indexes for what the conversation pane asks each time it opens a conversation: a
// customer's merged identities (a scan of every customer: 10 ms on PostgreSQL at 108,000
// customers), whether anything in the conversation is hidden and how many private replies the
// brand sent (each a scan of the conversation's messages: 400 ms on PostgreSQL for the
// longest, 100,000 messages). Partial: they hold only the few rows they find.
const char *const kVersion17[] = {
    "CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL",
    "CREATE INDEX messages_hidden ON messages (conversation_id) WHERE hidden_at IS NOT NULL",
    "CREATE INDEX messages_private_replies ON messages (conversation_id)"
    " WHERE direction = 'outbound' AND visibility = 'private'",
};

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::SchemaMigrator)
};

} // namespace

int SchemaMigrator::latestVersion()
{
    return 17;
}

QStringList SchemaMigrator::statementsFor(int version) const
{
    QStringList out;
    const bool pg = m_db.isPostgres();
    const QString pk = pg ? QStringLiteral("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
                          : QStringLiteral("INTEGER PRIMARY KEY");
    if (version == 1) {
        for (const char *sql : kVersion1)
            out << QString::fromLatin1(sql).replace(QLatin1String("{PK}"), pk);
        if (pg) {
            for (const char *sql : kVersion1Postgres)
                out << QString::fromLatin1(sql);
        } else {
            for (const char *sql : kVersion1Sqlite)
                out << QString::fromLatin1(sql);
        }
    } else if (version == 2) {
        for (const char *sql : kVersion2)
            out << QString::fromLatin1(sql).replace(QLatin1String("{PK}"), pk);
    } else if (version == 3) {
        for (const char *sql : kVersion3)
            out << QString::fromLatin1(sql);
    } else if (version == 4) {
        for (const char *sql : kVersion4)
            out << QString::fromLatin1(sql).replace(QLatin1String("{PK}"), pk);
    } else if (version == 5) {
        for (const char *sql : kVersion5)
            out << QString::fromLatin1(sql);
    } else if (version == 6) {
        for (const char *sql : kVersion6)
            out << QString::fromLatin1(sql);
    } else if (version == 7) {
        for (const char *sql : kVersion7)
            out << QString::fromLatin1(sql).replace(QLatin1String("{PK}"), pk);
    } else if (version == 8) {
        for (const char *sql : kVersion8)
            out << QString::fromLatin1(sql);
    } else if (version == 9) {
        for (const char *sql : kVersion9)
            out << QString::fromLatin1(sql);
    } else if (version == 10) {
        for (const char *sql : kVersion10)
            out << QString::fromLatin1(sql);
        if (pg) {
            for (const char *sql : kVersion10Postgres)
                out << QString::fromLatin1(sql);
        }
    } else if (version == 11) {
        for (const char *sql : kVersion11)
            out << QString::fromLatin1(sql);
    } else if (version == 12) {
        for (const char *sql : kVersion12)
            out << QString::fromLatin1(sql).replace(QLatin1String("{BLOB}"), pg ? QStringLiteral("BYTEA") : QStringLiteral("BLOB"));
    } else if (version == 14) {
        for (const char *sql : kVersion14)
            out << QString::fromLatin1(sql);
        if (pg) {
            for (const char *sql : kVersion14Postgres)
                out << QString::fromLatin1(sql);
        } else {
            for (const char *sql : kVersion14Sqlite)
                out << QString::fromLatin1(sql);
        }
    } else if (version == 15) {
        for (const char *sql : kVersion15)
            out << QString::fromLatin1(sql);
    } else if (version == 16) {
        for (const char *sql : kVersion16)
            out << QString::fromLatin1(sql).replace(QLatin1String("{BLOB}"), pg ? QStringLiteral("BYTEA") : QStringLiteral("BLOB"));
    } else if (version == 17) {
        for (const char *sql : kVersion17)
            out << QString::fromLatin1(sql);
    }
    return out;
}

Core::Result<int> SchemaMigrator::currentVersion()
{
    QSqlQuery q(m_db.connection());
    const QString tablesSql = m_db.isPostgres()
                                  ? QStringLiteral("SELECT table_name FROM information_schema.tables "
                                                   "WHERE table_schema = current_schema()")
                                  : QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'");
    if (!q.exec(tablesSql))
        return m_db.queryError(q, tablesSql);
    QStringList tables;
    while (q.next())
        tables << q.value(0).toString();
    if (tables.isEmpty())
        return 0;
    if (!tables.contains(QLatin1String("schema_info"))) {
        return Error::make(Error::Code::NotADatabase,
                           Strings::tr("%1 holds other data and is not a Care Console store. Nothing was changed.")
                               .arg(m_db.location().displayName()),
                           Strings::tr("Choose an empty database or an existing Care Console store."));
    }
    QSqlQuery v(m_db.connection());
    if (!v.exec(QStringLiteral("SELECT value FROM schema_info WHERE key = 'version'")))
        return m_db.queryError(v, QStringLiteral("schema version"));
    return v.next() ? v.value(0).toInt() : 0;
}

Status SchemaMigrator::migrate()
{
    auto current = currentVersion();
    if (!current)
        return current.error();
    for (int version = current.value() + 1; version <= latestVersion(); ++version) {
        qCInfo(lcStore) << "migrating store to version" << version;
        Status status = m_db.transaction([&]() -> Status {
            for (const QString &sql : statementsFor(version)) {
                if (Status s = m_db.exec(sql); !s)
                    return s;
            }
            QSqlQuery q(m_db.connection());
            q.prepare(QStringLiteral("INSERT INTO schema_info (key, value) VALUES ('version', :v) "
                                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
            q.bindValue(QStringLiteral(":v"), QString::number(version));
            if (!q.exec())
                return m_db.queryError(q, QStringLiteral("schema version"));
            return {};
        });
        if (!status)
            return status;
    }
    return {};
}

} // namespace Care::Store
