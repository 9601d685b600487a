#pragma once

#include "core/Account.h"

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class Connector;
struct AccountSyncReport;

// Posts an account's scheduled posts (shift announcements) whose time has come, each once:
// claimed before the network call, posted with a key the platform uses to drop a repeat,
// marked sent with the platform's id. A post that certainly did not go out is tried again
// later; one the platform refuses is failed with its reason; one past its expiry is never
// posted. While a crisis pauses scheduled posts, promotional ones wait. The time is the
// store's clock, so tests drive it.
class ScheduledPostDelivery
{
public:
    explicit ScheduledPostDelivery(Store::Database &db) : m_db(db) {}

    void deliverDue(Connector &connector, const Core::Account &account, AccountSyncReport &report,
                    const QString &claimant);

private:
    Store::Database &m_db;
};

} // namespace Care::Sync
