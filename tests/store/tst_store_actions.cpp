#include "core/Agent.h"
#include "core/IncomingMessage.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/AuditRepository.h"
#include "store/ConversationActions.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/Database.h"
#include "store/DraftRepository.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "store/ResponseTimeReport.h"

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include "store/WorkspaceSettings.h"
#include "StoreTestBackend.h"
#include "core/ManualClock.h"
#include <QThread>

#include <algorithm>
#include <memory>

using namespace Care;
using Care::Core::Direction;
using Care::Core::IncomingMessage;
using Care::Store::ConversationActions;
using Care::Store::Database;
using Care::Store::DatabaseLocation;
using Care::Store::InboxFilter;

namespace {

QByteArray describe(const Core::Error &error)
{
    return QString(QStringLiteral("[code %1] ").arg(static_cast<int>(error.code)) + error.fullText()
                   + QStringLiteral(" | ") + error.detail)
        .toUtf8();
}

} // namespace

// QVERIFY2 evaluates its message even on success, so the error is only read on failure.
#define QVERIFY_OK(result)                                                                                    \
    do {                                                                                                       \
        const auto &result_ = (result);                                                                        \
        QVERIFY2(result_.ok(), result_.ok() ? "" : describe(result_.error()).constData());                     \
    } while (false)

// What agents do to conversations (ConversationActions), drafts, customer merges, the inbox's
// priority and due filters and the response-time report, run unchanged against both backends:
// CARE_TEST_BACKEND=sqlite runs it on a fresh SQLite file per test, CARE_TEST_BACKEND=postgresql
// on the database named by CARE_TEST_PG_URL with the public schema dropped and recreated before
// every test.
class TestStoreActions : public QObject
{
    Q_OBJECT

private:
    bool m_postgres = false;
    DatabaseLocation m_pgLocation;
    std::unique_ptr<QTemporaryDir> m_dir;
    DatabaseLocation m_location; // the current test's store
    std::unique_ptr<Database> m_db;
    int m_storeCounter = 0;

    // A fixed instant keeps the expectations exact. Messages the actions write themselves (replies,
    // notes) and dispositions carry the real current time, which is later.
    const QDateTime kBase = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC);
    static constexpr qint64 kTargetMs = Core::kDefaultResponseTargetSeconds * 1000;

    Core::Status resetPostgres() { return Tests::resetPostgresSchema(m_pgLocation, QStringLiteral("tst-store-actions-reset")); }

    Core::Result<std::unique_ptr<Database>> openFresh()
    {
        if (m_postgres) {
            if (Core::Status s = resetPostgres(); !s)
                return s.error();
            m_location = m_pgLocation;
        } else {
            m_location = DatabaseLocation::sqliteFile(
                m_dir->filePath(QStringLiteral("store-actions-%1.sqlite").arg(++m_storeCounter)));
        }
        auto db = Database::open(m_location);
        if (!db)
            return db;
        if (Core::Status s = Tests::useRoundTheClockCalendar(*db.value()); !s)
            return s.error();
        return db;
    }

    // One value from the current store; an invalid QVariant (and a warning) when the query fails.
    QVariant value(const QString &sql, const QVariantMap &bindings = {})
    {
        QSqlQuery q(m_db->connection());
        q.prepare(sql);
        for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
            q.bindValue(it.key(), it.value());
        if (!q.exec() || !q.next()) {
            qWarning() << "query failed:" << sql << q.lastError().text();
            return {};
        }
        return q.value(0);
    }

    qint64 scalar(const QString &sql, const QVariantMap &bindings = {})
    {
        const QVariant v = value(sql, bindings);
        return v.isValid() ? v.toLongLong() : -1;
    }

    qint64 account(Core::Platform platform, const QString &handle)
    {
        Core::Account a;
        a.platform = platform;
        a.handle = handle;
        a.name = QString(handle + QStringLiteral(" account"));
        auto id = Store::AccountRepository(*m_db).ensure(a);
        if (!id) {
            qWarning() << "account failed:" << id.error().fullText() << id.error().detail;
            return 0;
        }
        return id.value();
    }

    bool addAgent(const QString &id, const QString &name)
    {
        return Store::AgentRepository(*m_db).upsert(Core::Agent{id, name, name.section(QLatin1Char(' '), 0, 0),
                                                                QStringLiteral("agent"), {}})
            .ok();
    }

    // A customer's message; `customer` is the platform user id, the handle is "@" + it unless given.
    static IncomingMessage inbound(qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at,
                                   const QString &customer, const QString &name = {}, const QString &handle = {})
    {
        IncomingMessage in;
        in.accountId = accountId;
        in.platformMessageId = pid;
        in.threadKey = thread;
        in.direction = Direction::Inbound;
        in.customerPlatformUserId = customer;
        in.customerHandle = handle.isEmpty() ? QString(QStringLiteral("@") + customer) : handle;
        in.customerName = name.isEmpty() ? QString(QStringLiteral("Name of ") + customer) : name;
        in.body = QString(QStringLiteral("Body of ") + pid);
        in.createdAt = at;
        return in;
    }

    // The brand's message in a thread (a human reply unless made automatic or a note).
    static IncomingMessage outbound(qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at,
                                    const QString &customer)
    {
        IncomingMessage out = inbound(accountId, pid, thread, at, customer);
        out.direction = Direction::Outbound;
        out.agentId = QStringLiteral("maria");
        out.authorName = QStringLiteral("María");
        out.deliveryState = Core::DeliveryState::Sent;
        return out;
    }

    static IncomingMessage automaticAck(qint64 accountId, const QString &pid, const QString &thread,
                                        const QDateTime &at, const QString &customer)
    {
        IncomingMessage ack = outbound(accountId, pid, thread, at, customer);
        ack.agentId.clear();
        ack.authorName = QStringLiteral("Auto-reply");
        ack.automatic = true;
        return ack;
    }

    static IncomingMessage note(qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at,
                                const QString &customer)
    {
        IncomingMessage n = outbound(accountId, pid, thread, at, customer);
        n.direction = Direction::Note;
        n.visibility = Core::Visibility::Private;
        n.deliveryState = Core::DeliveryState::NotApplicable;
        return n;
    }

    Core::Result<Store::IngestReport> ingest(const QList<IncomingMessage> &batch)
    {
        return Store::MessageRepository(*m_db).ingest(batch);
    }

    qint64 conversationOf(qint64 accountId, const QString &thread)
    {
        return scalar(QStringLiteral("SELECT id FROM conversations WHERE account_id = :a AND thread_key = :t"),
                      {{QStringLiteral(":a"), accountId}, {QStringLiteral(":t"), thread}});
    }

    qint64 messageId(qint64 accountId, const QString &pid)
    {
        return scalar(QStringLiteral("SELECT id FROM messages WHERE account_id = :a AND platform_message_id = :p"),
                      {{QStringLiteral(":a"), accountId}, {QStringLiteral(":p"), pid}});
    }

    qint64 customerOf(qint64 conversationId)
    {
        auto c = Store::ConversationRepository(*m_db).get(conversationId);
        return c ? c->customerId : 0;
    }

    // The conversation's event log as "kind|actor|detail", oldest first.
    QStringList events(qint64 conversationId)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("SELECT kind, actor, detail FROM conversation_events WHERE conversation_id = :id "
                                 "ORDER BY at, id"));
        q.bindValue(QStringLiteral(":id"), conversationId);
        if (!q.exec()) {
            qWarning() << "events failed:" << q.lastError().text();
            return {QStringLiteral("<error>")};
        }
        QStringList out;
        while (q.next())
            out << QStringList{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()}.join(
                QLatin1Char('|'));
        return out;
    }

    static QString event(const char *kind, const QString &actor, const QString &detail = {})
    {
        return QStringList{QLatin1String(kind), actor, detail}.join(QLatin1Char('|'));
    }

    static QList<qint64> ids(const QList<Store::InboxRow> &rows)
    {
        QList<qint64> out;
        for (const auto &r : rows)
            out << r.id;
        return out;
    }

    static QList<qint64> customerIds(const QList<Core::Customer> &customers)
    {
        QList<qint64> out;
        for (const auto &c : customers)
            out << c.id;
        return out;
    }

    static QList<qint64> sorted(QList<qint64> list)
    {
        std::sort(list.begin(), list.end());
        return list;
    }

    // The inbox page (up to 100 rows, in the filter's order) and count for a filter agree with
    // `expected`; a mismatch is printed.
    bool inboxIs(const InboxFilter &filter, const QList<qint64> &expected)
    {
        Store::ConversationRepository conversations(*m_db);
        auto rows = conversations.page(filter, 0, 100);
        if (!rows) {
            qWarning() << "page failed" << rows.error().detail;
            return false;
        }
        if (ids(rows.value()) != expected) {
            qWarning() << "expected" << expected << "got" << ids(rows.value());
            return false;
        }
        auto count = conversations.count(filter);
        if (!count || count.value() != expected.size()) {
            qWarning() << "count" << (count ? count.value() : -1) << "expected" << expected.size()
                       << (count ? QString() : count.error().detail);
            return false;
        }
        return true;
    }

    // A toot's conversation whose customer prefers e-mail at chris@example.com; 0 when it failed.
    qint64 tootOfCustomerPreferringEmail(qint64 mastodon)
    {
        if (!ingest({inbound(mastodon, QStringLiteral("9001"), QStringLiteral("status:9001"), kBase, QStringLiteral("chris"))}))
            return 0;
        const qint64 toot = conversationOf(mastodon, QStringLiteral("status:9001"));
        QSqlQuery prefer(m_db->connection());
        prefer.prepare(QStringLiteral("UPDATE customers SET preferred_channel = 'email', "
                                      "preferred_contact = 'chris@example.com' WHERE id = :c"));
        prefer.bindValue(QStringLiteral(":c"), customerOf(toot));
        return prefer.exec() ? toot : 0;
    }

