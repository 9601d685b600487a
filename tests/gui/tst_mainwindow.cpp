#include "gui/AlertMonitor.h"
#include "gui/AssignDialog.h"
#include "store/MessageRepository.h"
#include "gui/ChartsPane.h"
#include "gui/ComposerPane.h"
#include "gui/DispositionDialog.h"
#include "gui/FileDialog.h"
#include "gui/ConversationPane.h"
#include "gui/InboxModel.h"
#include "gui/InboxPane.h"
#include "gui/MainWindow.h"
#include "gui/PolicySidebar.h"
#include "gui/ViewsPane.h"
#include "gui/WorkflowController.h"
#include "store/DemoWorkspace.h"
#include "StoreTestBackend.h"
#include "store/Store.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QPointer>
#include <QRadioButton>
#include <QSettings>
#include <QComboBox>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QMenu>
#include <QTextCursor>
#include <QTreeView>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <algorithm>

using namespace Care;

namespace {

// A small workspace whose every value the test knows.
const char *const kWorkspace = R"({
  "brand": "Test Air",
  "agents": [{"id": "maria", "name": "María López", "signature": "María", "role": "agent"}],
  "accounts": [
    {"key": "x", "platform": "x", "handle": "@TestAir", "name": "Test Air on X"},
    {"key": "fb", "platform": "facebook", "handle": "testair", "name": "Test Air on Facebook"}
  ],
  "customers": [
    {"key": "dana", "name": "Dana Whitfield", "preferred_channel": "email", "notes": "Frequent flyer",
     "identities": [{"platform": "x", "handle": "@danaw", "user_id": "100"},
                    {"platform": "facebook", "handle": "Dana W.", "user_id": "200"}]},
    {"key": "lee", "name": "Lee Park", "preferred_channel": "",
     "identities": [{"platform": "x", "handle": "@leep", "user_id": "300"}]}
  ],
  "conversations": [
    {"key": "checkin", "account": "x", "customer": "dana", "status": "open", "priority": "urgent",
     "assignee": null, "tags": ["check-in"],
     "messages": [{"direction": "inbound", "visibility": "public", "minutes_ago": 40,
                   "text": "Online check-in keeps failing, my flight leaves tonight <b>not bold</b>"}]},
    {"key": "seat", "account": "fb", "customer": "dana", "status": "resolved", "priority": "normal",
     "assignee": "maria", "tags": ["seats"],
     "messages": [{"direction": "inbound", "visibility": "public", "minutes_ago": 13000, "text": "Can I pick a window seat?"},
                  {"direction": "outbound", "visibility": "public", "minutes_ago": 12980, "agent": "maria",
                   "text": "Yes, in Manage booking. – María"}]},
    {"key": "parcel", "account": "x", "customer": "lee", "status": "open", "priority": "high",
     "assignee": "maria", "tags": ["parcel"],
     "messages": [{"direction": "inbound", "visibility": "public", "minutes_ago": 300, "text": "Where is my parcel?"},
                  {"direction": "outbound", "visibility": "private", "minutes_ago": 290, "agent": "maria",
                   "text": "Checking with the courier now. – María"},
                  {"direction": "inbound", "visibility": "private", "minutes_ago": 10, "text": "Any news on the parcel?"}]}
  ],
  "canned_replies": [{"shortcode": "sorry", "title": "Apology", "tags": [], "body": "We are very sorry, {customer.first_name}."},
                     {"shortcode": "refund", "title": "Refund window", "tags": [],
                      "body": "Refunds within {policy.refund_days} days; your voucher code is {voucher.code}."}]
})";

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_store = std::make_unique<Store::Store>();
        QSignalSpy opened(this, &TestMainWindow::done);
        m_store->open(Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("gui-%1.sqlite").arg(++m_n))),
                      this, [this](Core::Status s) {
                          QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().fullText() + QLatin1Char(' ') + s.error().detail));
                          emit done();
                      });
        QVERIFY(opened.wait(10000));
    }

    void cleanup()
    {
        m_window.reset();
        m_store.reset();
    }

    void fourRegionsShowTheWorkspace()
    {
        loadJson();
        openWindow(true);
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QVERIFY(inbox);
        // "All open" is the default view: the two open conversations, soonest due first.
        QTRY_COMPARE(inbox->model()->rowCount(), 2);
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::CustomerColumn).data().toString(), QStringLiteral("Dana Whitfield"));
        QCOMPARE(inbox->model()->index(1, InboxModel::CustomerColumn).data().toString(), QStringLiteral("Lee Park"));
        // Dana's is urgent: 15 minutes to a first response, and she wrote 40 minutes ago.
        // (A minute's tolerance: the countdown floors to whole minutes while the test runs.)
        const QString danaDue = inbox->model()->index(0, InboxModel::DueColumn).data().toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^2[56] min over$")).match(danaDue).hasMatch(), qPrintable(danaDue));
        // Lee waits for a next response: an hour from his latest message, 10 minutes ago.
        const QString leeDue = inbox->model()->index(1, InboxModel::DueColumn).data().toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^in (49|50) min$")).match(leeDue).hasMatch(), qPrintable(leeDue));

        // The first conversation opens by itself, with the customer's history on every channel.
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QVERIFY(transcript);
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Online check-in keeps failing")));
        QVERIFY2(transcript->toPlainText().contains(QStringLiteral("Can I pick a window seat?")),
                 "the Facebook conversation of the same customer is in the transcript");
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("María López (team)")));
        // Customer text is shown as text, never as markup.
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("<b>not bold</b>")));
        auto *name = m_window->findChild<QLabel *>(QStringLiteral("customerName"));
        QCOMPARE(name->text(), QStringLiteral("Dana Whitfield"));
        QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("customerContact"))->text().contains(QStringLiteral("E-mail")));
        QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("customerHistory"))->text(),
                     QStringLiteral("Conversations: 2 (1 open or waiting, 1 resolved) · Tags: check-in, seats"));

        auto *policies = m_window->findChild<QListWidget *>(QStringLiteral("policyList"));
        QVERIFY(policies);
        QTRY_VERIFY(policies->count() > 0);
        QTRY_COMPARE(m_window->findChild<QListWidget *>(QStringLiteral("cannedReplyList"))->count(), 2);

        ChartsPane *charts = m_window->chartsPane();
        QTRY_COMPARE(charts->report().days.size(), ChartsPane::kDays);
        QVERIFY(charts->report().overall.has_value());
        // Dana's seat question (9 days ago) was answered in 20 minutes, Lee's parcel in 10.
        QCOMPARE(charts->report().overall->count, 2);
        QCOMPARE(charts->report().unanswered, 1);

        auto *banner = m_window->findChild<QWidget *>(QStringLiteral("demoBanner"));
        QVERIFY(banner);
        QVERIFY(banner->isVisible());
    }

    void searchAndViewsFilterTheInbox()
    {
        loadJson();
        openWindow(false);
        QVERIFY(!m_window->findChild<QWidget *>(QStringLiteral("demoBanner")));
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QAbstractItemModelTester tester(inbox->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(inbox->model()->rowCount(), 2);

        auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("inboxSearch"));
        QTest::keyClicks(search, QStringLiteral("parcel"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::CustomerColumn).data().toString(), QStringLiteral("Lee Park"));

        search->clear();
        m_window->viewsPane()->setCurrentView(Gui::InboxView::Kind::Resolved);
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::TagsColumn).data().toString(), QStringLiteral("seats"));

        // Live counts beside each view.
        QTRY_COMPARE(m_window->viewsPane()->countOf(Gui::InboxView::Kind::AllOpen), 2);
        QCOMPARE(m_window->viewsPane()->countOf(Gui::InboxView::Kind::Resolved), 1);
        QCOMPARE(m_window->viewsPane()->countOf(Gui::InboxView::Kind::Mine), 1); // maria has Lee's parcel
        QCOMPARE(m_window->viewsPane()->countOf(Gui::InboxView::Kind::Unassigned), 1);
        // Neither answered nor dispositioned, whatever the status: Dana and Lee wait.
        QCOMPARE(m_window->viewsPane()->countOf(Gui::InboxView::Kind::NeedsAnswer), 2);

        m_window->viewsPane()->setCurrentView(Gui::InboxView::Kind::Everything);
        auto *platform = m_window->findChild<QComboBox *>(QStringLiteral("inboxPlatformFilter"));
        platform->setCurrentIndex(platform->findText(QStringLiteral("Facebook")));
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
    }

    void slashFocusesSearch()
    {
        loadJson();
        openWindow(false);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("inboxSearch"));
        m_window->findChild<QTreeView *>(QStringLiteral("inboxView"))->setFocus();
        QTest::keyClick(m_window.get(), Qt::Key_Slash);
        QTRY_VERIFY(search->hasFocus());
    }

    void noteIsSavedAndShown()
    {
        loadJson();
        openWindow(false);
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Online check-in")));
        m_window->workflow()->action(QStringLiteral("actionNote"))->trigger();
        auto *composer = m_window->findChild<Gui::ComposerPane *>(QStringLiteral("composerPane"));
        QCOMPARE(composer->mode(), Gui::ComposeMode::Note);
        auto *editor = m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        auto *send = m_window->findChild<QPushButton *>(QStringLiteral("composerSend"));
        QVERIFY(!send->isEnabled());
        editor->setPlainText(QStringLiteral("Checked: the booking is fine, check-in system issue."));
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Checked: the booking is fine")));
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("Internal note by María López")));
        QVERIFY(editor->toPlainText().isEmpty());
        // A note is not a response: the customer is still waiting.
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_VERIFY(!inbox->model()->index(0, InboxModel::WaitingColumn).data().toString().isEmpty());
    }

    void keyboardMovesThroughTheInbox()
    {
        loadJson();
        openWindow(false);
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_COMPARE(inbox->currentIndex().row(), 0);
        inbox->setFocus();
        QTest::keyClick(inbox, Qt::Key_J);
        QTRY_COMPARE(inbox->currentIndex().row(), 1);
        auto *name = m_window->findChild<QLabel *>(QStringLiteral("customerName"));
        QTRY_COMPARE(name->text(), QStringLiteral("Lee Park"));
        QTest::keyClick(inbox, Qt::Key_K);
        QTRY_COMPARE(inbox->currentIndex().row(), 0);
        QTRY_COMPARE(name->text(), QStringLiteral("Dana Whitfield"));
        // p: a private reply, typed straight away.
        QTest::keyClick(inbox, Qt::Key_P);
        auto *composer = m_window->findChild<Gui::ComposerPane *>(QStringLiteral("composerPane"));
        QCOMPARE(composer->mode(), Gui::ComposeMode::Private);
        QTRY_VERIFY(m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"))->hasFocus());
        // Shortcuts can be rebound.
        QCOMPARE(m_window->workflow()->action(QStringLiteral("actionResolve"))->shortcut(), QKeySequence(QStringLiteral("E")));
        QSettings().setValue(QStringLiteral("shortcuts/actionResolve"), QStringLiteral("Ctrl+Shift+R"));
        m_window->workflow()->loadShortcuts();
        QCOMPARE(m_window->workflow()->action(QStringLiteral("actionResolve"))->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+Shift+R")));
        QSettings().remove(QStringLiteral("shortcuts/actionResolve"));
    }

    void replyIsSignedAndCanBeTakenBack()
    {
        loadJson();
        openWindow(false);
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Online check-in")));
        auto *composer = m_window->findChild<Gui::ComposerPane *>(QStringLiteral("composerPane"));
        composer->setUndoDelayMs(400);
        m_window->workflow()->action(QStringLiteral("actionPrivateReply"))->trigger();
        auto *editor = m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        editor->setPlainText(QStringLiteral("Sorry about the check-in trouble. I have checked you in myself."));
        auto *send = m_window->findChild<QPushButton *>(QStringLiteral("composerSend"));
        QTest::mouseClick(send, Qt::LeftButton);
        auto *undoBar = m_window->findChild<QWidget *>(QStringLiteral("composerUndoBar"));
        QVERIFY(undoBar->isVisible());
        QVERIFY(editor->toPlainText().isEmpty());
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("composerUndo")), Qt::LeftButton);
        QVERIFY(!undoBar->isVisible());
        QCOMPARE(editor->toPlainText(), QStringLiteral("Sorry about the check-in trouble. I have checked you in myself."));
        QTest::qWait(600);
        QVERIFY2(!transcript->toPlainText().contains(QStringLiteral("I have checked you in myself")), "undone reply was not sent");

        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("I have checked you in myself.\n– María")));
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("Queued")));
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("private")));
        // The reply answers the customer: the clock stops.
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_VERIFY(inbox->model()->index(inbox->model()->rowCount() - 1, InboxModel::CustomerColumn).data().toString()
                    == QStringLiteral("Dana Whitfield"));
    }

    void draftSurvivesSwitchingConversations()
    {
        loadJson();
        openWindow(false);
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        auto *name = m_window->findChild<QLabel *>(QStringLiteral("customerName"));
        QTRY_COMPARE(name->text(), QStringLiteral("Dana Whitfield"));
        auto *editor = m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        QTest::keyClicks(editor, QStringLiteral("Half-written answer"));
        m_window->inboxPane()->moveSelection(1);
        QTRY_COMPARE(name->text(), QStringLiteral("Lee Park"));
        QTRY_VERIFY(editor->toPlainText().isEmpty());
        m_window->inboxPane()->moveSelection(-1);
        QTRY_COMPARE(name->text(), QStringLiteral("Dana Whitfield"));
        QTRY_COMPARE(editor->toPlainText(), QStringLiteral("Half-written answer"));
        Q_UNUSED(inbox);
    }

    void handOffWithNote()
    {
        loadJson();
        openWindow(false);
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Online check-in")));
        m_window->workflow()->action(QStringLiteral("actionAssign"))->trigger();
        QPointer<Gui::AssignDialog> dialog;
        QTRY_VERIFY((dialog = m_window->findChild<Gui::AssignDialog *>(QStringLiteral("assignDialog"))));
        auto *agent = dialog->findChild<QComboBox *>(QStringLiteral("assignAgent"));
        agent->setCurrentIndex(agent->findData(QStringLiteral("maria")));
        dialog->findChild<QPlainTextEdit *>(QStringLiteral("assignNote"))
            ->setPlainText(QStringLiteral("Dana flies tonight; check-in fails with error 17. Booking looks fine."));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("assignOk")), Qt::LeftButton);
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("check-in fails with error 17")));
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::AssigneeColumn).data().toString(), QStringLiteral("maria"));
    }

    void noReplyNeededNeedsAReason()
    {
        loadJson();
        openWindow(false);
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_VERIFY(!inbox->model()->index(0, InboxModel::WaitingColumn).data().toString().isEmpty());
        m_window->workflow()->action(QStringLiteral("actionNoReplyNeeded"))->trigger();
        QPointer<Gui::DispositionDialog> dialog;
        QTRY_VERIFY((dialog = m_window->findChild<Gui::DispositionDialog *>(QStringLiteral("dispositionDialog"))));
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("dispositionOk"));
        QVERIFY2(!ok->isEnabled(), "no reason chosen yet");
        QTest::mouseClick(dialog->findChild<QRadioButton *>(QStringLiteral("reason-monitored-only")), Qt::LeftButton);
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        // Dana no longer waits; the conversation moves behind those with a running clock.
        QTRY_COMPARE(inbox->model()->index(1, InboxModel::CustomerColumn).data().toString(), QStringLiteral("Dana Whitfield"));
        QVERIFY(inbox->model()->index(1, InboxModel::WaitingColumn).data().toString().isEmpty());
    }

    void mergeCustomersAndUndo()
    {
        loadJson();
        openWindow(false);
        QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("customerName"))->text(), QStringLiteral("Dana Whitfield"));
        m_window->inboxPane()->moveSelection(1);
        auto *name = m_window->findChild<QLabel *>(QStringLiteral("customerName"));
        QTRY_COMPARE(name->text(), QStringLiteral("Lee Park"));
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Where is my parcel?")));
        QVERIFY(!transcript->toPlainText().contains(QStringLiteral("window seat")));

        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("customerMerge")), Qt::LeftButton);
        QPointer<QDialog> dialog;
        QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("mergeCustomerDialog"))));
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("mergeSearch")), QStringLiteral("danaw"));
        auto *results = dialog->findChild<QListWidget *>(QStringLiteral("mergeResults"));
        QTRY_COMPARE(results->count(), 1);
        QCOMPARE(results->item(0)->text(), QStringLiteral("Dana Whitfield"));
        results->setCurrentRow(0);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("mergeOk")), Qt::LeftButton);
        // One person, one transcript: Dana's seat question now shows in Lee's history.
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("window seat")));
        auto *unmerge = m_window->findChild<QToolButton *>(QStringLiteral("customerUnmerge"));
        QTRY_VERIFY(unmerge->isVisible());
        QCOMPARE(unmerge->menu()->actions().size(), 1);
        unmerge->menu()->actions().first()->trigger();
        QTRY_VERIFY(!transcript->toPlainText().contains(QStringLiteral("window seat")));
        QTRY_VERIFY(!unmerge->isVisible());
    }

    void contactPreferenceIsRecorded()
    {
        loadJson();
        openWindow(false);
        QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("customerName"))->text(), QStringLiteral("Dana Whitfield"));
        m_window->inboxPane()->moveSelection(1);
        auto *contact = m_window->findChild<QLabel *>(QStringLiteral("customerContact"));
        QTRY_VERIFY(contact->text().contains(QStringLiteral("not asked yet")));
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("customerEdit")), Qt::LeftButton);
        QPointer<QDialog> dialog;
        QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("contactPreferenceDialog"))));
        auto *channel = dialog->findChild<QComboBox *>(QStringLiteral("preferredChannel"));
        channel->setCurrentIndex(channel->findData(QStringLiteral("phone")));
        dialog->findChild<QLineEdit *>(QStringLiteral("preferredContact"))->setText(QStringLiteral("evenings only"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("contactSave")), Qt::LeftButton);
        QTRY_COMPARE(contact->text(), QStringLiteral("Prefers: Phone (evenings only)"));
    }

    void exportTranscriptAsTextAndPdf()
    {
        loadJson();
        openWindow(false);
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Online check-in")));
        const QString text = m_dir.filePath(QStringLiteral("transcript.txt"));
        Gui::FileDialog::setNextSaveFileName(text);
        m_window->workflow()->action(QStringLiteral("actionExportTranscript"))->trigger();
        QFile file(text);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString content = QString::fromUtf8(file.readAll());
        QVERIFY(content.startsWith(QStringLiteral("Transcript: Dana Whitfield")));
        QVERIFY(content.contains(QStringLiteral("Online check-in keeps failing, my flight leaves tonight <b>not bold</b>")));
        QVERIFY(content.contains(QStringLiteral("Can I pick a window seat?")));
        QVERIFY(content.contains(QStringLiteral("María López (team)")));

        const QString pdf = m_dir.filePath(QStringLiteral("transcript.pdf"));
        Gui::FileDialog::setNextSaveFileName(pdf);
        m_window->workflow()->action(QStringLiteral("actionExportTranscript"))->trigger();
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        QVERIFY(pdfFile.size() > 2000);
        QVERIFY(!QFile::exists(pdf + QStringLiteral(".part")));
    }

    void policiesAreSuggestedQuotedAndVersioned()
    {
        loadJson();
        openWindow(false);
        auto *sidebar = m_window->policySidebar();
        // Dana's conversation is tagged check-in: the product-help policy comes first.
        QTRY_VERIFY(!sidebar->suggestedTitles().isEmpty());
        QCOMPARE(sidebar->suggestedTitles().first(), QStringLiteral("How much product help to give"));
        auto *policyText = m_window->findChild<QTextBrowser *>(QStringLiteral("policyText"));
        QTRY_VERIFY(policyText->toPlainText().startsWith(QStringLiteral("How much product help to give")));

        // Quote a passage into the reply.
        QTextCursor cursor = policyText->textCursor();
        cursor.movePosition(QTextCursor::Start);
        cursor.movePosition(QTextCursor::NextBlock);
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        policyText->setTextCursor(cursor);
        const QString passage = cursor.selectedText().trimmed();
        QVERIFY(!passage.isEmpty());
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("policyQuote")), Qt::LeftButton);
        QCOMPARE(m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"))->toPlainText(), passage);

        // A lead edits it: a new version, kept with the old one.
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("policyEdit")), Qt::LeftButton);
        QPointer<QDialog> dialog;
        QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("policyEditorDialog"))));
        auto *body = dialog->findChild<QPlainTextEdit *>(QStringLiteral("policyBodyEdit"));
        body->setPlainText(body->toPlainText() + QStringLiteral("\n\nNew rule: always offer to re-send the boarding pass."));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("policySave")), Qt::LeftButton);
        QTRY_VERIFY(std::any_of(sidebar->policies().cbegin(), sidebar->policies().cend(), [](const Core::PolicyDocument &p) {
            return p.slug == QLatin1String("product-help") && p.version == 2
                   && p.body.contains(QLatin1String("re-send the boarding pass")) && p.updatedBy == QLatin1String("maria");
        }));
        // The editor has seen their own change; a colleague who has not would see the mark.
        QVERIFY(!sidebar->isMarkedUpdated(QStringLiteral("product-help")));
        QSettings().remove(QStringLiteral("policies/seen/product-help"));
        QVERIFY(sidebar->isMarkedUpdated(QStringLiteral("product-help")));
    }

    void hidingNeedsAReasonAndIsAudited()
    {
        loadJson();
        openWindow(false);
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Online check-in")));
        m_window->workflow()->action(QStringLiteral("actionHide"))->trigger();
        QPointer<QDialog> dialog;
        QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("reasonDialog"))));
        auto *ok = dialog->findChild<QPushButton *>(QStringLiteral("reasonOk"));
        QVERIFY2(!ok->isEnabled(), "a reason is required");
        QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("reasonEdit")), QStringLiteral("Posted a phone number in public"));
        QVERIFY(ok->isEnabled());
        QTest::mouseClick(ok, Qt::LeftButton);
        QTRY_VERIFY(transcript->toPlainText().contains(
            QStringLiteral("Hidden from public view by María López")));
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("Posted a phone number in public")));
        // The message itself is still there, and the audit log says who and why.
        QVERIFY(transcript->toPlainText().contains(QStringLiteral("Online check-in keeps failing")));
        QSignalSpy audited(this, &TestMainWindow::done);
        m_store->run(
            this,
            [](Store::Database &db) -> Core::Result<int> {
                QSqlQuery q(db.connection());
                if (!q.exec(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide' AND "
                                           "actor = 'maria' AND detail = 'Posted a phone number in public'"))
                    || !q.next())
                    return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("audit query"));
                return q.value(0).toInt();
            },
            [this](Core::Result<int> count) {
                QVERIFY(count.ok());
                QCOMPARE(count.value(), 1);
                emit done();
            });
        QVERIFY(audited.wait(5000));
    }

    void composerOffersWhatThePlatformAllows()
    {
        loadJson();
        openWindow(false);
        m_window->viewsPane()->setCurrentView(Gui::InboxView::Kind::Everything);
        auto *platform = m_window->findChild<QComboBox *>(QStringLiteral("inboxPlatformFilter"));
        platform->setCurrentIndex(platform->findText(QStringLiteral("Facebook")));
        auto *name = m_window->findChild<QLabel *>(QStringLiteral("customerName"));
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
        QTRY_COMPARE(name->text(), QStringLiteral("Dana Whitfield"));
        auto *mode = m_window->findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *model = qobject_cast<QStandardItemModel *>(mode->model());
        for (const char *allowed : {"public", "private", "note"})
            QVERIFY2(model->item(mode->findData(QLatin1String(allowed)))->isEnabled(), "Facebook allows public, private and notes");
        // Dana has not said she prefers e-mail: no answer by e-mail.
        QVERIFY(!model->item(mode->findData(QStringLiteral("email")))->isEnabled());
    }

    void filtersCombineAndViewsCanBeSaved()
    {
        loadJson();
        openWindow(false);
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_COMPARE(inbox->model()->rowCount(), 2);
        auto *tag = m_window->findChild<QComboBox *>(QStringLiteral("inboxTagFilter"));
        QTRY_VERIFY(tag->findData(QStringLiteral("parcel")) > 0);
        tag->setCurrentIndex(tag->findData(QStringLiteral("parcel")));
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
        auto *urgency = m_window->findChild<QComboBox *>(QStringLiteral("inboxUrgencyFilter"));
        urgency->setCurrentIndex(urgency->findData(QStringLiteral("urgent")));
        QTRY_COMPARE(inbox->model()->rowCount(), 0); // the parcel is "high", not urgent
        urgency->setCurrentIndex(urgency->findData(QStringLiteral("high")));
        QTRY_COMPARE(inbox->model()->rowCount(), 1);

        m_window->inboxPane()->saveCurrentView(QStringLiteral("Urgent-ish parcels"));
        auto *views = m_window->viewsPane();
        QVERIFY(views->savedViewNames().contains(QStringLiteral("Urgent-ish parcels")));
        QTRY_COMPARE(views->countOfSaved(QStringLiteral("Urgent-ish parcels")), 1);

        // Back to everything open, then the saved view restores the whole filter bar.
        tag->setCurrentIndex(0);
        urgency->setCurrentIndex(0);
        QTRY_COMPARE(inbox->model()->rowCount(), 2);
        views->selectSavedView(QStringLiteral("Urgent-ish parcels"));
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
        QCOMPARE(tag->currentData().toString(), QStringLiteral("parcel"));
        QCOMPARE(urgency->currentData().toString(), QStringLiteral("high"));
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::CustomerColumn).data().toString(), QStringLiteral("Lee Park"));

        // Overdue: Dana's urgent question (15-minute target, 40 minutes ago); Lee is on time.
        auto *due = m_window->findChild<QComboBox *>(QStringLiteral("inboxDueFilter"));
        tag->setCurrentIndex(0);
        urgency->setCurrentIndex(0);
        due->setCurrentIndex(due->findData(QStringLiteral("overdue")));
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::CustomerColumn).data().toString(), QStringLiteral("Dana Whitfield"));
        due->setCurrentIndex(due->findData(QStringLiteral("ontime")));
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::CustomerColumn).data().toString(), QStringLiteral("Lee Park"));
        SavedView::store({});
    }

    void personalDataInPublicGoesPrivate()
    {
        loadJson();
        openWindow(false);
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("Online check-in")));
        auto *composer = m_window->findChild<Gui::ComposerPane *>(QStringLiteral("composerPane"));
        composer->setUndoDelayMs(0);
        m_window->workflow()->action(QStringLiteral("actionReply"))->trigger();
        auto *editor = m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        editor->setPlainText(QStringLiteral("I checked booking K7XQ2M — call me on +49 171 2345678 if it fails again."));
        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("composerSend")), Qt::LeftButton);
        auto *warning = m_window->findChild<QWidget *>(QStringLiteral("composerWarning"));
        QVERIFY(warning->isVisible());
        QCOMPARE(composer->findings().size(), 2);
        QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("composerWarningText"))->text().contains(QStringLiteral("+49 171 2345678")));
        QTest::qWait(200);
        QVERIFY2(!transcript->toPlainText().contains(QStringLiteral("K7XQ2M")), "nothing went out in public");

        QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("composerSendPrivately")), Qt::LeftButton);
        // The details go privately; the public thread gets a short, signed pointer.
        QTRY_VERIFY(transcript->toPlainText().contains(QStringLiteral("call me on +49 171 2345678 if it fails again.\n– María")));
        const QString text = transcript->toPlainText();
        const qsizetype privateAt = text.indexOf(QStringLiteral("K7XQ2M"));
        QVERIFY(text.lastIndexOf(QStringLiteral("private"), privateAt) > text.lastIndexOf(QStringLiteral("public"), privateAt));
        QVERIFY(text.contains(QStringLiteral("private message")));
        QVERIFY(editor->toPlainText().isEmpty());
        QVERIFY(!warning->isVisible());
    }

    void cannedReplyFillsVariables()
    {
        loadJson();
        openWindow(false);
        QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("customerName"))->text(), QStringLiteral("Dana Whitfield"));
        auto *editor = m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        auto *send = m_window->findChild<QPushButton *>(QStringLiteral("composerSend"));
        // A short code and Tab insert the approved reply, filled for this customer.
        editor->setFocus();
        QTest::qWait(300); // the composer reads the replies and the customer
        QTest::keyClicks(editor, QStringLiteral("/sorry"));
        QTest::keyClick(editor, Qt::Key_Tab);
        QCOMPARE(editor->toPlainText(), QStringLiteral("We are very sorry, Dana."));
        QVERIFY(send->isEnabled());

        // From the sidebar: a value from the policies is filled; one nobody knows stays visible
        // and blocks sending.
        editor->clear();
        auto *replies = m_window->findChild<QListWidget *>(QStringLiteral("cannedReplyList"));
        QTRY_COMPARE(replies->count(), 2);
        replies->setCurrentRow(1);
        m_window->policySidebar()->insertSelectedReply();
        QCOMPARE(editor->toPlainText(), QStringLiteral("Refunds within 30 days; your voucher code is {voucher.code}."));
        QVERIFY(!send->isEnabled());
        QVERIFY(send->toolTip().contains(QStringLiteral("{voucher.code}")));
        editor->setPlainText(editor->toPlainText().replace(QStringLiteral("{voucher.code}"), QStringLiteral("SKY-4471")));
        QVERIFY(send->isEnabled());
    }

    void lengthIsCountedTheWayThePlatformCounts()
    {
        loadJson();
        openWindow(false);
        QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("customerName"))->text(), QStringLiteral("Dana Whitfield"));
        auto *editor = m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        auto *counter = m_window->findChild<QLabel *>(QStringLiteral("composerCounter"));
        auto *send = m_window->findChild<QPushButton *>(QStringLiteral("composerSend"));
        // X: 280 weighted characters, the signature ("\n– María", 8) included.
        editor->setPlainText(QString(272, QLatin1Char('a')));
        QCOMPARE(counter->text(), QStringLiteral("280 / 280 characters"));
        QVERIFY(send->isEnabled());
        editor->setPlainText(QString(273, QLatin1Char('a')));
        QCOMPARE(counter->text(), QStringLiteral("281 / 280 characters"));
        QVERIFY(!send->isEnabled());
        // A link counts 23 however long it is.
        editor->setPlainText(QStringLiteral("See https://status.skyline.example/incidents/2026-11-22/check-in-outage-details"));
        QCOMPARE(counter->text(), QStringLiteral("35 / 280 characters"));
    }

    void tagsAndAccountFilter()
    {
        loadJson();
        openWindow(false);
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("customerName"))->text(), QStringLiteral("Dana Whitfield"));
        m_window->workflow()->action(QStringLiteral("actionTags"))->trigger();
        QPointer<QInputDialog> dialog;
        QTRY_VERIFY((dialog = m_window->findChild<QInputDialog *>(QStringLiteral("tagsDialog"))));
        QCOMPARE(dialog->textValue(), QStringLiteral("check-in"));
        dialog->setTextValue(QStringLiteral("check-in, VIP "));
        dialog->accept();
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::TagsColumn).data().toString(), QStringLiteral("check-in, vip"));

        // One account on its own: the Facebook page has one conversation (resolved).
        m_window->viewsPane()->setCurrentView(Gui::InboxView::Kind::Everything);
        auto *channel = m_window->findChild<QComboBox *>(QStringLiteral("inboxPlatformFilter"));
        QTRY_VERIFY(channel->findText(QStringLiteral("Test Air on Facebook")) > 0);
        channel->setCurrentIndex(channel->findText(QStringLiteral("Test Air on Facebook")));
        QTRY_COMPARE(inbox->model()->rowCount(), 1);
        QTRY_COMPARE(inbox->model()->index(0, InboxModel::TagsColumn).data().toString(), QStringLiteral("seats"));
    }

    void signatureFormIsASetting()
    {
        loadJson();
        openWindow(false);
        QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("customerName"))->text(), QStringLiteral("Dana Whitfield"));
        auto *composer = m_window->findChild<Gui::ComposerPane *>(QStringLiteral("composerPane"));
        QCOMPARE(composer->signedText(QStringLiteral("Hello")), QStringLiteral("Hello\n– María"));
        m_window->findChild<QAction *>(QStringLiteral("actionSettings"))->trigger();
        QPointer<QDialog> dialog;
        QTRY_VERIFY((dialog = m_window->findChild<QDialog *>(QStringLiteral("settingsDialog"))));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("settingsUrgencyNote"))->text().contains(QStringLiteral("follower counts")));
        dialog->findChild<QLineEdit *>(QStringLiteral("settingsSignature"))->setText(QStringLiteral("Mari"));
        dialog->findChild<QLineEdit *>(QStringLiteral("settingsSignatureForm"))->setText(QStringLiteral("– {agent.signature}, Skyline Air care"));
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("settingsSave")), Qt::LeftButton);
        QCOMPARE(composer->signedText(QStringLiteral("Hello")), QStringLiteral("Hello\n– Mari, Skyline Air care"));
        QSettings().remove(QStringLiteral("agent"));
    }

    void newUrgentConversationRaisesAnAlert()
    {
        loadJson();
        openWindow(false);
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_COMPARE(inbox->model()->rowCount(), 2);
        QSignalSpy raised(m_window->alerts(), &Gui::AlertMonitor::alertsRaised);
        // What was urgent when the console started is not news.
        QTest::qWait(500);
        QCOMPARE(raised.count(), 0);
        QSignalSpy ingested(this, &TestMainWindow::done);
        m_store->run(
            this,
            [](Store::Database &db) -> Core::Result<Store::IngestReport> {
                Core::IncomingMessage in;
                in.accountId = 1;
                in.platformMessageId = QStringLiteral("new-urgent");
                in.threadKey = QStringLiteral("new-urgent");
                in.customerPlatformUserId = QStringLiteral("999");
                in.customerName = QStringLiteral("Kim Novak");
                in.body = QStringLiteral("My flight leaves in 2 hours and the app says my booking was cancelled!");
                in.createdAt = QDateTime::currentDateTimeUtc();
                return Store::MessageRepository(db).ingest({in});
            },
            [this](Core::Result<Store::IngestReport> report) {
                QVERIFY(report.ok());
                emit done();
            });
        QVERIFY(ingested.wait(5000));
        m_store->notifyChanged();
        QTRY_VERIFY(raised.count() >= 1);
        const auto alerts = raised.last().first().value<QList<Core::AlertRules::Alert>>();
        QVERIFY(std::any_of(alerts.cbegin(), alerts.cend(), [](const Core::AlertRules::Alert &a) {
            return a.kind == Core::AlertRules::Alert::Kind::NewUrgent && a.customer == QLatin1String("Kim Novak");
        }));
        QTRY_VERIFY(m_window->alerts()->dueSoonCount() >= 1);
    }

    void bundledDemoFillsEveryRegion()
    {
        QSignalSpy loaded(this, &TestMainWindow::done);
        m_store->run(
            this, [](Store::Database &db) { return Store::DemoWorkspace::load(db, QDateTime::currentDateTimeUtc()); },
            [this](Core::Status s) {
                QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().fullText() + QLatin1Char(' ') + s.error().detail));
                emit done();
            });
        QVERIFY(loaded.wait(20000));
        openWindow(true);
        auto *inbox = m_window->findChild<QTreeView *>(QStringLiteral("inboxView"));
        QTRY_VERIFY(inbox->model()->rowCount() >= 5);
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QTRY_VERIFY(!transcript->toPlainText().trimmed().isEmpty());
        QTRY_VERIFY(m_window->policySidebar()->policyCount() >= 5);
        QTRY_VERIFY(m_window->policySidebar()->cannedReplyCount() >= 5);
        QTRY_VERIFY(m_window->chartsPane()->report().overall.has_value());
        QVERIFY(m_window->chartsPane()->report().overall->count >= 5);
    }

