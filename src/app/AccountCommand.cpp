#include "app/AdminCommand.h"

#include "core/AccountSyncStatus.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/OutboxRepository.h"
#include "store/SyncStateRepository.h"
#include "sync/HttpClient.h"
#include "sync/MastodonAccountSetup.h"
#include "sync/MastodonOAuth.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QLocale>

namespace Care::App {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::App::AccountCommand)
};

Error usage(const QString &message)
{
    return Core::Error::make(Core::Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
}

int addMastodon(const AdminContext &context, const QStringList &args, QTextStream &in, QTextStream &out, QTextStream &err)
{
    QString instance;
    bool tokenStdin = false;
    QStringList keywords;
    QStringList hashtags;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--instance") && i + 1 < args.size())
            instance = args.at(++i);
        else if (a == QLatin1String("--token-stdin"))
            tokenStdin = true;
        else if (a == QLatin1String("--keyword") && i + 1 < args.size())
            keywords << args.at(++i);
        else if (a == QLatin1String("--hashtag") && i + 1 < args.size())
            hashtags << args.at(++i);
        else
            return reportError(err, QStringLiteral("account add"), usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
    }
    if (instance.isEmpty())
        return reportError(err, QStringLiteral("account add"),
                           usage(Strings::tr("Give the instance's address with --instance, e.g. --instance https://social.example")), 2);
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, QStringLiteral("account add"), secrets.error());
    QString token;
    if (tokenStdin) {
        token = in.readLine().trimmed();
        if (token.isEmpty())
            return reportError(err, QStringLiteral("account add"), usage(Strings::tr("No token arrived on standard input.")), 2);
    } else {
        // The browser sign-in: the person allows Care Console on the instance; the answer
        // comes back to a listener on this machine's loopback.
        Sync::MastodonAppRegistration registration = Sync::loadMastodonRegistration(*secrets.value(), instance);
        auto granted = Sync::MastodonOAuth::signIn(instance, registration, [&](const QUrl &url) {
            out << Strings::tr("Open this address in a browser on this computer and allow Care Console:") << Qt::endl
                << url.toString(QUrl::FullyEncoded) << Qt::endl
                << Strings::tr("Waiting up to 5 minutes…") << Qt::endl;
        });
        Sync::saveMastodonRegistration(*secrets.value(), registration);
        if (!granted)
            return reportError(err, QStringLiteral("account add"), granted.error());
        token = granted.value();
    }
    auto db = context.openStore();
    if (!db)
        return reportError(err, QStringLiteral("account add"), db.error());
    Sync::HttpClient http;
    auto account = Sync::connectMastodonAccount(*db.value(), *secrets.value(), http, instance, token, keywords, hashtags);
    if (!account)
        return reportError(err, QStringLiteral("account add"), account.error());
    out << Strings::tr("Added account %1: Mastodon %2 (token kept in %3).")
               .arg(account->id)
               .arg(account->handle, secrets.value()->description())
        << Qt::endl;
    return 0;
}

