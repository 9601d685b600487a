#include "gui/SettingsDialog.h"

#include "gui/ComposerPane.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace Care::Gui {

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_signature(new QLineEdit(this))
    , m_form(new QLineEdit(this))
    , m_undo(new QSpinBox(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    const QSettings settings;
    m_name->setObjectName(QStringLiteral("settingsAgentName"));
    m_name->setText(settings.value(QStringLiteral("agent/name")).toString());
    m_signature->setObjectName(QStringLiteral("settingsSignature"));
    m_signature->setText(settings.value(QStringLiteral("agent/signature")).toString());
    m_signature->setPlaceholderText(tr("Your first name"));
    m_form->setObjectName(QStringLiteral("settingsSignatureForm"));
    m_form->setText(settings.value(QStringLiteral("agent/signatureForm"), QStringLiteral("– {agent.signature}")).toString());
    m_form->setToolTip(tr("How replies are signed. {agent.signature} is the name above, {agent.name} your full name, "
                          "{initials} your initials: for example “– {agent.signature}” or “^{initials}”."));
    m_undo->setObjectName(QStringLiteral("settingsUndoDelay"));
    m_undo->setRange(0, 30);
    m_undo->setSuffix(tr(" s"));
    m_undo->setValue(undoDelayMs() / 1000);
    auto *urgency = new QLabel(tr("Urgency comes from what customers write and when they need an answer — never from "
                                  "follower counts, verification badges or other signs of influence."),
                               this);
    urgency->setObjectName(QStringLiteral("settingsUrgencyNote"));
    urgency->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("settingsSave"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Your name"), m_name);
    form->addRow(tr("Sign replies as"), m_signature);
    form->addRow(tr("Signature form"), m_form);
    form->addRow(tr("Take back a sent reply within"), m_undo);
    form->addRow(urgency);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(520, 280);
}

int SettingsDialog::undoDelayMs()
{
    return QSettings().value(QStringLiteral("composer/undoDelayMs"), ComposerPane::kDefaultUndoDelayMs).toInt();
}

void SettingsDialog::save()
{
    QSettings settings;
    const auto store = [&settings](const QString &key, const QString &value) {
        if (value.trimmed().isEmpty())
            settings.remove(key);
        else
            settings.setValue(key, value.trimmed());
    };
    store(QStringLiteral("agent/name"), m_name->text());
    store(QStringLiteral("agent/signature"), m_signature->text());
    store(QStringLiteral("agent/signatureForm"), m_form->text());
    settings.setValue(QStringLiteral("composer/undoDelayMs"), m_undo->value() * 1000);
}

} // namespace Care::Gui
