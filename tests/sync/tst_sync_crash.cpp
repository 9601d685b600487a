// The SIGKILL test of the store (tests/store/tst_crash_safety.cpp), extended to sync: the
// syncing process (`careconsole sync --once`) is killed at random moments — mid-fetch, while a
// reply is in flight, while an answer is being recorded — and now and then the Mastodon
// instance (tests/support/fake_mastodon, a separate process keeping its posts in a state file)
// dies with it. After two clean runs at the end: every mention the instance holds is in the
// store exactly once, every queued reply is sent with its platform id, and the instance holds
// exactly one post per reply — none lost, none twice.
//
// The random choices (how each round kills, after how long, which replies are queued, when the
// instance dies) come from a seed that is printed; set CARE_SYNC_CRASH_SEED to repeat a run's
// choices. Every round draws the same numbers, so a seed gives the same draws in every run; the
// timing of three processes is not repeatable to the millisecond, though, so the same draws can
// land a kill on either side of a commit, and the phase (still fetching or not) follows from
// what the earlier rounds achieved. Each round's line says what it did; a failed run keeps its
// store, secrets file and instance state in the temporary folder it names.

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include "MastodonOwnStatuses.h"
#include "QuietAcknowledgements.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <csignal>
#include <functional>
#include <memory>
#include <sys/types.h>

#ifndef CARE_CONSOLE_EXE
#error "CARE_CONSOLE_EXE must name the careconsole executable"
#endif
#ifndef CARE_FAKE_MASTODON_EXE
#error "CARE_FAKE_MASTODON_EXE must name the fake-mastodon executable"
#endif

namespace {

// 300 mentions are 8 pages of 40: with every answer held kDelayMs, a full fetch takes a few
// hundred milliseconds, so kills land in it in the first rounds.
constexpr int kMentions = 300;
constexpr int kRounds = 20;
constexpr int kMaxFetchRounds = 8; // rounds that aim at the first fetch (8 pages) while it lasts
constexpr int kDelayMs = 20;         // fake-mastodon --delay-ms: each request is in flight this long
constexpr int kMaxTimerKillMs = 400; // a timed kill comes 0..this after the start (a round's sync takes ~250 ms)
constexpr int kRequestsBeforeRestart = 180; // well inside the fake's 300-per-window budget
const QString kAgent = QStringLiteral("crash-agent");

struct RunResult
{
    bool started = false;
    QProcess::ExitStatus status = QProcess::NormalExit;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// One read-only look at the store, opened and closed around each check so that no connection
// is open while careconsole writes.
class StoreView
{
public:
    explicit StoreView(const QString &path)
        : m_name(QStringLiteral("sync-crash-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        m_ok = db.open();
        if (!m_ok)
            m_error = db.lastError().text();
    }
    ~StoreView()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    StoreView(const StoreView &) = delete;
    StoreView &operator=(const StoreView &) = delete;

    bool ok() const { return m_ok; }
    QString error() const { return m_error; }

    // Every row of `sql`, each as a list of its columns; an empty list and *failed on error.
    QList<QVariantList> rows(const QString &sql, QString *failed = nullptr) const
    {
        QList<QVariantList> out;
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql)) {
            if (failed)
                *failed = QString(sql + QStringLiteral(": ") + q.lastError().text());
            return out;
        }
        while (q.next()) {
            QVariantList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << q.value(i);
            out << row;
        }
        return out;
    }
    qint64 scalar(const QString &sql, QString *failed = nullptr) const
    {
        const QList<QVariantList> r = rows(sql, failed);
        return r.isEmpty() || r.first().isEmpty() ? -1 : r.first().first().toLongLong();
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_ok = false;
    QString m_error;
};

} // namespace

class TestSyncCrash : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_database;
    QString m_secrets;
    QString m_state;
    quint16 m_port = 0;

