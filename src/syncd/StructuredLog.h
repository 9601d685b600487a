#pragma once

#include <QString>
#include <QList>
#include <utility>

namespace Care::Syncd {

// One line per event on standard error, in logfmt (key=value, values with spaces quoted),
// which journald, Loki and grep all read:
//   ts=2026-11-28T20:01:02.345Z level=info event=account_state account=3 state=idle msg="…"
// Qt's own log messages (qInfo, qWarning, …) are written the same way (event=log).
class StructuredLog
{
public:
    using Fields = QList<std::pair<QString, QString>>;

    // Routes Qt's messages through write(). Call once at start.
    static void install();
    static void write(const QString &level, const QString &event, const Fields &fields);
    // A value as logfmt writes it: bare when safe, else quoted with \" and \\ escaped and
    // line breaks as \n, so one event is always one line.
    static QString value(const QString &raw);
};

} // namespace Care::Syncd
