#include "sync/MastodonConnector.h"

#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>
#include <algorithm>

Q_LOGGING_CATEGORY(lcMastodon, "care.sync.mastodon")

namespace Care::Sync {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::MastodonConnector)
};

// Mastodon ids are decimal strings that grow over time: compare by length, then text.
bool idLess(const QString &a, const QString &b)
{
    if (a.size() != b.size())
        return a.size() < b.size();
    return a < b;
}

QString maxId(const QString &a, const QString &b)
{
    return idLess(a, b) ? b : a;
}

// For matching a post read back from the platform with the text the agent sent: mentions,
// links' presentation and spacing differ between what was sent and what is shown.
QString comparable(const QString &text)
{
    static const QRegularExpression mention(QStringLiteral("(^|\\s)@[\\w.\\-]+(@[\\w.\\-]+)?"));
    static const QRegularExpression space(QStringLiteral("\\s+"));
    QString out = text;
    out.replace(mention, QStringLiteral(" "));
    out.replace(space, QStringLiteral(" "));
    return out.trimmed().toCaseFolded();
}

// A parser's complaint about what the server sent is the server's fault, not the user's:
// the sync retries later and the cursor stays where it was.
template<typename T>
Core::Result<T> readable(Core::Result<T> parsed, const QString &service)
{
    if (parsed || parsed.error().code != Core::Error::Code::InvalidInput)
        return parsed;
    return Core::Error::make(Core::Error::Code::BadResponse,
                             QCoreApplication::translate("Care::Sync::MastodonConnector",
                                                         "%1 sent an answer that could not be read.").arg(service),
                             QCoreApplication::translate("Care::Sync::MastodonConnector",
                                                         "Nothing is lost; it is retried automatically."),
                             QString(parsed.error().message + QLatin1Char(' ') + parsed.error().detail));
}

QString handleOf(const Mastodon::Account &account)
{
    return QStringLiteral("@") + account.acct;
}

} // namespace

MastodonConnector::MastodonConnector(HttpClient &http, Config config)
    : m_http(http)
    , m_config(std::move(config))
    , m_supplementary(lcMastodon())
{
}

QString MastodonConnector::service() const
{
    return m_config.instance.host();
}

ConnectorCapabilities MastodonConnector::capabilities() const
{
    ConnectorCapabilities caps;
    caps.platform = Core::PlatformCapabilities::of(Core::Platform::Mastodon);
    caps.platform.keywordListening = !m_config.keywords.isEmpty() || !m_config.hashtags.isEmpty();
    caps.profileLookup = true;
    caps.streaming = !m_instance.streamingUrl.isEmpty();
    caps.streamingUrl = QUrl(m_instance.streamingUrl);
    caps.maxCharacters = m_instance.maxCharacters;
    return caps;
}

std::optional<std::pair<int, int>> MastodonConnector::rateBudget() const
{
    auto limit = m_http.rateLimit(m_config.instance.host(), QByteArray("Bearer ") + m_config.token.toUtf8());
    if (!limit || !limit->known())
        return std::nullopt;
    return std::make_pair(limit->remaining, limit->limit);
}

QDateTime MastodonConnector::rateResetAt() const
{
    auto limit = m_http.rateLimit(m_config.instance.host(), QByteArray("Bearer ") + m_config.token.toUtf8());
    return limit ? limit->resetAt : QDateTime();
}

Core::Result<QByteArray> MastodonConnector::get(const QString &path, const QList<QPair<QString, QString>> &query)
{
    HttpRequest request;
    QUrl url = m_config.instance;
    url.setPath(path);
    QUrlQuery q;
    for (const auto &pair : query)
        q.addQueryItem(pair.first, pair.second);
    url.setQuery(q);
    request.url = url;
    request.headers << qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + m_config.token.toUtf8());
    request.headers << qMakePair(QByteArray("Accept"), QByteArray("application/json"));
    const HttpResponse response = m_http.send(request);
    if (!response.ok())
        return describeHttpFailure(response, service(), Mastodon::errorMessage(response.body));
    if (!response.isJson())
        return describeHttpFailure(response, service());
    return response.body;
}

