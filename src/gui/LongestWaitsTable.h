#pragma once

#include "gui/DashboardData.h"

#include <QHash>
#include <QTimeZone>
#include <QTreeWidget>

namespace Care::Gui {

// The dashboard's "Longest waits": one row per conversation (customer, channel, when the wait
// began, how long, how it ended). Activating a row (double-click, Enter) asks for that
// conversation. Customer names are data: shown as plain text.
class LongestWaitsTable : public QTreeWidget
{
    Q_OBJECT

public:
    enum Column { CustomerColumn, ChannelColumn, SinceColumn, WaitColumn, OutcomeColumn, ColumnCount };

    explicit LongestWaitsTable(QWidget *parent = nullptr);

    // `agentNames` maps agent ids to display names (unknown ids are shown as they are); times are
    // shown in `zone` (the team calendar's, like the rest of the dashboard).
    void setWaits(const QList<DashboardData::LongWait> &waits, const QHash<QString, QString> &agentNames,
        const QTimeZone &zone);
    const QList<DashboardData::LongWait> &waits() const { return m_waits; }

    // How a wait ended, in words: "answered by Ana", "still waiting", "ended without response".
    static QString outcomeText(const DashboardData::LongWait &wait, const QHash<QString, QString> &agentNames);

signals:
    void conversationRequested(int row);

private:
    QList<DashboardData::LongWait> m_waits;
};

} // namespace Care::Gui
