#pragma once

#include "core/Account.h"
#include "core/Result.h"
#include "sync/XCostMeter.h"
#include "sync/XSession.h"

#include <QStringList>
#include <memory>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class HttpClient;
class SecretStore;
class XConnector;

// What is chosen when an X account is connected (`account add x` or later edits).
struct XAccountOptions
{
    QUrl apiBase = XSession::defaultApiBase(); // http:// only on loopback (a test server)
    QStringList keywords;   // brand terms for keyword listening
    XPollPlan plan;         // seconds per stream
    double monthlyBudget = 0; // in the price file's currency; 0: none
};

// Keeps the signed-in credentials in the secret store under SyncEngine::secretKey(account) and
// adds the account (or reconnects it). Its settings hold the options, never a token.
Core::Result<Core::Account> connectXAccount(Store::Database &db, SecretStore &secrets, const XCredentials &credentials,
                                            const XAccountOptions &options);

// The options an account was connected with (settings: keywords, poll intervals, budget).
XAccountOptions xAccountOptions(const Core::Account &account);

// The poll intervals a lead may choose, in seconds; 0 turns a stream off. The sync visits an
// account once a minute (SyncEngine), so a shorter interval would not be kept; X's per-user
// limits per 15 minutes leave no room for much less either: direct-message events 15 (mentions
// and recent search 300, a poll may read several pages). Longer than 6 hours is not polling.
struct XPollLimits
{
    static constexpr qint64 kMinMentionsSecs = 60;
    static constexpr qint64 kMinSearchSecs = 60;
    static constexpr qint64 kMinDirectSecs = XCostMeter::kMinDirectSecs;
    static constexpr qint64 kMaxSecs = XCostMeter::kMaxIntervalSecs;
};
// InvalidInput naming each interval out of bounds and its bounds; `account add x` and every later
// change check with it.
Core::Status checkXPollPlan(const XPollPlan &plan);
// Changes a connected X account's poll intervals (checked first); the next sync polls by them and
// the cost meter estimates from them. Returns the account as stored.
Core::Result<Core::Account> setXPollPlan(Store::Database &db, qint64 accountId, const XPollPlan &plan);

// The connector for a stored account, its session restored from `secret` (refreshed tokens are
// written back to `secrets` when given).
Core::Result<std::unique_ptr<XConnector>> makeXConnector(const Core::Account &account, const QString &secret,
                                                         HttpClient &http, SecretStore *secrets);

// The account's estimated monthly API cost, from its stored usage (the "usage" cursor), the
// replies and messages the outbox delivered since counting began, its poll intervals and budget.
Core::Result<XCostEstimate> estimateXAccount(Store::Database &db, const Core::Account &account, const XPrices &prices,
                                             const QDateTime &now);
// The keyword-listening query the account runs; empty when it listens for nothing.
QString xListeningQuery(const Core::Account &account);

// https required; http only on loopback (a local test server).
Core::Result<QUrl> checkedXBase(const QString &url);

} // namespace Care::Sync
