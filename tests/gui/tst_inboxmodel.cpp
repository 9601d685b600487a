#include "gui/InboxModel.h"
#include "store/AccountRepository.h"
#include "store/MessageRepository.h"
#include "store/Store.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

// The inbox model windows over the store: it never holds every row, and new messages do
// not reset it.
class TestInboxModel : public QObject
{
    Q_OBJECT

private:
    static constexpr int kConversations = 2500;

    static Core::IncomingMessage message(qint64 account, int n, const QDateTime &at)
    {
        Core::IncomingMessage in;
        in.accountId = account;
        in.platformMessageId = QStringLiteral("m%1").arg(n);
        in.threadKey = QStringLiteral("t%1").arg(n);
        in.customerPlatformUserId = QStringLiteral("u%1").arg(n);
        in.customerName = QStringLiteral("Customer %1").arg(n);
        in.body = QStringLiteral("Question number %1").arg(n);
        in.createdAt = at;
        return in;
    }

    void ingest(const QList<Core::IncomingMessage> &batch)
    {
        QSignalSpy done(this, &TestInboxModel::finished);
        m_store->run(
            this, [batch](Store::Database &db) { return Store::MessageRepository(db).ingest(batch); },
            [this](Core::Result<Store::IngestReport> report) {
                QVERIFY(report.ok());
                emit finished();
            });
        QVERIFY(done.wait(60000));
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;
    qint64 m_account = 0;
    QDateTime m_start;

signals:
    void finished();

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QSignalSpy opened(this, &TestInboxModel::finished);
        m_store->open(Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("inbox.sqlite"))), this,
                      [this](Core::Status s) {
                          QVERIFY(s.ok());
                          emit finished();
                      });
        QVERIFY(opened.wait(10000));
        QSignalSpy account(this, &TestInboxModel::finished);
        m_store->run(
            this,
            [](Store::Database &db) {
                Core::Account a;
                a.platform = Core::Platform::Mastodon;
                a.handle = QStringLiteral("@brand");
                a.name = QStringLiteral("Brand");
                return Store::AccountRepository(db).ensure(a);
            },
            [this](Core::Result<qint64> id) {
                QVERIFY(id.ok());
                m_account = id.value();
                emit finished();
            });
        QVERIFY(account.wait(10000));
        m_start = QDateTime::currentDateTimeUtc().addDays(-1);
        QList<Core::IncomingMessage> batch;
        for (int i = 0; i < kConversations; ++i)
            batch << message(m_account, i, m_start.addSecs(i));
        ingest(batch);
    }

    void windowsOverTheStore()
    {
        Gui::InboxModel model(m_store.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Store::InboxFilter filter;
        filter.sort = Store::InboxFilter::Sort::Oldest;
        model.setFilter(filter);
        QTRY_COMPARE(model.rowCount(), kConversations);
        QTRY_COMPARE(model.index(0, Gui::InboxModel::CustomerColumn).data().toString(), QStringLiteral("Customer 0"));
        // Touch rows all over the list, as fast scrolling does.
        for (int row = 0; row < kConversations; row += 37)
            model.index(row, 0).data();
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(model.index(kConversations - 1, Gui::InboxModel::CustomerColumn).data().toString(),
                 QStringLiteral("Customer %1").arg(kConversations - 1));
        QVERIFY2(model.cachedPageCount() <= Gui::InboxModel::kMaxCachedPages,
                 qPrintable(QStringLiteral("%1 pages cached").arg(model.cachedPageCount())));
    }

    void firstPageBeforeTheCount()
    {
        // A new filter shows its first page at once and grows to its full length when the count
        // arrives (on a large store the count is the slow part).
        Gui::InboxModel model(m_store.get());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<int> lengthAtReset;
        connect(&model, &QAbstractItemModel::modelReset, this, [&] { lengthAtReset << model.rowCount(); });
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        Store::InboxFilter filter;
        filter.sort = Store::InboxFilter::Sort::Oldest;
        model.setFilter(filter);
        QTRY_COMPARE(model.rowCount(), kConversations);
        QTRY_VERIFY(!model.isCounting());
        QCOMPARE(lengthAtReset, QList<int>{Gui::InboxModel::kPageSize});
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), Gui::InboxModel::kPageSize);
        QCOMPARE(inserted.at(0).at(2).toInt(), kConversations - 1);

        // A short list is complete with its first page: no count is needed.
        lengthAtReset.clear();
        inserted.clear();
        filter.search = QStringLiteral("\"number 7\"");
        model.setFilter(filter);
        QTRY_VERIFY(!model.isLoading());
        QTRY_COMPARE(lengthAtReset.size(), 1);
        QVERIFY(!model.isCounting());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(inserted.count(), 0);

        // Filters changed in quick succession (typing a search): only the last one is shown.
        for (const QString &typed : {QStringLiteral("Q"), QStringLiteral("Qu"), QStringLiteral("Que"),
                                     QStringLiteral("Question")}) {
            filter.search = typed + QLatin1Char('*');
            model.setFilter(filter);
        }
        filter.search = QStringLiteral("\"number 12\"");
        model.setFilter(filter);
        QTRY_VERIFY(!model.isLoading() && !model.isCounting());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, Gui::InboxModel::CustomerColumn).data().toString(), QStringLiteral("Customer 12"));
    }

    void newMessagesDoNotResetTheList()
    {
        Gui::InboxModel model(m_store.get());
        Store::InboxFilter filter;
        filter.sort = Store::InboxFilter::Sort::Oldest;
        model.setFilter(filter);
        QTRY_COMPARE(model.rowCount(), kConversations);
        QTRY_COMPARE(model.index(10, Gui::InboxModel::CustomerColumn).data().toString(), QStringLiteral("Customer 10"));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        ingest({message(m_account, kConversations, QDateTime::currentDateTimeUtc())});
        model.refresh();
        QTRY_COMPARE(model.rowCount(), kConversations + 1);
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserted.count(), 1);
        // While the fresh page loaded, row 10 never went blank.
        QCOMPARE(model.index(10, Gui::InboxModel::CustomerColumn).data().toString(), QStringLiteral("Customer 10"));
        QCOMPARE(model.rowOfConversation(model.index(10, 0).data(Gui::InboxModel::ConversationIdRole).toLongLong()), 10);
    }
};

QTEST_MAIN(TestInboxModel)
#include "tst_inboxmodel.moc"
