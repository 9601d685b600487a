#include "sync/FacebookConnector.h"

#include "sync/FacebookOutbox.h"
#include "sync/HttpClient.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimeZone>
#include <algorithm>

Q_LOGGING_CATEGORY(lcFacebook, "care.sync.facebook")

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FacebookConnector)
};

using Code = Core::Error::Code;

const QString kCommentFields = QStringLiteral("id,message,created_time,from,parent{id},is_hidden,can_hide,can_reply_privately");
const QString kMessageFields = QStringLiteral("id,message,from,created_time");

// A parser's complaint is Facebook's fault, not the user's: retried later, cursor unmoved.
template<typename T>
Core::Result<T> readable(Core::Result<T> parsed)
{
    if (parsed || parsed.error().code != Code::InvalidInput)
        return parsed;
    return Core::Error::make(Code::BadResponse, Strings::tr("Facebook sent an answer that could not be read."),
                             Strings::tr("Nothing is lost; it is retried automatically."),
                             QString(parsed.error().message + QLatin1Char(' ') + parsed.error().detail));
}

QString secondsOf(const QDateTime &time)
{
    return QString::number(time.toSecsSinceEpoch());
}

// The items of a newest-first list at or after `mark`, reading on through `next` links until
// one is older (at most `maxPages` pages).
template<typename Page, typename Item>
Core::Result<QList<Item>> itemsSince(Page page, QList<Item> Page::*items, const QDateTime &mark, int maxPages,
                                     const std::function<Core::Result<Page>(const QString &)> &nextPage)
{
    QList<Item> out;
    for (int n = 0;; ++n) {
        bool older = false;
        for (const Item &item : std::as_const(page.*items)) {
            if (item.createdTime < mark)
                older = true;
            else
                out << item;
        }
        if (older || page.paging.next.isEmpty() || (page.*items).isEmpty())
            break;
        if (n + 1 >= maxPages) {
            qCWarning(lcFacebook) << "read back" << n + 1 << "pages; older items are left";
            break;
        }
        auto next = nextPage(page.paging.next);
        if (!next)
            return next.error();
        page = next.value();
    }
    return out;
}

// One stream's messages, oldest first as the store ingests them, with the stream's new position.
// Items in the same second as the newest are read again next time (and stored once).
Core::Status commitBatch(const QString &stream, QList<Core::IncomingMessage> messages, const QDateTime &newest,
                         const std::function<Core::Status(const FetchBatch &)> &commit)
{
    std::sort(messages.begin(), messages.end(), [](const Core::IncomingMessage &a, const Core::IncomingMessage &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.platformMessageId < b.platformMessageId;
    });
    FetchBatch batch;
    batch.stream = stream;
    batch.messages = std::move(messages);
    batch.cursor = secondsOf(newest);
    return commit(batch);
}

} // namespace

FacebookConnector::FacebookConnector(HttpClient &http, Config config)
    : m_config(std::move(config))
    , m_graph(http, m_config.graphBase.isValid() ? m_config.graphBase : QUrl(Facebook::defaultGraphBase()), m_config.token)
    , m_outbox(std::make_unique<FacebookOutbox>(m_graph, FacebookOutbox::Config{m_config.pageId, m_config.humanAgentTag}))
{
}

FacebookConnector::~FacebookConnector() = default;

ConnectorCapabilities FacebookConnector::capabilities() const
{
    ConnectorCapabilities caps;
    caps.platform = Core::PlatformCapabilities::of(Core::Platform::Facebook);
    caps.platform.editDeleteEvents = false; // comments are read again, not streamed: edits show, deletions do not
    caps.maxCharacters = 8000;              // a comment; Messenger texts are 2,000 UTF-8 characters
    return caps;
}

std::optional<std::pair<int, int>> FacebookConnector::rateBudget() const
{
    if (!m_graph.usage().reported)
        return std::nullopt;
    return std::make_pair(std::max(0, 100 - m_graph.usage().percent), 100); // Facebook reports percentages
}

QDateTime FacebookConnector::rateResetAt() const
{
    return m_graph.regainAt();
}