int list(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    auto db = context.openStore();
    if (!db)
        return reportError(err, QStringLiteral("account list"), db.error());
    auto accounts = Store::AccountRepository(*db.value()).list();
    auto statuses = Store::SyncStateRepository(*db.value()).statuses();
    auto pending = Store::OutboxRepository(*db.value()).pending();
    if (!accounts || !statuses || !pending)
        return reportError(err, QStringLiteral("account list"),
                           !accounts ? accounts.error() : !statuses ? statuses.error() : pending.error());
    QHash<qint64, Core::AccountSyncStatus> byAccount;
    for (const auto &s : std::as_const(statuses.value()))
        byAccount.insert(s.accountId, s);
    QHash<qint64, int> waiting;
    for (const auto &item : std::as_const(pending.value()))
        ++waiting[item.accountId];
    int shown = 0;
    for (const Core::Account &a : std::as_const(accounts.value())) {
        if (a.demo)
            continue;
        ++shown;
        const auto status = byAccount.value(a.id);
        QString state = byAccount.contains(a.id) ? Core::syncStateId(status.state) : Strings::tr("never synced");
        QString line = QStringLiteral("%1\t%2\t%3\t%4").arg(a.id).arg(Core::platformDisplayName(a.platform), a.handle, state);
        if (status.lastSyncAt.isValid())
            line += QLatin1Char('\t') + Strings::tr("last sync %1").arg(QLocale::c().toString(status.lastSyncAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm")));
        if (waiting.value(a.id))
            line += QLatin1Char('\t') + Strings::tr("%1 undelivered").arg(waiting.value(a.id));
        if (!status.message.isEmpty())
            line += QLatin1Char('\t') + QString(status.message).replace(QLatin1Char('\n'), QLatin1Char(' ')); // one line per account
        out << line << Qt::endl;
    }
    if (!shown)
        out << Strings::tr("No accounts are connected. Add one with: careconsole account add mastodon --instance URL --token-stdin")
            << Qt::endl;
    return 0;
}

int remove(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err)
{
    bool ok = false;
    const qint64 id = args.value(0).toLongLong(&ok);
    if (!ok || args.size() != 1)
        return reportError(err, QStringLiteral("account remove"), usage(Strings::tr("Give the account's number, e.g. account remove 3.")), 2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, QStringLiteral("account remove"), db.error());
    auto account = Store::AccountRepository(*db.value()).get(id);
    if (!account)
        return reportError(err, QStringLiteral("account remove"), account.error());
    if (Core::Status s = Store::AccountRepository(*db.value()).remove(id); !s)
        return reportError(err, QStringLiteral("account remove"), s.error());
    // The secret goes too; a keychain that cannot be reached only leaves a dead token.
    if (auto secrets = context.openSecrets()) {
        if (Core::Status s = secrets.value()->remove(Sync::SyncEngine::secretKey(account.value())); !s)
            err << "careconsole account remove: " << s.error().message << Qt::endl;
    }
    out << Strings::tr("Removed account %1 (%2). Its conversations stay in the store.").arg(id).arg(account->handle) << Qt::endl;
    return 0;
}

} // namespace

int runAccountCommand(const AdminContext &context, QTextStream &in, QTextStream &out, QTextStream &err)
{
    const QString sub = context.rest.value(1);
    if (sub == QLatin1String("add")) {
        const QString platform = context.rest.value(2);
        if (platform == QLatin1String("mastodon"))
            return addMastodon(context, context.rest.mid(3), in, out, err);
        if (platform == QLatin1String("bluesky"))
            return addBlueskyAccount(context, context.rest.mid(3), in, out, err);
        if (platform == QLatin1String("email"))
            return addEmailAccount(context, context.rest.mid(3), in, out, err);
        if (platform == QLatin1String("facebook"))
            return addFacebookAccount(context, context.rest.mid(3), in, out, err);
        if (platform == QLatin1String("x"))
            return addXAccount(context, context.rest.mid(3), out, err);
        if (platform == QLatin1String("feed"))
            return addFeedAccount(context, context.rest.mid(3), out, err);
        return reportError(err, QStringLiteral("account add"),
                           usage(platform.isEmpty() ? Strings::tr("Say which platform, e.g. account add mastodon.")
                                                    : Strings::tr("Care Console cannot connect %1 accounts yet.").arg(platform)),
                           2);
    }
    if (sub == QLatin1String("list"))
        return list(context, out, err);
    if (sub == QLatin1String("cost"))
        return runXCostCommand(context, context.rest.mid(2), out, err);
    if (sub == QLatin1String("set"))
        return runXSetCommand(context, context.rest.mid(2), out, err);
    if (sub == QLatin1String("remove"))
        return remove(context, context.rest.mid(2), out, err);
    return reportError(err, QStringLiteral("account"), usage(Strings::tr("Use account add, account list, account cost, account set or account remove.")), 2);
}

} // namespace Care::App
