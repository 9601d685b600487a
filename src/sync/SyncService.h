#pragma once

#include "core/AccountSyncStatus.h"
#include "core/Result.h"
#include "store/DatabaseLocation.h"
#include "sync/MailMessage.h"
#include "sync/XCostMeter.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <atomic>
#include <optional>

class QThread;

namespace Care::Sync {

class SyncWorker;
struct BlueskySignIn;
struct EmailSignIn;
struct FacebookPageConnect;
struct FeedSubscription;
struct XAccountOptions;
struct XSignInOptions;

// An account as the status bar and the accounts dialog show it.
struct AccountView
{
    qint64 id = 0;
    QString label; // "Mastodon @acme@social.example"
    QString service;
    bool demo = false;
    Core::AccountSyncStatus status;
    int undelivered = 0;
    QStringList keywords; // words listened for (posts that name the brand without tagging it)
    QStringList hashtags;
    // X: the estimated monthly API cost (XCostMeter) and the listening query it runs.
    std::optional<XCostEstimate> xCost;
    QString xCurrency;
    QString xListeningQuery;
    qint64 xWantedDirectSecs = 0; // the direct-message interval asked for (a budget may lengthen it)
    XPollPlan xWantedPlan;        // every interval asked for (Accounts dialog; the budget may lengthen one)
};

// Continuous sync for the console: a worker thread with its own store connection, HTTP
// client and engine syncs each account when it is due, delivers the outbox as soon as a
// reply is queued, and reports every account's status. Nothing here blocks the GUI.
class SyncService : public QObject
{
    Q_OBJECT

public:
    SyncService(Store::DatabaseLocation location, QString secretsFile, QObject *parent = nullptr);
    ~SyncService() override;

    void start();
    // Team mode on an agent's console: only show the accounts' state from the team database;
    // the team's sync service (careconsole-syncd) syncs and delivers. Call before start().
    void setObserveOnly(bool observeOnly);
    // Accounts connected from here go to this store instead of the synced one (the demo
    // workspace connects the user's first account to their own store).
    void setAccountStore(const Store::DatabaseLocation &location);
    // Signs in to Bluesky with an app password (one createSession), keeps the app password
    // and the session in the keychain and adds the account; answered by accountConnected or
    // accountFailed.
    void signInBluesky(const BlueskySignIn &signIn);
    // Checks a Facebook Page access token (the Page answers to it; debug_token shows every
    // permission needed), keeps it in the keychain and adds the account; answered by
    // accountConnected or accountFailed (which names any missing permission).
    void connectFacebook(const FacebookPageConnect &input);
    // Reads the feed once and adds it as a listening account; answered by accountConnected or
    // accountFailed.
    void addFeed(const FeedSubscription &subscription);
    // Signs in to the support mailbox's IMAP and SMTP servers (connectEmailAccount, as
    // `account add email`), keeps the password in the keychain and adds the account; answered
    // by accountConnected or accountFailed.
    void connectEmail(const EmailSignIn &signIn);
    // Signs an X account in through the browser (OAuth 2.0 with PKCE; `openUrlRequested` asks
    // the GUI to open X's page), keeps the tokens in the keychain and adds the account with
    // `options`; answered by accountConnected or accountFailed.
    void signInX(const XSignInOptions &signIn, const XAccountOptions &options);

public slots:
    // Sync now (one account, or every account with 0).
    void syncNow(qint64 accountId = 0);
    // A reply was queued or confirmed: deliver without waiting for the next poll.
    void deliverSoon();
    // Verifies the token with the instance, keeps it in the keychain and adds the account.
    void connectMastodon(const QString &instance, const QString &token, const QStringList &keywords,
                         const QStringList &hashtags);
    void removeAccount(qint64 accountId);
    // The words and hashtags an account listens for; new ones start from the newest posts.
    void setListening(qint64 accountId, const QStringList &keywords, const QStringList &hashtags);
    // An X account's monthly API budget (0: none): polling slows to stay within it (XCostMeter).
    void setXBudget(qint64 accountId, double monthlyBudget);
    // An X account's poll intervals (XPollLimits; checked again here): the next sync polls by
    // them and the cost estimate follows. A refusal comes back as accountFailed.
    void setXPollPlan(qint64 accountId, const XPollPlan &plan);
    // The browser sign-in: `openUrlRequested` asks the GUI to open the instance's page where
    // the person allows Care Console; the account is then connected as with a token.
    void signInMastodon(const QString &instance, const QStringList &keywords, const QStringList &hashtags);
    void cancelSignIn();
    // Whether the brand may write privately to `actor` (a DID) from this account: answered by
    // privateReplyChecked (Bluesky asks the customer's chat setting; other platforms: yes).
    void checkPrivateReply(qint64 accountId, const QString &actor);
    // A customer's e-mail's attachments with their bytes, read again from the support mailbox
    // (EmailAttachments): answered by attachmentsRead.
    void readAttachments(qint64 messageId);

signals:
    void accountsChanged(const QList<Care::Sync::AccountView> &accounts);
    // New messages arrived or deliveries changed: views over the store should refresh.
    void storeChanged();
    void accountConnected(const QString &label);
    void accountFailed(const QString &message); // connecting or removing failed, in words
    void openUrlRequested(const QUrl &url);
    void privateReplyChecked(qint64 accountId, const QString &actor, bool allowed, const QString &reason);
    // `error` in words when they could not be read (then `attachments` is empty).
    void attachmentsRead(qint64 messageId, const QList<Care::Sync::MailAttachment> &attachments, const QString &error);

private:
    std::atomic_bool m_cancelled{false};
    QThread *m_thread;
    SyncWorker *m_worker;
};

} // namespace Care::Sync

Q_DECLARE_METATYPE(Care::Sync::AccountView)
