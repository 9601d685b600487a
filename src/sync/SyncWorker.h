#pragma once

#include "store/AccountLease.h"
#include "store/DatabaseLocation.h"
#include "core/Account.h"
#include "core/AccountSyncStatus.h"
#include "core/IncomingMessage.h"
#include "sync/SyncService.h"

#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QTimer;

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class HttpClient;
class MastodonOAuth;
class MailIdleWatcher;
class MastodonStream;
class SecretStore;
class SyncEngine;
struct AccountSyncReport;
struct BlueskySignIn;
struct EmailSignIn;
struct FacebookPageConnect;
struct FeedSubscription;

// Lives on SyncService's thread; every slot runs there.
class SyncWorker : public QObject
{
    Q_OBJECT

public:
    SyncWorker(Store::DatabaseLocation location, QString secretsFile, const std::atomic_bool *cancelled);
    ~SyncWorker() override;

    void signInBluesky(const BlueskySignIn &signIn); // not a slot: called through invokeMethod
    void connectFacebook(const FacebookPageConnect &input); // not a slot: called through invokeMethod
    void addFeed(const FeedSubscription &subscription); // not a slot: called through invokeMethod
    void connectEmail(const EmailSignIn &signIn);       // the same
    void signInX(const XSignInOptions &signIn, const XAccountOptions &options); // the same

public slots:
    void start();
    void stop();
    void syncNow(qint64 accountId);
    void deliverSoon();
    void connectMastodon(const QString &instance, const QString &token, const QStringList &keywords,
                         const QStringList &hashtags);
    void removeAccount(qint64 accountId);
    void setListening(qint64 accountId, const QStringList &keywords, const QStringList &hashtags);
    void setXBudget(qint64 accountId, double monthlyBudget);
    void setXPollPlan(qint64 accountId, const XPollPlan &plan);
    void setAccountStore(const Store::DatabaseLocation &location) { m_accountStore = location; }
    // Team mode on an agent's console: the team's sync service does the platform traffic
    // (credentials live with it); this worker only publishes the accounts' state from the
    // database. Set before start().
    void setObserveOnly(bool observeOnly) { m_observeOnly = observeOnly; }
    void signInMastodon(const QString &instance, const QStringList &keywords, const QStringList &hashtags);
    void cancelSignIn();
    void checkPrivateReply(qint64 accountId, const QString &actor);
    void readAttachments(qint64 messageId);

signals:
    void accountsChanged(const QList<Care::Sync::AccountView> &accounts);
    void storeChanged();
    void accountConnected(const QString &label);
    void accountFailed(const QString &message);
    void openUrlRequested(const QUrl &url);
    void privateReplyChecked(qint64 accountId, const QString &actor, bool allowed, const QString &reason);
    void attachmentsRead(qint64 messageId, const QList<Care::Sync::MailAttachment> &attachments, const QString &error);

private:
    void tick();
    void finishTick();
    void dropStore();
    // HTTP waits in local event loops, so calls queued to this thread can arrive in the
    // middle of a sync: anything touching the store or the engine runs once it is idle.
    void whenIdle(std::function<void()> task);
    bool ensureOpen();
    // Adds (or reconnects) an account with `connect` on the account store, then announces it
    // and syncs it; `retry` runs the whole step again once the worker is idle.
    void connectAccount(const std::function<Core::Result<Core::Account>(Store::Database &)> &connect,
                        const std::function<void()> &retry);
    void deliverDemo(qint64 accountId);
    void publish();
    // Live arrival: a stream per account whose platform offers one. A new notification or a
    // reconnect (which may have missed some) starts a sync of the account; edits and
    // deletions are applied to the transcript directly.
    void ensureStream(const Core::Account &account, const AccountSyncReport &report);
    // A support mailbox whose server offers IMAP IDLE: new mail syncs at once (MailIdleWatcher).
    void ensureMailIdle(const Core::Account &account, const AccountSyncReport &report);
    void dropStream(qint64 accountId);
    void applyEdit(qint64 accountId, const QString &platformId, const QString &text, const QDateTime &editedAt);
    void applyDeletion(qint64 accountId, const QString &platformId);
    void applyChange(qint64 accountId, const QString &platformId,
                     const std::function<void(Core::IncomingMessage &)> &change);

    Store::DatabaseLocation m_location;
    QString m_secretsFile;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<SyncEngine> m_engine;
    std::unique_ptr<Store::AccountLease> m_lease; // which accounts this process syncs (PostgreSQL)
    bool m_observeOnly = false;
    QString m_secretsError;
    QTimer *m_timer = nullptr;
    bool m_busy = false;
    QList<std::function<void()>> m_deferred;
    const std::atomic_bool *m_cancelled;
    QHash<qint64, qint64> m_dueAt; // account -> ms since epoch when it should sync next
    QHash<qint64, MastodonStream *> m_streams;
    QHash<qint64, MailIdleWatcher *> m_idlers; // e-mail accounts waiting in IMAP IDLE
    QHash<qint64, Core::SyncState> m_lastState;
    std::optional<Store::DatabaseLocation> m_accountStore;
    MastodonOAuth *m_oauth = nullptr;
};

} // namespace Care::Sync
