#pragma once

#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Care::Core {

// Settings an administrator presets for every user of a machine, through the platform's
// system-wide settings, and may lock (docs/installing.md):
//   Linux    CareConsole/CareConsole.conf in the first directory of $XDG_CONFIG_DIRS that has one
//            (default /etc/xdg), INI format
//   Windows  HKEY_LOCAL_MACHINE\Software\CareConsole\CareConsole
//   macOS    /Library/Preferences/invalid.careconsole.CareConsole.plist
// A preset is every user's default; a key listed in "locked" (a list, or one comma-separated
// string) is fixed: the user's own value is ignored and cannot be set, and the console shows the
// setting read-only with a note. The user's own values stay in the user's QSettings.
class ManagedSettings
{
public:
    // The keys administrators set (the console reads every key through this class).
    static constexpr const char *kDatabaseUrl = "database/url";
    static constexpr const char *kSignatureForm = "agent/signatureForm";
    static constexpr const char *kSlaPoliciesFile = "workspace/slaPoliciesFile";
    static constexpr const char *kCalendarFile = "workspace/calendarFile";
    static constexpr const char *kPackLocation = "workspace/packLocation";
    static constexpr const char *kUpdateChannel = "updates/channel";

    // The platform's system-wide settings, read once now.
    ManagedSettings();
    // Presets from this INI file (tests, tools); an empty path means none.
    static ManagedSettings fromIniFile(const QString &path);

    // Where the presets were read from, for the note beside a locked setting; empty when none.
    QString source() const { return m_source; }
    bool hasPreset(const QString &key) const { return m_presets.contains(key); }
    QVariant preset(const QString &key) const { return m_presets.value(key); }
    bool isLocked(const QString &key) const { return m_locked.contains(key); }
    QStringList lockedKeys() const;

    // What the console uses: a locked key's preset (the fallback when the lock has no value);
    // otherwise the user's own value, else the preset, else the fallback.
    QVariant value(const QString &key, const QVariant &fallback = {}) const;
    // Stores the user's own value (an invalid or empty value removes it); false for a locked key.
    bool setValue(const QString &key, const QVariant &value) const;

private:
    ManagedSettings(const QString &path, int format);
    void readFrom(const QString &path, int format);

    QString m_source;
    QMap<QString, QVariant> m_presets;
    QSet<QString> m_locked;
};

} // namespace Care::Core
