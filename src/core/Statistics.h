#pragma once

#include <QList>
#include <optional>

namespace Care::Core {

// Aggregates as metrics.md asks for them: median and 90th percentile first, mean second,
// always with the count beside them.
struct Summary
{
    int count = 0;
    double median = 0;
    double p90 = 0;
    double mean = 0;
};

// Percentiles use the nearest-rank method: the smallest value such that at least p% of the
// values are less than or equal to it. Returns nothing for an empty list.
std::optional<double> percentile(QList<double> values, double p);
std::optional<Summary> summarize(const QList<double> &values);
// The same for values already in ascending order (no copy, no sort).
std::optional<Summary> summarizeSorted(const QList<double> &sorted);

} // namespace Care::Core
