#pragma once

#include "store/ConversationActions.h"

#include <QDialog>

class QButtonGroup;
class QLineEdit;

namespace Care::Gui {

// "No reply needed" always needs a reason, so nothing is silently ignored.
class DispositionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DispositionDialog(QWidget *parent = nullptr);

    Store::DispositionReason reason() const;
    QString note() const;

private:
    QButtonGroup *m_reasons;
    QLineEdit *m_note;
};

} // namespace Care::Gui
