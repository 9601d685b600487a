// `careconsole workspace export|import` through the real binary, without a display: a lead's store
// is exported, the pack is checked with --dry-run against a fresh store (which stays unchanged),
// then imported; a hostile pack is refused with exit status 1, its problems listed, nothing changed.
#include "core/PolicyDocument.h"
#include "store/Database.h"
#include "store/PolicyRepository.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestWorkspaceCommand : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    QTemporaryDir m_home;

    Run run(const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY")); // headless on purpose
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CONFIG_DIRS"), m_home.filePath(QStringLiteral("no-system-settings")));
        process.setProcessEnvironment(env);
        process.start(qEnvironmentVariable("CARE_CONSOLE_BINARY"), arguments);
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    QString store(const QString &name) const { return m_home.filePath(name + QStringLiteral(".sqlite")); }

    int policyCount(const QString &name)
    {
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(store(name)));
        if (!db)
            return -1;
        auto list = Store::PolicyRepository(*db.value()).list();
        return list ? int(list->size()) : -1;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("CARE_CONSOLE_BINARY")), "CARE_CONSOLE_BINARY must point at careconsole");
        auto lead = Store::Database::open(Store::DatabaseLocation::sqliteFile(store(QStringLiteral("lead"))));
        QVERIFY(lead);
        Core::PolicyDocument policy;
        policy.slug = QStringLiteral("goodwill");
        policy.title = QStringLiteral("Goodwill gestures");
        policy.body = QStringLiteral("Up to 20 EUR without asking a lead.");
        QVERIFY(Store::PolicyRepository(*lead.value()).save(policy, QStringLiteral("aisha")));
    }

    void exportThenDryRunThenImport()
    {
        const QString pack = m_home.filePath(QStringLiteral("team.careconsole-pack.json"));
        Run r = run({QStringLiteral("--database"), store(QStringLiteral("lead")), QStringLiteral("workspace"),
                     QStringLiteral("export"), pack});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("1 policies")), qPrintable(r.out));
        QVERIFY(QFile::exists(pack));

        r = run({QStringLiteral("--database"), store(QStringLiteral("staff")), QStringLiteral("workspace"),
                 QStringLiteral("import"), pack, QStringLiteral("--dry-run")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("add policy goodwill: Goodwill gestures")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Dry run: nothing was changed.")), qPrintable(r.out));
        QCOMPARE(policyCount(QStringLiteral("staff")), 0);

        r = run({QStringLiteral("--database"), store(QStringLiteral("staff")), QStringLiteral("workspace"),
                 QStringLiteral("import"), pack});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("Imported")), qPrintable(r.out));
        QCOMPARE(policyCount(QStringLiteral("staff")), 1);
    }

    void aHostilePackIsRefused()
    {
        const QString pack = m_home.filePath(QStringLiteral("hostile.json"));
        QFile file(pack);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "care-workspace-pack", "version": 1,
                       "policies": [{"slug": "../../home/x/.bashrc", "title": "t", "body": "b"}]})");
        file.close();
        const int before = policyCount(QStringLiteral("victim"));
        const Run r = run({QStringLiteral("--database"), store(QStringLiteral("victim")), QStringLiteral("workspace"),
                           QStringLiteral("import"), pack});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("was refused; nothing was changed")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("policies[0].slug")), qPrintable(r.err));
        QCOMPARE(policyCount(QStringLiteral("victim")), before);
    }

    void usageErrorsExitWithTwo()
    {
        QCOMPARE(run({QStringLiteral("workspace"), QStringLiteral("export")}).exitCode, 2);
        QCOMPARE(run({QStringLiteral("workspace"), QStringLiteral("import")}).exitCode, 2); // no file, no preset
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceCommand)
#include "tst_workspace_command.moc"