private slots:
    void initTestCase()
    {
        if (const QString problem = Tests::chooseBackend(&m_postgres, &m_pgLocation); !problem.isEmpty())
            QFAIL(qPrintable(problem));
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void init()
    {
        auto db = openFresh();
        QVERIFY_OK(db);
        m_db = std::move(db).value();
    }

    void cleanup() { m_db.reset(); }

    // --- claim and assign ---------------------------------------------------------------------

    void claimTakesAnUnassignedConversationOnce()
    {
        QVERIFY(addAgent(QStringLiteral("alice"), QStringLiteral("Alice Andersen")));
        QVERIFY(addAgent(QStringLiteral("bruno"), QStringLiteral("Bruno Berg")));
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), kBase, QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t1"));
        QVERIFY(c > 0);
        Store::ConversationRepository conversations(*m_db);
        QCOMPARE(conversations.get(c)->assignee, QString());

        ConversationActions alice(*m_db, QStringLiteral("alice"));
        QVERIFY_OK(alice.claim(c));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("alice"));
        QCOMPARE(events(c), QStringList{event("assigned", QStringLiteral("alice"), QStringLiteral("alice"))});

        // Another agent claiming the same conversation is told who has it; nothing changes.
        ConversationActions bruno(*m_db, QStringLiteral("bruno"));
        const Core::Status lost = bruno.claim(c);
        QVERIFY(!lost.ok());
        QCOMPARE(lost.error().code, Core::Error::Code::Conflict);
        QVERIFY2(lost.error().message.contains(QStringLiteral("Alice Andersen")), qPrintable(lost.error().message));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("alice"));
        QCOMPARE(events(c).size(), 1);

        // Claiming one's own conversation again is fine and writes no second event.
        QVERIFY_OK(alice.claim(c));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("alice"));
        QCOMPARE(events(c).size(), 1);

        // An assignee without an agents row is named by id.
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m2"), QStringLiteral("t2"), kBase, QStringLiteral("u2"))}));
        const qint64 c2 = conversationOf(x, QStringLiteral("t2"));
        QVERIFY_OK(conversations.assign(c2, QStringLiteral("ghost")));
        const Core::Status ghost = bruno.claim(c2);
        QVERIFY(!ghost.ok());
        QCOMPARE(ghost.error().code, Core::Error::Code::Conflict);
        QVERIFY2(ghost.error().message.contains(QStringLiteral("ghost")), qPrintable(ghost.error().message));
        QVERIFY(events(c2).isEmpty());

        const Core::Status missing = alice.claim(c2 + 1000);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, Core::Error::Code::NotFound);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversation_events")), qint64(1));
    }

    // Two connections to the same store claim the same conversations: first interleaved from one
    // thread (the winner is known), then at the same time from two threads. Either way every
    // conversation ends with exactly one assignee and exactly one 'assigned' event.
    void concurrentClaimsHaveOneWinner()
    {
        QVERIFY(addAgent(QStringLiteral("alice"), QStringLiteral("Alice Andersen")));
        QVERIFY(addAgent(QStringLiteral("bruno"), QStringLiteral("Bruno Berg")));
        const QStringList names{QStringLiteral("Alice Andersen"), QStringLiteral("Bruno Berg")};
        const QStringList agents{QStringLiteral("alice"), QStringLiteral("bruno")};
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        constexpr int kCount = 50;
        QList<IncomingMessage> batch;
        for (int i = 0; i < 2 * kCount; ++i)
            batch << inbound(x, QStringLiteral("m%1").arg(i), QStringLiteral("t%1").arg(i), kBase.addSecs(i),
                             QStringLiteral("u%1").arg(i));
        QVERIFY_OK(ingest(batch));
        QList<qint64> interleaved;
        QList<qint64> parallel;
        for (int i = 0; i < kCount; ++i) {
            interleaved << conversationOf(x, QStringLiteral("t%1").arg(i));
            parallel << conversationOf(x, QStringLiteral("t%1").arg(kCount + i));
        }
        QVERIFY(!interleaved.contains(0) && !parallel.contains(0));

        // Interleaved: for even conversations Alice's connection claims first, for odd ones Bruno's.
        {
            auto dbA = Database::open(m_location);
            QVERIFY_OK(dbA);
            auto dbB = Database::open(m_location);
            QVERIFY_OK(dbB);
            ConversationActions alice(*dbA.value(), agents.at(0));
            ConversationActions bruno(*dbB.value(), agents.at(1));
            for (int round = 0; round < 2; ++round) {
                for (int i = 0; i < kCount; ++i) {
                    const bool aliceFirst = i % 2 == 0;
                    ConversationActions &first = aliceFirst ? alice : bruno;
                    ConversationActions &second = aliceFirst ? bruno : alice;
                    const QString winnerName = names.at(aliceFirst ? 0 : 1);
                    QVERIFY_OK(first.claim(interleaved.at(i)));
                    const Core::Status lost = second.claim(interleaved.at(i));
                    QVERIFY2(!lost.ok(), qPrintable(QStringLiteral("round %1, conversation %2").arg(round).arg(i)));
                    QCOMPARE(lost.error().code, Core::Error::Code::Conflict);
                    QVERIFY2(lost.error().message.contains(winnerName), qPrintable(lost.error().message));
                }
            }
        }
        for (int i = 0; i < kCount; ++i) {
            const QString winner = agents.at(i % 2);
            QCOMPARE(Store::ConversationRepository(*m_db).get(interleaved.at(i))->assignee, winner);
            QCOMPARE(events(interleaved.at(i)), QStringList{event("assigned", winner, winner)});
        }

        // Parallel: each thread opens its own connection (a connection belongs to one thread) and
        // claims every conversation in the same order; before each claim the two threads meet, so
        // both claims of a conversation really start together.
        struct Outcome
        {
            QString openError;
            QList<int> codes; // -1: claimed
            QStringList messages;
        };
        Outcome outcomes[2];
        QAtomicInt arrived = 0;
        QAtomicInt failedToOpen = 0;
        const DatabaseLocation location = m_location;
        const auto meet = [&](int round) {
            arrived.ref();
            while (arrived.loadAcquire() < 2 * round && failedToOpen.loadAcquire() == 0)
                QThread::yieldCurrentThread();
        };
        const auto work = [&](int who) {
            Outcome &out = outcomes[who];
            auto db = Database::open(location);
            if (!db) {
                out.openError = QString::fromUtf8(describe(db.error()));
                failedToOpen.ref();
                return;
            }
            ConversationActions actions(*db.value(), agents.at(who));
            for (int i = 0; i < kCount; ++i) {
                meet(i + 1);
                if (failedToOpen.loadAcquire() != 0)
                    return;
                const Core::Status s = actions.claim(parallel.at(i));
                out.codes << (s.ok() ? -1 : static_cast<int>(s.error().code));
                out.messages << (s.ok() ? QString() : QString::fromUtf8(describe(s.error())));
            }
        };
        std::unique_ptr<QThread> threadA(QThread::create(work, 0));
        std::unique_ptr<QThread> threadB(QThread::create(work, 1));
        threadA->start();
        threadB->start();
        QVERIFY(threadA->wait(QDeadlineTimer(240 * 1000)));
        QVERIFY(threadB->wait(QDeadlineTimer(240 * 1000)));
        QVERIFY2(outcomes[0].openError.isEmpty(), qPrintable(outcomes[0].openError));
        QVERIFY2(outcomes[1].openError.isEmpty(), qPrintable(outcomes[1].openError));
        QCOMPARE(outcomes[0].codes.size(), kCount);
        QCOMPARE(outcomes[1].codes.size(), kCount);
        const int conflict = static_cast<int>(Core::Error::Code::Conflict);
        int wonByAlice = 0;
        for (int i = 0; i < kCount; ++i) {
            const int a = outcomes[0].codes.at(i);
            const int b = outcomes[1].codes.at(i);
            const QString where = QStringLiteral("conversation %1: alice %2 (%3), bruno %4 (%5)")
                                      .arg(i)
                                      .arg(a)
                                      .arg(outcomes[0].messages.at(i))
                                      .arg(b)
                                      .arg(outcomes[1].messages.at(i));
            QVERIFY2((a == -1 && b == conflict) || (a == conflict && b == -1), qPrintable(where));
            const int winner = a == -1 ? 0 : 1;
            wonByAlice += winner == 0 ? 1 : 0;
            QVERIFY2(outcomes[1 - winner].messages.at(i).contains(names.at(winner)), qPrintable(where));
            QCOMPARE(Store::ConversationRepository(*m_db).get(parallel.at(i))->assignee, agents.at(winner));
            QCOMPARE(events(parallel.at(i)), QStringList{event("assigned", agents.at(winner), agents.at(winner))});
        }
        qInfo("parallel claims: alice won %d, bruno %d", wonByAlice, kCount - wonByAlice);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversation_events")), qint64(2 * kCount));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE assignee = ''")), qint64(0));
    }

    void assignWithHandoffNote()
    {
        QVERIFY(addAgent(QStringLiteral("alice"), QStringLiteral("Alice Andersen")));
        QVERIFY(addAgent(QStringLiteral("bruno"), QStringLiteral("Bruno Berg")));
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), kBase, QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t1"));
        Store::ConversationRepository conversations(*m_db);
        Store::MessageRepository messages(*m_db);

        ConversationActions alice(*m_db, QStringLiteral("alice"));
        QVERIFY_OK(alice.claim(c));
        QVERIFY_OK(alice.assign(c, QStringLiteral("bruno"), QStringLiteral("  Wants a refund; see the policy.  ")));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("bruno"));
        auto list = messages.forConversation(c);
        QVERIFY_OK(list);
        QCOMPARE(list->size(), 2);
        const Core::Message handoff = list->at(1);
        QCOMPARE(handoff.direction, Direction::Note);
        QCOMPARE(handoff.visibility, Core::Visibility::Private);
        QCOMPARE(handoff.agentId, QStringLiteral("alice"));
        QCOMPARE(handoff.body, QStringLiteral("Wants a refund; see the policy."));
        QCOMPARE(handoff.deliveryState, Core::DeliveryState::NotApplicable);
        QVERIFY(!handoff.automatic);
        QCOMPARE(handoff.conversationId, c);
        QCOMPARE(events(c), (QStringList{event("assigned", QStringLiteral("alice"), QStringLiteral("alice")),
                                         event("assigned", QStringLiteral("alice"), QStringLiteral("bruno"))}));
        // The note is not an answer: the customer still waits.
        auto row = conversations.row(c);
        QVERIFY_OK(row);
        QCOMPARE(row->waitingSince, kBase);
        QCOMPARE(row->dueAt, kBase.addMSecs(kTargetMs));
        QCOMPARE(row->preview, QStringLiteral("Body of m1"));

        // Without a note no message is written; a blank note counts as none.
        ConversationActions bruno(*m_db, QStringLiteral("bruno"));
        QVERIFY_OK(bruno.assign(c, QStringLiteral("alice"), QStringLiteral("   ")));
        QCOMPARE(conversations.get(c)->assignee, QStringLiteral("alice"));
        QCOMPARE(messages.forConversation(c)->size(), 2);

        // To nobody: an 'unassigned' event, and the conversation is in the unassigned view.
        QVERIFY_OK(alice.assign(c, QString(), QString()));
        QCOMPARE(conversations.get(c)->assignee, QString());
        QCOMPARE(events(c), (QStringList{event("assigned", QStringLiteral("alice"), QStringLiteral("alice")),
                                         event("assigned", QStringLiteral("alice"), QStringLiteral("bruno")),
                                         event("assigned", QStringLiteral("bruno"), QStringLiteral("alice")),
                                         event("unassigned", QStringLiteral("alice"))}));
        InboxFilter unassigned;
        unassigned.unassignedOnly = true;
        QVERIFY(inboxIs(unassigned, {c}));
    }

    // --- status -------------------------------------------------------------------------------

    void inboundMessagesAreTriaged()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        IncomingMessage urgent = inbound(x, QStringLiteral("t1"), QStringLiteral("urgent"), kBase, QStringLiteral("u1"));
        urgent.body = QStringLiteral("Online check-in keeps failing and my flight leaves tonight!");
        IncomingMessage praise = inbound(x, QStringLiteral("t2"), QStringLiteral("praise"), kBase, QStringLiteral("u2"));
        praise.body = QStringLiteral("Thank you so much to the cabin crew on my flight, wonderful service");
        QVERIFY_OK(ingest({urgent, praise}));
        Store::ConversationRepository conversations(*m_db);
        const qint64 u = conversationOf(x, QStringLiteral("urgent"));
        const qint64 p = conversationOf(x, QStringLiteral("praise"));
        auto row = conversations.row(u);
        QVERIFY_OK(row);
        QCOMPARE(row->priority, Core::Priority::Urgent);
        // The decision explains itself, quoting the customer.
        QVERIFY2(row->triageReasons.contains(QStringLiteral("time-sensitive")), qPrintable(row->triageReasons));
        QVERIFY2(row->triageReasons.contains(QStringLiteral("tonight")), qPrintable(row->triageReasons));
        QCOMPARE(value(QStringLiteral("SELECT urgency FROM messages WHERE platform_message_id = 't1'")).toString(),
                 QStringLiteral("urgent"));
        QCOMPARE(value(QStringLiteral("SELECT language FROM messages WHERE platform_message_id = 't1'")).toString(),
                 QStringLiteral("en"));
        QCOMPARE(value(QStringLiteral("SELECT sentiment FROM conversations WHERE id = :id"), {{QStringLiteral(":id"), p}})
                     .toString(),
                 QStringLiteral("positive"));
        QVERIFY(conversations.row(p)->priority != Core::Priority::Urgent);

        // An agent's lower priority stands against later ordinary messages; the urgent policy
        // applies while urgent (15 minutes, wall clock).
        QCOMPARE(row->dueAt, kBase.addSecs(15 * 60));
        QVERIFY_OK(conversations.setPriority(u, Core::Priority::Normal));
        IncomingMessage more = inbound(x, QStringLiteral("t3"), QStringLiteral("urgent"), kBase.addSecs(60), QStringLiteral("u1"));
        more.body = QStringLiteral("ok thanks");
        QVERIFY_OK(ingest({more}));
        QCOMPARE(conversations.row(u)->priority, Core::Priority::Normal);
    }

    void offHoursMessageIsAcknowledgedOnce()
    {
        // The team's real calendar (Berlin, weekends 08:00–20:00) and a clock set to Sunday
        // 22 November 2026, 21:01 in Berlin.
        auto calendar = Store::WorkspaceSettings::defaultCalendar();
        QVERIFY_OK(calendar);
        QVERIFY_OK(Store::WorkspaceSettings(*m_db).setCalendar(calendar.value(), QStringLiteral("test")));
        const QTimeZone berlin("Europe/Berlin");
        const QDateTime sunday21 = QDateTime(QDate(2026, 11, 22), QTime(21, 0), berlin).toUTC();
        Core::ManualClock clock(sunday21.addSecs(60));
        m_db->setClock(&clock);

        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        IncomingMessage first = inbound(x, QStringLiteral("s1"), QStringLiteral("sunday"), sunday21, QStringLiteral("u1"));
        first.body = QStringLiteral("Hello, where is my refund? I returned the bag two weeks ago.");
        QVERIFY_OK(ingest({first}));
        const qint64 c = conversationOf(x, QStringLiteral("sunday"));
        const QString ack = value(QStringLiteral("SELECT body FROM messages WHERE conversation_id = :id AND automatic = 1"),
                                  {{QStringLiteral(":id"), c}})
                                .toString();
        QVERIFY2(ack.contains(QStringLiteral("back tomorrow at 07:00")), qPrintable(ack));
        QCOMPARE(value(QStringLiteral("SELECT delivery_state FROM messages WHERE automatic = 1")).toString(),
                 QStringLiteral("queued"));
        // It is not a response: the customer still waits, due an hour after Monday's opening.
        auto row = Store::ConversationRepository(*m_db).row(c);
        QVERIFY_OK(row);
        QCOMPARE(row->waitingSince, sunday21);
        QCOMPARE(row->dueAt, QDateTime(QDate(2026, 11, 23), QTime(8, 0), berlin).toUTC());

        // A second message before anyone answered: no second acknowledgement.
        IncomingMessage second = inbound(x, QStringLiteral("s2"), QStringLiteral("sunday"), sunday21.addSecs(30), QStringLiteral("u1"));
        second.body = QStringLiteral("Also, the bag tag number is in the photo.");
        QVERIFY_OK(ingest({second}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE automatic = 1")), qint64(1));

        // History fetched later (older than an hour when it arrives) is never acknowledged.
        IncomingMessage old = inbound(x, QStringLiteral("s3"), QStringLiteral("old"), sunday21.addSecs(-3 * 3600), QStringLiteral("u2"));
        QVERIFY_OK(ingest({old}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE automatic = 1")), qint64(1));

        // Found by listening (the author did not address the brand) or on a blog (nothing can be
        // posted there): no automatic reply, and no suggested one either.
        IncomingMessage found = inbound(x, QStringLiteral("s5"), QStringLiteral("found"), sunday21.addSecs(35), QStringLiteral("u4"));
        found.foundByListening = true;
        QVERIFY_OK(ingest({found}));
        const qint64 blog = account(Core::Platform::Blog, QStringLiteral("blog.example/feed"));
        QVERIFY_OK(ingest({inbound(blog, QStringLiteral("b1"), QStringLiteral("article"), sunday21.addSecs(36), QStringLiteral("site"))}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE direction <> 'inbound' AND conversation_id IN "
                                       "(SELECT id FROM conversations WHERE thread_key IN ('found', 'article'))")),
                 qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE found_by_listening = 1")), qint64(1));

        // "propose": the next agent finds it as a note instead.
        QVERIFY_OK(Store::WorkspaceSettings(*m_db).setAcknowledgementMode(QStringLiteral("propose"), QStringLiteral("lead")));
        IncomingMessage third = inbound(x, QStringLiteral("s4"), QStringLiteral("propose"), sunday21.addSecs(40), QStringLiteral("u3"));
        QVERIFY_OK(ingest({third}));
        const qint64 p = conversationOf(x, QStringLiteral("propose"));
        QVERIFY(value(QStringLiteral("SELECT body FROM messages WHERE conversation_id = :id AND direction = 'note'"),
                      {{QStringLiteral(":id"), p}})
                    .toString()
                    .startsWith(QStringLiteral("Suggested acknowledgement")));
        m_db->setClock(nullptr);
    }

    void setStatusResolveReopenSnooze()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("w1"), QStringLiteral("waiting"), kBase, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("a1"), QStringLiteral("answered"), kBase, QStringLiteral("u2")),
                           outbound(x, QStringLiteral("a2"), QStringLiteral("answered"), kBase.addSecs(600),
                                    QStringLiteral("u2"))}));
        const qint64 waiting = conversationOf(x, QStringLiteral("waiting"));
        const qint64 answered = conversationOf(x, QStringLiteral("answered"));
        Store::ConversationRepository conversations(*m_db);
        ConversationActions alice(*m_db, QStringLiteral("alice"));
        QCOMPARE(conversations.row(waiting)->dueAt, kBase.addMSecs(kTargetMs));

        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Resolved));
        auto row = conversations.row(waiting);
        QVERIFY_OK(row);
        QCOMPARE(row->status, Core::ConversationStatus::Resolved);
        QVERIFY(!row->dueAt.isValid());
        QVERIFY(value(QStringLiteral("SELECT due_at FROM conversations WHERE id = :id"),
                      {{QStringLiteral(":id"), waiting}})
                    .isNull());

        // Reopened by hand: the customer still waits, so the clock is back where it was.
        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Open));
        row = conversations.row(waiting);
        QVERIFY_OK(row);
        QCOMPARE(row->status, Core::ConversationStatus::Open);
        QCOMPARE(row->waitingSince, kBase);
        QCOMPARE(row->dueAt, kBase.addMSecs(kTargetMs));
        QCOMPARE(events(waiting), (QStringList{event("resolved", QStringLiteral("alice")),
                                               event("reopened", QStringLiteral("alice"))}));

        // An answered conversation reopened has no clock: nobody waits.
        QVERIFY_OK(alice.setStatus(answered, Core::ConversationStatus::Resolved));
        QVERIFY_OK(alice.setStatus(answered, Core::ConversationStatus::Open));
        row = conversations.row(answered);
        QVERIFY_OK(row);
        QCOMPARE(row->status, Core::ConversationStatus::Open);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());
        QCOMPARE(events(answered).last(), event("reopened", QStringLiteral("alice")));

        // Snoozed: the time is kept, the clock stops; opening again clears the time.
        const QDateTime until = kBase.addDays(2);
        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Snoozed, until));
        auto snoozed = conversations.get(waiting);
        QVERIFY_OK(snoozed);
        QCOMPARE(snoozed->status, Core::ConversationStatus::Snoozed);
        QCOMPARE(snoozed->snoozedUntil, until);
        QCOMPARE(scalar(QStringLiteral("SELECT snoozed_until FROM conversations WHERE id = :id"),
                        {{QStringLiteral(":id"), waiting}}),
                 until.toMSecsSinceEpoch());
        QVERIFY(!conversations.row(waiting)->dueAt.isValid());
        QCOMPARE(events(waiting).last(), event("snoozed", QStringLiteral("alice"), QStringLiteral("2024-03-03T09:00:00Z")));

        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Open));
        auto open = conversations.get(waiting);
        QVERIFY_OK(open);
        QVERIFY(!open->snoozedUntil.isValid());
        QCOMPARE(conversations.row(waiting)->dueAt, kBase.addMSecs(kTargetMs));
        // Not resolved before, so this is an 'open' event, not a reopening.
        QCOMPARE(events(waiting).last(), event("open", QStringLiteral("alice")));

        QVERIFY_OK(alice.setStatus(waiting, Core::ConversationStatus::Pending));
        QCOMPARE(conversations.get(waiting)->status, Core::ConversationStatus::Pending);
        QVERIFY(!conversations.row(waiting)->dueAt.isValid());
        QCOMPARE(events(waiting).last(), event("pending", QStringLiteral("alice")));

        const Core::Status missing = alice.setStatus(answered + 1000, Core::ConversationStatus::Resolved);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, Core::Error::Code::NotFound);
    }

    // --- dispositions -------------------------------------------------------------------------

    void disposeEndsTheWaitUntilTheCustomerWritesAgain()
    {
        QCOMPARE(Store::dispositionReasonId(Store::DispositionReason::Spam), QStringLiteral("spam"));
        QCOMPARE(Store::dispositionReasonId(Store::DispositionReason::PraiseAcknowledged),
                 QStringLiteral("praise-acknowledged"));
        QCOMPARE(Store::dispositionReasonId(Store::DispositionReason::AnsweredElsewhere),
                 QStringLiteral("answered-elsewhere"));
        QCOMPARE(Store::dispositionReasonId(Store::DispositionReason::MonitoredOnly), QStringLiteral("monitored-only"));

        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t"), kBase, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("m2"), QStringLiteral("t"), kBase.addSecs(60),
                                   QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t"));
        Store::ConversationRepository conversations(*m_db);
        QCOMPARE(conversations.row(c)->waitingSince, kBase);

        ConversationActions alice(*m_db, QStringLiteral("alice"));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QVERIFY_OK(alice.dispose(c, Store::DispositionReason::Spam, QStringLiteral("bot account")));
        const qint64 after = QDateTime::currentMSecsSinceEpoch();

        auto row = conversations.row(c);
        QVERIFY_OK(row);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());
        QCOMPARE(row->status, Core::ConversationStatus::Open);
        const QVariantMap byId{{QStringLiteral(":id"), c}};
        QVERIFY(value(QStringLiteral("SELECT waiting_since FROM conversations WHERE id = :id"), byId).isNull());
        QVERIFY(value(QStringLiteral("SELECT due_at FROM conversations WHERE id = :id"), byId).isNull());

        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispositions")), qint64(1));
        QSqlQuery d(m_db->connection());
        QVERIFY(d.exec(QStringLiteral("SELECT conversation_id, reason, note, agent_id, at FROM dispositions")));
        QVERIFY(d.next());
        QCOMPARE(d.value(0).toLongLong(), c);
        QCOMPARE(d.value(1).toString(), QStringLiteral("spam"));
        QCOMPARE(d.value(2).toString(), QStringLiteral("bot account"));
        QCOMPARE(d.value(3).toString(), QStringLiteral("alice"));
        const qint64 at = d.value(4).toLongLong();
        QVERIFY(at >= before && at <= after);
        QCOMPARE(scalar(QStringLiteral("SELECT last_disposition_at FROM conversations WHERE id = :id"), byId), at);
        QCOMPARE(events(c), QStringList{event("disposition", QStringLiteral("alice"), QStringLiteral("spam"))});

        InboxFilter waitingOnly;
        waitingOnly.waitingOnly = true;
        QVERIFY(inboxIs(waitingOnly, {}));

        // A late-fetched message written before the disposition does not make it wait again.
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m-late"), QStringLiteral("t"), kBase.addSecs(120),
                                   QStringLiteral("u1"))}));
        row = conversations.row(c);
        QVERIFY_OK(row);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());

        // A new message after the disposition: the customer waits again, from that message. The
        // disposition is dated back to a fixed instant first (as if it had been made then), so
        // the new message can carry a fixed time as well.
        const QDateTime disposedAt = kBase.addSecs(300);
        const QVariantMap backdate{{QStringLiteral(":at"), disposedAt.toMSecsSinceEpoch()},
                                   {QStringLiteral(":id"), c}};
        QVERIFY(value(QStringLiteral("UPDATE dispositions SET at = :at WHERE conversation_id = :id RETURNING id"),
                      backdate)
                    .isValid());
        QVERIFY(value(QStringLiteral("UPDATE conversations SET last_disposition_at = :at WHERE id = :id RETURNING id"),
                      backdate)
                    .isValid());
        QVERIFY(value(QStringLiteral("UPDATE conversation_events SET at = :at WHERE conversation_id = :id "
                                     "AND kind = 'disposition' RETURNING id"),
                      backdate)
                    .isValid());
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m-before"), QStringLiteral("t"), disposedAt.addSecs(-1),
                                   QStringLiteral("u1"))}));
        row = conversations.row(c);
        QVERIFY_OK(row);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());

        const QDateTime again = disposedAt.addSecs(600);
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m-new"), QStringLiteral("t"), again, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("m-new2"), QStringLiteral("t"), again.addSecs(60),
                                   QStringLiteral("u1"))}));
        row = conversations.row(c);
        QVERIFY_OK(row);
        QCOMPARE(row->waitingSince, again);
        // The answer is due again; how long after depends on the response target in force (the
        // default one hour at least).
        QVERIFY(row->dueAt.isValid());
        QVERIFY2(row->dueAt >= again.addMSecs(kTargetMs), qPrintable(row->dueAt.toString(Qt::ISODateWithMs)));
        QCOMPARE(row->preview, QStringLiteral("Body of m-new2"));
        QVERIFY(inboxIs(waitingOnly, {c}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispositions")), qint64(1));
    }

    // --- replies, notes, hiding ---------------------------------------------------------------

    void queueReplyAnswersAndNoteDoesNot()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t"), kBase, QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t"));
        Store::ConversationRepository conversations(*m_db);
        Store::MessageRepository messages(*m_db);
        ConversationActions alice(*m_db, QStringLiteral("alice"));

        auto noteId = alice.addNote(c, QStringLiteral("Checking with baggage services"));
        QVERIFY_OK(noteId);
        auto list = messages.forConversation(c);
        QVERIFY_OK(list);
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(1).id, noteId.value());
        QCOMPARE(list->at(1).direction, Direction::Note);
        QCOMPARE(list->at(1).visibility, Core::Visibility::Private);
        QCOMPARE(list->at(1).agentId, QStringLiteral("alice"));
        QCOMPARE(list->at(1).deliveryState, Core::DeliveryState::NotApplicable);
        auto row = conversations.row(c);
        QVERIFY_OK(row);
        QCOMPARE(row->waitingSince, kBase);
        QCOMPARE(row->dueAt, kBase.addMSecs(kTargetMs));
        QCOMPARE(row->messageCount, 2);

        // Nothing to send: refused, nothing written.
        for (const QString &empty : {QString(), QStringLiteral("   \n ")}) {
            auto refused = alice.queueReply(c, Core::Visibility::Public, empty);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().code, Core::Error::Code::InvalidInput);
            auto noNote = alice.addNote(c, empty);
            QVERIFY(!noNote.ok());
            QCOMPARE(noNote.error().code, Core::Error::Code::InvalidInput);
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages")), qint64(2));
        QVERIFY(events(c).isEmpty());

        auto replyId = alice.queueReply(c, Core::Visibility::Public, QStringLiteral("Found it, sending it today"));
        QVERIFY_OK(replyId);
        list = messages.forConversation(c);
        QVERIFY_OK(list);
        QCOMPARE(list->size(), 3);
        const Core::Message reply = list->at(2);
        QCOMPARE(reply.id, replyId.value());
        QCOMPARE(reply.direction, Direction::Outbound);
        QCOMPARE(reply.visibility, Core::Visibility::Public);
        QCOMPARE(reply.deliveryState, Core::DeliveryState::Queued);
        QCOMPARE(reply.agentId, QStringLiteral("alice"));
        QCOMPARE(reply.body, QStringLiteral("Found it, sending it today"));
        QVERIFY(!reply.automatic);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE delivery_state = 'queued'")), qint64(1));

        // A queued human reply is the response: the customer no longer waits.
        row = conversations.row(c);
        QVERIFY_OK(row);
        QVERIFY(!row->waitingSince.isValid());
        QVERIFY(!row->dueAt.isValid());
        QCOMPARE(row->messageCount, 3);
        QCOMPARE(row->preview, QStringLiteral("Body of m1"));
        QCOMPARE(events(c), QStringList{event("reply-queued", QStringLiteral("alice"),
                                              QString::number(replyId.value()))});

        auto privateReply = alice.queueReply(c, Core::Visibility::Private, QStringLiteral("By DM"));
        QVERIFY_OK(privateReply);
        QCOMPARE(messages.forConversation(c)->last().visibility, Core::Visibility::Private);

        auto nowhere = alice.queueReply(c + 1000, Core::Visibility::Public, QStringLiteral("hello"));
        QVERIFY(!nowhere.ok());
        QCOMPARE(nowhere.error().code, Core::Error::Code::NotFound);
    }

    void hideInboundNeedsReasonAndIsAudited()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        IncomingMessage dm = inbound(x, QStringLiteral("dm"), QStringLiteral("t"), kBase.addSecs(120),
                                     QStringLiteral("u1"));
        dm.visibility = Core::Visibility::Private;
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("p1"), QStringLiteral("t"), kBase, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("p2"), QStringLiteral("t"), kBase.addSecs(60),
                                   QStringLiteral("u1")),
                           dm,
                           outbound(x, QStringLiteral("o1"), QStringLiteral("t"), kBase.addSecs(180),
                                    QStringLiteral("u1"))}));
        const qint64 c = conversationOf(x, QStringLiteral("t"));
        const qint64 p1 = messageId(x, QStringLiteral("p1"));
        const qint64 p2 = messageId(x, QStringLiteral("p2"));
        ConversationActions alice(*m_db, QStringLiteral("alice"));
        Store::AuditRepository audit(*m_db);
        Store::MessageRepository messages(*m_db);

        for (const QString &blank : {QString(), QStringLiteral("  ")}) {
            auto refused = alice.hideInbound(c, blank);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().code, Core::Error::Code::InvalidInput);
        }
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE hidden_at IS NOT NULL")), qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide'")), qint64(0));

        // The latest public inbound message: not the newer private one, not the brand's reply.
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto hidden = alice.hideInbound(c, QStringLiteral("  abusive language "));
        QVERIFY_OK(hidden);
        QCOMPARE(hidden.value(), p2);
        auto list = messages.forConversation(c);
        QVERIFY_OK(list);
        QCOMPARE(list->size(), 4);
        const Core::Message m = list->at(1);
        QCOMPARE(m.id, p2);
        QVERIFY(m.isHidden());
        QVERIFY(m.hiddenAt.toMSecsSinceEpoch() >= before);
        QCOMPARE(m.hiddenBy, QStringLiteral("alice"));
        QCOMPARE(m.hiddenReason, QStringLiteral("abusive language"));
        QCOMPARE(m.body, QStringLiteral("Body of p2"));
        QVERIFY(!m.isDeleted());
        QVERIFY(!list->at(0).isHidden());
        QVERIFY(!list->at(2).isHidden());
        QVERIFY(!list->at(3).isHidden());

        auto events2 = audit.forSubject(QStringLiteral("message"), p2);
        QVERIFY_OK(events2);
        QCOMPARE(events2->size(), 1);
        QCOMPARE(events2->first().action, QStringLiteral("message.hide"));
        QCOMPARE(events2->first().actor, QStringLiteral("alice"));
        QCOMPARE(events2->first().detail, QStringLiteral("abusive language"));
        QCOMPARE(events(c), QStringList{event("hidden", QStringLiteral("alice"), QString::number(p2))});

        // Next time the one before it; then nothing is left.
        ConversationActions bruno(*m_db, QStringLiteral("bruno"));
        auto second = bruno.hideInbound(c, QStringLiteral("personal data"));
        QVERIFY_OK(second);
        QCOMPARE(second.value(), p1);
        auto events1 = audit.forSubject(QStringLiteral("message"), p1);
        QVERIFY_OK(events1);
        QCOMPARE(events1->size(), 1);
        QCOMPARE(events1->first().actor, QStringLiteral("bruno"));
        QCOMPARE(events1->first().detail, QStringLiteral("personal data"));

        auto none = alice.hideInbound(c, QStringLiteral("again"));
        QVERIFY(!none.ok());
        QCOMPARE(none.error().code, Core::Error::Code::NotFound);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages")), qint64(4));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE hidden_at IS NOT NULL")), qint64(2));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'message.hide'")), qint64(2));
    }

    // --- drafts -------------------------------------------------------------------------------

    void draftsPerConversationAndAgent()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), kBase, QStringLiteral("u1")),
                           inbound(x, QStringLiteral("m2"), QStringLiteral("t2"), kBase, QStringLiteral("u2"))}));
        const qint64 c1 = conversationOf(x, QStringLiteral("t1"));
        const qint64 c2 = conversationOf(x, QStringLiteral("t2"));
        Store::DraftRepository drafts(*m_db);
        const QString alice = QStringLiteral("alice");
        const QString bruno = QStringLiteral("bruno");

        auto none = drafts.load(c1, alice);
        QVERIFY_OK(none);
        QVERIFY(!none->has_value());

        QVERIFY_OK(drafts.save(c1, alice, Store::Draft{QStringLiteral("public"), QStringLiteral("Hello Anna,\n")}));
        QVERIFY_OK(drafts.save(c1, bruno, Store::Draft{QStringLiteral("note"), QStringLiteral("Bruno's note")}));
        QVERIFY_OK(drafts.save(c2, alice, Store::Draft{QStringLiteral("private"), QStringLiteral("Other thread")}));
        auto loaded = drafts.load(c1, alice);
        QVERIFY_OK(loaded);
        QVERIFY(loaded->has_value());
        QCOMPARE(loaded->value().mode, QStringLiteral("public"));
        QCOMPARE(loaded->value().body, QStringLiteral("Hello Anna,\n"));
        loaded = drafts.load(c1, bruno);
        QVERIFY_OK(loaded);
        QVERIFY(loaded->has_value());
        QCOMPARE(loaded->value().mode, QStringLiteral("note"));
        QCOMPARE(loaded->value().body, QStringLiteral("Bruno's note"));
        loaded = drafts.load(c2, alice);
        QVERIFY_OK(loaded);
        QCOMPARE(loaded->value().body, QStringLiteral("Other thread"));
        QVERIFY(!drafts.load(c2, bruno)->has_value());

        // Saving again replaces the agent's draft, nobody else's.
        QVERIFY_OK(drafts.save(c1, alice, Store::Draft{QStringLiteral("private"), QStringLiteral("Hello again")}));
        loaded = drafts.load(c1, alice);
        QVERIFY_OK(loaded);
        QCOMPARE(loaded->value().mode, QStringLiteral("private"));
        QCOMPARE(loaded->value().body, QStringLiteral("Hello again"));
        QCOMPARE(drafts.load(c1, bruno)->value().body, QStringLiteral("Bruno's note"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM drafts")), qint64(3));

        // An emptied composer removes the draft.
        QVERIFY_OK(drafts.save(c1, alice, Store::Draft{QStringLiteral("public"), QStringLiteral("  \n")}));
        QVERIFY(!drafts.load(c1, alice)->has_value());
        QVERIFY(drafts.load(c1, bruno)->has_value());
        QVERIFY(drafts.load(c2, alice)->has_value());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM drafts")), qint64(2));
        QVERIFY_OK(drafts.save(c1, alice, Store::Draft{QStringLiteral("public"), QString()}));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM drafts")), qint64(2));

        QVERIFY_OK(drafts.remove(c1, bruno));
        QVERIFY(!drafts.load(c1, bruno)->has_value());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM drafts")), qint64(1));
    }

    // --- customers ----------------------------------------------------------------------------

    void mergeAndUnmergeCustomers()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("A1"), QStringLiteral("a"), kBase, QStringLiteral("x-1001"),
                                   QStringLiteral("Anna Schmidt"), QStringLiteral("@Anna_S")),
                           outbound(x, QStringLiteral("A2"), QStringLiteral("a"), kBase.addSecs(120),
                                    QStringLiteral("x-1001")),
                           inbound(em, QStringLiteral("B1"), QStringLiteral("b"), kBase.addSecs(60),
                                   QStringLiteral("anna@example.com"), QStringLiteral("A. Schmidt"),
                                   QStringLiteral("anna@example.com")),
                           inbound(x, QStringLiteral("C1"), QStringLiteral("c"), kBase.addSecs(30),
                                   QStringLiteral("x-2002"), QStringLiteral("Ben Okafor"), QStringLiteral("@benok"))}));
        const qint64 anna = customerOf(conversationOf(x, QStringLiteral("a")));
        const qint64 annaMail = customerOf(conversationOf(em, QStringLiteral("b")));
        const qint64 ben = customerOf(conversationOf(x, QStringLiteral("c")));
        QVERIFY(anna > 0 && annaMail > 0 && ben > 0);
        QCOMPARE(QSet<qint64>({anna, annaMail, ben}).size(), 3);

        Store::CustomerRepository customers(*m_db);
        Store::AuditRepository audit(*m_db);
        const auto group = [&](qint64 id) {
            auto g = customers.mergedGroup(id);
            return g ? sorted(g.value()) : QList<qint64>{-1};
        };
        const auto handles = [&](qint64 id) {
            QStringList out;
            auto list = customers.identities(id);
            if (!list)
                return QStringList{QStringLiteral("<error>")};
            for (const auto &i : list.value())
                out << i.handle;
            out.sort();
            return out;
        };
        QCOMPARE(group(anna), QList<qint64>{anna});
        QCOMPARE(handles(anna), QStringList{QStringLiteral("@Anna_S")});

        QVERIFY_OK(customers.merge(anna, annaMail, QStringLiteral("alice")));
        QCOMPARE(group(anna), sorted({anna, annaMail}));
        QCOMPARE(group(annaMail), sorted({anna, annaMail}));
        QCOMPARE(group(ben), QList<qint64>{ben});
        const QStringList both{QStringLiteral("@Anna_S"), QStringLiteral("anna@example.com")};
        QCOMPARE(handles(anna), both);
        QCOMPARE(handles(annaMail), both);
        QCOMPARE(customers.get(annaMail)->mergedInto, anna);
        QCOMPARE(customers.get(anna)->mergedInto, qint64(0));
        auto members = customers.mergedMembers(anna);
        QVERIFY_OK(members);
        QCOMPARE(customerIds(members.value()), QList<qint64>{annaMail});
        QCOMPARE(members->first().name, QStringLiteral("A. Schmidt"));
        QVERIFY(customers.mergedMembers(annaMail)->isEmpty());

        auto transcript = Store::MessageRepository(*m_db).transcript(customers.mergedGroup(annaMail).value(), 100);
        QVERIFY_OK(transcript);
        QStringList bodies;
        for (const auto &entry : transcript.value())
            bodies << entry.message.body;
        QCOMPARE(bodies, (QStringList{QStringLiteral("Body of A1"), QStringLiteral("Body of B1"),
                                      QStringLiteral("Body of A2")}));

        // Merging the same people again, either way round, is refused and not audited.
        for (const auto &[keep, absorb] : {std::pair{anna, annaMail}, std::pair{annaMail, anna}}) {
            const Core::Status again = customers.merge(keep, absorb, QStringLiteral("alice"));
            QVERIFY(!again.ok());
            QCOMPARE(again.error().code, Core::Error::Code::InvalidInput);
            QVERIFY2(again.error().message.contains(QStringLiteral("already the same customer")),
                     qPrintable(again.error().message));
        }
        const Core::Status self = customers.merge(ben, ben, QStringLiteral("alice"));
        QVERIFY(!self.ok());
        QCOMPARE(self.error().code, Core::Error::Code::InvalidInput);

        auto mergeEvents = audit.forSubject(QStringLiteral("customer"), anna);
        QVERIFY_OK(mergeEvents);
        QCOMPARE(mergeEvents->size(), 1);
        QCOMPARE(mergeEvents->first().action, QStringLiteral("customer.merge"));
        QCOMPARE(mergeEvents->first().actor, QStringLiteral("alice"));
        QCOMPARE(mergeEvents->first().detail, QString::number(annaMail));

        QVERIFY_OK(customers.unmerge(annaMail, QStringLiteral("bruno")));
        QCOMPARE(group(anna), QList<qint64>{anna});
        QCOMPARE(group(annaMail), QList<qint64>{annaMail});
        QCOMPARE(handles(anna), QStringList{QStringLiteral("@Anna_S")});
        QCOMPARE(handles(annaMail), QStringList{QStringLiteral("anna@example.com")});
        QCOMPARE(customers.get(annaMail)->mergedInto, qint64(0));
        QVERIFY(customers.mergedMembers(anna)->isEmpty());
        auto unmergeEvents = audit.forSubject(QStringLiteral("customer"), annaMail);
        QVERIFY_OK(unmergeEvents);
        QCOMPARE(unmergeEvents->size(), 1);
        QCOMPARE(unmergeEvents->first().action, QStringLiteral("customer.unmerge"));
        QCOMPARE(unmergeEvents->first().actor, QStringLiteral("bruno"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_events WHERE action = 'customer.merge'")), qint64(1));

        // Separate again, they can be merged again.
        QVERIFY_OK(customers.merge(annaMail, anna, QStringLiteral("alice")));
        QCOMPARE(group(anna), sorted({anna, annaMail}));
        QCOMPARE(customers.get(anna)->mergedInto, annaMail);
    }

    void findCustomers()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("A1"), QStringLiteral("a"), kBase, QStringLiteral("x-1001"),
                                   QStringLiteral("Anna Schmidt"), QStringLiteral("@Anna_S")),
                           inbound(em, QStringLiteral("B1"), QStringLiteral("b"), kBase, QStringLiteral("anna@example.com"),
                                   QStringLiteral("A. Schmidt"), QStringLiteral("anna@example.com")),
                           inbound(x, QStringLiteral("C1"), QStringLiteral("c"), kBase, QStringLiteral("x-2002"),
                                   QStringLiteral("Ben Okafor"), QStringLiteral("@BenOK"))}));
        const qint64 anna = customerOf(conversationOf(x, QStringLiteral("a")));
        const qint64 annaMail = customerOf(conversationOf(em, QStringLiteral("b")));
        const qint64 ben = customerOf(conversationOf(x, QStringLiteral("c")));
        Store::CustomerRepository customers(*m_db);
        const auto find = [&](const QString &text) {
            auto found = customers.find(text, 50);
            if (!found) {
                qWarning() << "find failed:" << found.error().detail;
                return QList<qint64>{-1};
            }
            return customerIds(found.value());
        };

        QCOMPARE(find(QStringLiteral("schmidt")), (QList<qint64>{anna, annaMail}));
        QCOMPARE(find(QStringLiteral("SCHMI")), (QList<qint64>{anna, annaMail}));
        QCOMPARE(find(QStringLiteral("anna schmidt")), QList<qint64>{anna});
        QCOMPARE(find(QStringLiteral("  okafor ")), QList<qint64>{ben});
        QCOMPARE(find(QStringLiteral("@benok")), QList<qint64>{ben});  // handle, other case
        QCOMPARE(find(QStringLiteral("anna_s")), QList<qint64>{anna}); // handle only: the name has no "_"
        QCOMPARE(find(QStringLiteral("EXAMPLE.COM")), QList<qint64>{annaMail});
        QCOMPARE(find(QStringLiteral("x-2002")), QList<qint64>{ben}); // platform user id
        QCOMPARE(find(QStringLiteral("zebra")), QList<qint64>{});
        auto limited = customers.find(QStringLiteral("schmidt"), 1);
        QVERIFY_OK(limited);
        QCOMPARE(customerIds(limited.value()), QList<qint64>{anna});

        // A merged-away customer is not offered again; the person is found as the customer it was
        // merged into, also by the absorbed customer's handles.
        QVERIFY_OK(customers.merge(anna, annaMail, QStringLiteral("alice")));
        QCOMPARE(find(QStringLiteral("schmidt")), QList<qint64>{anna});
        QCOMPARE(find(QStringLiteral("a. schmidt")), QList<qint64>{});
        QCOMPARE(find(QStringLiteral("example.com")), QList<qint64>{anna});
        QCOMPARE(find(QStringLiteral("@")), (QList<qint64>{anna, ben}));

        QVERIFY_OK(customers.unmerge(annaMail, QStringLiteral("alice")));
        QCOMPARE(find(QStringLiteral("schmidt")), (QList<qint64>{anna, annaMail}));
        QCOMPARE(find(QStringLiteral("example.com")), QList<qint64>{annaMail});
    }

    // --- conversations ------------------------------------------------------------------------

    void forCustomersNewestFirst()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("a1"), QStringLiteral("a-old"), kBase, QStringLiteral("anna")),
                           inbound(x, QStringLiteral("a2"), QStringLiteral("a-new"), kBase.addSecs(3000),
                                   QStringLiteral("anna")),
                           inbound(em, QStringLiteral("m1"), QStringLiteral("mail"), kBase.addSecs(1000),
                                   QStringLiteral("anna@example.com")),
                           outbound(em, QStringLiteral("m2"), QStringLiteral("mail"), kBase.addSecs(4000),
                                    QStringLiteral("anna@example.com")),
                           inbound(x, QStringLiteral("b1"), QStringLiteral("ben"), kBase.addSecs(2000),
                                   QStringLiteral("ben"))}));
        const qint64 aOld = conversationOf(x, QStringLiteral("a-old"));
        const qint64 aNew = conversationOf(x, QStringLiteral("a-new"));
        const qint64 mail = conversationOf(em, QStringLiteral("mail"));
        const qint64 benConv = conversationOf(x, QStringLiteral("ben"));
        const qint64 anna = customerOf(aOld);
        const qint64 annaMail = customerOf(mail);
        const qint64 ben = customerOf(benConv);
        QCOMPARE(customerOf(aNew), anna);

        Store::ConversationRepository conversations(*m_db);
        auto rows = conversations.forCustomers({anna, annaMail});
        QVERIFY_OK(rows);
        // Newest by last message: the mail thread's reply at +4000 s is the latest.
        QCOMPARE(ids(rows.value()), (QList<qint64>{mail, aNew, aOld}));
        QCOMPARE(rows->first().lastMessageAt, kBase.addSecs(4000));
        QCOMPARE(rows->first().platform, Core::Platform::Email);
        QCOMPARE(rows->at(1).customerId, anna);
        rows = conversations.forCustomers({anna});
        QVERIFY_OK(rows);
        QCOMPARE(ids(rows.value()), (QList<qint64>{aNew, aOld}));
        rows = conversations.forCustomers({ben});
        QVERIFY_OK(rows);
        QCOMPARE(ids(rows.value()), QList<qint64>{benConv});
        rows = conversations.forCustomers({});
        QVERIFY_OK(rows);
        QVERIFY(rows->isEmpty());

        // Through a merge: the group's history.
        Store::CustomerRepository customers(*m_db);
        QVERIFY_OK(customers.merge(anna, annaMail, QStringLiteral("alice")));
        rows = conversations.forCustomers(customers.mergedGroup(annaMail).value());
        QVERIFY_OK(rows);
        QCOMPARE(ids(rows.value()), (QList<qint64>{mail, aNew, aOld}));
    }

    void inboxPriorityFilter()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        QList<IncomingMessage> batch;
        for (int i = 0; i < 5; ++i)
            batch << inbound(x, QStringLiteral("m%1").arg(i), QStringLiteral("t%1").arg(i), kBase.addSecs(60 * i),
                             QStringLiteral("u%1").arg(i));
        QVERIFY_OK(ingest(batch));
        QList<qint64> c;
        for (int i = 0; i < 5; ++i)
            c << conversationOf(x, QStringLiteral("t%1").arg(i));
        Store::ConversationRepository conversations(*m_db);
        QVERIFY_OK(conversations.setPriority(c[0], Core::Priority::High));
        QVERIFY_OK(conversations.setPriority(c[1], Core::Priority::Urgent));
        QVERIFY_OK(conversations.setPriority(c[3], Core::Priority::High));
        QVERIFY_OK(conversations.setPriority(c[4], Core::Priority::Low));
        QCOMPARE(conversations.get(c[1])->priority, Core::Priority::Urgent);
        QCOMPARE(conversations.row(c[4])->priority, Core::Priority::Low);
        QCOMPARE(conversations.row(c[2])->priority, Core::Priority::Normal);

        InboxFilter f; // SlaDue: the earliest due first, i.e. the order of arrival here
        f.priority = Core::Priority::High;
        QVERIFY(inboxIs(f, {c[0], c[3]}));
        f.priority = Core::Priority::Urgent;
        QVERIFY(inboxIs(f, {c[1]}));
        f.priority = Core::Priority::Normal;
        QVERIFY(inboxIs(f, {c[2]}));
        f.priority = Core::Priority::Low;
        QVERIFY(inboxIs(f, {c[4]}));
        f.priority.reset();
        QVERIFY(inboxIs(f, c));

        // Combined with another filter; and a changed priority moves the conversation.
        QVERIFY_OK(conversations.setPriority(c[3], Core::Priority::Urgent));
        f.priority = Core::Priority::Urgent;
        QVERIFY(inboxIs(f, {c[1], c[3]}));
        QVERIFY_OK(conversations.setStatus(c[1], Core::ConversationStatus::Resolved));
        f.statuses = {Core::ConversationStatus::Open};
        QVERIFY(inboxIs(f, {c[3]}));
    }

    void inboxDueBeforeAndAfterBoundaries()
    {
        // due_at = waiting_since + 1 h: due at base+60, +70, +80 and +90 minutes; one answered, one
        // resolved (no clock either way).
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const auto at = [&](int minutes) { return kBase.addSecs(60 * minutes); };
        QVERIFY_OK(ingest({inbound(x, QStringLiteral("m0"), QStringLiteral("t0"), at(0), QStringLiteral("u0")),
                           inbound(x, QStringLiteral("m1"), QStringLiteral("t1"), at(10), QStringLiteral("u1")),
                           inbound(x, QStringLiteral("m2"), QStringLiteral("t2"), at(20), QStringLiteral("u2")),
                           inbound(x, QStringLiteral("m3"), QStringLiteral("t3"), at(30), QStringLiteral("u3")),
                           inbound(x, QStringLiteral("a1"), QStringLiteral("answered"), at(5), QStringLiteral("u4")),
                           outbound(x, QStringLiteral("a2"), QStringLiteral("answered"), at(6), QStringLiteral("u4")),
                           inbound(x, QStringLiteral("r1"), QStringLiteral("resolved"), at(15), QStringLiteral("u5"))}));
        const qint64 c0 = conversationOf(x, QStringLiteral("t0"));
        const qint64 c1 = conversationOf(x, QStringLiteral("t1"));
        const qint64 c2 = conversationOf(x, QStringLiteral("t2"));
        const qint64 c3 = conversationOf(x, QStringLiteral("t3"));
        const qint64 answered = conversationOf(x, QStringLiteral("answered"));
        const qint64 resolved = conversationOf(x, QStringLiteral("resolved"));
        Store::ConversationRepository conversations(*m_db);
        QVERIFY_OK(ConversationActions(*m_db, QStringLiteral("alice"))
                       .setStatus(resolved, Core::ConversationStatus::Resolved));
        QCOMPARE(conversations.row(c1)->dueAt, at(70));
        QCOMPARE(scalar(QStringLiteral("SELECT due_at FROM conversations WHERE id = :id"),
                        {{QStringLiteral(":id"), c1}}),
                 at(10).toMSecsSinceEpoch() + kTargetMs);
        QVERIFY(!conversations.row(answered)->dueAt.isValid());
        QVERIFY(!conversations.row(resolved)->dueAt.isValid());

        InboxFilter f;
        QVERIFY(inboxIs(f, {c0, c1, c2, c3, resolved, answered})); // no clock last, newest first

        // Before is strict, after is inclusive: at any instant the two split the running clocks.
        f.dueBefore = at(70);
        QVERIFY(inboxIs(f, {c0}));
        f.dueBefore = at(70).addMSecs(1);
        QVERIFY(inboxIs(f, {c0, c1}));
        f.dueBefore = at(60);
        QVERIFY(inboxIs(f, {}));
        f = InboxFilter{};
        f.dueAfter = at(70);
        QVERIFY(inboxIs(f, {c1, c2, c3}));
        f.dueAfter = at(70).addMSecs(1);
        QVERIFY(inboxIs(f, {c2, c3}));
        f.dueAfter = at(90).addMSecs(1);
        QVERIFY(inboxIs(f, {}));

        // A window: due from +70 (inclusive) to +90 (exclusive).
        f = InboxFilter{};
        f.dueAfter = at(70);
        f.dueBefore = at(90);
        QVERIFY(inboxIs(f, {c1, c2}));
        f.sort = InboxFilter::Sort::Newest;
        QVERIFY(inboxIs(f, {c2, c1}));

        // An answer stops the clock, so the conversation leaves both.
        QVERIFY_OK(ingest({outbound(x, QStringLiteral("m1-reply"), QStringLiteral("t1"), at(40),
                                    QStringLiteral("u1"))}));
        f = InboxFilter{};
        f.dueAfter = at(70);
        QVERIFY(inboxIs(f, {c2, c3}));
        f = InboxFilter{};
        f.dueBefore = at(90).addMSecs(1);
        QVERIFY(inboxIs(f, {c0, c2, c3}));
    }

    // --- response time report -----------------------------------------------------------------

    void responseTimeReportByDayAndPlatform()
    {
        const qint64 x = account(Core::Platform::X, QStringLiteral("@brand"));
        const qint64 fb = account(Core::Platform::Facebook, QStringLiteral("Brand"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        const auto t = [](int day, int hour, int minute, int second = 0) {
            return QDateTime(QDate(2024, 3, day), QTime(hour, minute, second), Qt::UTC);
        };
        // Window: 4–10 March 2024 (today = 10 March, 7 days), UTC.
        QVERIFY_OK(ingest({
            // X, 5 March: 1200 s. The automatic acknowledgement and the note are no response.
            inbound(x, QStringLiteral("x1-in"), QStringLiteral("x1"), t(5, 10, 0), QStringLiteral("x-u1")),
            automaticAck(x, QStringLiteral("x1-ack"), QStringLiteral("x1"), t(5, 10, 0, 30), QStringLiteral("x-u1")),
            note(x, QStringLiteral("x1-note"), QStringLiteral("x1"), t(5, 10, 1), QStringLiteral("x-u1")),
            outbound(x, QStringLiteral("x1-out"), QStringLiteral("x1"), t(5, 10, 20), QStringLiteral("x-u1")),
            // X, 5 March: 600 s, measured from the first inbound message.
            inbound(x, QStringLiteral("x2-in"), QStringLiteral("x2"), t(5, 12, 0), QStringLiteral("x-u2")),
            inbound(x, QStringLiteral("x2-in2"), QStringLiteral("x2"), t(5, 12, 5), QStringLiteral("x-u2")),
            outbound(x, QStringLiteral("x2-out"), QStringLiteral("x2"), t(5, 12, 10), QStringLiteral("x-u2")),
            outbound(x, QStringLiteral("x2-out2"), QStringLiteral("x2"), t(5, 12, 30), QStringLiteral("x-u2")),
            // X, 5 March: 3600 s.
            inbound(x, QStringLiteral("x3-in"), QStringLiteral("x3"), t(5, 15, 0), QStringLiteral("x-u3")),
            outbound(x, QStringLiteral("x3-out"), QStringLiteral("x3"), t(5, 16, 0), QStringLiteral("x-u3")),
            // X, 7 March: 120 s.
            inbound(x, QStringLiteral("x4-in"), QStringLiteral("x4"), t(7, 9, 0), QStringLiteral("x-u4")),
            outbound(x, QStringLiteral("x4-out"), QStringLiteral("x4"), t(7, 9, 2), QStringLiteral("x-u4")),
            // X, 7 March late: 1800 s, answered after midnight, counted on the day it arrived.
            inbound(x, QStringLiteral("x5-in"), QStringLiteral("x5"), t(7, 23, 50), QStringLiteral("x-u5")),
            outbound(x, QStringLiteral("x5-out"), QStringLiteral("x5"), t(8, 0, 20), QStringLiteral("x-u5")),
            // Facebook, 5 March: 300 s.
            inbound(fb, QStringLiteral("f1-in"), QStringLiteral("f1"), t(5, 8, 0), QStringLiteral("fb-u1")),
            outbound(fb, QStringLiteral("f1-out"), QStringLiteral("f1"), t(5, 8, 5), QStringLiteral("fb-u1")),
            // Facebook, 9 March: only an acknowledgement and a note: unanswered.
            inbound(fb, QStringLiteral("f2-in"), QStringLiteral("f2"), t(9, 11, 0), QStringLiteral("fb-u2")),
            automaticAck(fb, QStringLiteral("f2-ack"), QStringLiteral("f2"), t(9, 11, 0, 5), QStringLiteral("fb-u2")),
            note(fb, QStringLiteral("f2-note"), QStringLiteral("f2"), t(9, 11, 30), QStringLiteral("fb-u2")),
            // Facebook, 9 March: the brand's post comes first; the answer to the customer is 1800 s.
            outbound(fb, QStringLiteral("f3-post"), QStringLiteral("f3"), t(9, 13, 0), QStringLiteral("fb-u3")),
            inbound(fb, QStringLiteral("f3-in"), QStringLiteral("f3"), t(9, 13, 10), QStringLiteral("fb-u3")),
            outbound(fb, QStringLiteral("f3-out"), QStringLiteral("f3"), t(9, 13, 40), QStringLiteral("fb-u3")),
            // E-mail, 3 March: before the window.
            inbound(em, QStringLiteral("e1-in"), QStringLiteral("e1"), t(3, 23, 59), QStringLiteral("e-u1")),
            outbound(em, QStringLiteral("e1-out"), QStringLiteral("e1"), t(4, 0, 30), QStringLiteral("e-u1")),
            // E-mail, 6 March: a note only: unanswered.
            inbound(em, QStringLiteral("e2-in"), QStringLiteral("e2"), t(6, 14, 0), QStringLiteral("e-u2")),
            note(em, QStringLiteral("e2-note"), QStringLiteral("e2"), t(6, 14, 30), QStringLiteral("e-u2")),
            // E-mail, 10 March (today), last minute: 600 s.
            inbound(em, QStringLiteral("e3-in"), QStringLiteral("e3"), t(10, 23, 59), QStringLiteral("e-u3")),
            outbound(em, QStringLiteral("e3-out"), QStringLiteral("e3"), t(11, 0, 9), QStringLiteral("e-u3")),
            // E-mail, 11 March: after the window.
            inbound(em, QStringLiteral("e4-in"), QStringLiteral("e4"), t(11, 8, 0), QStringLiteral("e-u4")),
            outbound(em, QStringLiteral("e4-out"), QStringLiteral("e4"), t(11, 8, 10), QStringLiteral("e-u4")),
        }));

        auto report = Store::ResponseTimeReport::compute(*m_db, QDate(2024, 3, 10), 7, QTimeZone::utc());
        QVERIFY_OK(report);
        QCOMPARE(report->days.size(), 7);
        for (int i = 0; i < 7; ++i)
            QCOMPARE(report->days.at(i).date, QDate(2024, 3, 4 + i));

        const auto day = [&](int d) { return report->days.at(d - 4); };
        QCOMPARE(day(4).inbound, 0);
        QVERIFY(!day(4).frt);
        // 5 March: 300, 600, 1200, 3600.
        QCOMPARE(day(5).inbound, 4);
        QVERIFY(day(5).frt);
        QCOMPARE(day(5).frt->count, 4);
        QCOMPARE(day(5).frt->median, 900.0);
        QCOMPARE(day(5).frt->p90, 3600.0);
        QCOMPARE(day(5).frt->mean, 1425.0);
        // 6 March: one unanswered e-mail.
        QCOMPARE(day(6).inbound, 1);
        QVERIFY(!day(6).frt);
        // 7 March: 120, 1800.
        QCOMPARE(day(7).inbound, 2);
        QVERIFY(day(7).frt);
        QCOMPARE(day(7).frt->count, 2);
        QCOMPARE(day(7).frt->median, 960.0);
        QCOMPARE(day(7).frt->p90, 1800.0);
        QCOMPARE(day(8).inbound, 0);
        QVERIFY(!day(8).frt);
        // 9 March: one unanswered, one 1800.
        QCOMPARE(day(9).inbound, 2);
        QVERIFY(day(9).frt);
        QCOMPARE(day(9).frt->count, 1);
        QCOMPARE(day(9).frt->median, 1800.0);
        QCOMPARE(day(9).frt->p90, 1800.0);
        // 10 March: 600.
        QCOMPARE(day(10).inbound, 1);
        QVERIFY(day(10).frt);
        QCOMPARE(day(10).frt->count, 1);
        QCOMPARE(day(10).frt->median, 600.0);

        // X: 120, 600, 1200, 1800, 3600. Facebook: 300, 1800. E-mail: 600.
        QCOMPARE(report->byPlatform.keys(),
                 (QList<Core::Platform>{Core::Platform::X, Core::Platform::Facebook, Core::Platform::Email}));
        const Core::Summary xs = report->byPlatform.value(Core::Platform::X);
        QCOMPARE(xs.count, 5);
        QCOMPARE(xs.median, 1200.0);
        QCOMPARE(xs.p90, 3600.0);
        QCOMPARE(xs.mean, 1464.0);
        const Core::Summary fbs = report->byPlatform.value(Core::Platform::Facebook);
        QCOMPARE(fbs.count, 2);
        QCOMPARE(fbs.median, 1050.0);
        QCOMPARE(fbs.p90, 1800.0);
        const Core::Summary ems = report->byPlatform.value(Core::Platform::Email);
        QCOMPARE(ems.count, 1);
        QCOMPARE(ems.median, 600.0);
        QCOMPARE(ems.p90, 600.0);

        // Overall: 120, 300, 600, 600, 1200, 1800, 1800, 3600.
        QVERIFY(report->overall);
        QCOMPARE(report->overall->count, 8);
        QCOMPARE(report->overall->median, 900.0);
        QCOMPARE(report->overall->p90, 3600.0);
        QCOMPARE(report->overall->mean, 1252.5);
        QCOMPARE(report->unanswered, 2);

        // A one-day window holds only today's conversation.
        auto oneDay = Store::ResponseTimeReport::compute(*m_db, QDate(2024, 3, 10), 1, QTimeZone::utc());
        QVERIFY_OK(oneDay);
        QCOMPARE(oneDay->days.size(), 1);
        QCOMPARE(oneDay->days.first().inbound, 1);
        QVERIFY(oneDay->overall);
        QCOMPARE(oneDay->overall->count, 1);
        QCOMPARE(oneDay->overall->median, 600.0);
        QCOMPARE(oneDay->byPlatform.keys(), QList<Core::Platform>{Core::Platform::Email});
        QCOMPARE(oneDay->unanswered, 0);

        // Days are the zone's: at UTC+2 the 23:50 and 23:59 arrivals belong to the next day.
        auto shifted = Store::ResponseTimeReport::compute(*m_db, QDate(2024, 3, 10), 7, QTimeZone(2 * 3600));
        QVERIFY_OK(shifted);
        QCOMPARE(shifted->days.at(7 - 4).inbound, 1); // 7 March: 09:00 UTC only
        QCOMPARE(shifted->days.at(8 - 4).inbound, 1); // 8 March: 23:50 UTC on the 7th
        QCOMPARE(shifted->days.at(4 - 4).inbound, 1); // 4 March: 23:59 UTC on the 3rd
        QCOMPARE(shifted->days.at(10 - 4).inbound, 0); // 23:59 UTC on the 10th is the 11th there
    }

    // --- answer by e-mail ---------------------------------------------------------------------

    // The e-mail answer threads onto the newest mail the store holds, even when the customer's
    // answer carries an earlier time than ours (a Date header in whole seconds on their clock): the
    // flaky email_servers case where the second answer went In-Reply-To our own first answer.
    void emailAnswerThreadsOntoTheNewestMailStored()
    {
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("acme@social.test"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        const qint64 toot = tootOfCustomerPreferringEmail(mastodon);
        QVERIFY(toot > 0);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM customers WHERE id = :c"), {{QStringLiteral(":c"), customerOf(toot)}}),
                 qint64(1));

        ConversationActions actions(*m_db, QStringLiteral("maria"));
        auto first = actions.queueEmailAnswer(toot, em, QStringLiteral("Yes, both are covered."));
        QVERIFY_OK(first);
        auto firstItem = Store::OutboxRepository(*m_db).forMessage(first.value());
        QVERIFY_OK(firstItem);
        QVERIFY(firstItem->replyTo.isEmpty()); // a new thread
        QCOMPARE(firstItem->recipient, QStringLiteral("chris@example.com"));

        // Delivered as care-1@…; the customer's answer arrives, stamped half a second before it.
        const qint64 sentAt = scalar(QStringLiteral("SELECT created_at FROM messages WHERE id = :id"),
                                     {{QStringLiteral(":id"), first.value()}});
        QSqlQuery sent(m_db->connection());
        sent.prepare(QStringLiteral("UPDATE messages SET platform_message_id = 'care-1@brand.example', "
                                    "delivery_state = 'sent' WHERE id = :id"));
        sent.bindValue(QStringLiteral(":id"), first.value());
        QVERIFY2(sent.exec(), qPrintable(sent.lastError().text()));
        QSqlQuery answer(m_db->connection());
        answer.prepare(QStringLiteral(
            "INSERT INTO messages (conversation_id, account_id, platform_message_id, direction, visibility, "
            "author_name, author_handle, body, search_text, created_at) VALUES (:c, :a, 'c4@example.com', 'inbound', "
            "'private', 'Chris', 'chris@example.com', 'And the spout?', 'And the spout?', :at)"));
        answer.bindValue(QStringLiteral(":c"), toot);
        answer.bindValue(QStringLiteral(":a"), em);
        answer.bindValue(QStringLiteral(":at"), sentAt - 500);
        QVERIFY2(answer.exec(), qPrintable(answer.lastError().text()));

        auto second = actions.queueEmailAnswer(toot, em, QStringLiteral("The spout too."));
        QVERIFY_OK(second);
        auto secondItem = Store::OutboxRepository(*m_db).forMessage(second.value());
        QVERIFY_OK(secondItem);
        QCOMPARE(secondItem->replyTo, QStringLiteral("c4@example.com"));
    }

    // A customer's e-mail answering our answer by e-mail from a Mastodon conversation continues
    // that conversation (the connector names it: MessageRepository::byPlatformId of the answer's
    // Message-ID), reopens it, and the next answer by e-mail is threaded onto it. A conversation
    // that is gone leaves the thread key to decide.
    void emailReplyToAnAnswerByEmailJoinsTheAnsweredConversation()
    {
        const qint64 mastodon = account(Core::Platform::Mastodon, QStringLiteral("acme@social.test"));
        const qint64 em = account(Core::Platform::Email, QStringLiteral("care@brand.example"));
        const qint64 toot = tootOfCustomerPreferringEmail(mastodon);
        QVERIFY(toot > 0);
        ConversationActions actions(*m_db, QStringLiteral("maria"));
        auto first = actions.queueEmailAnswer(toot, em, QStringLiteral("Yes, both are covered."));
        QVERIFY_OK(first);
        QSqlQuery sent(m_db->connection());
        sent.prepare(QStringLiteral("UPDATE messages SET platform_message_id = 'care-1@brand.example', "
                                    "delivery_state = 'sent' WHERE id = :id"));
        sent.bindValue(QStringLiteral(":id"), first.value());
        QVERIFY2(sent.exec(), qPrintable(sent.lastError().text()));
        QVERIFY_OK(actions.setStatus(toot, Core::ConversationStatus::Resolved));

        auto answered = Store::MessageRepository(*m_db).byPlatformId(em, QStringLiteral("care-1@brand.example"));
        QVERIFY_OK(answered);
        QVERIFY(answered->has_value());
        QCOMPARE(answered->value().conversationId, toot);
        IncomingMessage reply = inbound(em, QStringLiteral("c4@example.com"), answered->value().threadKey,
                                        QDateTime::currentDateTimeUtc().addSecs(60), QStringLiteral("chris@example.com"));
        reply.visibility = Core::Visibility::Private;
        reply.conversationId = answered->value().conversationId;
        QVERIFY_OK(ingest({reply}));
        QCOMPARE(scalar(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = 'c4@example.com'")),
                 toot);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE account_id = :a"), {{QStringLiteral(":a"), em}}),
                 qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE id = :c AND status = 'open'"), {{QStringLiteral(":c"), toot}}),
                 qint64(1));
        QCOMPARE(scalar(QStringLiteral("SELECT message_count FROM conversations WHERE id = :c"), {{QStringLiteral(":c"), toot}}),
                 qint64(3));

        auto second = actions.queueEmailAnswer(toot, em, QStringLiteral("The spout too."));
        QVERIFY_OK(second);
        auto secondItem = Store::OutboxRepository(*m_db).forMessage(second.value());
        QVERIFY_OK(secondItem);
        QCOMPARE(secondItem->replyTo, QStringLiteral("c4@example.com"));

        IncomingMessage stray = inbound(em, QStringLiteral("c5@example.com"), QStringLiteral("mail:c5@example.com"),
                                        kBase.addSecs(7200), QStringLiteral("chris@example.com"));
        stray.conversationId = toot + 1000;
        QVERIFY_OK(ingest({stray}));
        const qint64 own = conversationOf(em, QStringLiteral("mail:c5@example.com"));
        QVERIFY(own > 0 && own != toot);
    }
};

QTEST_GUILESS_MAIN(TestStoreActions)
#include "tst_store_actions.moc"
