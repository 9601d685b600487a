#include "core/FirstResponse.h"

#include <QTest>

#include <algorithm>

using Care::Core::Direction;
using Care::Core::FirstResponse;
using Care::Core::Message;
using Care::Core::Visibility;

namespace {

const QDateTime kStart(QDate(2024, 3, 4), QTime(9, 0), Qt::UTC);

QDateTime at(qint64 secondsAfterStart)
{
    return kStart.addSecs(secondsAfterStart);
}

Message inbound(qint64 id, qint64 secs)
{
    Message m;
    m.id = id;
    m.direction = Direction::Inbound;
    m.createdAt = at(secs);
    m.authorName = QStringLiteral("Customer");
    return m;
}

Message outbound(qint64 id, qint64 secs, const QString &agent, Visibility visibility = Visibility::Public)
{
    Message m;
    m.id = id;
    m.direction = Direction::Outbound;
    m.visibility = visibility;
    m.agentId = agent;
    m.createdAt = at(secs);
    return m;
}

Message note(qint64 id, qint64 secs, const QString &agent)
{
    Message m;
    m.id = id;
    m.direction = Direction::Note;
    m.visibility = Visibility::Private;
    m.agentId = agent;
    m.createdAt = at(secs);
    return m;
}

Message automatic(qint64 id, qint64 secs)
{
    Message m = outbound(id, secs, QStringLiteral("system"));
    m.automatic = true;
    return m;
}

} // namespace

class TestFirstResponse : public QObject
{
    Q_OBJECT

private slots:
    void noMessages()
    {
        QVERIFY(!FirstResponse::compute({}).has_value());
    }

    void noInboundMeansNoCycle()
    {
        // Brand-initiated conversation: nothing the customer is waiting for.
        const auto result = FirstResponse::compute({outbound(1, 0, QStringLiteral("ana")), note(2, 10, QStringLiteral("ana"))});
        QVERIFY(!result.has_value());
    }

    void simpleReply()
    {
        const auto result = FirstResponse::compute({inbound(1, 0), outbound(2, 600, QStringLiteral("ana"))});
        QVERIFY(result.has_value());
        QVERIFY(result->answered());
        QCOMPARE(result->firstInboundAt, at(0));
        QCOMPARE(result->respondedAt, at(600));
        QCOMPARE(result->respondingAgent, QStringLiteral("ana"));
        QCOMPARE(result->seconds(), 600);
    }

    void privateReplyCounts()
    {
        const auto result = FirstResponse::compute(
            {inbound(1, 0), outbound(2, 90, QStringLiteral("ben"), Visibility::Private)});
        QVERIFY(result.has_value());
        QVERIFY(result->answered());
        QCOMPARE(result->seconds(), 90);
        QCOMPARE(result->respondingAgent, QStringLiteral("ben"));
    }

    void internalNotesDoNotCount()
    {
        const auto result = FirstResponse::compute({inbound(1, 0), note(2, 60, QStringLiteral("ana")),
                                                    note(3, 120, QStringLiteral("ben")),
                                                    outbound(4, 1800, QStringLiteral("cai"))});
        QVERIFY(result.has_value());
        QCOMPARE(result->respondedAt, at(1800));
        QCOMPARE(result->respondingAgent, QStringLiteral("cai"));
        QCOMPARE(result->seconds(), 1800);
    }

    void automaticAcknowledgementsDoNotCount()
    {
        const auto result = FirstResponse::compute(
            {inbound(1, 0), automatic(2, 1), automatic(3, 5), outbound(4, 2400, QStringLiteral("ana"))});
        QVERIFY(result.has_value());
        QCOMPARE(result->respondedAt, at(2400));
        QCOMPARE(result->respondingAgent, QStringLiteral("ana"));
        QCOMPARE(result->seconds(), 2400);
    }

    void onlyAutomaticAndNotesIsUnanswered()
    {
        const auto result = FirstResponse::compute({inbound(1, 0), automatic(2, 1), note(3, 30, QStringLiteral("ana"))});
        QVERIFY(result.has_value());
        QVERIFY(!result->answered());
        QVERIFY(!result->respondedAt.isValid());
        QVERIFY(result->respondingAgent.isEmpty());
        QCOMPARE(result->firstInboundAt, at(0));
    }

    void outboundBeforeFirstInboundDoesNotCount()
    {
        // The brand posted first (e.g. an outage notice); the customer replied at +1000 and the
        // agent answered at +1300.
        const auto result = FirstResponse::compute({outbound(1, 0, QStringLiteral("ana")), inbound(2, 1000),
                                                    outbound(3, 1300, QStringLiteral("ben"))});
        QVERIFY(result.has_value());
        QCOMPARE(result->firstInboundAt, at(1000));
        QCOMPARE(result->respondedAt, at(1300));
        QCOMPARE(result->respondingAgent, QStringLiteral("ben"));
        QCOMPARE(result->seconds(), 300);
    }

    void laterInboundDoesNotRestartTheClock()
    {
        const auto result = FirstResponse::compute(
            {inbound(1, 0), inbound(2, 300), inbound(3, 700), outbound(4, 1000, QStringLiteral("ana"))});
        QVERIFY(result.has_value());
        QCOMPARE(result->firstInboundAt, at(0));
        QCOMPARE(result->seconds(), 1000);
    }

    void onlyTheFirstResponseCounts()
    {
        const auto result = FirstResponse::compute({inbound(1, 0), outbound(2, 200, QStringLiteral("ana")),
                                                    inbound(3, 300), outbound(4, 400, QStringLiteral("ben"))});
        QVERIFY(result.has_value());
        QCOMPARE(result->respondedAt, at(200));
        QCOMPARE(result->respondingAgent, QStringLiteral("ana"));
    }

    void unorderedInput()
    {
        QList<Message> messages{outbound(5, 3000, QStringLiteral("late")), note(3, 50, QStringLiteral("ana")),
                                inbound(2, 100),
                                outbound(1, 10, QStringLiteral("early")), // before the first inbound
                                automatic(4, 101), outbound(6, 700, QStringLiteral("ben")), inbound(7, 400)};
        const auto expectedStart = at(100);
        const auto expectedEnd = at(700);
        // Every rotation of the same messages gives the same answer.
        for (qsizetype i = 0; i < messages.size(); ++i) {
            std::rotate(messages.begin(), messages.begin() + 1, messages.end());
            const auto result = FirstResponse::compute(messages);
            QVERIFY(result.has_value());
            QCOMPARE(result->firstInboundAt, expectedStart);
            QCOMPARE(result->respondedAt, expectedEnd);
            QCOMPARE(result->respondingAgent, QStringLiteral("ben"));
            QCOMPARE(result->seconds(), 600);
        }
        std::reverse(messages.begin(), messages.end());
        const auto reversed = FirstResponse::compute(messages);
        QVERIFY(reversed.has_value());
        QCOMPARE(reversed->respondedAt, expectedEnd);
    }

    void unansweredConversation()
    {
        const auto result = FirstResponse::compute({inbound(1, 0), inbound(2, 60)});
        QVERIFY(result.has_value());
        QVERIFY(!result->answered());
        QCOMPARE(result->firstInboundAt, at(0));
        QVERIFY(!result->respondedAt.isValid());
    }
};

QTEST_GUILESS_MAIN(TestFirstResponse)
#include "tst_firstresponse.moc"
