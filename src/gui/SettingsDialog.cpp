#include "gui/SettingsDialog.h"

#include "gui/ComposerPane.h"
#include "gui/UiLanguage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QTimeEdit>
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
    , m_notify(new QCheckBox(tr("Notify me of new urgent conversations and answers about to fall due"), this))
    , m_quietFrom(new QTimeEdit(this))
    , m_quietTo(new QTimeEdit(this))
    , m_language(new QComboBox(this))
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
    m_notify->setObjectName(QStringLiteral("settingsNotify"));
    m_notify->setChecked(settings.value(QStringLiteral("notify/enabled"), true).toBool());
    m_quietFrom->setObjectName(QStringLiteral("settingsQuietFrom"));
    m_quietTo->setObjectName(QStringLiteral("settingsQuietTo"));
    m_quietFrom->setDisplayFormat(QStringLiteral("HH:mm"));
    m_quietTo->setDisplayFormat(QStringLiteral("HH:mm"));
    m_quietFrom->setTime(QTime::fromString(settings.value(QStringLiteral("notify/quietFrom"), QStringLiteral("00:00")).toString(), QStringLiteral("HH:mm")));
    m_quietTo->setTime(QTime::fromString(settings.value(QStringLiteral("notify/quietTo"), QStringLiteral("00:00")).toString(), QStringLiteral("HH:mm")));
    m_quietFrom->setToolTip(tr("No notifications between these times; the same time twice means none."));
    m_language->setObjectName(QStringLiteral("settingsLanguage"));
    m_language->addItem(tr("System language (%1)").arg(UiLanguage::nativeName(UiLanguage::systemLanguage())), QString());
    for (const QString &code : UiLanguage::available())
        m_language->addItem(UiLanguage::nativeName(code), code);
    m_language->setCurrentIndex(std::max(0, m_language->findData(UiLanguage::chosen())));
    m_language->setToolTip(tr("The language of the console, and of dates, times and numbers. Applies when Care Console is started again."));
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
    form->addRow(m_notify);
    auto *quiet = new QHBoxLayout;
    quiet->addWidget(m_quietFrom);
    quiet->addWidget(new QLabel(tr("to"), this));
    quiet->addWidget(m_quietTo);
    quiet->addStretch(1);
    form->addRow(tr("Quiet hours"), quiet);
    form->addRow(tr("Language (after a restart)"), m_language);
    form->addRow(urgency);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(560, 340);
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
    UiLanguage::setChosen(m_language->currentData().toString());
    settings.setValue(QStringLiteral("notify/enabled"), m_notify->isChecked());
    settings.setValue(QStringLiteral("notify/quietFrom"), m_quietFrom->time().toString(QStringLiteral("HH:mm")));
    settings.setValue(QStringLiteral("notify/quietTo"), m_quietTo->time().toString(QStringLiteral("HH:mm")));
}

} // namespace Care::Gui
