#include "sync/XConnector.h"

#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"
#include "sync/XSession.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <algorithm>

Q_LOGGING_CATEGORY(lcX, "care.sync.x")

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::XConnector)
};

using Code = Core::Error::Code;

const QString kMentions = QStringLiteral("mentions");
const QString kSearch = QStringLiteral("search");
const QString kDirect = QStringLiteral("direct");
const QString kUsage = QStringLiteral("usage");
constexpr int kMaxQueryLength = 512;
constexpr qint64 kReadBackSlackSecs = 5 * 60;

const QString kTweetFields = QStringLiteral(
    "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,entities,edit_history_tweet_ids");
const QString kTweetExpansions = QStringLiteral("author_id,referenced_tweets.id,referenced_tweets.id.author_id");
const QString kUserFields = QStringLiteral("username,name");
const QString kDmFields = QStringLiteral("id,text,event_type,created_at,sender_id,dm_conversation_id,participant_ids");

// The rate budgets X keeps, one per endpoint.
const QString kMentionsBudget = QStringLiteral("GET /2/users/:id/mentions");
const QString kSearchBudget = QStringLiteral("GET /2/tweets/search/recent");
const QString kDmReadBudget = QStringLiteral("GET /2/dm_events");
const QString kDmConversationBudget = QStringLiteral("GET /2/dm_conversations/with/:id/dm_events");
const QString kOwnPostsBudget = QStringLiteral("GET /2/users/:id/tweets");
const QString kPostBudget = QStringLiteral("POST /2/tweets");
const QString kDmSendBudget = QStringLiteral("POST /2/dm_conversations/with/:id/messages");
const QString kUserLookupBudget = QStringLiteral("GET /2/users/by/username/:username");
const QString kHideBudget = QStringLiteral("PUT /2/tweets/:id/hidden");

// "<last poll, ms since epoch>;<newest id>"
struct StreamCursor
{
    qint64 lastPollMs = 0;
    QString newest;
    static StreamCursor parse(const QString &cursor)
    {
        return {cursor.section(QLatin1Char(';'), 0, 0).toLongLong(), cursor.section(QLatin1Char(';'), 1)};
    }
    QString text(qint64 pollMs) const { return QString::number(pollMs) + QLatin1Char(';') + newest; }
    bool due(qint64 nowMs, qint64 intervalSecs) const
    {
        return intervalSecs > 0 && (lastPollMs <= 0 || nowMs < lastPollMs || nowMs - lastPollMs >= intervalSecs * 1000 - 500);
    }
};

template<typename T>
Core::Result<T> readable(Core::Result<T> parsed)
{
    if (parsed || parsed.error().code != Code::InvalidInput)
        return parsed;
    return Core::Error::make(Code::BadResponse, Strings::tr("X sent an answer that could not be read."),
                             Strings::tr("Nothing is lost; it is retried automatically."),
                             QString(parsed.error().message + QLatin1Char(' ') + parsed.error().detail));
}

} // namespace

XConnector::XConnector(HttpClient &http, std::unique_ptr<XSession> session, Config config)
    : m_http(http)
    , m_session(std::move(session))
    , m_config(std::move(config))
    , m_supplementary(lcX())
{
    m_plan.plan = m_config.plan;
}

XConnector::~XConnector() = default;

Core::Result<QString> XConnector::searchQuery(const QStringList &terms, const QString &username)
{
    QStringList parts;
    for (const QString &raw : terms) {
        const QString term = raw.simplified().remove(QLatin1Char('"'));
        if (term.isEmpty())
            continue;
        parts << (term.contains(QLatin1Char(' ')) ? QString(QLatin1Char('"') + term + QLatin1Char('"')) : term);
    }
    if (parts.isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("Keyword listening on X needs at least one brand term."),
                                 Strings::tr("Add the brand's and products' names with --keyword."));
    QString query = parts.size() == 1 ? parts.first() : QString(QLatin1Char('(') + parts.join(QStringLiteral(" OR ")) + QLatin1Char(')'));
    if (!username.isEmpty())
        query += QStringLiteral(" -from:%1 -@%1").arg(username);
    query += QStringLiteral(" -is:retweet");
    if (query.size() > kMaxQueryLength)
        return Core::Error::make(Code::InvalidInput,
                                 Strings::tr("The X search query is %1 characters long; X allows %2.").arg(query.size()).arg(kMaxQueryLength),
                                 Strings::tr("Use fewer or shorter brand terms."), query);
    return query;
}

