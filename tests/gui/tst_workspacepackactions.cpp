// File → Import/Export workspace pack (Gui::WorkspacePackActions) on a real store worker: export
// writes a pack; import shows what it would change before anything changes (the store is untouched
// while the dialog is open, and after Cancel), Import applies it; a hostile pack is shown as
// refused with its problems, without an Import button. CARE_SCREENSHOT_DIR=dir saves the dialogs.
#include "StoreJob.h"
#include "core/PolicyDocument.h"
#include "gui/FileDialog.h"
#include "gui/WorkspacePackActions.h"
#include "gui/WorkspacePackDialog.h"
#include "store/PolicyRepository.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestWorkspacePackActions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static int policyCount(Store::Store &store)
    {
        auto count = Tests::runAndWait<int>(store, [](Store::Database &db) -> Core::Result<int> {
            auto list = Store::PolicyRepository(db).list();
            if (!list)
                return list.error();
            return int(list->size());
        });
        return count ? count.value() : -1;
    }

    static Gui::WorkspacePackDialog *waitForDialog(QWidget &window)
    {
        Gui::WorkspacePackDialog *dialog = nullptr;
        const bool shown = QTest::qWaitFor([&] { return (dialog = window.findChild<Gui::WorkspacePackDialog *>()) != nullptr; }, 10000);
        return shown ? dialog : nullptr;
    }

    static void saveScreenshot(QWidget *widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("CARE_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            widget->grab().save(dir + QLatin1Char('/') + name);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void exportThenImportShowsThePlanFirst()
    {
        QMainWindow window;
        window.show();
        Store::Store lead;
        QVERIFY(Tests::openAndWait(lead, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("lead.sqlite")))));
        auto saved = Tests::runAndWait<int>(lead, [](Store::Database &db) {
            Core::PolicyDocument policy;
            policy.slug = QStringLiteral("going-private");
            policy.title = QStringLiteral("When to go private");
            policy.body = QStringLiteral("Booking numbers, addresses and phone numbers never in public.");
            return Store::PolicyRepository(db).save(policy, QStringLiteral("aisha"));
        });
        QVERIFY(saved);

        const QString pack = m_dir.filePath(QStringLiteral("team.careconsole-pack.json"));
        Gui::WorkspacePackActions leadActions(&lead, QStringLiteral("aisha"), &window);
        QSignalSpy exported(&leadActions, &Gui::WorkspacePackActions::finished);
        Gui::FileDialog::setNextSaveFileName(pack);
        leadActions.exportPack();
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 10000);
        QVERIFY2(exported.first().first().toString().contains(QStringLiteral("Saved")), qPrintable(exported.first().first().toString()));
        QVERIFY(QFile::exists(pack));

        Store::Store staff;
        QVERIFY(Tests::openAndWait(staff, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("staff.sqlite")))));
        Gui::WorkspacePackActions staffActions(&staff, QStringLiteral("ben"), &window);
        QSignalSpy imported(&staffActions, &Gui::WorkspacePackActions::imported);

        // Cancel: nothing changes.
        Gui::FileDialog::setNextOpenFileName(pack);
        staffActions.importPack();
        Gui::WorkspacePackDialog *dialog = waitForDialog(window);
        QVERIFY(dialog);
        auto *lines = dialog->findChild<QPlainTextEdit *>(QStringLiteral("workspacePackLines"));
        auto *importButton = dialog->findChild<QPushButton *>(QStringLiteral("workspacePackImport"));
        QVERIFY(lines && importButton);
        QVERIFY2(lines->toPlainText().contains(QStringLiteral("add policy going-private: When to go private")),
                 qPrintable(lines->toPlainText()));
        QVERIFY(!importButton->isHidden());
        saveScreenshot(dialog, QStringLiteral("workspace-pack-plan.png"));
        QCOMPARE(policyCount(staff), 0);
        dialog->reject();
        QTRY_VERIFY(!window.findChild<Gui::WorkspacePackDialog *>());
        QCOMPARE(policyCount(staff), 0);
        QCOMPARE(imported.size(), 0);

        // Import: applied.
        Gui::FileDialog::setNextOpenFileName(pack);
        staffActions.importPack();
        dialog = waitForDialog(window);
        QVERIFY(dialog);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("workspacePackImport")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(imported.size(), 1, 10000);
        QCOMPARE(policyCount(staff), 1);
    }

    void aHostilePackIsShownAsRefused()
    {
        QMainWindow window;
        window.show();
        Store::Store staff;
        QVERIFY(Tests::openAndWait(staff, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("victim.sqlite")))));
        const QString pack = m_dir.filePath(QStringLiteral("hostile.json"));
        QFile file(pack);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "care-workspace-pack", "version": 1, "canned_replies": [{"shortcode": "../../x", "title": 7}]})");
        file.close();
        Gui::WorkspacePackActions actions(&staff, QStringLiteral("ben"), &window);
        Gui::FileDialog::setNextOpenFileName(pack);
        actions.importPack();
        Gui::WorkspacePackDialog *dialog = waitForDialog(window);
        QVERIFY(dialog);
        const QString text = dialog->findChild<QPlainTextEdit *>(QStringLiteral("workspacePackLines"))->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("canned_replies[0].shortcode")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("canned_replies[0].title: must be text")), qPrintable(text));
        QVERIFY2(dialog->findChild<QLabel *>(QStringLiteral("workspacePackHeading"))->text().contains(QStringLiteral("nothing was changed")),
                 "the heading says nothing changed");
        QVERIFY(dialog->findChild<QPushButton *>(QStringLiteral("workspacePackImport"))->isHidden());
        bool hasClose = false;
        for (QPushButton *button : dialog->findChildren<QPushButton *>())
            hasClose = hasClose || (!button->isHidden() && button->text() == QLatin1String("Close"));
        QVERIFY(hasClose);
        saveScreenshot(dialog, QStringLiteral("workspace-pack-refused.png"));
        dialog->reject();
    }
};

QTEST_MAIN(TestWorkspacePackActions)
#include "tst_workspacepackactions.moc"
