#include "gui/SettingsDialog.h"

#include "core/ManagedSettings.h"
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
#include <QPalette>
#include <QPushButton>
#include <QSpinBox>

namespace Care::Gui {

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_signature(new QLineEdit(this))
    , m_form(new QLineEdit(this))
    , m_undo(new QSpinBox(this))
    , m_notify(new QCheckBox(tr("Notify me of new urgent conversations and answers about to fall due"), this))
    , m_onlyOnDuty(new QCheckBox(tr("Only while I'm on duty (when the roster has my shifts)"), this))
    , m_quietFrom(new QTimeEdit(this))
    , m_quietTo(new QTimeEdit(this))
    , m_language(new QComboBox(this))
    , m_channel(new QComboBox(this))
    , m_managedNote(new QLabel(this))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    // Every value through the administrator's presets and locks (docs/installing.md).
    const Core::ManagedSettings settings;
    m_name->setObjectName(QStringLiteral("settingsAgentName"));
    m_name->setText(settings.value(QStringLiteral("agent/name")).toString());
    m_signature->setObjectName(QStringLiteral("settingsSignature"));
    m_signature->setText(settings.value(QStringLiteral("agent/signature")).toString());
    m_signature->setPlaceholderText(tr("Your first name"));
    m_form->setObjectName(QStringLiteral("settingsSignatureForm"));
    m_form->setText(settings.value(QLatin1String(Core::ManagedSettings::kSignatureForm), QStringLiteral("– {agent.signature}")).toString());
    m_form->setToolTip(tr("How replies are signed. {agent.signature} is the name above, {agent.name} your full name, "
                          "{initials} your initials: for example “– {agent.signature}” or “^{initials}”."));
    m_undo->setObjectName(QStringLiteral("settingsUndoDelay"));
    m_undo->setRange(0, 30);
    m_undo->setSuffix(tr(" s"));
    m_undo->setValue(undoDelayMs() / 1000);
    m_notify->setObjectName(QStringLiteral("settingsNotify"));
    m_notify->setChecked(settings.value(QStringLiteral("notify/enabled"), true).toBool());
    m_onlyOnDuty->setObjectName(QStringLiteral("settingsOnlyOnDuty"));
    m_onlyOnDuty->setChecked(settings.value(QStringLiteral("notify/onlyOnDuty"), true).toBool());
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
    form->addRow(m_onlyOnDuty);
    auto *quiet = new QHBoxLayout;
    quiet->addWidget(m_quietFrom);
    quiet->addWidget(new QLabel(tr("to"), this));
    quiet->addWidget(m_quietTo);
    quiet->addStretch(1);
    form->addRow(tr("Quiet hours"), quiet);
    form->addRow(tr("Language (after a restart)"), m_language);
    m_channel->setObjectName(QStringLiteral("settingsUpdateChannel"));
    m_channel->addItem(tr("Stable releases"), QStringLiteral("stable"));
    m_channel->addItem(tr("Beta releases (earlier, less tested)"), QStringLiteral("beta"));
    m_channel->setCurrentIndex(std::max(
        0, m_channel->findData(settings.value(QLatin1String(Core::ManagedSettings::kUpdateChannel)).toString())));
    form->addRow(tr("Updates"), m_channel);
    form->addRow(urgency);
    form->addRow(m_managedNote);
    showLocks(settings, form);
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
    return Core::ManagedSettings().value(QStringLiteral("composer/undoDelayMs"), ComposerPane::kDefaultUndoDelayMs).toInt();
}

void SettingsDialog::showLocks(const Core::ManagedSettings &settings, QFormLayout *form)
{
    const QList<QPair<QWidget *, QString>> fields{
        {m_name, QStringLiteral("agent/name")},
        {m_signature, QStringLiteral("agent/signature")},
        {m_form, QLatin1String(Core::ManagedSettings::kSignatureForm)},
        {m_undo, QStringLiteral("composer/undoDelayMs")},
        {m_notify, QStringLiteral("notify/enabled")},
        {m_onlyOnDuty, QStringLiteral("notify/onlyOnDuty")},
        {m_quietFrom, QStringLiteral("notify/quietFrom")},
        {m_quietTo, QStringLiteral("notify/quietTo")},
        {m_channel, QLatin1String(Core::ManagedSettings::kUpdateChannel)},
    };
    QStringList locked;
    for (const auto &[widget, key] : fields) {
        if (!settings.isLocked(key))
            continue;
        if (auto *line = qobject_cast<QLineEdit *>(widget)) {
            line->setReadOnly(true); // still selectable and copyable
            QPalette palette = line->palette(); // and looks like it cannot be typed into
            palette.setColor(QPalette::Base, palette.color(QPalette::Window));
            line->setPalette(palette);
        } else
            widget->setEnabled(false);
        widget->setToolTip(tr("Set by your administrator; it cannot be changed here."));
        widget->setProperty("managedLock", true);
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(widget)))
            label->setText(tr("%1 (set by your administrator)").arg(label->text()));
        locked << key;
    }
    m_managedNote->setObjectName(QStringLiteral("settingsManagedNote"));
    m_managedNote->setTextFormat(Qt::PlainText);
    m_managedNote->setWordWrap(true);
    m_managedNote->setText(tr("Settings marked “set by your administrator” come from %1 and cannot be changed here; "
                              "ask your administrator to change them.")
                               .arg(settings.source()));
    m_managedNote->setVisible(!locked.isEmpty());
}

void SettingsDialog::save()
{
    // A locked key is not written (ManagedSettings::setValue refuses it).
    const Core::ManagedSettings settings;
    const auto store = [&settings](const QString &key, const QString &value) {
        settings.setValue(key, value.trimmed());
    };
    store(QStringLiteral("agent/name"), m_name->text());
    store(QStringLiteral("agent/signature"), m_signature->text());
    store(QLatin1String(Core::ManagedSettings::kSignatureForm), m_form->text());
    settings.setValue(QStringLiteral("composer/undoDelayMs"), m_undo->value() * 1000);
    UiLanguage::setChosen(m_language->currentData().toString());
    settings.setValue(QStringLiteral("notify/enabled"), m_notify->isChecked());
    settings.setValue(QStringLiteral("notify/onlyOnDuty"), m_onlyOnDuty->isChecked());
    settings.setValue(QStringLiteral("notify/quietFrom"), m_quietFrom->time().toString(QStringLiteral("HH:mm")));
    settings.setValue(QStringLiteral("notify/quietTo"), m_quietTo->time().toString(QStringLiteral("HH:mm")));
    settings.setValue(QLatin1String(Core::ManagedSettings::kUpdateChannel), m_channel->currentData());
}

} // namespace Care::Gui