    // The running fake-mastodon, its request log and the hook a round arms on it.
    std::unique_ptr<QProcess> m_fake;
    int m_fakeRequests = 0; // since it started
    int m_dropsArmed = 0;   // --drop-posts of the running instance
    int m_postsSeen = 0;    // POST /api/v1/statuses since it started
    int m_postsDropped = 0; // by all instances so far
    QStringList m_requestLog; // of the current round
    std::function<void(const QString &)> m_onRequest;

    struct QueuedReply
    {
        int token = 0;
        qint64 conversationId = 0;
        QString text;
    };
    QList<QueuedReply> m_replies;
    int m_nextToken = 1;

    static QString replyText(int token)
    {
        return QStringLiteral("Sorry about the wait, reply-token-%1: the parcel is with the courier again.").arg(token);
    }

    QStringList globalArgs(bool withSecrets = true) const
    {
        QStringList args{QStringLiteral("--database"), m_database};
        if (withSecrets)
            args << QStringLiteral("--secrets-file") << m_secrets;
        return args;
    }

    static RunResult run(const QStringList &args, const QByteArray &input = {}, int timeoutMs = 30000)
    {
        RunResult result;
        QProcess process;
        process.start(QStringLiteral(CARE_CONSOLE_EXE), args);
        result.started = process.waitForStarted(10000);
        if (!result.started) {
            result.err = process.errorString().toUtf8();
            return result;
        }
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished(5000);
            result.err = "timed out; ";
        }
        result.status = process.exitStatus();
        result.exitCode = process.exitCode();
        result.out = process.readAllStandardOutput();
        result.err += process.readAllStandardError();
        return result;
    }

    // Starts fake-mastodon on m_port (any port the first time) with `mentions` seeded mentions;
    // it carries out the first `dropPosts` posts without answering them. A port just given up
    // can take a moment to be free again: a few tries.
    bool startFake(int mentions, QString *why, int dropPosts = 0)
    {
        for (int attempt = 0; attempt < 40; ++attempt) {
            auto process = std::make_unique<QProcess>();
            process->setProcessChannelMode(QProcess::SeparateChannels);
            process->start(QStringLiteral(CARE_FAKE_MASTODON_EXE),
                           {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--seed-mentions"),
                            QString::number(mentions), QStringLiteral("--state"), m_state, QStringLiteral("--no-streaming"),
                            QStringLiteral("--log-requests"), QStringLiteral("--delay-ms"), QString::number(kDelayMs),
                            QStringLiteral("--drop-posts"), QString::number(dropPosts)});
            if (!process->waitForStarted(10000)) {
                *why = process->errorString();
                return false;
            }
            while (!process->canReadLine() && process->state() == QProcess::Running && process->waitForReadyRead(10000)) {
            }
            const QString line = QString::fromUtf8(process->readLine()).trimmed();
            static const QRegularExpression pattern(QStringLiteral("^listening http://127\\.0\\.0\\.1:(\\d+) token (\\S+)$"));
            const auto match = pattern.match(line);
            if (match.hasMatch()) {
                m_port = static_cast<quint16>(match.captured(1).toUInt());
                m_fakeRequests = 0;
                m_dropsArmed = dropPosts;
                m_postsSeen = 0;
                QProcess *raw = process.get();
                connect(raw, &QProcess::readyReadStandardOutput, this, [this, raw]() {
                    while (raw->canReadLine()) {
                        const QString request = QString::fromUtf8(raw->readLine()).trimmed();
                        if (!request.startsWith(QLatin1String("request ")))
                            continue;
                        ++m_fakeRequests;
                        if (request == QLatin1String("request POST /api/v1/statuses") && m_postsSeen++ < m_dropsArmed)
                            ++m_postsDropped;
                        m_requestLog << request.mid(8);
                        if (m_onRequest)
                            m_onRequest(request.mid(8));
                    }
                });
                m_fake = std::move(process);
                return true;
            }
            process->waitForFinished(5000);
            *why = QString::fromUtf8(process->readAllStandardError());
            if (m_port == 0)
                return false;
            QTest::qWait(100); // the port of the killed instance, not free yet
        }
        return false;
    }

    void killFake()
    {
        if (!m_fake)
            return;
        m_fake->disconnect(this);
        if (m_fake->state() != QProcess::NotRunning) {
            ::kill(static_cast<pid_t>(m_fake->processId()), SIGKILL);
            m_fake->waitForFinished(10000);
        }
        m_fake.reset();
    }

    QJsonArray postedOnServer(QString *why) const
    {
        QFile file(m_state);
        if (!file.exists())
            return {};
        if (!file.open(QIODevice::ReadOnly)) {
            *why = file.errorString();
            return {};
        }
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
        if (!document.isObject())
            *why = QStringLiteral("the state file is not a JSON object");
        return document.object().value(QStringLiteral("posted")).toArray();
    }

    // Queues `count` replies with `careconsole send` into conversations of the store that have
    // none yet. Every seeded mention starts a thread of its own, so nothing newer ever arrives in
    // a conversation that exists, and no reply is held for confirmation (the outbox's business,
    // not this test's): each one must go out.
    void queueReplies(QRandomGenerator &random, int count)
    {
        QList<qint64> candidates;
        {
            StoreView view(m_database);
            QVERIFY2(view.ok(), qPrintable(view.error()));
            QString failed;
            const auto rows = view.rows(QStringLiteral("SELECT c.id FROM conversations c WHERE NOT EXISTS (SELECT 1 FROM "
                                                       "outbox o WHERE o.conversation_id = c.id) ORDER BY c.id"),
                                        &failed);
            QVERIFY2(failed.isEmpty(), qPrintable(failed));
            for (const QVariantList &row : rows)
                candidates << row.first().toLongLong();
        }
        for (int i = 0; i < count && !candidates.isEmpty(); ++i) {
            const qint64 conversation = candidates.takeAt(int(random.bounded(int(candidates.size()))));
            const int token = m_nextToken++;
            const QString text = replyText(token);
            const RunResult sent = run(globalArgs(false) + QStringList{QStringLiteral("send"), QStringLiteral("--conversation"),
                                                                     QString::number(conversation), QStringLiteral("--public"),
                                                                     QStringLiteral("--text-stdin"), QStringLiteral("--agent"),
                                                                     kAgent},
                                       text.toUtf8());
            QVERIFY2(sent.started && sent.status == QProcess::NormalExit && sent.exitCode == 0,
                     QByteArray("send failed: " + sent.out + sent.err).constData());
            m_replies << QueuedReply{token, conversation, text};
        }
    }

    // After every kill: what a crash may leave is still sound. Returns the number of stored
    // mentions; fails the test on a duplicate or an impossible outbox state.
    int checkAfterKill(QHash<QString, int> &outboxStates)
    {
        StoreView view(m_database);
        if (!view.ok()) {
            QTest::qFail(qPrintable(QString(QStringLiteral("cannot open the store: ") + view.error())), __FILE__, __LINE__);
            return -1;
        }
        QString failed;
        const auto inbound = view.rows(QStringLiteral("SELECT body FROM messages WHERE direction = 'inbound'"), &failed);
        if (!failed.isEmpty()) {
            QTest::qFail(qPrintable(failed), __FILE__, __LINE__);
            return -1;
        }
        static const QRegularExpression number(QStringLiteral("seeded mention (\\d+):"));
        QSet<int> seen;
        for (const QVariantList &row : inbound) {
            const auto match = number.match(row.first().toString());
            if (!match.hasMatch() || seen.contains(match.captured(1).toInt())) {
                QTest::qFail(qPrintable(QString(QStringLiteral("unexpected or duplicated mention: ") + row.first().toString())),
                             __FILE__, __LINE__);
                return -1;
            }
            seen.insert(match.captured(1).toInt());
        }
        outboxStates.clear();
        for (const QVariantList &row : view.rows(QStringLiteral("SELECT state, count(*) FROM outbox GROUP BY state")))
            outboxStates.insert(row.at(0).toString(), row.at(1).toInt());
        for (const QString &state : {QStringLiteral("failed"), QStringLiteral("held"), QStringLiteral("cancelled")}) {
            if (outboxStates.value(state)) {
                const auto detail = view.rows(QStringLiteral("SELECT id, error FROM outbox WHERE state = '") + state
                                              + QStringLiteral("'"));
                QTest::qFail(qPrintable(QStringLiteral("%1 outbox item(s) %2, e.g. #%3: %4")
                                            .arg(outboxStates.value(state))
                                            .arg(state)
                                            .arg(detail.value(0).value(0).toLongLong())
                                            .arg(detail.value(0).value(1).toString())),
                             __FILE__, __LINE__);
                return -1;
            }
        }
        return int(seen.size());
    }

    // The brand's posts as the instance serves them.
    QJsonArray ownStatusesFromApi(QString *why)
    {
        return Care::Tests::mastodonOwnStatuses(m_port, "fake-mastodon-token-7Qm2xVb9KpL4sWd8", why);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(QStringLiteral(CARE_CONSOLE_EXE)), CARE_CONSOLE_EXE);
        QVERIFY2(QFile::exists(QStringLiteral(CARE_FAKE_MASTODON_EXE)), CARE_FAKE_MASTODON_EXE);
        m_database = m_dir.filePath(QStringLiteral("care.sqlite"));
        m_secrets = m_dir.filePath(QStringLiteral("secrets.json"));
        m_state = m_dir.filePath(QStringLiteral("mastodon-state.json"));
    }

    void cleanup()
    {
        if (QTest::currentTestFailed()) {
            m_dir.setAutoRemove(false);
            qInfo("the store, secrets and instance state are kept in %s", qPrintable(m_dir.path()));
        }
    }

    void cleanupTestCase() { killFake(); }

    void killedSyncLosesNothingAndPostsOnce()
    {
        quint32 seed = 20240611;
        if (qEnvironmentVariableIsSet("CARE_SYNC_CRASH_SEED"))
            seed = qEnvironmentVariable("CARE_SYNC_CRASH_SEED").toUInt();
        qInfo("random seed %u (set CARE_SYNC_CRASH_SEED to repeat another run's choices)", seed);
        QRandomGenerator random(seed);
        QElapsedTimer total;
        total.start();
        QString why;

        // 1. The account is connected while the instance holds one mention, and a first sync
        //    sets the cursor (a new account takes only the newest page of its past). Then the
        //    other mentions arrive: the instance restarts with all of them, the first one
        //    keeping its id, before anything was posted.
        QVERIFY2(startFake(1, &why), qPrintable(why));
        const QString instance = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
        RunResult added = run(globalArgs() + QStringList{QStringLiteral("account"), QStringLiteral("add"),
                                                        QStringLiteral("mastodon"), QStringLiteral("--instance"), instance,
                                                        QStringLiteral("--token-stdin")},
                              "fake-mastodon-token-7Qm2xVb9KpL4sWd8\n");
        QVERIFY2(added.started && added.exitCode == 0, QByteArray(added.out + added.err).constData());
        QVERIFY(Care::Tests::turnOffAcknowledgements(m_database));
        RunResult first = run(globalArgs() + QStringList{QStringLiteral("sync"), QStringLiteral("--once")});
        QVERIFY2(first.started && first.status == QProcess::NormalExit && first.exitCode == 0,
                 QByteArray(first.out + first.err).constData());
        QHash<QString, int> states;
        QCOMPARE(checkAfterKill(states), 1);
        killFake();
        QVERIFY2(startFake(kMentions, &why), qPrintable(why));
        qInfo("fake-mastodon on port %u with %d mentions; setup took %lld ms", m_port, kMentions,
              static_cast<long long>(total.elapsed()));

        // 2. Rounds: queue replies, start a sync, kill it.
        enum class Trigger { Timer, NotificationsPage, PostStatus, ReadBack };
        int killed = 0;
        int killedMidFetch = 0;     // stored mentions grew, but not to all of them
        int killedPostedUnrecorded = 0; // rounds after which the instance had posts the outbox did not know as sent
        int killedWhileSending = 0; // an item left "sending" (or "unknown")
        int fakeKills = 0;
        int storedMentions = 1;
        bool postRoundDone = false;
        for (int round = 0; round < kRounds; ++round) {
            // Every round draws the same numbers from the generator, whatever happened before,
            // so that a seed always gives the same choices; what they mean depends on the phase.
            const int drawnReplies = int(random.bounded(1, 4));
            const int replies = round == 0 ? 3 : drawnReplies;
            const int pick = int(random.bounded(100));
            const int postNth = int(random.bounded(1, 3));
            const int timerMs = int(random.bounded(kMaxTimerKillMs + 1));
            const int lagMs = int(random.bounded(1000));
            const int fakePick = int(random.bounded(100));
            const int dropPick = int(random.bounded(100));

            queueReplies(random, replies);
            if (QTest::currentTestFailed())
                return;

            // First the long fetch of the mentions: each round is killed while the answer to its
            // second page is being stored (a page is only asked for once the one before it is
            // stored, so every round stores at least one more). Then a round killed while a
            // reply's post is in flight, then a mix: after a time, or when the nth request of a
            // kind reaches the instance (a page of mentions, a reply's post, the read-back of the
            // brand's posts).
            const bool fetchRound = storedMentions < kMentions && round < kMaxFetchRounds;
            const bool postRound = !fetchRound && !postRoundDone;
            postRoundDone = postRoundDone || postRound;
            Trigger trigger = fetchRound ? Trigger::NotificationsPage : Trigger::PostStatus;
            if (!fetchRound && !postRound) {
                // A read-back only happens for an item left sending or unknown.
                const bool unclear = states.value(QStringLiteral("sending")) + states.value(QStringLiteral("unknown")) > 0;
                trigger = pick < 30   ? Trigger::Timer
                          : pick < 50 ? Trigger::NotificationsPage
                          : pick < 75 || !unclear ? Trigger::PostStatus
                                                  : Trigger::ReadBack;
            }
            const int nth = fetchRound                       ? 2
                            : trigger == Trigger::PostStatus ? (postRound ? 1 : postNth)
                            : trigger == Trigger::Timer      ? 0
                                                             : 1;
            // After the request shows up: before its answer, or while the answer is recorded (a
            // page of 40 mentions takes some 50 ms to store).
            const int extraMs = trigger == Trigger::Timer               ? timerMs
                                : fetchRound                            ? kDelayMs + lagMs % 60
                                : trigger == Trigger::NotificationsPage ? lagMs % (kDelayMs + 70)
                                : postRound                             ? lagMs % (kDelayMs / 2)
                                                                        : lagMs % (kDelayMs + 15);
            // Now and then the instance dies too: at the same moment (the request in flight is
            // never carried out), or after it carried out the request (posted, never answered).
            const bool killFakeToo = (!postRound && fakePick < 35) || m_fakeRequests > kRequestsBeforeRestart;
            const bool fakeAtOnce = fakePick < 15;

            QProcess sync;
            sync.setProcessChannelMode(QProcess::SeparateChannels);
            bool signalled = false;
            const qint64 fakePid = m_fake->processId();
            auto killSync = [&sync, &signalled, killFakeToo, fakeAtOnce, fakePid]() {
                if (sync.state() != QProcess::Running || signalled)
                    return;
                signalled = ::kill(static_cast<pid_t>(sync.processId()), SIGKILL) == 0;
                // The sync first, so that it cannot react to the instance going away.
                if (killFakeToo && fakeAtOnce)
                    ::kill(static_cast<pid_t>(fakePid), SIGKILL);
            };
            QTimer timer;
            timer.setSingleShot(true);
            connect(&timer, &QTimer::timeout, this, killSync);
            int seen = 0;
            m_requestLog.clear();
            const QString wanted = trigger == Trigger::NotificationsPage ? QStringLiteral("GET /api/v1/notifications")
                                   : trigger == Trigger::ReadBack        ? QStringLiteral("GET /api/v1/accounts/1/statuses")
                                                                         : QStringLiteral("POST /api/v1/statuses");
            // The hook refers to this round's locals: it goes before they do, however the round ends.
            struct HookReset
            {
                std::function<void(const QString &)> &hook;
                ~HookReset() { hook = nullptr; }
            } hookReset{m_onRequest};
            if (trigger != Trigger::Timer) {
                m_onRequest = [&](const QString &request) {
                    if (request == wanted && ++seen == nth) {
                        if (extraMs == 0)
                            killSync();
                        else
                            timer.start(extraMs);
                    }
                };
            }
            sync.start(QStringLiteral(CARE_CONSOLE_EXE), globalArgs() + QStringList{QStringLiteral("sync"), QStringLiteral("--once")});
            QVERIFY2(sync.waitForStarted(10000), qPrintable(sync.errorString()));
            if (trigger == Trigger::Timer)
                timer.start(extraMs);
            // The event loop runs the fake's log and the timer until the sync ends, one way or other.
            QTRY_VERIFY_WITH_TIMEOUT(sync.state() == QProcess::NotRunning, 30000);
            m_onRequest = nullptr;
            timer.stop();
            const bool wasKilled = sync.exitStatus() == QProcess::CrashExit;
            const QByteArray err = sync.readAllStandardError();
            const QByteArray out = sync.readAllStandardOutput();
            if (wasKilled) {
                QVERIFY2(signalled, QByteArray("the sync crashed by itself: " + err).constData());
                ++killed;
            } else {
                // Not reached in time (nothing to post, or the nth page never came): a whole run.
                QVERIFY2(sync.exitCode() == 0, QByteArray("sync failed: " + out + err).constData());
            }
            if (killFakeToo) {
                if (!fakeAtOnce || !signalled)
                    QTest::qWait(kDelayMs + 50); // it finishes what it was doing, then dies
                killFake();
                ++fakeKills;
            }

            const int before = storedMentions;
            storedMentions = checkAfterKill(states);
            if (QTest::currentTestFailed())
                return;
            const QJsonArray posted = postedOnServer(&why);
            QVERIFY2(why.isEmpty(), qPrintable(why));
            const int sentInStore = states.value(QStringLiteral("sent"));
            if (wasKilled && storedMentions > before && storedMentions < kMentions)
                ++killedMidFetch;
            if (wasKilled && posted.size() > sentInStore)
                ++killedPostedUnrecorded;
            if (wasKilled && states.value(QStringLiteral("sending")) + states.value(QStringLiteral("unknown")) > 0)
                ++killedWhileSending;
            const char *how = trigger == Trigger::Timer               ? "timer"
                              : trigger == Trigger::NotificationsPage ? "page"
                              : trigger == Trigger::ReadBack          ? "read-back"
                                                                      : "post";
            qInfo("round %2d: %s (%s #%d +%d ms)%s; mentions %d/%d; outbox queued %d sending %d unknown %d sent %d; "
                  "posts on the instance %d; requests: %s",
                  round, wasKilled ? "killed" : "finished", how, nth, extraMs,
                  killFakeToo ? (fakeAtOnce && signalled ? ", instance killed with it" : ", instance killed after") : "",
                  storedMentions, kMentions, states.value(QStringLiteral("queued")), states.value(QStringLiteral("sending")),
                  states.value(QStringLiteral("unknown")), sentInStore, int(posted.size()),
                  qPrintable(m_requestLog.join(QStringLiteral(", ")).left(300)));
            if (!m_fake) {
                // Now and then the instance carries out a post without answering it: once (the
                // client resends it by itself) or twice (the client sees the connection drop).
                // Until one was dropped, every restart drops the next post.
                const int drops = m_postsDropped == 0 ? 1 : dropPick < 40 ? 1 : dropPick < 60 ? 2 : 0;
                QVERIFY2(startFake(kMentions, &why, drops), qPrintable(why));
                if (drops)
                    qInfo("          instance restarted, dropping the answers to its next %d post(s)", drops);
            }
        }

        // 3. Two whole runs: the first finishes what the kills left, the second finds nothing.
        for (int i = 0; i < 2; ++i) {
            const RunResult whole = run(globalArgs() + QStringList{QStringLiteral("sync"), QStringLiteral("--once")});
            QVERIFY2(whole.started && whole.status == QProcess::NormalExit && whole.exitCode == 0,
                     QByteArray("final sync failed: " + whole.out + whole.err).constData());
            qInfo("final sync %d: %s", i + 1, whole.out.trimmed().constData());
        }

        // 4. Nothing lost, nothing twice.
        StoreView view(m_database);
        QVERIFY2(view.ok(), qPrintable(view.error()));
        QString failed;
        const qint64 inboundCount = view.scalar(QStringLiteral("SELECT count(*) FROM messages WHERE direction = 'inbound'"), &failed);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        {
            static const QRegularExpression number(QStringLiteral("seeded mention (\\d+):"));
            QSet<int> stored;
            for (const QVariantList &row : view.rows(QStringLiteral("SELECT body FROM messages WHERE direction = 'inbound'")))
                stored.insert(number.match(row.first().toString()).captured(1).toInt());
            QStringList missing;
            for (int i = 0; i < kMentions; ++i) {
                if (!stored.contains(i))
                    missing << QString::number(i);
            }
            QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("%1 of %2 mentions never reached the store: %3")
                                                       .arg(missing.size())
                                                       .arg(kMentions)
                                                       .arg(QStringList(missing.mid(0, 50)).join(QStringLiteral(" ")))));
        }
        QCOMPARE(inboundCount, qint64(kMentions));
        QCOMPARE(view.scalar(QStringLiteral("SELECT count(DISTINCT platform_message_id) FROM messages WHERE direction = 'inbound'")),
                 qint64(kMentions));
        QCOMPARE(view.rows(QStringLiteral("SELECT platform_message_id FROM messages GROUP BY account_id, platform_message_id "
                                          "HAVING count(*) > 1"))
                     .size(),
                 0);
        QCOMPARE(checkAfterKill(states), kMentions); // each numbered mention once
        if (QTest::currentTestFailed())
            return;
        // The transcript holds the mentions and the replies, no read-back copies besides.
        QCOMPARE(view.scalar(QStringLiteral("SELECT count(*) FROM messages")), qint64(kMentions + m_replies.size()));
        const auto counts = view.rows(QStringLiteral("SELECT c.id, c.message_count, (SELECT count(*) FROM messages m "
                                                     "WHERE m.conversation_id = c.id) FROM conversations c"));
        for (const QVariantList &row : counts)
            QVERIFY2(row.at(1).toInt() == row.at(2).toInt(),
                     qPrintable(QStringLiteral("conversation %1 says %2 messages, holds %3")
                                    .arg(row.at(0).toLongLong())
                                    .arg(row.at(1).toInt())
                                    .arg(row.at(2).toInt())));

        // Every queued reply is sent, with the id of its post, in the transcript too.
        const auto outbox = view.rows(
            QStringLiteral("SELECT o.id, o.conversation_id, o.state, o.platform_id, o.reply_to, o.body, m.platform_message_id, "
                           "m.delivery_state FROM outbox o JOIN messages m ON m.id = o.message_id ORDER BY o.id"),
            &failed);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QCOMPARE(outbox.size(), m_replies.size());
        QHash<QString, QVariantList> outboxByText;
        for (const QVariantList &row : outbox) {
            const QString text = row.at(5).toString();
            QVERIFY2(row.at(2).toString() == QLatin1String("sent"),
                     qPrintable(QStringLiteral("outbox item %1 is %2").arg(row.at(0).toLongLong()).arg(row.at(2).toString())));
            QVERIFY2(!row.at(3).toString().isEmpty(), qPrintable(QStringLiteral("outbox item %1 has no platform id").arg(row.at(0).toLongLong())));
            QCOMPARE(row.at(6).toString(), row.at(3).toString());
            QCOMPARE(row.at(7).toString(), QStringLiteral("sent"));
            QVERIFY2(!row.at(4).toString().isEmpty(), "a reply without the status it answers");
            outboxByText.insert(text, row);
        }
        for (const QueuedReply &reply : std::as_const(m_replies))
            QVERIFY2(outboxByText.contains(reply.text), qPrintable(QString(QStringLiteral("not in the outbox: ") + reply.text)));

        // The instance holds exactly one post per reply, answering the right status.
        auto checkPosts = [&](const QJsonArray &posts, const char *source) {
            static const QRegularExpression token(QStringLiteral("reply-token-(\\d+):"));
            QHash<QString, QStringList> idsPerReply; // reply text -> ids of its posts (matched by text and in_reply_to_id)
            for (const QJsonValue &value : posts) {
                const QJsonObject post = value.toObject();
                const auto match = token.match(post.value(QStringLiteral("content")).toString());
                QVERIFY2(match.hasMatch(), qPrintable(post.value(QStringLiteral("content")).toString()));
                const QString text = replyText(match.captured(1).toInt());
                QVERIFY2(outboxByText.contains(text),
                         qPrintable(QStringLiteral("%1: posted but never queued: %2").arg(QLatin1String(source), text)));
                const QVariantList row = outboxByText.value(text);
                QVERIFY2(post.value(QStringLiteral("in_reply_to_id")).toString() == row.at(4).toString(),
                         qPrintable(QStringLiteral("%1: \"%2\" answers %3 instead of %4")
                                        .arg(QLatin1String(source), text,
                                             post.value(QStringLiteral("in_reply_to_id")).toString(), row.at(4).toString())));
                idsPerReply[text] << post.value(QStringLiteral("id")).toString();
            }
            for (const QueuedReply &reply : std::as_const(m_replies)) {
                const QStringList ids = idsPerReply.value(reply.text);
                QVERIFY2(ids.size() == 1, qPrintable(QStringLiteral("%1: reply-token-%2 (conversation %3) was posted %4 times: %5")
                                                         .arg(QLatin1String(source))
                                                         .arg(reply.token)
                                                         .arg(reply.conversationId)
                                                         .arg(ids.size())
                                                         .arg(ids.join(QStringLiteral(", ")))));
                QCOMPARE(ids.first(), outboxByText.value(reply.text).at(3).toString()); // the outbox knows that post
            }
            QCOMPARE(posts.size(), m_replies.size());
        };
        killFake(); // its state file is complete; restart it to ask its API as well
        const QJsonArray posted = postedOnServer(&why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        checkPosts(posted, "state file");
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(startFake(kMentions, &why), qPrintable(why));
        const QJsonArray served = ownStatusesFromApi(&why);
        QVERIFY2(why.isEmpty(), qPrintable(why));
        checkPosts(served, "API");
        if (QTest::currentTestFailed())
            return;
        killFake();

        qInfo("%d rounds: %d killed (%d mid-fetch, %d leaving a post on the instance the outbox had not recorded, %d "
              "leaving an item sending/unknown), the instance killed %d times and %d posts answered by a dropped connection; %d mentions, "
              "%d replies; %lld ms in all",
              kRounds, killed, killedMidFetch, killedPostedUnrecorded, killedWhileSending, fakeKills, m_postsDropped,
              kMentions, int(m_replies.size()), static_cast<long long>(total.elapsed()));
        // The kills must have hit where it matters, or the test proves little.
        QVERIFY2(killed >= kRounds / 2, "most rounds should kill the sync");
        QVERIFY2(killedMidFetch >= 1, "no kill landed in the middle of a fetch");
        QVERIFY2(killedPostedUnrecorded >= 1, "no kill landed between a post and its record");
        QVERIFY2(m_postsDropped >= 1, "the instance never dropped the answer to a post");
    }
};

QTEST_GUILESS_MAIN(TestSyncCrash)
#include "tst_sync_crash.moc"