qint64 FacebookConnector::pollIntervalMs(qint64 normalMs) const
{
    return m_graph.pollIntervalMs(normalMs);
}

Core::Result<QByteArray> FacebookConnector::read(const QString &path, const QList<QPair<QString, QString>> &query,
                                                 const QString &permission)
{
    const HttpResponse response = m_graph.get(path, query);
    if (!response.ok())
        return m_graph.describe(response, permission);
    return response.body;
}

Core::Result<QByteArray> FacebookConnector::readNext(const QString &next, const QString &permission)
{
    const HttpResponse response = m_graph.getNext(next);
    if (!response.ok())
        return m_graph.describe(response, permission);
    return response.body;
}

Core::Status FacebookConnector::connect()
{
    // Cheap, and it tells a revoked token (190) from a working one before anything else.
    auto body = read(m_config.pageId, {{QStringLiteral("fields"), QStringLiteral("id,name")}},
                     QStringLiteral("pages_read_engagement"));
    if (!body)
        return body.error();
    auto page = readable(Facebook::parsePage(body.value()));
    if (!page)
        return page.error();
    if (!page->name.isEmpty())
        m_config.pageName = page->name;
    return {};
}

QDateTime FacebookConnector::markOf(const QString &cursor) const
{
    bool ok = false;
    const qint64 seconds = cursor.toLongLong(&ok);
    if (ok && seconds > 0)
        return QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
    return QDateTime::currentDateTimeUtc().addDays(-m_config.initialDays);
}

Core::Status FacebookConnector::fetch(const QHash<QString, QString> &cursors,
                                      const std::function<Core::Status(const FetchBatch &)> &commit)
{
    if (Core::Status s = fetchComments(cursors.value(QStringLiteral("comments")), commit); !s)
        return s;
    if (Core::Status s = fetchOlderPosts(cursors.value(QStringLiteral("older")), commit); !s)
        return s;
    if (m_config.readTagged) {
        if (Core::Status s = fetchTagged(cursors.value(QStringLiteral("tagged")), commit); !s)
            return s;
    }
    if (m_config.readMessenger) {
        if (Core::Status s = fetchMessenger(cursors.value(QStringLiteral("messenger")), commit); !s)
            return s;
    }
    return {};
}

Core::Result<QList<Facebook::Comment>> FacebookConnector::commentsSince(const Facebook::Post &post, const QDateTime &mark)
{
    Facebook::CommentPage page;
    if (post.comments) {
        page = *post.comments;
    } else {
        auto body = read(post.id + QStringLiteral("/comments"),
                         {{QStringLiteral("filter"), QStringLiteral("stream")},
                          {QStringLiteral("order"), QStringLiteral("reverse_chronological")},
                          {QStringLiteral("limit"), QString::number(m_config.pageSize)},
                          {QStringLiteral("fields"), kCommentFields}},
                         QStringLiteral("pages_read_user_content"));
        if (!body)
            return body.error();
        auto parsed = readable(Facebook::parseCommentPage(body.value()));
        if (!parsed)
            return parsed.error();
        page = parsed.value();
    }
    return itemsSince<Facebook::CommentPage, Facebook::Comment>(
        page, &Facebook::CommentPage::comments, mark, m_config.maxPages, [this](const QString &next) -> Core::Result<Facebook::CommentPage> {
            auto body = readNext(next, QStringLiteral("pages_read_user_content"));
            if (!body)
                return body.error();
            return readable(Facebook::parseCommentPage(body.value()));
        });
}

