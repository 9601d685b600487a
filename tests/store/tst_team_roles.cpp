#include "core/IncomingMessage.h"
#include "core/BusinessCalendar.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/DraftRepository.h"
#include "store/MessageRepository.h"
#include "store/PresenceRepository.h"
#include "store/SchemaMigrator.h"
#include "store/TeamRoles.h"
#include "store/WorkspaceSettings.h"
#include "StoreTestBackend.h"

#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QTimeZone>

#include <atomic>
#include <memory>

using namespace Care;
using Care::Store::Database;
using Care::Store::DatabaseLocation;
using Care::Store::TeamRoles;
using Code = Care::Core::Error::Code;

// Team mode's permissions are the database's, not the console's: each test connects as a
// person's own login and proves PostgreSQL refuses what that role may not do (and allows what
// it must). Runs against the throwaway cluster of the `postgres` CTest fixture.
class TestTeamRoles : public QObject
{
    Q_OBJECT

private:
    DatabaseLocation m_owner;
    std::unique_ptr<Database> m_db; // the owner's connection
    qint64 m_account = 0;
    qint64 m_conversation = 0;
    qint64 m_customerMessage = 0;

    DatabaseLocation as(const QString &login) const
    {
        DatabaseLocation location = m_owner;
        location.user = login;
        location.password.clear();
        return location;
    }

    std::unique_ptr<Database> connectAs(const QString &login)
    {
        auto db = Database::open(as(login));
        if (!db) {
            qWarning() << "cannot connect as" << login << db.error().fullText() << db.error().detail;
            return {};
        }
        return std::move(db).value();
    }

    static Core::Status run(Database &db, const QString &sql) { return db.exec(sql); }

