// Two team sync services (careconsole-syncd) on one team database, signed in with the sync
// role's own login: exactly one syncs the Mastodon account; it is killed with SIGKILL while a
// reply is in flight; the other takes the account over within 30 seconds, and in the end every
// mention is stored once and every queued reply is on the instance once — none lost, none
// twice. The survivor stops cleanly on SIGTERM. Against the `postgres` CTest fixture's real
// server and fake-mastodon (tests/support/fake_mastodon) as a separate process.

#include "core/Message.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/TeamRoles.h"
#include "MastodonOwnStatuses.h"
#include "StoreTestBackend.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

#ifndef CARE_CONSOLE_EXE
#error "CARE_CONSOLE_EXE must name the careconsole executable"
#endif
#ifndef CARE_SYNCD_EXE
#error "CARE_SYNCD_EXE must name the careconsole-syncd executable"
#endif
#ifndef CARE_FAKE_MASTODON_EXE
#error "CARE_FAKE_MASTODON_EXE must name the fake-mastodon executable"
#endif

using namespace Care;

namespace {

constexpr int kMentions = 120;
constexpr int kReplies = 12;
const QByteArray kToken = "fake-mastodon-token-7Qm2xVb9KpL4sWd8";

struct Syncd
{
    std::unique_ptr<QProcess> process;
    QString log;
    QString name;
};

} // namespace

