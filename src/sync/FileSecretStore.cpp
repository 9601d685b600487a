#include "sync/FileSecretStore.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>

namespace Care::Sync {

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FileSecretStore)
};

constexpr QFile::Permissions kOthers = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                                       | QFile::WriteOther | QFile::ExeOther;

} // namespace

Core::Status FileSecretStore::check() const
{
    const QFileInfo info(m_path);
    if (info.exists()) {
#ifndef Q_OS_WIN
        if (info.permissions() & kOthers)
            return Core::Error::make(Core::Error::Code::NoSecretStore,
                                     Strings::tr("The secrets file %1 can be read by other users, so it was not used.").arg(m_path),
                                     Strings::tr("Make it private with: chmod 600 %1").arg(m_path));
#endif
        return {};
    }
    if (!QFileInfo(info.absolutePath()).isDir())
        return Core::Error::make(Core::Error::Code::NoSecretStore,
                                 Strings::tr("The folder for the secrets file %1 does not exist.").arg(m_path));
    return {};
}

Core::Result<QJsonObject> FileSecretStore::load() const
{
    if (Core::Status s = check(); !s)
        return s.error();
    QFile file(m_path);
    if (!file.exists())
        return QJsonObject();
    if (!file.open(QIODevice::ReadOnly))
        return Core::Error::make(Core::Error::Code::NoSecretStore,
                                 Strings::tr("The secrets file %1 cannot be read: %2").arg(m_path, file.errorString()));
    const QByteArray data = file.readAll();
    if (data.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (!doc.isObject())
        return Core::Error::make(Core::Error::Code::NoSecretStore,
                                 Strings::tr("The secrets file %1 is damaged and was not changed.").arg(m_path),
                                 Strings::tr("Restore it from a backup or remove it and connect the accounts again."),
                                 error.errorString());
    return doc.object();
}

Core::Status FileSecretStore::save(const QJsonObject &secrets) const
{
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return Core::Error::make(Core::Error::Code::NoSecretStore,
                                 Strings::tr("The secrets file %1 cannot be written: %2").arg(m_path, file.errorString()));
    // Owner-only before any secret is written into it.
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    file.write(QJsonDocument(secrets).toJson());
    if (!file.commit())
        return Core::Error::make(Core::Error::Code::NoSecretStore,
                                 Strings::tr("The secrets file %1 cannot be written: %2").arg(m_path, file.errorString()));
    QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
    return {};
}

Core::Result<QString> FileSecretStore::read(const QString &key)
{
    auto secrets = load();
    if (!secrets)
        return secrets.error();
    if (!secrets->contains(key))
        return Core::Error::make(Core::Error::Code::TokenRevoked, Strings::tr("The secrets file holds no token for %1.").arg(key.section(QLatin1Char('/'), 1)),
                                 Strings::tr("Connect the account again."));
    return secrets->value(key).toString();
}

Core::Status FileSecretStore::write(const QString &key, const QString &secret)
{
    // The console and a command run beside it may both write: one at a time, none lost.
    QLockFile lock(m_path + QStringLiteral(".lock"));
    if (!lock.tryLock(10000))
        return Core::Error::make(Core::Error::Code::NoSecretStore,
                                 Strings::tr("The secrets file %1 is busy (another Care Console is writing it).").arg(m_path),
                                 Strings::tr("Try again in a moment."));
    auto secrets = load();
    if (!secrets)
        return secrets.error();
    secrets->insert(key, secret);
    return save(secrets.value());
}

Core::Status FileSecretStore::remove(const QString &key)
{
    QLockFile lock(m_path + QStringLiteral(".lock"));
    if (!lock.tryLock(10000))
        return Core::Error::make(Core::Error::Code::NoSecretStore,
                                 Strings::tr("The secrets file %1 is busy (another Care Console is writing it).").arg(m_path),
                                 Strings::tr("Try again in a moment."));
    auto secrets = load();
    if (!secrets)
        return secrets.error();
    if (!secrets->contains(key))
        return {};
    secrets->remove(key);
    return save(secrets.value());
}

QString FileSecretStore::description() const
{
    return Strings::tr("the secrets file %1").arg(m_path);
}

} // namespace Care::Sync
