// `careconsole account add x`, `sync --once`, `send` and `account cost` through the real binary
// against the scripted X server: the browser sign-in (the test plays the browser: it opens the
// printed address and follows X's redirect to the loopback), mentions into the store, a reply
// whose connection drops after X stored it (read back, posted once), and the cost meter.
#include "FakeX.h"

#include "QuietAcknowledgements.h"
#include "SqliteCount.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace Care;
using Care::Tests::FakeX;

class TestXCommands : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FakeX m_x;
    quint16 m_port = 0;

    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    QStringList base() const
    {
        return {QStringLiteral("--database"), m_dir.filePath(QStringLiteral("store.sqlite")), QStringLiteral("--secrets-file"),
                m_dir.filePath(QStringLiteral("secrets.json"))};
    }

    // Runs the binary while this thread's event loop serves the scripted server; when
    // `browser` is set, opens the first address the binary prints, as a person would.
    Run run(const QStringList &arguments, const QByteArray &input = {}, bool browser = false)
    {
        QProcess process;
        process.start(qEnvironmentVariable("CARE_CONSOLE_BINARY"), base() + arguments);
        if (!process.waitForStarted(10000))
            return {};
        process.write(input);
        process.closeWriteChannel();
        QNetworkAccessManager network;
        QString out;
        bool opened = false;
        for (int waited = 0; waited < 30000 && process.state() != QProcess::NotRunning; waited += 50) {
            QTest::qWait(50);
            out += QString::fromUtf8(process.readAllStandardOutput());
            const QRegularExpressionMatch url = QRegularExpression(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+/i/oauth2/authorize\\S+)")).match(out);
            if (browser && !opened && url.hasMatch()) {
                QNetworkRequest request{QUrl(url.captured(1))};
                request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
                network.get(request);
                opened = true;
            }
        }
        out += QString::fromUtf8(process.readAllStandardOutput());
        return {process.exitCode(), out, QString::fromUtf8(process.readAllStandardError())};
    }

    qint64 count(const QString &sql)
    {
        return Care::Tests::sqliteCount(m_dir.filePath(QStringLiteral("store.sqlite")), sql);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(qEnvironmentVariable("CARE_CONSOLE_BINARY")));
        QVERIFY(m_x.listen());
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_port = probe.serverPort();
        probe.close();
        m_x.registerClient(QStringLiteral("client-1"), QStringLiteral("http://127.0.0.1:%1/callback").arg(m_port));
        m_x.addUser(QStringLiteral("2001"), QStringLiteral("kettle_fan"), QStringLiteral("Carol"));
    }

    void addInTheBrowserSyncReplyAndCost()
    {
        const QString server = m_x.base().toString();
        const Run added = run({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--client-id"),
                               QStringLiteral("client-1"), QStringLiteral("--port"), QString::number(m_port),
                               QStringLiteral("--auth-base"), server, QStringLiteral("--api-base"), server,
                               QStringLiteral("--keyword"), QStringLiteral("acme kettle"), QStringLiteral("--poll-direct"),
                               QStringLiteral("300")},
                              {}, true);
        QVERIFY2(added.exitCode == 0, qPrintable(added.out + added.err));
        // The query is shown before anything runs, and again with the account's name.
        QVERIFY(added.out.indexOf(QStringLiteral("\"acme kettle\" -from:BRAND")) < added.out.indexOf(QStringLiteral("oauth2/authorize")));
        QVERIFY2(added.out.contains(QStringLiteral("Listening query: \"acme kettle\" -from:acme -@acme -is:retweet")), qPrintable(added.out));
        QVERIFY(added.out.contains(QStringLiteral("Added account 1: X @acme")));
        QVERIFY(m_x.lastExchangeHadVerifier());
        QVERIFY(!m_x.sawClientSecret());
        // Tokens in the secrets file, never in the store.
        QFile secrets(m_dir.filePath(QStringLiteral("secrets.json")));
        QVERIFY(secrets.open(QIODevice::ReadOnly));
        QVERIFY(secrets.readAll().contains("refresh_token"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE settings LIKE '%token%'")), 0);
        QVERIFY(Care::Tests::turnOffAcknowledgements(m_dir.filePath(QStringLiteral("store.sqlite"))));

        const QString mention = m_x.addMention(QStringLiteral("2001"), QStringLiteral("@acme my kettle lid cracked"));
        m_x.addDm(QStringLiteral("2001"), QString::fromLatin1(FakeX::kBrandId), QStringLiteral("order 4471"));
        const Run synced = run({QStringLiteral("sync"), QStringLiteral("--once")});
        QVERIFY2(synced.exitCode == 0, qPrintable(synced.out + synced.err));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'")), 2);

        // A public reply whose connection drops after X stored it: read back, posted once.
        const qint64 conversation = count(QStringLiteral("SELECT conversation_id FROM messages WHERE platform_message_id = '%1'").arg(mention));
        QVERIFY(conversation > 0);
        const Run sent = run({QStringLiteral("send"), QStringLiteral("--conversation"), QString::number(conversation),
                              QStringLiteral("--public"), QStringLiteral("--text-stdin")},
                             "@kettle_fan Sorry! A new lid is on its way.\n");
        QVERIFY2(sent.exitCode == 0, qPrintable(sent.out + sent.err));
        m_x.dropNextWrite();
        const Run delivered = run({QStringLiteral("sync"), QStringLiteral("--once")});
        QVERIFY2(delivered.exitCode == 0, qPrintable(delivered.out + delivered.err));
        QCOMPARE(m_x.brandPosts().size(), 1);
        QCOMPARE(m_x.brandPosts().first().repliedToId, mention);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE state = 'sent' AND platform_id = '%1'")
                           .arg(m_x.brandPosts().first().id)),
                 1);
        QVERIFY(run({QStringLiteral("sync"), QStringLiteral("--once")}).exitCode == 0);
        QCOMPARE(m_x.brandPosts().size(), 1); // never twice

        const Run cost = run({QStringLiteral("account"), QStringLiteral("cost")});
        QVERIFY2(cost.exitCode == 0, qPrintable(cost.err));
        QVERIFY2(cost.out.contains(QStringLiteral("mentions, polled every 1 min")), qPrintable(cost.out));
        QVERIFY(cost.out.contains(QStringLiteral("direct messages, polled every 5 min")));
        QVERIFY(cost.out.contains(QStringLiteral("USD")));
        QVERIFY(cost.out.contains(QStringLiteral("listening query: \"acme kettle\" -from:acme -@acme -is:retweet")));

        const Run budget = run({QStringLiteral("account"), QStringLiteral("cost"), QStringLiteral("--account"), QStringLiteral("1"),
                                QStringLiteral("--budget"), QStringLiteral("20")});
        QVERIFY2(budget.exitCode == 0, qPrintable(budget.err));
        QVERIFY2(budget.out.contains(QStringLiteral("budget: 20.00 USD a month")), qPrintable(budget.out));
        QVERIFY(budget.out.contains(QStringLiteral("Direct messages are polled every")));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE settings LIKE '%monthlyBudget%'")), 1);
    }

    // The lead changes the poll intervals after `account add x`: checked against X's limits
    // (refused with the reason, nothing stored), and the cost meter follows them. Before an hour
    // of traffic, direct messages cost 730 h × 3,600 s ÷ interval × 0.010 USD: 21.90 USD polled
    // every 20 min, 43.80 every 10.
    void changeThePollIntervalsAfterwards()
    {
        QVERIFY(run({QStringLiteral("account"), QStringLiteral("cost"), QStringLiteral("--account"), QStringLiteral("1"),
                     QStringLiteral("--budget"), QStringLiteral("0")})
                    .exitCode == 0); // no budget: the figures are the intervals' own
        const Run slower = run({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("1"), QStringLiteral("--poll-direct"),
                                QStringLiteral("1200")});
        QVERIFY2(slower.exitCode == 0, qPrintable(slower.out + slower.err));
        QVERIFY2(slower.out.contains(QStringLiteral("Account 1 polls mentions every 1 min, keyword listening every 5 min and "
                                                    "direct messages every 20 min from the next sync.")),
                 qPrintable(slower.out));
        QVERIFY2(slower.out.contains(QStringLiteral("direct messages, polled every 20 min: 21.90 USD")), qPrintable(slower.out));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE settings LIKE '%\"pollDirectSeconds\":1200%'")), 1);
        const Run faster = run({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("1"), QStringLiteral("--poll-direct"),
                                QStringLiteral("600"), QStringLiteral("--poll-search"), QStringLiteral("0")});
        QVERIFY2(faster.exitCode == 0, qPrintable(faster.err));
        QVERIFY2(faster.out.contains(QStringLiteral("direct messages, polled every 10 min: 43.80 USD")), qPrintable(faster.out));
        QVERIFY(faster.out.contains(QStringLiteral("keyword listening, polled off: 0.00 USD")));
        QVERIFY(faster.out.contains(QStringLiteral("mentions, polled every 1 min")));

        // Under X's limits: every one named with its bounds, exit 2, nothing stored.
        const Run refused = run({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("1"), QStringLiteral("--poll-mentions"),
                                 QStringLiteral("5"), QStringLiteral("--poll-direct"), QStringLiteral("30")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("Mentions every 5 s: choose 0 (off) or from 60 to 21600 seconds.")),
                 qPrintable(refused.err));
        QVERIFY(refused.err.contains(QStringLiteral("Direct messages every 30 s: choose 0 (off) or from 60 to 21600 seconds.")));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts WHERE settings LIKE '%\"pollDirectSeconds\":600%'"
                                      " AND settings LIKE '%\"pollMentionsSeconds\":60%'")),
                 1);
        const Run tooSlow = run({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("1"), QStringLiteral("--poll-search"),
                                 QStringLiteral("86400")});
        QCOMPARE(tooSlow.exitCode, 2);
        QVERIFY(tooSlow.err.contains(QStringLiteral("Keyword listening every 86400 s")));
        const Run nothing = run({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("1")});
        QCOMPARE(nothing.exitCode, 2);
        QVERIFY(nothing.err.contains(QStringLiteral("Say what to change")));
        const Run noAccount = run({QStringLiteral("account"), QStringLiteral("set"), QStringLiteral("9"), QStringLiteral("--poll-direct"),
                                   QStringLiteral("600")});
        QCOMPARE(noAccount.exitCode, 2);
        // `account add x` checks them before the browser opens.
        const Run badAdd = run({QStringLiteral("account"), QStringLiteral("add"), QStringLiteral("x"), QStringLiteral("--client-id"),
                                QStringLiteral("client-1"), QStringLiteral("--poll-mentions"), QStringLiteral("10")});
        QCOMPARE(badAdd.exitCode, 2);
        QVERIFY(badAdd.err.contains(QStringLiteral("Mentions every 10 s")));
        QVERIFY(!badAdd.out.contains(QStringLiteral("oauth2/authorize")));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM accounts")), 1);
    }
};

QTEST_GUILESS_MAIN(TestXCommands)
#include "tst_x_commands.moc"
