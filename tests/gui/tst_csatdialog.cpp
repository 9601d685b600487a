// Satisfaction by hand: the dialog records a score, the customer card shows it, and asking
// the customer queues the question through the outbox.
#include "StoreJob.h"
#include "StoreTestBackend.h"

#include "gui/CsatDialog.h"
#include "gui/CustomerCard.h"
#include "store/AccountRepository.h"
#include "store/MessageRepository.h"
#include "store/Store.h"

#include <QAbstractButton>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestCsatDialog : public QObject
{
    Q_OBJECT

signals:
    void finished();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;
    qint64 m_conversation = 0;
    qint64 m_customer = 0;

    qint64 count(const QString &sql)
    {
        auto r = Tests::runAndWait<qint64>(*m_store, [sql](Store::Database &db) -> Core::Result<qint64> {
            QSqlQuery q(db.connection());
            if (!q.exec(sql) || !q.next())
                return Core::Error::make(Core::Error::Code::QueryFailed, sql);
            return q.value(0).toLongLong();
        });
        return r ? r.value() : -1;
    }

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QVERIFY(Tests::openAndWait(*m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("csat.sqlite")))).ok());
        auto ids = Tests::runAndWait<QPair<qint64, qint64>>(*m_store, [](Store::Database &db) -> Core::Result<QPair<qint64, qint64>> {
                if (Core::Status s = Tests::useRoundTheClockCalendar(db); !s)
                    return s.error();
                Core::Account account;
                account.platform = Core::Platform::Mastodon;
                account.handle = QStringLiteral("@acme@social.example");
                account.name = account.handle;
                auto accountId = Store::AccountRepository(db).ensure(account);
                if (!accountId)
                    return accountId.error();
                Core::IncomingMessage in;
                in.accountId = accountId.value();
                in.platformMessageId = QStringLiteral("1");
                in.threadKey = QStringLiteral("1");
                in.customerPlatformUserId = QStringLiteral("7");
                in.customerName = QStringLiteral("Kettle Fan");
                in.body = QStringLiteral("The lid cracked");
                in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-600);
                if (auto r = Store::MessageRepository(db).ingest({in}); !r)
                    return r.error();
                QSqlQuery q(db.connection());
                if (!q.exec(QStringLiteral("SELECT id, customer_id FROM conversations")) || !q.next())
                    return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("conversation"));
                return qMakePair(q.value(0).toLongLong(), q.value(1).toLongLong());
            });
        QVERIFY(ids.ok());
        m_conversation = ids->first;
        m_customer = ids->second;
    }

    void recordByHandShowsOnTheCard()
    {
        Gui::CustomerCard card(m_store.get());
        card.showCustomer(m_customer);
        QLabel *satisfaction = nullptr;
        QTRY_VERIFY((satisfaction = card.findChild<QLabel *>(QStringLiteral("customerSatisfaction"))));
        QTRY_COMPARE(satisfaction->text(), QStringLiteral("Satisfaction: not asked yet"));

        Gui::CsatDialog dialog(m_store.get(), m_conversation, QStringLiteral("maria"));
        auto *ok = dialog.findChild<QPushButton *>(QStringLiteral("csatOk"));
        QVERIFY(ok);
        QVERIFY(!ok->isEnabled()); // nothing chosen yet
        dialog.findChild<QAbstractButton *>(QStringLiteral("csatScore-4"))->click();
        QVERIFY(ok->isEnabled());
        QSignalSpy recorded(&dialog, &Gui::CsatDialog::recorded);
        ok->click();
        QTRY_COMPARE(recorded.count(), 1);
        QCOMPARE(recorded.first().at(1).toInt(), 4);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversation_events WHERE kind = 'csat' AND detail = '4'")), qint64(1));
        card.showCustomer(m_customer);
        QTRY_VERIFY(satisfaction->text().startsWith(QStringLiteral("Satisfaction: 4/5 (recorded by maria")));
    }

    void askingQueuesTheQuestion()
    {
        QSignalSpy done(this, &TestCsatDialog::finished);
        Core::Result<qint64> asked = qint64(0);
        Gui::CsatDialog::ask(m_store.get(), m_conversation, QStringLiteral("maria"), this, [&](Core::Result<qint64> r) {
            asked = r;
            emit finished();
        });
        QVERIFY(done.wait(10000));
        QVERIFY(asked.ok());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE message_id = %1 AND state = 'queued'").arg(asked.value())),
                 qint64(1));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM conversation_events WHERE kind = 'csat-asked'")), qint64(1));
    }
};

QTEST_MAIN(TestCsatDialog)
#include "tst_csatdialog.moc"
