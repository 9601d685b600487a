#pragma once

#include "gui/InboxViews.h"

#include <QWidget>

class QListWidget;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// The inbox views with live counts: Mine, Unassigned, All open, due soon… and the views the
// agent saved.
class ViewsPane : public QWidget
{
    Q_OBJECT

public:
    ViewsPane(Store::Store *store, QString agentId, QWidget *parent = nullptr);

    InboxView::Kind currentView() const;
    void setCurrentView(InboxView::Kind kind);
    void selectSavedView(const QString &name);
    void reloadSavedViews();
    void refreshCounts();
    // Count shown for a view, or -1 while unknown.
    int countOf(InboxView::Kind kind) const;
    int countOfSaved(const QString &name) const;
    QStringList savedViewNames() const;

signals:
    void viewChanged(Care::Gui::InboxView::Kind kind);
    void savedViewChosen(const Care::Gui::SavedView &view);

private:
    void rebuild();
    void showContextMenu(const QPoint &position);

    Store::Store *m_store;
    QString m_agentId;
    QListWidget *m_list;
    QList<InboxView> m_views;
    QList<SavedView> m_saved;
    QList<int> m_counts;      // built-in views
    QList<int> m_savedCounts; // saved views
    quint64 m_request = 0;
};

} // namespace Care::Gui
