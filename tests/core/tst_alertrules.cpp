#include "core/AlertRules.h"

#include <QTest>

using namespace Care::Core;

class TestAlertRules : public QObject
{
    Q_OBJECT

private:
    const QDateTime kNow = QDateTime(QDate(2026, 11, 23), QTime(10, 0), Qt::UTC);

private slots:
    void newUrgentOnceAndNotAtStart()
    {
        AlertRules rules;
        QList<AlertRules::Item> items{{1, QStringLiteral("Dana"), true, kNow.addSecs(3600)}};
        QVERIFY(rules.update(items, kNow, QTime(10, 0)).isEmpty()); // already there at start
        items << AlertRules::Item{2, QStringLiteral("Lee"), true, kNow.addSecs(3600)};
        const auto alerts = rules.update(items, kNow, QTime(10, 0));
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts.first().conversationId, 2);
        QCOMPARE(alerts.first().kind, AlertRules::Alert::Kind::NewUrgent);
        QVERIFY(rules.update(items, kNow, QTime(10, 0)).isEmpty()); // not twice
    }

    void imminentBreachOnce()
    {
        AlertRules rules;
        QList<AlertRules::Item> items{{7, QStringLiteral("Ana"), false, kNow.addSecs(10 * 60)}};
        QVERIFY(rules.update(items, kNow, QTime(10, 0)).isEmpty());
        const auto alerts = rules.update(items, kNow.addSecs(6 * 60), QTime(10, 6)); // 4 minutes left
        QCOMPARE(alerts.size(), 1);
        QCOMPARE(alerts.first().kind, AlertRules::Alert::Kind::ImminentBreach);
        QVERIFY(rules.update(items, kNow.addSecs(7 * 60), QTime(10, 7)).isEmpty());
        QCOMPARE(AlertRules::dueSoonCount(items, kNow), 1);
        QCOMPARE(AlertRules::dueSoonCount(items, kNow.addSecs(-3600)), 0);
    }

    void quietHoursAcrossMidnight()
    {
        AlertRules rules;
        rules.setQuietHours(QTime(22, 0), QTime(7, 0));
        QVERIFY(rules.isQuiet(QTime(23, 30)));
        QVERIFY(rules.isQuiet(QTime(6, 59)));
        QVERIFY(!rules.isQuiet(QTime(7, 0)));
        QList<AlertRules::Item> items;
        QVERIFY(rules.update(items, kNow, QTime(23, 0)).isEmpty());
        items << AlertRules::Item{3, QStringLiteral("Kai"), true, kNow.addSecs(60)};
        QVERIFY(rules.update(items, kNow, QTime(23, 0)).isEmpty()); // quiet: learned, not shown
        QVERIFY(rules.update(items, kNow, QTime(8, 0)).isEmpty());  // and not raised later either
    }
};

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alertrules.moc"