    static qint64 count(Database &db, const QString &sql)
    {
        QSqlQuery q(db.connection());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

    static Core::IncomingMessage customerMessage(qint64 account, const QString &pid, const QString &thread)
    {
        Core::IncomingMessage in;
        in.accountId = account;
        in.platformMessageId = pid;
        in.threadKey = thread;
        in.direction = Core::Direction::Inbound;
        in.customerPlatformUserId = QStringLiteral("u-") + thread;
        in.customerHandle = QStringLiteral("@") + thread;
        in.customerName = QStringLiteral("Customer ") + thread;
        in.body = QStringLiteral("My parcel is late, order ") + pid;
        in.createdAt = QDateTime::currentDateTimeUtc().addSecs(-600);
        return in;
    }

private slots:
    void initTestCase()
    {
        const QString url = qEnvironmentVariable("CARE_TEST_PG_URL");
        if (url.isEmpty())
            QFAIL("CARE_TEST_PG_URL is not set: ctest provides it through the postgres fixture.");
        auto location = DatabaseLocation::parse(url);
        QVERIFY(location.ok());
        m_owner = location.value();
        QVERIFY(Tests::resetPostgresSchema(m_owner, QStringLiteral("tst-team-roles-reset")).ok());
        auto db = Database::open(m_owner);
        QVERIFY(db.ok());
        m_db = std::move(db).value();

        TeamRoles roles(*m_db);
        QVERIFY(roles.setUp().ok());
        QVERIFY(roles.setUp().ok()); // idempotent
        QVERIFY(roles.addPerson(QStringLiteral("ann"), TeamRoles::Role::Agent, QStringLiteral("Ann Agent"), {}).ok());
        QVERIFY(roles.addPerson(QStringLiteral("bob"), TeamRoles::Role::Agent, QStringLiteral("Bob Agent"), {}).ok());
        QVERIFY(roles.addPerson(QStringLiteral("lee"), TeamRoles::Role::Lead, QStringLiteral("Lee Lead"), {}).ok());
        QVERIFY(roles.addPerson(QStringLiteral("ada"), TeamRoles::Role::Admin, QStringLiteral("Ada Admin"), {}).ok());
        QVERIFY(roles.addPerson(QStringLiteral("syncd"), TeamRoles::Role::Sync, {}, QStringLiteral("s3cret")).ok());

        auto account = Tests::addMastodonAccount(*m_db);
        QVERIFY(account.ok());
        m_account = account.value();
        auto ingested = Store::MessageRepository(*m_db).ingest({customerMessage(m_account, QStringLiteral("p1"), QStringLiteral("t1"))});
        QVERIFY(ingested.ok());
        m_conversation = count(*m_db, QStringLiteral("SELECT id FROM conversations"));
        m_customerMessage = count(*m_db, QStringLiteral("SELECT id FROM messages WHERE direction = 'inbound'"));
        QVERIFY(m_conversation > 0 && m_customerMessage > 0);
        QVERIFY(run(*m_db, QStringLiteral("INSERT INTO audit_events (at, actor, action, subject_type) VALUES (1, 'owner', 'test', 'test')")).ok());
    }

    void loginsKnowTheirRoles()
    {
        auto owner = TeamRoles(*m_db).whoAmI();
        QVERIFY(owner.ok());
        QVERIFY(!owner.value()); // the owner (a superuser here) has no team role
        const QList<std::pair<QString, TeamRoles::Role>> expected{{QStringLiteral("ann"), TeamRoles::Role::Agent},
                                                                  {QStringLiteral("lee"), TeamRoles::Role::Lead},
                                                                  {QStringLiteral("ada"), TeamRoles::Role::Admin},
                                                                  {QStringLiteral("syncd"), TeamRoles::Role::Sync}};
        for (const auto &[login, role] : expected) {
            auto db = connectAs(login);
            QVERIFY(db);
            auto me = TeamRoles(*db).whoAmI();
            QVERIFY(me.ok() && me.value());
            QCOMPARE(me.value()->login, login);
            QCOMPARE(int(me.value()->role), int(role));
        }
        auto members = TeamRoles(*m_db).members();
        QVERIFY(members.ok());
        QCOMPARE(members->size(), 5);
    }

    void badLoginNamesAreRefused()
    {
        for (const QString &login : {QStringLiteral("Robert\"; DROP TABLE messages; --"), QStringLiteral("care_agent"),
                                     QStringLiteral("")}) {
            const Core::Status s = TeamRoles(*m_db).addPerson(login, TeamRoles::Role::Agent, {}, {});
            QVERIFY(!s.ok());
            QCOMPARE(s.error().code, Code::InvalidInput);
        }
        QVERIFY(count(*m_db, QStringLiteral("SELECT count(*) FROM messages")) >= 1);
    }

    void agentWorksConversations()
    {
        auto ann = connectAs(QStringLiteral("ann"));
        QVERIFY(ann);
        Store::ConversationActions actions(*ann, QStringLiteral("ann"));
        QVERIFY(actions.claim(m_conversation).ok());
        QVERIFY(actions.addNote(m_conversation, QStringLiteral("Checking the parcel")).ok());
        auto reply = actions.queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("Sorry! Looking now. ^Ann"));
        QVERIFY2(reply.ok(), reply.ok() ? "" : qPrintable(reply.error().fullText() + reply.error().detail));
        QVERIFY(actions.setTags(m_conversation, {QStringLiteral("delivery")}).ok());
        QVERIFY(Store::DraftRepository(*ann)
                    .save(m_conversation, QStringLiteral("ann"), Store::Draft{QStringLiteral("public"), QStringLiteral("Draft of Ann")})
                    .ok());
    }

    void agentCannotChangeRulesOrServiceLevels()
    {
        auto ann = connectAs(QStringLiteral("ann"));
        QVERIFY(ann);
        for (const QString &sql : {QStringLiteral("UPDATE policies SET title = 'Refunds whenever' "),
                                   QStringLiteral("DELETE FROM canned_replies"),
                                   QStringLiteral("INSERT INTO workspace_settings (key, value, updated_at) VALUES ('x', 'y', 1)"),
                                   QStringLiteral("UPDATE agents SET role = 'lead' WHERE id = 'ann'"),
                                   QStringLiteral("UPDATE accounts SET name = 'mine'"),
                                   QStringLiteral("DELETE FROM metrics_kept")}) {
            const Core::Status s = run(*ann, sql);
            QVERIFY2(!s.ok(), qPrintable(sql));
            QCOMPARE(s.error().code, Code::PermissionDenied);
            QVERIFY(s.error().message.contains(QLatin1String("ann")));
        }
        const Core::Status calendar = Store::WorkspaceSettings(*ann).setCalendar(
            Core::BusinessCalendar::twentyFourSeven(QTimeZone::utc()), QStringLiteral("ann"));
        QVERIFY(!calendar.ok());
        QCOMPARE(calendar.error().code, Code::PermissionDenied);
        // Her own name and signature she may change.
        QVERIFY(run(*ann, QStringLiteral("UPDATE agents SET signature = 'A.' WHERE id = 'ann'")).ok());
        QCOMPARE(count(*ann, QStringLiteral("SELECT count(*) FROM agents WHERE id = 'lee' AND signature = 'A.'")), 0);
        QVERIFY(run(*ann, QStringLiteral("UPDATE agents SET signature = 'A.' WHERE id = 'lee'")).ok()); // row hidden from the update
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM agents WHERE id = 'lee' AND signature = 'A.'")), 0);
    }