class TestSyncdFailover : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Store::DatabaseLocation m_owner;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<QProcess> m_fake;
    quint16 m_port = 0;
    QStringList m_fakeRequests;
    Syncd m_a;
    Syncd m_b;

    QString ownerUrl() const { return qEnvironmentVariable("CARE_TEST_PG_URL"); }
    QString syncUrl() const
    {
        QString url = ownerUrl();
        return url.replace(QLatin1String("//care@"), QLatin1String("//syncd@"));
    }

    void startSyncd(Syncd &syncd, const QString &name)
    {
        syncd.name = name;
        syncd.process = std::make_unique<QProcess>();
        QProcess *p = syncd.process.get();
        connect(p, &QProcess::readyReadStandardError, this, [p, &syncd] { syncd.log += QString::fromUtf8(p->readAllStandardError()); });
        p->start(QStringLiteral(CARE_SYNCD_EXE), {QStringLiteral("--database"), syncUrl(), QStringLiteral("--secrets-file"),
                                                 m_dir.filePath(QStringLiteral("secrets.json"))});
    }

    static bool holds(const Syncd &syncd, qint64 account)
    {
        return syncd.log.contains(QStringLiteral("holding account %1 for syncing").arg(account));
    }

    qint64 scalar(const QString &sql) const
    {
        QSqlQuery q(m_db->connection());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (ownerUrl().isEmpty())
            QFAIL("CARE_TEST_PG_URL is not set: ctest provides it through the postgres fixture.");
        auto location = Store::DatabaseLocation::parse(ownerUrl());
        QVERIFY(location.ok());
        m_owner = location.value();
        QVERIFY(Tests::resetPostgresSchema(m_owner, QStringLiteral("tst-syncd-reset")).ok());
        auto db = Store::Database::open(m_owner);
        QVERIFY(db.ok());
        m_db = std::move(db).value();
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO workspace_settings (key, value, updated_by, updated_at) VALUES "
                                          "('acknowledgement_mode', 'off', 'test', 0)"))
                    .ok());
        Store::TeamRoles roles(*m_db);
        QVERIFY(roles.setUp().ok());
        QVERIFY(roles.addPerson(QStringLiteral("syncd"), Store::TeamRoles::Role::Sync, {}, {}).ok());
        QVERIFY(roles.addPerson(QStringLiteral("ann"), Store::TeamRoles::Role::Agent, QStringLiteral("Ann"), {}).ok());

        // The instance: every answer held 40 ms, so a send is in flight long enough to be killed in.
        m_fake = std::make_unique<QProcess>();
        m_fake->start(QStringLiteral(CARE_FAKE_MASTODON_EXE),
                      {QStringLiteral("--seed-mentions"), QString::number(kMentions), QStringLiteral("--no-streaming"),
                       QStringLiteral("--log-requests"), QStringLiteral("--delay-ms"), QStringLiteral("40")});
        QVERIFY(m_fake->waitForStarted(10000));
        while (!m_fake->canReadLine() && m_fake->waitForReadyRead(10000)) {
        }
        const auto match = QRegularExpression(QStringLiteral("^listening http://127\\.0\\.0\\.1:(\\d+) "))
                                .match(QString::fromUtf8(m_fake->readLine()));
        QVERIFY(match.hasMatch());
        m_port = quint16(match.captured(1).toUInt());
        connect(m_fake.get(), &QProcess::readyReadStandardOutput, this, [this] {
            while (m_fake->canReadLine()) {
                const QString line = QString::fromUtf8(m_fake->readLine()).trimmed();
                if (line.startsWith(QLatin1String("request ")))
                    m_fakeRequests << line.mid(8);
            }
        });

        // The administrator connects the account, as the owner, into the service's secrets file.
        QProcess add;
        add.start(QStringLiteral(CARE_CONSOLE_EXE),
                  {QStringLiteral("--database"), ownerUrl(), QStringLiteral("--secrets-file"),
                   m_dir.filePath(QStringLiteral("secrets.json")), QStringLiteral("account"), QStringLiteral("add"),
                   QStringLiteral("mastodon"), QStringLiteral("--instance"), QStringLiteral("http://127.0.0.1:%1").arg(m_port),
                   QStringLiteral("--token-stdin")});
        QVERIFY(add.waitForStarted());
        add.write(kToken + '\n');
        add.closeWriteChannel();
        QVERIFY(add.waitForFinished(60000));
        QVERIFY2(add.exitCode() == 0, add.readAllStandardError().constData());
    }

    void cleanupTestCase()
    {
        for (Syncd *s : {&m_a, &m_b}) {
            if (s->process && s->process->state() != QProcess::NotRunning) {
                s->process->kill();
                s->process->waitForFinished(5000);
            }
        }
        if (m_fake) {
            m_fake->kill();
            m_fake->waitForFinished(5000);
        }
    }

    void cleanup()
    {
        if (QTest::currentTestFailed()) {
            qInfo("--- syncd A ---\n%s", qPrintable(m_a.log.right(4000)));
            qInfo("--- syncd B ---\n%s", qPrintable(m_b.log.right(4000)));
        }
    }

    void oneServiceSyncsAnAccountAndTheOtherTakesOver()
    {
        const qint64 account = scalar(QStringLiteral("SELECT id FROM accounts"));
        QVERIFY(account > 0);
        startSyncd(m_a, QStringLiteral("A"));
        QTRY_VERIFY_WITH_TIMEOUT(holds(m_a, account), 20000);
        startSyncd(m_b, QStringLiteral("B"));
        QTRY_VERIFY_WITH_TIMEOUT(m_b.log.contains(QLatin1String("event=started")), 20000);
        // The first sync of a new account takes the newest page of its past.
        QTRY_VERIFY_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM conversations")) > 0, 30000);
        QTest::qWait(3000); // several of B's ticks: it must not touch the account A holds
        QVERIFY(!holds(m_b, account));

        // Replies queued by an agent's console (as the agent's own login would).
        QList<qint64> conversations;
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT id FROM conversations ORDER BY id LIMIT %1").arg(kReplies)));
        while (q.next())
            conversations << q.value(0).toLongLong();
        QCOMPARE(conversations.size(), kReplies);
        Store::ConversationActions actions(*m_db, QStringLiteral("ann"));
        m_fakeRequests.clear();
        for (int i = 0; i < conversations.size(); ++i)
            QVERIFY(actions.queueReply(conversations.at(i), Core::Visibility::Public,
                                       QStringLiteral("@customer Sorry about that, reply %1 ^Ann").arg(i))
                        .ok());

        // Kill A the moment a post is in flight.
        QTRY_VERIFY_WITH_TIMEOUT(m_fakeRequests.contains(QLatin1String("POST /api/v1/statuses")), 30000);
        m_a.process->kill();
        QVERIFY(m_a.process->waitForFinished(5000));
        QElapsedTimer takeover;
        takeover.start();
        QTRY_VERIFY_WITH_TIMEOUT(holds(m_b, account), 30000);
        qInfo("B took the account over %lld ms after A was killed", takeover.elapsed());
        QVERIFY(takeover.elapsed() < 30000);

        // Everything delivered, once.
        QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'sent'")), qint64(kReplies),
                                  60000);
        QString why;
        const QJsonArray own = Tests::mastodonOwnStatuses(m_port, kToken, &why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QHash<QString, int> posted;
        for (const QJsonValue &v : own) {
            const QString text = v.toObject().value(QStringLiteral("content")).toString();
            static const QRegularExpression number(QStringLiteral("reply (\\d+)"));
            const auto m = number.match(text);
            if (m.hasMatch())
                ++posted[m.captured(1)];
        }
        QCOMPARE(posted.size(), kReplies);
        for (auto it = posted.cbegin(); it != posted.cend(); ++it)
            QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("reply %1 posted %2 times").arg(it.key()).arg(it.value())));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) - count(DISTINCT platform_message_id) FROM messages")), qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM messages WHERE direction = 'outbound' AND agent_id = 'ann'")),
                 qint64(kReplies));

        // SIGTERM: a clean stop.
        m_b.process->terminate();
        QVERIFY(m_b.process->waitForFinished(10000));
        QCOMPARE(m_b.process->exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_b.process->exitCode(), 0);
        QVERIFY(m_b.log.contains(QLatin1String("event=stopping")));
        // Every line of the log is one logfmt event.
        for (const QString &line : m_b.log.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            QVERIFY2(line.startsWith(QLatin1String("ts=")) && line.contains(QLatin1String(" event=")), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestSyncdFailover)
#include "tst_syncd_failover.moc"
