// The store's side of the e-mail channel: a customer's stated address joins their e-mail to their
// other channels, an automatic mail never gets the off-hours acknowledgement, a transcript is
// queued for an e-mail account through the outbox, and an answer by e-mail is titled in the
// customer's language. On SQLite and PostgreSQL (CARE_TEST_BACKEND).
#include "core/IncomingMessage.h"
#include "core/ManualClock.h"
#include "core/TextInLanguage.h"
#include "StoreTestBackend.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/CustomerRepository.h"
#include "store/Database.h"
#include "store/EmailAnswerTarget.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "store/TranscriptMail.h"
#include "store/WorkspaceSettings.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Care;

class TestEmailStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Store::Database> m_db;
    bool m_postgres = false;
    Store::DatabaseLocation m_pgLocation;
    const QDateTime kBase = QDateTime(QDate(2026, 3, 2), QTime(10, 0), Qt::UTC);

    qint64 account(Core::Platform platform, const QString &handle)
    {
        Core::Account a;
        a.platform = platform;
        a.handle = handle;
        a.name = handle;
        auto id = Store::AccountRepository(*m_db).ensure(a);
        return id ? id.value() : 0;
    }

    Core::IncomingMessage inbound(qint64 accountId, const QString &pid, const QString &thread, const QString &user,
                                  const QString &body, const QDateTime &at)
    {
        Core::IncomingMessage in;
        in.accountId = accountId;
        in.platformMessageId = pid;
        in.threadKey = thread;
        in.customerPlatformUserId = user;
        in.customerHandle = user;
        in.customerName = QStringLiteral("Chris");
        in.body = body;
        in.createdAt = at;
        in.visibility = Core::Visibility::Private;
        return in;
    }

    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(m_db->connection());
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

    qint64 conversationOf(const QString &pid)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = :p"));
        q.bindValue(QStringLiteral(":p"), pid);
        return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    }

