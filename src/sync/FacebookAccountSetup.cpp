#include "sync/FacebookAccountSetup.h"

#include "store/AccountRepository.h"
#include "sync/FacebookConnector.h"
#include "sync/FacebookGraphClient.h"
#include "sync/HttpClient.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QHostAddress>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FacebookAccountSetup)
};

using Code = Core::Error::Code;

Core::Result<QUrl> checkedBase(const QString &text)
{
    const QUrl base(text.trimmed().isEmpty() ? Facebook::defaultGraphBase() : text.trimmed());
    const bool loopback = QHostAddress(base.host()).isLoopback() || base.host() == QLatin1String("localhost");
    if (!base.isValid() || base.host().isEmpty() || (base.scheme() != QLatin1String("https") && !(base.scheme() == QLatin1String("http") && loopback)))
        return Core::Error::make(Code::InvalidInput, Strings::tr("The Graph API address must start with https://."));
    return base;
}

} // namespace

QStringList facebookRequiredPermissions(bool messenger)
{
    QStringList permissions{QStringLiteral("pages_read_engagement"), QStringLiteral("pages_read_user_content"),
                            QStringLiteral("pages_manage_engagement")};
    if (messenger)
        permissions << QStringLiteral("pages_messaging");
    return permissions;
}

Core::Result<Core::Account> connectFacebookPage(Store::Database &db, SecretStore &secrets, HttpClient &http,
                                                const FacebookPageConnect &input, QStringList *warnings)
{
    static const QRegularExpression digits(QStringLiteral("^\\d{5,25}$"));
    const QString pageId = input.pageId.trimmed();
    const QString token = input.token.trimmed();
    if (!digits.match(pageId).hasMatch())
        return Core::Error::make(Code::InvalidInput, Strings::tr("Give the Page's numeric id, e.g. 104233445566."),
                                 Strings::tr("It is under the Page's About → Page transparency, or in Meta Business Suite → Settings."));
    if (token.isEmpty() || token.contains(QLatin1Char(' ')))
        return Core::Error::make(Code::InvalidInput, Strings::tr("The Page access token is empty or not a token."),
                                 Strings::tr("Paste the whole token, made for the Page (not a user token)."));
    auto base = checkedBase(input.graphBase);
    if (!base)
        return base.error();

    FacebookGraphClient graph(http, base.value(), token);
    // 1. The Page answers to the token: a revoked or mistyped token fails here (190).
    HttpResponse response = graph.get(pageId, {{QStringLiteral("fields"), QStringLiteral("id,name,username")}});
    if (!response.ok())
        return graph.describe(response, QStringLiteral("pages_read_engagement"));
    auto page = Facebook::parsePage(response.body);
    if (!page)
        return Core::Error::make(Code::BadResponse, Strings::tr("Facebook sent an answer that could not be read."), {},
                                 page.error().detail);

    // 2. Which Page and which permissions the token carries.
    response = graph.get(QStringLiteral("debug_token"), {{QStringLiteral("input_token"), token}});
    auto info = response.ok() ? Facebook::parseTokenInfo(response.body, pageId)
                              : Core::Result<Facebook::TokenInfo>(graph.describe(response));
    if (!info && info.error().code == Code::TokenRevoked)
        return info.error();
    if (info) {
        if (!info->valid)
            return Core::Error::make(Code::TokenRevoked, Strings::tr("Facebook says this access token is not valid."),
                                     Strings::tr("Make a new Page access token and paste it."));
        if (info->type == QLatin1String("USER"))
            return Core::Error::make(Code::InvalidInput, Strings::tr("This is a user access token, not a Page access token."),
                                     Strings::tr("Make a token for the Page itself (for example for a system user in "
                                                 "Meta Business Suite), so replies are written as the Page."));
        if (!info->profileId.isEmpty() && info->profileId != pageId)
            return Core::Error::make(Code::InvalidInput,
                                     Strings::tr("This token belongs to another Page (%1), not to %2.").arg(info->profileId, pageId),
                                     Strings::tr("Paste the token made for this Page, or give that Page's id."));
        const QStringList granted = info->scopes + info->scopesForPage;
        QStringList missing;
        for (const QString &permission : facebookRequiredPermissions(input.messenger)) {
            if (!granted.contains(permission))
                missing << QStringLiteral("%1 (%2)").arg(permission, FacebookGraphClient::permissionPurpose(permission));
        }
        if (!missing.isEmpty())
            return Core::Error::make(Code::Rejected,
                                     Strings::tr("The Page access token lacks these permissions: %1.").arg(missing.join(QStringLiteral("; "))),
                                     Strings::tr("Make a new Page access token that includes them (the app must have them "
                                                 "approved), then paste it again. To go without Messenger, untick it "
                                                 "(or use --without-messenger)."));
        if (warnings && info->expiresAt.isValid())
            *warnings << Strings::tr("The token expires on %1; paste a new one before then.")
                             .arg(QLocale().toString(info->expiresAt.toLocalTime(), QLocale::LongFormat));
    } else if (warnings) {
        *warnings << Strings::tr("Facebook did not let Care Console check the token's permissions (%1); a missing "
                                 "permission will be named when it is first needed.")
                         .arg(info.error().message);
    }

    Core::Account account;
    account.platform = Core::Platform::Facebook;
    account.handle = pageId; // stable: the Page's name and username can change
    account.name = page->name.isEmpty() ? pageId : page->name;
    account.externalId = pageId;
    account.serviceUrl = base->toString();
    QJsonObject settings;
    settings.insert(QStringLiteral("messenger"), input.messenger);
    settings.insert(QStringLiteral("humanAgentTag"), input.humanAgentTag);
    if (!page->username.isEmpty())
        settings.insert(QStringLiteral("username"), page->username);
    account.settings = settings;
    if (Core::Status s = secrets.write(SyncEngine::secretKey(account), token); !s)
        return s.error();
    auto id = Store::AccountRepository(db).ensure(account);
    if (!id)
        return id.error();
    account.id = id.value();
    return account;
}

Core::Result<std::unique_ptr<Connector>> makeFacebookConnector(const Core::Account &account, const QString &secret,
                                                               HttpClient &http)
{
    auto base = checkedBase(account.serviceUrl);
    if (!base)
        return base.error();
    FacebookConnector::Config config;
    config.accountId = account.id;
    config.pageId = account.externalId.isEmpty() ? account.handle : account.externalId;
    config.pageName = account.name;
    config.graphBase = base.value();
    config.token = secret;
    config.readMessenger = account.settings.value(QStringLiteral("messenger")).toBool(true);
    config.humanAgentTag = account.settings.value(QStringLiteral("humanAgentTag")).toBool(false);
    if (const int days = account.settings.value(QStringLiteral("watchDays")).toInt(); days > 0)
        config.watchDays = days;
    if (const QJsonValue days = account.settings.value(QStringLiteral("olderDays")); days.isDouble())
        config.olderDays = std::clamp(days.toInt(), 0, 3650); // 0: no sweep of older posts
    if (const int minutes = account.settings.value(QStringLiteral("olderEveryMinutes")).toInt(); minutes > 0)
        config.olderEveryMinutes = minutes;
    if (const int size = account.settings.value(QStringLiteral("pageSize")).toInt(); size > 0)
        config.pageSize = std::min(size, 100);
    return std::unique_ptr<Connector>(std::make_unique<FacebookConnector>(http, config));
}

} // namespace Care::Sync
