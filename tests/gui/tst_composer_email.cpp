// "Answer by e-mail" in the composer: offered on a conversation from any platform only when the
// customer prefers e-mail with a known address (never on an e-mail conversation, where every answer
// is an e-mail); without a support mailbox it says how to add one and sends nothing; with several,
// the agent chooses; the answer is signed as an e-mail and queued through the chosen mailbox's
// outbox, shown in the conversation as sent by e-mail. The public personal-data guard still stops
// a public reply.
#include "StoreJob.h"

#include "gui/ComposerPane.h"
#include "gui/OutboxBar.h"
#include "store/AccountRepository.h"
#include "store/CustomerRepository.h"
#include "store/DraftRepository.h"
#include "store/MessageRepository.h"
#include "store/Store.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>

using namespace Care;

class TestComposerEmail : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Store> m_store;
    qint64 m_mastodon = 0;

    QString text(const QString &sql)
    {
        auto r = Tests::runAndWait<QString>(*m_store, [sql](Store::Database &db) -> Core::Result<QString> {
            QSqlQuery q(db.connection());
            if (!q.exec(sql))
                return Core::Error::make(Core::Error::Code::QueryFailed, sql);
            return q.next() ? q.value(0).toString() : QString();
        });
        return r ? r.value() : QStringLiteral("<error>");
    }

    qint64 addAccount(Core::Platform platform, const QString &handle, const QString &name)
    {
        auto id = Tests::runAndWait<qint64>(*m_store, [=](Store::Database &db) {
            Core::Account account;
            account.platform = platform;
            account.handle = handle;
            account.name = name;
            return Store::AccountRepository(db).ensure(account);
        });
        return id ? id.value() : 0;
    }

    // A new conversation with its own customer; returns the conversation's id.
    qint64 addConversation(qint64 accountId, const QString &thread, const QString &preferredChannel,
                           const QString &preferredContact)
    {
        auto id = Tests::runAndWait<qint64>(*m_store, [=](Store::Database &db) -> Core::Result<qint64> {
            Core::IncomingMessage in;
            in.accountId = accountId;
            in.platformMessageId = thread;
            in.threadKey = thread;
            in.customerPlatformUserId = QStringLiteral("user-") + thread;
            in.customerName = QStringLiteral("Kettle Fan");
            in.body = QStringLiteral("The lid cracked");
            in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-600);
            if (auto r = Store::MessageRepository(db).ingest({in}); !r)
                return r.error();
            QSqlQuery q(db.connection());
            q.prepare(QStringLiteral("SELECT id, customer_id FROM conversations WHERE thread_key = :t"));
            q.bindValue(QStringLiteral(":t"), thread);
            if (!q.exec() || !q.next())
                return Core::Error::make(Core::Error::Code::QueryFailed, QStringLiteral("conversation"));
            const qint64 conversation = q.value(0).toLongLong();
            Store::CustomerRepository customers(db);
            auto customer = customers.get(q.value(1).toLongLong());
            if (!customer)
                return customer.error();
            Core::Customer changed = customer.value();
            changed.preferredChannel = preferredChannel;
            changed.preferredContact = preferredContact;
            if (auto s = customers.update(changed); !s)
                return s.error();
            return conversation;
        });
        return id ? id.value() : 0;
    }

    static bool offered(Gui::ComposerPane &composer)
    {
        auto *modes = composer.findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *items = qobject_cast<QStandardItemModel *>(modes->model());
        return items->item(modes->findData(QStringLiteral("email")))->isEnabled();
    }

    static void choose(Gui::ComposerPane &composer, const char *mode)
    {
        auto *modes = composer.findChild<QComboBox *>(QStringLiteral("composerMode"));
        modes->setCurrentIndex(modes->findData(QLatin1String(mode)));
    }

