#pragma once

#include "core/Result.h"

#include <QString>
#include <memory>

namespace Care::Sync {

// Where account tokens and passwords live: the operating system's keychain, or — only when
// an administrator explicitly chooses it for a headless server — a private secrets file.
// Never the database, settings files or logs.
class SecretStore
{
public:
    virtual ~SecretStore() = default;

    // `key` names the account, e.g. "mastodon/acme@social.example".
    virtual Core::Result<QString> read(const QString &key) = 0;
    virtual Core::Status write(const QString &key, const QString &secret) = 0;
    virtual Core::Status remove(const QString &key) = 0;
    virtual QString description() const = 0; // "the system keychain", "secrets file /etc/..."

    // The secrets file when `secretsFile` is given (it must not be readable by group or
    // others), otherwise the keychain — or a clear error when there is none.
    static Core::Result<std::unique_ptr<SecretStore>> open(const QString &secretsFile);
};

} // namespace Care::Sync
