#pragma once

#include "core/Agent.h"

#include <QDialog>

class QComboBox;
class QPlainTextEdit;

namespace Care::Gui {

// Hand a conversation to a colleague with a note, so the customer never repeats themselves.
class AssignDialog : public QDialog
{
    Q_OBJECT

public:
    AssignDialog(const QList<Core::Agent> &agents, const QString &currentAssignee, QWidget *parent = nullptr);

    QString agentId() const;
    QString handoffNote() const;

private:
    QComboBox *m_agent;
    QPlainTextEdit *m_note;
};

} // namespace Care::Gui