QList<Core::IncomingMessage> FacebookConnector::commentMessages(const Facebook::Post &post,
                                                                const QList<Facebook::Comment> &comments) const
{
    // Whose comment each one is, so the Page's replies join the thread of the comment they answer.
    QHash<QString, Facebook::Person> authorOf;
    for (const Facebook::Comment &c : comments) {
        if (c.from)
            authorOf.insert(c.id, *c.from);
    }
    QList<Core::IncomingMessage> out;
    for (const Facebook::Comment &c : comments) {
        const bool own = c.from && c.from->id == m_config.pageId;
        Facebook::Person customer;
        if (own) {
            // Only an answer to a known customer's comment is part of a conversation.
            if (c.parentId.isEmpty() || !authorOf.contains(c.parentId) || authorOf.value(c.parentId).id == m_config.pageId)
                continue;
            customer = authorOf.value(c.parentId);
        } else if (c.from) {
            customer = *c.from;
        } else {
            // Facebook does not always say who wrote a comment: it stands alone.
            customer = Facebook::Person{QStringLiteral("anonymous:") + c.id, Strings::tr("Facebook user")};
        }
        Core::IncomingMessage m;
        m.accountId = m_config.accountId;
        m.platformMessageId = c.id;
        m.platformParentId = c.parentId.isEmpty() ? post.id : c.parentId;
        m.threadKey = QStringLiteral("post:") + post.id + QLatin1Char(':') + customer.id;
        m.direction = own ? Core::Direction::Outbound : Core::Direction::Inbound;
        m.visibility = Core::Visibility::Public;
        m.customerPlatformUserId = customer.id;
        m.customerHandle = customer.name;
        m.customerName = customer.name;
        m.authorName = own ? m_config.pageName : customer.name;
        m.body = c.message;
        m.createdAt = c.createdTime;
        if (own)
            m.deliveryState = Core::DeliveryState::Sent;
        else if (c.canHideKnown)
            m.canHide = c.canHide; // the console offers Hide only where Facebook allows it
        if (!own && c.isHiddenKnown)
            m.hiddenOnPlatform = c.isHidden; // a Page admin may hide or show it on Facebook itself
        out << m;
    }
    return out;
}

QList<Core::IncomingMessage> FacebookConnector::storedCommentsAgain(const Facebook::Post &post, const QDateTime &mark) const
{
    if (!post.comments)
        return {};
    QList<Facebook::Comment> older;
    for (const Facebook::Comment &c : post.comments->comments)
        if (c.createdTime < mark)
            older << c;
    QList<Core::IncomingMessage> out = commentMessages(post, older);
    for (Core::IncomingMessage &m : out)
        m.onlyIfStored = true;
    return out;
}

Core::Status FacebookConnector::fetchComments(const QString &cursor,
                                              const std::function<Core::Status(const FetchBatch &)> &commit)
{
    const QDateTime mark = markOf(cursor);
    const QDateTime since = std::min(mark, QDateTime::currentDateTimeUtc().addDays(-m_config.watchDays));
    const QString fields = QStringLiteral("id,message,created_time,updated_time,from,permalink_url,"
                                          "comments.filter(stream).order(reverse_chronological).limit(%1){%2}")
                               .arg(m_config.pageSize)
                               .arg(kCommentFields);
    QDateTime newest = mark;
    QList<Core::IncomingMessage> messages;
    if (Core::Status s = readFeed({{QStringLiteral("fields"), fields},
                                   {QStringLiteral("limit"), QString::number(m_config.pageSize)},
                                   {QStringLiteral("since"), secondsOf(since)}},
                                  mark, newest, messages);
        !s)
        return s;
    return commitBatch(QStringLiteral("comments"), messages, newest, commit);
}

Core::Status FacebookConnector::readFeed(const QList<QPair<QString, QString>> &query, const QDateTime &mark,
                                         QDateTime &newest, QList<Core::IncomingMessage> &messages)
{
    auto body = read(m_config.pageId + QStringLiteral("/feed"), query, QStringLiteral("pages_read_engagement"));
    for (int n = 0;; ++n) {
        if (!body)
            return body.error();
        auto page = readable(Facebook::parsePostPage(body.value()));
        if (!page)
            return page.error();
        for (const Facebook::Post &post : std::as_const(page->posts)) {
            messages << storedCommentsAgain(post, mark);
            if (post.updatedTime < mark)
                continue; // nothing new under it: updated_time moves with every comment
            auto comments = commentsSince(post, mark);
            if (!comments)
                return comments.error();
            for (const Facebook::Comment &c : std::as_const(comments.value()))
                newest = std::max(newest, c.createdTime);
            messages << commentMessages(post, comments.value());
        }
        if (page->paging.next.isEmpty() || page->posts.isEmpty())
            return {};
        if (n + 1 >= m_config.maxPages) {
            qCWarning(lcFacebook) << "feed read" << n + 1 << "pages; older posts wait for the next pass";
            return {};
        }
        body = readNext(page->paging.next, QStringLiteral("pages_read_engagement"));
    }
}

