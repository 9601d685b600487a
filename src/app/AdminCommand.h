#pragma once

#include "core/Result.h"

#include <QStringList>
#include <QTextStream>
#include <memory>

#include "store/DatabaseLocation.h"

namespace Care::Store {
class Database;
}
namespace Care::Sync {
class SecretStore;
}

namespace Care::App {

// Headless commands for administrators and servers (no display needed):
//   careconsole [--database URL] [--secrets-file PATH] account add|list|remove ...
//   careconsole [--database URL] [--secrets-file PATH] sync --once [--account ID]
//   careconsole [--database URL] send --conversation ID (--public|--private|--email) --text-stdin [--sign]
//   careconsole [--database URL] conversation send-transcript ID --to ADDRESS [--account ID]
//   careconsole [--database URL] conversation hide|unhide ID [--message ID] [--reason TEXT]
//   careconsole [--database URL] workspace export FILE | import [FILE] [--dry-run]
//   careconsole [--database URL] agent list | set ID [--name N] [--signature S] [--role R] [--team T]
//   careconsole --database postgresql://... team setup | add LOGIN --role R ... | list | whoami
//   careconsole migrate --from SQLITE_FILE --to postgresql://...
// Returns the process exit code; `in` is standard input (tokens, reply text).
bool isAdminCommand(const QStringList &arguments);
int runAdminCommand(const QStringList &arguments, QTextStream &in, QTextStream &out, QTextStream &err);

// What every admin command shares: the options before the command and the store.
struct AdminContext
{
    QString database;    // --database URL; empty: the console's default store
    QString secretsFile; // --secrets-file PATH; empty: the system keychain
    QStringList rest;    // the command and its own arguments

    Core::Result<std::unique_ptr<Store::Database>> openStore() const;
    Core::Result<Store::DatabaseLocation> storeLocation() const;
    Core::Result<std::unique_ptr<Sync::SecretStore>> openSecrets() const;
};

int runAccountCommand(const AdminContext &context, QTextStream &in, QTextStream &out, QTextStream &err);
// account add bluesky ... (BlueskyAccountCommand.cpp); `args` follow "bluesky".
int addBlueskyAccount(const AdminContext &context, const QStringList &args, QTextStream &in, QTextStream &out,
                      QTextStream &err);
// account add email ... (EmailAccountCommand.cpp); `args` follow "email".
int addEmailAccount(const AdminContext &context, const QStringList &args, QTextStream &in, QTextStream &out,
                    QTextStream &err);
// account add facebook ... (FacebookAccountCommand.cpp); `args` follow "facebook".
int addFacebookAccount(const AdminContext &context, const QStringList &args, QTextStream &in, QTextStream &out,
                       QTextStream &err);
// account add x ... and account cost (XAccountCommand.cpp); `args` follow "x" / "cost".
int addXAccount(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err);
int runXCostCommand(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err);
// account set ID --poll-mentions S ... (XAccountCommand.cpp); `args` follow "set".
int runXSetCommand(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err);
// account add feed ... (FeedAccountCommand.cpp); `args` follow "feed".
int addFeedAccount(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err);
int runSyncCommand(const AdminContext &context, QTextStream &out, QTextStream &err);
int runSendCommand(const AdminContext &context, QTextStream &in, QTextStream &out, QTextStream &err);
// conversation send-transcript | hide | unhide ... (ConversationCommand.cpp)
int runConversationCommand(const AdminContext &context, QTextStream &out, QTextStream &err);
// The e-mail account to send through: `chosen`, or the only one connected (ConversationCommand.cpp).
Core::Result<qint64> chooseEmailAccount(Store::Database &db, qint64 chosen);
// message attachments ... (MessageCommand.cpp)
int runMessageCommand(const AdminContext &context, QTextStream &out, QTextStream &err);
int runWorkspaceCommand(const AdminContext &context, QTextStream &out, QTextStream &err);
int runAgentCommand(const AdminContext &context, QTextStream &out, QTextStream &err);
int runTeamCommand(const AdminContext &context, QTextStream &in, QTextStream &out, QTextStream &err);
int runMigrateCommand(const AdminContext &context, QTextStream &out, QTextStream &err);

// "careconsole account: <message>\n<hint>" on `err`; returns `code`.
int reportError(QTextStream &err, const QString &command, const Core::Error &error, int code = 1);

} // namespace Care::App
