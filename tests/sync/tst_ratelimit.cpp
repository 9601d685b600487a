#include "sync/RateLimit.h"

#include <QTest>

using Care::Sync::RateLimit;

namespace {

using Headers = QList<QPair<QByteArray, QByteArray>>;

const QDateTime kNow(QDate(2024, 5, 1), QTime(12, 0, 0), Qt::UTC);

RateLimit budget(int remaining, const QDateTime &resetAt, int limit = 300)
{
    RateLimit r;
    r.limit = limit;
    r.remaining = remaining;
    r.resetAt = resetAt;
    return r;
}

} // namespace

class TestRateLimit : public QObject
{
    Q_OBJECT

private slots:
    void mastodonHeaders()
    {
        const Headers headers{{"Content-Type", "application/json"},
                              {"X-RateLimit-Limit", "300"},
                              {"X-RateLimit-Remaining", "299"},
                              {"X-RateLimit-Reset", "2024-05-01T12:05:00.000Z"}};
        const auto limit = RateLimit::fromHeaders(headers);
        QVERIFY(limit.has_value());
        QVERIFY(limit->known());
        QCOMPARE(limit->limit, 300);
        QCOMPARE(limit->remaining, 299);
        QVERIFY(limit->resetAt.isValid());
        QCOMPARE(limit->resetAt, kNow.addSecs(300));
    }

