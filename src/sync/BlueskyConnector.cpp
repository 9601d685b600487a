#include "sync/BlueskyConnector.h"

#include "sync/BlueskyDirectMessages.h"
#include "sync/BlueskyRichText.h"
#include "sync/BlueskySession.h"
#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <algorithm>

Q_LOGGING_CATEGORY(lcBluesky, "care.sync.bluesky")

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::BlueskyConnector)
};

using Code = Core::Error::Code;
const QString kPostCollection = QStringLiteral("app.bsky.feed.post");

// A parser's complaint is the server's fault, not the user's: retried later, cursor unmoved.
template<typename T>
Core::Result<T> readable(Core::Result<T> parsed, const QString &service)
{
    if (parsed || parsed.error().code != Code::InvalidInput)
        return parsed;
    return Core::Error::make(Code::BadResponse, Strings::tr("%1 sent an answer that could not be read.").arg(service),
                             Strings::tr("Nothing is lost; it is retried automatically."),
                             QString(parsed.error().message + QLatin1Char(' ') + parsed.error().detail));
}

// "at://did:plc:abc/app.bsky.feed.post/3k..." -> "did:plc:abc"
QString authorOf(const QString &uri)
{
    return uri.section(QLatin1Char('/'), 2, 2);
}

bool isConversationReason(const QString &reason)
{
    return reason == QLatin1String("mention") || reason == QLatin1String("reply") || reason == QLatin1String("quote");
}

} // namespace

BlueskyConnector::BlueskyConnector(HttpClient &http, std::unique_ptr<BlueskySession> session, Config config)
    : m_http(http)
    , m_session(std::move(session))
    , m_config(std::move(config))
    , m_supplementary(lcBluesky())
{
}

BlueskyConnector::~BlueskyConnector() = default;

void BlueskyConnector::setDirectMessages(std::unique_ptr<BlueskyDirectMessages> directMessages)
{
    m_directMessages = std::move(directMessages);
}

QString BlueskyConnector::mark(const QDateTime &indexedAt, const QString &uri)
{
    return indexedAt.toUTC().toString(Qt::ISODateWithMs) + QLatin1Char('|') + uri;
}

bool BlueskyConnector::after(const QDateTime &indexedAt, const QString &uri, const QString &mark)
{
    if (mark.isEmpty())
        return true;
    const QDateTime at = QDateTime::fromString(mark.section(QLatin1Char('|'), 0, 0), Qt::ISODateWithMs);
    if (!at.isValid())
        return true;
    if (indexedAt != at)
        return indexedAt > at;
    return uri > mark.section(QLatin1Char('|'), 1);
}

ConnectorCapabilities BlueskyConnector::capabilities() const
{
    ConnectorCapabilities caps;
    caps.platform = Core::PlatformCapabilities::of(Core::Platform::Bluesky);
    caps.platform.privateMessage = m_directMessages != nullptr; // not offered until chat is wired
    caps.platform.keywordListening = !m_config.keywords.isEmpty();
    caps.platform.hide = false;
    caps.profileLookup = true;
    caps.maxCharacters = 0; // fixed by the protocol (300 graphemes, 3,000 bytes): the length rules know it
    return caps;
}

std::optional<std::pair<int, int>> BlueskyConnector::rateBudget() const
{
    auto limit = m_http.rateLimit(m_session->service().host(), QByteArray("Bearer ") + m_session->credentials().accessJwt.toUtf8());
    if (!limit || !limit->known())
        return std::nullopt;
    return std::make_pair(limit->remaining, limit->limit);
}

QDateTime BlueskyConnector::rateResetAt() const
{
    auto limit = m_http.rateLimit(m_session->service().host(), QByteArray("Bearer ") + m_session->credentials().accessJwt.toUtf8());
    return limit ? limit->resetAt : QDateTime();
}

Core::Result<QByteArray> BlueskyConnector::get(const QString &nsid, const QList<QPair<QString, QString>> &query)
{
    const HttpResponse response = m_session->get(nsid, query);
    if (!response.ok() || !response.isJson())
        return m_session->describe(response);
    return response.body;
}

Core::Status BlueskyConnector::connect()
{
    if (!m_session->isSignedIn())
        return Core::Error::make(Code::TokenRevoked, Strings::tr("The Bluesky account is not signed in."),
                                 Strings::tr("Connect it again with an app password."));
    // Cheap, and it refreshes an expired access token on the way.
    auto body = get(QStringLiteral("com.atproto.server.getSession"), {});
    if (!body)
        return body.error();
    if (m_config.did.isEmpty())
        m_config.did = m_session->did();
    return {};
}

