#include "sync/KeychainSecretStore.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QEventLoop>

namespace Care::Sync {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

const QString kService = QStringLiteral("Care Console");

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::KeychainSecretStore)
};

// "mastodon/@acme@social.example" → "@acme@social.example", as the person knows the account.
QString accountOf(const QString &key)
{
    return key.section(QLatin1Char('/'), 1);
}

void run(QKeychain::Job &job)
{
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}

Error failure(const QKeychain::Job &job)
{
    if (job.error() == QKeychain::NoBackendAvailable)
        return Core::Error::make(Core::Error::Code::NoSecretStore, Strings::tr("No system keychain is available here."),
                                 Strings::tr("On a server without one, an administrator can choose a secrets file with "
                                    "--secrets-file PATH (readable only by its owner)."),
                                 job.errorString());
    if (job.error() == QKeychain::AccessDenied || job.error() == QKeychain::AccessDeniedByUser)
        return Core::Error::make(Core::Error::Code::NoSecretStore, Strings::tr("The keychain refused access to the account's token."),
                                 Strings::tr("Unlock the keychain and try again."), job.errorString());
    return Core::Error::make(Core::Error::Code::NoSecretStore, Strings::tr("The system keychain could not be used."),
                             Strings::tr("Check that the keychain is unlocked and running, then try again."), job.errorString());
}

} // namespace

bool KeychainSecretStore::available()
{
    QKeychain::ReadPasswordJob job(kService);
    job.setAutoDelete(false);
    job.setKey(QStringLiteral("availability-probe"));
    run(job);
    return job.error() != QKeychain::NoBackendAvailable && job.error() != QKeychain::OtherError;
}

Core::Result<QString> KeychainSecretStore::read(const QString &key)
{
    QKeychain::ReadPasswordJob job(kService);
    job.setAutoDelete(false);
    job.setKey(key);
    run(job);
    if (job.error() == QKeychain::EntryNotFound)
        return Core::Error::make(Core::Error::Code::TokenRevoked, Strings::tr("The keychain holds no token for %1.").arg(accountOf(key)),
                                 Strings::tr("Connect the account again."));
    if (job.error() != QKeychain::NoError)
        return failure(job);
    return job.textData();
}

Core::Status KeychainSecretStore::write(const QString &key, const QString &secret)
{
    QKeychain::WritePasswordJob job(kService);
    job.setAutoDelete(false);
    job.setKey(key);
    job.setTextData(secret);
    run(job);
    if (job.error() != QKeychain::NoError)
        return failure(job);
    return {};
}

Core::Status KeychainSecretStore::remove(const QString &key)
{
    QKeychain::DeletePasswordJob job(kService);
    job.setAutoDelete(false);
    job.setKey(key);
    run(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return failure(job);
    return {};
}

QString KeychainSecretStore::description() const
{
    return Strings::tr("the system keychain");
}

} // namespace Care::Sync
