#pragma once

// A SecretStore in memory for tests: what a connector writes back (refreshed tokens) can be read
// and checked.

#include "sync/SecretStore.h"

#include <QHash>

namespace Care::Tests {

class MemorySecrets : public Sync::SecretStore
{
public:
    Core::Result<QString> read(const QString &key) override
    {
        if (!values.contains(key))
            return Core::Error::make(Core::Error::Code::NotFound, QStringLiteral("no secret"));
        return values.value(key);
    }
    Core::Status write(const QString &key, const QString &secret) override
    {
        values.insert(key, secret);
        return {};
    }
    Core::Status remove(const QString &key) override
    {
        values.remove(key);
        return {};
    }
    QString description() const override { return QStringLiteral("memory"); }
    QHash<QString, QString> values;
};

} // namespace Care::Tests
