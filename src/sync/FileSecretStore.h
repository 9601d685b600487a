#pragma once

#include "sync/SecretStore.h"

#include <QJsonObject>

namespace Care::Sync {

// A JSON file of secrets for a headless server without a keychain, chosen explicitly by an
// administrator. Refused when the file (or a new file's folder) is readable by group or
// others; written atomically with owner-only permissions.
class FileSecretStore : public SecretStore
{
public:
    explicit FileSecretStore(QString path) : m_path(std::move(path)) {}

    // Checks the permissions before any secret is read or written.
    Core::Status check() const;

    Core::Result<QString> read(const QString &key) override;
    Core::Status write(const QString &key, const QString &secret) override;
    Core::Status remove(const QString &key) override;
    QString description() const override;

private:
    Core::Result<QJsonObject> load() const;
    Core::Status save(const QJsonObject &secrets) const;

    QString m_path;
};

} // namespace Care::Sync
