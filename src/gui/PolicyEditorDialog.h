#pragma once

#include "core/PolicyDocument.h"

#include <QDialog>

class QLineEdit;
class QPlainTextEdit;

namespace Care::Gui {

// A lead edits one policy; saving stores a new version (who, when, what) for everyone.
class PolicyEditorDialog : public QDialog
{
    Q_OBJECT

public:
    PolicyEditorDialog(const Core::PolicyDocument &policy, QWidget *parent = nullptr);
    Core::PolicyDocument policy() const;

private:
    Core::PolicyDocument m_policy;
    QLineEdit *m_title;
    QLineEdit *m_tags;
    QLineEdit *m_values;
    QPlainTextEdit *m_body;
};

} // namespace Care::Gui
