#include "sync/MastodonAccountSetup.h"

#include "store/AccountRepository.h"
#include "sync/MastodonConnector.h"
#include "sync/MastodonOAuth.h"
#include "sync/SecretStore.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Care::Sync {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::MastodonAccountSetup)
};

// "social.example" means https://social.example (as the browser sign-in takes it); an
// explicit http:// stays http, which is refused unless it is a loopback test server.
QUrl instanceUrl(const QString &instance)
{
    const QString text = instance.trimmed();
    return QUrl::fromUserInput(text.contains(QStringLiteral("://")) ? text : QString(QStringLiteral("https://") + text));
}

QJsonArray array(const QStringList &values, bool stripHash)
{
    QJsonArray out;
    for (QString value : values) {
        value = value.trimmed();
        if (stripHash && value.startsWith(QLatin1Char('#')))
            value.remove(0, 1);
        if (!value.isEmpty())
            out.append(value);
    }
    return out;
}

} // namespace

Core::Result<Core::Account> connectMastodonAccount(Store::Database &db, SecretStore &secrets, HttpClient &http,
                                                   const QString &instance, const QString &token,
                                                   const QStringList &keywords, const QStringList &hashtags)
{
    using Code = Core::Error::Code;
    QUrl url = instanceUrl(instance);
    if (instance.trimmed().isEmpty() || !url.isValid() || url.host().isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("Give the instance's address, e.g. https://social.example."));
    const bool loopback = url.host() == QLatin1String("127.0.0.1") || url.host() == QLatin1String("localhost")
                          || url.host() == QLatin1String("::1");
    if (url.scheme() != QLatin1String("https") && !(url.scheme() == QLatin1String("http") && loopback))
        return Core::Error::make(Code::InvalidInput,
                                 Strings::tr("%1 is not encrypted, so the token would travel in the clear.").arg(url.toString()),
                                 Strings::tr("Use the https:// address of the instance."));
    url.setPath({});
    url.setQuery(QString());
    if (token.trimmed().isEmpty())
        return Core::Error::make(Code::InvalidInput, Strings::tr("The access token is empty."),
                                 Strings::tr("Create one in the instance's settings: Preferences → Development → New application."));

    MastodonConnector::Config config;
    config.instance = url;
    config.token = token.trimmed();
    MastodonConnector connector(http, config);
    if (Core::Status s = connector.connect(); !s) {
        if (s.error().code == Code::TokenRevoked)
            return Core::Error::make(Code::TokenRevoked, Strings::tr("%1 did not accept this access token.").arg(url.host()),
                                     Strings::tr("Check that it was copied whole and that the application has the read "
                                        "and write scopes."),
                                     s.error().detail);
        return s.error();
    }

    Core::Account account;
    account.platform = Core::Platform::Mastodon;
    const QString acct = connector.ownAcct();
    account.handle = acct.contains(QLatin1Char('@')) ? QString(QStringLiteral("@") + acct)
                                                     : QString(QStringLiteral("@") + acct + QLatin1Char('@') + url.host());
    account.name = account.handle;
    account.externalId = connector.ownId();
    account.serviceUrl = url.toString();
    QJsonObject settings;
    if (const QJsonArray k = array(keywords, false); !k.isEmpty())
        settings.insert(QStringLiteral("keywords"), k);
    if (const QJsonArray h = array(hashtags, true); !h.isEmpty())
        settings.insert(QStringLiteral("hashtags"), h);
    account.settings = settings;
    if (Core::Status s = secrets.write(SyncEngine::secretKey(account), config.token); !s)
        return s.error();
    auto id = Store::AccountRepository(db).ensure(account);
    if (!id)
        return id.error();
    account.id = id.value();
    return account;
}

namespace {

QString registrationKey(const QString &instance)
{
    QUrl url = instanceUrl(instance);
    url.setPath({});
    url.setQuery(QString());
    return QStringLiteral("mastodon-app/") + url.toString(QUrl::RemoveUserInfo);
}

} // namespace

MastodonAppRegistration loadMastodonRegistration(SecretStore &secrets, const QString &instance)
{
    auto stored = secrets.read(registrationKey(instance));
    if (!stored)
        return {};
    return MastodonAppRegistration::fromJson(QJsonDocument::fromJson(stored.value().toUtf8()).object());
}

void saveMastodonRegistration(SecretStore &secrets, const MastodonAppRegistration &registration)
{
    if (registration.isValid())
        secrets.write(registrationKey(registration.instance),
                      QString::fromUtf8(QJsonDocument(registration.toJson()).toJson(QJsonDocument::Compact)));
}

} // namespace Care::Sync
