#include "core/DurationFormat.h"

#include <QCoreApplication>

namespace Care::Core {

QString formatDuration(qint64 seconds)
{
    const bool negative = seconds < 0;
    qint64 s = negative ? -seconds : seconds;
    QString text;
    if (s < 60) {
        text = QCoreApplication::translate("Care::Core::Duration", "%1 s").arg(s);
    } else if (s < 3600) {
        text = QCoreApplication::translate("Care::Core::Duration", "%1 min").arg(s / 60);
    } else if (s < 86400) {
        const qint64 minutes = (s % 3600) / 60;
        text = minutes == 0 ? QCoreApplication::translate("Care::Core::Duration", "%1 h").arg(s / 3600)
                            : QCoreApplication::translate("Care::Core::Duration", "%1 h %2 min")
                                  .arg(s / 3600)
                                  .arg(minutes);
    } else {
        const qint64 hours = (s % 86400) / 3600;
        text = hours == 0 ? QCoreApplication::translate("Care::Core::Duration", "%1 d").arg(s / 86400)
                          : QCoreApplication::translate("Care::Core::Duration", "%1 d %2 h")
                                .arg(s / 86400)
                                .arg(hours);
    }
    return negative ? QStringLiteral("−") + text : text;
}

} // namespace Care::Core
