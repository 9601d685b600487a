#include "gui/StaffingLabel.h"

#include "core/StaffedHoursText.h"
#include "store/AgentRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QLocale>
#include <QTimer>

namespace Care::Gui {

StaffingLabel::StaffingLabel(Store::Store *store, QWidget *parent)
    : QLabel(parent)
    , m_store(store)
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("staffingLabel"));
    setTextFormat(Qt::PlainText);
    // The staffed hours in one line for the brand's profile bios, one right-click away.
    setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(tr("Copy staffed hours for profile bios"), this);
    copy->setObjectName(QStringLiteral("copyStaffedHours"));
    connect(copy, &QAction::triggered, this, [this] {
        if (!m_bioLine.isEmpty())
            QGuiApplication::clipboard()->setText(m_bioLine);
    });
    addAction(copy);
    m_timer->setInterval(60 * 1000);
    connect(m_timer, &QTimer::timeout, this, &StaffingLabel::refresh);
    m_timer->start();
}

namespace {

struct Staffing
{
    Core::BusinessCalendar calendar;
    QList<Core::Roster::Entry> roster; // rostered agents only
};

} // namespace

void StaffingLabel::refresh()
{
    m_store->run(
        this,
        [](Store::Database &db) -> Core::Result<Staffing> {
            Store::WorkspaceSettings settings(db);
            auto calendar = settings.calendar();
            if (!calendar)
                return calendar.error();
            auto roster = settings.roster();
            auto agents = Store::AgentRepository(db).list();
            Staffing staffing{calendar.value(), {}};
            if (roster && agents) {
                for (const auto &entry : roster->status(agents.value(), db.now())) {
                    if (entry.rostered)
                        staffing.roster << entry;
                }
            }
            return staffing;
        },
        [this](Core::Result<Staffing> staffing) {
            const Core::Result<Core::BusinessCalendar> calendar =
                staffing ? Core::Result<Core::BusinessCalendar>(staffing->calendar)
                         : Core::Result<Core::BusinessCalendar>(staffing.error());
            if (!calendar) {
                setText(tr("Staffed hours unknown"));
                setToolTip(calendar.error().fullText());
                return;
            }
            const QDateTime now = QDateTime::currentDateTimeUtc();
            const QLocale locale;
            const auto local = [&](const QDateTime &utc) {
                const QDateTime inZone = utc.toTimeZone(calendar->timeZone());
                return inZone.date() == now.toTimeZone(calendar->timeZone()).date()
                           ? locale.toString(inZone.time(), QStringLiteral("HH:mm"))
                           : locale.toString(inZone, QStringLiteral("ddd HH:mm"));
            };
            if (calendar->isAlwaysOpen()) {
                setText(tr("Team on duty around the clock"));
            } else if (calendar->isOpen(now)) {
                const auto closing = calendar->currentClosing(now);
                setText(closing ? tr("Team on duty until %1").arg(local(*closing)) : tr("Team on duty"));
            } else {
                const auto opening = calendar->nextOpening(now);
                setText(opening ? tr("Team off duty — back %1").arg(local(*opening)) : tr("Team off duty"));
            }
            m_bioLine = Core::staffedHoursLine(calendar.value());
            // The roster, when leads keep one: who is on duty now, and who comes next.
            QStringList onDuty;
            QStringList next;
            for (const auto &entry : staffing->roster) {
                const QString name = entry.agent.name.isEmpty() ? entry.agent.id : entry.agent.name;
                if (entry.onDuty)
                    onDuty << (entry.until ? tr("%1 until %2").arg(name, local(*entry.until)) : name);
                else if (entry.nextShift && next.size() < 3)
                    next << tr("%1 from %2").arg(name, local(*entry.nextShift));
            }
            if (!staffing->roster.isEmpty())
                setText(text() + QStringLiteral(" · ") + tr("%n on duty", nullptr, int(onDuty.size())));
            QString rosterText;
            if (!onDuty.isEmpty())
                rosterText += QLatin1Char('\n') + tr("On duty: %1").arg(onDuty.join(QStringLiteral(", ")));
            if (!next.isEmpty())
                rosterText += QLatin1Char('\n') + tr("Next: %1").arg(next.join(QStringLiteral(", ")));
            setToolTip(tr("Staffed hours in %1. Response times count staffed hours where the SLA policy says so.\n"
                          "For profile bios (right-click to copy): %2")
                           .arg(QString::fromUtf8(calendar->timeZone().id()), m_bioLine)
                       + rosterText);
        });
}

} // namespace Care::Gui
