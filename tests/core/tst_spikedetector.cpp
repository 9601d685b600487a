// Spike detection on synthetic traffic: an outage hour stands out against the same hour on
// earlier days, overall and by topic (with the words that travel with it); a daily rush, a
// trickle and positive messages do not; the result does not depend on input order. And the
// crisis mode's matching of incident terms.
#include "core/CrisisMode.h"
#include "core/SpikeDetector.h"

#include <QRandomGenerator>
#include <QTest>

using Care::Core::CrisisMode;
using Care::Core::SpikeDetector;
using Message = SpikeDetector::Message;

namespace {

const QDateTime kNow(QDate(2026, 6, 15), QTime(14, 0), Qt::UTC);

const QStringList kComplaints = {
    QStringLiteral("My parcel is late again"),          QStringLiteral("The kettle lid cracked after a week"),
    QStringLiteral("Refund still not processed"),       QStringLiteral("Wrong size delivered, annoyed"),
    QStringLiteral("Your courier left the box in rain"), QStringLiteral("Invoice shows the wrong address"),
};

// `perHour` negative complaints in the hour before `end`, spread evenly, ids from `firstId`.
QList<Message> traffic(const QDateTime &end, int perHour, qint64 firstId, const QStringList &texts = kComplaints,
                       bool negative = true)
{
    QList<Message> out;
    for (int i = 0; i < perHour; ++i) {
        Message m;
        m.id = firstId + i;
        m.conversationId = 1000 + firstId + i;
        m.at = end.addSecs(-3600 + (3600 / std::max(perHour, 1)) * i + 1);
        m.text = texts.at(i % texts.size());
        m.negative = negative;
        out << m;
    }
    return out;
}

// The previous seven days, two ordinary complaints in this hour each day.
QList<Message> usualWeek()
{
    QList<Message> out;
    for (int d = 1; d <= 7; ++d)
        out << traffic(kNow.addDays(-d), 2, 100000 + d * 100);
    return out;
}

SpikeDetector::Config config()
{
    SpikeDetector::Config c;
    c.stopwords = {QStringLiteral("my"), QStringLiteral("the"), QStringLiteral("and"), QStringLiteral("can't")};
    return c;
}

} // namespace

class TestSpikeDetector : public QObject
{
    Q_OBJECT

private slots:
    void ordinaryHourIsNoSpike()
    {
        QList<Message> messages = usualWeek();
        messages << traffic(kNow, 4, 1);
        QVERIFY(SpikeDetector::detect(messages, kNow, config()).isEmpty());
    }

    void outageStandsOutWithItsTopicAndCluster()
    {
        QList<Message> messages = usualWeek();
        messages << traffic(kNow, 3, 1);
        const QStringList outage = {
            QStringLiteral("Is the app down? Login fails with an outage page #acmedown"),
            QStringLiteral("outage again, cannot login to pay my bill #AcmeDown"),
            QStringLiteral("Total outage here too. Login broken. #acmedown"),
        };
        messages << traffic(kNow, 12, 500, outage);
        const auto spikes = SpikeDetector::detect(messages, kNow, config());
        QVERIFY(spikes.size() >= 2);
        // Overall: 15 negative messages against 2 a day at this hour.
        QCOMPARE(spikes.at(0).topic, QString());
        QCOMPARE(spikes.at(0).count, 15);
        QCOMPARE(spikes.at(0).usual, 2.0);
        QVERIFY2(spikes.at(0).explanation().contains(QStringLiteral("15 negative messages")),
                 qPrintable(spikes.at(0).explanation()));
        // The topic: the 12 outage messages, its companions joined into one cluster.
        const SpikeDetector::Spike &topic = spikes.at(1);
        QCOMPARE(topic.count, 12);
        QCOMPARE(topic.messageIds.size(), 12);
        QCOMPARE(topic.conversationIds.size(), 12);
        QStringList all = topic.relatedTerms;
        all << topic.topic;
        QVERIFY2(all.contains(QStringLiteral("#acmedown")) && all.contains(QStringLiteral("outage"))
                     && all.contains(QStringLiteral("login")),
                 qPrintable(all.join(u',')));
        QCOMPARE(spikes.size(), 2); // one cluster, not one spike per word
        QVERIFY(topic.explanation().contains(QStringLiteral("usually 0.0")));
        QCOMPARE(topic.from, kNow.addSecs(-3600));
        QCOMPARE(topic.to, kNow);
    }

