// The Accounts dialog shows an X account's estimated monthly API cost (from the stored usage,
// the poll intervals and the budget, XCostMeter) and the keyword-listening query it runs.
#include "gui/AccountsDialog.h"
#include "store/AccountRepository.h"
#include "store/Database.h"
#include "store/SyncStateRepository.h"
#include "sync/SyncService.h"
#include "sync/XAccountSetup.h"

#include <QJsonArray>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;

class TestAccountsDialogX : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // An X account in a new store at `file` polling mentions every minute, listening (for "acme")
    // every 5 minutes and direct messages every 10, without a budget; its id, 0 on failure.
    static qint64 addMinutePollingAccount(const QString &file)
    {
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(file));
        if (!db)
            return 0;
        Core::Account account;
        account.platform = Core::Platform::X;
        account.handle = QStringLiteral("@acme");
        account.name = account.handle;
        account.externalId = QStringLiteral("1000");
        account.serviceUrl = QStringLiteral("https://api.x.com");
        account.settings = QJsonObject{{QStringLiteral("keywords"), QJsonArray{QStringLiteral("acme")}},
                                       {QStringLiteral("pollMentionsSeconds"), 60},
                                       {QStringLiteral("pollSearchSeconds"), 300},
                                       {QStringLiteral("pollDirectSeconds"), 600}};
        auto id = Store::AccountRepository(*db.value()).ensure(account);
        return id ? id.value() : 0;
    }

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

    // An account polling mentions every minute (listening every 5 min, direct messages every
    // 10 min), before any traffic was measured, so with the price file's assumptions:
    //   mentions   30 a day × (1.5 posts × 0.005 + 1 user × 0.010) × 30.4167 days = 15.97 USD
    //   listening  30 a day × (1 post × 0.005 + 1 user × 0.010) × 30.4167            = 13.69 USD
    //   DMs        144 polls a day × 1 event × 0.010 × 30.4167                          = 43.80 USD
    //   writes     (22.5 × 0.015 + 2.5 × 0.200 + 5 × 0.015) × 30.4167                  = 27.76 USD
    //   total                                                                           101.21 USD
    // (30.4167 = 730 hours a month / 24.) A lead sets a budget of 60 USD in the dialog: the
    // traffic-bound part (57.42) fits, so direct messages are read less often to stay within it.
    void aMinutePollShowsAPlausibleFigure_andABudgetStretchesIt()
    {
        const QString file = m_dir.filePath(QStringLiteral("budget.sqlite"));
        const qint64 accountId = addMinutePollingAccount(file);
        QVERIFY(accountId > 0);
        Sync::SyncService service(Store::DatabaseLocation::sqliteFile(file), m_dir.filePath(QStringLiteral("budget-secrets.json")));
        Gui::AccountsDialog dialog(&service);
        dialog.setCanSetBudget(true);
        service.start();
        auto *detail = dialog.findChild<QLabel *>(QStringLiteral("accountDetail"));
        QTRY_VERIFY_WITH_TIMEOUT(detail->text().contains(QStringLiteral("Estimated X API cost")), 10000);
        QVERIFY2(detail->text().contains(QStringLiteral("Estimated X API cost: 101.21 USD a month (mentions 15.97 USD, "
                                                        "listening 13.69 USD, direct messages 43.80 USD, replies sent 27.76 USD")),
                 qPrintable(detail->text()));
        auto *row = dialog.findChild<QWidget *>(QStringLiteral("xBudgetRow"));
        auto *budget = dialog.findChild<QDoubleSpinBox *>(QStringLiteral("xBudget"));
        auto *set = dialog.findChild<QPushButton *>(QStringLiteral("xSetBudget"));
        QVERIFY(row && budget && set);
        QVERIFY(!row->isHidden());
        QCOMPARE(budget->value(), 0.0); // none yet
        QVERIFY(set->isEnabled());

        budget->setValue(60);
        set->click();
        QTRY_VERIFY_WITH_TIMEOUT(detail->text().contains(QStringLiteral("Budget 60.00 USD a month")), 10000);
        const QString text = detail->text();
        const QRegularExpression every(QStringLiteral("direct messages are read every (\\d+) min"));
        const auto match = every.match(text);
        QVERIFY2(match.hasMatch(), qPrintable(text));
        QVERIFY2(match.captured(1).toInt() > 10, qPrintable(text)); // stretched from 10 minutes
        QVERIFY2(text.contains(QStringLiteral("Without the budget they would be read every 10 min.")), qPrintable(text));
        QCOMPARE(budget->value(), 60.0);
        {
            auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(file));
            QVERIFY(db);
            auto account = Store::AccountRepository(*db.value()).get(accountId);
            QVERIFY(account);
            QCOMPARE(account->settings.value(QStringLiteral("monthlyBudget")).toDouble(), 60.0);
            auto cost = Sync::estimateXAccount(*db.value(), account.value(), Sync::XPrices::builtIn(),
                                               QDateTime::currentDateTimeUtc());
            QVERIFY(cost);
            QVERIFY2(cost->total() <= 60.0 + 1e-6, qPrintable(QString::number(cost->total())));
            QVERIFY(cost->plan.direct > 600);
            QVERIFY(!cost->overBudget);
        }

        // In a team only leads and administrators change it; others see it.
        dialog.setTeamMode(true);
        QVERIFY(set->isEnabled());
        dialog.setCanSetBudget(false);
        QVERIFY(!set->isEnabled());
        QVERIFY(!budget->isEnabled());
        QVERIFY(set->toolTip().contains(QStringLiteral("Only a lead or an administrator")));
    }

    // A lead changes the poll intervals after connecting, next to the budget; the estimate follows
    // them (before traffic is measured, direct messages cost 730 h × 3,600 s ÷ interval × 0.010 USD:
    // 43.80 USD at 10 min, 21.90 at 20 min; listening off drops its 13.69). An interval under X's
    // limits is refused in the dialog with the reason, and nothing is stored.
    void aLeadChangesThePollIntervalsAndTheEstimateFollows()
    {
        const QString file = m_dir.filePath(QStringLiteral("intervals.sqlite"));
        const qint64 accountId = addMinutePollingAccount(file);
        QVERIFY(accountId > 0);
        const auto stored = [&](const QString &key) {
            auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(file));
            auto account = db ? Store::AccountRepository(*db.value()).get(accountId) : Core::Result<Core::Account>(db.error());
            return account ? account->settings.value(key).toInt() : -1;
        };
        Sync::SyncService service(Store::DatabaseLocation::sqliteFile(file), m_dir.filePath(QStringLiteral("intervals-secrets.json")));
        Gui::AccountsDialog dialog(&service);
        dialog.setCanSetBudget(true);
        service.start();
        auto *detail = dialog.findChild<QLabel *>(QStringLiteral("accountDetail"));
        QTRY_VERIFY_WITH_TIMEOUT(detail->text().contains(QStringLiteral("listening 13.69 USD, direct messages 43.80 USD")), 10000);
        auto *row = dialog.findChild<QWidget *>(QStringLiteral("xIntervalsRow"));
        auto *mentions = dialog.findChild<QSpinBox *>(QStringLiteral("xPollMentions"));
        auto *search = dialog.findChild<QSpinBox *>(QStringLiteral("xPollSearch"));
        auto *direct = dialog.findChild<QSpinBox *>(QStringLiteral("xPollDirect"));
        auto *set = dialog.findChild<QPushButton *>(QStringLiteral("xSetIntervals"));
        auto *error = dialog.findChild<QLabel *>(QStringLiteral("xIntervalsError"));
        QVERIFY(row && mentions && search && direct && set && error);
        QVERIFY(!row->isHidden());
        QCOMPARE(mentions->value(), 60);
        QCOMPARE(search->value(), 300);
        QCOMPARE(direct->value(), 600);

        direct->setValue(1200);
        set->click();
        QTRY_VERIFY_WITH_TIMEOUT(detail->text().contains(QStringLiteral("direct messages 21.90 USD")), 10000);
        QVERIFY2(detail->text().contains(QStringLiteral("Estimated X API cost: 79.31 USD a month")), qPrintable(detail->text()));
        QCOMPARE(stored(QStringLiteral("pollDirectSeconds")), 1200);
        QCOMPARE(direct->value(), 1200);

        search->setValue(0);
        set->click();
        QTRY_VERIFY_WITH_TIMEOUT(detail->text().contains(QStringLiteral("listening 0.00 USD")), 10000);
        QVERIFY2(detail->text().contains(QStringLiteral("Estimated X API cost: 65.62 USD a month")), qPrintable(detail->text()));
        QCOMPARE(stored(QStringLiteral("pollSearchSeconds")), 0);

        // Under X's limits: the reason at once, nothing stored, the estimate unchanged.
        mentions->setValue(10);
        direct->setValue(20);
        set->click();
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(QStringLiteral("Mentions every 10 s: choose 0 (off) or from 60 to 21600 seconds.")),
                 qPrintable(error->text()));
        QVERIFY(error->text().contains(QStringLiteral("Direct messages every 20 s: choose 0 (off) or from 60 to 21600 seconds.")));
        QVERIFY(error->text().contains(QStringLiteral("15 direct-message reads")));
        QTest::qWait(300);
        // The sync publishes the accounts again meanwhile: the typed values stay until set.
        QSignalSpy published(&service, &Sync::SyncService::accountsChanged);
        service.syncNow(accountId);
        QTRY_VERIFY_WITH_TIMEOUT(published.count() > 0, 10000);
        QCOMPARE(mentions->value(), 10);
        QCOMPARE(direct->value(), 20);
        QCOMPARE(stored(QStringLiteral("pollMentionsSeconds")), 60);
        QCOMPARE(stored(QStringLiteral("pollDirectSeconds")), 1200);
        QVERIFY(detail->text().contains(QStringLiteral("Estimated X API cost: 65.62 USD a month")));
        mentions->setValue(120);
        direct->setValue(60);
        set->click();
        QVERIFY(error->isHidden());
        QTRY_COMPARE_WITH_TIMEOUT(stored(QStringLiteral("pollMentionsSeconds")), 120, 10000);
        QCOMPARE(stored(QStringLiteral("pollDirectSeconds")), 60);

        // Only leads and administrators change them; others see them.
        dialog.setCanSetBudget(false);
        QVERIFY(!direct->isEnabled());
        QVERIFY(!set->isEnabled());
    }
};

QTEST_MAIN(TestAccountsDialogX)
#include "tst_accountsdialog_x.moc"
