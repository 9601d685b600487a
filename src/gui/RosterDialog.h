#pragma once

#include "core/Agent.h"
#include "core/Roster.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Who is on duty (View → Who's on duty…): every agent, whether they are on duty now and until
// when, or when their next shift starts, and their weekly shifts in the team's time zone.
// Leads edit the shifts in place ("07:00–15:00", "22:00–02:00" past midnight, empty: off).
class RosterDialog : public QDialog
{
    Q_OBJECT

public:
    RosterDialog(Store::Store *store, const QString &editor, bool canEdit, QWidget *parent = nullptr);

    void load();
    void save();
    QTableWidget *table() const { return m_table; }

signals:
    void loaded();
    void saved();

private:
    void fill();

    Store::Store *m_store;
    QString m_editor;
    bool m_canEdit;
    Core::BusinessCalendar m_team;
    Core::Roster m_roster;
    QList<Core::Agent> m_agents;
    QDateTime m_now; // as the store's clock said when loaded
    QTableWidget *m_table;
    QLabel *m_status;
    QPushButton *m_save;
};

} // namespace Care::Gui