// Posts beyond the watch window are not read with their comments every pass (a Page's year of
// posts would cost a page of comments each). Every olderEveryMinutes the sweep lists the posts of
// olderDays by id and updated_time only, and reads the comments of those with something new since
// the last sweep (a few minutes' overlap: a comment can show up in the API late; the store keeps
// each comment once). The cursor is when the last sweep began.
Core::Status FacebookConnector::fetchOlderPosts(const QString &cursor,
                                                const std::function<Core::Status(const FetchBatch &)> &commit)
{
    if (m_config.olderDays <= m_config.watchDays)
        return {};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime lastSweep = cursor.isEmpty() ? QDateTime() : markOf(cursor);
    if (lastSweep.isValid() && lastSweep <= now && lastSweep.secsTo(now) < qint64(m_config.olderEveryMinutes) * 60)
        return {};
    constexpr int kOverlapSeconds = 10 * 60;
    const QDateTime mark = lastSweep.isValid() ? lastSweep.addSecs(-kOverlapSeconds) : now.addDays(-m_config.initialDays);
    QDateTime newest = mark;
    QList<Core::IncomingMessage> messages;
    if (Core::Status s = readFeed({{QStringLiteral("fields"), QStringLiteral("id,created_time,updated_time")},
                                   {QStringLiteral("limit"), QString::number(m_config.pageSize)},
                                   {QStringLiteral("since"), secondsOf(now.addDays(-m_config.olderDays))},
                                   {QStringLiteral("until"), secondsOf(now.addDays(-m_config.watchDays))}},
                                  mark, newest, messages);
        !s)
        return s;
    return commitBatch(QStringLiteral("older"), messages, now, commit);
}

Core::Status FacebookConnector::fetchTagged(const QString &cursor,
                                            const std::function<Core::Status(const FetchBatch &)> &commit)
{
    const QDateTime mark = markOf(cursor);
    QDateTime newest = mark;
    QList<Core::IncomingMessage> messages;
    auto body = read(m_config.pageId + QStringLiteral("/tagged"),
                     {{QStringLiteral("fields"), QStringLiteral("id,message,created_time,from,permalink_url")},
                      {QStringLiteral("limit"), QString::number(m_config.pageSize)},
                      {QStringLiteral("since"), secondsOf(mark)}},
                     QStringLiteral("pages_read_user_content"));
    for (int n = 0;; ++n) {
        if (!body)
            return body.error();
        auto page = readable(Facebook::parsePostPage(body.value()));
        if (!page)
            return page.error();
        for (const Facebook::Post &post : std::as_const(page->posts)) {
            if (post.createdTime < mark || (post.from && post.from->id == m_config.pageId))
                continue;
            const Facebook::Person author = post.from ? *post.from
                                                      : Facebook::Person{QStringLiteral("anonymous:") + post.id,
                                                                         Strings::tr("Facebook user")};
            Core::IncomingMessage m;
            m.accountId = m_config.accountId;
            m.platformMessageId = post.id;
            m.threadKey = QStringLiteral("post:") + post.id + QLatin1Char(':') + author.id;
            m.visibility = Core::Visibility::Public;
            m.customerPlatformUserId = author.id;
            m.customerHandle = author.name;
            m.customerName = author.name;
            m.authorName = author.name;
            m.canHide = false; // somebody else's post: the Page cannot hide it
            m.body = post.message;
            if (!post.permalink.isEmpty())
                m.body += QStringLiteral("\n\n") + Strings::tr("(a post that tags the Page: %1)").arg(post.permalink);
            m.createdAt = post.createdTime;
            newest = std::max(newest, post.createdTime);
            messages << m;
        }
        if (page->paging.next.isEmpty() || page->posts.isEmpty() || n + 1 >= m_config.maxPages)
            break;
        body = readNext(page->paging.next, QStringLiteral("pages_read_user_content"));
    }
    return commitBatch(QStringLiteral("tagged"), messages, newest, commit);
}

