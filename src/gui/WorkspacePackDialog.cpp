#include "gui/WorkspacePackDialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Care::Gui {

WorkspacePackDialog::WorkspacePackDialog(QWidget *parent)
    : QDialog(parent)
    , m_heading(new QLabel(this))
    , m_lines(new QPlainTextEdit(this))
    , m_buttons(nullptr)
    , m_import(nullptr)
{
    setObjectName(QStringLiteral("workspacePackDialog"));
    setWindowTitle(tr("Import workspace pack"));
    m_heading->setObjectName(QStringLiteral("workspacePackHeading"));
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setWordWrap(true);
    m_lines->setObjectName(QStringLiteral("workspacePackLines"));
    m_lines->setReadOnly(true);
    m_lines->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto *buttons = m_buttons;
    m_import = buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("workspacePackImport"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_heading);
    layout->addWidget(m_lines, 1);
    layout->addWidget(buttons);
    resize(640, 420);
}

void WorkspacePackDialog::showPlan(const QString &path, const QStringList &lines, bool changesSomething)
{
    const QString name = QFileInfo(path).fileName();
    m_heading->setText(changesSomething
                           ? tr("Importing %1 would make these changes. Nothing has changed yet; Import makes all "
                                "of them at once.")
                                 .arg(name)
                           : tr("%1 holds nothing that is not already here.").arg(name));
    m_lines->setPlainText(lines.join(QLatin1Char('\n')));
    m_import->setVisible(changesSomething);
    m_import->setDefault(changesSomething);
}

void WorkspacePackDialog::showRefusal(const QString &path, const QStringList &problems)
{
    m_heading->setText(tr("%1 cannot be imported; nothing was changed. What is wrong with it:")
                           .arg(QFileInfo(path).fileName()));
    m_lines->setPlainText(problems.join(QLatin1Char('\n')));
    m_import->setVisible(false);
    if (QPushButton *cancel = m_buttons->button(QDialogButtonBox::Cancel))
        cancel->setText(tr("Close"));
}

} // namespace Care::Gui
