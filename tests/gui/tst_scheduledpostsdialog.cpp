// Scheduled posts for leads: planning shift announcements from the calendar (shown before
// they are scheduled, replacing the account's earlier plan), listing, editing and cancelling.
#include "StoreJob.h"
#include "StoreTestBackend.h"

#include "gui/ScheduledPostsDialog.h"
#include "gui/ShiftPlanDialog.h"
#include "store/AccountRepository.h"
#include "store/ScheduledPostRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestScheduledPostsDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;
    qint64 m_account = 0;

    QList<Core::ScheduledPost> posts()
    {
        auto list = Tests::runAndWait<QList<Core::ScheduledPost>>(
            *m_store, [](Store::Database &db) { return Store::ScheduledPostRepository(db).list(); });
        return list ? list.value() : QList<Core::ScheduledPost>();
    }

    int countIn(Core::ScheduledPost::State state)
    {
        int n = 0;
        for (const auto &post : posts())
            n += post.state == state ? 1 : 0;
        return n;
    }

    int plan(int days)
    {
        Gui::ShiftPlanDialog dialog(m_store.get(), QStringLiteral("lead"));
        QSignalSpy loaded(&dialog, &Gui::ShiftPlanDialog::loaded);
        dialog.load();
        if (!loaded.wait(5000))
            return -1;
        dialog.findChild<QSpinBox *>(QStringLiteral("shiftPlanDays"))->setValue(days);
        auto *preview = dialog.findChild<QTableWidget *>(QStringLiteral("shiftPlanPreview"));
        if (preview->rowCount() != dialog.planned().size())
            return -2;
        QSignalSpy scheduled(&dialog, &Gui::ShiftPlanDialog::scheduled);
        dialog.findChild<QPushButton *>(QStringLiteral("shiftPlanSchedule"))->click();
        if (!scheduled.wait(5000))
            return -3;
        return scheduled.first().first().toInt();
    }

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QVERIFY(Tests::openAndWait(*m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("sp.sqlite")))).ok());
        auto id = Tests::runAndWait<qint64>(*m_store, [](Store::Database &db) -> Core::Result<qint64> {
            // Every day 08:00–12:00 and 13:00–18:00: four announcements a day.
            Core::BusinessCalendar calendar(QTimeZone(QByteArrayLiteral("Europe/Berlin")));
            for (int day = Qt::Monday; day <= Qt::Sunday; ++day)
                calendar.setHours(static_cast<Qt::DayOfWeek>(day), {{QTime(8, 0), QTime(12, 0)}, {QTime(13, 0), QTime(18, 0)}});
            if (Core::Status s = Store::WorkspaceSettings(db).setCalendar(calendar, QStringLiteral("lead")); !s)
                return s.error();
            return Tests::addMastodonAccount(db);
        });
        QVERIFY(id.ok());
        m_account = id.value();
    }

    void plansFromTheCalendarAndReplacesTheEarlierPlan()
    {
        const int count = plan(2);
        // Two days of four edges each, give or take the edges already past today.
        QVERIFY2(count >= 6 && count <= 8, qPrintable(QString::number(count)));
        QCOMPARE(countIn(Core::ScheduledPost::State::Scheduled), count);
        for (const auto &post : posts()) {
            QCOMPARE(post.accountId, m_account);
            QVERIFY(post.kind == QLatin1String("opening") || post.kind == QLatin1String("closing"));
            QVERIFY(post.expiresAt > post.postAt);
            QVERIFY(post.body.contains(QStringLiteral("Europe/Berlin")));
        }
        // Planning again replaces the plan instead of doubling it.
        const int again = plan(1);
        QVERIFY(again > 0);
        QCOMPARE(countIn(Core::ScheduledPost::State::Scheduled), again);
        QCOMPARE(countIn(Core::ScheduledPost::State::Cancelled), count);
    }

    void listsEditsAndCancels()
    {
        Gui::ScheduledPostsDialog dialog(m_store.get(), QStringLiteral("lead"));
        QSignalSpy reloaded(&dialog, &Gui::ScheduledPostsDialog::reloaded);
        dialog.reload();
        QVERIFY(reloaded.wait(5000));
        const int scheduled = countIn(Core::ScheduledPost::State::Scheduled);
        QCOMPARE(dialog.table()->rowCount(), int(posts().size()));
        // Pick the first waiting post and cancel it from the keyboard (Delete).
        int row = 0;
        while (row < dialog.table()->rowCount()
               && dialog.table()->item(row, 4)->text() != Core::ScheduledPost::stateDisplayName(Core::ScheduledPost::State::Scheduled))
            ++row;
        QVERIFY(row < dialog.table()->rowCount());
        dialog.table()->setCurrentCell(row, 0);
        auto *cancel = dialog.findChild<QPushButton *>(QStringLiteral("scheduledPostsCancel"));
        QVERIFY(cancel->isEnabled());
        QCOMPARE(cancel->shortcut(), QKeySequence(QKeySequence::Delete));
        QSignalSpy changed(&dialog, &Gui::ScheduledPostsDialog::changed);
        cancel->click();
        QVERIFY(changed.wait(5000));
        QCOMPARE(countIn(Core::ScheduledPost::State::Scheduled), scheduled - 1);
        // A cancelled post can be neither edited nor cancelled again.
        QTRY_COMPARE_WITH_TIMEOUT(reloaded.count(), 2, 5000);
        for (int r = 0; r < dialog.table()->rowCount(); ++r) {
            if (dialog.table()->item(r, 4)->text() == Core::ScheduledPost::stateDisplayName(Core::ScheduledPost::State::Cancelled)) {
                dialog.table()->setCurrentCell(r, 0);
                break;
            }
        }
        QVERIFY(!cancel->isEnabled());
        QVERIFY(!dialog.findChild<QPushButton *>(QStringLiteral("scheduledPostsEdit"))->isEnabled());
    }
};

QTEST_MAIN(TestScheduledPostsDialog)
#include "tst_scheduledpostsdialog.moc"
