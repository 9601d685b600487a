#include "store/Database.h"
#include "store/SchemaMigrator.h"

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

// Drives the real careconsole binary: what a user or an administrator types.
class TestCommandLine : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    Run run(const QStringList &arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        process.setProcessEnvironment(env);
        process.start(qEnvironmentVariable("CARE_CONSOLE_BINARY"), arguments);
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return {};
        }
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    static QByteArray hashOf(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
    }

    QTemporaryDir m_home;

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("CARE_CONSOLE_BINARY")), "CARE_CONSOLE_BINARY must point at careconsole");
    }

    void version()
    {
        const Run r = run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("careconsole " CARE_VERSION));
    }

    void help()
    {
        const Run r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *option : {"--database", "--demo", "--version", "--help"})
            QVERIFY2(r.out.contains(QLatin1String(option)), option);
    }

    void unknownOptionIsRefused()
    {
        const Run r = run({QStringLiteral("--no-such-option")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("no-such-option")));
    }

    void demoAndDatabaseTogetherAreRefused()
    {
        const Run r = run({QStringLiteral("--demo"), QStringLiteral("--database"), QStringLiteral("/tmp/x.sqlite")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("cannot be used together")));
    }

    void unreachableTeamDatabaseSaysSoAndStops()
    {
        // Port 1 on loopback: nothing listens there.
        const Run r = run({QStringLiteral("--database"), QStringLiteral("postgresql://care@127.0.0.1:1/care")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("127.0.0.1:1")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("not reachable")), qPrintable(r.err));
        // It did not quietly fall back to the embedded store.
        QVERIFY(!QFile::exists(m_home.filePath(QStringLiteral("data/CareConsole/careconsole.sqlite"))));
    }

    void notADatabaseUrl()
    {
        const Run r = run({QStringLiteral("--database"), QStringLiteral("mysql://care@127.0.0.1/care")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("not a database URL")), qPrintable(r.err));
    }

    void foreignFileIsLeftUntouched()
    {
        const QString path = m_home.filePath(QStringLiteral("notes.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        const QByteArray before = hashOf(path);
        const Run r = run({QStringLiteral("--database"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("not a Care Console store")), qPrintable(r.err));
        QCOMPARE(hashOf(path), before);
    }

    void storeFromNewerVersionIsRefused()
    {
        const QString path = m_home.filePath(QStringLiteral("newer.sqlite"));
        {
            auto db = Care::Store::Database::open(Care::Store::DatabaseLocation::sqliteFile(path));
            QVERIFY(db.ok());
            QSqlQuery q(db.value()->connection());
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_info SET value = '%1' WHERE key = 'version'")
                               .arg(Care::Store::SchemaMigrator::latestVersion() + 1)));
        }
        const QByteArray before = hashOf(path);
        const Run r = run({QStringLiteral("--database"), path});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("newer version")), qPrintable(r.err));
        QCOMPARE(hashOf(path), before);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
