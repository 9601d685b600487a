// Blog and news listening from the console: a lead adds a feed (read once on the sync thread,
// refused in words when it is not one), the inbox marks what listening found, and the composer
// of such a conversation posts nothing but offers a note or the author's contact details.
#include "StoreJob.h"

#include "gui/AccountsDialog.h"
#include "gui/AddFeedDialog.h"
#include "gui/ComposerPane.h"
#include "gui/InboxModel.h"
#include "store/Database.h"
#include "store/InboxQuery.h"
#include "store/MessageRepository.h"
#include "store/Store.h"
#include "sync/SyncService.h"

#include <QComboBox>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;

class TestAddFeedDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QHttpServer m_server;
    quint16 m_port = 0;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<Sync::SyncService> m_sync;

    qint64 count(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    QString url(const char *path) const { return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(QLatin1String(path)); }

private slots:
    void initTestCase()
    {
        m_server.route(QStringLiteral("/feed.xml"), [] {
            return QHttpServerResponse(QByteArray("application/rss+xml"),
                                       QByteArray("<rss version=\"2.0\"><channel><title>Kettle Blog</title><item>"
                                                  "<guid>k1</guid><title>My Acme kettle</title><link>/k1</link>"
                                                  "<description>It leaks.</description></item></channel></rss>"));
        });
        m_server.route(QStringLiteral("/blog"), [] {
            return QHttpServerResponse(QByteArray("text/html"), QByteArray("<html><body>A blog</body></html>"));
        });
        m_port = m_server.listen(QHostAddress(QHostAddress::LocalHost));
        QVERIFY(m_port > 0);
        const auto location = Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")));
        auto db = Store::Database::open(location);
        QVERIFY(db);
        m_db = std::move(db.value());
        m_sync = std::make_unique<Sync::SyncService>(location, m_dir.filePath(QStringLiteral("secrets.json")));
        m_sync->start();
    }

    void cleanupTestCase() { m_sync.reset(); }

    void onlyLeadsAddFeeds()
    {
        Gui::AccountsDialog accounts(m_sync.get());
        auto *button = accounts.findChild<QPushButton *>(QStringLiteral("accountsAddFeed"));
        QVERIFY(button);
        accounts.setCanAddFeeds(false);
        QVERIFY(!button->isEnabled());
        accounts.setCanAddFeeds(true);
        QVERIFY(button->isEnabled());
        button->click();
        auto *dialog = accounts.findChild<Gui::AddFeedDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->reject();
    }

    void aWebPageIsRefusedAndAFeedIsAdded()
    {
        Gui::AddFeedDialog dialog(m_sync.get());
        dialog.show();
        auto *address = dialog.findChild<QLineEdit *>(QStringLiteral("feedUrl"));
        auto *terms = dialog.findChild<QLineEdit *>(QStringLiteral("feedTerms"));
        auto *message = dialog.findChild<QLabel *>(QStringLiteral("feedMessage"));
        auto *add = dialog.findChild<QPushButton *>(QStringLiteral("addFeed"));
        QVERIFY(address && terms && message && add);
        QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("feedInterval"))->value(), 15); // minutes
        auto *history = dialog.findChild<QSpinBox *>(QStringLiteral("feedHistory"));
        QVERIFY(history);
        QCOMPARE(history->value(), 14); // days of the articles the feed already holds
        history->setValue(30);
        if (const QString dir = qEnvironmentVariable("CARE_SCREENSHOT_DIR"); !dir.isEmpty())
            QVERIFY(dialog.grab().save(dir + QStringLiteral("/add-feed-dialog.png")));

        address->setText(QStringLiteral("ftp://nowhere"));
        add->click();
        QVERIFY2(message->text().contains(QStringLiteral("is not the address of a feed")), qPrintable(message->text()));

        address->setText(url("/blog"));
        terms->setText(QStringLiteral("Acme, acme ,Acme kettle"));
        add->click();
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("web page, not a feed")), 10000);
        QVERIFY(dialog.isVisible());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE platform = 'blog'")), qint64(0));

        address->setText(url("/feed.xml"));
        add->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 10000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE platform = 'blog' AND name = 'Kettle Blog'")),
                 qint64(1));
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT settings FROM accounts WHERE platform = 'blog'")) && q.next());
        QVERIFY2(q.value(0).toString().contains(QStringLiteral("\"keywords\":[\"Acme\",\"Acme kettle\"]")),
                 qPrintable(q.value(0).toString()));
        QVERIFY(q.value(0).toString().contains(QStringLiteral("\"intervalSeconds\":900")));
        QVERIFY2(q.value(0).toString().contains(QStringLiteral("\"historyDays\":30")), qPrintable(q.value(0).toString()));
        q.finish(); // no read transaction left open: the sync thread's writes must be seen
        // The sync thread reads it at once: the article naming the brand is in the inbox, marked found.
        QTRY_COMPARE_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM conversations WHERE found_by_listening = 1")),
                                  qint64(1), 10000);
    }

    void theInboxMarksWhatListeningFound()
    {
        Store::Store store;
        QVERIFY(Tests::openAndWait(store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")))).ok());
        Gui::InboxModel model(&store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFilter(Store::InboxFilter());
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10000);
        QTRY_COMPARE(model.index(0, Gui::InboxModel::PlatformColumn).data().toString(), QStringLiteral("Blogs and news · found"));
        QVERIFY(model.index(0, Gui::InboxModel::PlatformColumn).data(Qt::ToolTipRole).toString().contains(
            QStringLiteral("without tagging it")));
    }

    void theComposerPostsNothingButOffersANoteOrTheAuthorsDetails()
    {
        Store::Store store;
        QVERIFY(Tests::openAndWait(store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")))).ok());
        const qint64 conversation = count(QStringLiteral("SELECT id FROM conversations"));
        QVERIFY(conversation > 0);
        Gui::ComposerPane composer(&store);
        composer.show();
        composer.setConversation(conversation, Core::Platform::Blog);
        auto *modes = composer.findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *items = qobject_cast<QStandardItemModel *>(modes->model());
        QVERIFY(!items->item(modes->findData(QStringLiteral("public")))->isEnabled());
        QVERIFY(!items->item(modes->findData(QStringLiteral("private")))->isEnabled());
        QCOMPARE(modes->currentData().toString(), QStringLiteral("note"));
        // The conversation's own rules (Core::ConversationCapabilities) arrive with its context from
        // the store; until then the platform's general rule is shown.
        auto *notice = composer.findChild<QLabel *>(QStringLiteral("composerNotice"));
        QVERIFY(notice->isVisible());
        QTRY_VERIFY(notice->text().contains(QStringLiteral("are not posted")));
        QTRY_VERIFY(composer.findChild<QWidget *>(QStringLiteral("composerNoReplyActions"))->isVisible());
        QSignalSpy contact(&composer, &Gui::ComposerPane::contactDetailsRequested);
        composer.findChild<QPushButton *>(QStringLiteral("composerContactAuthor"))->click();
        QCOMPARE(contact.count(), 1);
        composer.findChild<QPushButton *>(QStringLiteral("composerNoteInstead"))->click();
        QCOMPARE(modes->currentData().toString(), QStringLiteral("note"));

        // Where replies are posted, none of this is shown.
        composer.setConversation(0, Core::Platform::Mastodon);
        QVERIFY(!composer.findChild<QWidget *>(QStringLiteral("composerNoReplyActions"))->isVisible());
    }
};

QTEST_MAIN(TestAddFeedDialog)
#include "tst_addfeeddialog.moc"
