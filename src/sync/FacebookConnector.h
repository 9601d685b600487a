#pragma once

#include "sync/Connector.h"
#include "sync/FacebookGraphClient.h"
#include "sync/FacebookJson.h"

#include <QHash>
#include <QUrl>
#include <memory>

namespace Care::Sync {

class FacebookOutbox;
class HttpClient;

// A Facebook Page through the Graph API (version pinned in FacebookJson), with a Page access
// token an administrator pasted. Three streams, each with its own cursor (Unix seconds):
//  - "comments": the Page's posts from the last `watchDays` (/{page}/feed with the first page
//    of each post's comments nested, filter=stream so replies are not hidden, newest first);
//    a post whose updated_time has not moved past the cursor has no new comments and is
//    skipped; longer comment lists are read on through paging.next until older than the
//    cursor. One customer under one post is one conversation ("post:<post>:<customer>"); the
//    Page's own comments come back as its outbound messages in the thread of the comment they
//    answer. Every watched post's nested page also refreshes its stored comments: is_hidden
//    (a Page admin hid or showed it on Facebook) and can_hide.
//  - "tagged": posts by others that tag the Page (/{page}/tagged, since the cursor).
//  - "messenger": /{page}/conversations?platform=messenger, newest first, down to the cursor,
//    with each conversation's messages ("messenger:<PSID>", private).
// Every list is read by cursor until `next` is absent (at most `maxPages` pages a pass; the
// rest comes next time, the cursor only moving past what was stored). A first sync reads the
// last `initialDays` only. Customers are the people's page-scoped ids.
// Outbound (FacebookOutbox): public comment replies, private replies to a comment (once,
// within 7 days), Messenger replies within the 24-hour window, hiding comments; unclear sends
// are read back before anything is sent again (the Graph has no idempotency key).
class FacebookConnector : public Connector
{
public:
    struct Config
    {
        qint64 accountId = 0;
        QString pageId;
        QString pageName;
        QUrl graphBase; // https://graph.facebook.com; a local fake in tests
        QString token;
        int watchDays = 14;  // posts this recent are watched for new comments
        int initialDays = 2; // a first sync reads this far back
        // Older posts (up to olderDays) are swept every olderEveryMinutes: a customer writes under
        // whatever post is at hand, also a month-old one. 0 days: no sweep.
        int olderDays = 90;
        int olderEveryMinutes = 60;
        int pageSize = 25;
        int maxPages = 20;
        bool readTagged = true;
        bool readMessenger = true;
        bool humanAgentTag = false; // Meta approved the Page for the HUMAN_AGENT tag (7 days)
    };

    FacebookConnector(HttpClient &http, Config config);
    ~FacebookConnector() override;

    ConnectorCapabilities capabilities() const override;
    Core::Status connect() override;
    Core::Status fetch(const QHash<QString, QString> &cursors,
                       const std::function<Core::Status(const FetchBatch &)> &commit) override;
    DeliveryOutcome deliver(const Core::OutboxItem &item) override;
    ReconcileOutcome reconcile(const Core::OutboxItem &item) override;
    std::optional<std::pair<int, int>> rateBudget() const override;
    QDateTime rateResetAt() const override;
    qint64 pollIntervalMs(qint64 normalMs) const override;

    FacebookGraphClient &graph() { return m_graph; }

private:
    Core::Result<QByteArray> read(const QString &path, const QList<QPair<QString, QString>> &query,
                                  const QString &permission);
    Core::Result<QByteArray> readNext(const QString &next, const QString &permission);
    Core::Status fetchComments(const QString &cursor, const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Status fetchTagged(const QString &cursor, const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Status fetchOlderPosts(const QString &cursor, const std::function<Core::Status(const FetchBatch &)> &commit);
    // Reads the Page's feed with `query` through every `next` (at most maxPages pages). The comments
    // since `mark` under each post updated since then go to `messages`; the newest one's time to `newest`.
    Core::Status readFeed(const QList<QPair<QString, QString>> &query, const QDateTime &mark, QDateTime &newest,
                          QList<Core::IncomingMessage> &messages);
    Core::Status fetchMessenger(const QString &cursor, const std::function<Core::Status(const FetchBatch &)> &commit);
    // Every comment on the post at or after `mark`, newest first, reading on past the nested page.
    Core::Result<QList<Facebook::Comment>> commentsSince(const Facebook::Post &post, const QDateTime &mark);
    Core::Result<QList<Facebook::Message>> messagesSince(const Facebook::Conversation &conversation, const QDateTime &mark);
    QList<Core::IncomingMessage> commentMessages(const Facebook::Post &post, const QList<Facebook::Comment> &comments) const;
    // The comments of the post's nested first page that are older than the cursor, as state
    // refreshes of the stored ones (hidden or shown on Facebook since, can_hide): the feed read
    // brings them anyway, so this costs no request. Comments beyond that page are not refreshed.
    QList<Core::IncomingMessage> storedCommentsAgain(const Facebook::Post &post, const QDateTime &mark) const;
    QDateTime markOf(const QString &cursor) const;

    Config m_config;
    FacebookGraphClient m_graph;
    std::unique_ptr<FacebookOutbox> m_outbox;
};

} // namespace Care::Sync
