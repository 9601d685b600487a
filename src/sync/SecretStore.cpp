#include "sync/SecretStore.h"

#include "sync/FileSecretStore.h"
#include "sync/KeychainSecretStore.h"

#include <QCoreApplication>

namespace Care::Sync {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Care::Sync::SecretStore", text);
}

} // namespace

Core::Result<std::unique_ptr<SecretStore>> SecretStore::open(const QString &secretsFile)
{
    if (!secretsFile.isEmpty()) {
        auto store = std::make_unique<FileSecretStore>(secretsFile);
        if (Core::Status s = store->check(); !s)
            return s.error();
        return std::unique_ptr<SecretStore>(std::move(store));
    }
    if (!KeychainSecretStore::available())
        return Core::Error::make(Core::Error::Code::NoSecretStore,
                                 tr("No system keychain is available here, so account tokens cannot be kept safely."),
                                 tr("On a server without a keychain, an administrator can choose a secrets file with "
                                    "--secrets-file PATH; it must be readable only by its owner (chmod 600)."));
    return std::unique_ptr<SecretStore>(std::make_unique<KeychainSecretStore>());
}

} // namespace Care::Sync