    void leadChangesRulesButNotAccounts()
    {
        auto lee = connectAs(QStringLiteral("lee"));
        QVERIFY(lee);
        QVERIFY(Store::WorkspaceSettings(*lee)
                    .setCalendar(Core::BusinessCalendar::twentyFourSeven(QTimeZone::utc()), QStringLiteral("lee"))
                    .ok());
        QVERIFY(run(*lee, QStringLiteral("UPDATE agents SET team = 'Day shift' WHERE id = 'ann'")).ok());
        // The dashboard's kept figures: a lead's session keeps them for the next.
        QVERIFY(run(*lee, QStringLiteral("DELETE FROM metrics_kept")).ok());
        QVERIFY(run(*lee, QStringLiteral("UPDATE metrics_kept_state SET seq = seq")).ok());
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM agents WHERE id = 'ann' AND team = 'Day shift'")), 1);
        const Core::Status account = run(*lee, QStringLiteral("UPDATE accounts SET name = 'mine'"));
        QVERIFY(!account.ok());
        QCOMPARE(account.error().code, Code::PermissionDenied);
        auto ada = connectAs(QStringLiteral("ada"));
        QVERIFY(ada);
        QVERIFY(run(*ada, QStringLiteral("UPDATE accounts SET name = 'Acme care'")).ok());
    }

