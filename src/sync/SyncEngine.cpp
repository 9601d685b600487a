#include "sync/SyncEngine.h"

#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "store/ScheduledPostRepository.h"
#include "store/SyncStateRepository.h"
#include "sync/ScheduledPostDelivery.h"
#include "sync/BlueskyAccountSetup.h"
#include "sync/BlueskyConnector.h"
#include "sync/FacebookAccountSetup.h"
#include "sync/Connector.h"
#include "sync/EmailAccountSetup.h"
#include "sync/EmailConnector.h"
#include "sync/HttpClient.h"
#include "sync/FeedAccountSetup.h"
#include "sync/FeedConnector.h"
#include "sync/HttpFailure.h"
#include "sync/MastodonConnector.h"
#include "sync/SecretStore.h"
#include "sync/XAccountSetup.h"
#include "sync/XConnector.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSysInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <csignal>
#endif

Q_LOGGING_CATEGORY(lcSync, "care.sync")

namespace Care::Sync {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::SyncEngine)
};

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray()) {
        const QString s = v.toString().trimmed();
        if (!s.isEmpty())
            out << s;
    }
    return out;
}

Core::SyncState stateFor(const Core::Error &error)
{
    switch (error.code) {
    case Core::Error::Code::TokenRevoked: return Core::SyncState::NeedsReconnect;
    case Core::Error::Code::RateLimited: return Core::SyncState::RateLimited;
    case Core::Error::Code::NetworkError:
    case Core::Error::Code::ServerError:
    case Core::Error::Code::BadResponse:
    case Core::Error::Code::ConnectionLost: // the store: reconnected and retried
    case Core::Error::Code::QueryFailed: return Core::SyncState::Retrying;
    default: return Core::SyncState::Failed;
    }
}

} // namespace

QString AccountSyncReport::summary() const
{
    // Both forms spelled out at the call, so lupdate sees them.
    const auto counted = [](int n, const QString &one, const QString &many) { return n == 1 ? one : many.arg(n); };
    QString line = account + QStringLiteral(": ") + counted(newMessages, Strings::tr("1 new message"), Strings::tr("%1 new messages"));
    line += QStringLiteral(", ") + counted(delivered, Strings::tr("1 reply delivered"), Strings::tr("%1 replies delivered"));
    if (held)
        line += QStringLiteral(", ") + counted(held, Strings::tr("1 held for confirmation"), Strings::tr("%1 held for confirmation"));
    if (failed)
        line += QStringLiteral(", ") + counted(failed, Strings::tr("1 refused by the platform"), Strings::tr("%1 refused by the platform"));
    if (waiting)
        line += QStringLiteral(", ") + counted(waiting, Strings::tr("1 still in the outbox"), Strings::tr("%1 still in the outbox"));
    if (error)
        line += QStringLiteral(" — ") + error->message;
    return line;
}

SyncEngine::SyncEngine(Store::Database &db, SecretStore &secrets, HttpClient &http)
    : m_db(db)
    , m_secrets(secrets)
    , m_http(http)
    , m_factory([this](const Core::Account &account, const QString &secret, HttpClient &client) {
        return defaultConnector(account, secret, client, &m_secrets, &m_db);
    })
{
}

SyncEngine::~SyncEngine() = default;

QString SyncEngine::secretKey(const Core::Account &account)
{
    return Core::platformId(account.platform) + QLatin1Char('/') + account.handle;
}

