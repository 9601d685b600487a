#include "gui/AssignDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>

namespace Care::Gui {

AssignDialog::AssignDialog(const QList<Core::Agent> &agents, const QString &currentAssignee, QWidget *parent)
    : QDialog(parent)
    , m_agent(new QComboBox(this))
    , m_note(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("assignDialog"));
    setWindowTitle(tr("Assign conversation"));
    m_agent->setObjectName(QStringLiteral("assignAgent"));
    m_agent->addItem(tr("Nobody (back to the team)"), QString());
    for (const Core::Agent &agent : agents)
        m_agent->addItem(agent.name, agent.id);
    const int current = m_agent->findData(currentAssignee);
    m_agent->setCurrentIndex(current >= 0 ? current : 0);
    m_note->setObjectName(QStringLiteral("assignNote"));
    m_note->setPlaceholderText(tr("What your colleague needs to know: what the customer asked, what you did, "
                                  "what is still open"));
    m_note->setTabChangesFocus(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Assign"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("assignOk"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Assign to"), m_agent);
    form->addRow(tr("Hand-off note"), m_note);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(460, 280);
}

QString AssignDialog::agentId() const
{
    return m_agent->currentData().toString();
}

QString AssignDialog::handoffNote() const
{
    return m_note->toPlainText().trimmed();
}

} // namespace Care::Gui