    void nobodyWritesInAColleaguesName()
    {
        auto bob = connectAs(QStringLiteral("bob"));
        QVERIFY(bob);
        const QString forged = QStringLiteral(
            "INSERT INTO messages (conversation_id, account_id, platform_message_id, direction, visibility, agent_id, body,"
            " search_text, created_at) VALUES (%1, %2, 'forged', 'outbound', 'public', 'ann', 'x', 'x', 1)")
                                   .arg(m_conversation)
                                   .arg(m_account);
        const Core::Status s = run(*bob, forged);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, Code::PermissionDenied);
        const Core::Status audit = run(*bob, QStringLiteral("INSERT INTO audit_events (at, actor, action, subject_type) VALUES (1, 'ann', 'x', 'test')"));
        QVERIFY(!audit.ok());
        QCOMPARE(audit.error().code, Code::PermissionDenied);
        QVERIFY(run(*bob, QStringLiteral("INSERT INTO audit_events (at, actor, action, subject_type) VALUES (1, 'bob', 'viewed', 'test')")).ok());
    }

    void draftsArePrivate()
    {
        auto bob = connectAs(QStringLiteral("bob"));
        QVERIFY(bob);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM drafts WHERE agent_id = 'ann'")), 1);
        QCOMPARE(count(*bob, QStringLiteral("SELECT count(*) FROM drafts")), 0);
        QVERIFY(run(*bob, QStringLiteral("DELETE FROM drafts")).ok()); // sees none, deletes none
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM drafts WHERE agent_id = 'ann'")), 1);
        const Core::Status s = run(*bob, QStringLiteral("INSERT INTO drafts (conversation_id, agent_id, body, updated_at)"
                                                        " VALUES (%1, 'ann', 'overwritten', 1)")
                                             .arg(m_conversation));
        QVERIFY(!s.ok());
    }

    void presenceShowsColleaguesAndIsPersonal()
    {
        auto ann = connectAs(QStringLiteral("ann"));
        auto bob = connectAs(QStringLiteral("bob"));
        QVERIFY(ann && bob);
        using State = Store::PresenceRepository::State;
        QVERIFY(Store::PresenceRepository(*ann).touch(m_conversation, QStringLiteral("ann"), State::Typing).ok());
        QVERIFY(Store::PresenceRepository(*bob).touch(m_conversation, QStringLiteral("bob"), State::Viewing).ok());
        auto seenByBob = Store::PresenceRepository(*bob).others(m_conversation, QStringLiteral("bob"));
        QVERIFY(seenByBob.ok());
        QCOMPARE(seenByBob->size(), 1);
        QCOMPARE(seenByBob->first().name, QStringLiteral("Ann Agent"));
        QCOMPARE(int(seenByBob->first().state), int(State::Typing));
        // Nobody appears (or disappears) in a colleague's name.
        const Core::Status forged = Store::PresenceRepository(*bob).touch(m_conversation, QStringLiteral("ann"), State::Viewing);
        QVERIFY(!forged.ok());
        QCOMPARE(forged.error().code, Code::PermissionDenied);
        QVERIFY(Store::PresenceRepository(*bob).leave(m_conversation, QStringLiteral("ann")).ok()); // no row of his: nothing
        QCOMPARE(Store::PresenceRepository(*bob).others(m_conversation, QStringLiteral("bob"))->size(), 1);
        // A presence whose heartbeat stopped (a console that crashed) expires.
        QVERIFY(run(*m_db, QStringLiteral("UPDATE presence SET updated_at = updated_at - %1 WHERE agent_id = 'ann'")
                               .arg(Store::PresenceRepository::kFreshMs + 1000))
                    .ok());
        QCOMPARE(Store::PresenceRepository(*bob).others(m_conversation, QStringLiteral("bob"))->size(), 0);
        QVERIFY(Store::PresenceRepository(*bob).leave(m_conversation, QStringLiteral("bob")).ok());
    }

    void aColleaguesAnswerIsFoundBeforeSending()
    {
        auto bob = connectAs(QStringLiteral("bob"));
        QVERIFY(bob);
        const QDateTime started = QDateTime::currentDateTimeUtc(); // Bob begins writing
        QTest::qWait(5);
        auto ann = connectAs(QStringLiteral("ann"));
        QVERIFY(ann);
        auto reply = Store::ConversationActions(*ann, QStringLiteral("ann"))
                         .queueReply(m_conversation, Core::Visibility::Public, QStringLiteral("Your parcel left the depot today ^Ann"));
        QVERIFY(reply.ok());
        auto found = Store::PresenceRepository(*bob).colleagueRepliesSince(m_conversation, QStringLiteral("bob"), started);
        QVERIFY(found.ok());
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->first().name, QStringLiteral("Ann Agent"));
        QVERIFY(found->first().text.contains(QLatin1String("left the depot")));
        // Ann's own replies are no collision for Ann.
        QCOMPARE(Store::PresenceRepository(*bob).colleagueRepliesSince(m_conversation, QStringLiteral("ann"), started)->size(), 0);
    }

    void goingOffShiftHandsEverythingOver()
    {
        QList<Core::IncomingMessage> batch;
        for (int i = 0; i < 3; ++i)
            batch << customerMessage(m_account, QStringLiteral("h%1").arg(i), QStringLiteral("handoff%1").arg(i));
        QVERIFY(Store::MessageRepository(*m_db).ingest(batch).ok());
        auto bob = connectAs(QStringLiteral("bob"));
        QVERIFY(bob);
        Store::ConversationActions actions(*bob, QStringLiteral("bob"));
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM conversations WHERE assignee = '' ORDER BY id DESC LIMIT 3")));
        while (q.next())
            QVERIFY(actions.claim(q.value(0).toLongLong()).ok());
        const qint64 bobs = count(*m_db, QStringLiteral("SELECT count(*) FROM conversations WHERE assignee = 'bob' AND status = 'open'"));
        QVERIFY(bobs >= 3);
        auto handed = actions.handOffAll(QStringLiteral("lee"), QStringLiteral("Courier promised an answer by 18:00"));
        QVERIFY2(handed.ok(), handed.ok() ? "" : qPrintable(handed.error().fullText() + handed.error().detail));
        QCOMPARE(qint64(handed.value()), bobs);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM conversations WHERE assignee = 'bob' AND status = 'open'")), 0);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM messages WHERE direction = 'note' AND agent_id = 'bob' "
                                             "AND body = 'Courier promised an answer by 18:00'")),
                 bobs);
        QVERIFY(!actions.handOffAll(QStringLiteral("bob"), {}).ok()); // not to oneself
    }

    // After an upgrade of Care Console, a member's login cannot migrate the team database: it is
    // told in words who can, and nothing changes.
    void anOlderTeamDatabaseIsUpgradedByItsOwner()
    {
        const int latest = Store::SchemaMigrator::latestVersion();
        QVERIFY(run(*m_db, QStringLiteral("UPDATE schema_info SET value = '%1' WHERE key = 'version'").arg(latest - 1)).ok());
        auto ann = Database::open(as(QStringLiteral("ann")));
        QVERIFY(!ann.ok());
        QCOMPARE(ann.error().code, Code::PermissionDenied);
        QVERIFY(ann.error().message.contains(QString::number(latest - 1)));
        QVERIFY(ann.error().hint.contains(QLatin1String("team setup")));
        QCOMPARE(count(*m_db, QStringLiteral("SELECT value::int FROM schema_info WHERE key = 'version'")), qint64(latest - 1));
        QVERIFY(run(*m_db, QStringLiteral("UPDATE schema_info SET value = '%1' WHERE key = 'version'").arg(latest)).ok());
        QVERIFY(Database::open(as(QStringLiteral("ann"))).ok());
    }

    void nobodyDeletesACustomerMessageOrTheAuditLog_data()
    {
        QTest::addColumn<QString>("login");
        for (const char *login : {"ann", "lee", "ada", "syncd", ""})
            QTest::newRow(*login ? login : "owner") << QString::fromLatin1(login);
    }

    void nobodyDeletesACustomerMessageOrTheAuditLog()
    {
        QFETCH(QString, login);
        std::unique_ptr<Database> other = login.isEmpty() ? nullptr : connectAs(login);
        Database &db = login.isEmpty() ? *m_db : *other;
        const qint64 messages = count(*m_db, QStringLiteral("SELECT count(*) FROM messages"));
        const qint64 audit = count(*m_db, QStringLiteral("SELECT count(*) FROM audit_events"));
        for (const QString &sql : {QStringLiteral("DELETE FROM messages WHERE id = %1").arg(m_customerMessage),
                                   QStringLiteral("TRUNCATE messages CASCADE"), QStringLiteral("DELETE FROM audit_events"),
                                   QStringLiteral("UPDATE audit_events SET action = 'nothing happened'"),
                                   QStringLiteral("TRUNCATE audit_events")}) {
            const Core::Status s = run(db, sql);
            QVERIFY2(!s.ok(), qPrintable(login + QStringLiteral(": ") + sql));
            QCOMPARE(s.error().code, Code::PermissionDenied);
        }
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM messages")), messages);
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM audit_events")), audit);
    }

    // Several agents claim the same conversations at the same moment, each on their own
    // connection: every conversation ends with exactly one owner, and everyone else was told
    // who has it.
    void concurrentClaimsHaveOneWinner()
    {
        QList<Core::IncomingMessage> batch;
        for (int i = 0; i < 40; ++i)
            batch << customerMessage(m_account, QStringLiteral("c%1").arg(i), QStringLiteral("claim%1").arg(i));
        QVERIFY(Store::MessageRepository(*m_db).ingest(batch).ok());
        QList<qint64> ids;
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM conversations WHERE assignee = '' ORDER BY id")));
        while (q.next())
            ids << q.value(0).toLongLong();
        QCOMPARE(ids.size(), 40);

        const QStringList agents{QStringLiteral("ann"), QStringLiteral("bob"), QStringLiteral("lee"), QStringLiteral("ada")};
        std::atomic<int> wins{0};
        std::atomic<int> conflicts{0};
        std::atomic<int> failures{0};
        std::atomic<int> ready{0};
        QList<QThread *> threads;
        for (const QString &agent : agents) {
            const DatabaseLocation location = as(agent);
            threads << QThread::create([&, location, agent] {
                auto db = Database::open(location);
                ++ready;
                while (ready.load() < agents.size())
                    QThread::yieldCurrentThread();
                if (!db) {
                    ++failures;
                    return;
                }
                Store::ConversationActions actions(*db.value(), agent);
                for (qint64 id : ids) {
                    const Core::Status s = actions.claim(id);
                    if (s.ok())
                        ++wins;
                    else if (s.error().code == Code::Conflict)
                        ++conflicts;
                    else
                        ++failures;
                }
            });
        }
        for (QThread *t : threads)
            t->start();
        for (QThread *t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        QCOMPARE(failures.load(), 0);
        QCOMPARE(wins.load(), 40);
        QCOMPARE(conflicts.load(), 40 * (agents.size() - 1));
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM conversations WHERE assignee = '' AND id >= %1").arg(ids.first())), 0);
        // One "assigned" event per conversation: the losers wrote nothing.
        QCOMPARE(count(*m_db, QStringLiteral("SELECT count(*) FROM conversation_events WHERE kind = 'assigned' AND conversation_id >= %1")
                                  .arg(ids.first())),
                 40);
    }
};

QTEST_GUILESS_MAIN(TestTeamRoles)
#include "tst_team_roles.moc"
