#pragma once

#include "core/Account.h"
#include "core/AccountSyncStatus.h"
#include "core/Result.h"
#include "sync/Backoff.h"

#include <QHash>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class Connector;
class HttpClient;
class SecretStore;

// What one account's sync did, for the command line's one-line summary and the GUI.
struct AccountSyncReport
{
    qint64 accountId = 0;
    QString account; // "mastodon @acme@social.example"
    int newMessages = 0;
    int updatedMessages = 0;
    int delivered = 0;
    int held = 0;    // waiting for the agent's confirmation
    int failed = 0;  // refused by the platform
    int waiting = 0; // still in the outbox (retry later, outcome unknown)
    std::optional<Core::Error> error;
    Core::AccountSyncStatus status;
    QUrl streamingUrl; // the account's live stream, when the platform offers one

    bool ok() const { return !error.has_value(); }
    QString summary() const;
};

// Syncs accounts into the store and delivers their outbox, on the calling thread (a sync
// thread in the console, the main thread of `careconsole sync --once`):
//  1. the connector fetches everything new; each page's messages and its cursor are saved
//     in one transaction, so a crash re-fetches a page and never skips one;
//  2. only after a successful fetch (the conversation is current) the outbox is delivered:
//     replies the customer or a colleague has overtaken are held for confirmation, unclear
//     sends are reconciled by reading back before any retry;
//  3. the account's status (state, words for the agent, last/next sync, rate budget) is
//     saved for every console to show.
class SyncEngine
{
public:
    using ConnectorFactory =
        std::function<Core::Result<std::unique_ptr<Connector>>(const Core::Account &, const QString &secret, HttpClient &)>;

    SyncEngine(Store::Database &db, SecretStore &secrets, HttpClient &http);
    ~SyncEngine();

    // Items left "sending" by a process that died (on this machine: its process is gone;
    // elsewhere: the claim is older than any send can take): their outcome is unknown, and
    // scheduled posts go back to scheduled (retried with the same key). Safe to call at any
    // time; sends in flight in other processes are left alone. Returns how many were recovered.
    Core::Result<int> recoverInterruptedSends();
    // This process, as recorded on the items it claims: "host/pid".
    static QString claimant();

    AccountSyncReport syncAccount(const Core::Account &account);
    QList<AccountSyncReport> syncAll(qint64 onlyAccountId = 0);

    void setConnectorFactory(ConnectorFactory factory) { m_factory = std::move(factory); }
    void setPollIntervalMs(qint64 ms) { m_pollMs = ms; }

    // The key of an account's secret in the keychain or secrets file.
    static QString secretKey(const Core::Account &account);
    // `secrets`: where a connector keeps a session it refreshes (Bluesky); may be null.
    // `db`: the store a connector may consult on the calling thread (e-mail threads); may be null.
    static Core::Result<std::unique_ptr<Connector>> defaultConnector(const Core::Account &account, const QString &secret,
                                                                     HttpClient &http, SecretStore *secrets = nullptr,
                                                                     Store::Database *db = nullptr);

private:
    void deliver(Connector &connector, const Core::Account &account, AccountSyncReport &report);
    void finish(AccountSyncReport &report, const Connector *connector);

    Store::Database &m_db;
    SecretStore &m_secrets;
    HttpClient &m_http;
    ConnectorFactory m_factory;
    static constexpr qint64 kAbandonedSendMs = 10 * 60 * 1000;
    static constexpr qint64 kUnclearGiveUpMs = 60 * 60 * 1000;
    qint64 m_pollMs = 60 * 1000;
    Backoff m_backoff{30 * 1000, 15 * 60 * 1000};
    QHash<qint64, int> m_failures; // consecutive failed syncs per account
};

} // namespace Care::Sync
