#include "app/AdminCommand.h"

#include "store/Database.h"
#include "core/ManagedSettings.h"
#include "store/DatabaseLocation.h"
#include "sync/SecretStore.h"

#include <QDir>
#include <QStandardPaths>

namespace Care::App {

namespace {

const char *const kUsage =
    "Usage: careconsole [--database URL] [--secrets-file PATH] COMMAND ...\n"
    "  account add mastodon --instance URL [--token-stdin] [--keyword WORD]... [--hashtag TAG]...\n"
    "                       connect a Mastodon account: sign in with the browser (the address to open\n"
    "                       is printed), or with an access token read from standard input\n"
    "  account add bluesky [--service URL] --handle HANDLE --app-password-stdin [--keyword WORD]...\n"
    "                      [--mark-seen] [--search-interval SECONDS] [--language TAG]\n"
    "                       connect a Bluesky account with an app password read from standard input\n"
    "                       (service: https://bsky.social unless given); the session is kept and refreshed\n"
    "  account add email --imap URL --smtp URL --user NAME --password-stdin [--address ADDR]\n"
    "                    [--name NAME] [--mailbox NAME] [--allow-plain]\n"
    "                       connect a support mailbox (IMAP in, SMTP out; TLS required, plain text\n"
    "                       only with --allow-plain for a server on this computer)\n"
    "  account add facebook --page-id ID --token-stdin [--without-messenger] [--human-agent-tag]\n"
    "                       connect a Facebook Page with a Page access token read from standard input;\n"
    "                       the token's permissions are checked and any missing one is named\n"
    "  account add x --client-id ID [--keyword WORD]... [--port N] [--open] [--budget AMOUNT]\n"
    "                [--poll-mentions S] [--poll-search S] [--poll-direct S] [--auth-base URL --api-base URL]\n"
    "                       connect an X account in the browser (OAuth 2.0 with PKCE; the X app's callback\n"
    "                       URL must be http://127.0.0.1:PORT/callback, default port 53683); the listening\n"
    "                       query is printed before anything runs\n"
    "  account cost [--account ID] [--budget AMOUNT] [--prices FILE]\n"
    "                       each X account's estimated monthly API cost from its poll intervals and\n"
    "                       traffic; --budget sets the account's monthly budget (polling slows to keep it)\n"
    "  account set ID [--poll-mentions S] [--poll-search S] [--poll-direct S]\n"
    "                       change an X account's poll intervals in seconds (0: off; each at least 60,\n"
    "                       the sync's own pace, at most 21600), then show its\n"
    "                       estimated monthly cost under them\n"
    "  account add feed --url URL [--term TERM]... [--interval SECONDS] [--history DAYS]\n"
    "                       listen to a blog or news feed (RSS or Atom): items naming a term become\n"
    "                       listening conversations (no term: every item, for search feeds); read at\n"
    "                       most every 15 min unless --interval says otherwise (at least 300 s); of the\n"
    "                       articles already there, those of the last 14 days (--history: 0 to 3650)\n"
    "  account list         the connected accounts, their sync state and undelivered replies\n"
    "  account remove ID    disconnect an account (its conversations stay)\n"
    "  sync --once [--account ID]\n"
    "                       sync every account (or one) into the store, deliver the outbox,\n"
    "                       print one line per account; exit status 1 if any account failed\n"
    "  sync                 the headless sync service: sync continuously (streaming where the\n"
    "                       platform offers it), deliver replies queued by any console, print\n"
    "                       each account's state as it changes; stops on Ctrl+C or SIGTERM\n"
    "  send --conversation ID (--public|--private|--email [--account ID]) --text-stdin [--agent NAME] [--sign]\n"
    "                       queue a reply (--sign: signed with the agent's signature, as the\n"
    "                       composer signs); it goes out with the running console or the next sync;\n"
    "                       --email answers by e-mail a customer who prefers it, from any conversation\n"
    "  conversation show ID the customer's whole history across channels, oldest first, each message\n"
    "                       with its number (for --message)\n"
    "  conversation send-transcript ID --to ADDRESS [--account ID] [--agent NAME]\n"
    "                       escalate: e-mail the customer's whole transcript (text and PDF) to a\n"
    "                       colleague or department through the e-mail account (the only one, or --account)\n"
    "  conversation hide ID [--message ID] --reason TEXT [--agent NAME]\n"
    "                       hide the customer's latest public comment (or that message) from public view,\n"
    "                       never deleted, where the platform allows it (as the console's Hide comment),\n"
    "                       with the reason, your name and the time in the audit log\n"
    "  conversation unhide ID [--message ID] [--agent NAME]\n"
    "                       show the customer's latest hidden comment (or that message) again, audited\n"
    "  message attachments ID [--save FOLDER]\n"
    "                       list an e-mail's attachments, or save them (read again from the mailbox,\n"
    "                       never opened, readable only by you; existing files are not replaced)\n"
    "  workspace export FILE\n"
    "                       write the team's policies, approved replies, SLA policies, calendar and\n"
    "                       triage rules as one workspace pack\n"
    "  workspace import [FILE] [--dry-run]\n"
    "                       check a workspace pack and list what it would change; without --dry-run\n"
    "                       make those changes in one transaction (FILE: default the administrator's)\n"
    "  agent list           the care team: id, name, role and team\n"
    "  agent set ID [--name NAME] [--signature TEXT] [--role agent|lead|admin] [--team TEAM]\n"
    "                       add an agent or change one (the dashboard's team filter uses the team)\n"
    "  team setup           team database (PostgreSQL) only, as its owner: create the roles care_agent,\n"
    "                       care_lead, care_admin and care_sync with their grants and row-level security\n"
    "  team add LOGIN --role agent|lead|admin|sync [--name NAME] [--password-stdin]\n"
    "                       give a person (or the sync service) their own database login with one role\n"
    "  team list | whoami   the team's logins and roles; the role of the login in --database\n"
    "  migrate --from SQLITE_FILE --to postgresql://OWNER@HOST/DB\n"
    "                       copy a single-user workspace into a team database (safe to repeat: it\n"
    "                       continues where it stopped), then check every row arrived\n"
    "Options:\n"
    "  --database URL       the store (default: the console's own SQLite file)\n"
    "  --secrets-file PATH  keep tokens in this file instead of the system keychain, for servers\n"
    "                       without one; it must be readable only by its owner (chmod 600)\n";

} // namespace

bool isAdminCommand(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == QLatin1String("--database") || a == QLatin1String("--secrets-file")) {
            ++i;
            continue;
        }
        if (a.startsWith(QLatin1String("--")))
            continue;
        return a == QLatin1String("account") || a == QLatin1String("sync") || a == QLatin1String("send")
            || a == QLatin1String("workspace") || a == QLatin1String("agent") || a == QLatin1String("conversation")
            || a == QLatin1String("message") || a == QLatin1String("team") || a == QLatin1String("migrate");
    }
    return false;
}

