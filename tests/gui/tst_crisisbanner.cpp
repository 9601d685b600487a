// Crisis tools: a burst of negative messages about one topic raises a spike alert for leads
// (not for agents), with the conversations behind it; a declared crisis shows its banner and
// holding statement to everyone, groups its conversations and pauses scheduled posts.
#include "StoreJob.h"
#include "StoreTestBackend.h"

#include "gui/CrisisBanner.h"
#include "store/AccountRepository.h"
#include "store/MessageRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestCrisisBanner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;

    static bool checked(Gui::CrisisBanner &banner)
    {
        QSignalSpy spy(&banner, &Gui::CrisisBanner::checked);
        banner.check();
        return spy.wait(5000);
    }

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QVERIFY(Tests::openAndWait(*m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("c.sqlite")))).ok());
        auto ok = Tests::runAndWait<bool>(*m_store, [](Store::Database &db) -> Core::Result<bool> {
            if (Core::Status s = Tests::useRoundTheClockCalendar(db); !s)
                return s.error();
            auto accountId = Tests::addMastodonAccount(db);
            if (!accountId)
                return accountId.error();
            // Twelve customers in the last hour, all angry about the same outage.
            QList<Core::IncomingMessage> burst;
            for (int i = 0; i < 12; ++i) {
                Core::IncomingMessage in;
                in.accountId = accountId.value();
                in.platformMessageId = QString::number(i + 1);
                in.threadKey = in.platformMessageId;
                in.customerPlatformUserId = QString::number(100 + i);
                in.customerName = QStringLiteral("Customer %1").arg(i);
                in.body = QStringLiteral("This outage is terrible, I can't log in and I'm furious #acmedown (%1)").arg(i);
                in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60 * (i + 1));
                burst << in;
            }
            if (auto r = Store::MessageRepository(db).ingest(burst); !r)
                return r.error();
            return true;
        });
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().fullText()));
    }

    void spikeAlertsLeadsWithTheMessagesBehindIt()
    {
        Gui::CrisisBanner agentBanner(m_store.get(), QStringLiteral("agent"), false);
        QVERIFY(checked(agentBanner));
        QVERIFY(agentBanner.isHidden()); // agents are not alerted

        Gui::CrisisBanner banner(m_store.get(), QStringLiteral("lead"), true);
        QSignalSpy detected(&banner, &Gui::CrisisBanner::spikeDetected);
        QVERIFY(checked(banner));
        QVERIFY(!banner.isHidden());
        QCOMPARE(detected.count(), 1);
        QVERIFY(!banner.spikes().isEmpty());
        const QString text = banner.findChild<QLabel *>(QStringLiteral("crisisBannerText"))->text();
        QVERIFY2(text.contains(QStringLiteral("12 negative messages")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("outage")) || text.contains(QStringLiteral("#acmedown")), qPrintable(text));
        QSignalSpy requested(&banner, &Gui::CrisisBanner::conversationsRequested);
        banner.findChild<QPushButton *>(QStringLiteral("crisisShow"))->click();
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.first().at(1).value<QList<qint64>>().size(), 12);

        // Dismissed, the same spike does not come back on the next check.
        banner.findChild<QPushButton *>(QStringLiteral("crisisDismiss"))->click();
        QVERIFY(banner.isHidden());
        QVERIFY(checked(banner));
        QVERIFY(banner.isHidden());
        QCOMPARE(detected.count(), 1);
    }

    void declaredCrisisReachesEveryone()
    {
        Core::CrisisMode crisis;
        crisis.active = true;
        crisis.title = QStringLiteral("Login outage");
        crisis.terms = {QStringLiteral("outage")};
        crisis.holdingStatement = QStringLiteral("We know logins fail and are fixing it; next update at 15:00.");
        auto saved = Tests::runAndWait<bool>(*m_store, [crisis](Store::Database &db) -> Core::Result<bool> {
            if (Core::Status s = Store::WorkspaceSettings(db).setCrisis(crisis, QStringLiteral("lead")); !s)
                return s.error();
            return true;
        });
        QVERIFY(saved.ok());

        Gui::CrisisBanner banner(m_store.get(), QStringLiteral("agent"), false);
        QVERIFY(checked(banner));
        QVERIFY(!banner.isHidden());
        const QString text = banner.findChild<QLabel *>(QStringLiteral("crisisBannerText"))->text();
        QVERIFY(text.contains(QStringLiteral("Login outage")));
        QVERIFY(text.contains(crisis.holdingStatement));
        QVERIFY(banner.findChild<QPushButton *>(QStringLiteral("crisisEnd"))->isHidden()); // leads only

        QSignalSpy statement(&banner, &Gui::CrisisBanner::holdingStatementRequested);
        banner.findChild<QPushButton *>(QStringLiteral("crisisInsert"))->click();
        QCOMPARE(statement.count(), 1);
        QCOMPARE(statement.first().first().toString(), crisis.holdingStatement);

        QSignalSpy grouped(&banner, &Gui::CrisisBanner::conversationsRequested);
        banner.findChild<QPushButton *>(QStringLiteral("crisisShow"))->click();
        QVERIFY(grouped.wait(5000));
        QCOMPARE(grouped.first().at(0).toString(), QStringLiteral("Crisis: Login outage"));
        QCOMPARE(grouped.first().at(1).value<QList<qint64>>().size(), 12);
    }
};

QTEST_MAIN(TestCrisisBanner)
#include "tst_crisisbanner.moc"
