#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QKeySequenceEdit;

namespace Care::Gui {

// Every keyboard shortcut at a glance ("?"), each one rebindable; saved in the settings.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);

private:
    void save();
    void resetToDefaults();

    QList<QAction *> m_actions;
    QList<QKeySequenceEdit *> m_editors;
};

} // namespace Care::Gui