int reportError(QTextStream &err, const QString &command, const Core::Error &error, int code)
{
    err << "careconsole " << command << ": " << error.message << Qt::endl;
    if (!error.hint.isEmpty())
        err << error.hint << Qt::endl;
    return code;
}

Core::Result<Store::DatabaseLocation> AdminContext::storeLocation() const
{
    if (!database.isEmpty())
        return Store::DatabaseLocation::parse(database);
    // The team database the console opens: the user's choice or the administrator's preset.
    const QString team = Core::ManagedSettings().value(QLatin1String(Core::ManagedSettings::kDatabaseUrl)).toString();
    if (!team.isEmpty())
        return Store::DatabaseLocation::parse(team);
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    return Store::DatabaseLocation::sqliteFile(folder + QStringLiteral("/careconsole.sqlite"));
}

Core::Result<std::unique_ptr<Store::Database>> AdminContext::openStore() const
{
    auto location = storeLocation();
    if (!location)
        return location.error();
    return Store::Database::open(location.value());
}

Core::Result<std::unique_ptr<Sync::SecretStore>> AdminContext::openSecrets() const
{
    return Sync::SecretStore::open(secretsFile);
}

int runAdminCommand(const QStringList &arguments, QTextStream &in, QTextStream &out, QTextStream &err)
{
    AdminContext context;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if ((a == QLatin1String("--database") || a == QLatin1String("--secrets-file")) && i + 1 < arguments.size()) {
            (a == QLatin1String("--database") ? context.database : context.secretsFile) = arguments.at(++i);
            continue;
        }
        if (a == QLatin1String("--help") && context.rest.isEmpty()) {
            out << kUsage;
            return 0;
        }
        context.rest << a;
    }
    if (context.rest.isEmpty()) {
        err << kUsage;
        return 2;
    }
    const QString command = context.rest.first();
    if (context.rest.contains(QLatin1String("--help"))) {
        out << kUsage;
        return 0;
    }
    if (command == QLatin1String("account"))
        return runAccountCommand(context, in, out, err);
    if (command == QLatin1String("sync"))
        return runSyncCommand(context, out, err);
    if (command == QLatin1String("send"))
        return runSendCommand(context, in, out, err);
    if (command == QLatin1String("workspace"))
        return runWorkspaceCommand(context, out, err);
    if (command == QLatin1String("agent"))
        return runAgentCommand(context, out, err);
    if (command == QLatin1String("conversation"))
        return runConversationCommand(context, out, err);
    if (command == QLatin1String("message"))
        return runMessageCommand(context, out, err);
    if (command == QLatin1String("team"))
        return runTeamCommand(context, in, out, err);
    if (command == QLatin1String("migrate"))
        return runMigrateCommand(context, out, err);
    err << "careconsole: unknown command " << command << "\n" << kUsage;
    return 2;
}

} // namespace Care::App
