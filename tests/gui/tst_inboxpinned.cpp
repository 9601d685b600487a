// A chart's click-through: the inbox shows exactly the conversations behind a bar, whatever
// their status, says so, and goes back to the view on request.
#include "StoreJob.h"
#include "StoreTestBackend.h"

#include "gui/InboxModel.h"
#include "gui/InboxPane.h"
#include "store/AccountRepository.h"
#include "store/ConversationRepository.h"
#include "store/MessageRepository.h"
#include "store/Store.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Care;

class TestInboxPinned : public QObject
{
    Q_OBJECT

private slots:
    void showsExactlyTheConversationsBehindABar()
    {
        QTemporaryDir dir;
        Store::Store store;
        QVERIFY(Tests::openAndWait(store, Store::DatabaseLocation::sqliteFile(dir.filePath(QStringLiteral("pinned.sqlite")))).ok());
        auto created = Tests::runAndWait<QList<qint64>>(store, [](Store::Database &db) -> Core::Result<QList<qint64>> {
                if (Core::Status s = Tests::useRoundTheClockCalendar(db); !s)
                    return s.error();
                Core::Account account;
                account.platform = Core::Platform::Mastodon;
                account.handle = QStringLiteral("@acme@social.example");
                account.name = account.handle;
                auto accountId = Store::AccountRepository(db).ensure(account);
                if (!accountId)
                    return accountId.error();
                QList<Core::IncomingMessage> batch;
                for (int i = 0; i < 5; ++i) {
                    Core::IncomingMessage in;
                    in.accountId = accountId.value();
                    in.platformMessageId = QString::number(100 + i);
                    in.threadKey = QString::number(100 + i);
                    in.customerPlatformUserId = QString::number(i);
                    in.customerName = QStringLiteral("Customer %1").arg(i);
                    in.body = QStringLiteral("Message %1").arg(i);
                    in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-600 + i);
                    batch << in;
                }
                if (auto r = Store::MessageRepository(db).ingest(batch); !r)
                    return r.error();
                QList<qint64> out;
                QSqlQuery q(db.connection());
                q.exec(QStringLiteral("SELECT id FROM conversations ORDER BY id"));
                while (q.next())
                    out << q.value(0).toLongLong();
                // One of them resolved: the click-through shows it all the same.
                if (Core::Status s = Store::ConversationRepository(db).setStatus(out.at(1), Core::ConversationStatus::Resolved); !s)
                    return s.error();
                return out;
            });
        QVERIFY(created.ok());
        const QList<qint64> ids = created.value();
        QCOMPARE(ids.size(), 5);

        Gui::InboxPane inbox(&store, QStringLiteral("aisha"));
        inbox.show();
        inbox.setView(Gui::InboxView::Kind::AllOpen);
        QTRY_COMPARE(inbox.model()->rowCount(), 4); // All open: the resolved one is not in the view
        inbox.showConversations(QStringLiteral("First response on Mon 3 Jun"), {ids.at(1), ids.at(3)});
        QTRY_COMPARE(inbox.model()->rowCount(), 2);
        const auto shown = [&inbox] { // rows arrive a page at a time
            QSet<qint64> out;
            for (int row = 0; row < inbox.model()->rowCount(); ++row)
                out.insert(inbox.model()->index(row, 0).data(Gui::InboxModel::ConversationIdRole).toLongLong());
            return out;
        };
        QTRY_COMPARE(shown(), (QSet<qint64>{ids.at(1), ids.at(3)}));
        auto *text = inbox.findChild<QLabel *>(QStringLiteral("inboxPinnedText"));
        QVERIFY(text && text->isVisible());
        QCOMPARE(text->text(), QStringLiteral("2 conversations behind “First response on Mon 3 Jun” (any status)."));
        QTest::mouseClick(inbox.findChild<QPushButton *>(QStringLiteral("inboxPinnedClear")), Qt::LeftButton);
        QTRY_COMPARE(inbox.model()->rowCount(), 4);
        QVERIFY(!text->isVisible());
    }
};

QTEST_MAIN(TestInboxPinned)
#include "tst_inboxpinned.moc"
