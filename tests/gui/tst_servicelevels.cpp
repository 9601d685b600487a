// The leads' service-level editors: a calendar with split, overnight and special days, SLA
// policies and triage rules are checked as typed, saved through the store's worker, and the
// due times of open conversations follow the saved calendar and policies.
#include "StoreJob.h"
#include "StoreTestBackend.h"

#include "core/CalendarRangeText.h"
#include "gui/CalendarEditor.h"
#include "gui/ServiceLevelsDialog.h"
#include "gui/SlaPolicyEditor.h"
#include "gui/TriageRulesEditor.h"
#include "store/AccountRepository.h"
#include "store/MessageRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QComboBox>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestServiceLevels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;

    qint64 value(const QString &sql)
    {
        auto r = Tests::runAndWait<qint64>(*m_store, [sql](Store::Database &db) -> Core::Result<qint64> {
            QSqlQuery q(db.connection());
            if (!q.exec(sql) || !q.next())
                return Core::Error::make(Core::Error::Code::QueryFailed, sql);
            return q.value(0).toLongLong();
        });
        return r ? r.value() : -1;
    }

    std::unique_ptr<Gui::ServiceLevelsDialog> openDialog()
    {
        auto dialog = std::make_unique<Gui::ServiceLevelsDialog>(m_store.get(), QStringLiteral("lead"));
        QSignalSpy loaded(dialog.get(), &Gui::ServiceLevelsDialog::loaded);
        dialog->load();
        if (!loaded.wait(5000))
            return nullptr;
        return dialog;
    }

    template<typename T>
    static T *child(QObject *parent, const char *name)
    {
        return parent->findChild<T *>(QLatin1String(name));
    }

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QVERIFY(Tests::openAndWait(*m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("sl.sqlite")))).ok());
        // An open conversation whose first message arrived on Wednesday 2026-06-10 at 21:30 Berlin
        // time: under the bundled calendar (07:00–22:00) and policy (1 h of staffed time) it is
        // due Thursday 07:30 (05:30 UTC): half an hour that evening, half an hour the next morning.
        auto ok = Tests::runAndWait<bool>(*m_store, [](Store::Database &db) -> Core::Result<bool> {
            auto accountId = Tests::addMastodonAccount(db);
            if (!accountId)
                return accountId.error();
            Core::IncomingMessage in;
            in.accountId = accountId.value();
            in.platformMessageId = QStringLiteral("1");
            in.threadKey = QStringLiteral("1");
            in.customerPlatformUserId = QStringLiteral("7");
            in.customerName = QStringLiteral("Kettle Fan");
            in.body = QStringLiteral("Where is my parcel? Ordered last month.");
            in.createdAt = QDateTime(QDate(2026, 6, 10), QTime(19, 30), Qt::UTC);
            if (auto r = Store::MessageRepository(db).ingest({in}); !r)
                return r.error();
            return true;
        });
        QVERIFY2(ok.ok(), qPrintable(ok.ok() ? QString() : ok.error().fullText()));
        QCOMPARE(value(QStringLiteral("SELECT first_response_due FROM conversations")),
                 QDateTime(QDate(2026, 6, 11), QTime(5, 30), Qt::UTC).toMSecsSinceEpoch());
    }

    void loadsTheWorkspaceSettings()
    {
        auto dialog = openDialog();
        QVERIFY(dialog);
        auto *zone = child<QComboBox>(dialog.get(), "calendarZone");
        QCOMPARE(zone->currentText(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(child<QLineEdit>(dialog.get(), "calendarDay1")->text(), QStringLiteral("07:00–22:00"));
        // The bundled closures are listed as dates without hours.
        auto *exceptions = child<QTableWidget>(dialog.get(), "calendarExceptions");
        QCOMPARE(exceptions->rowCount(), 3);
        QCOMPARE(exceptions->item(0, 0)->text(), QStringLiteral("2026-12-25"));
        auto *list = child<QListWidget>(dialog.get(), "slaPolicyList");
        QCOMPARE(list->count(), 2);
        QCOMPARE(child<QSpinBox>(dialog.get(), "slaFirstResponse")->value(), 60);
        QVERIFY(child<QComboBox>(dialog.get(), "triageLanguage")->count() >= 2);
    }

    void invalidInputIsRefusedAndNamesTheProblem()
    {
        auto dialog = openDialog();
        QVERIFY(dialog);
        auto *tuesday = child<QLineEdit>(dialog.get(), "calendarDay2");
        tuesday->setFocus();
        tuesday->selectAll();
        QTest::keyClicks(tuesday, QStringLiteral("07:00-25:00"));
        auto *problem = child<QLabel>(dialog.get(), "calendarProblem");
        QVERIFY(problem->text().contains(QStringLiteral("25:00")));
        QSignalSpy failed(dialog.get(), &Gui::ServiceLevelsDialog::saveFailed);
        dialog->save();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(dialog->tabs()->currentIndex(), 0);

        // Two policies with the same criteria: the second could never apply.
        tuesday->setText(QStringLiteral("07:00-22:00"));
        emit tuesday->textEdited(tuesday->text());
        QVERIFY(problem->isHidden());
        child<QPushButton>(dialog.get(), "slaAdd")->click();
        dialog->save();
        QCOMPARE(failed.count(), 2);
        QCOMPARE(dialog->tabs()->currentIndex(), 1);
        QVERIFY(failed.last().at(0).toString().contains(QStringLiteral("Default")));

        // A broken triage rule set.
        child<QPushButton>(dialog.get(), "slaRemove")->click();
        QCOMPARE(child<QListWidget>(dialog.get(), "slaPolicyList")->count(), 2);
        child<QPlainTextEdit>(dialog.get(), "triageText")->setPlainText(QStringLiteral("{\"format\": 1"));
        dialog->save();
        QVERIFY2(failed.count() == 3 && dialog->tabs()->currentIndex() == 2, qPrintable(failed.last().at(0).toString()));
        QCOMPARE(failed.count(), 3);
        QCOMPARE(dialog->tabs()->currentIndex(), 2);
        // Nothing reached the store.
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM workspace_settings WHERE key IN ('calendar', 'sla_policies', 'triage_rules')")), 0);
    }

    void savingStoresEverythingAndRecomputesDueTimes()
    {
        auto dialog = openDialog();
        QVERIFY(dialog);
        // Wednesday: a split shift and an evening shift running past midnight.
        auto *wednesday = child<QLineEdit>(dialog.get(), "calendarDay3");
        wednesday->setText(QStringLiteral("08:00–12:00, 20:30–01:00"));
        emit wednesday->textEdited(wednesday->text());
        dialog->calendarEditor()->addException(QDate(2026, 12, 24));
        auto *exceptions = child<QTableWidget>(dialog.get(), "calendarExceptions");
        const int row = exceptions->rowCount() - 1;
        exceptions->item(row, 1)->setText(QStringLiteral("Christmas Eve"));
        exceptions->item(row, 2)->setText(QStringLiteral("08:00-14:00"));

        // The default policy counts wall-clock time from now on: 2 hours to first response.
        auto *list = child<QListWidget>(dialog.get(), "slaPolicyList");
        list->setCurrentRow(0);
        child<QSpinBox>(dialog.get(), "slaFirstResponse")->setValue(120);
        child<QComboBox>(dialog.get(), "slaCounting")->setCurrentIndex(1);

        QSignalSpy saved(dialog.get(), &Gui::ServiceLevelsDialog::saved);
        dialog->save();
        QVERIFY(saved.wait(10000));

        auto stored = Tests::runAndWait<Store::Database::SlaContext>(*m_store, [](Store::Database &db) {
            return db.slaContext();
        });
        QVERIFY(stored.ok());
        const Core::BusinessCalendar &calendar = stored->calendar;
        QCOMPARE(Core::rangesToText(calendar.hours(Qt::Wednesday)), QStringLiteral("08:00–12:00, 20:30–01:00"));
        QVERIFY(calendar.hasSpecialHoursOn(QDate(2026, 12, 24)));
        QVERIFY(calendar.isClosedOn(QDate(2026, 12, 25)));
        QCOMPARE(stored->policies.first().firstResponseSeconds.value_or(0), 7200);
        QVERIFY(!stored->policies.first().countStaffedHoursOnly);
        // Wall clock now: 19:30 UTC + 2 h = 21:30 UTC, whatever the calendar says.
        QCOMPARE(value(QStringLiteral("SELECT first_response_due FROM conversations")),
                 QDateTime(QDate(2026, 6, 10), QTime(21, 30), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'settings.calendar'")), 1);

        // Back to staffed hours, with Wednesday's evening shift from 22:00: nothing counts until
        // then, and 2 h of the overnight shift end at midnight Berlin = 22:00 UTC.
        auto again = openDialog();
        QVERIFY(again);
        child<QListWidget>(again.get(), "slaPolicyList")->setCurrentRow(0);
        child<QComboBox>(again.get(), "slaCounting")->setCurrentIndex(0);
        auto *wednesdayAgain = child<QLineEdit>(again.get(), "calendarDay3");
        wednesdayAgain->setText(QStringLiteral("08:00–12:00, 22:00–01:00"));
        emit wednesdayAgain->textEdited(wednesdayAgain->text());
        QSignalSpy savedAgain(again.get(), &Gui::ServiceLevelsDialog::saved);
        again->save();
        QVERIFY(savedAgain.wait(10000));
        QCOMPARE(value(QStringLiteral("SELECT first_response_due FROM conversations")),
                 QDateTime(QDate(2026, 6, 10), QTime(22, 0), Qt::UTC).toMSecsSinceEpoch());
    }

    void triageRulesAreTriedAndSaved()
    {
        auto dialog = openDialog();
        QVERIFY(dialog);
        auto *sample = child<QLineEdit>(dialog.get(), "triageSample");
        sample->setText(QStringLiteral("I can't log in and my flight leaves tonight"));
        auto *result = child<QLabel>(dialog.get(), "triageResult");
        QVERIFY2(result->text().contains(QStringLiteral("Urgent")) || result->text().contains(QStringLiteral("High")),
                 qPrintable(result->text()));

        // Edit the English rules.
        auto *language = child<QComboBox>(dialog.get(), "triageLanguage");
        const int english = language->findText(QStringLiteral("(en)"), Qt::MatchContains);
        QVERIFY(english >= 0);
        language->setCurrentIndex(english);
        auto *text = child<QPlainTextEdit>(dialog.get(), "triageText");
        // A lead's own rule: "recall" is a service loss.
        QString json = text->toPlainText();
        const QString anchor = QStringLiteral("\"service_loss\": [");
        QVERIFY(json.contains(anchor));
        json.replace(anchor, anchor + QStringLiteral("{\"id\": \"product-recall\", \"description\": \"A recall notice\", "
                                                     "\"pattern\": \"zorblax recall\", \"level\": \"high\"},"));
        text->setPlainText(json);
        sample->setText(QStringLiteral("is there a zorblax recall on my kettle"));
        QVERIFY2(result->text().contains(QStringLiteral("en/product-recall")), qPrintable(result->text()));

        QSignalSpy saved(dialog.get(), &Gui::ServiceLevelsDialog::saved);
        dialog->save();
        QVERIFY(saved.wait(10000));
        auto triage = Tests::runAndWait<QStringList>(*m_store, [](Store::Database &db) -> Core::Result<QStringList> {
            auto classifier = db.classifier();
            if (!classifier)
                return classifier.error();
            return classifier.value()->classify(QStringLiteral("is there a zorblax recall on my kettle")).matchedRules;
        });
        QVERIFY(triage.ok());
        QVERIFY2(triage->contains(QStringLiteral("en/product-recall")), qPrintable(triage->join(u',')));
    }
};

QTEST_MAIN(TestServiceLevels)
#include "tst_servicelevels.moc"
