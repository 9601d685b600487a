#include "core/IncomingMessage.h"
#include "store/Database.h"
#include "store/DemoWorkspace.h"
#include "store/MessageRepository.h"
#include "store/StoreCopier.h"
#include "StoreTestBackend.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Care;
using Care::Store::Database;
using Care::Store::DatabaseLocation;
using Care::Store::StoreCopier;

// Moving a team in (`careconsole migrate`): the demo workspace, a store with every kind of row,
// copied from SQLite into the `postgres` fixture's team database, checked table by table; a
// second run copies only what is new; the team database goes on numbering after the copy.
class TestStoreCopier : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_source;
    std::unique_ptr<Database> m_target;

    static qint64 count(Database &db, const QString &sql)
    {
        QSqlQuery q(db.connection());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    static QHash<QString, StoreCopier::TableReport> byTable(const StoreCopier::Report &report)
    {
        QHash<QString, StoreCopier::TableReport> out;
        for (const StoreCopier::TableReport &t : report.tables)
            out.insert(t.table, t);
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString url = qEnvironmentVariable("CARE_TEST_PG_URL");
        if (url.isEmpty())
            QFAIL("CARE_TEST_PG_URL is not set: ctest provides it through the postgres fixture.");
        auto pg = DatabaseLocation::parse(url);
        QVERIFY(pg.ok());
        QVERIFY(Tests::resetPostgresSchema(pg.value(), QStringLiteral("tst-store-copier-reset")).ok());
        auto target = Database::open(pg.value());
        QVERIFY(target.ok());
        m_target = std::move(target).value();
        auto source = Database::open(DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("own.sqlite"))));
        QVERIFY(source.ok());
        m_source = std::move(source).value();
        QVERIFY(Store::DemoWorkspace::load(*m_source, QDateTime::currentDateTimeUtc()).ok());
        // No automatic off-hours acknowledgement: the rows a new message adds must not depend on the hour.
        QVERIFY(m_source->exec(QStringLiteral("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
                                              "('acknowledgement_mode', 'off', 'test', 0) ON CONFLICT (key) DO UPDATE SET value = 'off'"))
                    .ok());
    }

    void copiesEveryRowAndChecksIt()
    {
        StoreCopier copier(*m_source, *m_target);
        int progressCalls = 0;
        copier.setProgress([&](const QString &, qint64 done, qint64 total) {
            ++progressCalls;
            QVERIFY(done <= total);
        });
        auto report = copier.copy();
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().fullText() + report.error().detail));
        QCOMPARE(report->tables.size(), StoreCopier::tables().size());
        QVERIFY(progressCalls > 0);
        QVERIFY(report->messagesCompared > 0);
        qint64 rows = 0;
        for (const StoreCopier::TableReport &t : report->tables) {
            QVERIFY2(t.targetRows == t.sourceRows, qPrintable(t.table));
            QCOMPARE(t.copied, t.sourceRows);
            QCOMPARE(count(*m_target, QStringLiteral("SELECT count(*) FROM ") + t.table), t.sourceRows);
            rows += t.sourceRows;
        }
        const auto tables = byTable(report.value());
        QVERIFY(tables.value(QStringLiteral("messages")).sourceRows > 10);
        QVERIFY(tables.value(QStringLiteral("conversations")).sourceRows > 3);
        qInfo("copied %lld rows of the demo workspace", rows);
        // Same text, same links: a customer's transcript reads the same in both.
        const QString transcript = QStringLiteral(
            "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            "JOIN customers k ON k.id = c.customer_id WHERE m.body <> ''");
        QCOMPARE(count(*m_target, transcript), count(*m_source, transcript));
        // Full-text search works on the copied messages (the target computes its own vectors).
        QCOMPARE(count(*m_target, QStringLiteral("SELECT count(*) FROM messages WHERE search_vector IS NULL AND search_text <> ''")), 0);
    }

    void runningAgainCopiesOnlyWhatIsNew()
    {
        Core::IncomingMessage in;
        in.accountId = count(*m_source, QStringLiteral("SELECT min(id) FROM accounts"));
        in.platformMessageId = QStringLiteral("after-the-first-copy");
        in.threadKey = QStringLiteral("late-thread");
        in.direction = Core::Direction::Inbound;
        in.customerPlatformUserId = QStringLiteral("late-customer");
        in.customerHandle = QStringLiteral("@late");
        in.customerName = QStringLiteral("Late Customer");
        in.body = QStringLiteral("Still waiting for my refund");
        in.createdAt = QDateTime::currentDateTimeUtc();
        QVERIFY(Store::MessageRepository(*m_source).ingest({in}).ok());

        auto report = StoreCopier(*m_source, *m_target).copy();
        QVERIFY(report.ok());
        const auto tables = byTable(report.value());
        QCOMPARE(tables.value(QStringLiteral("messages")).copied, qint64(1));
        QCOMPARE(tables.value(QStringLiteral("conversations")).copied, qint64(1));
        QCOMPARE(tables.value(QStringLiteral("customers")).copied, qint64(1));
        QCOMPARE(tables.value(QStringLiteral("policies")).copied, qint64(0));
        QCOMPARE(tables.value(QStringLiteral("workspace_settings")).copied, qint64(0)); // an existing key: skipped
        for (const StoreCopier::TableReport &t : report->tables)
            QCOMPARE(t.targetRows, t.sourceRows);
    }

    void theTeamDatabaseGoesOnNumbering()
    {
        const qint64 before = count(*m_target, QStringLiteral("SELECT max(id) FROM messages"));
        Core::IncomingMessage in;
        in.accountId = count(*m_target, QStringLiteral("SELECT min(id) FROM accounts"));
        in.platformMessageId = QStringLiteral("first-in-team-mode");
        in.threadKey = QStringLiteral("team-thread");
        in.direction = Core::Direction::Inbound;
        in.customerPlatformUserId = QStringLiteral("team-customer");
        in.customerHandle = QStringLiteral("@team");
        in.customerName = QStringLiteral("Team Customer");
        in.body = QStringLiteral("Hello team");
        in.createdAt = QDateTime::currentDateTimeUtc();
        auto ingested = Store::MessageRepository(*m_target).ingest({in});
        QVERIFY2(ingested.ok(), ingested.ok() ? "" : qPrintable(ingested.error().fullText() + ingested.error().detail));
        QVERIFY(count(*m_target, QStringLiteral("SELECT max(id) FROM messages")) > before);
    }

    void aPostgresSourceIsRefused()
    {
        auto report = StoreCopier(*m_target, *m_target).copy();
        QVERIFY(!report.ok());
        QCOMPARE(report.error().code, Core::Error::Code::InvalidInput);
    }
};

QTEST_GUILESS_MAIN(TestStoreCopier)
#include "tst_store_copier.moc"
