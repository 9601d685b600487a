#include "core/AccountSyncStatus.h"

namespace Care::Core {

QString syncStateId(SyncState state)
{
    switch (state) {
    case SyncState::Idle: return QStringLiteral("idle");
    case SyncState::Syncing: return QStringLiteral("syncing");
    case SyncState::RateLimited: return QStringLiteral("rate-limited");
    case SyncState::Retrying: return QStringLiteral("retrying");
    case SyncState::NeedsReconnect: return QStringLiteral("needs-reconnect");
    case SyncState::Failed: return QStringLiteral("failed");
    }
    return {};
}

std::optional<SyncState> syncStateFromId(const QString &id)
{
    for (auto s : {SyncState::Idle, SyncState::Syncing, SyncState::RateLimited, SyncState::Retrying,
                   SyncState::NeedsReconnect, SyncState::Failed}) {
        if (syncStateId(s) == id)
            return s;
    }
    return std::nullopt;
}

} // namespace Care::Core
