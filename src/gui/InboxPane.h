#pragma once

#include "store/InboxQuery.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
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
    explicit InboxPane(Store::Store *store, QWidget *parent = nullptr);

    InboxModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    void focusSearch();
    void refresh();

signals:
    void conversationSelected(qint64 conversationId, qint64 customerId);

private:
    void applyFilter();
    void selectFirstIfNone();
    void emitCurrent();

    InboxModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_view_filter;
    QComboBox *m_platform;
    QComboBox *m_sort;
    QLabel *m_summary;
    QTreeView *m_view;
    QTimer *m_searchDelay;
    QTimer *m_clock;
    qint64 m_selectedId = 0;
};

} // namespace Care::Gui
