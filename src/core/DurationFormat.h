#pragma once

#include <QString>

namespace Care::Core {

// Short human durations for lists and charts: "45 s", "12 min", "3 h 5 min", "2 d 4 h".
QString formatDuration(qint64 seconds);

} // namespace Care::Core
