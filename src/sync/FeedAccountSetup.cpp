#include "sync/FeedAccountSetup.h"

#include "store/AccountRepository.h"
#include "sync/HttpClient.h"
#include "sync/HttpFailure.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>

namespace Care::Sync {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FeedAccountSetup)
};

using Code = Core::Error::Code;

// The same settings as the other platforms' listening, so File → Accounts → Listening… edits them.
const QString kKeywords = QStringLiteral("keywords");
const QString kHashtags = QStringLiteral("hashtags");
const QString kInterval = QStringLiteral("intervalSeconds");
const QString kHistory = QStringLiteral("historyDays");

} // namespace

Core::Result<QUrl> feedUrl(const QString &typed)
{
    QString text = typed.trimmed();
    if (text.isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("Give the feed's address."),
                                 Strings::tr("For example https://blog.example/feed or https://news.example/index.xml."));
    if (!text.contains(QStringLiteral("://")))
        text.prepend(QStringLiteral("https://"));
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return Core::Error::make(Code::InvalidInput, Strings::tr("“%1” is not the address of a feed.").arg(typed.trimmed()),
                                 Strings::tr("Give the whole address, for example https://blog.example/feed."));
    return url;
}

FeedConnector::Config feedConfig(const Core::Account &account)
{
    FeedConnector::Config config;
    config.accountId = account.id;
    config.url = QUrl(account.serviceUrl);
    for (const QJsonValue &term : account.settings.value(kKeywords).toArray()) {
        if (!term.toString().trimmed().isEmpty())
            config.terms << term.toString().trimmed();
    }
    for (const QJsonValue &tag : account.settings.value(kHashtags).toArray()) {
        if (!tag.toString().trimmed().isEmpty())
            config.terms << QLatin1Char('#') + tag.toString().trimmed();
    }
    const qint64 seconds = qint64(account.settings.value(kInterval).toDouble());
    if (seconds > 0)
        config.intervalMs = seconds * 1000;
    if (account.settings.contains(kHistory))
        config.historyDays = std::clamp(account.settings.value(kHistory).toInt(), 0, FeedConnector::kMaximumHistoryDays);
    return config;
}

Core::Result<Core::Account> addFeedAccount(Store::Database &db, HttpClient &http, const FeedSubscription &subscription)
{
    auto url = feedUrl(subscription.url);
    if (!url)
        return url.error();
    const qint64 minimum = FeedConnector::isLoopback(url.value()) ? 1 : FeedConnector::kMinimumIntervalMs / 1000;
    if (subscription.intervalSeconds != 0 && subscription.intervalSeconds < minimum)
        return Core::Error::make(Code::InvalidInput,
                                 Strings::tr("Feeds are read at most every %1 s, so the site is not asked too often.").arg(minimum),
                                 Strings::tr("Leave the interval out for the default of 15 minutes."));
    if (subscription.historyDays < 0 || subscription.historyDays > FeedConnector::kMaximumHistoryDays)
        return Core::Error::make(Code::InvalidInput,
                                 Strings::tr("Earlier articles can be taken from at most %1 days back, not %2.")
                                     .arg(FeedConnector::kMaximumHistoryDays)
                                     .arg(subscription.historyDays),
                                 Strings::tr("0 takes only articles published from now on; leave it out for the last %1 days.")
                                     .arg(FeedConnector::kDefaultHistoryDays));
    QStringList terms;
    for (const QString &term : subscription.terms) {
        if (!term.simplified().isEmpty() && !terms.contains(term.simplified(), Qt::CaseInsensitive))
            terms << term.simplified();
    }

    // One reading now: the lead learns at once whether the address gives a feed.
    FeedConnector::Config config;
    config.url = url.value();
    config.terms = terms;
    FeedConnector check(http, config);
    if (Core::Status s = check.connect(); !s)
        return s.error();
    if (Core::Status s = check.fetch({}, [](const FetchBatch &) { return Core::Status(); }); !s) {
        // The sync's hints ("retried automatically", "remove the feed") do not apply yet.
        Core::Error error = s.error();
        error.hint = Strings::tr("Nothing was added. Check the address in a browser, then try again.");
        return error;
    }

    Core::Account account;
    account.platform = Core::Platform::Blog;
    QString path = url->path();
    if (path == QLatin1String("/"))
        path.clear();
    account.handle = url->host() + (url->port() > 0 ? QString(QLatin1Char(':') + QString::number(url->port())) : QString()) + path;
    account.name = check.feedTitle().isEmpty() ? account.handle : check.feedTitle();
    account.serviceUrl = url->toString();
    QJsonObject settings;
    settings.insert(kKeywords, QJsonArray::fromStringList(terms));
    if (subscription.intervalSeconds > 0)
        settings.insert(kInterval, double(subscription.intervalSeconds));
    settings.insert(kHistory, subscription.historyDays);
    account.settings = settings;
    auto id = Store::AccountRepository(db).ensure(account);
    if (!id)
        return id.error();
    account.id = id.value();
    return account;
}

} // namespace Care::Sync
