#include "app/AdminCommand.h"

#include "store/AccountRepository.h"
#include "store/Database.h"
#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"
#include "sync/SecretStore.h"
#include "sync/XAccountSetup.h"
#include "sync/XConnector.h"
#include "sync/XCostMeter.h"
#include "sync/XSignIn.h"

#include <QCoreApplication>
#include <QFile>
#include <QProcess>

namespace Care::App {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;
using Core::Status;

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::App::XAccountCommand)
};

Error usage(const QString &message)
{
    return Core::Error::make(Core::Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
}

bool seconds(const QString &text, qint64 *out)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < 0)
        return false;
    *out = value;
    return true;
}

QString money(double amount, const QString &currency)
{
    return Strings::tr("%1 %2").arg(QString::number(amount, 'f', 2), currency);
}

QString every(qint64 secs)
{
    return secs > 0 ? Strings::tr("every %1").arg(Sync::describeWait(secs * 1000)) : Strings::tr("off");
}

Core::Result<Sync::XPrices> prices(const QString &file)
{
    if (file.isEmpty())
        return Sync::XPrices::builtIn();
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return usage(Strings::tr("Cannot read the price file %1.").arg(file));
    return Sync::XPrices::parse(f.readAll());
}

// One X account's estimated monthly cost, stream by stream, with its budget and listening query.
Status printXCost(Store::Database &db, const Core::Account &account, const Sync::XPrices &prices,
                        const QDateTime &now, QTextStream &out)
{
    const Sync::XAccountOptions options = Sync::xAccountOptions(account);
    auto estimate = Sync::estimateXAccount(db, account, prices, now);
    if (!estimate)
        return estimate.error();
    const Sync::XCostEstimate &e = estimate.value();
    const QString currency = prices.currency;
    out << Strings::tr("Account %1: X %2 — estimated monthly API cost (prices of %3, an upper bound):")
               .arg(account.id)
               .arg(account.handle, prices.checkedOn)
        << Qt::endl;
    out << "  " << Strings::tr("mentions, polled %1: %2").arg(every(e.plan.mentions), money(e.mentions, currency)) << Qt::endl;
    out << "  " << Strings::tr("keyword listening, polled %1: %2").arg(every(e.plan.search), money(e.search, currency)) << Qt::endl;
    out << "  " << Strings::tr("direct messages, polled %1: %2").arg(every(e.plan.direct), money(e.direct, currency)) << Qt::endl;
    out << "  " << Strings::tr("replies and messages sent: %1").arg(money(e.writes, currency)) << Qt::endl;
    out << "  " << Strings::tr("total: %1").arg(money(e.total(), currency)) << Qt::endl;
    out << "  " << Strings::tr("spent this month so far: %1").arg(money(e.monthSpent, currency)) << Qt::endl;
    if (e.assumed)
        out << "  " << Strings::tr("Less than an hour of traffic was measured: the figures use the price file's assumptions.")
            << Qt::endl;
    if (options.monthlyBudget > 0) {
        out << "  " << Strings::tr("budget: %1 a month").arg(money(options.monthlyBudget, currency)) << Qt::endl;
        if (e.plan.direct != options.plan.direct)
            out << "  " << Strings::tr("Direct messages are polled %1 instead of %2 to stay within it.")
                               .arg(every(e.plan.direct), every(options.plan.direct))
                << Qt::endl;
        if (e.overBudget)
            out << "  " << Strings::tr("The traffic itself costs more than the budget: keyword listening is paused. "
                                       "Raise the budget or narrow the brand terms.")
                << Qt::endl;
    }
    if (const QString query = Sync::xListeningQuery(account); !query.isEmpty())
        out << "  " << Strings::tr("listening query: %1").arg(query) << Qt::endl;
    return {};
}

} // namespace

