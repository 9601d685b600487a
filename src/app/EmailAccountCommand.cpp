#include "app/AdminCommand.h"

#include "store/Database.h"
#include "sync/EmailAccountSetup.h"
#include "sync/SecretStore.h"

#include <QCoreApplication>

namespace Care::App {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::App::EmailAccountCommand)
};

} // namespace

// careconsole account add email --imap URL --smtp URL --user NAME --password-stdin
//                               [--address ADDR] [--name NAME] [--mailbox NAME] [--allow-plain]
int addEmailAccount(const AdminContext &context, const QStringList &args, QTextStream &in, QTextStream &out,
                    QTextStream &err)
{
    const QString command = QStringLiteral("account add");
    const auto usage = [](const QString &message) {
        return Core::Error::make(Core::Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
    };
    Sync::EmailSignIn signIn;
    bool passwordStdin = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--imap") && hasValue)
            signIn.imapUrl = args.at(++i);
        else if (a == QLatin1String("--smtp") && hasValue)
            signIn.smtpUrl = args.at(++i);
        else if (a == QLatin1String("--user") && hasValue)
            signIn.user = args.at(++i);
        else if (a == QLatin1String("--address") && hasValue)
            signIn.address = args.at(++i);
        else if (a == QLatin1String("--name") && hasValue)
            signIn.displayName = args.at(++i);
        else if (a == QLatin1String("--mailbox") && hasValue)
            signIn.mailbox = args.at(++i);
        else if (a == QLatin1String("--password-stdin"))
            passwordStdin = true;
        else if (a == QLatin1String("--allow-plain"))
            signIn.allowPlain = true;
        else
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
    }
    if (signIn.imapUrl.isEmpty() || signIn.smtpUrl.isEmpty() || signIn.user.isEmpty())
        return reportError(err, command,
                           usage(Strings::tr("account add email needs --imap URL, --smtp URL and --user NAME, e.g. "
                                             "--imap imaps://mail.example.com --smtp smtp://mail.example.com:587")),
                           2);
    if (!passwordStdin)
        return reportError(err, command, usage(Strings::tr("Give the mailbox's password on standard input with --password-stdin.")), 2);
    signIn.password = in.readLine();
    if (signIn.password.isEmpty())
        return reportError(err, command, usage(Strings::tr("No password arrived on standard input.")), 2);
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, command, secrets.error());
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    auto account = Sync::connectEmailAccount(*db.value(), *secrets.value(), signIn);
    if (!account)
        return reportError(err, command, account.error());
    out << Strings::tr("Added account %1: e-mail %2 (password kept in %3).")
               .arg(account->id)
               .arg(account->handle, secrets.value()->description())
        << Qt::endl;
    return 0;
}

} // namespace Care::App
