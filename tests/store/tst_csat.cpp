// Satisfaction (CSAT) in the store, on both backends (CARE_TEST_BACKEND=sqlite or postgresql, as
// tst_outbox): asking queues the question through the outbox and logs csat-asked; the customer's
// reply is read and logged as a csat event when it answers an open question (and only then);
// the latest answer wins; the metrics see the score.
//
// Times are fixed: the store's clock (Database::setClock) dates what the actions write.
#include "StoreTestBackend.h"
#include "core/IncomingMessage.h"
#include "core/ManualClock.h"
#include "store/AccountRepository.h"
#include "store/ConversationActions.h"
#include "store/CsatRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/MetricsQuery.h"
#include "store/OutboxRepository.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>

using namespace Care;
using Core::ConversationStatus;
using Core::Direction;
using Core::IncomingMessage;
using Core::Visibility;
using Store::CsatRepository;
using Store::CsatSource;

#define QVERIFY_OK(result)                                                                                             \
    do {                                                                                                               \
        const auto &result_ = (result);                                                                                \
        QVERIFY2(result_.ok(), result_.ok() ? "" : qPrintable(result_.error().fullText() + result_.error().detail));   \
    } while (false)

namespace {

// Monday 15 June 2026, 10:00 UTC, and minutes after it.
QDateTime at(qint64 minutes)
{
    return QDateTime(QDate(2026, 6, 15), QTime(10, 0), QTimeZone::utc()).addSecs(minutes * 60);
}

constexpr qint64 kDay = 24 * 60;

} // namespace

class TestCsat : public QObject
{
    Q_OBJECT

private:
    bool m_postgres = false;
    Store::DatabaseLocation m_pgLocation;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store::Database> m_db;
    Core::ManualClock m_clock;
    qint64 m_account = 0;
    qint64 m_conversation = 0;
    int m_pid = 0;

    qint64 scalar(const QString &sql, qint64 bound = 0)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(sql);
        if (sql.contains(QLatin1String(":c")))
            q.bindValue(QStringLiteral(":c"), bound);
        if (!q.exec() || !q.next()) {
            qWarning() << "query failed:" << sql << q.lastError().text();
            return -1;
        }
        return q.value(0).toLongLong();
    }

    QString textValue(const QString &sql, qint64 bound)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(sql);
        q.bindValue(QStringLiteral(":c"), bound);
        if (!q.exec() || !q.next())
            return QStringLiteral("<none>");
        return q.value(0).toString();
    }

    // The customer writes in the conversation's thread at `minute`.
    bool customerWrites(const QString &body, qint64 minute, const QString &thread = QStringLiteral("thread"))
    {
        IncomingMessage in;
        in.accountId = m_account;
        in.platformMessageId = QString::number(++m_pid);
        in.threadKey = thread;
        in.direction = Direction::Inbound;
        in.customerPlatformUserId = QStringLiteral("dana");
        in.customerHandle = QStringLiteral("@dana@social.example");
        in.customerName = QStringLiteral("Dana");
        in.body = body;
        in.createdAt = at(minute);
        m_clock.set(at(minute));
        auto report = Store::MessageRepository(*m_db).ingest({ in });
        if (!report)
            qWarning() << "ingest failed:" << report.error().fullText() << report.error().detail;
        return report.ok();
    }

    // The agent answers and resolves: the conversation is ready for the question.
    bool answerAndResolve(qint64 conversation, qint64 minute)
    {
        m_clock.set(at(minute));
        if (!Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                 .queueReply(conversation, Visibility::Public, QStringLiteral("A new lid is on its way."))
                 .ok())
            return false;
        m_clock.set(at(minute + 1));
        if (!Store::ConversationActions(*m_db, QStringLiteral("aisha"))
                 .setStatus(conversation, ConversationStatus::Resolved)
                 .ok())
            return false;
        // Status events are dated by the system clock: date it back (as tst_metricsquery does).
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("UPDATE conversation_events SET at = :at WHERE id = (SELECT max(id) FROM "
                                 "conversation_events WHERE conversation_id = :c)"));
        q.bindValue(QStringLiteral(":at"), at(minute + 1).toMSecsSinceEpoch());
        q.bindValue(QStringLiteral(":c"), conversation);
        return q.exec() && q.numRowsAffected() == 1;
    }

    Core::Result<qint64> ask(qint64 minute, Visibility visibility = Visibility::Private)
    {
        m_clock.set(at(minute));
        return CsatRepository(*m_db).ask(m_conversation, QStringLiteral("aisha"), visibility);
    }

    std::optional<Store::CsatAnswer> latest()
    {
        auto answer = CsatRepository(*m_db).latestForConversation(m_conversation);
        if (!answer) {
            qWarning() << "latest failed:" << answer.error().fullText() << answer.error().detail;
            return std::nullopt;
        }
        return answer.value();
    }

    qint64 csatEvents()
    {
        return scalar(
            QStringLiteral("SELECT count(*) FROM conversation_events WHERE conversation_id = :c AND kind = 'csat'"),
            m_conversation);
    }
    QString status()
    {
        return textValue(QStringLiteral("SELECT status FROM conversations WHERE id = :c"), m_conversation);
    }

