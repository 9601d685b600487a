#pragma once

#include "core/Account.h"
#include "core/Result.h"

#include <QDateTime>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

// Whether the Page may still answer a Facebook conversation privately, from what the store
// knows (no network), so the composer can say why not before anything is queued:
//  - Messenger ("messenger:<PSID>"): within 24 hours of the customer's last message, or 7 days
//    where the account has the human agent tag;
//  - a comment thread ("post:…"): one private reply, within 7 days of the customer's comment.
struct FacebookReplyWindow
{
    bool allowed = true;
    QString reason; // why not, and what to do instead (when !allowed)
};

Core::Result<FacebookReplyWindow> facebookPrivateReplyWindow(Store::Database &db, const Core::Account &account,
                                                              const QString &threadKey,
                                                              const QDateTime &now = QDateTime::currentDateTimeUtc());

} // namespace Care::Sync
