#include "gui/MainWindow.h"
#include "store/Database.h"
#include "store/DemoWorkspace.h"
#include "store/Store.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTextBrowser>

using namespace Care;

// A team database that goes away while the console runs: the console says it is offline,
// keeps what the agent typed, and reconnects by itself.
class TestOffline : public QObject
{
    Q_OBJECT

private slots:
    void teamDatabaseGoesAwayAndComesBack()
    {
        auto base = Store::DatabaseLocation::parse(qEnvironmentVariable("CARE_TEST_PG_URL"));
        if (!base)
            QFAIL("CARE_TEST_PG_URL is missing or invalid; ctest sets it through the postgres fixture.");
        {
            Store::Database::OpenOptions options;
            options.migrate = false;
            auto admin = Store::Database::open(base.value(), options);
            QVERIFY2(admin.ok(), admin.ok() ? "" : qPrintable(admin.error().fullText()));
            QVERIFY(admin.value()->exec(QStringLiteral("DROP SCHEMA public CASCADE")).ok());
            QVERIFY(admin.value()->exec(QStringLiteral("CREATE SCHEMA public")).ok());
        }
        Store::DatabaseLocation location = base.value();
        const QString application = QStringLiteral("care_tst_gui_offline");
        location.options += QStringLiteral(";application_name=") + application;

        Store::Store store;
        std::optional<Core::Status> opened;
        store.open(location, this, [&](Core::Status s) { opened = s; });
        QTRY_VERIFY_WITH_TIMEOUT(opened.has_value(), 15000);
        QVERIFY(opened->ok());
        std::optional<Core::Status> loaded;
        store.run(
            this, [](Store::Database &db) { return Store::DemoWorkspace::load(db, QDateTime::currentDateTimeUtc()); },
            [&](Core::Status s) { loaded = s; });
        QTRY_VERIFY_WITH_TIMEOUT(loaded.has_value(), 30000);
        QVERIFY2(loaded->ok(), loaded->ok() ? "" : qPrintable(loaded->error().fullText() + loaded->error().detail));

        Gui::WorkspaceInfo info;
        info.location = location.displayName();
        info.agentId = QStringLiteral("maria");
        info.agentName = QStringLiteral("María López");
        Gui::MainWindow window(&store, info);
        window.show();
        window.refreshAll();
        auto *transcript = window.findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY_WITH_TIMEOUT(!transcript->toPlainText().isEmpty(), 15000);
        auto *editor = window.findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        const QString typed = QStringLiteral("We are looking into your booking right now");
        QTest::keyClicks(editor, typed);

        // The server drops the console's session.
        {
            auto admin = Store::Database::open(base.value());
            QVERIFY(admin.ok());
            QSqlQuery q(admin.value()->connection());
            q.prepare(QStringLiteral("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                                     "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                                     "AND application_name = :application"));
            q.bindValue(QStringLiteral(":application"), application);
            QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
            QCOMPARE(q.value(0).toInt(), 1);
        }
        window.refreshAll();
        auto *banner = window.findChild<QLabel *>(QStringLiteral("offlineBanner"));
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
        QVERIFY(banner->text().contains(QStringLiteral("keeps what you typed")));
        QCOMPARE(editor->toPlainText(), typed);
        // Back by itself, with the text still there.
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 20000);
        QCOMPARE(editor->toPlainText(), typed);
        QVERIFY(store.isOnline());
    }
};

QTEST_MAIN(TestOffline)
#include "tst_offline.moc"
