#include "sync/Backoff.h"

#include <QTest>

#include <algorithm>
#include <limits>

using Care::Sync::Backoff;

namespace {

// Wed, 21 Oct 2015 07:28:00 GMT, the example date of RFC 7231.
const QDateTime kNow(QDate(2015, 10, 21), QTime(7, 28, 0), Qt::UTC);

} // namespace

class TestBackoff : public QObject
{
    Q_OBJECT

private slots:
    void growsExponentially()
    {
        const Backoff backoff(1000, 1000 * 1000);
        // With the jitter at its top the delay is the ceiling: base * 2^attempt.
        qint64 expected = 1000;
        for (int attempt = 0; attempt < 10; ++attempt) {
            QCOMPARE(backoff.delayMs(attempt, 1.0), expected);
            QCOMPARE(backoff.delayMs(attempt, 0.0), expected / 2);
            if (attempt > 0)
                QCOMPARE(backoff.delayMs(attempt, 0.5), 2 * backoff.delayMs(attempt - 1, 0.5));
            expected *= 2;
        }
    }

    void defaultsStartAtOneSecond()
    {
        const Backoff backoff;
        QCOMPARE(backoff.delayMs(0, 1.0), qint64(1000));
        QCOMPARE(backoff.delayMs(1, 1.0), qint64(2000));
        QCOMPARE(backoff.delayMs(2, 1.0), qint64(4000));
        // Default cap: five minutes.
        QCOMPARE(backoff.delayMs(30, 1.0), qint64(5 * 60 * 1000));
    }

