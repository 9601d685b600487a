// Connecting a Facebook Page from the console: the dialog takes the Page ID and a pasted Page
// access token, checks it on the sync thread against the scripted Graph API
// (tests/support/fake_graph), names every missing permission, and adds the account. Then the
// composer says why a Messenger conversation outside the 24-hour window cannot be answered.
#include "FakeGraph.h"

#include "StoreJob.h"

#include "gui/AccountsDialog.h"
#include "gui/ComposerPane.h"
#include "gui/ConnectFacebookDialog.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/Store.h"
#include "sync/SyncService.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;

class TestConnectFacebookDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Tests::FakeGraph m_graph;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<Sync::SyncService> m_sync;

    qint64 count(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    template<typename T>
    static T *child(QWidget *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_graph.listen());
        const auto location = Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")));
        auto db = Store::Database::open(location);
        QVERIFY(db);
        m_db = std::move(db.value());
        m_sync = std::make_unique<Sync::SyncService>(location, m_dir.filePath(QStringLiteral("secrets.json")));
        m_sync->start();
    }

    void cleanupTestCase() { m_sync.reset(); }

    void theAccountsDialogOffersFacebook()
    {
        Gui::AccountsDialog accounts(m_sync.get());
        auto *button = child<QPushButton>(&accounts, "connectFacebook");
        QVERIFY(button);
        button->click();
        auto *dialog = accounts.findChild<Gui::ConnectFacebookDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(child<QLineEdit>(dialog, "pageToken")->echoMode(), QLineEdit::Password);
        QVERIFY(child<QCheckBox>(dialog, "messenger")->isChecked());
        QVERIFY(child<QLabel>(dialog, "facebookIntro")->text().contains(QStringLiteral("pages_manage_engagement")));
        if (!qEnvironmentVariableIsEmpty("CARE_SCREENSHOT_DIR"))
            dialog->grab().save(qEnvironmentVariable("CARE_SCREENSHOT_DIR") + QStringLiteral("/connect-facebook.png"));
        dialog->reject();
    }

    void missingPermissionsAreNamedThenTheRightTokenConnects()
    {
        Gui::ConnectFacebookDialog dialog(m_sync.get());
        dialog.setGraphBase(m_graph.baseUrl().toString());
        dialog.show();
        auto *message = child<QLabel>(&dialog, "connectMessage");
        auto *connectButton = child<QPushButton>(&dialog, "connectPage");
        // Checked before anything is sent.
        child<QLineEdit>(&dialog, "pageToken")->setText(m_graph.token());
        connectButton->click();
        QVERIFY(message->text().contains(QStringLiteral("numeric ID")));
        QVERIFY(connectButton->isEnabled());

        m_graph.setScopes({QStringLiteral("pages_read_engagement"), QStringLiteral("pages_read_user_content")});
        child<QLineEdit>(&dialog, "pageId")->setText(m_graph.pageId());
        connectButton->click();
        QVERIFY(!connectButton->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(connectButton->isEnabled(), 10000);
        QVERIFY2(message->text().contains(QStringLiteral("pages_manage_engagement (reply to comments and hide them)")),
                 qPrintable(message->text()));
        QVERIFY(message->text().contains(QStringLiteral("pages_messaging (read and answer Messenger conversations)")));
        QVERIFY(dialog.isVisible());
        if (!qEnvironmentVariableIsEmpty("CARE_SCREENSHOT_DIR"))
            dialog.grab().save(qEnvironmentVariable("CARE_SCREENSHOT_DIR") + QStringLiteral("/connect-facebook-missing.png"));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE platform = 'facebook'")), qint64(0));

        m_graph.setScopes({QStringLiteral("pages_read_engagement"), QStringLiteral("pages_read_user_content"),
                           QStringLiteral("pages_manage_engagement"), QStringLiteral("pages_messaging")});
        connectButton->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 10000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE platform = 'facebook' AND name = 'Acme'")), qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE settings LIKE '%%1%'").arg(m_graph.token())), qint64(0));
    }

    // After the account is connected: a Messenger conversation whose customer last wrote 30 hours
    // ago cannot be answered; the composer offers neither public nor private and says why.
    void theComposerSaysWhyAMessengerReplyCannotGo()
    {
        const qint64 accountId = count(QStringLiteral("SELECT id FROM accounts WHERE platform = 'facebook'"));
        QVERIFY(accountId > 0);
        // The account's first sync (started on connecting) is over before this test writes.
        QTRY_VERIFY_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM account_status WHERE account_id = %1 AND "
                                                      "last_sync_at IS NOT NULL").arg(accountId)) == 1, 10000);
        QTest::qWait(200);
        Store::Store store;
        QVERIFY(Tests::openAndWait(store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")))).ok());
        auto conversation = Tests::runAndWait<qint64>(store, [&](Store::Database &db) -> Core::Result<qint64> {
            Core::IncomingMessage in;
            in.accountId = accountId;
            in.platformMessageId = QStringLiteral("m_old");
            in.threadKey = QStringLiteral("messenger:2468013579");
            in.visibility = Core::Visibility::Private;
            in.customerPlatformUserId = QStringLiteral("2468013579");
            in.customerHandle = QStringLiteral("Anna Berg");
            in.customerName = QStringLiteral("Anna Berg");
            in.body = QStringLiteral("Where is my order?");
            in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-30 * 3600);
            if (auto r = Store::MessageRepository(db).ingest({in}); !r)
                return r.error();
            QSqlQuery q(db.connection());
            if (!q.exec(QStringLiteral("SELECT id FROM conversations WHERE thread_key = 'messenger:2468013579'")) || !q.next())
                return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("conversation"));
            return q.value(0).toLongLong();
        });
        QVERIFY2(conversation.ok(), conversation.ok() ? "" : qPrintable(conversation.error().fullText() + conversation.error().detail));
        Gui::ComposerPane composer(&store);
        connect(&composer, &Gui::ComposerPane::privateReplyCheckRequested, m_sync.get(), &Sync::SyncService::checkPrivateReply);
        connect(m_sync.get(), &Sync::SyncService::privateReplyChecked, &composer, &Gui::ComposerPane::setPrivateReplyAvailability);
        composer.resize(640, 320);
        composer.show();
        composer.setConversation(conversation.value(), Core::Platform::Facebook);
        auto *modes = composer.findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *model = qobject_cast<QStandardItemModel *>(modes->model());
        const int privateRow = modes->findData(QStringLiteral("private"));
        const int publicRow = modes->findData(QStringLiteral("public"));
        QTRY_VERIFY_WITH_TIMEOUT(!model->item(privateRow)->isEnabled(), 10000);
        QVERIFY(!model->item(publicRow)->isEnabled()); // Messenger has no public side
        QVERIFY(model->item(privateRow)->toolTip().contains(QStringLiteral("within 24 hours")));
        bool noticeSaysWhy = false;
        for (QLabel *label : composer.findChildren<QLabel *>())
            noticeSaysWhy = noticeSaysWhy || (label->isVisible() && label->text().contains(QStringLiteral("another channel")));
        QVERIFY(noticeSaysWhy);
        QVERIFY(!composer.findChild<QPushButton *>(QStringLiteral("composerSendPrivately"))->isEnabled());
        if (!qEnvironmentVariableIsEmpty("CARE_SCREENSHOT_DIR"))
            composer.grab().save(qEnvironmentVariable("CARE_SCREENSHOT_DIR") + QStringLiteral("/composer-messenger-window.png"));
    }
};

QTEST_MAIN(TestConnectFacebookDialog)
#include "tst_connectfacebookdialog.moc"
