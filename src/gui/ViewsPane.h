#pragma once

#include "gui/InboxViews.h"

#include <QWidget>

class QListWidget;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// The list of inbox views with live counts: Mine, Unassigned, All open, due soon…
class ViewsPane : public QWidget
{
    Q_OBJECT

public:
    ViewsPane(Store::Store *store, QString agentId, QWidget *parent = nullptr);

    InboxView::Kind currentView() const;
    void setCurrentView(InboxView::Kind kind);
    void refreshCounts();
    // Count shown for a view, or -1 while unknown.
    int countOf(InboxView::Kind kind) const;

signals:
    void viewChanged(Care::Gui::InboxView::Kind kind);

private:
    Store::Store *m_store;
    QString m_agentId;
    QListWidget *m_list;
    QList<InboxView> m_views;
    QList<int> m_counts;
    quint64 m_request = 0;
};

} // namespace Care::Gui
