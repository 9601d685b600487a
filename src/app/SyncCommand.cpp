#include "app/AdminCommand.h"

#include "core/Signature.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/ConversationActions.h"
#include "store/ConversationFactsQuery.h"
#include "store/ConversationRepository.h"
#include "store/Database.h"
#include "sync/HttpClient.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"
#include "sync/SyncService.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <csignal>

namespace Care::App {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::App::SyncCommand)
};

Error usage(const QString &message)
{
    return Core::Error::make(Core::Error::Code::InvalidInput, message, Strings::tr("Try careconsole --help."));
}

volatile std::sig_atomic_t g_stopRequested = 0;

extern "C" void requestStop(int)
{
    g_stopRequested = 1;
}

// `careconsole sync` without --once: the headless sync service for a server or a team's
// shared database. Syncs every account when due, delivers replies queued by any console,
// prints a line whenever an account's state changes, and stops cleanly on SIGINT/SIGTERM.
int runSyncService(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    auto location = context.storeLocation();
    if (!location)
        return reportError(err, QStringLiteral("sync"), location.error());
    if (auto secrets = context.openSecrets(); !secrets)
        return reportError(err, QStringLiteral("sync"), secrets.error());
    if (auto db = context.openStore(); !db) // opened (and migrated) once up front, for a clear error
        return reportError(err, QStringLiteral("sync"), db.error());
    Sync::SyncService service(location.value(), context.secretsFile);
    QHash<qint64, QString> shown;
    QObject::connect(&service, &Sync::SyncService::accountsChanged, &service, [&](const QList<Sync::AccountView> &accounts) {
        for (const Sync::AccountView &a : accounts) {
            if (a.demo)
                continue;
            QString line = a.label + QStringLiteral(": ") + Core::syncStateId(a.status.state);
            if (!a.status.message.isEmpty())
                line += QStringLiteral(" — ") + a.status.message;
            if (a.undelivered)
                line += Strings::tr(" (%1 undelivered)").arg(a.undelivered);
            if (shown.value(a.id) == line)
                continue;
            shown.insert(a.id, line);
            out << QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) << ' ' << line << Qt::endl;
        }
    });
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    QTimer stopCheck;
    QObject::connect(&stopCheck, &QTimer::timeout, qApp, [] {
        if (g_stopRequested)
            QCoreApplication::quit();
    });
    stopCheck.start(200);
    out << Strings::tr("Syncing every connected account; stop with Ctrl+C.") << Qt::endl;
    service.start();
    QCoreApplication::exec();
    out << Strings::tr("Stopped.") << Qt::endl;
    return 0;
}

// Signed as the composer signs (Core::Signature::forPlatform).
Core::Result<QString> signedReply(Store::Database &db, qint64 conversationId, const QString &agentId, const QString &text,
                                  bool byEmail)
{
    auto agents = Store::AgentRepository(db).list();
    if (!agents)
        return agents.error();
    const auto agent = std::find_if(agents->cbegin(), agents->cend(), [&](const Core::Agent &a) { return a.id == agentId; });
    if (agent == agents->cend())
        return usage(Strings::tr("There is no agent %1 to sign with; add one with careconsole agent set.").arg(agentId));
    auto conversation = Store::ConversationRepository(db).get(conversationId);
    if (!conversation)
        return conversation.error();
    auto account = Store::AccountRepository(db).get(conversation->accountId);
    if (!account)
        return account.error();
    return Core::Signature::forPlatform(byEmail ? Core::Platform::Email : account->platform).apply(text, *agent);
}

} // namespace

int runSyncCommand(const AdminContext &context, QTextStream &out, QTextStream &err)
{
    bool once = false;
    qint64 accountId = 0;
    const QStringList args = context.rest.mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--once")) {
            once = true;
        } else if (a == QLatin1String("--account") && i + 1 < args.size()) {
            bool ok = false;
            accountId = args.at(++i).toLongLong(&ok);
            if (!ok)
                return reportError(err, QStringLiteral("sync"), usage(Strings::tr("--account takes the account's number.")), 2);
        } else {
            return reportError(err, QStringLiteral("sync"), usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
        }
    }
    if (!once)
        return runSyncService(context, out, err);
    auto db = context.openStore();
    if (!db)
        return reportError(err, QStringLiteral("sync"), db.error());
    auto secrets = context.openSecrets();
    if (!secrets)
        return reportError(err, QStringLiteral("sync"), secrets.error());
    Sync::HttpClient http;
    Sync::SyncEngine engine(*db.value(), *secrets.value(), http);
    if (auto recovered = engine.recoverInterruptedSends(); !recovered)
        return reportError(err, QStringLiteral("sync"), recovered.error());
    const QList<Sync::AccountSyncReport> reports = engine.syncAll(accountId);
    if (reports.isEmpty()) {
        if (accountId)
            return reportError(err, QStringLiteral("sync"),
                               usage(Strings::tr("There is no connected account %1; see careconsole account list.").arg(accountId)), 2);
        out << Strings::tr("No accounts are connected; nothing to sync.") << Qt::endl;
        return 0;
    }
    bool failed = false;
    for (const Sync::AccountSyncReport &report : reports) {
        out << report.summary() << Qt::endl;
        failed = failed || !report.ok();
    }
    return failed ? 1 : 0;
}