signals:
    void done();

private:
    void loadJson()
    {
        QSignalSpy loaded(this, &TestMainWindow::done);
        m_store->run(
            this,
            [](Store::Database &db) -> Core::Status {
                if (Core::Status s = Tests::useRoundTheClockCalendar(db); !s)
                    return s;
                return Store::DemoWorkspace::loadJson(db, QByteArray(kWorkspace), QDateTime::currentDateTimeUtc());
            },
            [this](Core::Status s) {
                QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().fullText() + QLatin1Char(' ') + s.error().detail));
                emit done();
            });
        QVERIFY(loaded.wait(10000));
        QSignalSpy policies(this, &TestMainWindow::done);
        m_store->run(
            this, [](Store::Database &db) { return Store::DemoWorkspace::loadDefaultPolicies(db); },
            [this](Core::Status) { emit done(); });
        QVERIFY(policies.wait(10000));
    }

    void openWindow(bool demo)
    {
        Gui::WorkspaceInfo info;
        info.demo = demo;
        info.location = QStringLiteral("test store");
        info.agentId = QStringLiteral("maria");
        info.agentName = QStringLiteral("María López");
        m_window = std::make_unique<Gui::MainWindow>(m_store.get(), info);
        m_window->resize(1400, 900);
        m_window->show();
        m_window->refreshAll();
    }

    using InboxModel = Gui::InboxModel;
    using SavedView = Gui::SavedView;
    using ChartsPane = Gui::ChartsPane;
    QTemporaryDir m_dir;
    int m_n = 0;
    std::unique_ptr<Store::Store> m_store;
    std::unique_ptr<Gui::MainWindow> m_window;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
