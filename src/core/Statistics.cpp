#include "core/Statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace Care::Core {

namespace {

double nearestRank(const QList<double> &sorted, double p)
{
    const auto n = sorted.size();
    // p * n first: for whole p it is exact, so e.g. 55% of 100 is rank 55, not 56 (0.55 * 100 > 55).
    auto rank = static_cast<qsizetype>(std::ceil(p * static_cast<double>(n) / 100.0));
    rank = std::clamp<qsizetype>(rank, 1, n);
    return sorted.at(rank - 1);
}

} // namespace

std::optional<double> percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    return nearestRank(values, p);
}

std::optional<Summary> summarize(const QList<double> &values)
{
    if (values.isEmpty())
        return std::nullopt;
    QList<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    return summarizeSorted(sorted);
}

std::optional<Summary> summarizeSorted(const QList<double> &sorted)
{
    if (sorted.isEmpty())
        return std::nullopt;
    Summary s;
    s.count = static_cast<int>(sorted.size());
    // The median of an even count is the mean of the two middle values.
    const auto n = sorted.size();
    s.median = n % 2 == 1 ? sorted.at(n / 2) : (sorted.at(n / 2 - 1) + sorted.at(n / 2)) / 2.0;
    s.p90 = nearestRank(sorted, 90.0);
    s.mean = std::accumulate(sorted.cbegin(), sorted.cend(), 0.0) / static_cast<double>(n);
    return s;
}

} // namespace Care::Core
