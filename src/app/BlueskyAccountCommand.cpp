#include "app/AdminCommand.h"

#include "store/Database.h"
#include "sync/BlueskyAccountSetup.h"
#include "sync/HttpClient.h"
#include "sync/SecretStore.h"

#include <QCoreApplication>

namespace Care::App {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::App::BlueskyAccountCommand)
};

} // namespace

// careconsole account add bluesky [--service URL] --handle HANDLE --app-password-stdin
//                                 [--keyword WORD]... [--mark-seen] [--search-interval SECONDS]
//                                 [--language TAG]
int addBlueskyAccount(const AdminContext &context, const QStringList &args, QTextStream &in, QTextStream &out,
                      QTextStream &err)
{
    const QString command = QStringLiteral("account add");
    const auto usage = [](const QString &message) {
        return Core::Error::make(Core::Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
    };
    Sync::BlueskySignIn signIn;
    bool passwordStdin = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--service") && i + 1 < args.size())
            signIn.service = args.at(++i);
        else if (a == QLatin1String("--handle") && i + 1 < args.size())
            signIn.identifier = args.at(++i);
        else if (a == QLatin1String("--app-password-stdin"))
            passwordStdin = true;
        else if (a == QLatin1String("--keyword") && i + 1 < args.size())
            signIn.keywords << args.at(++i);
        else if (a == QLatin1String("--mark-seen"))
            signIn.markSeen = true;
        else if (a == QLatin1String("--language") && i + 1 < args.size())
            signIn.language = args.at(++i);
        else if (a == QLatin1String("--search-interval") && i + 1 < args.size() && args.at(i + 1).toInt() > 0)
            signIn.searchIntervalSeconds = args.at(++i).toInt();
        else
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
    }
    if (signIn.identifier.isEmpty())
        return reportError(err, command, usage(Strings::tr("Give the account's handle with --handle, e.g. --handle acme.bsky.social")), 2);
    if (!passwordStdin)
        return reportError(err, command,
                           usage(Strings::tr("Give an app password on standard input with --app-password-stdin "
                                             "(create one in Bluesky: Settings → Privacy and security → App passwords).")),
                           2);
    signIn.appPassword = in.readLine().trimmed();
    if (signIn.appPassword.isEmpty())
        return reportError(err, command, usage(Strings::tr("No app password arrived on standard input.")), 2);
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, command, secrets.error());
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    Sync::HttpClient http;
    auto account = Sync::connectBlueskyAccount(*db.value(), *secrets.value(), http, signIn);
    if (!account)
        return reportError(err, command, account.error());
    out << Strings::tr("Added account %1: Bluesky %2 (session kept in %3).")
               .arg(account->id)
               .arg(account->handle, secrets.value()->description())
        << Qt::endl;
    return 0;
}

} // namespace Care::App