Core::Status MastodonConnector::connect()
{
    auto me = get(QStringLiteral("/api/v1/accounts/verify_credentials"), {});
    if (!me)
        return me.error();
    auto account = readable(Mastodon::parseAccount(me.value()), service());
    if (!account)
        return account.error();
    m_config.ownId = account->id;
    m_ownAcct = account->acct;
    // The instance's limits and streaming address; older or compatible servers may not
    // have v2: the defaults (500 characters, no streaming) stand.
    if (auto instance = get(QStringLiteral("/api/v2/instance"), {})) {
        if (auto parsed = Mastodon::parseInstance(instance.value()))
            m_instance = parsed.value();
    }
    return {};
}

Core::Status MastodonConnector::fetch(const QHash<QString, QString> &cursors,
                                      const std::function<Core::Status(const FetchBatch &)> &commit)
{
    m_supplementary.clear();
    if (m_config.ownId.isEmpty()) {
        if (Core::Status s = connect(); !s)
            return s;
    }
    if (Core::Status s = fetchNotifications(cursors.value(QStringLiteral("mentions")), commit); !s)
        return s;
    // Everything after the mentions is supplementary (SupplementaryStreams): a search backend
    // that times out, a server without /conversations.
    if (Core::Status s = m_supplementary.take(fetchConversations(commit), QStringLiteral("direct"), Strings::tr("Direct messages"));
        !s)
        return s;
    for (const QString &term : m_config.keywords) {
        const QString stream = QStringLiteral("search:") + term;
        if (Core::Status s = m_supplementary.take(
                fetchListening(stream, QStringLiteral("/api/v2/search"),
                               {{QStringLiteral("q"), term}, {QStringLiteral("type"), QStringLiteral("statuses")}},
                               cursors.value(stream), true, commit),
                stream, Strings::tr("Posts naming “%1”").arg(term));
            !s)
            return s;
    }
    for (const QString &tag : m_config.hashtags) {
        const QString stream = QStringLiteral("tag:") + tag;
        if (Core::Status s = m_supplementary.take(fetchListening(stream, QStringLiteral("/api/v1/timelines/tag/") + tag, {},
                                                                 cursors.value(stream), false, commit),
                                                  stream, Strings::tr("Posts tagged #%1").arg(tag));
            !s)
            return s;
    }
    return {};
}

Core::Status MastodonConnector::fetchNotifications(const QString &cursor,
                                                   const std::function<Core::Status(const FetchBatch &)> &commit)
{
    QString position = cursor;
    // Forward, gap-free: min_id gives the page immediately newer than the cursor. Without a
    // cursor (a new account) only the newest page is taken, not the account's whole past.
    for (int page = 0; page < 1000; ++page) {
        QList<QPair<QString, QString>> query{{QStringLiteral("types[]"), QStringLiteral("mention")},
                                             {QStringLiteral("limit"), QString::number(m_config.pageSize)}};
        if (!position.isEmpty())
            query << qMakePair(QStringLiteral("min_id"), position);
        auto body = get(QStringLiteral("/api/v1/notifications"), query);
        if (!body)
            return body.error();
        auto notifications = readable(Mastodon::parseNotifications(body.value()), service());
        if (!notifications)
            return notifications.error();
        if (notifications->isEmpty())
            return {};
        FetchBatch batch;
        batch.stream = QStringLiteral("mentions");
        QString newest = position;
        for (const Mastodon::Notification &n : std::as_const(notifications.value())) {
            newest = newest.isEmpty() ? n.id : maxId(newest, n.id);
            if (n.type != QLatin1String("mention") || !n.status || n.status->account.id == m_config.ownId)
                continue;
            auto messages = toMessages(*n.status);
            if (!messages)
                return messages.error();
            batch.messages << messages.value();
        }
        batch.cursor = newest;
        if (Core::Status s = commit(batch); !s)
            return s;
        if (position.isEmpty() || notifications->size() < m_config.pageSize || newest == position)
            return {};
        position = newest;
    }
    return {};
}

