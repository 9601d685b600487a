#pragma once

#include "gui/InboxViews.h"
#include "store/InboxQuery.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeView;
class QTimer;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

class InboxModel;

// The unified inbox: filters on top, the windowed conversation list below.
class InboxPane : public QWidget
{
    Q_OBJECT

public:
    InboxPane(Store::Store *store, QString agentId, QWidget *parent = nullptr);

    InboxModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    void focusSearch();
    void refresh();
    void setView(Care::Gui::InboxView::Kind kind);
    // The whole filter bar as a view that can be saved, and applying a saved one.
    SavedView currentState() const;
    void applyState(const Care::Gui::SavedView &view);
    void saveCurrentView(const QString &name);
    // Reads the tags and agents the filters offer.
    void loadChoices();
    // Keyboard navigation: the next (+1) or previous (-1) conversation.
    void moveSelection(int delta);
    qint64 selectedConversation() const { return m_selectedId; }
    // Selects a conversation when it is in the list; false when the current view hides it.
    bool revealConversation(qint64 conversationId);
    // Just these conversations, whatever their status (what a chart's bar stands for), with a
    // line saying so and a way back to the view.
    void showConversations(const QString &title, const QList<qint64> &conversationIds);
    void clearShownConversations();

signals:
    void conversationSelected(qint64 conversationId, qint64 customerId);
    void savedViewsChanged();

private:
    void applyFilter();
    void selectFirstIfNone();
    void emitCurrent();

    InboxModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_platform;
    QComboBox *m_sort;
    QComboBox *m_tag;
    QComboBox *m_assignee;
    QComboBox *m_priority;
    QComboBox *m_due;
    QComboBox *m_since;
    QPushButton *m_saveView;
    Store::Store *m_store;
    QLabel *m_summary;
    QTreeView *m_view;
    QTimer *m_searchDelay;
    QTimer *m_clock;
    qint64 m_selectedId = 0;
    QString m_agentId;
    InboxView::Kind m_viewKind = InboxView::Kind::AllOpen;
    QWidget *m_pinnedBar;
    QLabel *m_pinnedText;
    QList<qint64> m_pinnedIds;
};

} // namespace Care::Gui