QString XConnector::comparable(const QString &text)
{
    static const QRegularExpression url(QStringLiteral("https?://\\S+"), QRegularExpression::CaseInsensitiveOption);
    QString out = X::decodeEntities(text);
    out.replace(url, QStringLiteral("<link>"));
    return out.simplified();
}

ConnectorCapabilities XConnector::capabilities() const
{
    ConnectorCapabilities caps;
    caps.platform = Core::PlatformCapabilities::of(Core::Platform::X);
    caps.platform.keywordListening = !m_config.keywords.isEmpty();
    caps.platform.hide = true; // replies in conversations the brand started (PUT /2/tweets/:id/hidden)
    caps.profileLookup = true;
    caps.maxCharacters = 0; // 280 weighted characters: the length rules know it
    return caps;
}

std::optional<std::pair<int, int>> XConnector::rateBudget() const
{
    // The tightest of the endpoint budgets this pass used.
    const QByteArray auth = QByteArray("Bearer ") + m_session->credentials().accessToken.toUtf8();
    std::optional<std::pair<int, int>> tightest;
    for (const QString &budget : m_budgetsUsed) {
        auto limit = m_http.rateLimit(m_session->apiBase().host(), auth, budget);
        if (!limit || !limit->known() || limit->limit <= 0)
            continue;
        if (!tightest || double(limit->remaining) / limit->limit < double(tightest->first) / tightest->second)
            tightest = std::make_pair(limit->remaining, limit->limit);
    }
    return tightest;
}

QDateTime XConnector::rateResetAt() const
{
    const QByteArray auth = QByteArray("Bearer ") + m_session->credentials().accessToken.toUtf8();
    QDateTime latest;
    for (const QString &budget : m_budgetsUsed) {
        auto limit = m_http.rateLimit(m_session->apiBase().host(), auth, budget);
        if (limit && limit->known() && limit->remaining <= 0 && limit->resetAt > latest)
            latest = limit->resetAt;
    }
    return latest;
}

Core::Result<QByteArray> XConnector::get(const QString &path, const QList<QPair<QString, QString>> &query, const QString &budget)
{
    if (!m_budgetsUsed.contains(budget))
        m_budgetsUsed << budget;
    const HttpResponse response = m_session->get(path, query, budget);
    if (!response.ok())
        return m_session->describe(response);
    return response.body;
}

Core::Status XConnector::connect()
{
    if (m_session->credentials().accessToken.isEmpty() && m_session->credentials().refreshToken.isEmpty())
        return Core::Error::make(Code::TokenRevoked, Strings::tr("The X account is not signed in."),
                                 Strings::tr("Connect it with `careconsole account add x`."));
    if (m_config.userId.isEmpty())
        m_config.userId = m_session->credentials().userId;
    if (m_config.username.isEmpty())
        m_config.username = m_session->credentials().username;
    if (m_config.userId.isEmpty())
        return Core::Error::make(Code::TokenRevoked, Strings::tr("The X account's id is not known."),
                                 Strings::tr("Connect it again with `careconsole account add x`."));
    return {}; // no request of its own: every X read is billed
}

