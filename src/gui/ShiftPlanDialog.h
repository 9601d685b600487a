#pragma once

#include "core/Account.h"
#include "core/ShiftAnnouncements.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Plans one account's shift announcements from the team calendar: which posts (openings,
// closings), in which language, for how many days; shows every post with its time and text
// before scheduling, and replaces the account's earlier plan from now on.
class ShiftPlanDialog : public QDialog
{
    Q_OBJECT

public:
    ShiftPlanDialog(Store::Store *store, const QString &editor, QWidget *parent = nullptr);

    void load(); // accounts, calendar and templates, on the store worker
    void schedule();
    QList<Core::ShiftAnnouncements::Planned> planned() const { return m_planned; }

signals:
    void loaded();
    void scheduled(int count);

private:
    void updatePreview();

    Store::Store *m_store;
    QString m_editor;
    Core::BusinessCalendar m_calendar;
    std::optional<Core::ShiftAnnouncements> m_templates;
    QList<Core::ShiftAnnouncements::Planned> m_planned;
    QComboBox *m_account;
    QComboBox *m_language;
    QSpinBox *m_days;
    QCheckBox *m_openings;
    QCheckBox *m_closings;
    QTableWidget *m_preview;
    QLabel *m_status;
    QPushButton *m_scheduleButton;
};

} // namespace Care::Gui