Core::Status BlueskyConnector::fetch(const QHash<QString, QString> &cursors,
                                     const std::function<Core::Status(const FetchBatch &)> &commit)
{
    m_supplementary.clear();
    if (Core::Status s = fetchNotifications(cursors.value(QStringLiteral("mentions")), commit); !s)
        return s;
    // Listening and direct messages are supplementary (SupplementaryStreams).
    for (const QString &term : std::as_const(m_config.keywords)) {
        const QString stream = QStringLiteral("search:") + term;
        if (Core::Status s = m_supplementary.take(fetchSearch(term, cursors.value(stream), commit), stream,
                                                  Strings::tr("Posts naming “%1”").arg(term));
            !s)
            return s;
    }
    if (m_directMessages) {
        if (Core::Status s = m_supplementary.take(m_directMessages->fetch(cursors, commit), QStringLiteral("direct"),
                                                  Strings::tr("Direct messages"));
            !s)
            return s;
    }
    return {};
}

Core::Status BlueskyConnector::fetchNotifications(const QString &cursor,
                                                  const std::function<Core::Status(const FetchBatch &)> &commit)
{
    // The cursor pages backwards (newest first) and there is no "since": read from the newest
    // down to the stored high-water mark, then ingest oldest first and move the mark in one
    // commit — a crash before it reads the same notifications again, never skips one. A new
    // account (no mark) takes only the newest page, not its whole past.
    QList<Bluesky::Notification> fresh;
    QString newest = cursor;
    QDateTime newestAt;
    QString page;
    for (int n = 0; n < m_config.maxPages; ++n) {
        QList<QPair<QString, QString>> query{{QStringLiteral("limit"), QString::number(m_config.pageSize)},
                                             {QStringLiteral("reasons"), QStringLiteral("mention")},
                                             {QStringLiteral("reasons"), QStringLiteral("reply")},
                                             {QStringLiteral("reasons"), QStringLiteral("quote")}};
        if (!page.isEmpty())
            query << qMakePair(QStringLiteral("cursor"), page);
        auto body = get(QStringLiteral("app.bsky.notification.listNotifications"), query);
        if (!body)
            return body.error();
        auto parsed = readable(Bluesky::parseNotifications(body.value()), m_session->serviceName());
        if (!parsed)
            return parsed.error();
        bool reachedMark = false;
        for (const Bluesky::Notification &notification : std::as_const(parsed->notifications)) {
            if (!after(notification.indexedAt, notification.uri, cursor)) {
                reachedMark = true;
                continue; // older than the mark (pages are newest first, but be tolerant)
            }
            if (after(notification.indexedAt, notification.uri, newest)) {
                newest = mark(notification.indexedAt, notification.uri);
                newestAt = notification.indexedAt;
            }
            fresh << notification;
        }
        page = parsed->cursor;
        if (reachedMark || cursor.isEmpty() || page.isEmpty() || parsed->notifications.isEmpty())
            break;
        if (n + 1 == m_config.maxPages)
            qCWarning(lcBluesky) << "notifications read back" << n + 1 << "pages; older ones are left";
    }
    if (fresh.isEmpty())
        return {};
    std::sort(fresh.begin(), fresh.end(), [](const Bluesky::Notification &a, const Bluesky::Notification &b) {
        return a.indexedAt != b.indexedAt ? a.indexedAt < b.indexedAt : a.uri < b.uri;
    });
    FetchBatch batch;
    batch.stream = QStringLiteral("mentions");
    batch.cursor = newest;
    for (const Bluesky::Notification &n : std::as_const(fresh)) {
        if (!isConversationReason(n.reason) || !n.isPost || n.author.did == m_config.did)
            continue;
        auto messages = toMessages(Bluesky::PostView{n.uri, n.cid, n.author, n.record, n.indexedAt});
        if (!messages)
            return messages.error();
        batch.messages << messages.value();
    }
    if (Core::Status s = commit(batch); !s)
        return s;
    if (m_config.markSeen && newestAt.isValid()) {
        const HttpResponse seen = m_session->post(QStringLiteral("app.bsky.notification.updateSeen"),
                                                  {{QStringLiteral("seenAt"), newestAt.toString(Qt::ISODateWithMs)}});
        if (!seen.ok())
            qCWarning(lcBluesky) << "could not mark notifications as seen:" << m_session->describe(seen).detail;
    }
    return {};
}