Core::Status XConnector::fetch(const QHash<QString, QString> &cursors,
                               const std::function<Core::Status(const FetchBatch &)> &commit)
{
    m_supplementary.clear();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    XUsage usage = XUsage::fromCursor(cursors.value(kUsage), now);
    XPollPlan wanted = m_config.plan;
    if (m_config.keywords.isEmpty())
        wanted.search = 0;
    m_plan = XCostMeter::planWithin(m_config.prices, usage, wanted, m_config.monthlyBudget, now);
    if (m_config.monthlyBudget > 0 && usage.monthSpent >= m_config.monthlyBudget) {
        // This month's budget is spent: listening waits for the next month, direct messages
        // are read at the longest interval; mentions go on (customers who tag the brand first).
        qCWarning(lcX) << "monthly budget reached:" << usage.monthSpent << ">=" << m_config.monthlyBudget;
        m_plan.plan.search = 0;
        if (m_plan.plan.direct > 0)
            m_plan.plan.direct = XCostMeter::kMaxIntervalSecs;
        m_plan.overBudget = true;
    }
    const auto saveUsage = [&]() {
        FetchBatch batch;
        batch.stream = kUsage;
        batch.cursor = usage.toCursor();
        return commit(batch);
    };
    if (Core::Status s = fetchTweets(kMentions, cursors.value(kMentions), m_plan.plan.mentions, usage, commit); !s) {
        saveUsage();
        return s;
    }
    // Listening and direct messages are supplementary (SupplementaryStreams).
    if (Core::Status s = m_supplementary.take(fetchTweets(kSearch, cursors.value(kSearch), m_plan.plan.search, usage, commit),
                                              kSearch, Strings::tr("Posts found by listening"));
        !s) {
        saveUsage();
        return s;
    }
    if (Core::Status s = m_supplementary.take(fetchDirect(cursors.value(kDirect), m_plan.plan.direct, usage, commit), kDirect,
                                              Strings::tr("Direct messages"));
        !s) {
        saveUsage();
        return s;
    }
    return saveUsage();
}

Core::Status XConnector::fetchTweets(const QString &stream, const QString &cursor, qint64 intervalSecs, XUsage &usage,
                                     const std::function<Core::Status(const FetchBatch &)> &commit)
{
    const StreamCursor position = StreamCursor::parse(cursor);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (!position.due(nowMs, intervalSecs))
        return {};
    QString path;
    QString budget;
    QList<QPair<QString, QString>> base;
    if (stream == kMentions) {
        path = QStringLiteral("/2/users/%1/mentions").arg(m_config.userId);
        budget = kMentionsBudget;
    } else {
        auto query = searchQuery(m_config.keywords, m_config.username);
        if (!query)
            return query.error();
        path = QStringLiteral("/2/tweets/search/recent");
        budget = kSearchBudget;
        base << qMakePair(QStringLiteral("query"), query.value());
    }
    base << qMakePair(QStringLiteral("max_results"), QString::number(std::clamp(m_config.pageSize, 10, 100)))
         << qMakePair(QStringLiteral("tweet.fields"), kTweetFields)
         << qMakePair(QStringLiteral("expansions"), kTweetExpansions)
         << qMakePair(QStringLiteral("user.fields"), kUserFields);
    if (!position.newest.isEmpty())
        base << qMakePair(QStringLiteral("since_id"), position.newest);

    // Pages come newest first; since_id bounds them. A new account takes only the newest page.
    QList<X::TweetPage> pages;
    QString newest = position.newest;
    QString token;
    for (int n = 0; n < m_config.maxPages; ++n) {
        QList<QPair<QString, QString>> query = base;
        if (!token.isEmpty())
            query << qMakePair(QStringLiteral("pagination_token"), token);
        auto body = get(path, query, budget);
        if (!body)
            return body.error();
        auto page = readable(X::parseTweetPage(body.value()));
        if (!page)
            return page.error();
        usage.addPoll(stream, page->tweets.size() + page->includedTweets.size(), page->users.size(), 0, m_config.prices,
                      QDateTime::currentDateTimeUtc());
        for (const X::Problem &problem : std::as_const(page->problems))
            qCInfo(lcX) << stream << "partial error:" << problem.title << problem.detail << problem.resourceId;
        if (!page->newestId.isEmpty() && (newest.isEmpty() || X::newerId(page->newestId, newest)))
            newest = page->newestId;
        for (const X::Tweet &t : std::as_const(page->tweets)) {
            if (newest.isEmpty() || X::newerId(t.id, newest))
                newest = t.id;
        }
        token = page->nextToken;
        pages << page.value();
        if (position.newest.isEmpty() || token.isEmpty())
            break;
        if (n + 1 == m_config.maxPages)
            qCWarning(lcX) << stream << "read back" << n + 1 << "pages; older posts are left";
    }
    FetchBatch batch;
    batch.stream = stream;
    batch.cursor = StreamCursor{0, newest}.text(nowMs);
    // Oldest first, so a conversation's messages arrive in order.
    for (auto page = pages.crbegin(); page != pages.crend(); ++page) {
        QList<X::Tweet> tweets = page->tweets;
        std::sort(tweets.begin(), tweets.end(), [](const X::Tweet &a, const X::Tweet &b) { return X::newerId(b.id, a.id); });
        for (const X::Tweet &t : std::as_const(tweets)) {
            if (t.authorId == m_config.userId || !t.retweetedId.isEmpty())
                continue;
            QList<Core::IncomingMessage> messages = toMessages(t, *page);
            // The query leaves out posts that tag the brand (-@brand): these name it without addressing it.
            for (Core::IncomingMessage &m : messages)
                m.foundByListening = stream == kSearch;
            batch.messages << messages;
        }
    }
    return commit(batch); // also when empty: the poll time moves on
}

