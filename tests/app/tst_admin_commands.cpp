// The headless commands through the real binary against the scripted Mastodon instance:
// account add/list/remove, send, sync --once with its summary and exit status, and the
// continuous sync service stopping cleanly on SIGTERM.
#include "FakeMastodon.h"

#include "QuietAcknowledgements.h"
#include "SqliteCount.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace Care;

class TestAdminCommands : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    Tests::FakeMastodon m_server;

    QStringList base() const
    {
        return {QStringLiteral("--database"), m_dir.filePath(QStringLiteral("store.sqlite")), QStringLiteral("--secrets-file"),
                m_dir.filePath(QStringLiteral("secrets.json"))};
    }

    // Runs the binary while this test's event loop keeps serving the scripted instance.
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    Run run(const QStringList &arguments, const QByteArray &input = {})
    {
        QProcess process;
        process.start(qEnvironmentVariable("CARE_CONSOLE_BINARY"), base() + arguments);
        if (!process.waitForStarted(10000))
            return {};
        process.write(input);
        process.closeWriteChannel();
        for (int waited = 0; waited < 30000 && process.state() != QProcess::NotRunning; waited += 50)
            QTest::qWait(50); // keeps this thread's event loop (and the scripted instance) running
        return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                QString::fromUtf8(process.readAllStandardError())};
    }

    qint64 count(const QString &sql)
    {
        return Care::Tests::sqliteCount(m_dir.filePath(QStringLiteral("store.sqlite")), sql);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(qEnvironmentVariable("CARE_CONSOLE_BINARY")));
        QVERIFY(m_server.listen());
    }

    void secretsFileMustBePrivate()
    {
        QFile secrets(m_dir.filePath(QStringLiteral("secrets.json")));
        QVERIFY(secrets.open(QIODevice::WriteOnly));
        secrets.close();
        QVERIFY(secrets.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
        const Run refused = run({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("mastodon"),
                                 QStringLiteral("--instance"), m_server.baseUrl().toString(), QStringLiteral("--token-stdin")},
                                m_server.token().toUtf8() + "\n");
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("chmod 600")), qPrintable(refused.err));
        QVERIFY(secrets.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
    }

    void addSyncSendAndList()
    {
        m_server.addMention(QStringLiteral("kettle_fan@social.example"), QStringLiteral("Kettle Fan"),
                            m_server.brandMentionHtml() + QStringLiteral(" lid cracked"));
        const Run wrong = run({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("mastodon"), QStringLiteral("--instance"),
                               m_server.baseUrl().toString(), QStringLiteral("--token-stdin")},
                              "not-the-token\n");
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains(QStringLiteral("did not accept this access token")), qPrintable(wrong.err));

        const Run added = run({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("mastodon"), QStringLiteral("--instance"),
                               m_server.baseUrl().toString(), QStringLiteral("--token-stdin"), QStringLiteral("--keyword"),
                               QStringLiteral("kettle")},
                              m_server.token().toUtf8() + "\n");
        QCOMPARE(added.exitCode, 0);
        QVERIFY2(added.out.contains(QStringLiteral("Added account 1: Mastodon @acme@127.0.0.1")), qPrintable(added.out + added.err));
        QVERIFY(Care::Tests::turnOffAcknowledgements(m_dir.filePath(QStringLiteral("store.sqlite"))));
        // The token is in the secrets file, never in the store.
        QFile secrets(m_dir.filePath(QStringLiteral("secrets.json")));
        QVERIFY(secrets.open(QIODevice::ReadOnly));
        QVERIFY(secrets.readAll().contains(m_server.token().toUtf8()));
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM accounts WHERE settings LIKE '%%1%' OR service_url LIKE '%%1%'")
                           .arg(m_server.token())),
                 qint64(0));

        const Run synced = run({QStringLiteral("sync"), QStringLiteral("--once")});
        QCOMPARE(synced.exitCode, 0);
        QVERIFY2(synced.out.contains(QStringLiteral("Mastodon @acme@127.0.0.1: 1 new message, 0 replies delivered")),
                 qPrintable(synced.out));

        const qint64 conversation = count(QStringLiteral("SELECT id FROM conversations"));
        const Run queued = run({QStringLiteral("send"), QStringLiteral("--conversation"), QString::number(conversation),
                                QStringLiteral("--public"), QStringLiteral("--text-stdin"), QStringLiteral("--agent"), QStringLiteral("aisha")},
                               "A new lid is on its way.\n");
        QCOMPARE(queued.exitCode, 0);
        const Run delivered = run({QStringLiteral("sync"), QStringLiteral("--once")});
        QCOMPARE(delivered.exitCode, 0);
        QVERIFY2(delivered.out.contains(QStringLiteral("1 reply delivered")), qPrintable(delivered.out));
        QCOMPARE(m_server.postedStatuses().size(), 1);

        const Run listed = run({QStringLiteral("account"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains(QStringLiteral("1\tMastodon\t@acme@127.0.0.1\tidle")));

        // A failing account makes the pass fail, in words.
        m_server.revokeToken();
        const Run failed = run({QStringLiteral("sync"), QStringLiteral("--once")});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.out.contains(QStringLiteral("Token revoked or expired on 127.0.0.1")), qPrintable(failed.out));
    }

    void serviceSyncsUntilStopped()
    {
        // A fresh token works again (the scripted instance has one token; revoking is undone by a new server).
        Tests::FakeMastodon server;
        QVERIFY(server.listen());
        QFile::remove(m_dir.filePath(QStringLiteral("store.sqlite")));
        QVERIFY(run({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("mastodon"), QStringLiteral("--instance"),
                     server.baseUrl().toString(), QStringLiteral("--token-stdin")},
                    server.token().toUtf8() + "\n")
                    .exitCode
                == 0);
        QVERIFY(Care::Tests::turnOffAcknowledgements(m_dir.filePath(QStringLiteral("store.sqlite"))));
        QProcess service;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("care.sync*=true"));
        service.setProcessEnvironment(env);
        service.start(qEnvironmentVariable("CARE_CONSOLE_BINARY"), base() + QStringList{QStringLiteral("sync")});
        QVERIFY(service.waitForStarted(10000));
        QString out;
        QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(service.readAllStandardOutput())).contains(QStringLiteral(": idle")), 20000);
        server.addMention(QStringLiteral("jo@mastodon.example"), QStringLiteral("Jo"), server.brandMentionHtml() + QStringLiteral(" hi"));
        // Live: the stream brings it long before the next poll (a minute away).
        for (int waited = 0; waited < 20000 && count(QStringLiteral("SELECT count(*) FROM messages")) != 1; waited += 100)
            QTest::qWait(100);
        if (count(QStringLiteral("SELECT count(*) FROM messages")) != 1)
            qWarning().noquote() << QString::fromUtf8(service.readAllStandardError());
        QCOMPARE(count(QStringLiteral("SELECT count(*) FROM messages")), qint64(1));
        ::kill(pid_t(service.processId()), SIGTERM);
        QVERIFY(service.waitForFinished(10000));
        QCOMPARE(service.exitStatus(), QProcess::NormalExit);
        QCOMPARE(service.exitCode(), 0);
        out += QString::fromUtf8(service.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("Stopped.")), qPrintable(out));
    }

    // The care team from the command line: an agent is added, put in a team, listed; a wrong role
    // is refused and changes nothing.
    void agentsAndTheirTeams()
    {
        const Run added = run({ QStringLiteral("agent"), QStringLiteral("set"), QStringLiteral("ana"),
            QStringLiteral("--name"), QStringLiteral("Ana Lima"), QStringLiteral("--team"), QStringLiteral("Mornings") });
        QCOMPARE(added.exitCode, 0);
        QVERIFY2(added.out.contains(QStringLiteral("in team Mornings")), qPrintable(added.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM agents WHERE id = 'ana' AND team = 'Mornings' "
                                      "AND name = 'Ana Lima' AND role = 'agent'")),
            1);
        const Run wrong = run({ QStringLiteral("agent"), QStringLiteral("set"), QStringLiteral("ana"),
            QStringLiteral("--role"), QStringLiteral("boss") });
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY2(wrong.err.contains(QStringLiteral("boss")), qPrintable(wrong.err));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM agents WHERE id = 'ana' AND role = 'agent'")), 1);
        // Changing the role keeps the name and the team.
        QCOMPARE(run({ QStringLiteral("agent"), QStringLiteral("set"), QStringLiteral("ana"), QStringLiteral("--role"),
                     QStringLiteral("lead") })
                     .exitCode,
            0);
        const Run listed = run({ QStringLiteral("agent"), QStringLiteral("list") });
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.contains(QStringLiteral("ana\tAna Lima\tlead\tMornings")), qPrintable(listed.out));
    }

    // The e-mail commands refuse in words before any network: what is missing, plain text to
    // another computer, not an IMAP address, no mailbox to send a transcript through, no agent to
    // sign with. Nothing is stored. (With real servers: tests/integration/email_servers_test.py.)
    void emailCommandsRefuseInWords()
    {
        const QStringList add{QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("email")};
        const Run missing = run(add + QStringList{QStringLiteral("--user"), QStringLiteral("support"), QStringLiteral("--password-stdin")},
                                "s3cret\n");
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("needs --imap URL, --smtp URL and --user NAME")), qPrintable(missing.err));
        const Run plain = run(add + QStringList{QStringLiteral("--imap"), QStringLiteral("imap://mail.example.com"), QStringLiteral("--smtp"),
                                                QStringLiteral("smtp://mail.example.com:587"), QStringLiteral("--user"),
                                                QStringLiteral("support@example.com"), QStringLiteral("--password-stdin"),
                                                QStringLiteral("--allow-plain")},
                              "s3cret\n");
        QCOMPARE(plain.exitCode, 1);
        QVERIFY2(plain.err.contains(QStringLiteral("only for a server on this computer, not mail.example.com")), qPrintable(plain.err));
        const Run scheme = run(add + QStringList{QStringLiteral("--imap"), QStringLiteral("https://mail.example.com"), QStringLiteral("--smtp"),
                                                 QStringLiteral("smtp://mail.example.com"), QStringLiteral("--user"),
                                                 QStringLiteral("support@example.com"), QStringLiteral("--password-stdin")},
                               "s3cret\n");
        QCOMPARE(scheme.exitCode, 1);
        QVERIFY2(scheme.err.contains(QStringLiteral("is not a imap:// or imaps:// address")), qPrintable(scheme.err));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE platform = 'email'")), 0);

        const qint64 conversation = count(QStringLiteral("SELECT MIN(id) FROM conversations"));
        QVERIFY(conversation > 0);
        const Run noMailbox = run({QStringLiteral("conversation"), QStringLiteral("send-transcript"), QString::number(conversation),
                                   QStringLiteral("--to"), QStringLiteral("ops@example.com")});
        QCOMPARE(noMailbox.exitCode, 2);
        QVERIFY2(noMailbox.err.contains(QStringLiteral("No e-mail account is connected")), qPrintable(noMailbox.err));
        const Run noAgent = run({QStringLiteral("send"), QStringLiteral("--conversation"), QString::number(conversation),
                                 QStringLiteral("--private"), QStringLiteral("--text-stdin"), QStringLiteral("--agent"),
                                 QStringLiteral("nobody"), QStringLiteral("--sign")},
                                "Hello\n");
        QCOMPARE(noAgent.exitCode, 2);
        QVERIFY2(noAgent.err.contains(QStringLiteral("no agent nobody")), qPrintable(noAgent.err));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE body LIKE 'Hello%' OR kind = 'transcript'")), 0);
    }
};

QTEST_GUILESS_MAIN(TestAdminCommands)
#include "tst_admin_commands.moc"
