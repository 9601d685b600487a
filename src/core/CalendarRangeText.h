#pragma once

#include "core/BusinessCalendar.h"
#include "core/Result.h"

#include <QList>
#include <QString>

namespace Care::Core {

// A day's opening ranges as a lead types them in the calendar editor:
//   "08:00–12:00, 13:00–18:00"   a split shift
//   "22:00–02:00"                runs past midnight into the next day
//   "18:00–24:00"                until midnight
//   ""                           closed
// Ranges are separated by commas or semicolons; start and end by "-", "–" or "to"; an hour
// alone ("8-12") means on the hour. Writing gives the canonical form with an en dash.
Result<QList<BusinessCalendar::Range>> rangesFromText(const QString &text);
QString rangesToText(const QList<BusinessCalendar::Range> &ranges);

} // namespace Care::Core
