#include "gui/ConversationPane.h"
#include "gui/TranscriptView.h"
#include "store/AccountRepository.h"
#include "store/MessageRepository.h"
#include "store/Store.h"

#include <QElapsedTimer>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

// A customer with a very long history: the conversation opens on the latest page and loads
// earlier ones only as the agent scrolls up.
class TestLongConversation : public QObject
{
    Q_OBJECT

signals:
    void finished();

private slots:
    void opensOnTheLatestPageAndPagesBack()
    {
        constexpr int kMessages = 5000;
        QTemporaryDir dir;
        Store::Store store;
        QSignalSpy opened(this, &TestLongConversation::finished);
        store.open(Store::DatabaseLocation::sqliteFile(dir.filePath(QStringLiteral("long.sqlite"))), this,
                   [this](Core::Status s) {
                       QVERIFY(s.ok());
                       emit finished();
                   });
        QVERIFY(opened.wait(10000));

        qint64 conversationId = 0;
        qint64 customerId = 0;
        QSignalSpy loaded(this, &TestLongConversation::finished);
        store.run(
            this,
            [](Store::Database &db) -> Core::Result<QPair<qint64, qint64>> {
                Core::Account account;
                account.platform = Core::Platform::Mastodon;
                account.handle = QStringLiteral("@brand");
                account.name = QStringLiteral("Brand");
                auto accountId = Store::AccountRepository(db).ensure(account);
                if (!accountId)
                    return accountId.error();
                QList<Core::IncomingMessage> batch;
                const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-300);
                for (int i = 0; i < kMessages; ++i) {
                    Core::IncomingMessage in;
                    in.accountId = accountId.value();
                    in.platformMessageId = QStringLiteral("m%1").arg(i);
                    in.threadKey = QStringLiteral("thread");
                    in.direction = i % 3 == 2 ? Core::Direction::Outbound : Core::Direction::Inbound;
                    in.customerPlatformUserId = QStringLiteral("long-customer");
                    in.customerName = QStringLiteral("Pat Long");
                    in.agentId = QStringLiteral("maria");
                    in.body = QStringLiteral("Message number %1").arg(i);
                    in.createdAt = start.addSecs(i * 60);
                    batch << in;
                }
                auto report = Store::MessageRepository(db).ingest(batch);
                if (!report)
                    return report.error();
                QSqlQuery q(db.connection());
                if (!q.exec(QStringLiteral("SELECT id, customer_id FROM conversations")) || !q.next())
                    return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("conversation"));
                return qMakePair(q.value(0).toLongLong(), q.value(1).toLongLong());
            },
            [&](Core::Result<QPair<qint64, qint64>> ids) {
                QVERIFY(ids.ok());
                conversationId = ids->first;
                customerId = ids->second;
                emit finished();
            });
        QVERIFY(loaded.wait(60000));

        Gui::ConversationPane pane(&store);
        pane.resize(700, 800);
        pane.show();
        QElapsedTimer timer;
        timer.start();
        pane.showConversation(conversationId, customerId);
        Gui::TranscriptView *transcript = pane.transcriptView();
        QTRY_COMPARE(transcript->entryCount(), Gui::ConversationPane::kTranscriptPage);
        qInfo("first screen of a %d-message history after %lld ms", kMessages, timer.elapsed());
        QVERIFY(transcript->hasEarlier());
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("Message number %1").arg(kMessages - 1)));
        QVERIFY(!transcript->toPlainText().contains(QStringLiteral("Message number %1\n").arg(kMessages - 201)));
        // The newest message is in view.
        QCOMPARE(transcript->verticalScrollBar()->value(), transcript->verticalScrollBar()->maximum());

        // Scrolling to the top brings the page before it, and the view stays where it was.
        transcript->verticalScrollBar()->setValue(0);
        QTRY_COMPARE(transcript->entryCount(), 2 * Gui::ConversationPane::kTranscriptPage);
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("Message number %1").arg(kMessages - 400)));
        QVERIFY(transcript->verticalScrollBar()->value() > 0);
        QCOMPARE(transcript->oldest()->message.body, QStringLiteral("Message number %1").arg(kMessages - 400));
    }
};

QTEST_MAIN(TestLongConversation)
#include "tst_longconversation.moc"
