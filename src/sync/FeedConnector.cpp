#include "sync/FeedConnector.h"

#include "sync/FeedAccountSetup.h"
#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcFeed, "care.sync.feed")

namespace Care::Sync {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FeedConnector)
};

using Code = Core::Error::Code;

QString cutAtWord(const QString &text, qsizetype from, qsizetype length)
{
    if (from == 0 && text.size() <= length)
        return text;
    qsizetype start = from;
    if (start > 0) {
        const qsizetype space = text.indexOf(QLatin1Char(' '), start);
        start = space < 0 || space - start > 40 ? start : space + 1;
    }
    qsizetype end = start + length;
    if (end < text.size()) {
        const qsizetype space = text.lastIndexOf(QLatin1Char(' '), end);
        end = space > start + length / 2 ? space : end;
    } else {
        end = text.size();
    }
    QString out = text.mid(start, end - start).trimmed();
    if (start > 0)
        out.prepend(QStringLiteral("… "));
    if (end < text.size())
        out += QStringLiteral(" …");
    return out;
}

} // namespace

const QString FeedConnector::kStream = QStringLiteral("feed");

FeedConnector::FeedConnector(HttpClient &http, Config config)
    : m_http(http)
    , m_config(std::move(config))
    , m_matcher(m_config.terms)
{
}

