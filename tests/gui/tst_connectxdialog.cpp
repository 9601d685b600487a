// Connect an X account from the GUI against the scripted X server: the listening query is shown
// as the brand terms are typed, the browser sign-in (PKCE) runs on the sync thread while the test
// plays the browser, and the account arrives in the store with its budget and no token.
#include "FakeX.h"

#include "gui/AccountsDialog.h"
#include "gui/ConnectXDialog.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "sync/SyncService.h"
#include "sync/XSignIn.h"

#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSpinBox>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;

class TestConnectXDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Tests::FakeX m_x;

private slots:
    void connectThroughTheBrowser()
    {
        QVERIFY(m_x.listen());
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        m_x.registerClient(QStringLiteral("client-1"), Sync::XSignIn::redirectUri(port));
        const auto location = Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")));
        Sync::SyncService sync(location, m_dir.filePath(QStringLiteral("secrets.json")));
        sync.start();

        Gui::AccountsDialog accounts(&sync);
        auto *button = accounts.findChild<QPushButton *>(QStringLiteral("connectX"));
        QVERIFY(button);
        button->click();
        auto *dialog = accounts.findChild<Gui::ConnectXDialog *>();
        QVERIFY(dialog);
        dialog->setServersForTesting(m_x.base(), m_x.base());
        dialog->findChild<QLineEdit *>(QStringLiteral("clientId"))->setText(QStringLiteral("client-1"));
        dialog->findChild<QSpinBox *>(QStringLiteral("callbackPort"))->setValue(port);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("xIntro"))->text().contains(Sync::XSignIn::redirectUri(port)));
        dialog->findChild<QLineEdit *>(QStringLiteral("keywords"))->setText(QStringLiteral("acme kettle, acme"));
        // The lead sees the query before anything runs.
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("listeningQuery"))->text(),
                 QStringLiteral("(\"acme kettle\" OR acme) -from:BRAND -@BRAND -is:retweet"));
        dialog->findChild<QDoubleSpinBox *>(QStringLiteral("budget"))->setValue(50);

        QNetworkAccessManager browser; // follows X's redirect to the loopback, as a browser would
        connect(&sync, &Sync::SyncService::openUrlRequested, this, [&browser](const QUrl &url) {
            QNetworkRequest request(url);
            request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
            browser.get(request);
        });
        QSignalSpy connected(&sync, &Sync::SyncService::accountConnected);
        dialog->findChild<QPushButton *>(QStringLiteral("signInWithBrowser"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, 30000);
        QCOMPARE(connected.first().first().toString(), QStringLiteral("X @acme"));
        QVERIFY(m_x.lastExchangeHadVerifier());

        auto db = Store::Database::open(location);
        QVERIFY(db);
        auto list = Store::AccountRepository(*db.value()).list();
        QVERIFY(list);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().platform, Core::Platform::X);
        QCOMPARE(list->first().settings.value(QStringLiteral("monthlyBudget")).toDouble(), 50.0);
        QVERIFY(!QJsonDocument(list->first().settings).toJson().contains("token"));
    }
};

QTEST_MAIN(TestConnectXDialog)
#include "tst_connectxdialog.moc"
