#pragma once

#include "sync/Connector.h"
#include "sync/XCostMeter.h"
#include "sync/XJson.h"
#include "sync/SupplementaryStreams.h"

#include <QStringList>
#include <memory>

namespace Care::Sync {

class HttpClient;
class XSession;
struct HttpResponse;

// X (API v2), built from X's documentation and tested against a scripted server:
//  - mentions (GET /2/users/:id/mentions, since_id) and keyword listening (GET
//    /2/tweets/search/recent with searchQuery(), since_id), each a stream with its own poll
//    interval; the post a mention answers comes along as an expansion, and a conversation is
//    one customer in one X conversation (conversation_id);
//  - direct messages (GET /2/dm_events, which has no since_id: a probe of one event per poll,
//    and a full read down to the stored newest event only when something is new);
//  - public replies (POST /2/tweets, reply.in_reply_to_tweet_id) and direct messages (POST
//    /2/dm_conversations/with/:participant_id/messages), and hiding a reply (PUT
//    /2/tweets/:id/hidden — X allows it in conversations the brand started).
// Exactly once without an idempotency key: writes are sent with HttpRequest::neverRepeat (Qt
// would otherwise resend a POST whose connection dropped); an unclear send is read back from the
// account's own posts or the DM conversation (reply target and text) before any retry, and X's
// "duplicate content" refusal is taken as the earlier attempt having gone out.
// Rate limits are kept per endpoint (x-rate-limit-* headers). Polling follows the cost meter:
// under a monthly budget the direct-message interval lengthens (XCostMeter::planWithin), and
// when this month's spend reaches the budget, keyword listening pauses until the next month.
class XConnector : public Connector
{
public:
    struct Config
    {
        qint64 accountId = 0;
        QString userId;   // the brand account's id
        QString username; // without '@'
        QStringList keywords; // brand terms for listening; empty: no listening
        XPollPlan plan;
        double monthlyBudget = 0; // 0: no budget
        XPrices prices = XPrices::builtIn();
        int pageSize = 100; // max_results (5..100 for mentions and search)
        int maxPages = 8;   // a long absence is read back at most this far (mentions reach ~800)
    };

    XConnector(HttpClient &http, std::unique_ptr<XSession> session, Config config);
    ~XConnector() override;

    ConnectorCapabilities capabilities() const override;
    Core::Status connect() override;
    Core::Status fetch(const QHash<QString, QString> &cursors,
                       const std::function<Core::Status(const FetchBatch &)> &commit) override;
    DeliveryOutcome deliver(const Core::OutboxItem &item) override;
    ReconcileOutcome reconcile(const Core::OutboxItem &item) override;
    std::optional<std::pair<int, int>> rateBudget() const override;
    QDateTime rateResetAt() const override;
    QString leftOut() const override { return m_supplementary.leftOut(); }

    // `(acme OR "acme kettle") -from:acme -@acme -is:retweet`: the brand's terms, without the
    // brand's own posts, posts that tag it (they come as mentions) and retweets. An error when
    // there are no terms or the query is longer than X's 512 characters.
    static Core::Result<QString> searchQuery(const QStringList &terms, const QString &username);
    // Text as compared when reading back: entities decoded, links (X shortens them) and
    // whitespace runs made equal.
    static QString comparable(const QString &text);
    // The plan this pass used (after the budget), for the status and `account cost`.
    const XCostEstimate &lastPlan() const { return m_plan; }
    XSession &session() { return *m_session; }

private:
    Core::Result<QByteArray> get(const QString &path, const QList<QPair<QString, QString>> &query, const QString &budget);
    Core::Status fetchTweets(const QString &stream, const QString &cursor, qint64 intervalSecs, XUsage &usage,
                             const std::function<Core::Status(const FetchBatch &)> &commit);
    Core::Status fetchDirect(const QString &cursor, qint64 intervalSecs, XUsage &usage,
                             const std::function<Core::Status(const FetchBatch &)> &commit);
    QList<Core::IncomingMessage> toMessages(const X::Tweet &tweet, const X::TweetPage &page) const;
    // Whether the brand may hide this post (a reply in a conversation its own post began), when
    // that is known from what the read brought; unknown otherwise.
    std::optional<bool> hideable(const X::Tweet &tweet, const QString &conversation, const X::TweetPage &page) const;
    Core::IncomingMessage toMessage(const X::Tweet &tweet, const X::User &customer, const QString &threadKey) const;
    Core::Result<QString> userIdOf(const QString &handle);
    DeliveryOutcome outcomeOf(const HttpResponse &response) const;
    DeliveryOutcome deliverDirect(const Core::OutboxItem &item);
    DeliveryOutcome hide(const Core::OutboxItem &item);
    ReconcileOutcome reconcileDirect(const Core::OutboxItem &item);

    HttpClient &m_http;
    std::unique_ptr<XSession> m_session;
    Config m_config;
    XCostEstimate m_plan;
    QStringList m_budgetsUsed;
    SupplementaryStreams m_supplementary; // listening and direct messages
};

} // namespace Care::Sync
