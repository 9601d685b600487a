#pragma once

#include "core/Customer.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace Care::Gui {

// Ask the customer how they want to be contacted, then record it (and do it).
class ContactPreferenceDialog : public QDialog
{
    Q_OBJECT

public:
    ContactPreferenceDialog(const Core::Customer &customer, QWidget *parent = nullptr);
    Core::Customer customer() const;

private:
    Core::Customer m_customer;
    QComboBox *m_channel;
    QLineEdit *m_contact;
    QPlainTextEdit *m_notes;
};

} // namespace Care::Gui