Core::Result<std::unique_ptr<Connector>> SyncEngine::defaultConnector(const Core::Account &account, const QString &secret,
                                                                      HttpClient &http, SecretStore *secrets,
                                                                      Store::Database *db)
{
    if (account.platform == Core::Platform::Email) { // IMAP and SMTP over libcurl, not the HttpClient
        auto connector = makeEmailConnector(account, secret, db);
        if (!connector)
            return connector.error();
        return std::unique_ptr<Connector>(std::move(connector.value()));
    }
    if (account.platform == Core::Platform::Bluesky) { // its session is refreshed and kept in `secrets`
        auto connector = makeBlueskyConnector(account, secret, http, secrets);
        if (!connector)
            return connector.error();
        return std::unique_ptr<Connector>(std::move(connector.value()));
    }
    if (account.platform == Core::Platform::Facebook)
        return makeFacebookConnector(account, secret, http);
    if (account.platform == Core::Platform::X) { // its tokens are refreshed and kept in `secrets`
        auto connector = makeXConnector(account, secret, http, secrets);
        if (!connector)
            return connector.error();
        return std::unique_ptr<Connector>(std::move(connector.value()));
    }
    if (account.platform == Core::Platform::Mastodon) {
        MastodonConnector::Config config;
        config.accountId = account.id;
        config.instance = QUrl(account.serviceUrl);
        config.token = secret;
        config.ownId = account.externalId;
        config.keywords = stringList(account.settings.value(QStringLiteral("keywords")));
        config.hashtags = stringList(account.settings.value(QStringLiteral("hashtags")));
        return std::unique_ptr<Connector>(std::make_unique<MastodonConnector>(http, config));
    }
    if (account.platform == Core::Platform::Blog)
        return std::unique_ptr<Connector>(std::make_unique<FeedConnector>(http, feedConfig(account)));
    return Core::Error::make(Core::Error::Code::Rejected,
                             Strings::tr("Care Console cannot sync %1 accounts yet.").arg(Core::platformDisplayName(account.platform)));
}

QString SyncEngine::claimant()
{
    return QSysInfo::machineHostName() + QLatin1Char('/') + QString::number(QCoreApplication::applicationPid());
}

Core::Result<int> SyncEngine::recoverInterruptedSends()
{
    const QString host = QSysInfo::machineHostName();
    const auto ownerGone = [&host](const QString &owner, qint64 updatedAtMs) {
        const qsizetype slash = owner.lastIndexOf(QLatin1Char('/'));
        if (owner.isEmpty() || slash < 0)
            return true; // claimed before claimants were recorded
        bool ok = false;
        const qint64 pid = owner.mid(slash + 1).toLongLong(&ok);
#ifdef Q_OS_UNIX
        // On this machine the claimant's process either runs or not.
        if (ok && owner.left(slash) == host)
            return pid != QCoreApplication::applicationPid() && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH;
#else
        Q_UNUSED(pid);
        Q_UNUSED(host);
#endif
        // Elsewhere (a colleague's console on the team database): a send takes at most the
        // client's timeout, so a claim this old was abandoned.
        return QDateTime::currentMSecsSinceEpoch() - updatedAtMs > kAbandonedSendMs;
    };
    auto replies = Store::OutboxRepository(m_db).markInterruptedAsUnknown(ownerGone);
    if (!replies)
        return replies;
    auto posts = Store::ScheduledPostRepository(m_db).requeueInterrupted(ownerGone);
    if (!posts)
        return posts;
    return replies.value() + posts.value();
}

QList<AccountSyncReport> SyncEngine::syncAll(qint64 onlyAccountId)
{
    QList<AccountSyncReport> reports;
    auto accounts = Store::AccountRepository(m_db).list();
    if (!accounts) {
        AccountSyncReport report;
        report.account = Strings::tr("store");
        report.error = accounts.error();
        reports << report;
        return reports;
    }
    for (const Core::Account &account : std::as_const(accounts.value())) {
        if (account.demo || (onlyAccountId && account.id != onlyAccountId))
            continue;
        reports << syncAccount(account);
    }
    return reports;
}

