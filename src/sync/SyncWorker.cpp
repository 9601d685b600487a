#include "sync/SyncWorker.h"

#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "store/SyncStateRepository.h"
#include "sync/HttpClient.h"
#include "sync/BlueskyAccountSetup.h"
#include "sync/BlueskyChatClient.h"
#include "sync/BlueskySession.h"
#include "sync/FacebookAccountSetup.h"
#include "sync/FacebookReplyWindow.h"
#include "sync/EmailAccountSetup.h"
#include "sync/EmailAttachments.h"
#include "sync/FeedAccountSetup.h"
#include "sync/MailIdleWatcher.h"
#include "sync/MastodonAccountSetup.h"
#include "sync/MastodonOAuth.h"
#include "sync/MastodonStream.h"
#include "sync/XAccountSetup.h"
#include "sync/XSignIn.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>

#include <limits>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace Care::Sync {

namespace {

constexpr int kTickMs = 2000;

} // namespace

SyncWorker::SyncWorker(Store::DatabaseLocation location, QString secretsFile, const std::atomic_bool *cancelled)
    : m_location(std::move(location))
    , m_secretsFile(std::move(secretsFile))
    , m_cancelled(cancelled)
{
}

void SyncWorker::whenIdle(std::function<void()> task)
{
    if (m_busy)
        m_deferred.append(std::move(task));
    else
        task();
}

SyncWorker::~SyncWorker() = default;

bool SyncWorker::ensureOpen()
{
    if (m_db)
        return true;
    auto db = Store::Database::open(m_location);
    if (!db) {
        qCWarning(lcSync) << "sync cannot open the store:" << db.error().fullText();
        return false;
    }
    m_db = std::move(db.value());
    m_lease = std::make_unique<Store::AccountLease>(*m_db);
    if (m_observeOnly)
        return true;
    m_http = std::make_unique<HttpClient>();
    m_http->setCancelFlag(m_cancelled);
    auto secrets = SecretStore::open(m_secretsFile);
    if (secrets)
        m_secrets = std::move(secrets.value());
    else
        m_secretsError = secrets.error().fullText();
    if (m_secrets) {
        m_engine = std::make_unique<SyncEngine>(*m_db, *m_secrets, *m_http);
        if (auto recovered = m_engine->recoverInterruptedSends(); recovered && recovered.value() > 0)
            qCInfo(lcSync) << recovered.value() << "replies were being sent when the console stopped; checking them";
    }
    return true;
}

void SyncWorker::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(kTickMs);
        connect(m_timer, &QTimer::timeout, this, &SyncWorker::tick);
    }
    m_timer->start();
    QTimer::singleShot(0, this, &SyncWorker::tick);
}

void SyncWorker::stop()
{
    if (m_busy) {
        whenIdle([this] { stop(); });
        return;
    }
    if (m_timer)
        m_timer->stop();
    for (qint64 id : m_streams.keys() + m_idlers.keys())
        dropStream(id);
    dropStore();
}

void SyncWorker::syncNow(qint64 accountId)
{
    if (m_busy) {
        // A sync is running (this call arrived while it waits on the network): what it has
        // already fetched may not include what this call is about, so sync again after it.
        whenIdle([this, accountId] { syncNow(accountId); });
        return;
    }
    if (accountId)
        m_dueAt.insert(accountId, 0);
    else
        m_dueAt.clear();
    QTimer::singleShot(0, this, &SyncWorker::tick);
}

void SyncWorker::deliverSoon()
{
    if (m_busy) {
        whenIdle([this] { deliverSoon(); });
        return;
    }
    // Every account at once — except those waiting for a rate-limit reset or a person
    // (reconnect, a store problem): asking again would only spend budget or repeat the error.
    for (auto it = m_dueAt.begin(); it != m_dueAt.end(); ++it) {
        const Core::SyncState state = m_lastState.value(it.key(), Core::SyncState::Idle);
        if (state == Core::SyncState::Idle || state == Core::SyncState::Retrying)
            it.value() = 0;
    }
    QTimer::singleShot(0, this, &SyncWorker::tick);
}

