#pragma once

#include "sync/BlueskyJson.h"
#include "sync/Connector.h"
#include "sync/SupplementaryStreams.h"

#include <QStringList>
#include <QUrl>
#include <memory>

namespace Care::Sync {

class BlueskyDirectMessages;
class BlueskySession;
class HttpClient;
struct HttpResponse;

// Bluesky (AT Protocol): mentions, replies and quotes from listNotifications (read newest
// first down to a stored high-water mark, since the cursor pages backwards), thread context
// from getPostThread (deleted and blocked posts included as such), keyword listening with
// searchPosts on its own, gentler interval, and public replies as app.bsky.feed.post
// records with reply root/parent strong references, mention facets at UTF-8 byte offsets
// and the post language. Exactly once: the record key is derived from the outbox item's
// idempotency key, so every retry writes the same record, and an unclear send is read back
// (getRecord) before anything else. Direct messages plug in through BlueskyDirectMessages.
class BlueskyConnector : public Connector
{
public:
    struct Config
    {
        qint64 accountId = 0;
        QString did;          // the brand account's DID (the session knows it too)
        QStringList keywords; // brand and product names, hashtags
        bool markSeen = false; // updateSeen after a sync (the brand's own app shares read state)
        QStringList langs;     // the language replies are tagged with ("en"); empty: none
        int pageSize = 50;
        qint64 searchIntervalMs = 5 * 60 * 1000; // searchPosts is for people: poll it gently
        int maxPages = 20; // a long absence is read back at most this far
    };

    BlueskyConnector(HttpClient &http, std::unique_ptr<BlueskySession> session, Config config);
    ~BlueskyConnector() override;

    void setDirectMessages(std::unique_ptr<BlueskyDirectMessages> directMessages);
    BlueskySession &session() { return *m_session; }

    ConnectorCapabilities capabilities() const override;
    Core::Status connect() override;
    Core::Status fetch(const QHash<QString, QString> &cursors,
                       const std::function<Core::Status(const FetchBatch &)> &commit) override;
    DeliveryOutcome deliver(const Core::OutboxItem &item) override;
    ReconcileOutcome reconcile(const Core::OutboxItem &item) override;
    std::optional<std::pair<int, int>> rateBudget() const override;
    QDateTime rateResetAt() const override;
    QString leftOut() const override { return m_supplementary.leftOut(); }

    // The record a public reply is written as (text, reply refs, facets, langs), with the
    // handles it mentions resolved to DIDs. Exposed for tests.
    Core::Result<Bluesky::PostRecord> replyRecord(const Core::OutboxItem &item);

    // High-water marks ("<indexedAt>|<uri>") order by time, then URI.
    static QString mark(const QDateTime &indexedAt, const QString &uri);
    static bool after(const QDateTime &indexedAt, const QString &uri, const QString &mark);

private:
    Core::Result<QByteArray> get(const QString &nsid, const QList<QPair<QString, QString>> &query);
    Core::Status fetchNotifications(const QString &cursor, const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Status fetchSearch(const QString &term, const QString &cursor,
                             const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Result<QList<Core::IncomingMessage>> toMessages(const Bluesky::PostView &post);
    Core::IncomingMessage toMessage(const Bluesky::PostView &post, const QString &threadKey,
                                    const Bluesky::Author &customer) const;
    Core::Result<Bluesky::PostView> postView(const QString &uri);
    QString recordKey(const Core::OutboxItem &item) const;
    DeliveryOutcome outcomeOf(const HttpResponse &response) const;

    HttpClient &m_http;
    std::unique_ptr<BlueskySession> m_session;
    Config m_config;
    std::unique_ptr<BlueskyDirectMessages> m_directMessages;
    SupplementaryStreams m_supplementary; // listening and direct messages
};

} // namespace Care::Sync
