// The console offers exactly what each platform allows in each conversation: Hide on X only for
// a reply in a conversation the brand's post started, on Facebook only where can_hide; Unhide
// only where something is hidden. A greyed action says why in its tooltip.
#include "gui/ConversationPane.h"
#include "gui/InboxModel.h"
#include "gui/InboxPane.h"
#include "gui/MainWindow.h"
#include "gui/ViewsPane.h"
#include "gui/WorkflowController.h"
#include "core/IncomingMessage.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "StoreJob.h"
#include "StoreTestBackend.h"

#include <QAction>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace Care;

#define QVERIFY_OK(result)                                                                                    \
    do {                                                                                                      \
        const auto &r_ = (result);                                                                            \
        QVERIFY2(r_.ok(), qPrintable(r_.ok() ? QString() : r_.error().fullText()));                           \
    } while (false)

namespace {

Core::IncomingMessage message(qint64 account, const QString &pid, const QString &thread, const QString &customer,
                              const QString &name, const QString &body, int minutesAgo)
{
    Core::IncomingMessage in;
    in.accountId = account;
    in.platformMessageId = pid;
    in.threadKey = thread;
    in.customerPlatformUserId = customer;
    in.customerHandle = QStringLiteral("@") + customer;
    in.customerName = name;
    in.body = body;
    in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
    return in;
}

} // namespace

class TestConversationCapabilitiesGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY_OK(Tests::openAndWait(m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("caps.sqlite")))));
        auto seeded = Tests::runAndWait<qint64>(m_store, [](Store::Database &db) -> Core::Result<qint64> {
            if (Core::Status s = Tests::useRoundTheClockCalendar(db); !s)
                return s.error();
            Core::Account x;
            x.platform = Core::Platform::X;
            x.handle = QStringLiteral("@skyline");
            x.name = QStringLiteral("Skyline on X");
            auto xId = Store::AccountRepository(db).ensure(x);
            if (!xId)
                return xId.error();
            Core::Account page;
            page.platform = Core::Platform::Facebook;
            page.handle = QStringLiteral("104233445566");
            page.name = QStringLiteral("Skyline Air");
            auto fbId = Store::AccountRepository(db).ensure(page);
            if (!fbId)
                return fbId.error();
            // X: a customer's own post that tags the brand (its X conversation is the customer's) …
            auto own = message(*xId, QStringLiteral("1900"), QStringLiteral("1900:42"), QStringLiteral("ada"),
                               QStringLiteral("Ada Started"), QStringLiteral("@skyline my bag is lost"), 30);
            // … and a reply under the brand's own post (X conversation 1800, begun by the brand).
            auto brandPost = message(*xId, QStringLiteral("1800"), QStringLiteral("1800:43"), QStringLiteral("ben"),
                                     QStringLiteral("Ben Replied"), QStringLiteral("New routes this spring!"), 60);
            brandPost.direction = Core::Direction::Outbound;
            brandPost.authorName = QStringLiteral("skyline");
            brandPost.deliveryState = Core::DeliveryState::Sent;
            auto reply = message(*xId, QStringLiteral("1801"), QStringLiteral("1800:43"), QStringLiteral("ben"),
                                 QStringLiteral("Ben Replied"), QStringLiteral("@skyline you are all scammers"), 20);
            reply.platformParentId = QStringLiteral("1800");
            // Facebook: a comment Facebook does not let the Page hide, and one it does.
            auto fixedComment = message(*fbId, QStringLiteral("p1_c1"), QStringLiteral("post:p1:77"), QStringLiteral("77"),
                                        QStringLiteral("Cleo Cannot"), QStringLiteral("Where is my refund?"), 25);
            fixedComment.canHide = false;
            auto hideable = message(*fbId, QStringLiteral("p1_c2"), QStringLiteral("post:p1:78"), QStringLiteral("78"),
                                    QStringLiteral("Dev Can"), QStringLiteral("Call me on 0170 555 0101"), 15);
            hideable.canHide = true;
            // Messenger: a private conversation, answerable within 24 hours.
            auto chat = message(*fbId, QStringLiteral("m_1"), QStringLiteral("messenger:t_90"), QStringLiteral("90"),
                                QStringLiteral("Eve Messenger"), QStringLiteral("Can I change my seat?"), 10);
            chat.visibility = Core::Visibility::Private;
            auto ingested = Store::MessageRepository(db).ingest({own, brandPost, reply, fixedComment, hideable, chat});
            if (!ingested)
                return ingested.error();
            return *xId;
        });
        QVERIFY_OK(seeded);
        Gui::WorkspaceInfo info;
        info.location = QStringLiteral("test store");
        info.agentId = QStringLiteral("maria");
        info.agentName = QStringLiteral("María López");
        m_window = std::make_unique<Gui::MainWindow>(&m_store, info);
        m_window->resize(1400, 900);
        m_window->show();
        m_window->viewsPane()->setCurrentView(Gui::InboxView::Kind::Everything);
        m_window->refreshAll();
        QTRY_COMPARE(inbox()->model()->rowCount(), 5);
    }

    void cleanupTestCase() { m_window.reset(); }

    void xCustomerStartedConversationOffersNoHide()
    {
        select(QStringLiteral("Ada Started"));
        QAction *hide = action(QStringLiteral("actionHide"));
        QTRY_VERIFY(hide->toolTip().contains(QLatin1String("its own post started")));
        QVERIFY(!hide->isEnabled());
        QVERIFY(!action(QStringLiteral("actionUnhide"))->isVisible());
    }

    void xReplyInTheBrandsThreadCanBeHidden()
    {
        select(QStringLiteral("Ben Replied"));
        QAction *hide = action(QStringLiteral("actionHide"));
        QTRY_VERIFY(hide->isEnabled());
        QCOMPARE(hide->statusTip(), QString());
    }

    void facebookCommentWithoutCanHideOffersNoHide()
    {
        select(QStringLiteral("Cleo Cannot"));
        QAction *hide = action(QStringLiteral("actionHide"));
        QTRY_VERIFY(hide->toolTip().contains(QLatin1String("Facebook does not let the Page hide")));
        QVERIFY(!hide->isEnabled());
        select(QStringLiteral("Dev Can"));
        QTRY_VERIFY(hide->isEnabled());
        // The composer offers a public and a private reply on a fresh comment.
        auto *mode = m_window->findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *model = qobject_cast<QStandardItemModel *>(mode->model());
        for (int i = 0; i < mode->count(); ++i) {
            if (mode->itemData(i).toString() != QLatin1String("email")) // e-mail: only when the customer prefers it
                QTRY_VERIFY(model->item(i)->isEnabled());
        }
    }

    // Messenger has no public side: the composer is on "Private message" and says so, also after
    // a public comment left it on "Public reply".
    void messengerComposesPrivately()
    {
        auto *mode = m_window->findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *editor = m_window->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        QVERIFY(mode && editor);
        select(QStringLiteral("Dev Can"));
        QTRY_COMPARE(mode->currentData().toString(), QStringLiteral("public"));
        QTRY_VERIFY(editor->placeholderText().startsWith(QLatin1String("Public reply")));
        select(QStringLiteral("Eve Messenger"));
        QTRY_COMPARE(mode->currentData().toString(), QStringLiteral("private"));
        QTRY_COMPARE(editor->placeholderText(), QStringLiteral("Private message to the customer"));
        auto *model = qobject_cast<QStandardItemModel *>(mode->model());
        QTRY_VERIFY(!model->item(mode->findData(QStringLiteral("public")))->isEnabled());
        QTest::qWait(200); // whatever arrives later (the draft, the context) keeps it private
        QCOMPARE(mode->currentData().toString(), QStringLiteral("private"));
        QCOMPARE(editor->placeholderText(), QStringLiteral("Private message to the customer"));
    }

    void hiddenCommentCanBeUnhidden()
    {
        select(QStringLiteral("Dev Can"));
        const qint64 conversation = m_window->inboxPane()->selectedConversation();
        QVERIFY(conversation > 0);
        // Hidden, and (as the sync would) hidden on Facebook too.
        auto hidden = Tests::runAndWait<qint64>(m_store, [conversation](Store::Database &db) -> Core::Result<qint64> {
            auto id = Store::ConversationActions(db, QStringLiteral("maria")).hideInbound(conversation, QStringLiteral("phone number"));
            if (!id)
                return id;
            Store::OutboxRepository outbox(db);
            auto item = outbox.forMessage(id.value());
            if (!item)
                return item.error();
            if (auto claimed = outbox.claim(item->id); !claimed)
                return claimed.error();
            if (Core::Status s = outbox.markSent(item->id, QStringLiteral("p1_c2:hidden")); !s)
                return s.error();
            return id;
        });
        QVERIFY_OK(hidden);
        m_store.notifyChanged();
        auto *transcript = m_window->findChild<QTextBrowser *>(QStringLiteral("transcriptView"));
        QAction *unhide = action(QStringLiteral("actionUnhide"));
        QTRY_VERIFY(unhide->isVisible() && unhide->isEnabled());
        QVERIFY(!action(QStringLiteral("actionHide"))->isEnabled()); // nothing left to hide
        m_window->conversationPane()->reload();
        QTRY_VERIFY(transcript->toPlainText().contains(QLatin1String("Hidden from public view by")));
        unhide->trigger();
        QTRY_VERIFY(!transcript->toPlainText().contains(QLatin1String("Hidden from public view by")));
        QTRY_VERIFY(transcript->toPlainText().contains(QLatin1String("shown again on Facebook")));
        QTRY_VERIFY(!unhide->isVisible());
        QTRY_VERIFY(action(QStringLiteral("actionHide"))->isEnabled());
        auto counts = Tests::runAndWait<QString>(m_store, [](Store::Database &db) -> Core::Result<QString> {
            QSqlQuery q(db.connection());
            if (!q.exec(QStringLiteral("SELECT (SELECT count(*) FROM outbox WHERE kind = 'hide') || ','"
                                       " || (SELECT count(*) FROM outbox WHERE kind = 'unhide' AND reply_to = 'p1_c2') || ','"
                                       " || (SELECT count(*) FROM audit_events WHERE action = 'message.unhide'"
                                       " AND actor = 'maria' AND detail = 'phone number')"))
                || !q.next())
                return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("counts"));
            return q.value(0).toString();
        });
        QVERIFY_OK(counts);
        // One unhide for Facebook (exactly once through the outbox), and the audit log says who and
        // what the reason for hiding had been.
        QCOMPARE(counts.value(), QStringLiteral("1,1,1"));
    }

private:
    QTreeView *inbox() const { return m_window->findChild<QTreeView *>(QStringLiteral("inboxView")); }
    QAction *action(const QString &name) const { return m_window->workflow()->action(name); }

    void select(const QString &customer)
    {
        QAbstractItemModel *model = inbox()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, Gui::InboxModel::CustomerColumn);
            if (index.data().toString() == customer) {
                inbox()->setCurrentIndex(index);
                return;
            }
        }
        QFAIL(qPrintable(QStringLiteral("no conversation of ") + customer));
    }

    QTemporaryDir m_dir;
    Store::Store m_store;
    std::unique_ptr<Gui::MainWindow> m_window;
};

QTEST_MAIN(TestConversationCapabilitiesGui)
#include "tst_conversationcapabilities.moc"