void SyncWorker::tick()
{
    if (m_busy || (m_cancelled && m_cancelled->load()))
        return;
    // Busy before opening: the keychain probe waits in a local event loop too.
    m_busy = true;
    if (!ensureOpen()) {
        finishTick();
        return;
    }
    if (m_observeOnly) {
        publish();
        finishTick();
        return;
    }
    if (m_engine)
        m_engine->recoverInterruptedSends(); // what a process that died (a killed sync --once) left "sending"
    // While a sync runs (its requests wait in local event loops), the status it saves as it
    // goes is published every second, so the status bar shows the progress.
    QTimer progress;
    progress.setInterval(1000);
    connect(&progress, &QTimer::timeout, this, &SyncWorker::publish);
    progress.start();
    auto accounts = Store::AccountRepository(*m_db).list();
    if (accounts) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const Core::Account &account : std::as_const(accounts.value())) {
            if (account.demo) {
                deliverDemo(account.id);
                continue;
            }
            if (m_dueAt.value(account.id, 0) > now)
                continue;
            // Another sync process (the team's second service) has this account.
            if (!m_lease->hold(account.id))
                continue;
            if (m_cancelled && m_cancelled->load())
                break;
            if (!m_engine) {
                Core::AccountSyncStatus status;
                status.accountId = account.id;
                status.state = Core::SyncState::Failed;
                status.message = m_secretsError;
                Store::SyncStateRepository(*m_db).saveStatus(status);
                m_dueAt.insert(account.id, std::numeric_limits<qint64>::max());
                continue;
            }
            const AccountSyncReport report = m_engine->syncAccount(account);
            ensureStream(account, report);
            m_lastState.insert(account.id, report.status.state);
            const QDateTime next = report.status.nextSyncAt;
            m_dueAt.insert(account.id, next.isValid() ? next.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max());
            if (report.newMessages || report.updatedMessages || report.delivered || report.held || report.failed)
                emit storeChanged();
            if (report.error && report.error->code == Core::Error::Code::ConnectionLost) {
                // The team database went away: open it again on the next tick.
                finishTick();
                dropStore();
                return;
            }
            publish();
        }
    }
    publish();
    finishTick();
}

void SyncWorker::finishTick()
{
    m_busy = false;
    const QList<std::function<void()>> deferred = std::exchange(m_deferred, {});
    for (const auto &task : deferred)
        task();
}

void SyncWorker::dropStore()
{
    m_engine.reset();
    m_secrets.reset();
    m_http.reset();
    m_lease.reset(); // its locks go with the connection
    m_db.reset();
}

void SyncWorker::deliverDemo(qint64 accountId)
{
    // The demo workspace has no platform behind it: its replies are marked sent here, so
    // the demo shows a reply's whole way without pretending to post anywhere.
    Store::OutboxRepository outbox(*m_db);
    auto items = outbox.deliverable(accountId, QDateTime::currentMSecsSinceEpoch());
    if (!items || items->isEmpty())
        return;
    for (const Core::OutboxItem &item : std::as_const(items.value())) {
        if (auto claimed = outbox.claim(item.id); claimed && claimed.value())
            outbox.markSent(item.id, QStringLiteral("demo-%1").arg(item.id));
    }
    emit storeChanged();
}

void SyncWorker::ensureMailIdle(const Core::Account &account, const AccountSyncReport &report)
{
    if (m_idlers.contains(account.id) || !report.ok() || !m_secrets)
        return;
    auto password = m_secrets->read(SyncEngine::secretKey(account));
    if (!password)
        return;
    auto *watcher = new MailIdleWatcher(imapServerFor(account, password.value()), mailboxOf(account), this);
    const qint64 id = account.id;
    connect(watcher, &MailIdleWatcher::newMail, this, [this, id] { syncNow(id); });
    m_idlers.insert(id, watcher);
    watcher->start();
}