Core::Status BlueskyConnector::fetchSearch(const QString &term, const QString &cursor,
                                           const std::function<Core::Status(const FetchBatch &)> &commit)
{
    // The cursor is "<last poll, ms since epoch>;<high-water mark>": searchPosts is meant for
    // people typing, so it is asked at most every searchIntervalMs, however often sync runs.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 lastPoll = cursor.section(QLatin1Char(';'), 0, 0).toLongLong();
    const QString since = cursor.section(QLatin1Char(';'), 1);
    if (lastPoll > 0 && now - lastPoll < m_config.searchIntervalMs && now >= lastPoll)
        return {};
    constexpr int kMaxSearchPages = 5;
    QList<Bluesky::PostView> found;
    QString newest = since;
    QString page;
    for (int n = 0; n < kMaxSearchPages; ++n) {
        QList<QPair<QString, QString>> query{{QStringLiteral("q"), term},
                                             {QStringLiteral("sort"), QStringLiteral("latest")},
                                             {QStringLiteral("limit"), QString::number(m_config.pageSize)}};
        if (!page.isEmpty())
            query << qMakePair(QStringLiteral("cursor"), page);
        auto body = get(QStringLiteral("app.bsky.feed.searchPosts"), query);
        if (!body)
            return body.error();
        auto parsed = readable(Bluesky::parseSearchPosts(body.value()), m_session->serviceName());
        if (!parsed)
            return parsed.error();
        bool reachedMark = false;
        for (const Bluesky::PostView &post : std::as_const(parsed->posts)) {
            if (!after(post.indexedAt, post.uri, since)) {
                reachedMark = true;
                continue;
            }
            if (after(post.indexedAt, post.uri, newest))
                newest = mark(post.indexedAt, post.uri);
            found << post;
        }
        page = parsed->cursor;
        if (reachedMark || since.isEmpty() || page.isEmpty() || parsed->posts.isEmpty())
            break;
    }
    std::sort(found.begin(), found.end(), [](const Bluesky::PostView &a, const Bluesky::PostView &b) {
        return a.indexedAt != b.indexedAt ? a.indexedAt < b.indexedAt : a.uri < b.uri;
    });
    FetchBatch batch;
    batch.stream = QStringLiteral("search:") + term;
    batch.cursor = QString::number(now) + QLatin1Char(';') + newest;
    for (const Bluesky::PostView &post : std::as_const(found)) {
        if (post.author.did == m_config.did)
            continue;
        auto messages = toMessages(post);
        if (!messages)
            return messages.error();
        for (Core::IncomingMessage &m : messages.value())
            m.foundByListening = true; // a mention would have come as a notification first
        batch.messages << messages.value();
    }
    return commit(batch); // also when empty: the poll time moves on
}

Core::IncomingMessage BlueskyConnector::toMessage(const Bluesky::PostView &post, const QString &threadKey,
                                                  const Bluesky::Author &customer) const
{
    Core::IncomingMessage m;
    m.accountId = m_config.accountId;
    m.platformMessageId = post.uri;
    m.platformParentId = post.record.parent ? post.record.parent->uri : QString();
    m.threadKey = threadKey;
    const bool own = post.author.did == m_config.did;
    m.direction = own ? Core::Direction::Outbound : Core::Direction::Inbound;
    m.visibility = Core::Visibility::Public;
    m.customerPlatformUserId = customer.did;
    m.customerHandle = QStringLiteral("@") + customer.handle;
    m.customerName = customer.displayName.isEmpty() ? customer.handle : customer.displayName;
    m.authorName = own ? post.author.handle : m.customerName;
    m.body = post.record.text;
    if (!post.record.quotedUri.isEmpty())
        m.body += QStringLiteral("\n\n") + Strings::tr("(quoting %1)").arg(post.record.quotedUri);
    // The author's createdAt may be anything; the app view's indexedAt is when it appeared.
    m.createdAt = post.record.createdAt.isValid() && post.record.createdAt <= post.indexedAt.addSecs(300)
                      ? post.record.createdAt
                      : post.indexedAt;
    if (own)
        m.deliveryState = Core::DeliveryState::Sent;
    return m;
}