    void dailyRushIsTheUsualLevel()
    {
        QList<Message> messages;
        for (int d = 1; d <= 7; ++d)
            messages << traffic(kNow.addDays(-d), 15, 100000 + d * 100);
        messages << traffic(kNow, 16, 1);
        QVERIFY(SpikeDetector::detect(messages, kNow, config()).isEmpty());
    }

    void positiveMessagesAndTricklesAreIgnored()
    {
        QList<Message> messages = usualWeek();
        // Praise pouring in is no incident.
        messages << traffic(kNow, 30, 1, {QStringLiteral("Love the new kettle, outage of joy")}, false);
        // Four complaints about one thing are below the minimum.
        messages << traffic(kNow, 4, 200, {QStringLiteral("Checkout outage")});
        QVERIFY(SpikeDetector::detect(messages, kNow, config()).isEmpty());
        // Outside the window (an hour earlier) nothing counts.
        QList<Message> earlier = usualWeek();
        earlier << traffic(kNow.addSecs(-3600), 20, 300, {QStringLiteral("Checkout outage")});
        QVERIFY(SpikeDetector::detect(earlier, kNow, config()).isEmpty());
    }

    void independentOfInputOrder()
    {
        QList<Message> messages = usualWeek();
        messages << traffic(kNow, 10, 1, {QStringLiteral("Checkout outage #acmedown")});
        messages << traffic(kNow, 9, 100, {QStringLiteral("Payment declined twice, charged twice")});
        const auto first = SpikeDetector::detect(messages, kNow, config());
        QRandomGenerator random(7);
        for (int round = 0; round < 5; ++round) {
            QList<Message> shuffled = messages;
            for (qsizetype i = shuffled.size() - 1; i > 0; --i)
                shuffled.swapItemsAt(i, random.bounded(int(i + 1)));
            const auto again = SpikeDetector::detect(shuffled, kNow, config());
            QCOMPARE(again.size(), first.size());
            for (qsizetype i = 0; i < first.size(); ++i) {
                QCOMPARE(again.at(i).topic, first.at(i).topic);
                QCOMPARE(again.at(i).count, first.at(i).count);
            }
        }
        QCOMPARE(first.size(), 3); // overall, the checkout outage, the double charge
        QCOMPARE(first.at(1).count, 10);
        QCOMPARE(first.at(2).count, 9);
    }

    void termsAreWordsAndHashtags()
    {
        const auto found = SpikeDetector::terms(QStringLiteral("Can't LOGIN, app is down!! #AcmeDown it's the outage’s fault"),
                                                {QStringLiteral("can't")});
        QVERIFY(found.contains(QStringLiteral("login")));
        QVERIFY(found.contains(QStringLiteral("#acmedown")));
        QVERIFY(found.contains(QStringLiteral("outage's")));
        QVERIFY(!found.contains(QStringLiteral("can't")));
        QVERIFY(!found.contains(QStringLiteral("app"))); // too short to name a topic
    }

    void crisisTermsMatchWholeWords()
    {
        CrisisMode crisis;
        crisis.terms = {QStringLiteral("#acmedown"), QStringLiteral("outage"), QStringLiteral("")};
        QVERIFY(crisis.matches(QStringLiteral("Is there an OUTAGE?")));
        QVERIFY(crisis.matches(QStringLiteral("same here #outage")));
        QVERIFY(crisis.matches(QStringLiteral("acmedown again")));
        QVERIFY(!crisis.matches(QStringLiteral("outages are rare")));
        QVERIFY(!crisis.matches(QStringLiteral("nothing to see")));

        crisis.active = true;
        crisis.title = QStringLiteral("Payments outage");
        crisis.holdingStatement = QStringLiteral("We know payments fail and are on it. Updates every 30 min.");
        crisis.startedAt = kNow;
        crisis.startedBy = QStringLiteral("lead");
        const auto again = CrisisMode::fromJson(crisis.toJson());
        QVERIFY(again.ok());
        QVERIFY(again->active);
        QCOMPARE(again->title, crisis.title);
        QCOMPARE(again->terms, crisis.terms);
        QCOMPARE(again->holdingStatement, crisis.holdingStatement);
        QCOMPARE(again->startedAt, kNow);
        QVERIFY(again->pauseScheduledPosts);
        QVERIFY(!CrisisMode::fromJson(QByteArray()).value().active);
        QVERIFY(!CrisisMode::fromJson(QByteArray("{broken")).ok());
    }
};

QTEST_GUILESS_MAIN(TestSpikeDetector)
#include "tst_spikedetector.moc"