AccountSyncReport SyncEngine::syncAccount(const Core::Account &account)
{
    AccountSyncReport report;
    report.accountId = account.id;
    report.account = Core::platformDisplayName(account.platform) + QLatin1Char(' ') + account.handle;
    report.status.accountId = account.id;
    report.status.state = Core::SyncState::Syncing;
    Store::SyncStateRepository(m_db).saveStatus(report.status);

    // A public feed has no credentials.
    auto secret = account.platform == Core::Platform::Blog ? Core::Result<QString>(QString()) : m_secrets.read(secretKey(account));
    if (!secret) {
        report.error = secret.error();
        finish(report, nullptr);
        return report;
    }
    auto connector = m_factory(account, secret.value(), m_http);
    if (!connector) {
        report.error = connector.error();
        finish(report, nullptr);
        return report;
    }
    Connector &c = *connector.value();
    if (Core::Status s = c.connect(); !s) {
        report.error = s.error();
        finish(report, &c);
        return report;
    }
    const ConnectorCapabilities capabilities = c.capabilities();
    report.streamingUrl = capabilities.streamingUrl;
    // The server's own post length (a Mastodon instance's max_characters) for the composer.
    if (capabilities.maxCharacters > 0
        && account.settings.value(QStringLiteral("maxCharacters")).toInt() != capabilities.maxCharacters) {
        QJsonObject settings = account.settings;
        settings.insert(QStringLiteral("maxCharacters"), capabilities.maxCharacters);
        Store::AccountRepository(m_db).updateSettings(account.id, settings);
    }
    auto cursors = Store::SyncStateRepository(m_db).cursors(account.id);
    if (!cursors) {
        report.error = cursors.error();
        finish(report, &c);
        return report;
    }
    const Core::Status fetched = c.fetch(cursors.value(), [&](const FetchBatch &batch) -> Core::Status {
        return m_db.transaction([&]() -> Core::Status {
            auto ingested = Store::MessageRepository(m_db).ingestInTransaction(batch.messages);
            if (!ingested)
                return ingested.error();
            report.newMessages += ingested->inserted;
            report.updatedMessages += ingested->edited;
            if (Core::Status s = Store::SyncStateRepository(m_db).saveCursorInTransaction(account.id, batch.stream, batch.cursor); !s)
                return s;
            // Progress for the status bar while a long catch-up runs.
            report.status.message = report.newMessages == 1 ? Strings::tr("1 new message so far")
                                                            : Strings::tr("%1 new messages so far").arg(report.newMessages);
            return Store::SyncStateRepository(m_db).saveStatus(report.status);
        });
    });
    if (!fetched) {
        report.error = fetched.error();
        finish(report, &c);
        return report;
    }
    deliver(c, account, report);
    if (report.ok())
        ScheduledPostDelivery(m_db).deliverDue(c, account, report, claimant());
    finish(report, &c);
    return report;
}

void SyncEngine::deliver(Connector &connector, const Core::Account &account, AccountSyncReport &report)
{
    Store::OutboxRepository outbox(m_db);
    auto items = outbox.deliverable(account.id, QDateTime::currentMSecsSinceEpoch());
    if (!items) {
        report.error = items.error();
        return;
    }
    for (const Core::OutboxItem &item : std::as_const(items.value())) {
        if (item.state == Core::DeliveryState::Unknown) {
            // Read back before any retry: it may have gone out although no answer came.
            const ReconcileOutcome found = connector.reconcile(item);
            const bool taken = found.kind == ReconcileOutcome::Kind::Found
                               && outbox.isPlatformIdTaken(account.id, found.platformId).value_or_false();
            if (found.kind == ReconcileOutcome::Kind::Found && !taken) {
                if (outbox.markSent(item.id, found.platformId))
                    ++report.delivered;
                continue;
            }
            if (found.kind == ReconcileOutcome::Kind::CannotTell || taken) {
                // Still unclear after an hour (the read-back does not reach back far enough, or
                // finds only a twin reply): the agent decides, with what to check.
                if (item.updatedAt.isValid() && item.updatedAt.msecsTo(QDateTime::currentDateTimeUtc()) > kUnclearGiveUpMs)
                    outbox.markFailed(item.id, Strings::tr("Care Console could not confirm whether this reply went out. Check the "
                                                  "account's posts on the platform, then retry or cancel it."));
                else
                    ++report.waiting;
                continue;
            }
        } else if (!item.confirmed && !Core::isModeration(item.kind) && item.kind != Core::OutboxKind::Transcript) {
            auto newer = outbox.newerMessages(item);
            if (newer && !newer->isEmpty()) {
                outbox.markHeld(item.id, newer->size() == 1
                                         ? Strings::tr("The conversation moved on after this reply was written (1 newer "
                                              "message). Read it, then send the reply anyway or cancel it.")
                                         : Strings::tr("The conversation moved on after this reply was written (%1 newer "
                                              "messages). Read them, then send the reply anyway or cancel it.")
                                               .arg(newer->size()));
                ++report.held;
                continue;
            }
        }
        auto claimed = outbox.claim(item.id, claimant());
        if (!claimed || !claimed.value())
            continue; // another console or process took it
        const DeliveryOutcome outcome = connector.deliver(item);
        switch (outcome.kind) {
        case DeliveryOutcome::Kind::Sent:
            if (outbox.markSent(item.id, outcome.platformId))
                ++report.delivered;
            break;
        case DeliveryOutcome::Kind::Unknown: {
            outbox.markUnknown(item.id, Strings::tr("No answer came after sending; checking whether it went out."));
            const ReconcileOutcome found = connector.reconcile(item);
            if (found.kind == ReconcileOutcome::Kind::Found
                && !outbox.isPlatformIdTaken(account.id, found.platformId).value_or_false()
                && outbox.markSent(item.id, found.platformId))
                ++report.delivered;
            else
                ++report.waiting;
            break;
        }
        case DeliveryOutcome::Kind::Retry: {
            const qint64 wait = outcome.retryAfterMs > 0 ? outcome.retryAfterMs
                                                         : m_backoff.delayMs(item.attempts, QRandomGenerator::global()->generateDouble());
            outbox.requeue(item.id, QDateTime::currentMSecsSinceEpoch() + wait, outcome.error.message);
            ++report.waiting;
            report.error = outcome.error;
            return; // the platform or network is in trouble: the rest waits too
        }
        case DeliveryOutcome::Kind::Rejected:
            outbox.markFailed(item.id, outcome.error.fullText());
            ++report.failed;
            break;
        case DeliveryOutcome::Kind::Reconnect:
            outbox.requeue(item.id, 0, outcome.error.message);
            ++report.waiting;
            report.error = outcome.error;
            return;
        }
    }
}

