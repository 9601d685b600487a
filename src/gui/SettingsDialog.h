#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTimeEdit;

namespace Care::Core {
class ManagedSettings;
}

namespace Care::Gui {

// The agent's own settings: how they are named and how replies are signed, and how long a
// sent reply can be taken back. Shortcuts have their own dialog ("?"). A setting the administrator
// locked (Core::ManagedSettings) is shown read-only, marked, with a note saying where it is set.
class SettingsDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SettingsDialog(QWidget *parent = nullptr);
    void save();

    static int undoDelayMs();

private:
    QLineEdit *m_name;
    QLineEdit *m_signature;
    QLineEdit *m_form;
    QSpinBox *m_undo;
    QCheckBox *m_notify;
    QCheckBox *m_onlyOnDuty; // with shifts in the roster: notifications only on duty
    QTimeEdit *m_quietFrom;
    QTimeEdit *m_quietTo;
    QComboBox *m_language;
    QComboBox *m_channel;
    QLabel *m_managedNote;

    void showLocks(const Core::ManagedSettings &settings, QFormLayout *form);
};

} // namespace Care::Gui
