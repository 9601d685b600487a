#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace Care::Core {

// Where an account's sync stands, as the status bar and the accounts list show it.
enum class SyncState {
    Idle,          // connected, waiting for the next sync
    Syncing,       // fetching or delivering now
    RateLimited,   // over the platform's budget; resumes at the reset
    Retrying,      // the server or network failed; retrying after a back-off
    NeedsReconnect, // the token was revoked or expired: a person must reconnect the account
    Failed,        // something the agent or administrator must fix (message says what)
};
QString syncStateId(SyncState state);
std::optional<SyncState> syncStateFromId(const QString &id);

struct AccountSyncStatus
{
    qint64 accountId = 0;
    SyncState state = SyncState::Idle;
    QString message; // in words a person can act on; empty when all is well
    QDateTime lastSyncAt;
    QDateTime nextSyncAt;
    int rateRemaining = -1;
    int rateLimit = -1;
    QDateTime rateResetAt;
    QDateTime updatedAt;
};

} // namespace Care::Core
