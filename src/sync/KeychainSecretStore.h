#pragma once

#include "sync/SecretStore.h"

namespace Care::Sync {

// The system keychain through QtKeychain (Secret Service or KWallet on Linux, the
// Credential Store on Windows, the Keychain on macOS). Calls block on a local event loop:
// use from a sync thread or a headless command, never the GUI thread.
class KeychainSecretStore : public SecretStore
{
public:
    Core::Result<QString> read(const QString &key) override;
    Core::Status write(const QString &key, const QString &secret) override;
    Core::Status remove(const QString &key) override;
    QString description() const override;

    // False when no keychain backend runs here (a headless server without a Secret Service).
    static bool available();
};

} // namespace Care::Sync
