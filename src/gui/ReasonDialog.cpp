#include "gui/ReasonDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Care::Gui {

ReasonDialog::ReasonDialog(const QString &title, const QString &explanation, const QString &actionText,
                           QWidget *parent)
    : QDialog(parent)
    , m_reason(new QLineEdit(this))
{
    setObjectName(QStringLiteral("reasonDialog"));
    setWindowTitle(title);
    auto *label = new QLabel(explanation, this);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reason->setPlaceholderText(tr("Reason (required)"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(actionText);
    m_ok->setObjectName(QStringLiteral("reasonOk"));
    m_ok->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(label);
    layout->addWidget(m_reason);
    layout->addWidget(buttons);
    connect(m_reason, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_ok->setEnabled(!text.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(440, 160);
}

QString ReasonDialog::reason() const
{
    return m_reason->text().trimmed();
}

} // namespace Care::Gui
