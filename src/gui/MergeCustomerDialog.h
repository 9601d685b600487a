#pragma once

#include "core/Customer.h"

#include <QDialog>

class QLineEdit;
class QListWidget;
class QPushButton;
class QTimer;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Find the other record of the same person (by name or handle) to merge into this customer.
class MergeCustomerDialog : public QDialog
{
    Q_OBJECT

public:
    MergeCustomerDialog(Store::Store *store, const Core::Customer &current, QWidget *parent = nullptr);
    qint64 selectedCustomerId() const;

private:
    void search();

    Store::Store *m_store;
    Core::Customer m_current;
    QLineEdit *m_search;
    QListWidget *m_results;
    QPushButton *m_ok;
    QTimer *m_delay;
};

} // namespace Care::Gui