Core::Result<QList<Core::IncomingMessage>> BlueskyConnector::toMessages(const Bluesky::PostView &post)
{
    const Bluesky::Author &customer = post.author;
    // One customer in one thread is one conversation; the thread is named by its root,
    // which every reply record carries (also when the root itself is deleted or blocked).
    const QString root = post.record.root ? post.record.root->uri : post.uri;
    const QString threadKey = root + QLatin1Char(':') + customer.did;
    QList<Core::IncomingMessage> out;
    if (post.record.parent) {
        auto body = get(QStringLiteral("app.bsky.feed.getPostThread"),
                        {{QStringLiteral("uri"), post.uri}, {QStringLiteral("depth"), QStringLiteral("0")}});
        if (body) {
            auto thread = readable(Bluesky::parseThread(body.value()), m_session->serviceName());
            if (!thread)
                return thread.error();
            for (const Bluesky::ThreadNode &node : std::as_const(thread->ancestors)) {
                const QString author = node.post ? node.post->author.did : authorOf(node.uri);
                if (author != customer.did && author != m_config.did)
                    continue; // other people in the thread are not this conversation
                if (node.kind == Bluesky::ThreadNode::Kind::Post) {
                    out << toMessage(*node.post, threadKey, customer);
                } else if (node.kind == Bluesky::ThreadNode::Kind::NotFound && !node.uri.isEmpty()) {
                    // Deleted: marks the message deleted if the store has it; otherwise a
                    // placeholder keeps the thread's shape.
                    Core::IncomingMessage gone;
                    gone.accountId = m_config.accountId;
                    gone.platformMessageId = node.uri;
                    gone.threadKey = threadKey;
                    gone.direction = author == m_config.did ? Core::Direction::Outbound : Core::Direction::Inbound;
                    gone.customerPlatformUserId = customer.did;
                    gone.customerHandle = QStringLiteral("@") + customer.handle;
                    gone.customerName = customer.displayName.isEmpty() ? customer.handle : customer.displayName;
                    gone.body = Strings::tr("(This post was deleted.)");
                    gone.createdAt = post.indexedAt.addMSecs(-1);
                    gone.deletedAt = QDateTime::currentDateTimeUtc();
                    if (author == m_config.did)
                        gone.deliveryState = Core::DeliveryState::Sent;
                    out << gone;
                }
                // Blocked posts cannot be read: they stay out of the transcript.
            }
        } else if (body.error().code != Code::Rejected) {
            return body.error(); // the thread could not be read now: fetch again later
        }
    }
    out << toMessage(post, threadKey, customer);
    return out;
}

Core::Result<Bluesky::PostView> BlueskyConnector::postView(const QString &uri)
{
    auto body = get(QStringLiteral("app.bsky.feed.getPosts"), {{QStringLiteral("uris"), uri}});
    if (!body)
        return body.error();
    auto posts = readable(Bluesky::parsePosts(body.value()), m_session->serviceName());
    if (!posts)
        return posts.error();
    if (posts->isEmpty())
        return Core::Error::make(Code::Rejected, Strings::tr("The post this replies to is no longer on Bluesky (deleted, or "
                                                    "its author blocked the brand)."),
                                 Strings::tr("Cancel the reply, or send it as a new conversation."));
    return posts->first();
}

Core::Result<Bluesky::PostRecord> BlueskyConnector::replyRecord(const Core::OutboxItem &item)
{
    Bluesky::PostRecord record;
    record.text = item.body;
    record.createdAt = QDateTime::currentDateTimeUtc();
    record.langs = m_config.langs;
    if (!item.replyTo.isEmpty()) {
        auto parent = postView(item.replyTo);
        if (!parent)
            return parent.error();
        // The root is the parent's root when the parent is itself a reply.
        record.parent = Bluesky::StrongRef{parent->uri, parent->cid};
        record.root = parent->record.root ? parent->record.root : record.parent;
    }
    for (const BlueskyRichText::Mention &mention : BlueskyRichText::mentions(item.body)) {
        auto body = get(QStringLiteral("com.atproto.identity.resolveHandle"), {{QStringLiteral("handle"), mention.handle}});
        if (!body) {
            if (body.error().code == Code::Rejected)
                continue; // no such handle: it stays plain text
            return body.error();
        }
        auto did = readable(Bluesky::parseResolvedDid(body.value()), m_session->serviceName());
        if (!did)
            return did.error();
        record.facets << Bluesky::Facet{mention.byteStart, mention.byteEnd, QStringLiteral("mention"), did.value()};
    }
    return record;
}

QString BlueskyConnector::recordKey(const Core::OutboxItem &item) const
{
    return BlueskyRichText::recordKey(item.idempotencyKey, item.createdAt);
}

DeliveryOutcome BlueskyConnector::outcomeOf(const HttpResponse &response) const
{
    DeliveryOutcome outcome;
    outcome.error = m_session->describe(response);
    if (outcome.error.code == Code::TokenRevoked)
        outcome.kind = DeliveryOutcome::Kind::Reconnect;
    else if (response.status == 429 || response.neverSent() || response.rateLimitedLocally || response.skipped)
        outcome.kind = DeliveryOutcome::Kind::Retry;
    else if (response.status >= 500 || response.status == 0)
        outcome.kind = DeliveryOutcome::Kind::Unknown; // it may have been written: read back
    else
        outcome.kind = DeliveryOutcome::Kind::Rejected;
    outcome.retryAfterMs = response.retryAfterMs.value_or(0);
    return outcome;
}

