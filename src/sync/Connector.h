#pragma once

#include "core/IncomingMessage.h"
#include "core/OutboxItem.h"
#include "core/PlatformCapabilities.h"
#include "core/Result.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QUrl>
#include <functional>
#include <optional>

namespace Care::Sync {

// What a connector can do for this account, beyond the platform's general capabilities.
struct ConnectorCapabilities
{
    Core::PlatformCapabilities platform;
    bool profileLookup = false;
    bool streaming = false;
    QUrl streamingUrl; // where the platform's live stream is, when it has one
    int maxCharacters = 0; // 0 when the platform does not say
};

// A page of fetched messages and where the stream stands after it. The engine ingests the
// messages and saves the cursor in one transaction.
struct FetchBatch
{
    QString stream; // "mentions", "direct", "search:kettle", "tag:acme"...
    QList<Core::IncomingMessage> messages;
    QString cursor; // the stream's position after this batch
};

// The result of one attempt to deliver an outbox item.
struct DeliveryOutcome
{
    enum class Kind {
        Sent,      // the platform confirmed; `platformId` is set
        Unknown,   // the request may have reached the platform: reconcile before any retry
        Retry,     // it certainly did not go out (network down, rate limit, 5xx): try later
        Rejected,  // the platform refused it; retrying will not help (`error` says why)
        Reconnect, // the token was revoked: the account must be reconnected
    };
    Kind kind = Kind::Retry;
    QString platformId;
    Core::Error error;
    qint64 retryAfterMs = 0;
};

// After an unclear send: is the item on the platform?
struct ReconcileOutcome
{
    enum class Kind { Found, NotFound, CannotTell };
    Kind kind = Kind::CannotTell;
    QString platformId;
    Core::Error error;
};

// One platform account's traffic. Connectors are synchronous and run on a sync thread (or
// a headless command), through the shared HttpClient.
class Connector
{
public:
    virtual ~Connector() = default;

    virtual ConnectorCapabilities capabilities() const = 0;
    // Checks the credentials and learns the account (own id, limits). Called before fetch.
    virtual Core::Status connect() = 0;
    // Fetches everything new since `cursors` (stream -> position), handing each batch to
    // `commit`; stops at the first failure (of the platform or of `commit`).
    virtual Core::Status fetch(const QHash<QString, QString> &cursors,
                               const std::function<Core::Status(const FetchBatch &)> &commit) = 0;
    virtual DeliveryOutcome deliver(const Core::OutboxItem &item) = 0;
    virtual ReconcileOutcome reconcile(const Core::OutboxItem &item) = 0;
    // The latest budget the platform announced, for the account status.
    virtual std::optional<std::pair<int, int>> rateBudget() const { return std::nullopt; } // remaining, limit
    virtual QDateTime rateResetAt() const { return {}; }
    // How long to wait before the next poll after a good sync. Platforms that report how much
    // of a budget is used (Facebook's usage headers) ask for longer before it runs out.
    virtual qint64 pollIntervalMs(qint64 normalMs) const { return normalMs; }
    // When the connector wants to be asked again, if later than the engine's poll interval:
    // a feed's own polite interval (the status says nothing of it); invalid: the engine's.
    virtual QDateTime nextPollAt() const { return {}; }
    // What the last fetch had to leave out although it succeeded (a stream the platform refused,
    // such as direct messages an app password does not allow), in words a person can act on;
    // empty when nothing was left out. The account's status shows it until a pass reads it all.
    virtual QString leftOut() const { return {}; }
};

} // namespace Care::Sync