    void mastodonResetWithMicroseconds()
    {
        // Mastodon's own documentation shows six fractional digits.
        const Headers headers{{"X-RateLimit-Limit", "300"},
                              {"X-RateLimit-Remaining", "12"},
                              {"X-RateLimit-Reset", "2024-05-01T12:05:00.250000Z"}};
        const auto limit = RateLimit::fromHeaders(headers);
        QVERIFY(limit.has_value());
        QVERIFY(limit->resetAt.isValid());
        QCOMPARE(kNow.msecsTo(limit->resetAt), qint64(300'250));
    }

    void mastodonResetWithoutFraction()
    {
        const Headers headers{{"X-RateLimit-Remaining", "5"}, {"X-RateLimit-Reset", "2024-05-01T14:05:00+02:00"}};
        const auto limit = RateLimit::fromHeaders(headers);
        QVERIFY(limit.has_value());
        // The offset is honoured: 14:05 at +02:00 is 12:05 UTC.
        QCOMPARE(limit->resetAt, kNow.addSecs(300));
        QCOMPARE(limit->resetAt.timeSpec(), Qt::UTC);
    }

    void blueskyHeaders()
    {
        const qint64 reset = kNow.toSecsSinceEpoch() + 120;
        const Headers headers{{"RateLimit-Limit", "3000"},
                              {"RateLimit-Remaining", "2999"},
                              {"RateLimit-Reset", QByteArray::number(reset)},
                              {"RateLimit-Policy", "3000;w=300"}};
        const auto limit = RateLimit::fromHeaders(headers);
        QVERIFY(limit.has_value());
        QCOMPARE(limit->limit, 3000);
        QCOMPARE(limit->remaining, 2999);
        QCOMPARE(limit->resetAt, kNow.addSecs(120));
    }

    void xHeaders()
    {
        const qint64 reset = kNow.toSecsSinceEpoch() + 900;
        const Headers headers{{"x-rate-limit-limit", "50"},
                              {"x-rate-limit-remaining", "0"},
                              {"x-rate-limit-reset", QByteArray::number(reset)}};
        const auto limit = RateLimit::fromHeaders(headers);
        QVERIFY(limit.has_value());
        QVERIFY(limit->known());
        QCOMPARE(limit->limit, 50);
        QCOMPARE(limit->remaining, 0);
        QCOMPARE(limit->resetAt, kNow.addSecs(900));
        QCOMPARE(limit->resetAt.toSecsSinceEpoch(), reset);
    }

    void namesAreCaseInsensitive_data()
    {
        QTest::addColumn<QByteArray>("limitName");
        QTest::addColumn<QByteArray>("remainingName");
        QTest::addColumn<QByteArray>("resetName");
        QTest::newRow("mastodon lower") << QByteArray("x-ratelimit-limit") << QByteArray("x-ratelimit-remaining")
                                        << QByteArray("x-ratelimit-reset");
        QTest::newRow("bluesky upper") << QByteArray("RATELIMIT-LIMIT") << QByteArray("RATELIMIT-REMAINING")
                                       << QByteArray("RATELIMIT-RESET");
        QTest::newRow("x mixed") << QByteArray("X-Rate-Limit-Limit") << QByteArray("X-Rate-Limit-Remaining")
                                 << QByteArray("X-RATE-LIMIT-RESET");
    }

    void namesAreCaseInsensitive()
    {
        QFETCH(QByteArray, limitName);
        QFETCH(QByteArray, remainingName);
        QFETCH(QByteArray, resetName);
        const qint64 reset = kNow.toSecsSinceEpoch() + 60;
        const Headers headers{{limitName, "100"}, {remainingName, " 42 "}, {resetName, QByteArray::number(reset)}};
        const auto limit = RateLimit::fromHeaders(headers);
        QVERIFY(limit.has_value());
        QCOMPARE(limit->limit, 100);
        QCOMPARE(limit->remaining, 42);
        QCOMPARE(limit->resetAt, kNow.addSecs(60));
    }

    void missingRemainingIsNothing()
    {
        QVERIFY(!RateLimit::fromHeaders({}).has_value());
        QVERIFY(!RateLimit::fromHeaders({{"Content-Type", "application/json"}}).has_value());
        QVERIFY(!RateLimit::fromHeaders({{"X-RateLimit-Limit", "300"}, {"X-RateLimit-Reset", "2024-05-01T12:05:00Z"}})
                     .has_value());
        QVERIFY(!RateLimit::fromHeaders({{"X-RateLimit-Remaining", ""}}).has_value());
        // Similar but different names do not count.
        QVERIFY(!RateLimit::fromHeaders({{"X-RateLimit-Remaining-Extra", "5"}}).has_value());
    }

    void unreadableRemainingIsNothing()
    {
        QVERIFY(!RateLimit::fromHeaders({{"X-RateLimit-Remaining", "lots"}}).has_value());
        QVERIFY(!RateLimit::fromHeaders({{"RateLimit-Remaining", "1.5"}}).has_value());
    }

    void missingLimitAndResetAreUnknown()
    {
        const auto limit = RateLimit::fromHeaders({{"RateLimit-Remaining", "7"}});
        QVERIFY(limit.has_value());
        QVERIFY(limit->known());
        QCOMPARE(limit->remaining, 7);
        QCOMPARE(limit->limit, -1);
        QVERIFY(!limit->resetAt.isValid());
        // Without a reset time there is nothing to spread over.
        QCOMPARE(limit->spacingMs(kNow), qint64(0));
    }

    void unreadableResetIsInvalid()
    {
        const auto limit =
            RateLimit::fromHeaders({{"X-RateLimit-Remaining", "7"}, {"X-RateLimit-Reset", "tomorrow-ish"}});
        QVERIFY(limit.has_value());
        QVERIFY(!limit->resetAt.isValid());
        QCOMPARE(limit->spacingMs(kNow), qint64(0));
    }

    void unknownBudgetNeverWaits()
    {
        RateLimit unknown;
        QVERIFY(!unknown.known());
        unknown.resetAt = kNow.addSecs(600);
        QCOMPARE(unknown.spacingMs(kNow), qint64(0));
    }

    void spacingSpreadsTheRemainingBudget()
    {
        // 4 requests left over 10 s: one every 10 / (4 + 1) = 2 s, so the last one still comes
        // before the reset.
        const RateLimit r = budget(4, kNow.addSecs(10));
        const qint64 spacing = r.spacingMs(kNow);
        QCOMPARE(spacing, qint64(2000));
        QVERIFY(spacing * r.remaining < kNow.msecsTo(r.resetAt));

        // Fewer requests left over the same window: wider spacing.
        QVERIFY(budget(1, kNow.addSecs(10)).spacingMs(kNow) > spacing);
        QCOMPARE(budget(1, kNow.addSecs(10)).spacingMs(kNow), qint64(5000));
        // A large budget: barely any spacing.
        QCOMPARE(budget(9999, kNow.addSecs(10)).spacingMs(kNow), qint64(1));
        // Closer to the reset: shorter spacing.
        QCOMPARE(r.spacingMs(kNow.addSecs(5)), qint64(1000));
    }

    void exhaustedBudgetWaitsForTheReset()
    {
        const RateLimit r = budget(0, kNow.addSecs(90));
        QCOMPARE(r.spacingMs(kNow), qint64(90'000));
        QCOMPARE(r.spacingMs(kNow.addSecs(30)), qint64(60'000));
        // Once the reset has passed there is no need to wait.
        QCOMPARE(r.spacingMs(kNow.addSecs(90)), qint64(0));
        QCOMPARE(r.spacingMs(kNow.addSecs(300)), qint64(0));
    }

    void resetInThePastNeverWaits()
    {
        QCOMPARE(budget(10, kNow.addSecs(-5)).spacingMs(kNow), qint64(0));
    }

    void spacingFromParsedHeaders()
    {
        const qint64 reset = kNow.toSecsSinceEpoch() + 60;
        const auto exhausted = RateLimit::fromHeaders(
            {{"x-rate-limit-remaining", "0"}, {"x-rate-limit-reset", QByteArray::number(reset)}});
        QVERIFY(exhausted.has_value());
        QCOMPARE(exhausted->spacingMs(kNow), qint64(60'000));

        const auto spread = RateLimit::fromHeaders(
            {{"X-RateLimit-Remaining", "2"}, {"X-RateLimit-Reset", "2024-05-01T12:01:00.000Z"}});
        QVERIFY(spread.has_value());
        QCOMPARE(spread->spacingMs(kNow), qint64(20'000));
    }
};

QTEST_GUILESS_MAIN(TestRateLimit)
#include "tst_ratelimit.moc"
