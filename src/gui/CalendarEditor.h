#pragma once

#include "core/BusinessCalendar.h"
#include "core/Result.h"

#include <QWidget>
#include <array>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace Care::Gui {

// The lead's editor for the team calendar: the time zone, the opening ranges of each weekday
// (typed as "08:00–12:00, 13:00–18:00"; "22:00–02:00" runs past midnight), 24/7, and dated
// exceptions — a closure (no hours) or special hours for one day. Everything is checked as it
// is typed; calendar() says what is wrong, naming the day or date.
class CalendarEditor : public QWidget
{
    Q_OBJECT

public:
    explicit CalendarEditor(QWidget *parent = nullptr);

    void setCalendar(const Core::BusinessCalendar &calendar);
    Core::Result<Core::BusinessCalendar> calendar() const;
    bool isModified() const { return m_modified; }
    void setModified(bool modified) { m_modified = modified; }

    // Adds an exception row for `date` and starts editing its name.
    void addException(QDate date);

signals:
    void changed();

private:
    void updatePreview();
    void onEdited();

    QComboBox *m_zone;
    QCheckBox *m_alwaysOpen;
    std::array<QLineEdit *, 7> m_days{};
    QTableWidget *m_exceptions;
    QLabel *m_problem;
    QLabel *m_preview;
    bool m_modified = false;
    bool m_loading = false;
};

} // namespace Care::Gui
