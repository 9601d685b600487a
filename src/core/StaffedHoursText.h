#pragma once

#include "core/BusinessCalendar.h"

#include <QString>

namespace Care::Core {

// The team's staffed hours in one line for a profile bio or a pinned post, so customers know
// when a person answers: "We answer Mon–Fri 08:00–18:00, Sat 10:00–14:00 (Europe/Berlin)".
// Days with the same hours are grouped into ranges; split shifts are joined with " & ";
// "around the clock" when always open. Short enough for the tightest bio (X: 160).
QString staffedHoursLine(const BusinessCalendar &calendar);

} // namespace Care::Core
