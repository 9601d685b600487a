#include "gui/SlaPolicyEditor.h"

#include "core/DurationFormat.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

constexpr int kMaxMinutes = 60 * 24 * 60; // sixty days

QSpinBox *targetSpin(const QString &objectName, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(0, kMaxMinutes);
    spin->setSingleStep(15);
    spin->setSuffix(QCoreApplication::translate("Care::Gui::SlaPolicyEditor", " min"));
    spin->setSpecialValueText(QCoreApplication::translate("Care::Gui::SlaPolicyEditor", "No target"));
    spin->setAccelerated(true);
    return spin;
}

std::optional<qint64> secondsOf(const QSpinBox *spin)
{
    return spin->value() > 0 ? std::optional<qint64>(qint64(spin->value()) * 60) : std::nullopt;
}

int minutesOf(const std::optional<qint64> &seconds)
{
    return seconds ? int(std::min<qint64>(*seconds / 60, kMaxMinutes)) : 0;
}

} // namespace

SlaPolicyEditor::SlaPolicyEditor(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_platform(new QComboBox(this))
    , m_priority(new QComboBox(this))
    , m_tag(new QLineEdit(this))
    , m_first(targetSpin(QStringLiteral("slaFirstResponse"), this))
    , m_next(targetSpin(QStringLiteral("slaNextResponse"), this))
    , m_resolution(targetSpin(QStringLiteral("slaResolution"), this))
    , m_counting(new QComboBox(this))
    , m_pause(new QCheckBox(tr("Pause the clock while the conversation waits on the customer (pending)"), this))
    , m_problem(new QLabel(this))
    , m_form(new QWidget(this))
{
    setObjectName(QStringLiteral("slaPolicyEditor"));
    m_list->setObjectName(QStringLiteral("slaPolicyList"));
    m_name->setObjectName(QStringLiteral("slaName"));
    m_platform->setObjectName(QStringLiteral("slaPlatform"));
    m_priority->setObjectName(QStringLiteral("slaPriority"));
    m_tag->setObjectName(QStringLiteral("slaTag"));
    m_counting->setObjectName(QStringLiteral("slaCounting"));
    m_pause->setObjectName(QStringLiteral("slaPause"));
    m_problem->setObjectName(QStringLiteral("slaProblem"));

    m_platform->addItem(tr("Any platform"));
    for (Core::Platform platform : Core::allPlatforms())
        m_platform->addItem(Core::platformDisplayName(platform), Core::platformId(platform));
    m_priority->addItem(tr("Any priority"));
    for (Core::Priority priority : {Core::Priority::Urgent, Core::Priority::High, Core::Priority::Normal, Core::Priority::Low})
        m_priority->addItem(Core::priorityDisplayName(priority), Core::priorityId(priority));
    m_tag->setPlaceholderText(tr("any tag"));
    m_counting->addItem(tr("Staffed hours only (the team calendar)"), true);
    m_counting->addItem(tr("Wall-clock time (every hour counts)"), false);
    m_counting->setToolTip(tr("Staffed hours: a message at 21:00 after closing is due an hour after the next "
                              "opening. Wall clock: it is due at 22:00."));

    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Name"), m_name);
    auto *criteria = new QLabel(tr("Applies to conversations matching all of:"), m_form);
    form->addRow(criteria);
    form->addRow(tr("&Platform"), m_platform);
    form->addRow(tr("P&riority"), m_priority);
    form->addRow(tr("&Tag"), m_tag);
    // Each target with its length in words beside it ("1440 min" = "1 d").
    const auto targetRow = [this, form](const QString &label, QSpinBox *spin) {
        auto *row = new QHBoxLayout;
        auto *words = new QLabel(m_form);
        words->setMinimumWidth(90);
        row->addWidget(spin, 1);
        row->addWidget(words);
        connect(spin, &QSpinBox::valueChanged, words, [words](int minutes) {
            words->setText(minutes > 0 ? QStringLiteral("= ") + Core::formatDuration(qint64(minutes) * 60) : QString());
        });
        auto *labelWidget = new QLabel(label, m_form);
        labelWidget->setBuddy(spin);
        form->addRow(labelWidget, row);
    };
    targetRow(tr("&First response within"), m_first);
    targetRow(tr("Ne&xt response within"), m_next);
    targetRow(tr("Resolution &within"), m_resolution);
    form->addRow(tr("&Counting"), m_counting);
    form->addRow(m_pause);

    auto *add = new QPushButton(tr("&Add"), this);
    add->setObjectName(QStringLiteral("slaAdd"));
    auto *duplicate = new QPushButton(tr("D&uplicate"), this);
    auto *remove = new QPushButton(tr("Re&move"), this);
    remove->setObjectName(QStringLiteral("slaRemove"));
    auto *up = new QPushButton(tr("Move up"), this);
    auto *down = new QPushButton(tr("Move down"), this);
    up->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    down->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    up->setToolTip(tr("Alt+Up: among equally specific policies the higher one wins."));
    down->setToolTip(tr("Alt+Down"));
    auto *listButtons = new QHBoxLayout;
    for (QPushButton *button : {add, duplicate, remove, up, down})
        listButtons->addWidget(button);
    listButtons->addStretch(1);

    auto *note = new QLabel(tr("The most specific matching policy applies (platform, priority and tag each count); "
                               "among equally specific ones the higher in the list. Conversations no policy matches "
                               "get an hour to first response in staffed hours. Saving recomputes the due times of "
                               "every open conversation."),
                            this);
    note->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_list, 2);
    columns->addWidget(m_form, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addLayout(listButtons);
    layout->addWidget(note);
    layout->addWidget(m_problem);

    connect(m_list, &QListWidget::currentRowChanged, this, &SlaPolicyEditor::showPolicy);
    connect(add, &QPushButton::clicked, this, [this] {
        Core::SlaPolicy policy = Core::SlaPolicy::defaultPolicy();
        policy.name = tr("New policy");
        addPolicy(policy);
        m_name->setFocus();
        m_name->selectAll();
    });
    connect(duplicate, &QPushButton::clicked, this, [this] {
        if (m_current < 0)
            return;
        storeCurrent();
        Core::SlaPolicy copy = m_policies.at(m_current);
        copy.name = tr("%1 (copy)").arg(copy.name);
        addPolicy(copy);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_current < 0)
            return;
        const int row = m_current;
        m_current = -1;
        m_policies.removeAt(row);
        delete m_list->takeItem(row);
        onEdited();
    });
    connect(up, &QPushButton::clicked, this, [this] { move(-1); });
    connect(down, &QPushButton::clicked, this, [this] { move(1); });

    const auto edited = [this] {
        if (!m_loading)
            onEdited();
    };
    for (QLineEdit *edit : {m_name, m_tag})
        connect(edit, &QLineEdit::textEdited, this, edited);
    for (QComboBox *combo : {m_platform, m_priority, m_counting})
        connect(combo, &QComboBox::currentIndexChanged, this, edited);
    for (QSpinBox *spin : {m_first, m_next, m_resolution})
        connect(spin, &QSpinBox::valueChanged, this, edited);
    connect(m_pause, &QCheckBox::toggled, this, edited);
    m_form->setEnabled(false);
}

