// Connecting a Bluesky account from the console: the dialog asks for an app password (and
// refuses what looks like the main password), signs in on the sync thread against a scripted
// PDS (tests/support/fake_bluesky_chat), shows refusals in words and adds the account.
#include "FakeBlueskyChat.h"

#include "StoreJob.h"

#include "gui/AccountsDialog.h"
#include "gui/ComposerPane.h"
#include "gui/ConnectBlueskyDialog.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/Store.h"
#include "sync/SyncService.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QStandardItemModel>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;

class TestConnectBlueskyDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Tests::FakeBlueskyChat m_server;
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
        QVERIFY(m_server.listen());
        const auto location = Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")));
        auto db = Store::Database::open(location);
        QVERIFY(db);
        m_db = std::move(db.value());
        m_sync = std::make_unique<Sync::SyncService>(location, m_dir.filePath(QStringLiteral("secrets.json")));
        m_sync->start();
    }

    void cleanupTestCase() { m_sync.reset(); }

    void theAccountsDialogOffersBluesky()
    {
        Gui::AccountsDialog accounts(m_sync.get());
        auto *button = child<QPushButton>(&accounts, "connectBluesky");
        QVERIFY(button);
        QVERIFY(button->text().contains(QStringLiteral("Bluesky")));
        button->click();
        auto *dialog = accounts.findChild<Gui::ConnectBlueskyDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->reject();
    }

    void explainsTheAppPasswordAndDefaultsToBlueskysServer()
    {
        Gui::ConnectBlueskyDialog dialog(m_sync.get());
        QCOMPARE(child<QLineEdit>(&dialog, "service")->text(), QStringLiteral("https://bsky.social"));
        QCOMPARE(child<QLineEdit>(&dialog, "appPassword")->echoMode(), QLineEdit::Password);
        QVERIFY(!child<QCheckBox>(&dialog, "markSeen")->isChecked());
        const QString intro = child<QLabel>(&dialog, "blueskyIntro")->text();
        QVERIFY(intro.contains(QStringLiteral("never the account's main password")));
        QVERIFY(intro.contains(QStringLiteral("App passwords")));
    }

    void refusesWhatLooksLikeTheMainPassword()
    {
        QVERIFY(Gui::ConnectBlueskyDialog::looksLikeAppPassword(QStringLiteral("abcd-efgh-ijkl-mnop")));
        QVERIFY(Gui::ConnectBlueskyDialog::looksLikeAppPassword(QStringLiteral(" AB12-cd34-ef56-gh78 ")));
        QVERIFY(!Gui::ConnectBlueskyDialog::looksLikeAppPassword(QStringLiteral("correct horse battery")));
        QVERIFY(!Gui::ConnectBlueskyDialog::looksLikeAppPassword(QStringLiteral("abcd-efgh-ijkl")));

        Gui::ConnectBlueskyDialog dialog(m_sync.get());
        child<QLineEdit>(&dialog, "handle")->setText(QStringLiteral("acme.bsky.social"));
        child<QLineEdit>(&dialog, "appPassword")->setText(QStringLiteral("MySecret2024!"));
        child<QPushButton>(&dialog, "signIn")->click();
        QVERIFY(child<QLabel>(&dialog, "connectMessage")->text().contains(QStringLiteral("does not look like an app password")));
        QVERIFY(child<QPushButton>(&dialog, "signIn")->isEnabled()); // nothing was sent
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void aRefusedSignInIsShownInWordsThenTheRightOneConnects()
    {
        Gui::ConnectBlueskyDialog dialog(m_sync.get());
        dialog.show();
        auto *message = child<QLabel>(&dialog, "connectMessage");
        auto *signIn = child<QPushButton>(&dialog, "signIn");
        child<QLineEdit>(&dialog, "service")->setText(m_server.baseUrl().toString());
        child<QLineEdit>(&dialog, "handle")->setText(QLatin1Char('@') + m_server.brandHandle());
        child<QLineEdit>(&dialog, "appPassword")->setText(QStringLiteral("wxyz-wxyz-wxyz-wxyz"));
        signIn->click();
        // The sign-in runs on the sync thread: the dialog says so at once and waits.
        QVERIFY(!signIn->isEnabled());
        QVERIFY(message->text().startsWith(QStringLiteral("Signing in to 127.0.0.1 as acme.test")));
        QTRY_VERIFY_WITH_TIMEOUT(signIn->isEnabled(), 10000);
        QVERIFY2(message->text().contains(QStringLiteral("did not accept")), qPrintable(message->text()));
        QVERIFY(dialog.isVisible());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE platform = 'bluesky'")), qint64(0));

        child<QLineEdit>(&dialog, "appPassword")->setText(m_server.appPassword());
        child<QLineEdit>(&dialog, "keywords")->setText(QStringLiteral("Acme, Acme kettle"));
        signIn->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 10000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(m_server.signIns(), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE platform = 'bluesky' AND handle = '@acme.test'")),
                 qint64(1));
        // The session is in the secrets file, not in the store.
        QFile secrets(m_dir.filePath(QStringLiteral("secrets.json")));
        QVERIFY(secrets.open(QIODevice::ReadOnly));
        const QByteArray stored = secrets.readAll();
        QVERIFY(stored.contains(m_server.accessToken().toUtf8()) || stored.contains(m_server.refreshToken().toUtf8()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE settings LIKE '%%1%'").arg(m_server.appPassword())),
                 qint64(0));
    }

    // Runs after the account is connected: the customer's chat setting decides whether the
    // composer offers a private reply on a conversation that started in public.
    void privateRepliesAreOfferedOnlyToCustomersWhoTakeThem()
    {
        const QString cleo = QStringLiteral("did:plc:cleo");
        m_server.addCustomer(cleo, QStringLiteral("cleo.test"), QStringLiteral("Cleo"), QStringLiteral("none"));
        const qint64 accountId = count(QStringLiteral("SELECT id FROM accounts WHERE platform = 'bluesky'"));
        QVERIFY(accountId > 0);

        QSignalSpy checked(m_sync.get(), &Sync::SyncService::privateReplyChecked);
        m_sync->checkPrivateReply(accountId, cleo);
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 10000);
        QCOMPARE(checked.first().at(1).toString(), cleo);
        QCOMPARE(checked.first().at(2).toBool(), false);
        QVERIFY(checked.first().at(3).toString().contains(QStringLiteral("does not accept direct messages")));

        // Cleo mentioned the brand in public; the composer asks before offering "Private message".
        Store::Store store;
        QVERIFY(Tests::openAndWait(store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")))).ok());
        auto conversation = Tests::runAndWait<qint64>(store, [&](Store::Database &db) -> Core::Result<qint64> {
            Core::IncomingMessage in;
            in.accountId = accountId;
            in.platformMessageId = QStringLiteral("at://did:plc:cleo/app.bsky.feed.post/3kcleo");
            in.threadKey = in.platformMessageId + QLatin1Char(':') + cleo;
            in.customerPlatformUserId = cleo;
            in.customerHandle = QStringLiteral("@cleo.test");
            in.customerName = QStringLiteral("Cleo");
            in.body = QStringLiteral("@acme.test my order is late");
            in.createdAt = QDateTime::currentDateTimeUtc();
            if (auto r = Store::MessageRepository(db).ingest({in}); !r)
                return r.error();
            QSqlQuery q(db.connection());
            if (!q.exec(QStringLiteral("SELECT id FROM conversations WHERE thread_key LIKE 'at://did:plc:cleo/%'")) || !q.next())
                return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("conversation"));
            return q.value(0).toLongLong();
        });
        QVERIFY(conversation.ok());
        Gui::ComposerPane composer(&store);
        connect(&composer, &Gui::ComposerPane::privateReplyCheckRequested, m_sync.get(), &Sync::SyncService::checkPrivateReply);
        connect(m_sync.get(), &Sync::SyncService::privateReplyChecked, &composer, &Gui::ComposerPane::setPrivateReplyAvailability);
        composer.setConversation(conversation.value(), Core::Platform::Bluesky);
        auto *modes = composer.findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *model = qobject_cast<QStandardItemModel *>(modes->model());
        const int privateRow = modes->findData(QStringLiteral("private"));
        QVERIFY(privateRow >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(!model->item(privateRow)->isEnabled(), 10000);
        QVERIFY(model->item(privateRow)->toolTip().contains(QStringLiteral("@cleo.test does not accept direct messages")));
        QVERIFY(!composer.findChild<QPushButton *>(QStringLiteral("composerSendPrivately"))->isEnabled());

        // When she opens her messages to everyone, the next look offers it again.
        m_server.setAllowIncoming(cleo, QStringLiteral("all"));
        composer.setConversation(0, Core::Platform::Bluesky);
        composer.setConversation(conversation.value(), Core::Platform::Bluesky);
        QTRY_VERIFY_WITH_TIMEOUT(model->item(privateRow)->isEnabled(), 10000);
        QVERIFY(model->item(privateRow)->toolTip().isEmpty());
    }
};

QTEST_MAIN(TestConnectBlueskyDialog)
#include "tst_connectblueskydialog.moc"
