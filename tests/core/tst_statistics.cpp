#include "core/Statistics.h"

#include <QTest>

#include <algorithm>

using Care::Core::percentile;
using Care::Core::summarize;

namespace {

QList<double> range(int from, int to)
{
    QList<double> out;
    for (int i = from; i <= to; ++i)
        out << static_cast<double>(i);
    return out;
}

} // namespace

class TestStatistics : public QObject
{
    Q_OBJECT

private slots:
    void emptyListHasNoSummary()
    {
        QVERIFY(!summarize({}).has_value());
        QVERIFY(!percentile({}, 90.0).has_value());
        QVERIFY(!percentile({}, 50.0).has_value());
    }

    void singleValue()
    {
        const auto s = summarize({42.5});
        QVERIFY(s.has_value());
        QCOMPARE(s->count, 1);
        QCOMPARE(s->median, 42.5);
        QCOMPARE(s->p90, 42.5);
        QCOMPARE(s->mean, 42.5);
        QCOMPARE(percentile({42.5}, 1.0), std::optional<double>(42.5));
        QCOMPARE(percentile({42.5}, 100.0), std::optional<double>(42.5));
    }

    void oddCount()
    {
        // Unsorted on purpose: 1, 3, 7, 8, 100 sorted.
        const auto s = summarize({7, 100, 1, 8, 3});
        QVERIFY(s.has_value());
        QCOMPARE(s->count, 5);
        QCOMPARE(s->median, 7.0);
        // rank = ceil(0.9 * 5) = 5 -> the largest value.
        QCOMPARE(s->p90, 100.0);
        QCOMPARE(s->mean, (7.0 + 100 + 1 + 8 + 3) / 5.0);
    }

    void evenCount()
    {
        const auto s = summarize({10, 2, 4, 8});
        QVERIFY(s.has_value());
        QCOMPARE(s->count, 4);
        // Median of an even count: the mean of the two middle values (4 and 8).
        QCOMPARE(s->median, 6.0);
        // rank = ceil(0.9 * 4) = 4.
        QCOMPARE(s->p90, 10.0);
        QCOMPARE(s->mean, 6.0);
    }

    void medianOfTwo()
    {
        const auto s = summarize({1, 2});
        QVERIFY(s.has_value());
        QCOMPARE(s->median, 1.5);
        QCOMPARE(s->p90, 2.0);
        QCOMPARE(s->mean, 1.5);
    }

    void p90OfOneToTen()
    {
        const auto s = summarize(range(1, 10));
        QVERIFY(s.has_value());
        QCOMPARE(s->count, 10);
        // ceil(0.9 * 10) = 9 -> the 9th smallest value.
        QCOMPARE(s->p90, 9.0);
        QCOMPARE(s->median, 5.5);
        QCOMPARE(s->mean, 5.5);
        QCOMPARE(percentile(range(1, 10), 90.0), std::optional<double>(9.0));
    }

    void p90OfOneToTwenty()
    {
        const auto s = summarize(range(1, 20));
        QVERIFY(s.has_value());
        QCOMPARE(s->count, 20);
        QCOMPARE(s->p90, 18.0);
        QCOMPARE(s->median, 10.5);
        QCOMPARE(s->mean, 10.5);
    }

    void p90OfOneToEleven()
    {
        // ceil(0.9 * 11) = ceil(9.9) = 10.
        QCOMPARE(percentile(range(1, 11), 90.0), std::optional<double>(10.0));
        const auto s = summarize(range(1, 11));
        QVERIFY(s.has_value());
        QCOMPARE(s->p90, 10.0);
        QCOMPARE(s->median, 6.0);
    }

    void nearestRankDefinition_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<double>("p");
        QTest::addColumn<double>("expected");
        // Values 1..count, so the k-th smallest value is k. Expected = ceil(p * count / 100),
        // worked out by hand in integers.
        QTest::newRow("median of 1..10") << 10 << 50.0 << 5.0;
        QTest::newRow("p90 of 1..100") << 100 << 90.0 << 90.0;
        QTest::newRow("p95 of 1..100") << 100 << 95.0 << 95.0;
        QTest::newRow("p99 of 1..1000") << 1000 << 99.0 << 990.0;
        QTest::newRow("p25 of 1..4") << 4 << 25.0 << 1.0;
        QTest::newRow("p26 of 1..4") << 4 << 26.0 << 2.0;
        QTest::newRow("p100 of 1..7") << 7 << 100.0 << 7.0;
        // Products that are whole numbers in exact arithmetic but not in floating point:
        // 0.55 * 100, 0.28 * 25, 0.07 * 100 and 0.14 * 50 all come out a hair above the integer.
        QTest::newRow("p55 of 1..100") << 100 << 55.0 << 55.0;
        QTest::newRow("p28 of 1..25") << 25 << 28.0 << 7.0;
        QTest::newRow("p7 of 1..100") << 100 << 7.0 << 7.0;
        QTest::newRow("p14 of 1..50") << 50 << 14.0 << 7.0;
    }

    void nearestRankDefinition()
    {
        QFETCH(int, count);
        QFETCH(double, p);
        QFETCH(double, expected);
        QList<double> values = range(1, count);
        // Order must not matter.
        std::reverse(values.begin(), values.end());
        const auto value = percentile(values, p);
        QVERIFY(value.has_value());
        QCOMPARE(*value, expected);
        // The defining property: at least p% of the values are <= the result, and the result is
        // the smallest such value.
        const auto atOrBelow = std::count_if(values.cbegin(), values.cend(), [&](double v) { return v <= *value; });
        QVERIFY(static_cast<double>(atOrBelow) * 100.0 >= p * count);
        const auto belowPrevious =
            std::count_if(values.cbegin(), values.cend(), [&](double v) { return v <= *value - 1; });
        QVERIFY(static_cast<double>(belowPrevious) * 100.0 < p * count);
    }

    void percentileOutOfRangeIsClamped()
    {
        const QList<double> values{5, 1, 3};
        QCOMPARE(percentile(values, 0.0), std::optional<double>(1.0));
        QCOMPARE(percentile(values, -10.0), std::optional<double>(1.0));
        QCOMPARE(percentile(values, 150.0), std::optional<double>(5.0));
    }

    void duplicatesAndNonIntegers()
    {
        const auto s = summarize({0.5, 0.5, 0.5, 2.0});
        QVERIFY(s.has_value());
        QCOMPARE(s->count, 4);
        QCOMPARE(s->median, 0.5);
        QCOMPARE(s->p90, 2.0);
        QCOMPARE(s->mean, 3.5 / 4.0);
    }

    void summaryAgreesWithPercentile()
    {
        const QList<double> values{12, 3, 45, 7, 7, 19, 1, 30, 8};
        const auto s = summarize(values);
        QVERIFY(s.has_value());
        QCOMPARE(s->count, static_cast<int>(values.size()));
        QCOMPARE(std::optional<double>(s->p90), percentile(values, 90.0));
        // Odd count: the median is the 50th nearest-rank percentile too.
        QCOMPARE(std::optional<double>(s->median), percentile(values, 50.0));
        // Sorted: 1 3 7 7 8 12 19 30 45.
        QCOMPARE(s->median, 8.0);
        QCOMPARE(s->p90, 45.0);
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