Core::IncomingMessage XConnector::toMessage(const X::Tweet &tweet, const X::User &customer, const QString &threadKey) const
{
    Core::IncomingMessage m;
    m.accountId = m_config.accountId;
    // An edited post is the same message with new text: the transcript knows it by its first id.
    m.platformMessageId = tweet.originalId();
    m.platformParentId = tweet.repliedToId;
    m.threadKey = threadKey;
    const bool own = tweet.authorId == m_config.userId;
    m.direction = own ? Core::Direction::Outbound : Core::Direction::Inbound;
    m.visibility = Core::Visibility::Public;
    m.customerPlatformUserId = customer.id;
    m.customerHandle = QStringLiteral("@") + customer.username;
    m.customerName = customer.name.isEmpty() ? customer.username : customer.name;
    m.authorName = own ? m_config.username : m.customerName;
    m.body = tweet.text;
    if (!tweet.quotedId.isEmpty())
        m.body += QStringLiteral("\n\n") + Strings::tr("(quoting post %1)").arg(tweet.quotedId);
    m.createdAt = tweet.createdAt.isValid() ? tweet.createdAt : QDateTime::currentDateTimeUtc();
    if (tweet.isEdited())
        m.editedAt = m.createdAt;
    if (own)
        m.deliveryState = Core::DeliveryState::Sent;
    return m;
}

QList<Core::IncomingMessage> XConnector::toMessages(const X::Tweet &tweet, const X::TweetPage &page) const
{
    X::User customer = page.users.value(tweet.authorId);
    if (customer.id.isEmpty()) {
        customer.id = tweet.authorId;
        customer.username = tweet.authorId; // the expansion was missing: the id stands in
    }
    // One customer in one X conversation (conversation_id: the id of the post that began it).
    const QString conversation = tweet.conversationId.isEmpty() ? tweet.originalId() : tweet.conversationId;
    const QString threadKey = conversation + QLatin1Char(':') + customer.id;
    QList<Core::IncomingMessage> out;
    // The post it answers came along as an expansion: part of this conversation when the brand
    // or this customer wrote it (others in the thread are not).
    if (!tweet.repliedToId.isEmpty() && page.includedTweets.contains(tweet.repliedToId)) {
        const X::Tweet parent = page.includedTweets.value(tweet.repliedToId);
        if (parent.authorId == m_config.userId || parent.authorId == customer.id)
            out << toMessage(parent, customer, threadKey);
    } else if (!tweet.repliedToId.isEmpty()
               && (tweet.inReplyToUserId == m_config.userId || tweet.inReplyToUserId == customer.id)) {
        // The answered post is gone: X says so as a partial error. Its author is known from
        // in_reply_to_user_id; the transcript marks it deleted (or keeps its place as deleted).
        for (const X::Problem &problem : page.problems) {
            if (!problem.isNotFound() || problem.resourceId != tweet.repliedToId)
                continue;
            X::Tweet gone;
            gone.id = tweet.repliedToId;
            gone.authorId = tweet.inReplyToUserId;
            gone.text = Strings::tr("(This post was deleted.)");
            gone.createdAt = tweet.createdAt.isValid() ? tweet.createdAt.addMSecs(-1) : QDateTime();
            Core::IncomingMessage m = toMessage(gone, customer, threadKey);
            m.deletedAt = QDateTime::currentDateTimeUtc();
            out << m;
            break;
        }
    }
    Core::IncomingMessage message = toMessage(tweet, customer, threadKey);
    message.canHide = hideable(tweet, conversation, page);
    out << message;
    return out;
}