private slots:
    void initTestCase()
    {
        if (const QString problem = Tests::chooseBackend(&m_postgres, &m_pgLocation); !problem.isEmpty())
            QFAIL(qPrintable(problem));
        m_dir = std::make_unique<QTemporaryDir>();
    }

    void init()
    {
        auto db = Tests::openFreshStore(m_postgres, m_pgLocation, *m_dir, QStringLiteral("csat"));
        QVERIFY_OK(db);
        m_db = std::move(db).value();
        m_db->setClock(&m_clock);
        QVERIFY_OK(Tests::useRoundTheClockCalendar(*m_db));
        Core::Account account;
        account.platform = Core::Platform::Mastodon;
        account.handle = QStringLiteral("@acme@social.example");
        account.name = account.handle;
        account.serviceUrl = QStringLiteral("https://social.example");
        auto id = Store::AccountRepository(*m_db).ensure(account);
        QVERIFY_OK(id);
        m_account = id.value();
        QVERIFY(customerWrites(QStringLiteral("The lid of my kettle broke, order 4471."), 0));
        m_conversation = scalar(QStringLiteral("SELECT id FROM conversations"));
        QVERIFY(m_conversation > 0);
        QVERIFY(answerAndResolve(m_conversation, 10));
        QCOMPARE(status(), QStringLiteral("resolved"));
    }

    void cleanup() { m_db.reset(); }

    void questionTexts()
    {
        QCOMPARE(CsatRepository::questionText(QStringLiteral("en")).value(),
            QStringLiteral("How did we do? Reply with a number from 1 (poor) to 5 (great)."));
        const QString german = CsatRepository::questionText(QStringLiteral("de")).value();
        QVERIFY(german.startsWith(QStringLiteral("Wie waren wir?")));
        QVERIFY(CsatRepository::questionText(QStringLiteral("es")).value().contains(QStringLiteral("del 1")));
        QVERIFY(CsatRepository::questionText(QStringLiteral("fr")).value().contains(QStringLiteral("de 1")));
        // Unknown or empty language: English.
        QCOMPARE(CsatRepository::questionText(QStringLiteral("pt")).value(),
            CsatRepository::questionText(QStringLiteral("en")).value());
        QCOMPARE(CsatRepository::questionText(QString()).value(),
            CsatRepository::questionText(QStringLiteral("en")).value());
    }

    void askingQueuesAndLogs()
    {
        const qint64 eventsBefore = scalar(
            QStringLiteral("SELECT count(*) FROM conversation_events WHERE conversation_id = :c"), m_conversation);
        auto question = ask(20);
        QVERIFY_OK(question);
        auto item = Store::OutboxRepository(*m_db).forMessage(question.value());
        QVERIFY_OK(item);
        QCOMPARE(item->kind, Core::OutboxKind::PrivateMessage);
        QCOMPARE(item->state, Core::DeliveryState::Queued);
        QCOMPARE(item->conversationId, m_conversation);
        QCOMPARE(item->accountId, m_account);
        QCOMPARE(item->body, CsatRepository::questionText(QStringLiteral("en")).value());
        QCOMPARE(item->recipient, QStringLiteral("@dana@social.example"));
        // A survey, not a response.
        QCOMPARE(scalar(QStringLiteral("SELECT automatic FROM messages WHERE id = :c"), question.value()), qint64(1));
        QCOMPARE(
            scalar(QStringLiteral(
                       "SELECT count(*) FROM conversation_events WHERE conversation_id = :c AND kind = 'csat-asked'"),
                m_conversation),
            qint64(1));
        QCOMPARE(
            textValue(QStringLiteral(
                          "SELECT detail FROM conversation_events WHERE kind = 'csat-asked' AND conversation_id = :c"),
                m_conversation),
            QString::number(question.value()));
        QCOMPARE(
            textValue(QStringLiteral(
                          "SELECT actor FROM conversation_events WHERE kind = 'csat-asked' AND conversation_id = :c"),
                m_conversation),
            QStringLiteral("aisha"));
        QCOMPARE(scalar(QStringLiteral(
                            "SELECT at FROM conversation_events WHERE kind = 'csat-asked' AND conversation_id = :c"),
                     m_conversation),
            at(20).toMSecsSinceEpoch());
        // reply-queued and csat-asked
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversation_events WHERE conversation_id = :c"),
                     m_conversation),
            eventsBefore + 2);
        QCOMPARE(status(), QStringLiteral("resolved")); // asking does not reopen

        // Not twice while the first waits for its answer.
        auto again = ask(30);
        QVERIFY(!again);
        QCOMPARE(again.error().code, Core::Error::Code::Conflict);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM outbox WHERE conversation_id = :c"), m_conversation),
            qint64(2));

        // A missing conversation says so.
        m_clock.set(at(31));
        auto ghost = CsatRepository(*m_db).ask(m_conversation + 1000, QStringLiteral("aisha"), Visibility::Private);
        QVERIFY(!ghost);
        QCOMPARE(ghost.error().code, Core::Error::Code::NotFound);
    }

    void cancelledQuestionWaitsForNothing()
    {
        auto question = ask(20);
        QVERIFY_OK(question);
        auto item = Store::OutboxRepository(*m_db).forMessage(question.value());
        QVERIFY_OK(item);
        QVERIFY_OK(Store::OutboxRepository(*m_db).cancel(item->id));
        QCOMPARE(textValue(QStringLiteral("SELECT delivery_state FROM messages WHERE id = :c"), question.value()),
            QStringLiteral("cancelled"));
        // The customer never saw it: a "5" is not an answer, and the agent may ask again.
        QVERIFY(customerWrites(QStringLiteral("5"), 30));
        QCOMPARE(csatEvents(), qint64(0));
        QVERIFY_OK(ask(40));
    }

    void visibilityFollowsTheSetting()
    {
        CsatRepository csat(*m_db);
        QCOMPARE(csat.defaultVisibility().value(), Visibility::Private);
        QVERIFY_OK(csat.setDefaultVisibility(Visibility::Public, QStringLiteral("lead")));
        QCOMPARE(csat.defaultVisibility().value(), Visibility::Public);
        m_clock.set(at(20));
        auto question = csat.ask(m_conversation, QStringLiteral("aisha"));
        QVERIFY_OK(question);
        QCOMPARE(Store::OutboxRepository(*m_db).forMessage(question.value())->kind, Core::OutboxKind::PublicReply);
        QCOMPARE(textValue(QStringLiteral("SELECT visibility FROM messages WHERE id = :c"), question.value()),
            QStringLiteral("public"));
    }

    void customerAnswerIsRecorded()
    {
        QVERIFY_OK(ask(20));
        QVERIFY(customerWrites(QStringLiteral("@acme 5 — thanks!"), 60));
        const auto answer = latest();
        QVERIFY(answer);
        QCOMPARE(answer->score, 5);
        QCOMPARE(answer->source, CsatSource::Customer);
        QVERIFY(answer->agentId.isEmpty());
        QCOMPARE(answer->at, at(60));
        QCOMPARE(answer->conversationId, m_conversation);
        QCOMPARE(textValue(QStringLiteral(
                               "SELECT detail FROM conversation_events WHERE kind = 'csat' AND conversation_id = :c"),
                     m_conversation),
            QStringLiteral("5"));
        QCOMPARE(textValue(QStringLiteral(
                               "SELECT actor FROM conversation_events WHERE kind = 'csat' AND conversation_id = :c"),
                     m_conversation),
            QStringLiteral("customer"));
        // An answer and nothing else does not reopen the conversation (docs/metrics.md).
        QCOMPARE(status(), QStringLiteral("resolved"));
        QCOMPARE(
            scalar(QStringLiteral(
                       "SELECT count(*) FROM conversation_events WHERE conversation_id = :c AND kind = 'reopened'"),
                m_conversation),
            qint64(0));
        // Nor does it make the customer wait: it is no new request.
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM conversations WHERE id = :c AND waiting_since IS NOT NULL"),
                     m_conversation),
            qint64(0));
        // The customer card's view: over the customer's conversations.
        const qint64 customer
            = scalar(QStringLiteral("SELECT customer_id FROM conversations WHERE id = :c"), m_conversation);
        auto forCustomer = CsatRepository(*m_db).latestForCustomer(customer);
        QVERIFY_OK(forCustomer);
        QVERIFY(forCustomer.value());
        QCOMPARE(forCustomer.value()->score, 5);
        QCOMPARE(forCustomer.value()->conversationId, m_conversation);
        auto nobody = CsatRepository(*m_db).latestForCustomer(customer + 1000);
        QVERIFY(!nobody || !nobody.value()); // an unknown customer has no answer (or an error)
    }

    void answerWithAComplaintReopens()
    {
        QVERIFY_OK(ask(20));
        QVERIFY(customerWrites(QStringLiteral("1 - the new lid leaks as well"), 60));
        QCOMPARE(latest()->score, 1);
        QCOMPARE(status(), QStringLiteral("open")); // they need the team again
    }

    void unrelatedReplyIsNotAnAnswer()
    {
        QVERIFY_OK(ask(20));
        QVERIFY(customerWrites(QStringLiteral("order 4471"), 60));
        QVERIFY(customerWrites(QStringLiteral("2 days late already"), 61));
        QVERIFY(!latest());
        QCOMPARE(csatEvents(), qint64(0));
        QCOMPARE(status(), QStringLiteral("open")); // a real message reopens, as always
        // The question still waits: a later answer counts.
        QVERIFY(customerWrites(QStringLiteral("four out of five"), 70));
        QCOMPARE(latest()->score, 4);
    }

    void noQuestionNoAnswer()
    {
        QVERIFY(customerWrites(QStringLiteral("5"), 60));
        QVERIFY(!latest());
        QCOMPARE(csatEvents(), qint64(0));
        QCOMPARE(status(), QStringLiteral("open"));
    }

    void answersAfterSevenDaysAreIgnored()
    {
        QVERIFY_OK(ask(20));
        QVERIFY(customerWrites(QStringLiteral("5"), 20 + 7 * kDay + 1));
        QVERIFY(!latest());
        QCOMPARE(csatEvents(), qint64(0));
        // Just inside the window, on another conversation asked the same way, it counts.
        QVERIFY(customerWrites(QStringLiteral("The handle is loose"), 0, QStringLiteral("thread-2")));
        const qint64 second = scalar(QStringLiteral("SELECT id FROM conversations WHERE thread_key = 'thread-2'"));
        QVERIFY(second > 0 && second != m_conversation);
        QVERIFY(answerAndResolve(second, 10));
        m_clock.set(at(20));
        QVERIFY_OK(CsatRepository(*m_db).ask(second, QStringLiteral("aisha"), Visibility::Private));
        QVERIFY(customerWrites(QStringLiteral("5"), 20 + 7 * kDay - 1, QStringLiteral("thread-2")));
        auto answer = CsatRepository(*m_db).latestForConversation(second);
        QVERIFY_OK(answer);
        QVERIFY(answer.value());
        QCOMPARE(answer.value()->score, 5);
    }

    void secondAnswerReplacesTheFirst()
    {
        QVERIFY_OK(ask(20));
        QVERIFY(customerWrites(QStringLiteral("5"), 60));
        QCOMPARE(latest()->score, 5);
        // Answered: a later message is not read as another answer.
        QVERIFY(customerWrites(QStringLiteral("2"), 70));
        QCOMPARE(latest()->score, 5);
        QCOMPARE(csatEvents(), qint64(1));
        // An agent records what the customer said on the phone.
        m_clock.set(at(80));
        QVERIFY_OK(CsatRepository(*m_db).record(m_conversation, 3, CsatSource::Agent, QStringLiteral("maria")));
        auto answer = latest();
        QCOMPARE(answer->score, 3);
        QCOMPARE(answer->source, CsatSource::Agent);
        QCOMPARE(answer->agentId, QStringLiteral("maria"));
        QCOMPARE(answer->at, at(80));
        // Asked again, the customer's new answer is the latest.
        QVERIFY_OK(ask(90));
        QVERIFY(customerWrites(QStringLiteral("★★☆☆☆"), 100));
        QCOMPARE(latest()->score, 2);
        QCOMPARE(latest()->source, CsatSource::Customer);
        QCOMPARE(csatEvents(), qint64(3));
    }

    void recordRefusesWhatCannotBeAScore()
    {
        CsatRepository csat(*m_db);
        for (int score : { 0, 6, -1 }) {
            const auto s = csat.record(m_conversation, score, CsatSource::Agent, QStringLiteral("maria"));
            QVERIFY(!s);
            QCOMPARE(s.error().code, Core::Error::Code::InvalidInput);
        }
        const auto anonymous = csat.record(m_conversation, 4, CsatSource::Agent, QString());
        QVERIFY(!anonymous);
        QCOMPARE(anonymous.error().code, Core::Error::Code::InvalidInput);
        const auto ghost = csat.record(m_conversation + 1000, 4, CsatSource::Agent, QStringLiteral("maria"));
        QVERIFY(!ghost);
        QCOMPARE(ghost.error().code, Core::Error::Code::NotFound);
        QCOMPARE(csatEvents(), qint64(0));
        QVERIFY(!latest());
    }

    void metricsPickUpTheScore()
    {
        QVERIFY_OK(ask(20));
        QVERIFY(customerWrites(QStringLiteral("4/5"), 60));
        auto rows = Store::MetricsQuery(*m_db).load(Store::MetricsFilter(), at(2 * kDay));
        QVERIFY_OK(rows);
        const auto row = std::find_if(
            rows->cbegin(), rows->cend(), [this](const auto &r) { return r.conversationId == m_conversation; });
        QVERIFY(row != rows->cend());
        // The score is in the log the metrics read, once, at the answer's time, in the one cycle it
        // rates: the answer message itself is no new request, so no second cycle starts.
        QCOMPARE(row->metrics.cycles.size(), 1);
        int scored = 0;
        for (const auto &cycle : row->metrics.cycles) {
            if (cycle.csatScore) {
                ++scored;
                QCOMPARE(*cycle.csatScore, 4);
                QCOMPARE(cycle.csatAt, at(60));
            }
        }
        QCOMPARE(scored, 1);
        QCOMPARE(row->metrics.cycles.last().csatScore, std::optional<int>(4));
        const auto csatEvent = std::find_if(row->events.cbegin(), row->events.cend(),
            [](const auto &e) { return e.kind == Core::MetricEvent::Kind::CsatAnswer; });
        QVERIFY(csatEvent != row->events.cend());
        QCOMPARE(csatEvent->csatScore, 4);
        // The question is not a response: only the agent's reply counts as one.
        QCOMPARE(row->metrics.humanOutboundCount(), 1);
        QCOMPARE(row->metrics.automaticCount(), 1);
        QCOMPARE(row->metrics.cycles.first().automaticCount, 1);
        const auto &first = row->metrics.cycles.first().firstResponse;
        QVERIFY(first && first->answered());
        QCOMPARE(first->agentId, QStringLiteral("aisha"));
    }
};

QTEST_GUILESS_MAIN(TestCsat)
#include "tst_csat.moc"
