#include "gui/DispositionDialog.h"

#include <QButtonGroup>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace Care::Gui {

DispositionDialog::DispositionDialog(QWidget *parent)
    : QDialog(parent)
    , m_reasons(new QButtonGroup(this))
    , m_note(new QLineEdit(this))
{
    setObjectName(QStringLiteral("dispositionDialog"));
    setWindowTitle(tr("No reply needed"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("Why does this message need no reply? The customer's wait ends without a response, "
                                "and the reason is reported."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    const QList<QPair<Store::DispositionReason, QString>> reasons{
        {Store::DispositionReason::Spam, tr("Spam or a bot")},
        {Store::DispositionReason::PraiseAcknowledged, tr("Praise, acknowledged with a like")},
        {Store::DispositionReason::AnsweredElsewhere, tr("Answered in another channel")},
        {Store::DispositionReason::MonitoredOnly, tr("Monitored only (no question asked)")},
    };
    for (const auto &[reason, label] : reasons) {
        auto *button = new QRadioButton(label, this);
        button->setObjectName(QStringLiteral("reason-") + Store::dispositionReasonId(reason));
        m_reasons->addButton(button, static_cast<int>(reason));
        layout->addWidget(button);
    }
    m_note->setObjectName(QStringLiteral("dispositionNote"));
    m_note->setPlaceholderText(tr("Optional note"));
    layout->addWidget(m_note);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    ok->setObjectName(QStringLiteral("dispositionOk"));
    ok->setEnabled(false);
    layout->addWidget(buttons);
    connect(m_reasons, &QButtonGroup::idClicked, ok, [ok] { ok->setEnabled(true); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

Store::DispositionReason DispositionDialog::reason() const
{
    return static_cast<Store::DispositionReason>(m_reasons->checkedId());
}

QString DispositionDialog::note() const
{
    return m_note->text().trimmed();
}

} // namespace Care::Gui