// X lets the brand hide only replies in conversations its own post began. Who wrote that post is
// known without another (paid) read only when it came along: the post itself began the
// conversation (nobody can hide it), or it answers that post, whose author is in_reply_to_user_id
// (or the included parent). A reply deeper in the thread leaves it unknown.
std::optional<bool> XConnector::hideable(const X::Tweet &tweet, const QString &conversation, const X::TweetPage &page) const
{
    if (tweet.id == conversation || tweet.originalId() == conversation)
        return false;
    if (tweet.repliedToId != conversation)
        return std::nullopt;
    if (!tweet.inReplyToUserId.isEmpty())
        return tweet.inReplyToUserId == m_config.userId;
    if (page.includedTweets.contains(conversation))
        return page.includedTweets.value(conversation).authorId == m_config.userId;
    return std::nullopt;
}

Core::Status XConnector::fetchDirect(const QString &cursor, qint64 intervalSecs, XUsage &usage,
                                     const std::function<Core::Status(const FetchBatch &)> &commit)
{
    const StreamCursor position = StreamCursor::parse(cursor);
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (!position.due(nowMs, intervalSecs))
        return {};
    const QString path = QStringLiteral("/2/dm_events");
    const QList<QPair<QString, QString>> base{{QStringLiteral("event_types"), QStringLiteral("MessageCreate")},
                                              {QStringLiteral("dm_event.fields"), kDmFields}};
    // dm_events has no since_id and bills every event it returns: a probe of one says whether
    // anything is new before a page is read.
    if (!position.newest.isEmpty()) {
        QList<QPair<QString, QString>> probe = base;
        probe << qMakePair(QStringLiteral("max_results"), QStringLiteral("1"));
        auto body = get(path, probe, kDmReadBudget);
        // A refused probe (should X not take max_results=1) falls through to reading a page.
        if (!body && body.error().code != Code::Rejected)
            return body.error();
        auto page = body ? readable(X::parseDmPage(body.value())) : Core::Result<X::DmPage>(X::DmPage{});
        if (!page)
            return page.error();
        if (body)
            usage.addPoll(kDirect, 0, 0, page->events.size(), m_config.prices, QDateTime::currentDateTimeUtc());
        if (body && (page->events.isEmpty() || !X::newerId(page->events.first().id, position.newest))) {
            FetchBatch batch;
            batch.stream = kDirect;
            batch.cursor = StreamCursor{0, position.newest}.text(nowMs);
            return commit(batch);
        }
    }
    QList<X::DmEvent> fresh;
    QHash<QString, X::User> users;
    QString newest = position.newest;
    QString token;
    for (int n = 0; n < m_config.maxPages; ++n) {
        QList<QPair<QString, QString>> query = base;
        query << qMakePair(QStringLiteral("max_results"), QString::number(std::clamp(m_config.pageSize, 1, 100)))
              << qMakePair(QStringLiteral("expansions"), QStringLiteral("sender_id,participant_ids"))
              << qMakePair(QStringLiteral("user.fields"), kUserFields);
        if (!token.isEmpty())
            query << qMakePair(QStringLiteral("pagination_token"), token);
        auto body = get(path, query, kDmReadBudget);
        if (!body)
            return body.error();
        auto page = readable(X::parseDmPage(body.value()));
        if (!page)
            return page.error();
        usage.addPoll(kDirect, 0, page->users.size(), page->events.size(), m_config.prices, QDateTime::currentDateTimeUtc());
        users.insert(page->users);
        bool reachedMark = false;
        for (const X::DmEvent &e : std::as_const(page->events)) {
            if (!position.newest.isEmpty() && !X::newerId(e.id, position.newest)) {
                reachedMark = true;
                continue;
            }
            if (newest.isEmpty() || X::newerId(e.id, newest))
                newest = e.id;
            if (e.eventType == QLatin1String("MessageCreate"))
                fresh << e;
        }
        token = page->nextToken;
        if (reachedMark || position.newest.isEmpty() || token.isEmpty())
            break;
    }
    std::sort(fresh.begin(), fresh.end(), [](const X::DmEvent &a, const X::DmEvent &b) { return X::newerId(b.id, a.id); });
    FetchBatch batch;
    batch.stream = kDirect;
    batch.cursor = StreamCursor{0, newest}.text(nowMs);
    for (const X::DmEvent &e : std::as_const(fresh)) {
        // The customer is the other participant: one-to-one conversation ids are "<id>-<id>".
        QString customerId;
        const QStringList ids = e.participantIds.isEmpty() ? e.conversationId.split(QLatin1Char('-')) : e.participantIds;
        for (const QString &id : ids) {
            if (id != m_config.userId && !id.isEmpty())
                customerId = id;
        }
        if (customerId.isEmpty())
            customerId = e.senderId;
        const X::User customer = users.value(customerId, X::User{customerId, customerId, {}});
        Core::IncomingMessage m;
        m.accountId = m_config.accountId;
        m.platformMessageId = QStringLiteral("dm:") + e.id;
        m.threadKey = QStringLiteral("dm:") + (e.conversationId.isEmpty() ? customerId : e.conversationId);
        const bool own = e.senderId == m_config.userId;
        m.direction = own ? Core::Direction::Outbound : Core::Direction::Inbound;
        m.visibility = Core::Visibility::Private;
        m.customerPlatformUserId = customer.id;
        m.customerHandle = QStringLiteral("@") + customer.username;
        m.customerName = customer.name.isEmpty() ? customer.username : customer.name;
        m.authorName = own ? m_config.username : m.customerName;
        m.body = e.text;
        m.createdAt = e.createdAt.isValid() ? e.createdAt : QDateTime::currentDateTimeUtc();
        if (own)
            m.deliveryState = Core::DeliveryState::Sent;
        batch.messages << m;
    }
    return commit(batch);
}

