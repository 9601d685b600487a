#include "app/AdminCommand.h"

#include "store/Database.h"
#include "sync/FeedAccountSetup.h"
#include "sync/HttpClient.h"

#include <QCoreApplication>

namespace Care::App {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::App::FeedAccountCommand)
};

} // namespace

// careconsole account add feed --url URL [--term TERM]... [--interval SECONDS] [--history DAYS]
int addFeedAccount(const AdminContext &context, const QStringList &args, QTextStream &out, QTextStream &err)
{
    const QString command = QStringLiteral("account add");
    const auto usage = [](const QString &message) {
        return Core::Error::make(Core::Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
    };
    Sync::FeedSubscription subscription;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        bool ok = true;
        if (a == QLatin1String("--url") && i + 1 < args.size())
            subscription.url = args.at(++i);
        else if (a == QLatin1String("--term") && i + 1 < args.size())
            subscription.terms << args.at(++i);
        else if (a == QLatin1String("--interval") && i + 1 < args.size() && (args.at(i + 1).toLongLong(&ok), ok))
            subscription.intervalSeconds = args.at(++i).toLongLong();
        else if (a == QLatin1String("--history") && i + 1 < args.size() && (args.at(i + 1).toInt(&ok), ok))
            subscription.historyDays = args.at(++i).toInt();
        else
            return reportError(err, command, usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
    }
    if (subscription.url.isEmpty())
        return reportError(err, command,
                           usage(Strings::tr("Give the feed's address with --url, e.g. --url https://blog.example/feed")), 2);
    if (subscription.intervalSeconds < 0)
        return reportError(err, command, usage(Strings::tr("The interval is a number of seconds, e.g. --interval 1800.")), 2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, command, db.error());
    Sync::HttpClient http;
    auto account = Sync::addFeedAccount(*db.value(), http, subscription);
    if (!account)
        return reportError(err, command, account.error());
    const QStringList terms = subscription.terms;
    out << (terms.isEmpty() ? Strings::tr("Added feed %1: %2 (every item is taken).").arg(account->id).arg(account->name)
                            : Strings::tr("Added feed %1: %2 (items naming %3).")
                                  .arg(account->id)
                                  .arg(account->name, terms.join(QStringLiteral(", "))))
        << Qt::endl;
    return 0;
}

} // namespace Care::App