private slots:
    void initTestCase()
    {
        if (const QString problem = Tests::chooseBackend(&m_postgres, &m_pgLocation); !problem.isEmpty())
            QFAIL(qPrintable(problem));
        // The console embeds its translations; this test reads the build's.
        Core::TextInLanguage::addDirectory(QStringLiteral(CARE_QM_DIR));
    }

    void init()
    {
        auto db = Tests::openFreshStore(m_postgres, m_pgLocation, m_dir, QStringLiteral("email"));
        QVERIFY(db);
        m_db = std::move(db).value();
        QVERIFY(Store::WorkspaceSettings(*m_db).setAcknowledgementMode(QStringLiteral("off"), QStringLiteral("test")));
    }

    void cleanup() { m_db.reset(); }

    void statedAddressJoinsTheCustomersChannels()
    {
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("@acme@social.example"));
        const qint64 mail = account(Core::Platform::Email, QStringLiteral("support@care.test"));
        Store::MessageRepository messages(*m_db);
        QVERIFY(messages.ingest({inbound(mastodon, QStringLiteral("m1"), QStringLiteral("t1"), QStringLiteral("109"),
                                         QStringLiteral("@acme my kettle broke"), kBase)}));
        const qint64 toot = conversationOf(QStringLiteral("m1"));
        Store::CustomerRepository customers(*m_db);
        auto customer = customers.get(scalar(QStringLiteral("SELECT customer_id FROM conversations")));
        QVERIFY(customer);
        Core::Customer stated = customer.value();
        stated.preferredChannel = QStringLiteral("email");
        stated.preferredContact = QStringLiteral("Chris@Example.com");
        QVERIFY(customers.update(stated));

        // Another customer's address stays another customer.
        QVERIFY(messages.ingest({inbound(mail, QStringLiteral("e0@x"), QStringLiteral("mail:e0@x"), QStringLiteral("dana@example.com"),
                                         QStringLiteral("Subject: hi"), kBase.addSecs(30))}));
        QVERIFY(messages.ingest({inbound(mail, QStringLiteral("e1@example.com"), QStringLiteral("mail:e1@example.com"),
                                         QStringLiteral("chris@example.com"), QStringLiteral("Subject: kettle\n\nstill broken"),
                                         kBase.addSecs(60))}));
        const qint64 email = conversationOf(QStringLiteral("e1@example.com"));
        QVERIFY(email != toot);
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT customer_id) FROM conversations")), qint64(2));
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT customer_id FROM conversations WHERE id = %1").arg(email)) && q.next());
        QCOMPARE(q.value(0).toLongLong(), stated.id);
        auto identities = customers.identities(stated.id);
        QVERIFY(identities);
        QCOMPARE(identities->size(), 2);
        auto transcript = messages.transcript({stated.id}, 50);
        QVERIFY(transcript);
        QCOMPARE(transcript->size(), 2); // the toot and the e-mail, in one transcript
    }

    void automaticMailIsNeverAcknowledged()
    {
        // Off hours (the default calendar, a Sunday night) with acknowledgements on.
        auto calendar = Store::WorkspaceSettings::defaultCalendar();
        QVERIFY(calendar);
        QVERIFY(Store::WorkspaceSettings(*m_db).setCalendar(calendar.value(), QStringLiteral("test")));
        QVERIFY(Store::WorkspaceSettings(*m_db).setAcknowledgementMode(QStringLiteral("send"), QStringLiteral("test")));
        const QDateTime sunday = QDateTime(QDate(2026, 11, 22), QTime(21, 0), QTimeZone("Europe/Berlin")).toUTC();
        Core::ManualClock clock(sunday.addSecs(60));
        m_db->setClock(&clock);
        const qint64 mail = account(Core::Platform::Email, QStringLiteral("support@care.test"));
        Core::IncomingMessage away = inbound(mail, QStringLiteral("ooo@x"), QStringLiteral("mail:ooo@x"),
                                             QStringLiteral("chris@example.com"), QStringLiteral("I am out of the office."), sunday);
        away.automatic = true;
        QVERIFY(Store::MessageRepository(*m_db).ingest({away}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox")), qint64(0));
        // A person writing at the same hour is acknowledged: the calendar and mode do work here.
        QVERIFY(Store::MessageRepository(*m_db).ingest({inbound(mail, QStringLiteral("p@x"), QStringLiteral("mail:p@x"),
                                                                QStringLiteral("dana@example.com"),
                                                                QStringLiteral("Where is my refund?"), sunday)}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox")), qint64(1));
        m_db->setClock(nullptr);
    }

    void transcriptIsQueuedThroughTheEmailAccount()
    {
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("@acme@social.example"));
        const qint64 mail = account(Core::Platform::Email, QStringLiteral("support@care.test"));
        QVERIFY(Store::MessageRepository(*m_db).ingest({inbound(mastodon, QStringLiteral("m1"), QStringLiteral("t1"),
                                                                QStringLiteral("109"), QStringLiteral("@acme lid cracked"), kBase)}));
        const qint64 conversation = conversationOf(QStringLiteral("m1"));
        Store::ConversationActions actions(*m_db, QStringLiteral("aisha"));
        QVERIFY(actions.queueReply(conversation, Core::Visibility::Public, QStringLiteral("A new lid is on its way.")));

        auto notEmail = actions.queueTranscript(conversation, mastodon, QStringLiteral("ops@example.com"));
        QVERIFY(!notEmail);
        QCOMPARE(notEmail.error().code, Core::Error::Code::InvalidInput);
        auto badAddress = actions.queueTranscript(conversation, mail, QStringLiteral("ops@example.com\r\nBcc: x@y.z"));
        QVERIFY(!badAddress);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE kind = 'transcript'")), qint64(0));

        auto note = actions.queueTranscript(conversation, mail, QStringLiteral(" Ops@Example.com "));
        QVERIFY(note);
        auto item = Store::OutboxRepository(*m_db).forMessage(note.value());
        QVERIFY(item);
        QCOMPARE(item->kind, Core::OutboxKind::Transcript);
        QCOMPARE(item->accountId, mail); // sent by the mailbox, noted in the Mastodon conversation
        QCOMPARE(item->conversationId, conversation);
        QCOMPARE(item->recipient, QStringLiteral("ops@example.com"));
        QVERIFY2(item->body.contains(QStringLiteral("@acme lid cracked")), qPrintable(item->body));
        QVERIFY(item->body.contains(QStringLiteral("A new lid is on its way.")));
        QVERIFY(item->body.indexOf(QStringLiteral("lid cracked")) < item->body.indexOf(QStringLiteral("new lid")));
        QVERIFY(item->body.contains(QStringLiteral("Customer: Chris")));
        QVERIFY(item->body.contains(QStringLiteral("Mastodon")));
        auto pending = Store::OutboxRepository(*m_db).deliverable(mail, QDateTime::currentMSecsSinceEpoch() + 1000);
        QVERIFY(pending);
        QCOMPARE(pending->size(), 1);
    }

    // The subject of an answer by e-mail is in the customer's language: the one detected most
    // often in their latest messages of the conversation (one short English line does not decide
    // it), else the account's; the interface's (here English) when neither is known or spoken.
    void answerByEmailIsTitledInTheCustomersLanguage()
    {
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("Acme Care"));
        const qint64 mail = account(Core::Platform::Email, QStringLiteral("support@care.test"));
        Store::MessageRepository messages(*m_db);
        const QStringList german{QStringLiteral("Hallo, mein Wasserkocher ist kaputt und ich habe ihn erst seit einer Woche."),
                                 QStringLiteral("Ich warte jetzt schon seit drei Tagen auf eine Antwort, das ist nicht in Ordnung.")};
        QList<Core::IncomingMessage> batch;
        for (int i = 0; i < german.size(); ++i)
            batch << inbound(mastodon, QStringLiteral("de%1").arg(i), QStringLiteral("t-de"), QStringLiteral("klaus"), german.at(i),
                             kBase.addSecs(i * 60));
        batch << inbound(mastodon, QStringLiteral("de-en"), QStringLiteral("t-de"), QStringLiteral("klaus"),
                         QStringLiteral("Thank you for the quick answer, it is a very good day"), kBase.addSecs(300));
        batch << inbound(mastodon, QStringLiteral("none"), QStringLiteral("t-none"), QStringLiteral("ana"), QStringLiteral("👍"),
                         kBase.addSecs(400));
        QVERIFY(messages.ingest(batch));
        QSqlQuery detected(m_db->connection());
        QVERIFY(detected.exec(QStringLiteral("SELECT platform_message_id, language FROM messages ORDER BY id")));
        QStringList languages;
        while (detected.next())
            languages << QString(detected.value(0).toString() + QLatin1Char('=') + detected.value(1).toString());
        QCOMPARE(languages.join(QLatin1Char(' ')), QStringLiteral("de0=de de1=de de-en=en none=und"));
        for (const QString &customer : {QStringLiteral("klaus"), QStringLiteral("ana")}) {
            QSqlQuery prefer(m_db->connection());
            prefer.prepare(QStringLiteral("UPDATE customers SET preferred_channel = 'email', preferred_contact = :address "
                                          "WHERE id = (SELECT customer_id FROM customer_identities WHERE platform_user_id = :user)"));
            prefer.bindValue(QStringLiteral(":address"), QString(customer + QStringLiteral("@example.com")));
            prefer.bindValue(QStringLiteral(":user"), customer);
            QVERIFY(prefer.exec());
        }
        const qint64 klaus = conversationOf(QStringLiteral("de0"));
        const qint64 ana = conversationOf(QStringLiteral("none"));

        auto toKlaus = Store::EmailAnswerTarget::forConversation(*m_db, klaus, mail);
        QVERIFY(toKlaus);
        QCOMPARE(toKlaus->language, QStringLiteral("de"));
        QCOMPARE(toKlaus->subject, QStringLiteral("Ihre Nachricht an Acme Care auf Mastodon"));
        auto queued = Store::ConversationActions(*m_db, QStringLiteral("aisha")).queueEmailAnswer(klaus, mail, QStringLiteral("Hallo Klaus"));
        QVERIFY(queued);
        auto item = Store::OutboxRepository(*m_db).forMessage(queued.value());
        QVERIFY(item);
        QCOMPARE(item->subject, QStringLiteral("Ihre Nachricht an Acme Care auf Mastodon"));

        // Nothing detected: the interface's language (no translator installed here: English).
        auto toAna = Store::EmailAnswerTarget::forConversation(*m_db, ana, mail);
        QVERIFY(toAna);
        QCOMPARE(toAna->language, QString());
        QCOMPARE(toAna->subject, QStringLiteral("Your message to Acme Care on Mastodon"));
        // The account writes French: the account's.
        auto acme = Store::AccountRepository(*m_db).get(mastodon);
        QVERIFY(acme);
        QJsonObject settings = acme->settings;
        settings.insert(QStringLiteral("language"), QStringLiteral("fr"));
        QVERIFY(Store::AccountRepository(*m_db).updateSettings(mastodon, settings));
        toAna = Store::EmailAnswerTarget::forConversation(*m_db, ana, mail);
        QVERIFY(toAna);
        QCOMPARE(toAna->subject, QStringLiteral("Votre message à Acme Care sur Mastodon"));
        // A language the console does not speak (Italian) is passed over for the account's.
        QSqlQuery italian(m_db->connection());
        QVERIFY(italian.exec(QStringLiteral("UPDATE messages SET language = 'it' WHERE platform_message_id = 'none'")));
        toAna = Store::EmailAnswerTarget::forConversation(*m_db, ana, mail);
        QVERIFY(toAna);
        QCOMPARE(toAna->language, QStringLiteral("fr"));
        // The customer's language wins over the account's.
        QCOMPARE(Store::EmailAnswerTarget::forConversation(*m_db, klaus, mail)->language, QStringLiteral("de"));
    }
};

QTEST_GUILESS_MAIN(TestEmailStore)
#include "tst_email_store.moc"