DeliveryOutcome XConnector::outcomeOf(const HttpResponse &response) const
{
    DeliveryOutcome outcome;
    outcome.error = m_session->describe(response);
    if (response.status == 401)
        outcome.kind = DeliveryOutcome::Kind::Reconnect;
    else if (response.status == 429 || response.neverSent() || response.rateLimitedLocally || response.skipped)
        outcome.kind = DeliveryOutcome::Kind::Retry;
    else if (response.outcomeUnknown() || response.status >= 500 || response.status == 0)
        outcome.kind = DeliveryOutcome::Kind::Unknown; // it may have gone out: read back first
    else
        outcome.kind = DeliveryOutcome::Kind::Rejected;
    outcome.retryAfterMs = response.retryAfterMs.value_or(0);
    return outcome;
}

DeliveryOutcome XConnector::deliver(const Core::OutboxItem &item)
{
    DeliveryOutcome outcome;
    if (item.kind == Core::OutboxKind::PrivateMessage)
        return deliverDirect(item);
    if (Core::isModeration(item.kind))
        return hide(item);
    if (item.kind != Core::OutboxKind::PublicReply) { // a transcript: an e-mail account's job
        outcome.kind = DeliveryOutcome::Kind::Rejected;
        outcome.error = Core::Error::make(Code::Rejected, Strings::tr("X cannot deliver this kind of message."),
                                          Strings::tr("Send it from an e-mail account."));
        return outcome;
    }
    QJsonObject request{{QStringLiteral("text"), item.body}};
    if (!item.replyTo.isEmpty())
        request.insert(QStringLiteral("reply"), QJsonObject{{QStringLiteral("in_reply_to_tweet_id"), item.replyTo}});
    if (!m_budgetsUsed.contains(kPostBudget))
        m_budgetsUsed << kPostBudget;
    const HttpResponse response = m_session->postJson(QStringLiteral("/2/tweets"), QJsonDocument(request).toJson(QJsonDocument::Compact),
                                                      kPostBudget, true);
    if (response.ok()) {
        auto created = readable(X::parseCreatedTweet(response.body));
        if (created) {
            outcome.kind = DeliveryOutcome::Kind::Sent;
            outcome.platformId = created->id;
            return outcome;
        }
        outcome.kind = DeliveryOutcome::Kind::Unknown; // posted, but the answer is unreadable
        outcome.error = created.error();
        return outcome;
    }
    X::ApiError error = X::parseError(response.body);
    if (error.status == 0)
        error.status = response.status;
    if (response.status == 403 && error.isDuplicateContent()) {
        // The same text is already on the account: an earlier attempt whose answer was lost.
        const ReconcileOutcome found = reconcile(item);
        if (found.kind == ReconcileOutcome::Kind::Found) {
            outcome.kind = DeliveryOutcome::Kind::Sent;
            outcome.platformId = found.platformId;
            return outcome;
        }
        outcome.kind = DeliveryOutcome::Kind::Rejected;
        outcome.error = Core::Error::make(Code::Rejected,
                                          Strings::tr("X refused this reply as a duplicate of a post already on the account, "
                                             "so it was not posted again."),
                                          Strings::tr("Check the account's recent posts; to say it again, change the wording."),
                                          error.text());
        return outcome;
    }
    return outcomeOf(response);
}