bool FeedConnector::isLoopback(const QUrl &url)
{
    const QString host = url.host();
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

ConnectorCapabilities FeedConnector::capabilities() const
{
    ConnectorCapabilities caps;
    caps.platform = Core::PlatformCapabilities::of(Core::Platform::Blog);
    return caps;
}

Core::Status FeedConnector::connect()
{
    // Nothing to sign in to: only the address is checked (the same rules as when it was added).
    if (auto url = feedUrl(m_config.url.toString()); !url)
        return url.error();
    return {};
}

Core::Status FeedConnector::fetch(const QHash<QString, QString> &cursors,
                                  const std::function<Core::Status(const FetchBatch &)> &commit)
{
    m_notModified = false;
    m_olderItems = 0;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString address = m_config.url.toString();
    QJsonObject state = QJsonDocument::fromJson(cursors.value(kStream).toUtf8()).object();
    if (state.value(QStringLiteral("url")).toString() != address)
        state = QJsonObject{{QStringLiteral("url"), address}}; // validators belong to one address
    const QDateTime retryAt = QDateTime::fromMSecsSinceEpoch(qint64(state.value(QStringLiteral("retryAt")).toDouble()), Qt::UTC);
    if (retryAt > now) {
        m_retryAt = retryAt;
        return Core::Error::make(Code::RateLimited,
                                 Strings::tr("%1 asked Care Console to wait — the feed is read again in %2.")
                                     .arg(m_config.url.host(), describeWait(now.msecsTo(retryAt))));
    }
    const QDateTime polledAt = QDateTime::fromMSecsSinceEpoch(qint64(state.value(QStringLiteral("polledAt")).toDouble()), Qt::UTC);
    if (polledAt.isValid() && polledAt.toMSecsSinceEpoch() > 0 && polledAt <= now
        && polledAt.msecsTo(now) < m_config.intervalMs) {
        m_nextPollAt = polledAt.addMSecs(m_config.intervalMs);
        return {}; // not due: a feed is read at most once per interval
    }

    HttpRequest request;
    request.url = m_config.url;
    request.headers << qMakePair(QByteArrayLiteral("Accept"),
                                 QByteArrayLiteral("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                                                   "text/xml;q=0.9, */*;q=0.1"))
                    << qMakePair(QByteArrayLiteral("User-Agent"), QByteArrayLiteral("CareConsole feed listening"));
    const QString etag = state.value(QStringLiteral("etag")).toString();
    const QString lastModified = state.value(QStringLiteral("lastModified")).toString();
    if (!etag.isEmpty())
        request.headers << qMakePair(QByteArrayLiteral("If-None-Match"), etag.toLatin1());
    if (!lastModified.isEmpty())
        request.headers << qMakePair(QByteArrayLiteral("If-Modified-Since"), lastModified.toLatin1());
    request.maxBodyBytes = m_config.limits.maxDocumentBytes;
    const HttpResponse response = m_http.send(request);

    FetchBatch batch;
    batch.stream = kStream;
    const auto save = [&](QJsonObject next) {
        batch.cursor = QString::fromUtf8(QJsonDocument(next).toJson(QJsonDocument::Compact));
        return commit(batch);
    };
    state.insert(QStringLiteral("polledAt"), double(now.toMSecsSinceEpoch()));
    state.remove(QStringLiteral("retryAt"));

    if (response.status == 304) {
        m_notModified = true;
        m_nextPollAt = now.addMSecs(m_config.intervalMs);
        return save(state);
    }
    if (response.status == 429 || response.rateLimitedLocally || (response.status == 503 && response.retryAfterMs)) {
        // Not before the server says, and never sooner than the usual interval.
        const qint64 wait = std::max(response.retryAfterMs.value_or(0), m_config.intervalMs);
        m_retryAt = now.addMSecs(wait);
        state.insert(QStringLiteral("retryAt"), double(m_retryAt.toMSecsSinceEpoch()));
        if (Core::Status s = save(state); !s)
            return s;
        HttpResponse limited = response;
        limited.status = 429;
        limited.retryAfterMs = wait;
        return describeHttpFailure(limited, m_config.url.host());
    }
    if (!response.ok())
        return feedError(response);

    const QByteArray type = response.header("content-type").split(';').first().trimmed().toLower();
    const QString openHint = Strings::tr("Open %1 in a browser to check it; Care Console tries again later.").arg(address);
    if (type == "text/html" || type == "application/xhtml+xml")
        return Core::Error::make(Code::BadResponse,
                                 Strings::tr("%1 answered with a web page, not a feed. Use the address of the site's RSS or "
                                             "Atom feed (often ending in /feed, /rss or /index.xml).")
                                     .arg(m_config.url.host()),
                                 {}, QStringLiteral("content-type: ") + QString::fromLatin1(type));
    const bool feedType = type.isEmpty() || type.contains("xml") || type.contains("rss") || type.contains("atom")
                          || type == "text/plain" || type == "application/octet-stream";
    if (!feedType)
        return Core::Error::make(Code::BadResponse,
                                 Strings::tr("%1 answered with “%2”, not an RSS or Atom feed.")
                                     .arg(m_config.url.host(), QString::fromLatin1(type)),
                                 openHint, QStringLiteral("content-type: ") + QString::fromLatin1(type));

    auto feed = Feed::parse(response.body, m_config.limits);
    if (!feed) {
        Core::Error error = feed.error();
        error.hint = openHint;
        return error;
    }
    m_feedTitle = feed->title;
    QDateTime since = QDateTime::fromMSecsSinceEpoch(qint64(state.value(QStringLiteral("since")).toDouble()), Qt::UTC);
    if (!state.contains(QStringLiteral("since"))) { // the first reading of this address
        since = now.addDays(-std::clamp(m_config.historyDays, 0, kMaximumHistoryDays));
        state.insert(QStringLiteral("since"), double(since.toMSecsSinceEpoch()));
    }
    for (const Feed::Item &item : std::as_const(feed->items)) {
        const QDateTime dated = item.published.isValid() ? item.published : item.updated;
        if (dated.isValid() && dated < since) {
            ++m_olderItems;
            continue;
        }
        if (auto message = toMessage(item, feed.value()))
            batch.messages << *message;
    }
    if (const QByteArray e = response.header("etag"); !e.isEmpty())
        state.insert(QStringLiteral("etag"), QString::fromLatin1(e));
    else
        state.remove(QStringLiteral("etag"));
    if (const QByteArray m = response.header("last-modified"); !m.isEmpty())
        state.insert(QStringLiteral("lastModified"), QString::fromLatin1(m));
    else
        state.remove(QStringLiteral("lastModified"));
    m_nextPollAt = now.addMSecs(m_config.intervalMs);
    qCDebug(lcFeed) << address << feed->items.size() << "items," << batch.messages.size() << "naming the brand,"
                    << m_olderItems << "older than" << since;
    return save(state);
}

Error FeedConnector::feedError(const HttpResponse &response) const
{
    const QString host = m_config.url.host();
    const QString detail = QStringLiteral("HTTP %1 %2").arg(response.status).arg(response.errorText);
    if (response.tooLarge)
        return Core::Error::make(Code::BadResponse,
                                 Strings::tr("The feed at %1 is larger than %2 MB; Care Console reads feeds up to that size.")
                                     .arg(host, QLocale().toString(double(m_config.limits.maxDocumentBytes) / (1024.0 * 1024.0), 'f', 1)),
                                 Strings::tr("Use a smaller feed of the site (one section or category), if it has one."), detail);
    if (response.status == 404 || response.status == 410)
        return Core::Error::make(Code::Rejected,
                                 Strings::tr("There is no feed at %1 (HTTP %2).").arg(m_config.url.toString()).arg(response.status),
                                 Strings::tr("Check the address; the site may have moved its feed. Remove the feed and "
                                             "add it with the new address."),
                                 detail);
    if (response.status == 401 || response.status == 403)
        return Core::Error::make(Code::Rejected,
                                 Strings::tr("The feed at %1 is not public (HTTP %2).").arg(host).arg(response.status),
                                 Strings::tr("Care Console reads public feeds only."), detail);
    return describeHttpFailure(response, host);
}

QString FeedConnector::excerpt(const Feed::Item &item) const
{
    // The passage that names the brand, when there is one; otherwise the summary.
    QString text = item.summary;
    if (!m_matcher.isEmpty() && !m_matcher.matches(text)) {
        const QStringList paragraphs = item.content.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts);
        for (const QString &paragraph : paragraphs) {
            if (m_matcher.matches(paragraph)) {
                text = paragraph;
                break;
            }
        }
    }
    if (text.isEmpty())
        text = item.content;
    const qsizetype length = m_config.excerptCharacters;
    const qsizetype at = m_matcher.firstMatch(text);
    const qsizetype from = at > length / 2 ? at - length / 3 : 0;
    return cutAtWord(text, from, length);
}

std::optional<Core::IncomingMessage> FeedConnector::toMessage(const Feed::Item &item, const Feed::Document &feed) const
{
    const QString key = item.key();
    if (key.isEmpty())
        return std::nullopt;
    if (!m_matcher.isEmpty()
        && !m_matcher.matches(item.title + QLatin1Char('\n') + item.summary + QLatin1Char('\n') + item.content))
        return std::nullopt;
    const QString link = item.link.isEmpty() ? QString() : m_config.url.resolved(QUrl(item.link)).toString();
    const QString site = QUrl(link.isEmpty() ? m_config.url.toString() : link).host();

    Core::IncomingMessage m;
    m.accountId = m_config.accountId;
    m.platformMessageId = key;
    m.threadKey = key; // one conversation per article
    m.direction = Core::Direction::Inbound;
    m.visibility = Core::Visibility::Public;
    m.foundByListening = true;
    // The author is the customer: by their own page when the feed gives one, otherwise by
    // name on the site, otherwise the site itself.
    if (!item.authorUri.isEmpty())
        m.customerPlatformUserId = item.authorUri;
    else if (!item.author.isEmpty())
        m.customerPlatformUserId = site + QLatin1Char('/') + item.author.toLower();
    else
        m.customerPlatformUserId = site;
    m.customerHandle = item.authorEmail.isEmpty() ? site : item.authorEmail;
    m.customerName = !item.author.isEmpty() ? item.author : !feed.title.isEmpty() ? feed.title : site;
    m.authorName = m.customerName;
    QStringList parts;
    for (const QString &part : {item.title, excerpt(item), link}) {
        if (!part.isEmpty())
            parts << part;
    }
    m.body = parts.join(QStringLiteral("\n\n"));
    m.createdAt = item.published.isValid() ? item.published : item.updated.isValid() ? item.updated : QDateTime::currentDateTimeUtc();
    if (item.updated.isValid() && item.updated > m.createdAt)
        m.editedAt = item.updated;
    return m;
}

DeliveryOutcome FeedConnector::deliver(const Core::OutboxItem &)
{
    // The composer offers no public or private reply here; this is the last line of defence.
    DeliveryOutcome outcome;
    outcome.kind = DeliveryOutcome::Kind::Rejected;
    outcome.error = Core::Error::make(Code::Rejected, Strings::tr("Replies to blog and news posts are not posted."),
                                      Strings::tr("Contact the author through another channel, or add an internal note."));
    return outcome;
}

ReconcileOutcome FeedConnector::reconcile(const Core::OutboxItem &)
{
    ReconcileOutcome outcome;
    outcome.kind = ReconcileOutcome::Kind::NotFound;
    return outcome;
}

} // namespace Care::Sync
