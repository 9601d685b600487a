#pragma once

#include "core/TermMatcher.h"
#include "sync/Connector.h"
#include "sync/FeedXml.h"

#include <QStringList>
#include <QUrl>

namespace Care::Sync {

class HttpClient;
struct HttpResponse;

// Blog and news listening: one RSS or Atom feed (a blog, a news site's section, a search
// feed) polled politely, whose items naming the brand's terms become listening conversations
// (one per article, the author as the customer, the article's link in the text). Replies are
// never posted (PlatformCapabilities of Platform::Blog).
//
// Polite: asked at most every `intervalMs` however often the engine syncs, with conditional
// requests (If-None-Match / If-Modified-Since from the last answer's ETag / Last-Modified, so
// an unchanged feed is answered 304 without a body), and a 429/503's Retry-After honoured
// before the next request. The validators, the last poll and the wait live in the stream's
// cursor, saved with the items in one transaction.
//
// Items are keyed by guid/id, else link: a later poll, or an edit of the article, never
// makes a second conversation (an edit updates the text, keeping the earlier version).
// Without terms every item is taken: a search feed is already filtered by the search.
//
// Back catalogue: the first poll fixes the stream's `since` at `historyDays` before it, and an
// item dated (published, else updated) before that is never taken, then or later: adding a
// news site's feed brings the last two weeks' articles, not years of them as open conversations.
// An undated item is taken (nothing says it is old).
class FeedConnector : public Connector
{
public:
    struct Config
    {
        qint64 accountId = 0;
        QUrl url;
        QStringList terms;
        qint64 intervalMs = kDefaultIntervalMs;
        Feed::Limits limits;
        int excerptCharacters = 1200; // of the article's text shown in the conversation
        int historyDays = kDefaultHistoryDays; // of articles before the first poll that are taken
    };
    static constexpr qint64 kDefaultIntervalMs = 15 * 60 * 1000;
    static constexpr qint64 kMinimumIntervalMs = 5 * 60 * 1000; // for servers other than this machine's
    static constexpr int kDefaultHistoryDays = 14;
    static constexpr int kMaximumHistoryDays = 3650;
    static const QString kStream;

    FeedConnector(HttpClient &http, Config config);

    ConnectorCapabilities capabilities() const override;
    Core::Status connect() override;
    Core::Status fetch(const QHash<QString, QString> &cursors,
                       const std::function<Core::Status(const FetchBatch &)> &commit) override;
    DeliveryOutcome deliver(const Core::OutboxItem &item) override;
    ReconcileOutcome reconcile(const Core::OutboxItem &item) override;
    QDateTime rateResetAt() const override { return m_retryAt; }
    QDateTime nextPollAt() const override { return m_nextPollAt; }

    // True after a poll the server answered 304 Not Modified (nothing was downloaded).
    bool lastPollNotModified() const { return m_notModified; }
    // Items of the last poll left out because they are older than the stream's `since`.
    int lastPollOlderItems() const { return m_olderItems; }
    // The feed's own title, after a poll that read it.
    QString feedTitle() const { return m_feedTitle; }
    // Whether `url` is on this machine (tests, a local site): any interval is allowed there.
    static bool isLoopback(const QUrl &url);

    // The listening message for one item, or nothing when it does not name a term. Exposed for tests.
    std::optional<Core::IncomingMessage> toMessage(const Feed::Item &item, const Feed::Document &feed) const;

private:
    Core::Error feedError(const HttpResponse &response) const;
    QString excerpt(const Feed::Item &item) const;

    HttpClient &m_http;
    Config m_config;
    Core::TermMatcher m_matcher;
    QDateTime m_nextPollAt;
    QDateTime m_retryAt;
    bool m_notModified = false;
    int m_olderItems = 0;
    QString m_feedTitle;
};

} // namespace Care::Sync