DeliveryOutcome XConnector::hide(const Core::OutboxItem &item)
{
    // PUT /2/tweets/:id/hidden (hidden true, or false to show it again): idempotent, so a repeat
    // does no harm.
    const bool hidden = item.kind == Core::OutboxKind::Hide;
    if (!m_budgetsUsed.contains(kHideBudget))
        m_budgetsUsed << kHideBudget;
    const HttpResponse response =
        m_session->sendJson("PUT", QStringLiteral("/2/tweets/%1/hidden").arg(item.replyTo),
                            QJsonDocument(QJsonObject{{QStringLiteral("hidden"), hidden}}).toJson(QJsonDocument::Compact),
                            kHideBudget, false);
    DeliveryOutcome outcome;
    const QJsonValue answer =
        QJsonDocument::fromJson(response.body).object().value(QStringLiteral("data")).toObject().value(QStringLiteral("hidden"));
    if (response.ok() && answer.isBool() && answer.toBool() == hidden) {
        outcome.kind = DeliveryOutcome::Kind::Sent;
        outcome.platformId = item.replyTo; // the hidden post keeps its id (the transcript knows it by it)
        return outcome;
    }
    outcome = outcomeOf(response);
    if (response.ok() || (response.status == 403 && outcome.kind == DeliveryOutcome::Kind::Rejected)) {
        outcome.kind = DeliveryOutcome::Kind::Rejected;
        outcome.error = hidden ? Core::Error::make(Code::Rejected,
                                                   Strings::tr("X lets the brand hide only replies in conversations the "
                                                               "brand started."),
                                                   Strings::tr("The message is hidden in the console only."),
                                                   X::parseError(response.body).text())
                               : Core::Error::make(Code::Rejected, Strings::tr("X did not show the reply again."),
                                                   Strings::tr("It is shown in the console; check it on X."),
                                                   X::parseError(response.body).text());
    }
    return outcome;
}

ReconcileOutcome XConnector::reconcile(const Core::OutboxItem &item)
{
    if (item.kind == Core::OutboxKind::PrivateMessage)
        return reconcileDirect(item);
    ReconcileOutcome outcome;
    if (item.kind != Core::OutboxKind::PublicReply) {
        // A transcript never went to X; hiding is idempotent: doing it again is the check.
        outcome.kind = ReconcileOutcome::Kind::NotFound;
        return outcome;
    }
    QList<QPair<QString, QString>> query{{QStringLiteral("max_results"), QStringLiteral("20")},
                                         {QStringLiteral("tweet.fields"), kTweetFields}};
    if (item.createdAt.isValid())
        query << qMakePair(QStringLiteral("start_time"),
                           item.createdAt.toUTC().addSecs(-kReadBackSlackSecs).toString(Qt::ISODate));
    auto body = get(QStringLiteral("/2/users/%1/tweets").arg(m_config.userId), query, kOwnPostsBudget);
    if (!body) {
        outcome.error = body.error();
        return outcome;
    }
    auto page = readable(X::parseTweetPage(body.value()));
    if (!page) {
        outcome.error = page.error();
        return outcome;
    }
    const QString wanted = comparable(item.body);
    for (const X::Tweet &t : std::as_const(page->tweets)) {
        if (t.repliedToId == item.replyTo && comparable(t.text) == wanted) {
            outcome.kind = ReconcileOutcome::Kind::Found;
            outcome.platformId = t.originalId();
            return outcome;
        }
    }
    outcome.kind = ReconcileOutcome::Kind::NotFound;
    return outcome;
}

