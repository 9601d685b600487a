#pragma once

#include <QLabel>

class QTimer;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// "Team on duty until 22:00" / "Team off duty — back Mon 07:00": the staffed hours at a
// glance, from the team calendar, kept current by the minute.
class StaffingLabel : public QLabel
{
    Q_OBJECT

public:
    explicit StaffingLabel(Store::Store *store, QWidget *parent = nullptr);
    void refresh();
    QString bioLine() const { return m_bioLine; }

private:
    Store::Store *m_store;
    QTimer *m_timer;
    QString m_bioLine;
};

} // namespace Care::Gui
