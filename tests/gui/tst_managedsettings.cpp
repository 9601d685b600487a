// System-wide presets and locks (Core::ManagedSettings) from a temporary $XDG_CONFIG_DIRS, as an
// administrator would set them in /etc/xdg/CareConsole/CareConsole.conf: a preset is the default,
// the user's own value wins unless the key is locked; a locked key cannot be set; the first
// directory that has the file wins; the settings dialog shows a locked setting read-only with a
// note; the workspace's calendar and SLA policies come from the administrator's files, and a
// locked calendar cannot be saved.
#include "core/ManagedSettings.h"
#include "gui/SettingsDialog.h"
#include "store/Database.h"
#include "store/WorkspaceSettings.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Care;
using Core::ManagedSettings;

class TestManagedSettings : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_system;

    // Writes $dir/CareConsole/CareConsole.conf.
    static bool writeSystemFile(const QString &dir, const QByteArray &ini)
    {
        QDir().mkpath(dir + QStringLiteral("/CareConsole"));
        QFile file(dir + QStringLiteral("/CareConsole/CareConsole.conf"));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(ini) == ini.size();
    }

    static QString userValue(const QString &key)
    {
        QSettings user;
        user.setFallbacksEnabled(false);
        return user.value(key).toString();
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("CareConsole"));
        QCoreApplication::setApplicationName(QStringLiteral("CareConsole"));
    }

    void init()
    {
        m_system = std::make_unique<QTemporaryDir>();
        QVERIFY(m_system->isValid());
        qputenv("XDG_CONFIG_DIRS", m_system->path().toUtf8());
        QSettings().clear();
    }

    void cleanup() { qunsetenv("XDG_CONFIG_DIRS"); }

    void withoutSystemSettingsTheUserDecides()
    {
        const ManagedSettings managed;
        QVERIFY(managed.source().isEmpty());
        QCOMPARE(managed.value(QStringLiteral("agent/signatureForm"), QStringLiteral("fallback")).toString(),
                 QStringLiteral("fallback"));
        QVERIFY(managed.setValue(QStringLiteral("agent/signatureForm"), QStringLiteral("^{initials}")));
        QCOMPARE(managed.value(QStringLiteral("agent/signatureForm")).toString(), QStringLiteral("^{initials}"));
    }

    void presetsAreDefaultsAndUsersMayOverrideThem()
    {
        QVERIFY(writeSystemFile(m_system->path(), "[database]\nurl=postgresql://care@db.example/care\n"
                                                  "[agent]\nsignatureForm=– {agent.signature}, Acme Care\n"));
        const ManagedSettings managed;
        QCOMPARE(managed.source(), QDir::toNativeSeparators(m_system->path() + QStringLiteral("/CareConsole/CareConsole.conf")));
        QCOMPARE(managed.value(QLatin1String(ManagedSettings::kDatabaseUrl)).toString(),
                 QStringLiteral("postgresql://care@db.example/care"));
        QCOMPARE(managed.value(QLatin1String(ManagedSettings::kSignatureForm)).toString(),
                 QStringLiteral("– {agent.signature}, Acme Care"));
        QVERIFY(!managed.isLocked(QLatin1String(ManagedSettings::kSignatureForm)));
        QVERIFY(managed.setValue(QLatin1String(ManagedSettings::kSignatureForm), QStringLiteral("^{initials}")));
        QCOMPARE(managed.value(QLatin1String(ManagedSettings::kSignatureForm)).toString(), QStringLiteral("^{initials}"));
    }

    void lockedSettingsIgnoreAndRefuseTheUsersValue()
    {
        QSettings().setValue(QStringLiteral("agent/signatureForm"), QStringLiteral("mine, set before the lock"));
        QVERIFY(writeSystemFile(m_system->path(), "[General]\nlocked=agent/signatureForm, updates/channel\n"
                                                  "[agent]\nsignatureForm=– Acme Care\n[updates]\nchannel=beta\n"));
        const ManagedSettings managed;
        QCOMPARE(managed.lockedKeys(), (QStringList{QStringLiteral("agent/signatureForm"), QStringLiteral("updates/channel")}));
        QCOMPARE(managed.value(QStringLiteral("agent/signatureForm")).toString(), QStringLiteral("– Acme Care"));
        QVERIFY(!managed.setValue(QStringLiteral("agent/signatureForm"), QStringLiteral("mine again")));
        QCOMPARE(userValue(QStringLiteral("agent/signatureForm")), QStringLiteral("mine, set before the lock"));
        QCOMPARE(managed.value(QStringLiteral("updates/channel"), QStringLiteral("stable")).toString(), QStringLiteral("beta"));
        // A key that is not locked stays the user's.
        QVERIFY(managed.setValue(QStringLiteral("agent/name"), QStringLiteral("Aisha")));
        QCOMPARE(managed.value(QStringLiteral("agent/name")).toString(), QStringLiteral("Aisha"));
    }

    void theFirstDirectoryWithTheFileWins()
    {
        QTemporaryDir empty;
        QTemporaryDir second;
        QVERIFY(writeSystemFile(m_system->path(), "[updates]\nchannel=beta\n"));
        QVERIFY(writeSystemFile(second.path(), "[updates]\nchannel=stable\n"));
        qputenv("XDG_CONFIG_DIRS", (empty.path() + QLatin1Char(':') + second.path() + QLatin1Char(':') + m_system->path()).toUtf8());
        QCOMPARE(ManagedSettings().preset(QStringLiteral("updates/channel")).toString(), QStringLiteral("stable"));
        qputenv("XDG_CONFIG_DIRS", (m_system->path() + QLatin1Char(':') + second.path()).toUtf8());
        QCOMPARE(ManagedSettings().preset(QStringLiteral("updates/channel")).toString(), QStringLiteral("beta"));
    }

    void theSettingsDialogShowsLocksReadOnlyWithANote()
    {
        QVERIFY(writeSystemFile(m_system->path(), "[General]\nlocked=agent/signatureForm, updates/channel\n"
                                                  "[agent]\nsignatureForm=– Acme Care\n[updates]\nchannel=beta\n"));
        Gui::SettingsDialog dialog;
        auto *form = dialog.findChild<QLineEdit *>(QStringLiteral("settingsSignatureForm"));
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("settingsAgentName"));
        auto *channel = dialog.findChild<QComboBox *>(QStringLiteral("settingsUpdateChannel"));
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("settingsManagedNote"));
        QVERIFY(form && name && channel && note);
        QCOMPARE(form->text(), QStringLiteral("– Acme Care"));
        QVERIFY(form->isReadOnly());
        QVERIFY(!name->isReadOnly());
        QVERIFY(!channel->isEnabled());
        QCOMPARE(channel->currentData().toString(), QStringLiteral("beta"));
        QVERIFY(!note->isHidden());
        QVERIFY2(note->text().contains(m_system->path()), qPrintable(note->text()));
        auto *layout = qobject_cast<QFormLayout *>(dialog.layout());
        QVERIFY(layout);
        auto *label = qobject_cast<QLabel *>(layout->labelForField(form));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QStringLiteral("set by your administrator")), qPrintable(label->text()));
        name->setText(QStringLiteral("Aisha"));
        dialog.save();
        QCOMPARE(userValue(QStringLiteral("agent/name")), QStringLiteral("Aisha"));
        QVERIFY(userValue(QStringLiteral("agent/signatureForm")).isEmpty());
        QVERIFY(userValue(QStringLiteral("updates/channel")).isEmpty());
    }

    void withoutLocksTheDialogHasNoNote()
    {
        QVERIFY(writeSystemFile(m_system->path(), "[agent]\nsignatureForm=– Acme Care\n"));
        Gui::SettingsDialog dialog;
        auto *form = dialog.findChild<QLineEdit *>(QStringLiteral("settingsSignatureForm"));
        QVERIFY(form);
        QCOMPARE(form->text(), QStringLiteral("– Acme Care"));
        QVERIFY(!form->isReadOnly());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("settingsManagedNote"))->isHidden());
    }

    void theWorkspaceUsesTheAdministratorsCalendarAndSlaFiles()
    {
        QTemporaryDir files;
        QFile calendar(files.filePath(QStringLiteral("calendar.json")));
        QVERIFY(calendar.open(QIODevice::WriteOnly));
        calendar.write(R"({"time_zone": "Europe/Madrid", "always_open": true})");
        calendar.close();
        QFile sla(files.filePath(QStringLiteral("sla.json")));
        QVERIFY(sla.open(QIODevice::WriteOnly));
        sla.write(R"({"policies": [{"name": "Team promise", "match": {}, "first_response_minutes": 20, "counting": "wall_clock"}]})");
        sla.close();
        QVERIFY(writeSystemFile(m_system->path(), "[General]\nlocked=workspace/calendarFile\n[workspace]\ncalendarFile="
                                    + calendar.fileName().toUtf8() + "\nslaPoliciesFile=" + sla.fileName().toUtf8() + "\n"));

        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(files.filePath(QStringLiteral("store.sqlite"))));
        QVERIFY(db);
        Store::WorkspaceSettings settings(*db.value());
        auto zone = settings.calendar();
        QVERIFY2(zone, zone ? "" : qPrintable(zone.error().fullText()));
        QCOMPARE(zone->timeZone().id(), QByteArray("Europe/Madrid"));
        auto policies = settings.slaPolicies();
        QVERIFY(policies);
        QCOMPARE(policies->size(), 1);
        QCOMPARE(policies->first().name, QStringLiteral("Team promise"));
        QCOMPARE(policies->first().firstResponseSeconds.value_or(0), qint64(20 * 60));

        // The calendar is locked: a lead's change is refused and the preset stays.
        const Core::Status refused = settings.setCalendar(Core::BusinessCalendar::twentyFourSeven(QTimeZone("Asia/Tokyo")),
                                                          QStringLiteral("lead"));
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("set by your administrator")),
                 qPrintable(refused.error().message));
        QCOMPARE(settings.calendar()->timeZone().id(), QByteArray("Europe/Madrid"));
        // SLA policies are preset but not locked: a lead may change them.
        Core::SlaPolicy mine;
        mine.name = QStringLiteral("Ours");
        mine.firstResponseSeconds = 600;
        QVERIFY(settings.setSlaPolicies({mine}, QStringLiteral("lead")));
        QCOMPARE(settings.slaPolicies()->first().name, QStringLiteral("Ours"));
    }
};

QTEST_MAIN(TestManagedSettings)
#include "tst_managedsettings.moc"
