#pragma once

#include "core/Platform.h"
#include "core/Result.h"
#include "core/Statistics.h"

#include <QDate>
#include <QList>
#include <QMap>
#include <QTimeZone>
#include <optional>

namespace Care::Store {

class Database;

// First response times per day and platform (wall-clock), computed from the messages:
// first human outbound message after the first inbound one. Notes and automatic
// acknowledgements never count (metrics.md).
struct ResponseTimeReport
{
    struct Day
    {
        QDate date;
        int inbound = 0;                  // conversations whose first message arrived that day
        std::optional<Core::Summary> frt; // seconds, answered ones only
    };
    QList<Day> days;
    QMap<Core::Platform, Core::Summary> byPlatform;
    std::optional<Core::Summary> overall;
    int unanswered = 0;

    // The last `dayCount` days up to and including `today`, in `zone`.
    static Core::Result<ResponseTimeReport> compute(Database &db, const QDate &today, int dayCount,
                                                    const QTimeZone &zone);
};

} // namespace Care::Store