void SyncWorker::ensureStream(const Core::Account &account, const AccountSyncReport &report)
{
    if (account.platform == Core::Platform::Email) {
        ensureMailIdle(account, report);
        return;
    }
    if (m_streams.contains(account.id) || !report.ok() || !report.streamingUrl.isValid() || !m_secrets)
        return;
    // The token goes in the handshake: never over an unencrypted socket to another machine.
    const QString host = report.streamingUrl.host();
    const bool loopback = host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost") || host == QLatin1String("::1");
    if (report.streamingUrl.scheme() != QLatin1String("wss") && !loopback)
        return;
    auto token = m_secrets->read(SyncEngine::secretKey(account));
    if (!token)
        return;
    auto *stream = new MastodonStream(report.streamingUrl, token.value(), this);
    const qint64 id = account.id;
    connect(stream, &MastodonStream::notificationArrived, this, [this, id] { syncNow(id); });
    connect(stream, &MastodonStream::gapPossible, this, [this, id] { syncNow(id); });
    connect(stream, &MastodonStream::statusEdited, this, [this, id](const Mastodon::Status &status) {
        applyEdit(id, status.id, status.text, status.editedAt.isValid() ? status.editedAt : QDateTime::currentDateTimeUtc());
    });
    connect(stream, &MastodonStream::statusDeleted, this, [this, id](const QString &statusId) { applyDeletion(id, statusId); });
    m_streams.insert(account.id, stream);
    stream->start();
}

void SyncWorker::dropStream(qint64 accountId)
{
    if (MailIdleWatcher *watcher = m_idlers.take(accountId)) {
        watcher->stop(); // within about a second: libcurl's progress callback sees the flag
        watcher->deleteLater();
    }
    if (MastodonStream *stream = m_streams.take(accountId)) {
        stream->stop();
        stream->deleteLater();
    }
}

void SyncWorker::applyEdit(qint64 accountId, const QString &platformId, const QString &text, const QDateTime &editedAt)
{
    applyChange(accountId, platformId, [&](Core::IncomingMessage &in) {
        in.body = text;
        in.editedAt = editedAt;
        in.createdAt = editedAt; // required by ingest; the existing message keeps its own
    });
}

void SyncWorker::applyDeletion(qint64 accountId, const QString &platformId)
{
    applyChange(accountId, platformId, [](Core::IncomingMessage &in) {
        in.deletedAt = QDateTime::currentDateTimeUtc(); // the text stays, shown as deleted
        in.createdAt = in.deletedAt;
    });
}

void SyncWorker::applyChange(qint64 accountId, const QString &platformId,
                             const std::function<void(Core::IncomingMessage &)> &change)
{
    if (m_busy) {
        Core::IncomingMessage probe; // the change is applied now, so later edits keep their order
        change(probe);
        whenIdle([=] { applyChange(accountId, platformId, [probe](Core::IncomingMessage &in) {
            in.body = probe.body;
            in.editedAt = probe.editedAt;
            in.deletedAt = probe.deletedAt;
            in.createdAt = probe.createdAt;
        }); });
        return;
    }
    if (!m_db)
        return;
    // Only messages the console has: an edit of something never synced is not a new message.
    auto location = Store::MessageRepository(*m_db).byPlatformId(accountId, platformId);
    if (!location || !location->has_value())
        return;
    Core::IncomingMessage in;
    in.accountId = accountId;
    in.platformMessageId = platformId;
    in.threadKey = location->value().threadKey;
    change(in);
    if (auto report = Store::MessageRepository(*m_db).ingest({in}); report && report->edited > 0)
        emit storeChanged();
}

