// The Accounts dialog shows an X account's estimated monthly API cost (from the stored usage,
// the poll intervals and the budget, XCostMeter) and the keyword-listening query it runs.
#include "gui/AccountsDialog.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/SyncStateRepository.h"
#include "sync/SyncService.h"
#include "sync/XAccountSetup.h"

#include <QJsonArray>
#include <QLabel>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;

class TestAccountsDialogX : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void costAndQueryAreShown()
    {
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("x.sqlite"))));
        QVERIFY(db);
        Core::Account account;
        account.platform = Core::Platform::X;
        account.handle = QStringLiteral("@acme");
        account.name = account.handle;
        account.externalId = QStringLiteral("1000");
        account.serviceUrl = QStringLiteral("https://api.x.com");
        account.settings = QJsonObject{{QStringLiteral("keywords"), QJsonArray{QStringLiteral("acme"), QStringLiteral("acme kettle")}},
                                       {QStringLiteral("pollMentionsSeconds"), 60},
                                       {QStringLiteral("pollSearchSeconds"), 300},
                                       {QStringLiteral("pollDirectSeconds"), 60},
                                       {QStringLiteral("monthlyBudget"), 100}};
        auto id = Store::AccountRepository(*db.value()).ensure(account);
        QVERIFY(id);
        account.id = id.value();
        // A day of traffic: 60 mentions from 30 people; direct messages probed every minute.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const Sync::XPrices prices = Sync::XPrices::builtIn();
        Sync::XUsage usage = Sync::XUsage::fromCursor({}, now.addDays(-1));
        usage.addPoll(QStringLiteral("mentions"), 60, 30, 0, prices, now);
        for (int i = 0; i < 1440; ++i)
            usage.addPoll(QStringLiteral("direct"), 0, 0, 1, prices, now);
        QVERIFY(db.value()->transaction([&]() -> Core::Status {
            return Store::SyncStateRepository(*db.value()).saveCursorInTransaction(account.id, QStringLiteral("usage"), usage.toCursor());
        }));
        auto cost = Sync::estimateXAccount(*db.value(), account, prices, now);
        QVERIFY(cost);
        QVERIFY(cost->plan.direct > 60); // the 100 USD budget lengthened DM polling

        Sync::SyncService service(Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("empty.sqlite"))),
                                  m_dir.filePath(QStringLiteral("secrets.json")));
        Gui::AccountsDialog dialog(&service);
        Sync::AccountView view;
        view.id = account.id;
        view.label = QStringLiteral("X @acme");
        view.keywords = {QStringLiteral("acme"), QStringLiteral("acme kettle")};
        view.xCost = cost.value();
        view.xCurrency = prices.currency;
        view.xListeningQuery = Sync::xListeningQuery(account);
        dialog.setAccounts({view});
        auto *detail = dialog.findChild<QLabel *>(QStringLiteral("accountDetail"));
        QVERIFY(detail);
        QCOMPARE(detail->textFormat(), Qt::PlainText);
        const QString text = detail->text();
        QVERIFY2(text.contains(QStringLiteral("X search query: (acme OR \"acme kettle\") -from:acme -@acme -is:retweet")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Estimated X API cost: ")));
        QVERIFY(text.contains(QStringLiteral("USD a month")));
        QVERIFY2(text.contains(QStringLiteral("direct messages are read every %1 min").arg((cost->plan.direct + 59) / 60)), qPrintable(text));
        QVERIFY(cost->total() <= 100.0 + 1e-6);
    }
};

QTEST_MAIN(TestAccountsDialogX)
#include "tst_accountsdialog_x.moc"
