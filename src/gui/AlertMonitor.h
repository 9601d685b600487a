#pragma once

#include "core/AlertRules.h"

#include <QObject>

class QSystemTrayIcon;
class QTimer;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Watches the queue so nothing is missed: a tray icon with the number of conversations
// breached or due within 15 minutes, and desktop notifications for a new urgent conversation
// and an imminent breach (outside the agent's quiet hours). Clicking one opens it.
class AlertMonitor : public QObject
{
    Q_OBJECT

public:
    explicit AlertMonitor(Store::Store *store, QObject *parent = nullptr);

    void check();
    // Whose roster decides: an agent with shifts gets notifications only while on duty
    // (unless they turn that off in Settings).
    void setAgent(const QString &agentId) { m_agentId = agentId; }
    bool offDuty() const { return m_offDuty; }
    // A desktop notification of something else the agent should know now (a spike for leads);
    // respects "Notify me". Returns whether it was shown (false without a system tray).
    bool notify(const QString &title, const QString &text);
    int dueSoonCount() const { return m_dueSoon; }
    const QList<Core::AlertRules::Alert> &lastAlerts() const { return m_lastAlerts; }

signals:
    void openConversationRequested(qint64 conversationId);
    void alertsRaised(const QList<Care::Core::AlertRules::Alert> &alerts);

private:
    Store::Store *m_store;
    QTimer *m_timer;
    QSystemTrayIcon *m_tray = nullptr;
    Core::AlertRules m_rules;
    int m_dueSoon = 0;
    QString m_agentId;
    bool m_offDuty = false;
    qint64 m_lastAlerted = 0;
    QList<Core::AlertRules::Alert> m_lastAlerts;
};

} // namespace Care::Gui
