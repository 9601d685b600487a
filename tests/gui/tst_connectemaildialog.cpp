// File → Accounts… → Connect e-mail… against the real Dovecot + OpenSMTPD of the email_servers
// fixture (tests/support/mail_servers): plain text is offered only for servers on this computer;
// a wrong password, a server without TLS (plain text not allowed) and an unreachable server are
// refused in words with nothing kept; the right login adds the account, its password in the
// secrets file and not in the store. Both logins are checked on the sync thread by the same
// code as `careconsole account add email` (Sync::connectEmailAccount).
#include "MailServersFixture.h"
#include "gui/AccountsDialog.h"
#include "gui/AttachmentsDialog.h"
#include "gui/FileDialog.h"
#include "gui/ConnectEmailDialog.h"
#include "store/Database.h"
#include "sync/CurlTransfer.h"
#include "sync/MimeBuilder.h"
#include "sync/SyncService.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTreeWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;

class TestConnectEmailDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<Sync::SyncService> m_sync;
    QHash<QString, QString> m_ports;

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

    QString imap() const { return QStringLiteral("imap://127.0.0.1:%1").arg(m_ports.value(QStringLiteral("IMAP_PORT"))); }
    QString smtp() const { return QStringLiteral("smtp://127.0.0.1:%1").arg(m_ports.value(QStringLiteral("SMTP_PORT"))); }

    // Fills the dialog, connects, and returns the message once the sync thread answered.
    static QString tryConnect(Gui::ConnectEmailDialog &dialog, const QString &imapUrl, const QString &smtpUrl,
                              const QString &password, bool allowPlain)
    {
        child<QLineEdit>(&dialog, "emailImap")->setText(imapUrl);
        child<QLineEdit>(&dialog, "emailSmtp")->setText(smtpUrl);
        child<QLineEdit>(&dialog, "emailUser")->setText(QStringLiteral("support"));
        child<QLineEdit>(&dialog, "emailPassword")->setText(password);
        child<QLineEdit>(&dialog, "emailAddress")->setText(QStringLiteral("support@care.test"));
        child<QLineEdit>(&dialog, "emailName")->setText(QStringLiteral("Acme Support"));
        child<QCheckBox>(&dialog, "emailAllowPlain")->setChecked(allowPlain);
        auto *connectButton = child<QPushButton>(&dialog, "connectEmail");
        connectButton->click();
        if (connectButton->isEnabled())
            return child<QLabel>(&dialog, "emailMessage")->text(); // refused before asking anyone
        if (!QTest::qWaitFor([&] { return connectButton->isEnabled(); }, 60000))
            return QStringLiteral("<no answer>");
        return child<QLabel>(&dialog, "emailMessage")->text();
    }

