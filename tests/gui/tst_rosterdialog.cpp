// The on-duty roster: leads enter each agent's weekly shifts (checked; an error names the agent
// and day), everyone sees who is on duty now; the staffing label counts them, and an agent with
// shifts gets no desktop notifications while off duty.
#include "StoreJob.h"

#include "core/ManualClock.h"
#include "gui/AlertMonitor.h"
#include "gui/RosterDialog.h"
#include "gui/StaffingLabel.h"
#include "store/AgentRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestRosterDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;
    // Tuesday 2026-06-09 12:00 UTC (14:00 in Berlin).
    Core::ManualClock m_clock{QDateTime(QDate(2026, 6, 9), QTime(12, 0), Qt::UTC)};

    std::unique_ptr<Gui::RosterDialog> open(bool lead)
    {
        auto dialog = std::make_unique<Gui::RosterDialog>(m_store.get(), QStringLiteral("maria"), lead);
        QSignalSpy loaded(dialog.get(), &Gui::RosterDialog::loaded);
        dialog->load();
        return loaded.wait(5000) ? std::move(dialog) : nullptr;
    }

    static int rowOf(QTableWidget *table, const QString &agentId)
    {
        for (int row = 0; row < table->rowCount(); ++row) {
            if (table->item(row, 0)->data(Qt::UserRole).toString() == agentId)
                return row;
        }
        return -1;
    }

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QVERIFY(Tests::openAndWait(*m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("r.sqlite")))).ok());
        auto ok = Tests::runAndWait<bool>(*m_store, [this](Store::Database &db) -> Core::Result<bool> {
            db.setClock(&m_clock);
            Store::AgentRepository agents(db);
            for (const auto &[id, name] : {std::pair{"aisha", "Aisha Khan"}, std::pair{"tom", "Tom Berg"}}) {
                Core::Agent agent;
                agent.id = QLatin1String(id);
                agent.name = QLatin1String(name);
                agent.role = QStringLiteral("agent");
                if (Core::Status s = agents.upsert(agent); !s)
                    return s.error();
            }
            return true;
        });
        QVERIFY(ok.ok());
    }

    void leadsEnterShiftsAndEveryoneSeesWhoIsOnDuty()
    {
        auto dialog = open(true);
        QVERIFY(dialog);
        QTableWidget *table = dialog->table();
        const int aisha = rowOf(table, QStringLiteral("aisha"));
        const int tom = rowOf(table, QStringLiteral("tom"));
        QVERIFY(aisha >= 0 && tom >= 0);
        QCOMPARE(table->item(aisha, 1)->text(), QStringLiteral("no shifts"));
        // Column 2 is Monday: Aisha works 08:00–16:00 on weekdays, Tom Monday mornings only.
        for (int day = 0; day < 5; ++day)
            table->item(aisha, 2 + day)->setText(QStringLiteral("08:00-16:00"));
        table->item(tom, 2)->setText(QStringLiteral("06:00–09:00, 25:00–26:00"));
        auto *save = dialog->findChild<QPushButton *>(QStringLiteral("rosterSave"));
        QSignalSpy saved(dialog.get(), &Gui::RosterDialog::saved);
        save->click();
        QCOMPARE(saved.count(), 0);
        const QString problem = dialog->findChild<QLabel *>(QStringLiteral("rosterStatus"))->text();
        QVERIFY2(problem.contains(QStringLiteral("Tom Berg")) && problem.contains(QStringLiteral("25:00")), qPrintable(problem));

        table->item(tom, 2)->setText(QStringLiteral("06:00–09:00"));
        save->click();
        QVERIFY(saved.wait(5000));

        // Read back by an agent: Tuesday 14:00 Berlin, Aisha is on duty until 16:00, Tom is off.
        auto view = open(false);
        QVERIFY(view);
        const int aishaRow = rowOf(view->table(), QStringLiteral("aisha"));
        QCOMPARE(aishaRow, 0); // on duty first
        QVERIFY2(view->table()->item(aishaRow, 1)->text().startsWith(QStringLiteral("on duty until")),
                 qPrintable(view->table()->item(aishaRow, 1)->text()));
        QVERIFY(view->table()->item(rowOf(view->table(), QStringLiteral("tom")), 1)->text().contains(QStringLiteral("next shift")));
        QCOMPARE(view->table()->item(aishaRow, 3)->text(), QStringLiteral("08:00–16:00"));
        QVERIFY(view->findChild<QLabel *>(QStringLiteral("rosterStatus"))->text().startsWith(QStringLiteral("1 of 2")));
        QCOMPARE(view->table()->editTriggers(), QAbstractItemView::NoEditTriggers);

        Gui::StaffingLabel label(m_store.get());
        label.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(label.text().contains(QStringLiteral("1 on duty")), 5000);
        QVERIFY(label.toolTip().contains(QStringLiteral("On duty: Aisha Khan until")));
        QVERIFY(label.toolTip().contains(QStringLiteral("Next: Tom Berg from")));
    }

    void alertsFollowTheRoster()
    {
        Gui::AlertMonitor tom(m_store.get());
        tom.setAgent(QStringLiteral("tom"));
        tom.check();
        QTRY_VERIFY_WITH_TIMEOUT(tom.offDuty(), 5000);

        Gui::AlertMonitor aisha(m_store.get());
        aisha.setAgent(QStringLiteral("aisha"));
        aisha.check();
        Tests::runAndWait<bool>(*m_store, [](Store::Database &) -> Core::Result<bool> { return true; });
        QVERIFY(!aisha.offDuty());

        // Monday 06:30 Berlin: Tom's turn.
        Tests::runAndWait<bool>(*m_store, [this](Store::Database &) -> Core::Result<bool> {
            m_clock.set(QDateTime(QDate(2026, 6, 8), QTime(4, 30), Qt::UTC));
            return true;
        });
        tom.check();
        QTRY_VERIFY_WITH_TIMEOUT(!tom.offDuty(), 5000);
    }
};

QTEST_MAIN(TestRosterDialog)
#include "tst_rosterdialog.moc"
