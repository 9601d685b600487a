// Conversation → Send transcript by e-mail…: the dialog offers the connected mailboxes, refuses a
// wrong address in words, and queues the transcript through the outbox of the mailbox.
#include "StoreJob.h"
#include "StoreTestBackend.h"

#include "gui/SendTranscriptDialog.h"
#include "store/AccountRepository.h"
#include "store/MessageRepository.h"
#include "store/Store.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestSendTranscriptDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;
    qint64 m_conversation = 0;

    QString text(const QString &sql)
    {
        auto r = Tests::runAndWait<QString>(*m_store, [sql](Store::Database &db) -> Core::Result<QString> {
            QSqlQuery q(db.connection());
            if (!q.exec(sql))
                return Core::Error::make(Core::Error::Code::QueryFailed, sql);
            return q.next() ? q.value(0).toString() : QString();
        });
        return r ? r.value() : QStringLiteral("<error>");
    }

    qint64 addAccount(Core::Platform platform, const QString &handle, const QString &name)
    {
        auto id = Tests::runAndWait<qint64>(*m_store, [=](Store::Database &db) {
            Core::Account account;
            account.platform = platform;
            account.handle = handle;
            account.name = name;
            return Store::AccountRepository(db).ensure(account);
        });
        return id ? id.value() : 0;
    }

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QVERIFY(Tests::openAndWait(*m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("t.sqlite")))).ok());
        const qint64 mastodon = addAccount(Core::Platform::Mastodon, QStringLiteral("@acme@social.example"), QStringLiteral("Acme"));
        auto conversation = Tests::runAndWait<qint64>(*m_store, [mastodon](Store::Database &db) -> Core::Result<qint64> {
            Core::IncomingMessage in;
            in.accountId = mastodon;
            in.platformMessageId = QStringLiteral("1");
            in.threadKey = QStringLiteral("1");
            in.customerPlatformUserId = QStringLiteral("7");
            in.customerName = QStringLiteral("Kettle Fan");
            in.body = QStringLiteral("The lid cracked");
            in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-600);
            if (auto r = Store::MessageRepository(db).ingest({in}); !r)
                return r.error();
            QSqlQuery q(db.connection());
            if (!q.exec(QStringLiteral("SELECT id FROM conversations")) || !q.next())
                return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("conversation"));
            return q.value(0).toLongLong();
        });
        QVERIFY(conversation.ok());
        m_conversation = conversation.value();
    }

    void withoutMailboxItSaysSo()
    {
        Gui::SendTranscriptDialog dialog(m_store.get(), m_conversation, QStringLiteral("aisha"));
        dialog.show();
        auto *error = dialog.findChild<QLabel *>(QStringLiteral("transcriptError"));
        QTRY_VERIFY(error->isVisible());
        QVERIFY(error->text().contains(QStringLiteral("account add email")));
        dialog.findChild<QLineEdit *>(QStringLiteral("transcriptAddress"))->setText(QStringLiteral("ops@example.com"));
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("transcriptSend"))->isEnabled());
    }

    void queuesThroughTheMailbox()
    {
        const qint64 mail = addAccount(Core::Platform::Email, QStringLiteral("support@care.test"), QStringLiteral("Acme Support"));
        Gui::SendTranscriptDialog dialog(m_store.get(), m_conversation, QStringLiteral("aisha"));
        QSignalSpy queued(&dialog, &Gui::SendTranscriptDialog::queued);
        dialog.show();
        auto *account = dialog.findChild<QComboBox *>(QStringLiteral("transcriptAccount"));
        QTRY_COMPARE(account->count(), 1);
        QCOMPARE(account->currentText(), QStringLiteral("Acme Support <support@care.test>"));
        auto *address = dialog.findChild<QLineEdit *>(QStringLiteral("transcriptAddress"));
        auto *send = dialog.findChild<QPushButton *>(QStringLiteral("transcriptSend"));
        QVERIFY(!send->isEnabled());

        address->setText(QStringLiteral("ops@example"));
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        auto *error = dialog.findChild<QLabel *>(QStringLiteral("transcriptError"));
        QTRY_VERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("not an e-mail address")), qPrintable(error->text()));
        QCOMPARE(text(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'transcript'")), QStringLiteral("0"));

        address->setText(QStringLiteral("ops@example.com"));
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(queued.count(), 1);
        QCOMPARE(text(QStringLiteral("SELECT account_id || '|' || kind || '|' || recipient FROM outbox WHERE kind = 'transcript'")),
                 QStringLiteral("%1|transcript|ops@example.com").arg(mail));
        QVERIFY(text(QStringLiteral("SELECT body FROM outbox WHERE kind = 'transcript'")).contains(QStringLiteral("The lid cracked")));
        // A PDF of it rides along, kept with the item so every retry sends the same bytes.
        QCOMPARE(text(QStringLiteral("SELECT attachment_name || '|' || CAST(substr(attachment, 1, 5) AS TEXT) FROM outbox "
                                     "WHERE kind = 'transcript'")),
                 QStringLiteral("transcript-%1.pdf|%PDF-").arg(m_conversation));
        QVERIFY(!dialog.isVisible());
    }
};

QTEST_MAIN(TestSendTranscriptDialog)
#include "tst_sendtranscriptdialog.moc"