Core::Result<QString> XConnector::userIdOf(const QString &handle)
{
    const QString name = handle.startsWith(QLatin1Char('@')) ? handle.mid(1) : handle;
    auto body = get(QStringLiteral("/2/users/by/username/%1").arg(name), {{QStringLiteral("user.fields"), kUserFields}},
                    kUserLookupBudget);
    if (!body)
        return body.error();
    auto user = readable(X::parseUser(body.value()));
    if (!user)
        return user.error();
    return user->id;
}

DeliveryOutcome XConnector::deliverDirect(const Core::OutboxItem &item)
{
    DeliveryOutcome outcome;
    auto participant = userIdOf(item.recipient);
    if (!participant) {
        outcome.error = participant.error();
        outcome.kind = participant.error().code == Code::Rejected       ? DeliveryOutcome::Kind::Rejected
                       : participant.error().code == Code::TokenRevoked ? DeliveryOutcome::Kind::Reconnect
                                                                        : DeliveryOutcome::Kind::Retry; // nothing was sent
        return outcome;
    }
    if (!m_budgetsUsed.contains(kDmSendBudget))
        m_budgetsUsed << kDmSendBudget;
    const QJsonObject request{{QStringLiteral("text"), item.body}};
    const HttpResponse response =
        m_session->postJson(QStringLiteral("/2/dm_conversations/with/%1/messages").arg(participant.value()),
                            QJsonDocument(request).toJson(QJsonDocument::Compact), kDmSendBudget, true);
    if (response.ok()) {
        auto sent = readable(X::parseSentDm(response.body));
        if (sent) {
            outcome.kind = DeliveryOutcome::Kind::Sent;
            outcome.platformId = QStringLiteral("dm:") + sent->eventId;
            return outcome;
        }
        outcome.kind = DeliveryOutcome::Kind::Unknown;
        outcome.error = sent.error();
        return outcome;
    }
    outcome = outcomeOf(response);
    if (response.status == 403 && outcome.kind == DeliveryOutcome::Kind::Rejected)
        outcome.error = Core::Error::make(Code::Rejected,
                                          Strings::tr("X did not let the brand write to %1 privately (they may not accept "
                                             "messages from accounts they do not follow).").arg(item.recipient),
                                          Strings::tr("Answer publicly and ask them to write to the brand first."),
                                          X::parseError(response.body).text());
    return outcome;
}

ReconcileOutcome XConnector::reconcileDirect(const Core::OutboxItem &item)
{
    ReconcileOutcome outcome;
    auto participant = userIdOf(item.recipient);
    if (!participant) {
        outcome.error = participant.error();
        return outcome;
    }
    auto body = get(QStringLiteral("/2/dm_conversations/with/%1/dm_events").arg(participant.value()),
                    {{QStringLiteral("max_results"), QStringLiteral("20")},
                     {QStringLiteral("event_types"), QStringLiteral("MessageCreate")},
                     {QStringLiteral("dm_event.fields"), kDmFields}},
                    kDmConversationBudget);
    if (!body) {
        outcome.error = body.error();
        return outcome;
    }
    auto page = readable(X::parseDmPage(body.value()));
    if (!page) {
        outcome.error = page.error();
        return outcome;
    }
    const QString wanted = comparable(item.body);
    const QDateTime earliest = item.createdAt.isValid() ? item.createdAt.toUTC().addSecs(-kReadBackSlackSecs) : QDateTime();
    for (const X::DmEvent &e : std::as_const(page->events)) {
        if (e.senderId == m_config.userId && comparable(e.text) == wanted
            && (!earliest.isValid() || !e.createdAt.isValid() || e.createdAt >= earliest)) {
            outcome.kind = ReconcileOutcome::Kind::Found;
            outcome.platformId = QStringLiteral("dm:") + e.id;
            return outcome;
        }
    }
    outcome.kind = ReconcileOutcome::Kind::NotFound;
    return outcome;
}

} // namespace Care::Sync
