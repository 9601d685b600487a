// careconsole-syncd: the team's headless sync service. Syncs every account of a team
// database and delivers the outbox, so consoles neither poll the platforms nor hold their
// credentials. Built from the core, store and sync libraries only (no widgets, no display).
// Several instances may run against one database for availability: each account is synced by
// one instance at a time (Store::AccountLease); when one dies another takes over.
//
// Logs go to standard error, one logfmt line per event, in English (they are read by
// administrators' tools, not by agents). SIGTERM or SIGINT stops it cleanly: the sync in
// flight is cut short and anything interrupted is reconciled at the next start.

#include "store/ChangeFeed.h"
#include "store/Database.h"
#include "store/DatabaseLocation.h"
#include "sync/SecretStore.h"
#include "sync/SyncService.h"
#include "syncd/StructuredLog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QSysInfo>
#include <QTimer>

#include <csignal>

using Care::Syncd::StructuredLog;

namespace {

volatile std::sig_atomic_t g_stopSignal = 0;

extern "C" void requestStop(int signal)
{
    g_stopSignal = signal;
}

int fail(const QString &event, const Care::Core::Error &error)
{
    StructuredLog::write(QStringLiteral("error"), event,
                         {{QStringLiteral("msg"), error.message}, {QStringLiteral("hint"), error.hint},
                          {QStringLiteral("detail"), error.detail}});
    return 1;
}

QString stateLine(const Care::Sync::AccountView &a)
{
    return Care::Core::syncStateId(a.status.state) + QLatin1Char('|') + a.status.message + QLatin1Char('|')
           + QString::number(a.undelivered);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CareConsole"));
    QCoreApplication::setApplicationName(QStringLiteral("careconsole-syncd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CARE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The Care Console team sync service: syncs every account of a team database and delivers replies."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption database(QStringLiteral("database"),
                                      QStringLiteral("The team database, postgresql://USER@HOST/DB "
                                                     "(default: the CARE_DATABASE environment variable)."),
                                      QStringLiteral("url"));
    const QCommandLineOption secrets(QStringLiteral("secrets-file"),
                                     QStringLiteral("Keep platform tokens in this file (mode 600) instead of the keychain."),
                                     QStringLiteral("path"));
    parser.addOption(database);
    parser.addOption(secrets);
    parser.process(app);

    StructuredLog::install();
    const QString url = parser.isSet(database) ? parser.value(database) : qEnvironmentVariable("CARE_DATABASE");
    if (url.isEmpty()) {
        StructuredLog::write(QStringLiteral("error"), QStringLiteral("config"),
                             {{QStringLiteral("msg"), QStringLiteral("No database: give --database postgresql://… or set CARE_DATABASE.")}});
        return 2;
    }
    auto location = Care::Store::DatabaseLocation::parse(url);
    if (!location)
        return fail(QStringLiteral("config"), location.error());
    if (auto opened = Care::Store::Database::open(location.value()); !opened) // migrated once, for a clear error
        return fail(QStringLiteral("database"), opened.error());
    if (auto store = Care::Sync::SecretStore::open(parser.value(secrets)); !store)
        return fail(QStringLiteral("secrets"), store.error());

    const QString instance = QSysInfo::machineHostName() + QLatin1Char('/') + QString::number(QCoreApplication::applicationPid());
    StructuredLog::write(QStringLiteral("info"), QStringLiteral("started"),
                         {{QStringLiteral("instance"), instance},
                          {QStringLiteral("database"), location->displayName()},
                          {QStringLiteral("version"), QStringLiteral(CARE_VERSION)}});

    Care::Sync::SyncService service(location.value(), parser.value(secrets));
    QHash<qint64, QString> shown;
    QObject::connect(&service, &Care::Sync::SyncService::accountsChanged, &service,
                     [&shown](const QList<Care::Sync::AccountView> &accounts) {
                         for (const Care::Sync::AccountView &a : accounts) {
                             if (a.demo || shown.value(a.id) == stateLine(a))
                                 continue;
                             shown.insert(a.id, stateLine(a));
                             const bool bad = a.status.state == Care::Core::SyncState::Failed
                                              || a.status.state == Care::Core::SyncState::NeedsReconnect;
                             StructuredLog::write(bad ? QStringLiteral("warning") : QStringLiteral("info"),
                                                  QStringLiteral("account_state"),
                                                  {{QStringLiteral("account"), QString::number(a.id)},
                                                   {QStringLiteral("label"), a.label},
                                                   {QStringLiteral("state"), Care::Core::syncStateId(a.status.state)},
                                                   {QStringLiteral("undelivered"), QString::number(a.undelivered)},
                                                   {QStringLiteral("msg"), a.status.message}});
                         }
                     });

    // A reply queued by any console reaches the platform at once, not at the next poll.
    Care::Store::ChangeFeed feed(location.value());
    QObject::connect(&feed, &Care::Store::ChangeFeed::tablesChanged, &service, [&service](const QStringList &tables) {
        if (tables.contains(QLatin1String("outbox")))
            service.deliverSoon();
    });
    QObject::connect(&feed, &Care::Store::ChangeFeed::resynced, &service, &Care::Sync::SyncService::deliverSoon);
    QObject::connect(&feed, &Care::Store::ChangeFeed::listeningChanged, &feed, [](bool listening, const QString &why) {
        StructuredLog::write(listening ? QStringLiteral("info") : QStringLiteral("warning"), QStringLiteral("change_feed"),
                             {{QStringLiteral("listening"), listening ? QStringLiteral("true") : QStringLiteral("false")},
                              {QStringLiteral("msg"), why}});
    });
    if (location->dialect == Care::Store::SqlDialect::PostgreSQL)
        feed.start();

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, &app, [] {
        if (g_stopSignal)
            QCoreApplication::quit();
    });
    stopCheck.start(100);
    service.start();
    const int code = QCoreApplication::exec();
    StructuredLog::write(QStringLiteral("info"), QStringLiteral("stopping"),
                         {{QStringLiteral("instance"), instance},
                          {QStringLiteral("signal"), QString::number(int(g_stopSignal))}});
    return code;
}