void SlaPolicyEditor::setPolicies(const QList<Core::SlaPolicy> &policies)
{
    m_loading = true;
    m_policies = policies;
    m_current = -1;
    m_list->clear();
    for (const Core::SlaPolicy &policy : policies)
        m_list->addItem(policy.name);
    m_loading = false;
    m_list->setCurrentRow(policies.isEmpty() ? -1 : 0);
    m_modified = false;
    updateProblem();
}

void SlaPolicyEditor::addPolicy(const Core::SlaPolicy &policy)
{
    storeCurrent();
    m_policies.append(policy);
    m_list->addItem(policy.name);
    m_list->setCurrentRow(int(m_policies.size()) - 1);
    onEdited();
}

void SlaPolicyEditor::move(int delta)
{
    const int from = m_current;
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= m_policies.size())
        return;
    storeCurrent();
    m_loading = true;
    m_policies.move(from, to);
    m_list->insertItem(to, m_list->takeItem(from));
    m_current = -1;
    m_loading = false;
    m_list->setCurrentRow(to);
    onEdited();
}

void SlaPolicyEditor::showPolicy(int row)
{
    if (m_loading)
        return;
    storeCurrent();
    m_current = row;
    m_form->setEnabled(row >= 0);
    if (row < 0 || row >= m_policies.size())
        return;
    const Core::SlaPolicy &policy = m_policies.at(row);
    m_loading = true;
    m_name->setText(policy.name);
    m_platform->setCurrentIndex(policy.platform ? m_platform->findData(Core::platformId(*policy.platform)) : 0);
    m_priority->setCurrentIndex(policy.priority ? m_priority->findData(Core::priorityId(*policy.priority)) : 0);
    m_tag->setText(policy.tag);
    m_first->setValue(minutesOf(policy.firstResponseSeconds));
    m_next->setValue(minutesOf(policy.nextResponseSeconds));
    m_resolution->setValue(minutesOf(policy.resolutionSeconds));
    m_counting->setCurrentIndex(policy.countStaffedHoursOnly ? 0 : 1);
    m_pause->setChecked(policy.pauseWhilePending);
    m_loading = false;
}

