#include "gui/ShortcutsDialog.h"

#include "gui/WorkflowController.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace Care::Gui {

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent)
    : QDialog(parent)
    , m_actions(actions)
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Click a shortcut and press the keys you want instead. / searches the inbox."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *form = new QFormLayout;
    for (QAction *action : actions) {
        auto *edit = new QKeySequenceEdit(action->shortcut(), this);
        edit->setObjectName(QStringLiteral("shortcut-") + action->objectName());
        QString label = action->text();
        label.remove(QLatin1Char('&'));
        form->addRow(label, edit);
        m_editors << edit;
    }
    layout->addLayout(form);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel
                                             | QDialogButtonBox::RestoreDefaults,
                                         this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &ShortcutsDialog::resetToDefaults);
}

void ShortcutsDialog::save()
{
    QSettings settings;
    for (int i = 0; i < m_actions.size(); ++i) {
        const QString name = m_actions.at(i)->objectName();
        const QString chosen = m_editors.at(i)->keySequence().toString();
        const QString key = QStringLiteral("shortcuts/") + name;
        if (chosen == WorkflowController::defaultShortcut(name))
            settings.remove(key);
        else
            settings.setValue(key, chosen);
    }
}

void ShortcutsDialog::resetToDefaults()
{
    for (int i = 0; i < m_actions.size(); ++i)
        m_editors.at(i)->setKeySequence(QKeySequence(WorkflowController::defaultShortcut(m_actions.at(i)->objectName())));
}

} // namespace Care::Gui