Core::Status MastodonConnector::fetchConversations(const std::function<Core::Status(const FetchBatch &)> &commit)
{
    // Direct messages also arrive as mentions; the conversations list catches those that do
    // not (and is empty on some compatible servers). Ingest is idempotent.
    auto body = get(QStringLiteral("/api/v1/conversations"), {{QStringLiteral("limit"), QString::number(m_config.pageSize)}});
    if (!body) {
        if (body.error().code == Core::Error::Code::Rejected) // not offered by this server
            return {};
        return body.error();
    }
    auto conversations = readable(Mastodon::parseConversations(body.value()), service());
    if (!conversations)
        return conversations.error();
    FetchBatch batch;
    batch.stream = QStringLiteral("direct");
    for (const Mastodon::Conversation &c : std::as_const(conversations.value())) {
        if (!c.lastStatus || c.lastStatus->account.id == m_config.ownId)
            continue;
        auto messages = toMessages(*c.lastStatus);
        if (!messages)
            return messages.error();
        batch.messages << messages.value();
        batch.cursor = batch.cursor.isEmpty() ? c.lastStatus->id : maxId(batch.cursor, c.lastStatus->id);
    }
    if (batch.messages.isEmpty())
        return {};
    return commit(batch);
}

Core::Status MastodonConnector::fetchListening(const QString &stream, const QString &path,
                                               const QList<QPair<QString, QString>> &baseQuery, const QString &cursor,
                                               bool search, const std::function<Core::Status(const FetchBatch &)> &commit)
{
    // Everything newer than the cursor, however many pages it takes. Search answers the
    // newest page first (min_id only filters), so it is read backwards with max_id; timelines
    // page forward from min_id. Both directions are tried and a page that adds nothing ends
    // one; a new account (no cursor) takes only the newest page, not the instance's past.
    constexpr int kMaxPages = 25;
    constexpr int kSmallestServerPage = 20; // Mastodon's default limit: a shorter page is the last
    QList<Mastodon::Status> found;
    QSet<QString> seen;
    QString newest = cursor;
    QString oldest;
    const auto readPage = [&](const QList<QPair<QString, QString>> &extra, int *added, int *size) -> Core::Status {
        QList<QPair<QString, QString>> query = baseQuery;
        query << qMakePair(QStringLiteral("limit"), QString::number(m_config.pageSize)) << extra;
        auto body = get(path, query);
        if (!body)
            return body.error();
        auto statuses = readable(search ? Mastodon::parseSearchStatuses(body.value()) : Mastodon::parseStatuses(body.value()),
                                 service());
        if (!statuses)
            return statuses.error();
        *added = 0;
        *size = int(statuses->size());
        for (const Mastodon::Status &status : std::as_const(statuses.value())) {
            if ((!cursor.isEmpty() && !idLess(cursor, status.id)) || seen.contains(status.id))
                continue; // seen before, or a server that ignores min_id
            seen.insert(status.id);
            found << status;
            ++*added;
            newest = newest.isEmpty() ? status.id : maxId(newest, status.id);
            oldest = oldest.isEmpty() || idLess(status.id, oldest) ? status.id : oldest;
        }
        return {};
    };
    const QList<QPair<QString, QString>> after = cursor.isEmpty() ? QList<QPair<QString, QString>>()
                                                                  : QList<QPair<QString, QString>>{{QStringLiteral("min_id"), cursor}};
    int added = 0;
    int size = 0;
    if (Core::Status s = readPage(after, &added, &size); !s) {
        // Search needs a search backend on the instance: a server without one refuses,
        // which is not an error of the account.
        return s.error().code == Core::Error::Code::Rejected ? Core::Status() : s;
    }
    if (!cursor.isEmpty()) {
        for (int page = 1; page < kMaxPages && added > 0 && size >= kSmallestServerPage; ++page) { // backwards
            if (Core::Status s = readPage(after + QList<QPair<QString, QString>>{{QStringLiteral("max_id"), oldest}}, &added, &size); !s)
                return s;
        }
        added = 1;
        size = kSmallestServerPage;
        for (int page = 1; page < kMaxPages && added > 0 && size >= kSmallestServerPage; ++page) { // forwards
            if (Core::Status s = readPage({{QStringLiteral("min_id"), newest}}, &added, &size); !s)
                return s;
        }
    }
    if (found.isEmpty() && newest == cursor)
        return {};
    FetchBatch batch;
    batch.stream = stream;
    batch.cursor = newest;
    for (const Mastodon::Status &status : std::as_const(found)) {
        if (status.account.id == m_config.ownId || status.visibility == QLatin1String("direct"))
            continue;
        auto messages = toMessages(status);
        if (!messages)
            return messages.error();
        // Found by listening unless the post tags the brand after all (then it is a mention).
        const bool tagged = std::any_of(status.mentions.cbegin(), status.mentions.cend(),
                                        [this](const Mastodon::Mention &m) { return m.id == m_config.ownId; });
        for (Core::IncomingMessage &m : messages.value())
            m.foundByListening = !tagged;
        batch.messages << messages.value();
    }
    return commit(batch);
}