DeliveryOutcome BlueskyConnector::deliver(const Core::OutboxItem &item)
{
    DeliveryOutcome outcome;
    if (item.kind == Core::OutboxKind::PrivateMessage) {
        if (m_directMessages)
            return m_directMessages->deliver(item);
        outcome.kind = DeliveryOutcome::Kind::Rejected;
        outcome.error = Core::Error::make(Code::Rejected, Strings::tr("Care Console cannot send Bluesky direct messages yet."),
                                          Strings::tr("Answer publicly, or write to the customer from the Bluesky app."));
        return outcome;
    }
    if (Core::isModeration(item.kind)) {
        outcome.kind = DeliveryOutcome::Kind::Rejected;
        outcome.error = Core::Error::make(Code::Rejected, Strings::tr("Care Console cannot hide Bluesky replies."),
                                          Strings::tr("The message is hidden in the console only."));
        return outcome;
    }
    if (m_config.did.isEmpty())
        m_config.did = m_session->did();
    auto record = replyRecord(item);
    if (!record) {
        outcome.error = record.error();
        outcome.kind = record.error().code == Code::Rejected       ? DeliveryOutcome::Kind::Rejected
                       : record.error().code == Code::TokenRevoked ? DeliveryOutcome::Kind::Reconnect
                                                                   : DeliveryOutcome::Kind::Retry; // nothing was written
        return outcome;
    }
    const QJsonObject request{{QStringLiteral("repo"), m_config.did},
                              {QStringLiteral("collection"), kPostCollection},
                              {QStringLiteral("rkey"), recordKey(item)},
                              {QStringLiteral("record"), Bluesky::postRecordJson(record.value())}};
    const HttpResponse response = m_session->post(QStringLiteral("com.atproto.repo.createRecord"), request);
    if (response.ok()) {
        auto ref = readable(Bluesky::parseStrongRef(response.body), m_session->serviceName());
        if (ref) {
            outcome.kind = DeliveryOutcome::Kind::Sent;
            outcome.platformId = ref->uri;
            return outcome;
        }
        outcome.kind = DeliveryOutcome::Kind::Unknown; // written, but the answer is unreadable
        outcome.error = ref.error();
        return outcome;
    }
    outcome = outcomeOf(response);
    if (outcome.kind == DeliveryOutcome::Kind::Rejected) {
        // A record already at this key is this item, written by an earlier attempt whose
        // answer was lost: that is delivered, not refused.
        const ReconcileOutcome found = reconcile(item);
        if (found.kind == ReconcileOutcome::Kind::Found) {
            outcome.kind = DeliveryOutcome::Kind::Sent;
            outcome.platformId = found.platformId;
        }
    }
    return outcome;
}

ReconcileOutcome BlueskyConnector::reconcile(const Core::OutboxItem &item)
{
    if (item.kind == Core::OutboxKind::PrivateMessage && m_directMessages)
        return m_directMessages->reconcile(item);
    ReconcileOutcome outcome;
    if (m_config.did.isEmpty())
        m_config.did = m_session->did();
    // The record key is the item's: whatever is there was written by this item.
    const HttpResponse response = m_session->get(QStringLiteral("com.atproto.repo.getRecord"),
                                                 {{QStringLiteral("repo"), m_config.did},
                                                  {QStringLiteral("collection"), kPostCollection},
                                                  {QStringLiteral("rkey"), recordKey(item)}});
    if (response.ok()) {
        auto record = readable(Bluesky::parseRecord(response.body), m_session->serviceName());
        if (record && record->post.text == item.body) {
            outcome.kind = ReconcileOutcome::Kind::Found;
            outcome.platformId = record->uri;
        } else {
            outcome.error = record ? Core::Error::make(Code::Conflict, Strings::tr("Another post already has this reply's record key."))
                                   : record.error();
        }
        return outcome;
    }
    const QString name = BlueskySession::errorName(response);
    if ((response.status == 400 && name == QLatin1String("RecordNotFound")) || response.status == 404) {
        outcome.kind = ReconcileOutcome::Kind::NotFound;
        return outcome;
    }
    outcome.error = m_session->describe(response);
    return outcome;
}

} // namespace Care::Sync