private slots:
    void initTestCase()
    {
        m_ports = Tests::mailServerPorts();
        QVERIFY2(!m_ports.isEmpty(), "needs the email_servers fixture (CARE_MAIL_SERVERS)");
        const auto location = Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("store.sqlite")));
        auto db = Store::Database::open(location);
        QVERIFY(db);
        m_db = std::move(db.value());
        // Once connected, the sync service reads the shared test mailbox: it must not answer the
        // email_servers scenario's customer with an off-hours acknowledgement.
        QSqlQuery quiet(m_db->connection());
        QVERIFY(quiet.exec(QStringLiteral("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
                                          "('acknowledgement_mode', 'off', 'test', 0) ON CONFLICT (key) DO UPDATE SET "
                                          "value = excluded.value")));
        m_sync = std::make_unique<Sync::SyncService>(location, m_dir.filePath(QStringLiteral("secrets.json")));
        m_sync->start();
    }

    void cleanupTestCase() { m_sync.reset(); }

    void theAccountsDialogOffersEmail()
    {
        Gui::AccountsDialog accounts(m_sync.get());
        auto *button = child<QPushButton>(&accounts, "connectEmail");
        QVERIFY(button);
        button->click();
        auto *dialog = accounts.findChild<Gui::ConnectEmailDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->reject();
    }

    void plainTextIsOfferedOnlyOnThisComputer()
    {
        Gui::ConnectEmailDialog dialog(m_sync.get());
        dialog.show();
        auto *plain = child<QCheckBox>(&dialog, "emailAllowPlain");
        child<QLineEdit>(&dialog, "emailImap")->setText(QStringLiteral("imaps://mail.example.com"));
        child<QLineEdit>(&dialog, "emailSmtp")->setText(QStringLiteral("smtp://127.0.0.1:2525"));
        QVERIFY(!plain->isVisible());
        child<QLineEdit>(&dialog, "emailImap")->setText(QStringLiteral("imap://localhost:1143"));
        QVERIFY(plain->isVisible());
        plain->setChecked(true);
        child<QLineEdit>(&dialog, "emailSmtp")->setText(QStringLiteral("smtp://mail.example.com:587"));
        QVERIFY(!plain->isVisible());
        QVERIFY(!plain->isChecked()); // never carried over to a server elsewhere
    }

    void refusalsAreInWordsAndKeepNothing()
    {
        Gui::ConnectEmailDialog dialog(m_sync.get());
        dialog.show();
        QString message = tryConnect(dialog, imap(), smtp(), QStringLiteral("wrong"), true);
        QVERIFY2(message.contains(QStringLiteral("refused the user name or password of support")), qPrintable(message));
        // TLS is required unless plain text is allowed: the test servers offer none.
        message = tryConnect(dialog, imap(), smtp(), QStringLiteral("s3cret"), false);
        QVERIFY2(message.contains(QStringLiteral("does not offer an encrypted connection")), qPrintable(message));
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 nobody = closed.serverPort();
        closed.close();
        message = tryConnect(dialog, QStringLiteral("imap://127.0.0.1:%1").arg(nobody), smtp(), QStringLiteral("s3cret"), true);
        QVERIFY2(message.contains(QStringLiteral("is unreachable")) && message.contains(QStringLiteral("Nothing was added")),
                 qPrintable(message));
        QVERIFY(dialog.isVisible()); // still open, to correct the fields
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts")), qint64(0));
        QVERIFY(!QFile(m_dir.filePath(QStringLiteral("secrets.json"))).exists()
                || !QFile(m_dir.filePath(QStringLiteral("secrets.json"))).readAll().contains("s3cret"));
        if (qEnvironmentVariableIsSet("CARE_SCREENSHOT_HOLD_MS")) // for looking at it under Xvfb
            QTest::qWait(qEnvironmentVariableIntValue("CARE_SCREENSHOT_HOLD_MS"));
    }

    void theRightLoginAddsTheAccount()
    {
        Gui::ConnectEmailDialog dialog(m_sync.get());
        dialog.show();
        const QString message = tryConnect(dialog, imap(), smtp(), QStringLiteral("s3cret"), true);
        QVERIFY2(message.contains(QStringLiteral("support@care.test")), qPrintable(message));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE platform = 'email' AND handle = 'support@care.test' "
                                      "AND name = 'Acme Support'")),
                 qint64(1));
        QFile secrets(m_dir.filePath(QStringLiteral("secrets.json")));
        QVERIFY(secrets.open(QIODevice::ReadOnly));
        QVERIFY(secrets.readAll().contains("s3cret"));
        QFile store(m_dir.filePath(QStringLiteral("store.sqlite")));
        QVERIFY(store.open(QIODevice::ReadOnly));
        QVERIFY(!store.readAll().contains("s3cret"));
    }

    // Dovecot offers IMAP IDLE: a customer's mail is in the store within seconds, long before the
    // next poll (MailIdleWatcher), not a minute later.
    void newMailArrivesBeforeTheNextPoll()
    {
        QTRY_VERIFY_WITH_TIMEOUT(count(QStringLiteral("SELECT count(*) FROM account_status s JOIN accounts a ON "
                                                      "a.id = s.account_id WHERE a.platform = 'email' AND "
                                                      "s.last_sync_at IS NOT NULL")) == 1,
                                 30000);
        const qint64 nextPoll = count(QStringLiteral("SELECT next_sync_at FROM account_status"));
        QTest::qWait(1500); // the watcher's own connection enters IDLE
        Sync::MailServer smtp;
        smtp.url = QUrl(QStringLiteral("smtp://127.0.0.1:%1").arg(m_ports.value(QStringLiteral("SMTP_PORT"))));
        smtp.allowPlain = true;
        const QByteArray id = "idle-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "@example.com";
        const QByteArray mail = "From: Quick Customer <quick@example.com>\r\nTo: support@care.test\r\nSubject: Fast?\r\n"
                                "Message-ID: <" + id + ">\r\n\r\nIs anyone there?\r\n";
        bool reached = false;
        QElapsedTimer timer;
        timer.start();
        QVERIFY(Sync::CurlTransfer(smtp).sendMail("quick@example.com", {"support@care.test"}, mail, &reached).ok());
        const QString stored = QStringLiteral("SELECT count(*) FROM messages WHERE platform_message_id = '%1'")
                                   .arg(QString::fromLatin1(id));
        QTRY_VERIFY_WITH_TIMEOUT(count(stored) == 1, 30000);
        qInfo("mail sent to stored: %lld ms; the next poll was %lld ms away", timer.elapsed(),
              nextPoll - QDateTime::currentMSecsSinceEpoch() + timer.elapsed());
        QVERIFY2(QDateTime::currentMSecsSinceEpoch() < nextPoll, "it came with IDLE, before the next poll");
    }

    // A customer's e-mail with an attachment: the attachments dialog asks the sync thread, which
    // reads the mail again from Dovecot; the agent saves it and has it byte for byte.
    void attachmentsAreReadFromTheMailboxAndSaved()
    {
        Sync::OutgoingMail out;
        out.from = {QStringLiteral("Dana"), QStringLiteral("dana@example.com")};
        out.to = {QString(), QStringLiteral("support@care.test")};
        out.subject = QStringLiteral("Invoice");
        out.messageId = QStringLiteral("att-%1@example.com").arg(QDateTime::currentMSecsSinceEpoch());
        out.text = QStringLiteral("The invoice is attached.");
        QByteArray pdf("%PDF-1.4\n");
        for (int i = 0; i < 20000; ++i)
            pdf.append(char(i * 7919 % 256));
        out.attachments << Sync::OutgoingAttachment{QStringLiteral("../invoice.pdf"), "application/pdf", pdf};
        auto raw = Sync::MimeBuilder::build(out);
        QVERIFY(raw);
        Sync::MailServer smtp;
        smtp.url = QUrl(this->smtp());
        smtp.allowPlain = true;
        bool reached = false;
        QVERIFY(Sync::CurlTransfer(smtp).sendMail("dana@example.com", {"support@care.test"}, raw.value(), &reached).ok());
        m_sync->syncNow();
        const QString stored = QStringLiteral("SELECT id FROM messages WHERE platform_message_id = '%1'").arg(out.messageId);
        QTRY_VERIFY_WITH_TIMEOUT(count(stored) > 0, 30000);

        QTemporaryDir folder;
        Gui::AttachmentsDialog dialog(count(stored), QStringLiteral("Dana"));
        dialog.setFolder(folder.path());
        connect(m_sync.get(), &Sync::SyncService::attachmentsRead, &dialog, &Gui::AttachmentsDialog::showAttachments);
        dialog.show();
        m_sync->readAttachments(count(stored));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.list()->topLevelItemCount() == 1, 30000);
        const QString name = dialog.list()->topLevelItem(0)->text(0);
        QVERIFY2(name.endsWith(QLatin1String("invoice.pdf")) && !name.startsWith(QLatin1Char('.')) && !name.contains(QLatin1Char('/')),
                 qPrintable(name));
        QCOMPARE(dialog.list()->topLevelItem(0)->text(1), QStringLiteral("application/pdf"));
        Gui::FileDialog::setNextSaveAnswer([](const QString &suggested) { return suggested; });
        QSignalSpy saved(&dialog, &Gui::AttachmentsDialog::saved);
        dialog.saveSelected();
        QTRY_COMPARE(saved.size(), 1);
        QFile file(saved.first().first().toString());
        QCOMPARE(QFileInfo(file).dir().absolutePath(), QDir(folder.path()).absolutePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), pdf);
    }
};

QTEST_MAIN(TestConnectEmailDialog)
#include "tst_connectemaildialog.moc"