private slots:
    void initTestCase()
    {
        m_store = std::make_unique<Store::Store>();
        QVERIFY(Tests::openAndWait(*m_store, Store::DatabaseLocation::sqliteFile(m_dir.filePath(QStringLiteral("t.sqlite")))).ok());
        // No off-hours acknowledgement: the outbox holds only what the composer sends.
        QCOMPARE(text(QStringLiteral("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
                                     "('acknowledgement_mode', 'off', 'test', 0) ON CONFLICT (key) DO UPDATE SET value = "
                                     "excluded.value")),
                 QString());
        m_mastodon = addAccount(Core::Platform::Mastodon, QStringLiteral("@acme@social.example"), QStringLiteral("Acme"));
    }

    void notOfferedWithoutAnEmailPreference()
    {
        const qint64 conversation = addConversation(m_mastodon, QStringLiteral("t1"), QStringLiteral("phone"),
                                                    QStringLiteral("+49 30 1234567"));
        const qint64 prefers = addConversation(m_mastodon, QStringLiteral("t1b"), QStringLiteral("email"),
                                               QStringLiteral("fan@example.com"));
        Gui::ComposerPane composer(m_store.get());
        composer.show();
        composer.setConversation(prefers, Core::Platform::Mastodon);
        QTRY_VERIFY(offered(composer)); // the context (customer, mailboxes) arrives from the store thread
        composer.setConversation(conversation, Core::Platform::Mastodon);
        QVERIFY(!offered(composer)); // not with the previous customer's address while this one's loads
        QTest::qWait(200);
        QVERIFY(!offered(composer));
        auto *modes = composer.findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *items = qobject_cast<QStandardItemModel *>(modes->model());
        QVERIFY(items->item(modes->findData(QStringLiteral("email")))->toolTip().contains(QStringLiteral("prefers e-mail")));
    }

    void offeredWithoutMailboxItExplainsAndSendsNothing()
    {
        const qint64 conversation = addConversation(m_mastodon, QStringLiteral("t2"), QStringLiteral("email"),
                                                    QStringLiteral("fan@example.com"));
        Gui::ComposerPane composer(m_store.get());
        composer.setAgent(QStringLiteral("aisha"), QStringLiteral("Aisha Khan"), QStringLiteral("Aisha"));
        composer.setUndoDelayMs(0);
        composer.show();
        composer.setConversation(conversation, Core::Platform::Mastodon);
        QTRY_VERIFY(offered(composer));
        choose(composer, "email");
        auto *notice = composer.findChild<QLabel *>(QStringLiteral("composerNotice"));
        QVERIFY(notice->isVisible());
        QVERIFY2(notice->text().contains(QStringLiteral("File → Accounts… → Connect e-mail…")), qPrintable(notice->text()));
        composer.setText(QStringLiteral("Yes, it is covered."));
        QVERIFY(!composer.findChild<QPushButton *>(QStringLiteral("composerSend"))->isEnabled());
        composer.send();
        QTest::qWait(100);
        QCOMPARE(text(QStringLiteral("SELECT count(*) FROM outbox")), QStringLiteral("0"));
    }

    void theAgentChoosesTheMailboxAndTheAnswerIsAnEmail()
    {
        addAccount(Core::Platform::Email, QStringLiteral("support@care.test"), QStringLiteral("Acme Support"));
        const qint64 billing = addAccount(Core::Platform::Email, QStringLiteral("billing@care.test"), QStringLiteral("Acme Billing"));
        const qint64 conversation = addConversation(m_mastodon, QStringLiteral("t3"), QStringLiteral("email"),
                                                    QStringLiteral("Fan@Example.com"));
        Gui::ComposerPane composer(m_store.get());
        composer.setAgent(QStringLiteral("aisha"), QStringLiteral("Aisha Khan"), QStringLiteral("Aisha"));
        composer.setUndoDelayMs(0);
        composer.show();
        composer.setConversation(conversation, Core::Platform::Mastodon);
        QTRY_VERIFY(offered(composer));
        auto *mailbox = composer.findChild<QComboBox *>(QStringLiteral("composerEmailAccount"));
        QVERIFY(!mailbox->isVisible()); // only in the e-mail mode
        choose(composer, "email");
        QVERIFY(mailbox->isVisible());
        QCOMPARE(mailbox->count(), 2);
        mailbox->setCurrentIndex(mailbox->findData(billing));
        auto *notice = composer.findChild<QLabel *>(QStringLiteral("composerNotice"));
        QVERIFY2(notice->text().contains(QStringLiteral("fan@example.com")), qPrintable(notice->text()));
        composer.setText(QStringLiteral("Yes, it is covered."));
        auto *send = composer.findChild<QPushButton *>(QStringLiteral("composerSend"));
        QVERIFY(send->isEnabled());
        QCOMPARE(send->text(), QStringLiteral("Send e-mail"));
        if (qEnvironmentVariableIsSet("CARE_SCREENSHOT_HOLD_MS")) { // for looking at it under Xvfb
            composer.resize(640, 260);
            QTest::qWait(qEnvironmentVariableIntValue("CARE_SCREENSHOT_HOLD_MS"));
        }
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE(text(QStringLiteral("SELECT count(*) FROM outbox")), QStringLiteral("1"));
        QCOMPARE(text(QStringLiteral("SELECT account_id || '|' || kind || '|' || recipient || '|' || subject FROM outbox")),
                 QStringLiteral("%1|email-answer|fan@example.com|Your message to Acme on Mastodon").arg(billing));
        // The outbox bar names it as an e-mail to the customer, never as a public reply.
        Gui::OutboxBar bar(m_store.get());
        bar.showConversation(conversation);
        QTRY_VERIFY(bar.findChild<QLabel *>(QStringLiteral("outboxItemText")));
        const QString described = bar.findChild<QLabel *>(QStringLiteral("outboxItemText"))->text();
        QVERIFY2(described.startsWith(QStringLiteral("E-mail to fan@example.com")), qPrintable(described));
        // Signed as an e-mail is signed: a signature block after a blank line.
        QCOMPARE(text(QStringLiteral("SELECT body FROM outbox")), QStringLiteral("Yes, it is covered.\n\n– Aisha"));
        // In this conversation, from the mailbox: the transcript shows it as sent by e-mail, privately.
        QCOMPARE(text(QStringLiteral("SELECT m.conversation_id || '|' || a.platform || '|' || m.visibility FROM messages m JOIN "
                                     "accounts a ON a.id = m.account_id WHERE m.direction = 'outbound'")),
                 QStringLiteral("%1|email|private").arg(conversation));
    }

    // A draft begun as an answer by e-mail opens as one again: the draft is read before the
    // customer's address (the store answers in order), and that must not turn it into a public
    // reply on Mastodon. Picking a mode by hand still wins.
    void aDraftAnswerByEmailKeepsItsMode()
    {
        addAccount(Core::Platform::Email, QStringLiteral("desk@care.test"), QStringLiteral("Acme Desk"));
        const qint64 conversation = addConversation(m_mastodon, QStringLiteral("t-draft"), QStringLiteral("email"),
                                                    QStringLiteral("draft@example.com"));
        QVERIFY(Tests::runAndWait<bool>(*m_store, [conversation](Store::Database &db) -> Core::Result<bool> {
                    if (Core::Status s = Store::DraftRepository(db).save(
                            conversation, QStringLiteral("aisha"), {QStringLiteral("email"), QStringLiteral("Your order number, please.")});
                        !s)
                        return s.error();
                    return true;
                }).ok());
        auto *composer = new Gui::ComposerPane(m_store.get());
        composer->setAgent(QStringLiteral("aisha"), QStringLiteral("Aisha Khan"), QStringLiteral("Aisha"));
        composer->show();
        composer->setConversation(conversation, Core::Platform::Mastodon);
        auto *modes = composer->findChild<QComboBox *>(QStringLiteral("composerMode"));
        auto *editor = composer->findChild<QPlainTextEdit *>(QStringLiteral("composerEditor"));
        QTRY_COMPARE(editor->toPlainText(), QStringLiteral("Your order number, please."));
        QTRY_COMPARE(modes->currentData().toString(), QStringLiteral("email"));
        QTest::qWait(700); // past the draft timer: nothing saved the fallback mode over it
        QCOMPARE(text(QStringLiteral("SELECT mode FROM drafts WHERE conversation_id = %1").arg(conversation)),
                 QStringLiteral("email"));
        delete composer;

        // The agent switches to a public reply before the address arrives... here after: theirs stands.
        composer = new Gui::ComposerPane(m_store.get());
        composer->setAgent(QStringLiteral("aisha"), QStringLiteral("Aisha Khan"), QStringLiteral("Aisha"));
        composer->show();
        composer->setConversation(conversation, Core::Platform::Mastodon);
        modes = composer->findChild<QComboBox *>(QStringLiteral("composerMode"));
        QTRY_COMPARE(modes->currentData().toString(), QStringLiteral("email"));
        const int publicIndex = modes->findData(QStringLiteral("public"));
        modes->setCurrentIndex(publicIndex);
        emit modes->activated(publicIndex);
        QTest::qWait(700);
        QCOMPARE(modes->currentData().toString(), QStringLiteral("public"));
        QCOMPARE(text(QStringLiteral("SELECT mode FROM drafts WHERE conversation_id = %1").arg(conversation)),
                 QStringLiteral("public"));
        delete composer;
    }

    void publicRepliesKeepThePersonalDataGuard()
    {
        const qint64 conversation = addConversation(m_mastodon, QStringLiteral("t4"), QStringLiteral("email"),
                                                    QStringLiteral("fan@example.com"));
        Gui::ComposerPane composer(m_store.get());
        composer.setAgent(QStringLiteral("aisha"), QStringLiteral("Aisha Khan"), QStringLiteral("Aisha"));
        composer.setUndoDelayMs(0);
        composer.show();
        composer.setConversation(conversation, Core::Platform::Mastodon);
        QTRY_VERIFY(offered(composer));
        choose(composer, "public");
        composer.setText(QStringLiteral("We wrote to fan@example.com about order 4471."));
        composer.send();
        QVERIFY(composer.findChild<QWidget *>(QStringLiteral("composerWarning"))->isVisible());
        QTest::qWait(100);
        QCOMPARE(text(QStringLiteral("SELECT count(*) FROM outbox WHERE conversation_id = %1").arg(conversation)),
                 QStringLiteral("0"));
    }

    void neverOnAnEmailConversation()
    {
        const qint64 mail = addAccount(Core::Platform::Email, QStringLiteral("support@care.test"), QStringLiteral("Acme Support"));
        const qint64 conversation = addConversation(mail, QStringLiteral("mail:t5@example.com"), QStringLiteral("email"),
                                                    QStringLiteral("fan@example.com"));
        Gui::ComposerPane composer(m_store.get());
        composer.show();
        composer.setConversation(conversation, Core::Platform::Email);
        QTest::qWait(200);
        QVERIFY(!offered(composer));
    }

    // The customer answered our e-mail: their reply is the newest message of the Mastodon
    // conversation, so the composer starts on "Answer by e-mail", never on a public reply that
    // would put their private mail's subject on the timeline. Without such a reply it does not.
    void aCustomersEmailReplyIsAnsweredByEmail()
    {
        const qint64 mail = addAccount(Core::Platform::Email, QStringLiteral("support@care.test"), QStringLiteral("Acme Support"));
        const qint64 replied = addConversation(m_mastodon, QStringLiteral("t6"), QStringLiteral("email"),
                                               QStringLiteral("fan6@example.com"));
        const qint64 toot = addConversation(m_mastodon, QStringLiteral("t7"), QStringLiteral("email"),
                                            QStringLiteral("fan7@example.com"));
        QCOMPARE(text(QStringLiteral("INSERT INTO messages (conversation_id, account_id, platform_message_id, direction, "
                                     "visibility, author_name, author_handle, body, search_text, created_at) VALUES "
                                     "(%1, %2, 'c6@example.com', 'inbound', 'private', 'Kettle Fan', 'fan6@example.com', "
                                     "'Subject: Re: Your message\n\nMy address is Hauptstr. 5', 'x', %3)")
                          .arg(replied)
                          .arg(mail)
                          .arg(QDateTime::currentMSecsSinceEpoch())),
                 QString());
        Gui::ComposerPane composer(m_store.get());
        composer.show();
        auto *modes = composer.findChild<QComboBox *>(QStringLiteral("composerMode"));
        composer.setConversation(replied, Core::Platform::Mastodon);
        QTRY_COMPARE(modes->currentData().toString(), QStringLiteral("email"));
        composer.setConversation(toot, Core::Platform::Mastodon);
        QTRY_VERIFY(offered(composer));
        QTest::qWait(200);
        QCOMPARE(modes->currentData().toString(), QStringLiteral("public"));
    }
};

QTEST_MAIN(TestComposerEmail)
#include "tst_composer_email.moc"