    void isCapped()
    {
        const Backoff backoff(500, 10'000);
        // 500 * 2^5 = 16000 > 10000.
        QCOMPARE(backoff.delayMs(4, 1.0), qint64(8000));
        QCOMPARE(backoff.delayMs(5, 1.0), qint64(10'000));
        QCOMPARE(backoff.delayMs(5, 0.0), qint64(5000));
        for (int attempt : {6, 10, 30, 31, 64, 1000, std::numeric_limits<int>::max()}) {
            QCOMPARE(backoff.delayMs(attempt, 1.0), qint64(10'000));
            QVERIFY(backoff.delayMs(attempt, 0.999) <= 10'000);
            QVERIFY(backoff.delayMs(attempt, 0.0) >= 5000);
        }
    }

    void neverDecreasesWithAttempts()
    {
        const Backoff backoff(250, 60'000);
        for (double r : {0.0, 0.3, 0.99}) {
            qint64 previous = 0;
            for (int attempt = 0; attempt < 40; ++attempt) {
                const qint64 delay = backoff.delayMs(attempt, r);
                QVERIFY(delay >= previous);
                QVERIFY(delay > 0);
                previous = delay;
            }
        }
    }

    void negativeAttemptIsTheFirst()
    {
        const Backoff backoff(1000, 60'000);
        QCOMPARE(backoff.delayMs(-1, 1.0), backoff.delayMs(0, 1.0));
        QCOMPARE(backoff.delayMs(-100, 0.25), backoff.delayMs(0, 0.25));
    }

    void jitterStaysWithinHalfCeilingAndCeiling()
    {
        const Backoff backoff(1000, 20'000);
        for (int attempt = 0; attempt < 8; ++attempt) {
            const qint64 ceiling = std::min<qint64>(20'000, qint64(1000) << attempt);
            for (int i = 0; i <= 100; ++i) {
                const double r = i / 100.0;
                const qint64 delay = backoff.delayMs(attempt, r);
                QVERIFY2(delay >= ceiling / 2 && delay <= ceiling,
                         qPrintable(QStringLiteral("attempt %1 r %2 delay %3").arg(attempt).arg(r).arg(delay)));
            }
            // The jitter actually varies the delay.
            QVERIFY(backoff.delayMs(attempt, 0.1) < backoff.delayMs(attempt, 0.9));
        }
    }

    void jitterOutsideUnitIntervalIsClamped()
    {
        const Backoff backoff(1000, 20'000);
        QCOMPARE(backoff.delayMs(3, -5.0), backoff.delayMs(3, 0.0));
        QCOMPARE(backoff.delayMs(3, 7.0), backoff.delayMs(3, 1.0));
        QCOMPARE(backoff.delayMs(3, 7.0), qint64(8000));
    }

    void retryAfterSeconds_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expectedMs");
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("two minutes") << QByteArray("120") << qint64(120'000);
        QTest::newRow("padded") << QByteArray("  30 \t") << qint64(30'000);
        QTest::newRow("a day") << QByteArray("86400") << qint64(86'400'000);
    }

    void retryAfterSeconds()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expectedMs);
        const auto ms = Backoff::parseRetryAfter(value, kNow);
        QVERIFY(ms.has_value());
        QCOMPARE(*ms, expectedMs);
        // Delta-seconds do not depend on the clock.
        QCOMPARE(Backoff::parseRetryAfter(value, kNow.addDays(400)), ms);
    }

    void retryAfterHttpDate()
    {
        // 90 seconds after kNow.
        const auto ms = Backoff::parseRetryAfter("Wed, 21 Oct 2015 07:29:30 GMT", kNow);
        QVERIFY(ms.has_value());
        QCOMPARE(*ms, qint64(90'000));
        // The same date seen an hour earlier is an hour further away.
        const auto earlier = Backoff::parseRetryAfter("Wed, 21 Oct 2015 07:29:30 GMT", kNow.addSecs(-3600));
        QVERIFY(earlier.has_value());
        QCOMPARE(*earlier, qint64(90'000 + 3'600'000));
        // The clock's own time zone does not matter, only the instant.
        const auto fromOffset =
            Backoff::parseRetryAfter("Wed, 21 Oct 2015 07:29:30 GMT", kNow.toOffsetFromUtc(2 * 3600));
        QCOMPARE(fromOffset, ms);
    }

    void retryAfterHttpDateAcrossDays()
    {
        const auto ms = Backoff::parseRetryAfter("Thu, 22 Oct 2015 07:28:00 GMT", kNow);
        QVERIFY(ms.has_value());
        QCOMPARE(*ms, qint64(24 * 3600 * 1000));
    }

    void retryAfterHttpDateDuringALocalClockChange()
    {
        // 02:30 does not exist on the wall clocks of central Europe on 26 March 2023 (clocks
        // jump from 02:00 to 03:00), but the header is in GMT, where it is an ordinary time.
        const QByteArray tz = qgetenv("TZ");
        qputenv("TZ", "Europe/Berlin");
        const QDateTime now(QDate(2023, 3, 26), QTime(2, 29, 0), Qt::UTC);
        const auto ms = Backoff::parseRetryAfter("Sun, 26 Mar 2023 02:30:00 GMT", now);
        if (tz.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", tz);
        QVERIFY(ms.has_value());
        QCOMPARE(*ms, qint64(60'000));
    }

    void retryAfterDateInThePastIsZero()
    {
        const auto ms = Backoff::parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", kNow);
        QVERIFY(ms.has_value());
        QCOMPARE(*ms, qint64(0));
        const auto longAgo = Backoff::parseRetryAfter("Thu, 01 Jan 1998 00:00:00 GMT", kNow);
        QVERIFY(longAgo.has_value());
        QCOMPARE(*longAgo, qint64(0));
    }

    void retryAfterGarbage_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("blank") << QByteArray("   ");
        QTest::newRow("word") << QByteArray("soon");
        QTest::newRow("negative") << QByteArray("-5");
        QTest::newRow("fraction") << QByteArray("1.5");
        QTest::newRow("number and unit") << QByteArray("30s");
        QTest::newRow("date without zone") << QByteArray("Wed, 21 Oct 2015 07:29:30");
        QTest::newRow("impossible date") << QByteArray("Wed, 32 Oct 2015 07:29:30 GMT");
        QTest::newRow("iso date") << QByteArray("2015-10-21T07:29:30Z");
    }

    void retryAfterGarbage()
    {
        QFETCH(QByteArray, value);
        QVERIFY(!Backoff::parseRetryAfter(value, kNow).has_value());
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