void SyncWorker::publish()
{
    auto accounts = Store::AccountRepository(*m_db).list();
    auto statuses = Store::SyncStateRepository(*m_db).statuses();
    auto pending = Store::OutboxRepository(*m_db).pending();
    if (!accounts || !statuses || !pending)
        return;
    QHash<qint64, Core::AccountSyncStatus> byAccount;
    for (const auto &s : std::as_const(statuses.value()))
        byAccount.insert(s.accountId, s);
    QHash<qint64, int> waiting;
    for (const auto &item : std::as_const(pending.value()))
        ++waiting[item.accountId];
    QList<AccountView> views;
    for (const Core::Account &a : std::as_const(accounts.value())) {
        AccountView v;
        v.id = a.id;
        v.label = Core::accountLabel(a);
        v.service = a.serviceUrl;
        v.demo = a.demo;
        v.status = byAccount.value(a.id);
        v.status.accountId = a.id;
        v.undelivered = waiting.value(a.id);
        for (const QJsonValue &k : a.settings.value(QStringLiteral("keywords")).toArray())
            v.keywords << k.toString();
        for (const QJsonValue &h : a.settings.value(QStringLiteral("hashtags")).toArray())
            v.hashtags << h.toString();
        if (a.platform == Core::Platform::X && !a.demo) {
            static const XPrices prices = XPrices::builtIn();
            if (auto cost = estimateXAccount(*m_db, a, prices, QDateTime::currentDateTimeUtc()))
                v.xCost = cost.value();
            v.xCurrency = prices.currency;
            v.xListeningQuery = xListeningQuery(a);
            v.xWantedPlan = xAccountOptions(a).plan;
            v.xWantedDirectSecs = v.xWantedPlan.direct;
        }
        views << v;
    }
    emit accountsChanged(views);
}

void SyncWorker::connectMastodon(const QString &instance, const QString &token, const QStringList &keywords,
                                 const QStringList &hashtags)
{
    connectAccount(
        [&](Store::Database &db) {
            return connectMastodonAccount(db, *m_secrets, *m_http, instance, token, keywords, hashtags);
        },
        [=] { connectMastodon(instance, token, keywords, hashtags); });
}

void SyncWorker::signInBluesky(const BlueskySignIn &signIn)
{
    connectAccount([&](Store::Database &db) { return connectBlueskyAccount(db, *m_secrets, *m_http, signIn); },
                   [=] { signInBluesky(signIn); });
}

void SyncWorker::connectFacebook(const FacebookPageConnect &input)
{
    connectAccount([&](Store::Database &db) { return connectFacebookPage(db, *m_secrets, *m_http, input); },
                   [=] { connectFacebook(input); });
}

void SyncWorker::signInX(const XSignInOptions &signIn, const XAccountOptions &options)
{
    // The browser sign-in runs here, on the worker (up to its timeout); syncs wait for it.
    connectAccount(
        [&](Store::Database &db) -> Core::Result<Core::Account> {
            auto credentials = XSignIn::signIn(*m_http, signIn, [this](const QUrl &url) { emit openUrlRequested(url); });
            if (!credentials)
                return credentials.error();
            return connectXAccount(db, *m_secrets, credentials.value(), options);
        },
        [=] { signInX(signIn, options); });
}

void SyncWorker::addFeed(const FeedSubscription &subscription)
{
    connectAccount([&](Store::Database &db) { return addFeedAccount(db, *m_http, subscription); },
                   [=] { addFeed(subscription); });
}

void SyncWorker::connectEmail(const EmailSignIn &signIn)
{
    connectAccount([&](Store::Database &db) { return connectEmailAccount(db, *m_secrets, signIn); },
                   [=] { connectEmail(signIn); });
}

