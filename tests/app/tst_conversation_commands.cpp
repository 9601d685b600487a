// `careconsole conversation hide|unhide` and `careconsole send` through the real binary: offered
// exactly where the console offers them (ConversationCapabilities, the reasons the console shows
// word for word), refused with a non-zero exit and nothing written or queued; what is done is
// audited with who, when and why, and queued for the platform where it hides too.
#include "QuietAcknowledgements.h"
#include "SqliteCount.h"

#include "core/Account.h"
#include "core/IncomingMessage.h"
#include "store/AccountRepository.h"
#include "store/ConversationFactsQuery.h"
#include "store/Database.h"
#include "store/DatabaseLocation.h"
#include "store/MessageRepository.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;
using Core::IncomingMessage;

#define QVERIFY_OK(result)                                                                                    \
    do {                                                                                                       \
        const auto &result_ = (result);                                                                        \
        QVERIFY2(result_.ok(), result_.ok() ? "" : qPrintable(result_.error().fullText()));                    \
    } while (false)

class TestConversationCommands : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    // Conversations and messages of the store the binary opens.
    qint64 m_fbComment = 0;     // Anna's comment on the Page's post (can_hide)
    qint64 m_fbCommentMsg = 0;
    qint64 m_fbCannotHide = 0;  // Ben's comment that Facebook does not let the Page hide
    qint64 m_fbCannotHideMsg = 0;
    qint64 m_messenger = 0;     // a Messenger conversation whose customer last wrote 30 hours ago
    qint64 m_xCustomerStarted = 0;
    qint64 m_xBrandStarted = 0;
    qint64 m_xBrandStartedMsg = 0;
    qint64 m_mastodon = 0;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    QString storeFile() const { return m_dir.filePath(QStringLiteral("store.sqlite")); }

    Run run(const QStringList &arguments, const QByteArray &input = {})
    {
        QProcess process;
        process.start(qEnvironmentVariable("CARE_CONSOLE_BINARY"),
                      QStringList{QStringLiteral("--database"), storeFile()} + arguments);
        if (!process.waitForStarted(10000))
            return {};
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    qint64 count(const QString &sql) { return Tests::sqliteCount(storeFile(), sql); }

    // The words the console shows for this conversation (its tooltip and status bar).
    Core::ConversationCapabilities capabilities(qint64 conversation, qint64 message = 0)
    {
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(storeFile()));
        if (!db)
            return {};
        auto c = Store::ConversationFactsQuery(*db.value()).capabilities(conversation, {}, message);
        return c ? c.value() : Core::ConversationCapabilities{};
    }

    static IncomingMessage inbound(qint64 account, const QString &id, const QString &thread, const QString &customer,
                                   const QDateTime &at)
    {
        IncomingMessage in;
        in.accountId = account;
        in.platformMessageId = id;
        in.threadKey = thread;
        in.customerPlatformUserId = customer;
        in.customerHandle = customer;
        in.customerName = customer;
        in.body = QStringLiteral("Message ") + id;
        in.createdAt = at;
        return in;
    }

    // Nothing hidden, audited or queued since the store was made (what a refusal must leave).
    void verifyNothingDone()
    {
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE hidden_at IS NOT NULL")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action LIKE 'message.%'")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE direction <> 'inbound' AND platform_message_id LIKE 'local-%'")), 0);
    }

    qint64 conversationOf(const QString &platformId)
    {
        return count(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = '%1'").arg(platformId));
    }

    qint64 messageOf(const QString &platformId)
    {
        return count(QStringLiteral("SELECT id FROM messages WHERE platform_message_id = '%1'").arg(platformId));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(qEnvironmentVariable("CARE_CONSOLE_BINARY")));
        // The store made first, so the off-hours acknowledgement is off before anything arrives.
        QVERIFY_OK(Store::Database::open(Store::DatabaseLocation::sqliteFile(storeFile())));
        QVERIFY(Tests::turnOffAcknowledgements(storeFile()));
        {
            auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(storeFile()));
            QVERIFY_OK(db);
            const auto account = [&](Core::Platform platform, const QString &handle) -> qint64 {
                Core::Account a;
                a.platform = platform;
                a.handle = handle;
                a.name = handle;
                auto id = Store::AccountRepository(*db.value()).ensure(a);
                return id ? id.value() : 0;
            };
            const qint64 facebook = account(Core::Platform::Facebook, QStringLiteral("Acme"));
            const qint64 x = account(Core::Platform::X, QStringLiteral("@acme"));
            const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("@acme@social.example"));
            QVERIFY(facebook > 0 && x > 0 && mastodon > 0);
            const QDateTime now = QDateTime::currentDateTimeUtc();

            IncomingMessage anna = inbound(facebook, QStringLiteral("p1_c1"), QStringLiteral("post:p1:anna"),
                                           QStringLiteral("anna"), now.addSecs(-3600));
            anna.canHide = true;
            IncomingMessage ben = inbound(facebook, QStringLiteral("p1_c2"), QStringLiteral("post:p1:ben"),
                                          QStringLiteral("ben"), now.addSecs(-3500));
            ben.canHide = false;
            IncomingMessage chat = inbound(facebook, QStringLiteral("m_1"), QStringLiteral("messenger:cleo"),
                                           QStringLiteral("cleo"), now.addSecs(-30 * 3600));
            chat.visibility = Core::Visibility::Private;
            // X: a customer's post that began its own conversation, and a reply in a thread the
            // brand's post (stored as outbound) began.
            IncomingMessage tagged = inbound(x, QStringLiteral("1900"), QStringLiteral("1900:42"), QStringLiteral("42"),
                                             now.addSecs(-600));
            IncomingMessage brandPost = inbound(x, QStringLiteral("1800"), QStringLiteral("1800:43"), QStringLiteral("43"),
                                                now.addSecs(-900));
            brandPost.direction = Core::Direction::Outbound;
            brandPost.deliveryState = Core::DeliveryState::Sent;
            IncomingMessage reply = inbound(x, QStringLiteral("1801"), QStringLiteral("1800:43"), QStringLiteral("43"),
                                            now.addSecs(-800));
            IncomingMessage toot = inbound(mastodon, QStringLiteral("m-77"), QStringLiteral("m-77"), QStringLiteral("dora"),
                                           now.addSecs(-300));
            QVERIFY_OK(Store::MessageRepository(*db.value()).ingest({anna, ben, chat, tagged, brandPost, reply, toot}));
        }
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox")), 0);
        m_fbComment = conversationOf(QStringLiteral("p1_c1"));
        m_fbCommentMsg = messageOf(QStringLiteral("p1_c1"));
        m_fbCannotHide = conversationOf(QStringLiteral("p1_c2"));
        m_fbCannotHideMsg = messageOf(QStringLiteral("p1_c2"));
        m_messenger = conversationOf(QStringLiteral("m_1"));
        m_xCustomerStarted = conversationOf(QStringLiteral("1900"));
        m_xBrandStarted = conversationOf(QStringLiteral("1801"));
        m_xBrandStartedMsg = messageOf(QStringLiteral("1801"));
        m_mastodon = conversationOf(QStringLiteral("m-77"));
        for (const qint64 id : {m_fbComment, m_fbCannotHide, m_messenger, m_xCustomerStarted, m_xBrandStarted, m_mastodon})
            QVERIFY(id > 0);
        QCOMPARE(count(QStringLiteral("SELECT count(DISTINCT conversation_id) FROM messages")), 6);
    }

    // Each refusal: exit status 2, the console's own reason on standard error, nothing written.
    void hideIsRefusedWhereTheConsoleRefusesIt_data()
    {
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("expected");
        QTest::newRow("facebook can_hide=false") << QStringLiteral("ben") << QStringLiteral("Facebook does not let the Page hide this comment");
        QTest::newRow("x customer-started") << QStringLiteral("x") << QStringLiteral("X lets a brand hide replies only in conversations that its own post started");
        QTest::newRow("mastodon") << QStringLiteral("mastodon") << QStringLiteral("Mastodon does not let a brand hide comments");
        QTest::newRow("messenger") << QStringLiteral("messenger") << QStringLiteral("There is no visible public message from the customer to hide.");
    }

    void hideIsRefusedWhereTheConsoleRefusesIt()
    {
        QFETCH(QString, which);
        QFETCH(QString, expected);
        const qint64 conversation = which == QLatin1String("ben")         ? m_fbCannotHide
                                    : which == QLatin1String("x")         ? m_xCustomerStarted
                                    : which == QLatin1String("mastodon")  ? m_mastodon
                                                                          : m_messenger;
        const QString consoleSays = capabilities(conversation).hide.reason;
        QVERIFY2(consoleSays.contains(expected), qPrintable(consoleSays));
        const Run refused = run({QStringLiteral("conversation"), QStringLiteral("hide"), QString::number(conversation),
                                 QStringLiteral("--reason"), QStringLiteral("abusive language"), QStringLiteral("--agent"),
                                 QStringLiteral("aisha")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(consoleSays), qPrintable(refused.err));
        QVERIFY(refused.out.isEmpty());
        verifyNothingDone();
    }

    void hideWithAMessageNumberIsRefusedForThatMessage()
    {
        // Ben's comment named by number: still Facebook's refusal.
        const Run ben = run({QStringLiteral("conversation"), QStringLiteral("hide"), QString::number(m_fbCannotHide),
                             QStringLiteral("--message"), QString::number(m_fbCannotHideMsg), QStringLiteral("--reason"),
                             QStringLiteral("spam")});
        QCOMPARE(ben.exitCode, 2);
        QVERIFY2(ben.err.contains(QStringLiteral("Facebook does not let the Page hide this comment")), qPrintable(ben.err));
        // A message of another conversation: named, with what to do instead.
        const Run elsewhere = run({QStringLiteral("conversation"), QStringLiteral("hide"), QString::number(m_fbComment),
                                   QStringLiteral("--message"), QString::number(m_fbCannotHideMsg), QStringLiteral("--reason"),
                                   QStringLiteral("spam")});
        QCOMPARE(elsewhere.exitCode, 2);
        QVERIFY2(elsewhere.err.contains(QStringLiteral("Message %1 is not one of the customer's messages in conversation %2.")
                                            .arg(m_fbCannotHideMsg)
                                            .arg(m_fbComment)),
                 qPrintable(elsewhere.err));
        QVERIFY(elsewhere.err.contains(QStringLiteral("Leave out --message")));
        // No reason: refused before anything is read.
        const Run noReason = run({QStringLiteral("conversation"), QStringLiteral("hide"), QString::number(m_fbComment)});
        QCOMPARE(noReason.exitCode, 2);
        QVERIFY2(noReason.err.contains(QStringLiteral("Say why with --reason TEXT")), qPrintable(noReason.err));
        const Run help = run({QStringLiteral("conversation"), QStringLiteral("--help")});
        QVERIFY(help.out.contains(QStringLiteral("conversation hide ID [--message ID] --reason TEXT")));
        QVERIFY(help.out.contains(QStringLiteral("conversation unhide ID [--message ID]")));
        const Run noConversation = run({QStringLiteral("conversation"), QStringLiteral("unhide"), QStringLiteral("999")});
        QCOMPARE(noConversation.exitCode, 2);
        QVERIFY2(noConversation.err.contains(QStringLiteral("There is no conversation 999.")), qPrintable(noConversation.err));
        // Nothing hidden yet: Unhide refused with the console's words.
        const Run nothingHidden = run({QStringLiteral("conversation"), QStringLiteral("unhide"), QString::number(m_fbComment)});
        QCOMPARE(nothingHidden.exitCode, 2);
        QVERIFY2(nothingHidden.err.contains(capabilities(m_fbComment).unhide.reason), qPrintable(nothingHidden.err));
        QVERIFY(nothingHidden.err.contains(QStringLiteral("Nothing the customer wrote here is hidden.")));
        verifyNothingDone();
    }

    void hideAndUnhideAFacebookCommentAudited()
    {
        QVERIFY(capabilities(m_fbComment, m_fbCommentMsg).hide);
        const Run hidden = run({QStringLiteral("conversation"), QStringLiteral("hide"), QString::number(m_fbComment),
                                QStringLiteral("--message"), QString::number(m_fbCommentMsg), QStringLiteral("--reason"),
                                QStringLiteral("  phone number in public "), QStringLiteral("--agent"), QStringLiteral("aisha")});
        QVERIFY2(hidden.exitCode == 0, qPrintable(hidden.err));
        QVERIFY2(hidden.out.contains(QStringLiteral("Hid message %1 of conversation %2").arg(m_fbCommentMsg).arg(m_fbComment)),
                 qPrintable(hidden.out));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE id = %1 AND hidden_at IS NOT NULL AND hidden_by = 'aisha'"
                                      " AND hidden_reason = 'phone number in public'").arg(m_fbCommentMsg)),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide' AND actor = 'aisha'"
                                      " AND subject_type = 'message' AND subject_id = %1 AND detail = 'phone number in public'")
                           .arg(m_fbCommentMsg)),
                 1);
        // Facebook hides it too, exactly once, through the outbox.
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'hide' AND state = 'queued' AND reply_to = 'p1_c1'")), 1);

        // Hidden already: refused, with the words for one message.
        const Run again = run({QStringLiteral("conversation"), QStringLiteral("hide"), QString::number(m_fbComment),
                               QStringLiteral("--message"), QString::number(m_fbCommentMsg), QStringLiteral("--reason"),
                               QStringLiteral("again")});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains(QStringLiteral("This message is private or hidden already")), qPrintable(again.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide'")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox")), 1);

        // Shown again: the hide had not gone out yet, so it is withdrawn instead of undone on Facebook.
        const Run shown = run({QStringLiteral("conversation"), QStringLiteral("unhide"), QString::number(m_fbComment),
                               QStringLiteral("--message"), QString::number(m_fbCommentMsg), QStringLiteral("--agent"),
                               QStringLiteral("bruno")});
        QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
        QVERIFY2(shown.out.contains(QStringLiteral("Message %1 of conversation %2 is shown again").arg(m_fbCommentMsg).arg(m_fbComment)),
                 qPrintable(shown.out));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE hidden_at IS NOT NULL")), 0);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.unhide' AND actor = 'bruno'"
                                      " AND subject_id = %1 AND detail = 'phone number in public'").arg(m_fbCommentMsg)),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'hide' AND state = 'cancelled'")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'unhide'")), 0);

        const Run notHidden = run({QStringLiteral("conversation"), QStringLiteral("unhide"), QString::number(m_fbComment),
                                   QStringLiteral("--message"), QString::number(m_fbCommentMsg)});
        QCOMPARE(notHidden.exitCode, 2);
        QVERIFY2(notHidden.err.contains(QStringLiteral("This message is not hidden.")), qPrintable(notHidden.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.unhide'")), 1);
    }

    void hideAReplyInTheBrandsOwnXThread()
    {
        const Run hidden = run({QStringLiteral("conversation"), QStringLiteral("hide"), QString::number(m_xBrandStarted),
                                QStringLiteral("--reason"), QStringLiteral("spam"), QStringLiteral("--agent"), QStringLiteral("aisha")});
        QVERIFY2(hidden.exitCode == 0, qPrintable(hidden.err));
        QVERIFY(hidden.out.contains(QStringLiteral("Hid message %1").arg(m_xBrandStartedMsg)));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'hide' AND reply_to = '1801' AND state = 'queued'")), 1);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide' AND subject_id = %1")
                           .arg(m_xBrandStartedMsg)),
                 1);
        QVERIFY(capabilities(m_xBrandStarted).unhide);
    }

    // `send` refuses what the console refuses: a public reply on Messenger, a private one after
    // the 24-hour window; non-zero exit, the reason, nothing queued.
    void sendIsRefusedWhereTheConsoleRefusesIt_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("public on messenger") << QStringLiteral("--public") << QStringLiteral("A Messenger conversation has no public side");
        QTest::newRow("private after 24 hours") << QStringLiteral("--private") << QStringLiteral("only within 24 hours");
    }

    void sendIsRefusedWhereTheConsoleRefusesIt()
    {
        QFETCH(QString, mode);
        QFETCH(QString, expected);
        const Core::ConversationCapabilities c = capabilities(m_messenger);
        const QString consoleSays = mode == QLatin1String("--public") ? c.publicReply.reason : c.privateMessage.reason;
        QVERIFY2(consoleSays.contains(expected), qPrintable(consoleSays));
        const qint64 outboxBefore = count(QStringLiteral("SELECT count(*) FROM outbox"));
        const qint64 messagesBefore = count(QStringLiteral("SELECT count(*) FROM messages"));
        const Run refused = run({QStringLiteral("send"), QStringLiteral("--conversation"), QString::number(m_messenger), mode,
                                 QStringLiteral("--text-stdin"), QStringLiteral("--agent"), QStringLiteral("aisha")},
                                "Sorry for the wait, a new lid is on its way.\n");
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(consoleSays), qPrintable(refused.err));
        QVERIFY(refused.out.isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox")), outboxBefore);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), messagesBefore);
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = %1 AND direction = 'outbound'")
                           .arg(m_messenger)),
                 0);
    }

    // And what it allows goes into the outbox (the refusals above are not refusing everything).
    void sendQueuesWhatTheConsoleAllows()
    {
        const Run sent = run({QStringLiteral("send"), QStringLiteral("--conversation"), QString::number(m_fbComment),
                              QStringLiteral("--public"), QStringLiteral("--text-stdin"), QStringLiteral("--agent"),
                              QStringLiteral("aisha")},
                             "Sorry! A new lid is on its way.\n");
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.err));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'reply' AND conversation_id = %1")
                           .arg(m_fbComment)),
                 1);
    }

    // Runs last (it adds a message). The history with each message's number, for --message; a
    // customer's terminal escape sequence is shown harmless, not sent to the terminal.
    void showListsEachMessageWithItsNumber()
    {
        {
            auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(storeFile()));
            QVERIFY_OK(db);
            const qint64 mastodon = count(QStringLiteral("SELECT account_id FROM conversations WHERE id = %1").arg(m_mastodon));
            IncomingMessage hostile = inbound(mastodon, QStringLiteral("m-78"), QStringLiteral("m-77"), QStringLiteral("dora"),
                                              QDateTime::currentDateTimeUtc().addSecs(-60));
            hostile.body = QStringLiteral("Hello\u001b]0;pwned\u0007 there\u009b2J\nsecond line");
            QVERIFY_OK(Store::MessageRepository(*db.value()).ingest({hostile}));
        }
        const Run shown = run({QStringLiteral("conversation"), QStringLiteral("show"), QString::number(m_mastodon)});
        QVERIFY2(shown.exitCode == 0, qPrintable(shown.err));
        QVERIFY2(shown.out.startsWith(QStringLiteral("Conversation %1 with dora: ").arg(m_mastodon)), qPrintable(shown.out));
        QVERIFY2(shown.out.contains(QStringLiteral("--- #%1 · ").arg(messageOf(QStringLiteral("m-77")))), qPrintable(shown.out));
        QVERIFY(shown.out.contains(QStringLiteral("--- #%1 · ").arg(messageOf(QStringLiteral("m-78")))));
        QVERIFY(shown.out.contains(QStringLiteral("Message m-77")));
        QVERIFY(shown.out.contains(QStringLiteral("Hello\uFFFD]0;pwned\uFFFD there\uFFFD2J\nsecond line")));
        for (const QChar c : shown.out)
            QVERIFY2(c.unicode() >= 0x20 || c == QLatin1Char('\n') || c == QLatin1Char('\t'), "a control character reached the terminal");

        // A hidden comment says so, with who and why.
        QCOMPARE(run({QStringLiteral("conversation"), QStringLiteral("hide"), QString::number(m_fbComment), QStringLiteral("--reason"),
                      QStringLiteral("phone number"), QStringLiteral("--agent"), QStringLiteral("aisha")})
                     .exitCode,
                 0);
        const Run hidden = run({QStringLiteral("conversation"), QStringLiteral("show"), QString::number(m_fbComment)});
        QVERIFY2(hidden.out.contains(QStringLiteral("--- #%1 · ").arg(m_fbCommentMsg)), qPrintable(hidden.out));
        QVERIFY2(hidden.out.contains(QStringLiteral("(hidden from public view by aisha: phone number)")), qPrintable(hidden.out));

        const Run missing = run({QStringLiteral("conversation"), QStringLiteral("show"), QStringLiteral("99999")});
        QVERIFY(missing.exitCode != 0);
        QVERIFY(!missing.err.isEmpty());
        QCOMPARE(run({QStringLiteral("conversation"), QStringLiteral("show"), QStringLiteral("x")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestConversationCommands)
#include "tst_conversation_commands.moc"
