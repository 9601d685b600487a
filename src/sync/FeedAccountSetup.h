#pragma once

#include "core/Account.h"
#include "core/Result.h"
#include "sync/FeedConnector.h"

#include <QStringList>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class HttpClient;

// What a lead gives to listen to a blog or news feed (GUI dialog or `account add feed`).
struct FeedSubscription
{
    QString url;          // the RSS or Atom feed (or a search feed); https:// is assumed when missing
    QStringList terms;    // brand and product names to find; empty: every item (a search feed)
    qint64 intervalSeconds = 0; // 0: the default (15 min); at least 5 min except on this machine
    int historyDays = FeedConnector::kDefaultHistoryDays; // articles dated this long before adding are taken; 0: new ones only
};

// Reads the feed once (so a wrong address, a web page or a broken feed is refused while the
// lead is still there, and nothing is kept), then adds the account (or updates it when the
// same feed is there): handle host/path, name the feed's title, terms, interval and history in
// its settings. No secret: feeds are public. Blocking: call it from a worker, never the GUI thread.
Core::Result<Core::Account> addFeedAccount(Store::Database &db, HttpClient &http, const FeedSubscription &subscription);

// The address as the lead typed it, made whole ("blog.example/feed" -> "https://blog.example/feed"),
// or an error saying what is wrong with it.
Core::Result<QUrl> feedUrl(const QString &typed);

// The connector's settings for a stored feed account.
FeedConnector::Config feedConfig(const Core::Account &account);

} // namespace Care::Sync
