#include "gui/ContactPreferenceDialog.h"

#include "core/Platform.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>

namespace Care::Gui {

ContactPreferenceDialog::ContactPreferenceDialog(const Core::Customer &customer, QWidget *parent)
    : QDialog(parent)
    , m_customer(customer)
    , m_channel(new QComboBox(this))
    , m_contact(new QLineEdit(this))
    , m_notes(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("contactPreferenceDialog"));
    setWindowTitle(tr("How %1 wants to be contacted").arg(customer.name));
    m_channel->setObjectName(QStringLiteral("preferredChannel"));
    m_channel->addItem(tr("Not asked yet"), QString());
    for (Core::Platform p : Core::allPlatforms()) {
        if (p != Core::Platform::Blog)
            m_channel->addItem(Core::platformDisplayName(p), Core::platformId(p));
    }
    m_channel->addItem(tr("Phone"), QStringLiteral("phone"));
    m_channel->setCurrentIndex(std::max(0, m_channel->findData(customer.preferredChannel)));
    m_contact->setObjectName(QStringLiteral("preferredContact"));
    m_contact->setText(customer.preferredContact);
    m_contact->setPlaceholderText(tr("Address or number, if they gave one privately"));
    m_notes->setObjectName(QStringLiteral("customerNotesEdit"));
    m_notes->setPlainText(customer.notes);
    m_notes->setTabChangesFocus(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("contactSave"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Preferred channel"), m_channel);
    form->addRow(tr("Contact"), m_contact);
    form->addRow(tr("Notes"), m_notes);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(440, 300);
}

Core::Customer ContactPreferenceDialog::customer() const
{
    Core::Customer c = m_customer;
    c.preferredChannel = m_channel->currentData().toString();
    c.preferredContact = m_contact->text().trimmed();
    c.notes = m_notes->toPlainText().trimmed();
    return c;
}

} // namespace Care::Gui