int runSendCommand(const AdminContext &context, QTextStream &in, QTextStream &out, QTextStream &err)
{
    qint64 conversationId = 0;
    std::optional<Core::Visibility> visibility;
    bool byEmail = false; // an answer by e-mail to a conversation from any platform
    qint64 emailAccountId = 0;
    bool textStdin = false;
    bool sign = false;
    QString agent = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    const QStringList args = context.rest.mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--conversation") && i + 1 < args.size()) {
            conversationId = args.at(++i).toLongLong();
        } else if (a == QLatin1String("--public") || a == QLatin1String("--private")) {
            const auto chosen = a == QLatin1String("--public") ? Core::Visibility::Public : Core::Visibility::Private;
            if (visibility && *visibility != chosen)
                return reportError(err, QStringLiteral("send"), usage(Strings::tr("Choose one of --public and --private.")), 2);
            visibility = chosen;
        } else if (a == QLatin1String("--email")) {
            byEmail = true;
        } else if (a == QLatin1String("--account") && i + 1 < args.size()) {
            emailAccountId = args.at(++i).toLongLong();
        } else if (a == QLatin1String("--text-stdin")) {
            textStdin = true;
        } else if (a == QLatin1String("--agent") && i + 1 < args.size()) {
            agent = args.at(++i);
        } else if (a == QLatin1String("--sign")) {
            sign = true;
        } else {
            return reportError(err, QStringLiteral("send"), usage(Strings::tr("Unexpected argument: %1").arg(a)), 2);
        }
    }
    if (byEmail && visibility)
        return reportError(err, QStringLiteral("send"), usage(Strings::tr("Choose one of --public, --private and --email.")), 2);
    if (conversationId <= 0 || (!visibility && !byEmail) || !textStdin)
        return reportError(err, QStringLiteral("send"),
                           usage(Strings::tr("send needs --conversation ID, --public, --private or --email, and --text-stdin.")), 2);
    QString text = in.readAll().trimmed();
    if (text.isEmpty())
        return reportError(err, QStringLiteral("send"), usage(Strings::tr("No reply text arrived on standard input.")), 2);
    auto db = context.openStore();
    if (!db)
        return reportError(err, QStringLiteral("send"), db.error());
    // Only what the platform allows in this conversation (the same rules the console offers by);
    // an answer by e-mail leaves the platform, and queueEmailAnswer checks the customer asked for it.
    if (visibility) {
        auto capabilities = Store::ConversationFactsQuery(*db.value()).capabilities(conversationId);
        if (!capabilities)
            return reportError(err, QStringLiteral("send"), capabilities.error());
        const Core::Capability allowed = *visibility == Core::Visibility::Public ? capabilities->publicReply
                                                                                : capabilities->privateMessage;
        if (!allowed)
            return reportError(err, QStringLiteral("send"), Core::Error::make(Core::Error::Code::Rejected, allowed.reason), 2);
    }
    if (sign) {
        auto signedText = signedReply(*db.value(), conversationId, agent, text, byEmail);
        if (!signedText)
            return reportError(err, QStringLiteral("send"), signedText.error(), 2);
        text = signedText.value();
    }
    Core::Result<qint64> id = qint64(0);
    if (byEmail) {
        auto account = chooseEmailAccount(*db.value(), emailAccountId);
        if (!account)
            return reportError(err, QStringLiteral("send"), account.error(), 2);
        id = Store::ConversationActions(*db.value(), agent).queueEmailAnswer(conversationId, account.value(), text);
    } else {
        id = Store::ConversationActions(*db.value(), agent).queueReply(conversationId, *visibility, text);
    }
    if (!id)
        return reportError(err, QStringLiteral("send"), id.error());
    out << Strings::tr("Queued reply %1 in conversation %2; it goes out with the running console or the next sync.")
               .arg(id.value())
               .arg(conversationId)
        << Qt::endl;
    return 0;
}

} // namespace Care::App
