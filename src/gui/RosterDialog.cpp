#include "gui/RosterDialog.h"

#include "core/CalendarRangeText.h"
#include "store/AgentRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Care::Gui {

namespace {

constexpr int kFirstDayColumn = 2;

struct RosterData
{
    Core::BusinessCalendar team;
    Core::Roster roster;
    QList<Core::Agent> agents;
    QDateTime now; // the store's clock
};

} // namespace

RosterDialog::RosterDialog(Store::Store *store, const QString &editor, bool canEdit, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_editor(editor)
    , m_canEdit(canEdit)
    , m_table(new QTableWidget(0, kFirstDayColumn + 7, this))
    , m_status(new QLabel(this))
    , m_save(nullptr)
{
    setObjectName(QStringLiteral("rosterDialog"));
    setWindowTitle(tr("Who's on duty"));
    m_table->setObjectName(QStringLiteral("rosterTable"));
    QStringList headers{tr("Agent"), tr("Now")};
    for (int day = 1; day <= 7; ++day)
        headers << QLocale().dayName(day, QLocale::ShortFormat);
    m_table->setHorizontalHeaderLabels(headers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(canEdit ? QAbstractItemView::AllEditTriggers : QAbstractItemView::NoEditTriggers);
    m_status->setObjectName(QStringLiteral("rosterStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(canEdit ? QDialogButtonBox::Save | QDialogButtonBox::Close
                                                 : QDialogButtonBox::Close,
                                         this);
    if (canEdit) {
        m_save = buttons->button(QDialogButtonBox::Save);
        m_save->setObjectName(QStringLiteral("rosterSave"));
        connect(m_save, &QPushButton::clicked, this, &RosterDialog::save);
    }
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *note = new QLabel(canEdit ? tr("Shifts in the team's time zone: 07:00–15:00; split shifts with a comma; "
                                         "22:00–02:00 runs past midnight; empty: off. Team closures apply to everyone. "
                                         "Agents get desktop notifications only on duty when they have shifts.")
                                    : tr("Shifts in the team's time zone; team closures apply to everyone."),
                            this);
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(note);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(1000, 420);
}

void RosterDialog::load()
{
    m_store->run(
        this,
        [](Store::Database &db) -> Core::Result<RosterData> {
            Store::WorkspaceSettings settings(db);
            auto team = settings.calendar();
            if (!team)
                return team.error();
            auto roster = settings.roster();
            if (!roster)
                return roster.error();
            auto agents = Store::AgentRepository(db).list();
            if (!agents)
                return agents.error();
            return RosterData{team.value(), roster.value(), agents.value(), db.now()};
        },
        [this](Core::Result<RosterData> data) {
            if (!data) {
                m_status->setText(data.error().fullText());
                return;
            }
            m_team = data->team;
            m_roster = data->roster;
            m_agents = data->agents;
            m_now = data->now;
            fill();
            emit loaded();
        });
}

void RosterDialog::fill()
{
    const QDateTime now = m_now.isValid() ? m_now : QDateTime::currentDateTimeUtc();
    const QLocale locale;
    const auto local = [&](const QDateTime &utc) {
        const QDateTime inZone = utc.toTimeZone(m_team.timeZone());
        return inZone.date() == now.toTimeZone(m_team.timeZone()).date()
                   ? locale.toString(inZone.time(), QStringLiteral("HH:mm"))
                   : locale.toString(inZone, QStringLiteral("ddd HH:mm"));
    };
    m_table->setRowCount(0);
    int onDuty = 0;
    for (const Core::Roster::Entry &entry : m_roster.status(m_agents, now)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto *name = new QTableWidgetItem(entry.agent.name.isEmpty() ? entry.agent.id : entry.agent.name);
        name->setData(Qt::UserRole, entry.agent.id);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        m_table->setItem(row, 0, name);
        QString state;
        if (!entry.rostered)
            state = tr("no shifts");
        else if (entry.onDuty)
            state = entry.until ? tr("on duty until %1").arg(local(*entry.until)) : tr("on duty");
        else
            state = entry.nextShift ? tr("off — next shift %1").arg(local(*entry.nextShift)) : tr("off");
        onDuty += entry.onDuty ? 1 : 0;
        auto *stateItem = new QTableWidgetItem(state);
        stateItem->setFlags(stateItem->flags() & ~Qt::ItemIsEditable);
        if (entry.onDuty)
            stateItem->setForeground(QColor(0x1b, 0x5e, 0x20));
        m_table->setItem(row, 1, stateItem);
        for (int day = 1; day <= 7; ++day)
            m_table->setItem(row, kFirstDayColumn + day - 1,
                             new QTableWidgetItem(Core::rangesToText(m_roster.shifts(entry.agent.id, static_cast<Qt::DayOfWeek>(day)))));
    }
    m_status->setText(m_agents.isEmpty() ? tr("No agents yet.")
                                         : tr("%1 of %2 agents on duty now (%3).")
                                               .arg(onDuty)
                                               .arg(m_agents.size())
                                               .arg(QString::fromUtf8(m_team.timeZone().id())));
}

void RosterDialog::save()
{
    Core::Roster roster(m_team);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString agentId = m_table->item(row, 0)->data(Qt::UserRole).toString();
        QMap<Qt::DayOfWeek, QList<Core::BusinessCalendar::Range>> week;
        for (int day = 1; day <= 7; ++day) {
            const QTableWidgetItem *cell = m_table->item(row, kFirstDayColumn + day - 1);
            auto ranges = Core::rangesFromText(cell ? cell->text() : QString());
            if (!ranges) {
                m_table->setCurrentCell(row, kFirstDayColumn + day - 1);
                m_status->setText(tr("Not saved — %1, %2: %3")
                                      .arg(m_table->item(row, 0)->text(), QLocale().dayName(day), ranges.error().message));
                return;
            }
            week.insert(static_cast<Qt::DayOfWeek>(day), ranges.value());
        }
        roster.setShifts(agentId, week);
    }
    m_save->setEnabled(false);
    m_store->run(
        this, [roster, editor = m_editor](Store::Database &db) { return Store::WorkspaceSettings(db).setRoster(roster, editor); },
        [this, roster](Core::Status status) {
            m_save->setEnabled(true);
            if (!status) {
                m_status->setText(tr("Not saved: %1").arg(status.error().fullText()));
                return;
            }
            m_roster = roster;
            fill();
            emit saved();
        });
}

} // namespace Care::Gui
