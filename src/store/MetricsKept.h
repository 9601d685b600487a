#pragma once

#include "core/BusinessCalendar.h"
#include "core/SlaPolicy.h"
#include "store/MetricsCache.h"

#include <QByteArray>
#include <QString>
#include <functional>
#include <optional>

namespace Care::Store {

// One conversation's kept figures (MetricsCache::Conversation) as bytes, for the metrics_kept
// table (schema v16): what the dashboard's first computation in a session reads instead of every
// conversation's log. Strings are written as text (the cache's string indexes live only as long
// as the cache); times as milliseconds since the epoch in UTC, exactly as they were.
class MetricsKept
{
public:
    // What the figures were computed with: the calendar, the SLA policies and this format (and
    // so the metric definitions: kFormat goes up whenever a computation changes).
    static QString fingerprint(const Core::BusinessCalendar &calendar, const QList<Core::SlaPolicy> &policies);

    static QByteArray encode(const MetricsCache::Conversation &entry, const QStringList &strings);
    // The entry, its strings made indexes by `stringIndex`; nothing when the bytes are not an
    // entry of this format.
    static std::optional<MetricsCache::Conversation> decode(
        const QByteArray &bytes, const std::function<qint32(const QString &)> &stringIndex);

    static constexpr qint32 kFormat = 1;
};

} // namespace Care::Store