// careconsole account add x --client-id ID [--keyword WORD]... [--port N] [--open]
//     [--poll-mentions S] [--poll-search S] [--poll-direct S] [--budget AMOUNT]
//     [--auth-base URL --api-base URL]   (a test server instead of x.com)
int addXAccount(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("account add");
    Sync::XSignInOptions signIn;
    Sync::XAccountOptions options;
    bool open = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--client-id") && hasValue) {
            signIn.clientId = args.at(++i);
        } else if (a == QLatin1String("--keyword") && hasValue) {
            options.keywords << args.at(++i);
        } else if (a == QLatin1String("--port") && hasValue && args.at(i + 1).toUInt() > 0 && args.at(i + 1).toUInt() < 65536) {
            signIn.port = quint16(args.at(++i).toUInt());
        } else if (a == QLatin1String("--open")) {
            open = true;
        } else if (a == QLatin1String("--poll-mentions") && hasValue && seconds(args.at(i + 1), &options.plan.mentions)) {
            ++i;
        } else if (a == QLatin1String("--poll-search") && hasValue && seconds(args.at(i + 1), &options.plan.search)) {
            ++i;
        } else if (a == QLatin1String("--poll-direct") && hasValue && seconds(args.at(i + 1), &options.plan.direct)) {
            ++i;
        } else if (a == QLatin1String("--budget") && hasValue && args.at(i + 1).toDouble() >= 0) {
            options.monthlyBudget = args.at(++i).toDouble();
        } else if ((a == QLatin1String("--auth-base") || a == QLatin1String("--api-base")) && hasValue) {
            auto base = Sync::checkedXBase(args.at(++i));
            if (!base)
                return reportError(err, command, base.error(), 2);
            (a == QLatin1String("--auth-base") ? signIn.authBase : signIn.apiBase) = base.value();
        } else {
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
        }
    }
    options.apiBase = signIn.apiBase;
    if (Core::Status s = Sync::checkXPollPlan(options.plan); !s)
        return reportError(err, command, s.error(), 2);
    if (signIn.clientId.isEmpty())
        return reportError(err, command,
                           usage(Strings::tr("Give the X app's OAuth 2.0 client id with --client-id (X developer console → "
                                             "the app → Keys and tokens).")),
                           2);
    if (!options.keywords.isEmpty()) {
        // The lead sees the listening query before anything runs.
        auto query = Sync::XConnector::searchQuery(options.keywords, QStringLiteral("BRAND"));
        if (!query)
            return reportError(err, command, query.error(), 2);
        out << Strings::tr("Keyword listening will search X for (BRAND is the account's own name):") << Qt::endl
            << "  " << query.value() << Qt::endl;
    }
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, command, secrets.error());
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    Sync::HttpClient http;
    out << Strings::tr("The X app must list %1 as a callback URL and be a native app (public client).")
               .arg(Sync::XSignIn::redirectUri(signIn.port))
        << Qt::endl;
    auto credentials = Sync::XSignIn::signIn(http, signIn, [&](const QUrl &url) {
        out << Strings::tr("Open this address in a browser on this computer and allow Care Console:") << Qt::endl
            << url.toString(QUrl::FullyEncoded) << Qt::endl
            << Strings::tr("Waiting up to 5 minutes…") << Qt::endl;
        if (open)
            QProcess::startDetached(QStringLiteral("xdg-open"), {url.toString(QUrl::FullyEncoded)});
    });
    if (!credentials)
        return reportError(err, command, credentials.error());
    auto account = Sync::connectXAccount(*db.value(), *secrets.value(), credentials.value(), options);
    if (!account)
        return reportError(err, command, account.error());
    out << Strings::tr("Added account %1: X %2 (tokens kept in %3).").arg(account->id).arg(account->handle, secrets.value()->description())
        << Qt::endl;
    if (!options.keywords.isEmpty())
        out << Strings::tr("Listening query: %1").arg(Sync::XConnector::searchQuery(options.keywords, credentials->username).value())
            << Qt::endl;
    return 0;
}

// careconsole account cost [--account ID] [--budget AMOUNT] [--prices FILE]
int runXCostCommand(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("account cost");
    qint64 only = 0;
    std::optional<double> budget;
    QString pricesFile;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--account") && i + 1 < args.size() && args.at(i + 1).toLongLong() > 0)
            only = args.at(++i).toLongLong();
        else if (a == QLatin1String("--budget") && i + 1 < args.size() && args.at(i + 1).toDouble() >= 0)
            budget = args.at(++i).toDouble();
        else if (a == QLatin1String("--prices") && i + 1 < args.size())
            pricesFile = args.at(++i);
        else
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
    }
    if (budget && !only)
        return reportError(err, command, usage(Strings::tr("Say which account the budget is for with --account ID.")), 2);
    auto table = prices(pricesFile);
    if (!table)
        return reportError(err, command, table.error(), 2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    Store::AccountRepository accounts(*db.value());
    auto list = accounts.list();
    if (!list)
        return reportError(err, command, list.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int shown = 0;
    for (Core::Account account : std::as_const(list.value())) {
        if (account.platform != Core::Platform::X || account.demo || (only && account.id != only))
            continue;
        if (budget) {
            account.settings.insert(QStringLiteral("monthlyBudget"), *budget);
            if (Core::Status s = accounts.updateSettings(account.id, account.settings); !s)
                return reportError(err, command, s.error());
        }
        if (Core::Status s = printXCost(*db.value(), account, table.value(), now, out); !s)
            return reportError(err, command, s.error());
        ++shown;
    }
    if (shown == 0)
        out << Strings::tr("No X account is connected.") << Qt::endl;
    return 0;
}

// careconsole account set ID [--poll-mentions S] [--poll-search S] [--poll-direct S]
int runXSetCommand(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("account set");
    bool ok = false;
    const qint64 accountId = args.value(0).toLongLong(&ok);
    if (!ok || accountId <= 0)
        return reportError(err, command, usage(Strings::tr("account set takes the account's number (careconsole account list).")), 2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    auto account = Store::AccountRepository(*db.value()).get(accountId);
    if (!account)
        return reportError(err, command, account.error(), 2);
    Sync::XPollPlan plan = Sync::xAccountOptions(account.value()).plan; // unchanged unless given
    bool changed = false;
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        qint64 *target = a == QLatin1String("--poll-mentions") ? &plan.mentions
                         : a == QLatin1String("--poll-search") ? &plan.search
                         : a == QLatin1String("--poll-direct") ? &plan.direct
                                                               : nullptr;
        if (!target || i + 1 >= args.size())
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
        if (!seconds(args.at(++i), target))
            return reportError(err, command, usage(Strings::tr("%1 takes a number of seconds (0: off).").arg(a)), 2);
        changed = true;
    }
    if (!changed)
        return reportError(err, command,
                           usage(Strings::tr("Say what to change: --poll-mentions S, --poll-search S or --poll-direct S.")), 2);
    auto updated = Sync::setXPollPlan(*db.value(), accountId, plan);
    if (!updated)
        return reportError(err, command, updated.error(), 2);
    out << Strings::tr("Account %1 polls mentions %2, keyword listening %3 and direct messages %4 from the next sync.")
               .arg(accountId)
               .arg(every(plan.mentions), every(plan.search), every(plan.direct))
        << Qt::endl;
    if (Core::Status s = printXCost(*db.value(), updated.value(), Sync::XPrices::builtIn(), QDateTime::currentDateTimeUtc(), out); !s)
        return reportError(err, command, s.error());
    return 0;
}

} // namespace Care::App