Core::IncomingMessage MastodonConnector::toMessage(const Mastodon::Status &status, const QString &threadKey,
                                                   const Mastodon::Account &customer) const
{
    Core::IncomingMessage m;
    m.accountId = m_config.accountId;
    m.platformMessageId = status.id;
    m.platformParentId = status.inReplyToId;
    m.threadKey = threadKey;
    const bool own = status.account.id == m_config.ownId;
    m.direction = own ? Core::Direction::Outbound : Core::Direction::Inbound;
    m.visibility = status.visibility == QLatin1String("direct") ? Core::Visibility::Private : Core::Visibility::Public;
    m.customerPlatformUserId = customer.id;
    m.customerHandle = handleOf(customer);
    m.customerName = customer.displayName;
    m.authorName = own ? m_ownAcct : customer.displayName;
    m.body = status.spoilerText.isEmpty() ? status.text
                                          : Strings::tr("Content warning: %1\n\n%2").arg(status.spoilerText, status.text);
    m.createdAt = status.createdAt;
    m.editedAt = status.editedAt;
    if (own)
        m.deliveryState = Core::DeliveryState::Sent;
    return m;
}

Core::Result<QList<Core::IncomingMessage>> MastodonConnector::toMessages(const Mastodon::Status &status)
{
    const Mastodon::Account &customer = status.account;
    if (status.visibility == QLatin1String("direct"))
        return QList<Core::IncomingMessage>{toMessage(status, QStringLiteral("dm:") + customer.id, customer)};
    // A public conversation is one customer in one thread: another person writing in the
    // same thread is another conversation (their own card, their own replies).
    const auto threadOf = [&customer](const QString &root) -> QString { return root + QLatin1Char(':') + customer.id; };
    if (status.inReplyToId.isEmpty())
        return QList<Core::IncomingMessage>{toMessage(status, threadOf(status.id), customer)};
    // A reply: the thread's root is the conversation; the customer's and the brand's earlier
    // posts in it come along so the transcript is whole.
    auto body = get(QStringLiteral("/api/v1/statuses/") + status.id + QStringLiteral("/context"), {});
    QList<Core::IncomingMessage> out;
    QString root = status.inReplyToId;
    if (body) {
        auto context = readable(Mastodon::parseContext(body.value()), service());
        if (!context)
            return context.error();
        if (!context->ancestors.isEmpty())
            root = context->ancestors.first().id;
        for (const Mastodon::Status &ancestor : std::as_const(context->ancestors)) {
            if (ancestor.account.id == customer.id || ancestor.account.id == m_config.ownId)
                out << toMessage(ancestor, threadOf(root), customer);
        }
    } else if (body.error().code != Core::Error::Code::Rejected) {
        return body.error(); // the thread could not be read now: fetch again later
    }
    out << toMessage(status, threadOf(root), customer);
    return out;
}

QString MastodonConnector::replyVisibility(const QString &parentId)
{
    // A reply is never more public than what it answers: a customer's followers-only or
    // unlisted post gets a reply with the same reach (as Mastodon's own apps do).
    if (parentId.isEmpty())
        return QStringLiteral("public");
    auto body = get(QStringLiteral("/api/v1/statuses/") + parentId, {});
    if (!body)
        return QStringLiteral("public");
    auto parent = Mastodon::parseStatus(body.value());
    if (!parent)
        return QStringLiteral("public");
    if (parent->visibility == QLatin1String("unlisted") || parent->visibility == QLatin1String("private"))
        return parent->visibility;
    return QStringLiteral("public");
}

QString MastodonConnector::postedText(const Core::OutboxItem &item)
{
    // Mastodon notifies only the accounts a post mentions: every reply names the customer
    // (a direct one must, or nobody can read it).
    if (item.recipient.isEmpty() || Core::isModeration(item.kind))
        return item.body;
    const QString recipient = item.recipient.startsWith(QLatin1Char('@')) ? item.recipient
                                                                          : QString(QStringLiteral("@") + item.recipient);
    if (item.body.contains(recipient, Qt::CaseInsensitive))
        return item.body;
    return recipient + QLatin1Char(' ') + item.body;
}

