#include "app/AdminCommand.h"

#include "store/Database.h"
#include "sync/FacebookAccountSetup.h"
#include "sync/HttpClient.h"
#include "sync/SecretStore.h"

#include <QCoreApplication>

namespace Care::App {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::App::FacebookAccountCommand)
};

} // namespace

// careconsole account add facebook --page-id ID --token-stdin [--without-messenger]
//                                  [--human-agent-tag] [--graph-base URL]
int addFacebookAccount(const AdminContext &context, const QStringList &args, QTextStream &in, QTextStream &out,
                       QTextStream &err)
{
    const QString command = QStringLiteral("account add");
    const auto usage = [](const QString &message) {
        return Core::Error::make(Core::Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
    };
    Sync::FacebookPageConnect input;
    bool tokenStdin = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--page-id") && i + 1 < args.size())
            input.pageId = args.at(++i);
        else if (a == QLatin1String("--token-stdin"))
            tokenStdin = true;
        else if (a == QLatin1String("--graph-base") && i + 1 < args.size())
            input.graphBase = args.at(++i);
        else if (a == QLatin1String("--without-messenger"))
            input.messenger = false;
        else if (a == QLatin1String("--human-agent-tag"))
            input.humanAgentTag = true;
        else
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
    }
    if (input.pageId.isEmpty())
        return reportError(err, command, usage(Strings::tr("Give the Page's numeric id with --page-id, e.g. --page-id 104233445566")), 2);
    if (!tokenStdin)
        return reportError(err, command,
                           usage(Strings::tr("Give the Page access token on standard input with --token-stdin (a "
                                             "long-lived Page token, or one made for a system user).")),
                           2);
    input.token = in.readLine().trimmed();
    if (input.token.isEmpty())
        return reportError(err, command, usage(Strings::tr("No Page access token arrived on standard input.")), 2);
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, command, secrets.error());
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    Sync::HttpClient http;
    QStringList warnings;
    auto account = Sync::connectFacebookPage(*db.value(), *secrets.value(), http, input, &warnings);
    if (!account)
        return reportError(err, command, account.error());
    out << Strings::tr("Added account %1: Facebook Page %2 (token kept in %3).")
               .arg(account->id)
               .arg(account->name, secrets.value()->description())
        << Qt::endl;
    for (const QString &warning : std::as_const(warnings))
        out << warning << Qt::endl;
    return 0;
}

} // namespace Care::App
