#include "sync/BlueskyAccountSetup.h"

#include "store/AccountRepository.h"
#include "sync/BlueskyChatClient.h"
#include "sync/BlueskyConnector.h"
#include "sync/BlueskySession.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::BlueskyAccountSetup)
};

QStringList stringList(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray()) {
        const QString s = v.toString().trimmed();
        if (!s.isEmpty())
            out << s;
    }
    return out;
}

} // namespace

Core::Result<Core::Account> connectBlueskyAccount(Store::Database &db, SecretStore &secrets, HttpClient &http,
                                                  const BlueskySignIn &signIn)
{
    using Code = Core::Error::Code;
    auto service = BlueskySession::checkedService(signIn.service);
    if (!service)
        return service.error();
    QString identifier = signIn.identifier.trimmed();
    if (identifier.startsWith(QLatin1Char('@')))
        identifier.remove(0, 1);
    if (identifier.isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("Give the account's handle, e.g. acme.bsky.social."));
    if (signIn.appPassword.trimmed().isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("The app password is empty."),
                                 Strings::tr("Create one in Bluesky: Settings → Privacy and security → App passwords."));

    // Signed in without storing first: nothing is kept when anything fails.
    BlueskySession session(http, service.value());
    if (Core::Status s = session.signIn(identifier, signIn.appPassword); !s)
        return s.error();

    Core::Account account;
    account.platform = Core::Platform::Bluesky;
    account.handle = QStringLiteral("@") + session.handle();
    account.name = account.handle;
    account.externalId = session.did();
    account.serviceUrl = service->toString();
    QJsonObject settings;
    QJsonArray keywords;
    for (const QString &k : signIn.keywords)
        if (!k.trimmed().isEmpty())
            keywords.append(k.trimmed());
    if (!keywords.isEmpty())
        settings.insert(QStringLiteral("keywords"), keywords);
    settings.insert(QStringLiteral("markSeen"), signIn.markSeen);
    if (!signIn.language.trimmed().isEmpty())
        settings.insert(QStringLiteral("language"), signIn.language.trimmed());
    if (signIn.searchIntervalSeconds > 0)
        settings.insert(QStringLiteral("searchIntervalSeconds"), signIn.searchIntervalSeconds);
    account.settings = settings;
    if (Core::Status s = secrets.write(SyncEngine::secretKey(account), session.credentials().toSecret()); !s)
        return s.error();
    auto id = Store::AccountRepository(db).ensure(account);
    if (!id)
        return id.error();
    account.id = id.value();
    return account;
}

Core::Result<std::unique_ptr<BlueskyConnector>> makeBlueskyConnector(const Core::Account &account, const QString &secret,
                                                                     HttpClient &http, SecretStore *secrets)
{
    auto service = BlueskySession::checkedService(account.serviceUrl);
    if (!service)
        return service.error();
    auto session = std::make_unique<BlueskySession>(http, service.value(), secrets, SyncEngine::secretKey(account));
    if (Core::Status s = session->restore(secret); !s)
        return s.error();
    BlueskyConnector::Config config;
    config.accountId = account.id;
    config.did = account.externalId.isEmpty() ? session->did() : account.externalId;
    config.keywords = stringList(account.settings.value(QStringLiteral("keywords")));
    config.markSeen = account.settings.value(QStringLiteral("markSeen")).toBool(false);
    if (const QString lang = account.settings.value(QStringLiteral("language")).toString(); !lang.isEmpty())
        config.langs << lang;
    if (const int seconds = account.settings.value(QStringLiteral("searchIntervalSeconds")).toInt(); seconds > 0)
        config.searchIntervalMs = qint64(seconds) * 1000;
    auto connector = std::make_unique<BlueskyConnector>(http, std::move(session), config);
    BlueskyChatClient::Config chat; // direct messages, on the connector's session
    chat.accountId = account.id;
    connector->setDirectMessages(std::make_unique<BlueskyChatClient>(connector->session(), chat));
    return Core::Result<std::unique_ptr<BlueskyConnector>>(std::move(connector));
}

} // namespace Care::Sync
