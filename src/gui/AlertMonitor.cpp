#include "gui/AlertMonitor.h"

#include "store/ConversationRepository.h"
#include "store/Store.h"
#include "store/WorkspaceSettings.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTimer>

namespace Care::Gui {

namespace {

struct Watch
{
    QList<Core::AlertRules::Item> items;
    bool offDuty = false;
};

} // namespace

AlertMonitor::AlertMonitor(Store::Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_timer(new QTimer(this))
{
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::style()->standardIcon(QStyle::SP_MessageBoxInformation), this);
        m_tray->setToolTip(tr("Care Console"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            if (m_lastAlerted != 0)
                emit openConversationRequested(m_lastAlerted);
        });
    }
    m_timer->setInterval(30 * 1000);
    connect(m_timer, &QTimer::timeout, this, &AlertMonitor::check);
    m_timer->start();
}

void AlertMonitor::check()
{
    const QSettings settings;
    m_rules.setQuietHours(QTime::fromString(settings.value(QStringLiteral("notify/quietFrom")).toString(), QStringLiteral("HH:mm")),
                          QTime::fromString(settings.value(QStringLiteral("notify/quietTo")).toString(), QStringLiteral("HH:mm")));
    const bool enabled = settings.value(QStringLiteral("notify/enabled"), true).toBool();
    const bool onlyOnDuty = settings.value(QStringLiteral("notify/onlyOnDuty"), true).toBool();
    m_store->run(
        this,
        [agent = m_agentId](Store::Database &db) -> Core::Result<Watch> {
            // The roster says whether the agent is off duty now (never without shifts).
            auto roster = Store::WorkspaceSettings(db).roster();
            const bool offDuty = !agent.isEmpty() && roster && roster->isRostered(agent)
                                 && !roster->isOnDuty(agent, db.now());
            Store::InboxFilter open;
            open.statuses = {Core::ConversationStatus::Open};
            auto rows = Store::ConversationRepository(db).page(open, 0, 1000);
            if (!rows)
                return rows.error();
            QList<Core::AlertRules::Item> items;
            for (const Store::InboxRow &row : rows.value())
                items << Core::AlertRules::Item{row.id, row.customerName, row.priority == Core::Priority::Urgent,
                                                row.dueAt};
            return Watch{items, offDuty};
        },
        [this, enabled, onlyOnDuty](Core::Result<Watch> watch) {
            if (!watch)
                return;
            m_offDuty = watch->offDuty;
            const QList<Core::AlertRules::Item> &items = watch->items;
            const QDateTime now = QDateTime::currentDateTimeUtc();
            m_dueSoon = Core::AlertRules::dueSoonCount(items, now);
            m_lastAlerts = m_rules.update(items, now, QTime::currentTime());
            if (m_tray)
                m_tray->setToolTip(tr("Care Console — %1 breached or due within 15 minutes").arg(m_dueSoon));
            if (!enabled || m_lastAlerts.isEmpty() || (onlyOnDuty && m_offDuty))
                return;
            emit alertsRaised(m_lastAlerts);
            if (!m_tray)
                return;
            const auto &alert = m_lastAlerts.first();
            m_lastAlerted = alert.conversationId;
            m_tray->showMessage(alert.kind == Core::AlertRules::Alert::Kind::NewUrgent
                                    ? tr("Urgent: %1").arg(alert.customer)
                                    : tr("Answer due in 5 minutes: %1").arg(alert.customer),
                                m_lastAlerts.size() > 1 ? tr("and %1 more").arg(m_lastAlerts.size() - 1)
                                                        : tr("Click to open the conversation."));
        });
}

bool AlertMonitor::notify(const QString &title, const QString &text)
{
    if (!m_tray || !QSettings().value(QStringLiteral("notify/enabled"), true).toBool())
        return false;
    m_lastAlerted = 0; // no conversation behind it: clicking it opens none
    m_tray->showMessage(title, text);
    return true;
}

} // namespace Care::Gui
