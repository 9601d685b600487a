// Connecting a Bluesky account from the console: the dialog asks for an app password (and
// refuses what looks like the main password), signs in on the sync thread against a scripted
// PDS (tests/support/fake_bluesky_chat), shows refusals in words and adds the account.
#include "FakeBlueskyChat.h"

#include "gui/AccountsDialog.h"
#include "gui/ConnectBlueskyDialog.h"
#include "store/Database.h"
#include "sync/SyncService.h"

#include <QApplication>
#include <QCheckBox>
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
};

QTEST_MAIN(TestConnectBlueskyDialog)
#include "tst_connectblueskydialog.moc"