void SyncWorker::connectAccount(const std::function<Core::Result<Core::Account>(Store::Database &)> &connect,
                                const std::function<void()> &retry)
{
    if (m_busy) {
        whenIdle(retry);
        return;
    }
    if (!ensureOpen()) {
        emit accountFailed(tr("The store cannot be opened for syncing."));
        return;
    }
    if (!m_secrets) {
        emit accountFailed(m_secretsError);
        return;
    }
    std::unique_ptr<Store::Database> elsewhere;
    if (m_accountStore) {
        auto opened = Store::Database::open(*m_accountStore);
        if (!opened) {
            emit accountFailed(opened.error().fullText());
            return;
        }
        elsewhere = std::move(opened.value());
    }
    auto account = connect(elsewhere ? *elsewhere : *m_db);
    if (!account) {
        emit accountFailed(account.error().fullText());
        return;
    }
    emit accountConnected(Core::platformDisplayName(account->platform) + QLatin1Char(' ') + account->handle);
    dropStream(account->id); // a stream stopped by the old token starts again with the new one
    m_lastState.remove(account->id);
    if (!elsewhere)
        syncNow(account->id);
}

void SyncWorker::signInMastodon(const QString &instance, const QStringList &keywords, const QStringList &hashtags)
{
    if (!ensureOpen() || !m_secrets) {
        emit accountFailed(m_secretsError.isEmpty() ? tr("The store cannot be opened for syncing.") : m_secretsError);
        return;
    }
    cancelSignIn();
    // Asynchronous: syncing goes on while the person is in the browser.
    m_oauth = new MastodonOAuth(this);
    m_oauth->setOpenBrowser([this](const QUrl &url) { emit openUrlRequested(url); });
    connect(m_oauth, &MastodonOAuth::registered, this,
            [this](const MastodonAppRegistration &registration) { saveMastodonRegistration(*m_secrets, registration); });
    connect(m_oauth, &MastodonOAuth::granted, this, [this, instance, keywords, hashtags](const QString &token) {
        m_oauth->deleteLater();
        m_oauth = nullptr;
        connectMastodon(instance, token, keywords, hashtags);
    });
    connect(m_oauth, &MastodonOAuth::failed, this, [this](const Core::Error &error) {
        m_oauth->deleteLater();
        m_oauth = nullptr;
        emit accountFailed(error.fullText());
    });
    m_oauth->start(instance, loadMastodonRegistration(*m_secrets, instance));
}

void SyncWorker::cancelSignIn()
{
    if (!m_oauth)
        return;
    MastodonOAuth *oauth = std::exchange(m_oauth, nullptr);
    oauth->disconnect(this);
    oauth->cancel();
    oauth->deleteLater();
}

void SyncWorker::checkPrivateReply(qint64 accountId, const QString &actor)
{
    if (m_busy) {
        whenIdle([=] { checkPrivateReply(accountId, actor); });
        return;
    }
    // Bluesky says in advance whom the brand may write to, and the store knows Facebook's
    // reply windows; when the question cannot be
    // answered now (offline, no secret), the reply is offered and delivery decides.
    const auto answer = [&](bool allowed, const QString &reason) { emit privateReplyChecked(accountId, actor, allowed, reason); };
    if (!ensureOpen() || !m_secrets)
        return answer(true, {});
    auto account = Store::AccountRepository(*m_db).get(accountId);
    if (account && account->platform == Core::Platform::Facebook) { // `actor`: the conversation's thread key
        auto window = facebookPrivateReplyWindow(*m_db, account.value(), actor);
        return window ? answer(window->allowed, window->reason) : answer(true, {});
    }
    if (!account || account->platform != Core::Platform::Bluesky)
        return answer(true, {});
    auto secret = m_secrets->read(SyncEngine::secretKey(account.value()));
    auto service = BlueskySession::checkedService(account->serviceUrl);
    if (!secret || !service)
        return answer(true, {});
    BlueskySession session(*m_http, service.value(), m_secrets.get(), SyncEngine::secretKey(account.value()));
    if (!session.restore(secret.value()))
        return answer(true, {});
    BlueskyChatClient::Config config;
    config.accountId = accountId;
    auto availability = BlueskyChatClient(session, config).availability(actor);
    if (!availability)
        return answer(true, {});
    answer(availability->allowed, availability->reason.fullText());
}