Core::Result<QList<Facebook::Message>> FacebookConnector::messagesSince(const Facebook::Conversation &conversation,
                                                                       const QDateTime &mark)
{
    return itemsSince<Facebook::MessagePage, Facebook::Message>(
        conversation.messages.value_or(Facebook::MessagePage{}), &Facebook::MessagePage::messages, mark, m_config.maxPages,
        [this](const QString &next) -> Core::Result<Facebook::MessagePage> {
            auto body = readNext(next, QStringLiteral("pages_messaging"));
            if (!body)
                return body.error();
            return readable(Facebook::parseMessagePage(body.value()));
        });
}

Core::Status FacebookConnector::fetchMessenger(const QString &cursor,
                                               const std::function<Core::Status(const FetchBatch &)> &commit)
{
    const QDateTime mark = markOf(cursor);
    QDateTime newest = mark;
    QList<Core::IncomingMessage> messages;
    auto body = read(m_config.pageId + QStringLiteral("/conversations"),
                     {{QStringLiteral("platform"), QStringLiteral("messenger")},
                      {QStringLiteral("fields"), QStringLiteral("id,updated_time,participants,messages.limit(%1){%2}")
                                                     .arg(m_config.pageSize)
                                                     .arg(kMessageFields)},
                      {QStringLiteral("limit"), QString::number(m_config.pageSize)}},
                     QStringLiteral("pages_messaging"));
    for (int n = 0;; ++n) {
        if (!body)
            return body.error();
        auto page = readable(Facebook::parseConversationPage(body.value()));
        if (!page)
            return page.error();
        bool reachedMark = false;
        for (const Facebook::Conversation &conversation : std::as_const(page->conversations)) {
            if (conversation.updatedTime < mark) {
                reachedMark = true; // newest first: the rest is older
                continue;
            }
            newest = std::max(newest, conversation.updatedTime);
            Facebook::Person customer;
            for (const Facebook::Person &p : conversation.participants) {
                if (p.id != m_config.pageId)
                    customer = p;
            }
            auto found = messagesSince(conversation, mark);
            if (!found)
                return found.error();
            for (const Facebook::Message &message : std::as_const(found.value())) {
                const bool own = message.from.id == m_config.pageId;
                if (customer.id.isEmpty() && !own)
                    customer = message.from;
                Core::IncomingMessage m;
                m.accountId = m_config.accountId;
                m.platformMessageId = message.id;
                m.direction = own ? Core::Direction::Outbound : Core::Direction::Inbound;
                m.visibility = Core::Visibility::Private;
                m.authorName = own ? m_config.pageName : message.from.name;
                m.body = message.text;
                m.createdAt = message.createdTime;
                if (own)
                    m.deliveryState = Core::DeliveryState::Sent;
                messages << m;
            }
            if (customer.id.isEmpty())
                continue;
            for (qsizetype i = messages.size() - found->size(); i < messages.size(); ++i) {
                messages[i].threadKey = QStringLiteral("messenger:") + customer.id;
                messages[i].customerPlatformUserId = customer.id;
                messages[i].customerHandle = customer.name;
                messages[i].customerName = customer.name;
            }
        }
        if (reachedMark || page->paging.next.isEmpty() || page->conversations.isEmpty() || n + 1 >= m_config.maxPages)
            break;
        body = readNext(page->paging.next, QStringLiteral("pages_messaging"));
    }
    messages.removeIf([](const Core::IncomingMessage &m) { return m.threadKey.isEmpty(); });
    return commitBatch(QStringLiteral("messenger"), messages, newest, commit);
}

DeliveryOutcome FacebookConnector::deliver(const Core::OutboxItem &item)
{
    return m_outbox->deliver(item);
}

ReconcileOutcome FacebookConnector::reconcile(const Core::OutboxItem &item)
{
    return m_outbox->reconcile(item);
}

} // namespace Care::Sync
