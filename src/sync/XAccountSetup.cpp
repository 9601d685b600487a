#include "sync/XAccountSetup.h"

#include "store/AccountRepository.h"
#include "store/OutboxRepository.h"
#include "store/SyncStateRepository.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"
#include "sync/XConnector.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::XAccountSetup)
};

const QString kKeywords = QStringLiteral("keywords");
const QString kPollMentions = QStringLiteral("pollMentionsSeconds");
const QString kPollSearch = QStringLiteral("pollSearchSeconds");
const QString kPollDirect = QStringLiteral("pollDirectSeconds");
const QString kBudget = QStringLiteral("monthlyBudget");

void writePlan(QJsonObject &settings, const XPollPlan &plan)
{
    settings.insert(kPollMentions, double(plan.mentions));
    settings.insert(kPollSearch, double(plan.search));
    settings.insert(kPollDirect, double(plan.direct));
}

} // namespace

Core::Result<QUrl> checkedXBase(const QString &text)
{
    const QUrl url(text.trimmed());
    const bool loopback = url.host() == QLatin1String("127.0.0.1") || url.host() == QLatin1String("localhost")
                          || url.host() == QLatin1String("::1");
    if (!url.isValid() || url.host().isEmpty()
        || !(url.scheme() == QLatin1String("https") || (url.scheme() == QLatin1String("http") && loopback)))
        return Core::Error::make(Core::Error::Code::InvalidInput,
                                 Strings::tr("%1 is not an https:// address (http:// only on this computer, for tests).").arg(text));
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

// Spelled without the namespace: lupdate misfiles the strings of a `Core::Status f(...)` definition.
using Core::Status;

Status checkXPollPlan(const XPollPlan &plan)
{
    QStringList problems;
    const auto check = [&](qint64 secs, qint64 minimum, const QString &problem) {
        if (secs != 0 && (secs < minimum || secs > XPollLimits::kMaxSecs))
            problems << problem.arg(secs).arg(minimum).arg(XPollLimits::kMaxSecs);
    };
    check(plan.mentions, XPollLimits::kMinMentionsSecs,
          Strings::tr("Mentions every %1 s: choose 0 (off) or from %2 to %3 seconds."));
    check(plan.search, XPollLimits::kMinSearchSecs,
          Strings::tr("Keyword listening every %1 s: choose 0 (off) or from %2 to %3 seconds."));
    check(plan.direct, XPollLimits::kMinDirectSecs,
          Strings::tr("Direct messages every %1 s: choose 0 (off) or from %2 to %3 seconds."));
    if (plan.mentions < 0 || plan.search < 0 || plan.direct < 0)
        problems << Strings::tr("A poll interval cannot be negative.");
    if (problems.isEmpty())
        return {};
    return Core::Error::make(Core::Error::Code::InvalidInput, problems.join(QLatin1Char(' ')),
                             Strings::tr("X allows a user 300 mention and 300 search requests, and only 15 direct-message "
                                         "reads, every 15 minutes."));
}

Core::Result<Core::Account> setXPollPlan(Store::Database &db, qint64 accountId, const XPollPlan &plan)
{
    if (Core::Status s = checkXPollPlan(plan); !s)
        return s.error();
    Store::AccountRepository accounts(db);
    auto account = accounts.get(accountId);
    if (!account)
        return account.error();
    if (account->platform != Core::Platform::X || account->demo)
        return Core::Error::make(Core::Error::Code::InvalidInput,
                                 Strings::tr("Account %1 is not a connected X account; only X accounts have poll intervals "
                                             "to set.")
                                     .arg(accountId));
    writePlan(account->settings, plan);
    if (Core::Status s = accounts.updateSettings(accountId, account->settings); !s)
        return s.error();
    return account;
}

Core::Result<Core::Account> connectXAccount(Store::Database &db, SecretStore &secrets, const XCredentials &credentials,
                                            const XAccountOptions &options)
{
    if (credentials.userId.isEmpty() || credentials.username.isEmpty())
        return Core::Error::make(Core::Error::Code::InvalidInput, Strings::tr("The X sign-in did not say which account it is."));
    if (Core::Status s = checkXPollPlan(options.plan); !s)
        return s.error();
    if (!options.keywords.isEmpty()) {
        if (auto query = XConnector::searchQuery(options.keywords, credentials.username); !query)
            return query.error();
    }
    Core::Account account;
    account.platform = Core::Platform::X;
    account.handle = QStringLiteral("@") + credentials.username;
    account.name = account.handle;
    account.externalId = credentials.userId;
    account.serviceUrl = options.apiBase.toString();
    QJsonObject settings;
    QJsonArray keywords;
    for (const QString &k : options.keywords)
        if (!k.trimmed().isEmpty())
            keywords.append(k.trimmed());
    if (!keywords.isEmpty())
        settings.insert(kKeywords, keywords);
    writePlan(settings, options.plan);
    if (options.monthlyBudget > 0)
        settings.insert(kBudget, options.monthlyBudget);
    account.settings = settings;
    if (Core::Status s = secrets.write(SyncEngine::secretKey(account), credentials.toSecret()); !s)
        return s.error();
    auto id = Store::AccountRepository(db).ensure(account);
    if (!id)
        return id.error();
    account.id = id.value();
    return account;
}

XAccountOptions xAccountOptions(const Core::Account &account)
{
    XAccountOptions options;
    options.apiBase = QUrl(account.serviceUrl);
    for (const QJsonValue &v : account.settings.value(kKeywords).toArray())
        if (!v.toString().trimmed().isEmpty())
            options.keywords << v.toString().trimmed();
    const auto seconds = [&](const QString &key, qint64 fallback) {
        const QJsonValue v = account.settings.value(key);
        return v.isDouble() && v.toDouble() >= 0 ? qint64(v.toDouble()) : fallback;
    };
    options.plan.mentions = seconds(kPollMentions, options.plan.mentions);
    options.plan.search = seconds(kPollSearch, options.plan.search);
    options.plan.direct = seconds(kPollDirect, options.plan.direct);
    options.monthlyBudget = std::max(0.0, account.settings.value(kBudget).toDouble());
    return options;
}

Core::Result<XCostEstimate> estimateXAccount(Store::Database &db, const Core::Account &account, const XPrices &prices,
                                             const QDateTime &now)
{
    const XAccountOptions options = xAccountOptions(account);
    auto cursors = Store::SyncStateRepository(db).cursors(account.id);
    if (!cursors)
        return cursors.error();
    XUsage usage = XUsage::fromCursor(cursors->value(QStringLiteral("usage")), now);
    // Writes are counted from the outbox: what was delivered since counting began.
    auto sent = Store::OutboxRepository(db).sentSince(account.id, usage.since.toMSecsSinceEpoch());
    if (!sent)
        return sent.error();
    for (const Core::OutboxItem &item : std::as_const(sent.value())) {
        const bool dm = item.kind == Core::OutboxKind::PrivateMessage;
        const bool link = item.body.contains(QLatin1String("http://")) || item.body.contains(QLatin1String("https://"));
        if (item.kind == Core::OutboxKind::PublicReply || dm)
            (dm ? usage.dmsSent : link ? usage.postsWithUrlSent : usage.postsSent) += 1;
    }
    XPollPlan wanted = options.plan;
    if (options.keywords.isEmpty())
        wanted.search = 0;
    return XCostMeter::planWithin(prices, usage, wanted, options.monthlyBudget, now);
}

QString xListeningQuery(const Core::Account &account)
{
    const XAccountOptions options = xAccountOptions(account);
    if (options.keywords.isEmpty())
        return {};
    const QString name = account.handle.startsWith(QLatin1Char('@')) ? account.handle.mid(1) : account.handle;
    auto query = XConnector::searchQuery(options.keywords, name);
    return query ? query.value() : QString();
}

Core::Result<std::unique_ptr<XConnector>> makeXConnector(const Core::Account &account, const QString &secret,
                                                         HttpClient &http, SecretStore *secrets)
{
    auto base = checkedXBase(account.serviceUrl.isEmpty() ? XSession::defaultApiBase().toString() : account.serviceUrl);
    if (!base)
        return base.error();
    auto session = std::make_unique<XSession>(http, base.value(), secrets, SyncEngine::secretKey(account));
    if (Core::Status s = session->restore(secret); !s)
        return s.error();
    const XAccountOptions options = xAccountOptions(account);
    XConnector::Config config;
    config.accountId = account.id;
    config.userId = account.externalId.isEmpty() ? session->credentials().userId : account.externalId;
    config.username = account.handle.startsWith(QLatin1Char('@')) ? account.handle.mid(1) : account.handle;
    config.keywords = options.keywords;
    config.plan = options.plan;
    config.monthlyBudget = options.monthlyBudget;
    return Core::Result<std::unique_ptr<XConnector>>(std::make_unique<XConnector>(http, std::move(session), config));
}

} // namespace Care::Sync
