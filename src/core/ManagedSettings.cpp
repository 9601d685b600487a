#include "core/ManagedSettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace Care::Core {

namespace {

const char *const kLockedKey = "locked";

// Linux and other XDG systems: the first $XDG_CONFIG_DIRS entry holding the file, like every
// desktop looks up system configuration (QSettings' own system scope ignores the variable in Qt 6.4).
QString xdgSystemFile()
{
    QString dirs = qEnvironmentVariable("XDG_CONFIG_DIRS");
    if (dirs.trimmed().isEmpty())
        dirs = QStringLiteral("/etc/xdg");
    const QString relative = QCoreApplication::organizationName() + QLatin1Char('/')
        + QCoreApplication::applicationName() + QStringLiteral(".conf");
    for (const QString &dir : dirs.split(QLatin1Char(':'), Qt::SkipEmptyParts)) {
        const QString candidate = QDir(dir).filePath(relative);
        if (QFileInfo(candidate).isFile())
            return candidate;
    }
    return {};
}

QStringList keyList(const QVariant &value)
{
    QStringList raw = value.toStringList();
    if (raw.size() == 1) // the registry and hand-written INI files: "a, b, c" as one string
        raw = raw.first().split(QLatin1Char(','));
    QStringList keys;
    for (const QString &key : raw) {
        if (!key.trimmed().isEmpty())
            keys << key.trimmed();
    }
    return keys;
}

} // namespace

ManagedSettings::ManagedSettings()
{
#if defined(Q_OS_WIN) || defined(Q_OS_DARWIN)
    const QSettings system(QSettings::NativeFormat, QSettings::SystemScope, QCoreApplication::organizationName(),
                           QCoreApplication::applicationName());
    readFrom(system.fileName(), QSettings::NativeFormat);
#else
    readFrom(xdgSystemFile(), QSettings::IniFormat);
#endif
}

ManagedSettings::ManagedSettings(const QString &path, int format)
{
    readFrom(path, format);
}

ManagedSettings ManagedSettings::fromIniFile(const QString &path)
{
    return ManagedSettings(path, QSettings::IniFormat);
}

void ManagedSettings::readFrom(const QString &path, int format)
{
    if (path.isEmpty())
        return;
    QSettings system(path, static_cast<QSettings::Format>(format));
    system.setFallbacksEnabled(false);
    const QStringList keys = system.allKeys();
    if (keys.isEmpty())
        return;
    m_source = QDir::toNativeSeparators(path);
    for (const QString &key : keys) {
        if (key == QLatin1String(kLockedKey))
            continue;
        QVariant value = system.value(key);
        // INI splits an unquoted value at commas ("– {agent.signature}, Acme Care"); an
        // administrator means the text as written.
        if (value.typeId() == QMetaType::QStringList)
            value = value.toStringList().join(QStringLiteral(", "));
        m_presets.insert(key, value);
    }
    const QStringList locked = keyList(system.value(QLatin1String(kLockedKey)));
    m_locked = QSet<QString>(locked.cbegin(), locked.cend());
}

QStringList ManagedSettings::lockedKeys() const
{
    QStringList keys(m_locked.cbegin(), m_locked.cend());
    keys.sort();
    return keys;
}

QVariant ManagedSettings::value(const QString &key, const QVariant &fallback) const
{
    if (isLocked(key))
        return m_presets.value(key, fallback);
    QSettings user;
    user.setFallbacksEnabled(false); // the system scope is read above, from the right place
    if (user.contains(key))
        return user.value(key);
    return m_presets.value(key, fallback);
}

bool ManagedSettings::setValue(const QString &key, const QVariant &value) const
{
    if (isLocked(key))
        return false;
    QSettings user;
    if (!value.isValid() || (value.typeId() == QMetaType::QString && value.toString().trimmed().isEmpty()))
        user.remove(key);
    else
        user.setValue(key, value);
    return true;
}

} // namespace Care::Core