void SyncWorker::readAttachments(qint64 messageId)
{
    if (m_busy) {
        whenIdle([=] { readAttachments(messageId); });
        return;
    }
    if (!ensureOpen() || !m_secrets) {
        emit attachmentsRead(messageId, {}, m_secretsError.isEmpty() ? tr("The store cannot be opened.") : m_secretsError);
        return;
    }
    auto attachments = EmailAttachments::read(*m_db, *m_secrets, messageId);
    if (!attachments) {
        emit attachmentsRead(messageId, {}, attachments.error().fullText());
        return;
    }
    emit attachmentsRead(messageId, attachments.value(), {});
}

void SyncWorker::setListening(qint64 accountId, const QStringList &keywords, const QStringList &hashtags)
{
    if (m_busy) {
        whenIdle([=] { setListening(accountId, keywords, hashtags); });
        return;
    }
    if (!ensureOpen())
        return;
    auto account = Store::AccountRepository(*m_db).get(accountId);
    if (!account) {
        emit accountFailed(account.error().fullText());
        return;
    }
    QJsonObject settings = account->settings;
    const auto array = [](const QStringList &values, bool hashtag) {
        QJsonArray out;
        for (QString value : values) {
            value = value.trimmed();
            if (hashtag && value.startsWith(QLatin1Char('#')))
                value.remove(0, 1);
            if (!value.isEmpty() && !out.contains(value))
                out.append(value);
        }
        return out;
    };
    settings.insert(QStringLiteral("keywords"), array(keywords, false));
    settings.insert(QStringLiteral("hashtags"), array(hashtags, true));
    if (Core::Status s = Store::AccountRepository(*m_db).updateSettings(accountId, settings); !s) {
        emit accountFailed(s.error().fullText());
        return;
    }
    publish();
    syncNow(accountId);
}

void SyncWorker::setXBudget(qint64 accountId, double monthlyBudget)
{
    if (m_busy) {
        whenIdle([=] { setXBudget(accountId, monthlyBudget); });
        return;
    }
    if (!ensureOpen())
        return;
    auto account = Store::AccountRepository(*m_db).get(accountId);
    if (!account || account->platform != Core::Platform::X) {
        emit accountFailed(account ? tr("Only an X account has an API budget.") : account.error().fullText());
        return;
    }
    QJsonObject settings = account->settings;
    if (monthlyBudget > 0)
        settings.insert(QStringLiteral("monthlyBudget"), monthlyBudget);
    else
        settings.remove(QStringLiteral("monthlyBudget"));
    if (Core::Status s = Store::AccountRepository(*m_db).updateSettings(accountId, settings); !s) {
        emit accountFailed(s.error().fullText());
        return;
    }
    publish(); // the estimate under the new budget; the next sync polls by it
}

void SyncWorker::setXPollPlan(qint64 accountId, const XPollPlan &plan)
{
    if (m_busy) {
        whenIdle([=] { setXPollPlan(accountId, plan); });
        return;
    }
    if (!ensureOpen())
        return;
    if (auto updated = Sync::setXPollPlan(*m_db, accountId, plan); !updated) {
        emit accountFailed(updated.error().fullText());
        return;
    }
    publish(); // the estimate for the new intervals; the next sync polls by them
}

void SyncWorker::removeAccount(qint64 accountId)
{
    if (m_busy) {
        whenIdle([=] { removeAccount(accountId); });
        return;
    }
    if (!ensureOpen())
        return;
    auto account = Store::AccountRepository(*m_db).get(accountId);
    if (!account) {
        emit accountFailed(account.error().fullText());
        return;
    }
    if (Core::Status s = Store::AccountRepository(*m_db).remove(accountId); !s) {
        emit accountFailed(s.error().fullText());
        return;
    }
    if (m_secrets)
        m_secrets->remove(SyncEngine::secretKey(account.value()));
    m_dueAt.remove(accountId);
    dropStream(accountId);
    emit storeChanged();
    publish();
}

} // namespace Care::Sync
