#include "gui/StaffingLabel.h"

#include "store/Store.h"
#include "store/WorkspaceSettings.h"

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
            setToolTip(tr("Staffed hours in %1. Response times count staffed hours where the SLA policy says so.")
                           .arg(QString::fromUtf8(calendar->timeZone().id())));
        });
}

} // namespace Care::Gui
