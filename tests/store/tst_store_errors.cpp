#include "core/IncomingMessage.h"
#include "store/AccountRepository.h"
#include "store/ConversationRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/SchemaMigrator.h"
#include "store/Store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace Care;
using Care::Core::Error;
using Care::Store::Database;
using Care::Store::DatabaseLocation;

namespace {

QByteArray describe(const Error &error)
{
    return QString(QStringLiteral("[code %1] ").arg(static_cast<int>(error.code)) + error.fullText()
                   + QStringLiteral(" | ") + error.detail)
        .toUtf8();
}

QByteArray hashOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex();
}

// Runs statements over a plain Qt SQL connection, outside the store's code.
bool rawSqlite(const QString &path, const QStringList &statements)
{
    const QString name = QStringLiteral("tst-raw-sqlite");
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString &sql : statements) {
            if (!ok)
                break;
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                qWarning() << sql << q.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

#define QVERIFY_OK(result)                                                                                    \
    do {                                                                                                       \
        const auto &result_ = (result);                                                                        \
        QVERIFY2(result_.ok(), result_.ok() ? "" : describe(result_.error()).constData());                     \
    } while (false)

// What goes wrong when opening a store, and that the store leaves what it cannot open alone.
class TestStoreErrors : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString newPath(const QString &stem) { return m_dir.filePath(QStringLiteral("%1-%2.sqlite").arg(stem).arg(++m_counter)); }

    // The fixture's database; fails the calling test when it is not configured.
    std::optional<DatabaseLocation> pgLocation()
    {
        const QString url = qEnvironmentVariable("CARE_TEST_PG_URL");
        if (url.isEmpty())
            return std::nullopt;
        auto location = DatabaseLocation::parse(url);
        if (!location)
            return std::nullopt;
        return location.value();
    }

    // A store file with `batches` × 100 messages, closed again (WAL checkpointed into the file).
    bool makeStore(const QString &path, int batches)
    {
        auto opened = Database::open(DatabaseLocation::sqliteFile(path));
        if (!opened) {
            qWarning() << describe(opened.error());
            return false;
        }
        Database &db = *opened.value();
        Core::Account account;
        account.platform = Core::Platform::X;
        account.handle = QStringLiteral("@brand");
        account.name = QStringLiteral("Brand");
        auto accountId = Store::AccountRepository(db).ensure(account);
        if (!accountId)
            return false;
        const QDateTime base(QDate(2024, 1, 1), QTime(8, 0), Qt::UTC);
        for (int b = 0; b < batches; ++b) {
            QList<Core::IncomingMessage> batch;
            for (int i = 0; i < 100; ++i) {
                Core::IncomingMessage in;
                in.accountId = accountId.value();
                in.platformMessageId = QStringLiteral("b%1-m%2").arg(b).arg(i);
                in.threadKey = QStringLiteral("thread-%1").arg(i % 7);
                in.customerPlatformUserId = QStringLiteral("customer-%1").arg(i % 7);
                in.body = QStringLiteral("Message %1 of batch %2: the quick brown fox jumps over the lazy dog, "
                                         "and my luggage is still somewhere between Lisbon and Oslo.")
                              .arg(i)
                              .arg(b);
                in.createdAt = base.addSecs(b * 100 + i);
                batch << in;
            }
            if (!Store::MessageRepository(db).ingest(batch))
                return false;
        }
        return true;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // --- SQLite -------------------------------------------------------------------------------

    void schemaTooNewIsRefusedUntouched()
    {
        const QString path = newPath(QStringLiteral("newer"));
        QVERIFY(makeStore(path, 1));
        QVERIFY(rawSqlite(path, {QStringLiteral("UPDATE schema_info SET value = '%1' WHERE key = 'version'")
                                     .arg(Store::SchemaMigrator::latestVersion() + 1)}));
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        const QByteArray before = hashOf(path);
        QVERIFY(!before.isEmpty());

        auto opened = Database::open(DatabaseLocation::sqliteFile(path));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, Error::Code::SchemaTooNew);
        QVERIFY(!opened.error().message.isEmpty());
        QVERIFY(!opened.error().hint.isEmpty());
        QVERIFY(opened.error().message.contains(QString::number(Store::SchemaMigrator::latestVersion() + 1)));
        QCOMPARE(hashOf(path), before);

        // Read-only and without migration: still refused, still untouched.
        auto readOnly = Database::open(DatabaseLocation::sqliteFile(path, true));
        QVERIFY(!readOnly.ok());
        QCOMPARE(readOnly.error().code, Error::Code::SchemaTooNew);
        Database::OpenOptions noMigrate;
        noMigrate.migrate = false;
        auto plain = Database::open(DatabaseLocation::sqliteFile(path), noMigrate);
        QVERIFY(!plain.ok());
        QCOMPARE(plain.error().code, Error::Code::SchemaTooNew);
        QCOMPARE(hashOf(path), before);
    }

    void randomBytesAreNotADatabase()
    {
        const QString path = newPath(QStringLiteral("random"));
        QByteArray noise(64 * 1024, Qt::Uninitialized);
        QRandomGenerator generator(20240301);
        for (char &c : noise)
            c = static_cast<char>(generator.bounded(256));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QCOMPARE(file.write(noise), qint64(noise.size()));
        }
        const QByteArray before = hashOf(path);

        auto opened = Database::open(DatabaseLocation::sqliteFile(path));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, Error::Code::NotADatabase);
        QVERIFY(opened.error().message.contains(path));
        QVERIFY(!opened.error().hint.isEmpty());
        QVERIFY(QFile::exists(path));
        QCOMPARE(hashOf(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));

        auto readOnly = Database::open(DatabaseLocation::sqliteFile(path, true));
        QVERIFY(!readOnly.ok());
        QCOMPARE(readOnly.error().code, Error::Code::NotADatabase);
        QCOMPARE(hashOf(path), before);
    }

    void folderIsNotADatabase()
    {
        auto opened = Database::open(DatabaseLocation::sqliteFile(m_dir.path()));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, Error::Code::NotADatabase);
    }

    void missingFileReadOnlyIsNotCreated()
    {
        const QString path = newPath(QStringLiteral("absent"));
        auto opened = Database::open(DatabaseLocation::sqliteFile(path, true));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, Error::Code::CannotOpen);
        QVERIFY(!QFile::exists(path));
    }

    void damagedFileIsReportedAndLeftAlone()
    {
        const QString path = newPath(QStringLiteral("damaged"));
        QVERIFY(makeStore(path, 30));
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
        QVERIFY2(QFileInfo(path).size() > 256 * 1024, "the store should be big enough to damage its middle");

        // Overwrite 4 KiB at 16 KiB with garbage, the way a bad disk block would.
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek(16 * 1024));
            QByteArray garbage(4096, Qt::Uninitialized);
            QRandomGenerator generator(4242);
            for (char &c : garbage)
                c = static_cast<char>(generator.bounded(256));
            QCOMPARE(file.write(garbage), qint64(garbage.size()));
        }
        const QString copyPath = newPath(QStringLiteral("damaged-copy"));
        QVERIFY(QFile::copy(path, copyPath));
        const QByteArray before = hashOf(path);
        QCOMPARE(hashOf(copyPath), before);

        bool reported = false;
        {
            auto opened = Database::open(DatabaseLocation::sqliteFile(path));
            if (!opened) {
                qInfo() << "open reported:" << describe(opened.error());
                QVERIFY(opened.error().code == Error::Code::Corrupt
                        || opened.error().code == Error::Code::NotADatabase);
                QVERIFY(!opened.error().hint.isEmpty());
                reported = true;
            } else {
                Database &db = *opened.value();
                auto problems = db.integrityCheck();
                if (!problems) {
                    qInfo() << "integrity check failed:" << describe(problems.error());
                    QCOMPARE(problems.error().code, Error::Code::Corrupt);
                    reported = true;
                } else {
                    qInfo() << "integrity problems:" << problems->mid(0, 5);
                    reported = !problems->isEmpty();
                }
                // Reading all messages must fail or at least not crash; it must not "repair".
                QSqlQuery q(db.connection());
                if (q.exec(QStringLiteral("SELECT count(*), sum(length(body)) FROM messages")) && q.next())
                    qInfo() << "messages still readable:" << q.value(0).toLongLong();
            }
        }
        QVERIFY2(reported, "a damaged store must be reported by open() or integrityCheck()");
        QVERIFY(QFile::exists(path));
        QCOMPARE(hashOf(path), before);

        // A read-only copy opens for rescue, or fails clearly; either way it stays as it was.
        {
            auto rescue = Database::open(DatabaseLocation::sqliteFile(copyPath, true));
            if (rescue) {
                QSqlQuery q(rescue.value()->connection());
                if (q.exec(QStringLiteral("SELECT count(*) FROM accounts")) && q.next())
                    QCOMPARE(q.value(0).toInt(), 1);
                // Writing through a read-only location is refused.
                QVERIFY(!rescue.value()->exec(QStringLiteral("DELETE FROM accounts")).ok());
            } else {
                qInfo() << "read-only copy:" << describe(rescue.error());
                QVERIFY(!rescue.error().message.isEmpty());
                QVERIFY(rescue.error().code != Error::Code::Unknown);
            }
        }
        QCOMPARE(hashOf(copyPath), before);
    }

    void damagedSchemaPageFailsOpenAsCorrupt()
    {
        const QString path = newPath(QStringLiteral("damaged-schema"));
        QVERIFY(makeStore(path, 2));
        // Page 1 past the 100-byte file header holds the schema table itself.
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek(100));
            QCOMPARE(file.write(QByteArray(4096 - 100, '\xA5')), qint64(4096 - 100));
        }
        const QByteArray before = hashOf(path);
        auto opened = Database::open(DatabaseLocation::sqliteFile(path));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, Error::Code::Corrupt);
        QVERIFY(opened.error().message.contains(path));
        QVERIFY(!opened.error().hint.isEmpty());
        QVERIFY(QFile::exists(path));
        QCOMPARE(hashOf(path), before);
    }

    void readOnlyHealthyStoreWorksAndStaysUnchanged()
    {
        const QString path = newPath(QStringLiteral("healthy"));
        QVERIFY(makeStore(path, 2));
        const QByteArray before = hashOf(path);
        {
            auto opened = Database::open(DatabaseLocation::sqliteFile(path, true));
            QVERIFY_OK(opened);
            QSqlQuery q(opened.value()->connection());
            QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM messages")) && q.next());
            QCOMPARE(q.value(0).toInt(), 200);
            QVERIFY(!opened.value()->exec(QStringLiteral("DELETE FROM messages")).ok());
        }
        QCOMPARE(hashOf(path), before);
    }

    void foreignSqliteFileIsNotADatabase()
    {
        const QString path = newPath(QStringLiteral("foreign"));
        QVERIFY(rawSqlite(path, {QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)"),
                                 QStringLiteral("INSERT INTO invoices (total) VALUES (12.5), (99.0)")}));
        const QByteArray before = hashOf(path);

        auto opened = Database::open(DatabaseLocation::sqliteFile(path));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, Error::Code::NotADatabase);
        QVERIFY(opened.error().message.contains(path));
        QVERIFY(!opened.error().hint.isEmpty());
        QCOMPARE(hashOf(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));

        // No Care table was slipped in.
        QVERIFY(rawSqlite(path, {QStringLiteral("SELECT count(*) FROM invoices")}));
        QCOMPARE(hashOf(path), before);
    }

    // --- DatabaseLocation ---------------------------------------------------------------------

    void parseLocations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("postgres");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("path");

        QTest::newRow("postgres scheme") << QStringLiteral("postgres://care@db.example/care") << true << true
                                         << QStringLiteral("db.example") << 5432 << QStringLiteral("care")
                                         << QString() << QStringLiteral("care") << QString();
        QTest::newRow("postgresql scheme with port")
            << QStringLiteral("postgresql://agent@10.0.0.5:6543/team") << true << true << QStringLiteral("10.0.0.5")
            << 6543 << QStringLiteral("agent") << QString() << QStringLiteral("team") << QString();
        QTest::newRow("encoded password") << QStringLiteral("postgresql://care:p%40ss%2Fw%3Ard@db.example:5433/care")
                                          << true << true << QStringLiteral("db.example") << 5433
                                          << QStringLiteral("care") << QStringLiteral("p@ss/w:rd")
                                          << QStringLiteral("care") << QString();
        QTest::newRow("upper-case scheme") << QStringLiteral("PostgreSQL://care@db.example/care") << true << true
                                           << QStringLiteral("db.example") << 5432 << QStringLiteral("care")
                                           << QString() << QStringLiteral("care") << QString();
        QTest::newRow("no database") << QStringLiteral("postgresql://care@db.example") << false << true << QString()
                                     << 0 << QString() << QString() << QString() << QString();
        QTest::newRow("no database, slash") << QStringLiteral("postgresql://care@db.example:5432/") << false << true
                                            << QString() << 0 << QString() << QString() << QString() << QString();
        QTest::newRow("no host") << QStringLiteral("postgresql:///care") << false << true << QString() << 0
                                 << QString() << QString() << QString() << QString();
        QTest::newRow("http url") << QStringLiteral("http://x") << false << false << QString() << 0 << QString()
                                  << QString() << QString() << QString();
        QTest::newRow("empty") << QStringLiteral("   ") << false << false << QString() << 0 << QString()
                               << QString() << QString() << QString();
        QTest::newRow("absolute path") << QStringLiteral("/var/lib/care/store.sqlite") << true << false << QString()
                                       << 0 << QString() << QString() << QString()
                                       << QStringLiteral("/var/lib/care/store.sqlite");
        QTest::newRow("relative path") << QStringLiteral("store.sqlite") << true << false << QString() << 0
                                       << QString() << QString() << QString() << QStringLiteral("store.sqlite");
        QTest::newRow("sqlite url") << QStringLiteral("sqlite:///tmp/care.sqlite") << true << false << QString() << 0
                                    << QString() << QString() << QString() << QStringLiteral("/tmp/care.sqlite");
    }

    void parseLocations()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(bool, postgres);
        auto location = DatabaseLocation::parse(text);
        QCOMPARE(location.ok(), ok);
        if (!ok) {
            QCOMPARE(location.error().code, Error::Code::InvalidInput);
            QVERIFY(!location.error().message.isEmpty());
            QVERIFY(!location.error().hint.isEmpty());
            return;
        }
        QCOMPARE(location->dialect == Store::SqlDialect::PostgreSQL, postgres);
        if (postgres) {
            QFETCH(QString, host);
            QFETCH(int, port);
            QFETCH(QString, user);
            QFETCH(QString, password);
            QFETCH(QString, database);
            QCOMPARE(location->host, host);
            QCOMPARE(location->port, port);
            QCOMPARE(location->user, user);
            QCOMPARE(location->password, password);
            QCOMPARE(location->database, database);
            QVERIFY(location->options.contains(QStringLiteral("connect_timeout=")));
            const QString shown = location->displayName();
            QVERIFY(shown.contains(host));
            QVERIFY(shown.contains(database));
            if (!password.isEmpty()) {
                QVERIFY2(!shown.contains(password), qPrintable(shown));
                QVERIFY2(!shown.contains(QStringLiteral("p%40ss")), qPrintable(shown));
                QVERIFY2(!shown.contains(QStringLiteral("rd@")), qPrintable(shown));
            }
        } else {
            QFETCH(QString, path);
            QCOMPARE(location->path, path);
            QCOMPARE(location->displayName(), path);
            QVERIFY(!location->readOnly);
        }
    }

    void parseKeepsQueryOptions()
    {
        auto location = DatabaseLocation::parse(
            QStringLiteral("postgresql://care@db.example/care?sslmode=require&connect_timeout=2"));
        QVERIFY_OK(location);
        QVERIFY(location->options.contains(QStringLiteral("sslmode=require")));
        QVERIFY(location->options.contains(QStringLiteral("connect_timeout=2")));
        QVERIFY(!location->options.contains(QStringLiteral("connect_timeout=5")));
    }

    // --- PostgreSQL ---------------------------------------------------------------------------

    void postgresOpenErrors()
    {
        const auto base = pgLocation();
        if (!base)
            QFAIL("CARE_TEST_PG_URL is missing or invalid; ctest sets it through the postgres fixture.");

        {
            auto reachable = Database::open(*base);
            QVERIFY2(reachable.ok(), reachable.ok() ? "" : QByteArray("the fixture database is not reachable: "
                                                                       + describe(reachable.error())).constData());
        }

        // Nothing listening.
        {
            auto location = DatabaseLocation::parse(QStringLiteral("postgresql://care@127.0.0.1:1/care_test"));
            QVERIFY_OK(location);
            auto opened = Database::open(location.value());
            QVERIFY(!opened.ok());
            QCOMPARE(opened.error().code, Error::Code::HostUnreachable);
            QVERIFY2(opened.error().message.contains(QStringLiteral("127.0.0.1")), describe(opened.error()).constData());
            QVERIFY(!opened.error().hint.isEmpty());
            QVERIFY(!opened.error().detail.isEmpty());
        }
        // A database the server does not have.
        {
            DatabaseLocation location = *base;
            location.database = QStringLiteral("care_no_such_database");
            auto opened = Database::open(location);
            QVERIFY(!opened.ok());
            QCOMPARE(opened.error().code, Error::Code::DatabaseMissing);
            QVERIFY2(opened.error().message.contains(QStringLiteral("care_no_such_database")),
                     describe(opened.error()).constData());
            QVERIFY(opened.error().message.contains(base->host));
            QVERIFY(!opened.error().hint.isEmpty());
        }
        // A role the server does not know (the fixture trusts local logins, so no password check).
        {
            DatabaseLocation location = *base;
            location.user = QStringLiteral("nosuchuser");
            location.password = QStringLiteral("secret-password");
            auto opened = Database::open(location);
            QVERIFY(!opened.ok());
            QCOMPARE(opened.error().code, Error::Code::AuthenticationFailed);
            QVERIFY2(opened.error().message.contains(base->host), describe(opened.error()).constData());
            QVERIFY(opened.error().message.contains(QStringLiteral("nosuchuser")));
            QVERIFY(!opened.error().message.contains(QStringLiteral("secret-password")));
            QVERIFY(!opened.error().hint.isEmpty());
        }
        // Not a database URL at all.
        {
            auto location = DatabaseLocation::parse(QStringLiteral("http://x"));
            QVERIFY(!location.ok());
            QCOMPARE(location.error().code, Error::Code::InvalidInput);
            QVERIFY(location.error().message.contains(QStringLiteral("http://x")));
            QVERIFY(!location.error().hint.isEmpty());
        }
    }

    void postgresSchemaTooNew()
    {
        const auto base = pgLocation();
        if (!base)
            QFAIL("CARE_TEST_PG_URL is missing or invalid; ctest sets it through the postgres fixture.");
        {
            auto db = Database::open(*base);
            QVERIFY_OK(db);
            QVERIFY_OK(db.value()->exec(QStringLiteral("UPDATE schema_info SET value = '%1' WHERE key = 'version'")
                                            .arg(Store::SchemaMigrator::latestVersion() + 1)));
        }
        auto refused = Database::open(*base);
        Database::OpenOptions noMigrate;
        noMigrate.migrate = false;
        auto admin = Database::open(*base, noMigrate); // also refused: restore over a raw connection
        const QString name = QStringLiteral("tst-pg-restore");
        QString stored;
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            raw.setHostName(base->host);
            raw.setPort(base->port);
            raw.setUserName(base->user);
            raw.setPassword(base->password);
            raw.setDatabaseName(base->database);
            if (raw.open()) {
                QSqlQuery q(raw);
                if (q.exec(QStringLiteral("SELECT value FROM schema_info WHERE key = 'version'")) && q.next())
                    stored = q.value(0).toString();
                q.exec(QStringLiteral("UPDATE schema_info SET value = '%1' WHERE key = 'version'")
                           .arg(Store::SchemaMigrator::latestVersion()));
            }
            raw.close();
        }
        QSqlDatabase::removeDatabase(name);

        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, Error::Code::SchemaTooNew);
        QVERIFY(!admin.ok());
        QCOMPARE(admin.error().code, Error::Code::SchemaTooNew);
        // Refusing did not write: the newer version is still recorded.
        QCOMPARE(stored, QString::number(Store::SchemaMigrator::latestVersion() + 1));
    }

    void postgresConnectionLossAndReconnect()
    {
        const auto base = pgLocation();
        if (!base)
            QFAIL("CARE_TEST_PG_URL is missing or invalid; ctest sets it through the postgres fixture.");

        // A recognisable session name, so only this test's store connection is cut and other
        // suites sharing the cluster keep theirs.
        DatabaseLocation location = *base;
        const QString application = QStringLiteral("care_tst_connection_loss");
        location.options += QStringLiteral(";application_name=") + application;

        Store::Store store;
        QSignalSpy stateSpy(&store, &Store::Store::connectionStateChanged);
        QVERIFY(stateSpy.isValid());

        std::optional<Core::Status> openStatus;
        store.open(location, this, [&](Core::Status status) { openStatus = status; });
        QTRY_VERIFY_WITH_TIMEOUT(openStatus.has_value(), 15000);
        QVERIFY_OK(*openStatus);

        const auto countJob = [](Database &db) { return Store::ConversationRepository(db).count({}); };
        std::optional<Core::Result<int>> result;
        store.run(this, countJob, [&](Core::Result<int> r) { result = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QVERIFY_OK(*result);
        QVERIFY(store.isOnline());
        QCOMPARE(stateSpy.count(), 0);

        // Another session throws the store's connection out, as a server restart or a DBA would.
        {
            auto admin = Database::open(*base);
            QVERIFY_OK(admin);
            QSqlQuery q(admin.value()->connection());
            // The timeout makes pg_terminate_backend wait until the backend is really gone.
            q.prepare(QStringLiteral("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) "
                                     "FROM pg_stat_activity WHERE datname = current_database() "
                                     "AND pid <> pg_backend_pid() AND application_name = :application"));
            q.bindValue(QStringLiteral(":application"), application);
            QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 1); // the store's one session
        }

        result.reset();
        store.run(this, countJob, [&](Core::Result<int> r) { result = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QVERIFY2(!result->ok(), "the first job after the connection was cut should fail");
        QCOMPARE(result->error().code, Error::Code::ConnectionLost);
        QVERIFY(!result->error().message.isEmpty());

        QTRY_VERIFY_WITH_TIMEOUT(stateSpy.count() >= 1, 5000);
        QCOMPARE(stateSpy.at(0).at(0).toBool(), false);
        QVERIFY(!stateSpy.at(0).at(1).toString().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(stateSpy.count() >= 2, 15000);
        QCOMPARE(stateSpy.at(1).at(0).toBool(), true);
        QVERIFY(!stateSpy.at(1).at(1).toString().isEmpty());
        QVERIFY(store.isOnline());

        result.reset();
        store.run(this, countJob, [&](Core::Result<int> r) { result = std::move(r); });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QVERIFY_OK(*result);
        QCOMPARE(stateSpy.count(), 2);
    }
};

QTEST_GUILESS_MAIN(TestStoreErrors)
#include "tst_store_errors.moc"
