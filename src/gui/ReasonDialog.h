#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

namespace Care::Gui {

// Asks for a reason that must be given before an action that others will audit.
class ReasonDialog : public QDialog
{
    Q_OBJECT

public:
    ReasonDialog(const QString &title, const QString &explanation, const QString &actionText,
                 QWidget *parent = nullptr);
    QString reason() const;

private:
    QLineEdit *m_reason;
    QPushButton *m_ok;
};

} // namespace Care::Gui
