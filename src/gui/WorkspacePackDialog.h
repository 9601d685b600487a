#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace Care::Gui {

// Shows what importing a workspace pack would change, before anything changes: the plan with
// Import and Cancel, or why the pack was refused (with Close only). Plain text throughout —
// a pack's names and titles are data, never markup.
class WorkspacePackDialog : public QDialog
{
    Q_OBJECT

public:
    explicit WorkspacePackDialog(QWidget *parent = nullptr);

    void showPlan(const QString &path, const QStringList &lines, bool changesSomething);
    void showRefusal(const QString &path, const QStringList &problems);

private:
    QLabel *m_heading;
    QPlainTextEdit *m_lines;
    QDialogButtonBox *m_buttons;
    QPushButton *m_import;
};

} // namespace Care::Gui
