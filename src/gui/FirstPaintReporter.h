#pragma once

#include <QObject>

namespace Care::Gui {

class InboxPane;

// For the performance benchmark (careconsole-bench): when the console is started with
// CARE_REPORT_FIRST_PAINT set, this prints one line at the first paint of an inbox page with
// rows in it (or of the empty inbox once its count is known), then ends the program:
//
//   first-paint ms=<milliseconds since launch> epoch-ms=<wall clock at the paint>
//
// "Since launch" is measured from the epoch milliseconds in the variable's value when it is a
// number (the launcher's clock just before it started the process), otherwise from the
// process's start time as the kernel recorded it (Linux, 10 ms resolution).
class FirstPaintReporter : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kVariable = "CARE_REPORT_FIRST_PAINT";
    static bool requested();

    explicit FirstPaintReporter(InboxPane *inbox);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool pageShown() const;
    void report();

    InboxPane *m_inbox;
    bool m_reported = false;
};

} // namespace Care::Gui