DeliveryOutcome MastodonConnector::deliver(const Core::OutboxItem &item)
{
    DeliveryOutcome outcome;
    if (Core::isModeration(item.kind)) {
        outcome.kind = DeliveryOutcome::Kind::Rejected;
        outcome.error = Core::Error::make(Core::Error::Code::Rejected, Strings::tr("Mastodon cannot hide a reply from public view."),
                                          Strings::tr("The message is hidden in the console only; report it on the instance if it breaks its rules."));
        return outcome;
    }
    HttpRequest request;
    QUrl url = m_config.instance;
    url.setPath(QStringLiteral("/api/v1/statuses"));
    request.url = url;
    request.method = "POST";
    request.retryable = false;
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("status"), postedText(item));
    if (!item.replyTo.isEmpty())
        form.addQueryItem(QStringLiteral("in_reply_to_id"), item.replyTo);
    form.addQueryItem(QStringLiteral("visibility"), item.kind == Core::OutboxKind::PrivateMessage
                                                        ? QStringLiteral("direct")
                                                        : replyVisibility(item.replyTo));
    request.body = form.toString(QUrl::FullyEncoded).toUtf8();
    request.headers << qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + m_config.token.toUtf8());
    request.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    // Kept by the server for about an hour: a retry with the same key cannot post twice.
    request.headers << qMakePair(QByteArray("Idempotency-Key"), item.idempotencyKey.toUtf8());
    const HttpResponse response = m_http.send(request);

    if (response.ok()) {
        auto status = readable(Mastodon::parseStatus(response.body), service());
        if (status) {
            outcome.kind = DeliveryOutcome::Kind::Sent;
            outcome.platformId = status->id;
            return outcome;
        }
        // Accepted, but the answer is unreadable: it is probably there; read back.
        outcome.kind = DeliveryOutcome::Kind::Unknown;
        outcome.error = status.error();
        return outcome;
    }
    outcome.error = describeHttpFailure(response, service(), Mastodon::errorMessage(response.body));
    if (response.status == 401)
        outcome.kind = DeliveryOutcome::Kind::Reconnect;
    else if (response.status == 429 || response.neverSent())
        outcome.kind = DeliveryOutcome::Kind::Retry;
    else if (response.status >= 500)
        outcome.kind = DeliveryOutcome::Kind::Unknown; // a proxy may answer 502/504 after the post was made
    else if (response.status >= 400)
        outcome.kind = DeliveryOutcome::Kind::Rejected;
    else
        outcome.kind = DeliveryOutcome::Kind::Unknown; // dropped or timed out after sending
    outcome.retryAfterMs = response.retryAfterMs.value_or(0);
    return outcome;
}

ReconcileOutcome MastodonConnector::reconcile(const Core::OutboxItem &item)
{
    ReconcileOutcome outcome;
    if (m_config.ownId.isEmpty()) {
        if (Core::Status s = connect(); !s) {
            outcome.error = s.error();
            return outcome;
        }
    }
    auto body = get(QStringLiteral("/api/v1/accounts/") + m_config.ownId + QStringLiteral("/statuses"),
                    {{QStringLiteral("limit"), QStringLiteral("40")}});
    if (!body) {
        outcome.error = body.error();
        return outcome;
    }
    auto statuses = readable(Mastodon::parseStatuses(body.value()), service());
    if (!statuses) {
        outcome.error = statuses.error();
        return outcome;
    }
    const QString wanted = comparable(postedText(item));
    for (const Mastodon::Status &status : std::as_const(statuses.value())) {
        if (status.inReplyToId != item.replyTo)
            continue;
        if (item.createdAt.isValid() && status.createdAt < item.createdAt.addSecs(-60))
            continue;
        if (comparable(status.text) == wanted) {
            outcome.kind = ReconcileOutcome::Kind::Found;
            outcome.platformId = status.id;
            return outcome;
        }
    }
    // Not among the newest posts: only conclusive if they reach back to when it was queued.
    const bool reachesBack = statuses->size() < 40 || statuses->isEmpty() || !item.createdAt.isValid()
                             || statuses->last().createdAt <= item.createdAt;
    outcome.kind = reachesBack ? ReconcileOutcome::Kind::NotFound : ReconcileOutcome::Kind::CannotTell;
    return outcome;
}

} // namespace Care::Sync