void SyncEngine::finish(AccountSyncReport &report, const Connector *connector)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Core::AccountSyncStatus &status = report.status;
    if (connector) {
        if (auto budget = connector->rateBudget()) {
            status.rateRemaining = budget->first;
            status.rateLimit = budget->second;
        }
        status.rateResetAt = connector->rateResetAt();
    }
    qint64 nextMs = m_pollMs;
    if (connector && connector->nextPollAt().isValid())
        nextMs = std::max(nextMs, now.msecsTo(connector->nextPollAt()));
    if (report.error) {
        status.state = stateFor(*report.error);
        const int failures = ++m_failures[report.accountId];
        if (status.state == Core::SyncState::RateLimited && status.rateResetAt.isValid())
            nextMs = std::max<qint64>(1000, now.msecsTo(status.rateResetAt));
        else if (status.state == Core::SyncState::Retrying)
            nextMs = m_backoff.delayMs(failures - 1, 0.5 + QRandomGenerator::global()->generateDouble() / 2);
        status.message = report.error->message;
        if (status.state == Core::SyncState::Retrying)
            status.message = Strings::tr("%1 — retrying in %2").arg(report.error->message, describeWait(nextMs));
        else if (status.state == Core::SyncState::NeedsReconnect || status.state == Core::SyncState::Failed)
            nextMs = 0;
        qCWarning(lcSync) << report.account << status.message << report.error->detail;
    } else {
        m_failures.remove(report.accountId);
        status.state = Core::SyncState::Idle;
        status.message.clear();
        status.lastSyncAt = now;
        if (connector && connector->pollIntervalMs(m_pollMs) > m_pollMs) {
            nextMs = connector->pollIntervalMs(m_pollMs);
            status.message = Strings::tr("Syncing less often (every %1): the platform reports that most of its request "
                                         "budget is used.").arg(describeWait(nextMs));
        }
        if (const QString leftOut = connector ? connector->leftOut() : QString(); !leftOut.isEmpty())
            status.message = status.message.isEmpty() ? leftOut : status.message + QLatin1Char('\n') + leftOut;
    }
    status.nextSyncAt = nextMs > 0 ? now.addMSecs(nextMs) : QDateTime();
    Store::SyncStateRepository(m_db).saveStatus(status);
}

} // namespace Care::Sync
