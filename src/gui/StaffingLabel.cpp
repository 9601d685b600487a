#include "gui/StaffingLabel.h"

#include "core/StaffedHoursText.h"
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

void StaffingLabel::refresh()
{
    m_store->run(
        this, [](Store::Database &db) { return Store::WorkspaceSettings(db).calendar(); },
        [this](Core::Result<Core::BusinessCalendar> calendar) {
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
            setToolTip(tr("Staffed hours in %1. Response times count staffed hours where the SLA policy says so.\n"
                          "For profile bios (right-click to copy): %2")
                           .arg(QString::fromUtf8(calendar->timeZone().id()), m_bioLine));
        });
}

} // namespace Care::Gui