void SlaPolicyEditor::storeCurrent()
{
    if (m_current < 0 || m_current >= m_policies.size())
        return;
    Core::SlaPolicy &policy = m_policies[m_current];
    policy.name = m_name->text().trimmed();
    policy.platform = m_platform->currentIndex() > 0 ? Core::platformFromId(m_platform->currentData().toString())
                                                     : std::nullopt;
    policy.priority = m_priority->currentIndex() > 0 ? Core::priorityFromId(m_priority->currentData().toString())
                                                     : std::nullopt;
    policy.tag = m_tag->text().trimmed();
    policy.firstResponseSeconds = secondsOf(m_first);
    policy.nextResponseSeconds = secondsOf(m_next);
    policy.resolutionSeconds = secondsOf(m_resolution);
    policy.countStaffedHoursOnly = m_counting->currentData().toBool();
    policy.pauseWhilePending = m_pause->isChecked();
    if (QListWidgetItem *item = m_list->item(m_current))
        item->setText(policy.name.isEmpty() ? tr("(unnamed)") : policy.name);
}

void SlaPolicyEditor::onEdited()
{
    storeCurrent();
    m_modified = true;
    updateProblem();
    emit changed();
}

void SlaPolicyEditor::updateProblem()
{
    const auto result = policies();
    m_problem->setText(result ? QString() : result.error().message);
    m_problem->setVisible(!result);
}

Core::Result<QList<Core::SlaPolicy>> SlaPolicyEditor::policies() const
{
    const auto invalid = [](const QString &message) { return Core::Error::make(Core::Error::Code::InvalidInput, message); };
    QStringList names;
    for (qsizetype i = 0; i < m_policies.size(); ++i) {
        const Core::SlaPolicy &policy = m_policies.at(i);
        if (policy.name.isEmpty())
            return invalid(tr("Policy %1 has no name.").arg(i + 1));
        if (names.contains(policy.name, Qt::CaseInsensitive))
            return invalid(tr("Two policies are called “%1”.").arg(policy.name));
        names << policy.name;
        if (!policy.firstResponseSeconds && !policy.nextResponseSeconds && !policy.resolutionSeconds)
            return invalid(tr("“%1” has no target: give it at least one.").arg(policy.name));
        for (qsizetype j = 0; j < i; ++j) {
            const Core::SlaPolicy &earlier = m_policies.at(j);
            if (earlier.platform == policy.platform && earlier.priority == policy.priority
                && earlier.tag.compare(policy.tag, Qt::CaseInsensitive) == 0)
                return invalid(tr("“%1” matches the same conversations as “%2” above it, so it would never apply.")
                                   .arg(policy.name, earlier.name));
        }
    }
    return m_policies;
}

} // namespace Care::Gui
