#include "sync/SecretStore.h"

#include "sync/FileSecretStore.h"
#include "sync/KeychainSecretStore.h"

#include <QCoreApplication>

namespace Care::Sync {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::SecretStore)
};

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
                                 Strings::tr("No system keychain is available here, so account tokens cannot be kept safely."),
                                 Strings::tr("On a server without a keychain, an administrator can choose a secrets file with "
                                    "--secrets-file PATH; it must be readable only by its owner (chmod 600)."));
    return std::unique_ptr<SecretStore>(std::make_unique<KeychainSecretStore>());
}

} // namespace Care::Sync
