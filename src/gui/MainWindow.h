#pragma once

#include <QMainWindow>
#include <memory>

class QLabel;
class QTimer;

namespace Ui {
class MainWindow;
}

namespace Care::Store {
class Store;
}

namespace Care::Sync {
class SyncService;
struct AccountView;
}

namespace Care::Gui {

class AlertMonitor;
class ChartsPane;
class ConversationPane;
class DemoBanner;
class InboxPane;
class PolicySidebar;
class StaffingLabel;
class SyncStatusButton;
class DashboardPane;
class ViewsPane;
class WorkflowController;

// What the window shows and for whom.
struct WorkspaceInfo
{
    bool demo = false;
    QString location; // for the status bar; never contains a password
    QString agentId;
    QString agentName;
    QString agentSignature; // how replies are signed; the first name when empty
    bool canEditPolicies = true; // leads and administrators (everyone on a single-user store)
    // Team mode: signed in to a team database with one's own login; the team's sync service
    // does the platform traffic. `teamRole` is "agent", "lead" or "admin".
    bool teamMode = false;
    QString teamRole;
    // A store several consoles share (PostgreSQL): presence and collision checks are worth it.
    bool shared = false;
};

// Wires the panes together: the inbox, the conversation, the policy sidebar and the charts.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(Store::Store *store, const WorkspaceInfo &info, QWidget *parent = nullptr);
    ~MainWindow() override;

    InboxPane *inboxPane() const { return m_inbox; }
    ConversationPane *conversationPane() const { return m_conversation; }
    PolicySidebar *policySidebar() const { return m_policies; }
    ChartsPane *chartsPane() const { return m_charts; }
    ViewsPane *viewsPane() const { return m_views; }
    WorkflowController *workflow() const { return m_workflow; }
    AlertMonitor *alerts() const { return m_alerts; }
    void refreshAll();
    // Window size and pane sizes as the agent left them (maximised the first time).
    void restoreLayout();
    // Connects the console's sync: account status in the status bar, File → Accounts, new
    // messages refreshing the views, and replies delivered as soon as they are queued.
    void setSyncService(Sync::SyncService *sync);
    SyncStatusButton *syncStatus() const { return m_syncStatus; }

signals:
    void useTeamDatabaseRequested();
    void openDemoRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void setOnline(bool online, const QString &message);
    void showAbout();

    std::unique_ptr<Ui::MainWindow> m_ui;
    Store::Store *m_store;
    WorkspaceInfo m_info;
    DemoBanner *m_demoBanner = nullptr;
    QLabel *m_offlineBanner;
    ViewsPane *m_views;
    InboxPane *m_inbox;
    ConversationPane *m_conversation;
    PolicySidebar *m_policies;
    ChartsPane *m_charts;
    WorkflowController *m_workflow;
    QLabel *m_connectionLabel;
    StaffingLabel *m_staffing = nullptr;
    SyncStatusButton *m_syncStatus = nullptr;
    DashboardPane *m_dashboard = nullptr; // the leads' dashboard, a window of its own, made on first use
    void showDashboard();
    void showServiceLevels(); // leads: calendar, SLA policies, triage rules
    Sync::SyncService *m_sync = nullptr;
    QList<Sync::AccountView> m_accounts;
    AlertMonitor *m_alerts = nullptr;
    QTimer *m_refreshDelay;
};

} // namespace Care::Gui
