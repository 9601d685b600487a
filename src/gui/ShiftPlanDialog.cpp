#include "gui/ShiftPlanDialog.h"

#include "store/AccountRepository.h"
#include "store/ScheduledPostRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

struct PlanData
{
    QList<Core::Account> accounts;
    Core::BusinessCalendar calendar;
    Core::ShiftAnnouncements templates;
};

} // namespace

ShiftPlanDialog::ShiftPlanDialog(Store::Store *store, const QString &editor, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_editor(editor)
    , m_account(new QComboBox(this))
    , m_language(new QComboBox(this))
    , m_days(new QSpinBox(this))
    , m_openings(new QCheckBox(tr("When the team comes on duty (“we're here until 18:00”)"), this))
    , m_closings(new QCheckBox(tr("When the team goes off duty (“we're back tomorrow at 08:00”)"), this))
    , m_preview(new QTableWidget(0, 2, this))
    , m_status(new QLabel(this))
    , m_scheduleButton(nullptr)
{
    setObjectName(QStringLiteral("shiftPlanDialog"));
    setWindowTitle(tr("Plan shift announcements"));
    m_account->setObjectName(QStringLiteral("shiftPlanAccount"));
    m_language->setObjectName(QStringLiteral("shiftPlanLanguage"));
    m_days->setObjectName(QStringLiteral("shiftPlanDays"));
    m_preview->setObjectName(QStringLiteral("shiftPlanPreview"));
    m_days->setRange(1, 28);
    m_days->setValue(7);
    m_days->setSuffix(tr(" days"));
    m_openings->setChecked(true);
    m_closings->setChecked(true);
    m_preview->setHorizontalHeaderLabels({tr("Posted at"), tr("Text")});
    m_preview->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_preview->verticalHeader()->hide();
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Account"), m_account);
    form->addRow(tr("&Language"), m_language);
    form->addRow(tr("&For the next"), m_days);
    form->addRow(m_openings);
    form->addRow(m_closings);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_scheduleButton = buttons->addButton(tr("&Schedule"), QDialogButtonBox::AcceptRole);
    m_scheduleButton->setObjectName(QStringLiteral("shiftPlanSchedule"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ShiftPlanDialog::schedule);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &ShiftPlanDialog::scheduled, this, &QDialog::accept);
    for (QComboBox *combo : {m_account, m_language})
        connect(combo, &QComboBox::currentIndexChanged, this, &ShiftPlanDialog::updatePreview);
    connect(m_days, &QSpinBox::valueChanged, this, &ShiftPlanDialog::updatePreview);
    for (QCheckBox *box : {m_openings, m_closings})
        connect(box, &QCheckBox::toggled, this, &ShiftPlanDialog::updatePreview);
    resize(820, 560);
}

void ShiftPlanDialog::load()
{
    m_scheduleButton->setEnabled(false);
    m_store->run(
        this,
        [](Store::Database &db) -> Core::Result<PlanData> {
            auto accounts = Store::AccountRepository(db).list();
            if (!accounts)
                return accounts.error();
            auto calendar = Store::WorkspaceSettings(db).calendar();
            if (!calendar)
                return calendar.error();
            QFile file(QStringLiteral(":/announcements/shift-announcements.json"));
            if (!file.open(QIODevice::ReadOnly))
                return Core::Error::make(Core::Error::Code::NotFound, QStringLiteral("shift-announcements.json"));
            auto templates = Core::ShiftAnnouncements::fromJson(file.readAll());
            if (!templates)
                return templates.error();
            return PlanData{accounts.value(), calendar.value(), templates.value()};
        },
        [this](Core::Result<PlanData> data) {
            if (!data) {
                m_status->setText(data.error().fullText());
                return;
            }
            m_calendar = data->calendar;
            m_templates = data->templates;
            const QSignalBlocker accountBlocker(m_account);
            const QSignalBlocker languageBlocker(m_language);
            for (const Core::Account &account : data->accounts) {
                if (!account.demo)
                    m_account->addItem(Core::accountLabel(account),
                                       account.id);
            }
            for (const QString &code : m_templates->languages())
                m_language->addItem(QLocale::languageToString(QLocale(code).language()) + QStringLiteral(" (") + code + QLatin1Char(')'), code);
            m_language->setCurrentIndex(std::max(0, m_language->findData(QStringLiteral("en"))));
            updatePreview();
            emit loaded();
        });
}

void ShiftPlanDialog::updatePreview()
{
    m_planned.clear();
    m_preview->setRowCount(0);
    if (!m_templates)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_planned = m_templates->plan(m_calendar, m_language->currentData().toString(), now, now.addDays(m_days->value()),
                                  m_openings->isChecked(), m_closings->isChecked());
    const QLocale locale;
    for (const auto &post : std::as_const(m_planned)) {
        const int row = m_preview->rowCount();
        m_preview->insertRow(row);
        m_preview->setItem(row, 0, new QTableWidgetItem(locale.toString(post.postAt.toTimeZone(m_calendar.timeZone()),
                                                                        QStringLiteral("ddd d MMM HH:mm"))));
        m_preview->setItem(row, 1, new QTableWidgetItem(post.body)); // plain text: items never render markup
    }
    m_preview->resizeColumnToContents(0);
    m_preview->resizeRowsToContents();
    const bool ready = m_account->count() > 0 && !m_planned.isEmpty();
    m_scheduleButton->setEnabled(ready);
    if (m_account->count() == 0)
        m_status->setText(tr("Connect an account first: announcements are posted from an account."));
    else if (m_planned.isEmpty())
        m_status->setText(tr("Nothing to announce: the team never comes on or goes off duty in this period."));
    else
        m_status->setText(tr("%1 posts from %2, in %3. Scheduling replaces this account's shift announcements "
                             "planned from now on; each is skipped if its time passes while no console syncs.")
                              .arg(m_planned.size())
                              .arg(m_account->currentText(), QString::fromUtf8(m_calendar.timeZone().id())));
}

void ShiftPlanDialog::schedule()
{
    if (m_planned.isEmpty() || m_account->count() == 0)
        return;
    m_scheduleButton->setEnabled(false);
    const qint64 accountId = m_account->currentData().toLongLong();
    m_store->run(
        this,
        [planned = m_planned, accountId, editor = m_editor](Store::Database &db) -> Core::Result<int> {
            int count = 0;
            const Core::Status status = db.transaction([&]() -> Core::Status {
                Store::ScheduledPostRepository posts(db);
                if (auto cancelled = posts.cancelShiftAnnouncements(accountId, db.now()); !cancelled)
                    return cancelled.error();
                for (const auto &plan : planned) {
                    Core::ScheduledPost post;
                    post.accountId = accountId;
                    post.kind = Core::ShiftAnnouncements::kindId(plan.kind);
                    post.body = plan.body;
                    post.language = plan.language;
                    post.postAt = plan.postAt;
                    post.expiresAt = plan.expiresAt;
                    post.createdBy = editor;
                    if (auto id = posts.schedule(post); !id)
                        return id.error();
                    ++count;
                }
                return {};
            });
            if (!status)
                return status.error();
            return count;
        },
        [this](Core::Result<int> count) {
            if (!count) {
                m_status->setText(tr("Not scheduled: %1").arg(count.error().fullText()));
                m_scheduleButton->setEnabled(true);
                return;
            }
            emit scheduled(count.value());
        });
}

} // namespace Care::Gui
