#pragma once

#include "core/CrisisMode.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace Care::Gui {

// A lead declares (or updates) an incident: its name, the words that mark its conversations,
// the approved holding statement every agent gets pinned, and whether scheduled posts pause.
class CrisisDialog : public QDialog
{
    Q_OBJECT

public:
    explicit CrisisDialog(const Core::CrisisMode &crisis, QWidget *parent = nullptr);
    Core::CrisisMode crisis() const; // active, with what was entered

private:
    Core::CrisisMode m_crisis;
    QLineEdit *m_title;
    QLineEdit *m_terms;
    QPlainTextEdit *m_statement;
    QCheckBox *m_pause;
    QLabel *m_problem;
};

} // namespace Care::Gui
