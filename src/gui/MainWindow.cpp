#include "gui/MainWindow.h"

#include "gui/HandOffDialog.h"

#include "ui_MainWindow.h"

#include "gui/AlertMonitor.h"
#include "gui/AttachmentsDialog.h"
#include "gui/ChartsPane.h"
#include "gui/ConversationPane.h"
#include "gui/CrisisBanner.h"
#include "gui/DemoBanner.h"
#include "gui/InboxModel.h"
#include "gui/InboxPane.h"
#include "gui/PolicySidebar.h"
#include "gui/RosterDialog.h"
#include "gui/ScheduledPostsDialog.h"
#include "gui/ServiceLevelsDialog.h"
#include "gui/SettingsDialog.h"
#include "gui/WorkspacePackActions.h"
#include "gui/StaffingLabel.h"
#include "gui/AccountsDialog.h"
#include "gui/AddFeedDialog.h"
#include "gui/DashboardPane.h"
#include "gui/SyncStatusButton.h"
#include "gui/TranscriptView.h"
#include "sync/SyncService.h"
#include "gui/ViewsPane.h"
#include "gui/WorkflowController.h"
#include "store/Store.h"

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QTimer>

namespace Care::Gui {

MainWindow::MainWindow(Store::Store *store, const WorkspaceInfo &info, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_store(store)
    , m_info(info)
    , m_offlineBanner(new QLabel(this))
    , m_views(new ViewsPane(store, info.agentId, this))
    , m_inbox(new InboxPane(store, info.agentId, this))
    , m_conversation(new ConversationPane(store, this))
    , m_policies(new PolicySidebar(store, this))
    , m_charts(new ChartsPane(store, this))
    , m_workflow(new WorkflowController(store, m_inbox, m_conversation, info.agentId, this))
    , m_connectionLabel(new QLabel(this))
    , m_refreshDelay(new QTimer(this))
{
    m_ui->setupUi(this);
    setWindowTitle(info.demo ? tr("Care Console — demo workspace") : tr("Care Console"));

    if (info.demo) {
        m_demoBanner = new DemoBanner(this);
        m_ui->centralLayout->insertWidget(0, m_demoBanner);
        connect(m_demoBanner, &DemoBanner::useTeamDatabaseRequested, this, &MainWindow::useTeamDatabaseRequested);
    }
    m_offlineBanner->setObjectName(QStringLiteral("offlineBanner"));
    m_offlineBanner->setTextFormat(Qt::PlainText);
    m_offlineBanner->setWordWrap(true);
    m_offlineBanner->setStyleSheet(QStringLiteral(
        "#offlineBanner { background: #fde2e1; border: 1px solid #d9534f; border-radius: 4px; padding: 6px; }"));
    m_offlineBanner->hide();
    m_ui->centralLayout->insertWidget(m_demoBanner ? 1 : 0, m_offlineBanner);
    // The incident banner: a declared crisis for everyone, spike alerts for leads.
    auto *crisis = new CrisisBanner(store, info.agentId, info.canEditPolicies, this);
    m_ui->centralLayout->insertWidget(m_ui->centralLayout->indexOf(m_offlineBanner) + 1, crisis);
    connect(crisis, &CrisisBanner::holdingStatementRequested, this,
            [this](const QString &text) { m_conversation->composer()->insertText(text); });
    connect(crisis, &CrisisBanner::conversationsRequested, this,
            [this](const QString &title, const QList<qint64> &ids) { m_inbox->showConversations(title, ids); });
    connect(crisis, &CrisisBanner::spikeDetected, this, [this](const QString &explanation) {
        QApplication::alert(this);
        if (m_alerts)
            m_alerts->notify(tr("Possible incident"), explanation);
    });
    connect(m_refreshDelay, &QTimer::timeout, crisis, &CrisisBanner::check);
    QTimer::singleShot(0, crisis, &CrisisBanner::check);

    m_ui->workSplitter->addWidget(m_views);
    m_ui->workSplitter->addWidget(m_inbox);
    m_ui->workSplitter->addWidget(m_conversation);
    m_ui->workSplitter->addWidget(m_policies);
    m_ui->workSplitter->setStretchFactor(0, 0);
    m_ui->workSplitter->setStretchFactor(1, 5);
    m_ui->workSplitter->setStretchFactor(2, 4);
    m_ui->workSplitter->setStretchFactor(3, 2);
    m_ui->workSplitter->setSizes({m_views->minimumWidth(), 720, 500, 280});
    m_ui->mainSplitter->addWidget(m_charts);
    m_ui->mainSplitter->setStretchFactor(0, 3);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({600, 260});

    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_connectionLabel->setTextFormat(Qt::PlainText);
    m_connectionLabel->setText(info.demo       ? tr("Demo workspace")
                               : info.teamMode ? tr("%1 · signed in as %2 (%3)").arg(info.location, info.agentId, info.teamRole)
                                               : info.location);
    m_staffing = new StaffingLabel(store, this);
    statusBar()->addPermanentWidget(m_staffing);
    statusBar()->addPermanentWidget(m_connectionLabel);

    m_conversation->setAgent(info.agentId, info.agentName, info.agentSignature);
    m_conversation->composer()->setCollisionCheck(info.shared);
    m_conversation->setShared(info.shared);
    connect(m_views, &ViewsPane::viewChanged, m_inbox, &InboxPane::setView);
    connect(m_views, &ViewsPane::savedViewChosen, m_inbox, &InboxPane::applyState);
    connect(m_inbox, &InboxPane::savedViewsChanged, m_views, &ViewsPane::reloadSavedViews);
    connect(m_inbox, &InboxPane::conversationSelected, m_conversation, &ConversationPane::showConversation);
    connect(m_inbox, &InboxPane::conversationSelected, m_policies, &PolicySidebar::suggestFor);
    connect(m_policies, &PolicySidebar::quoteRequested, m_conversation->composer(), &ComposerPane::insertText);
    connect(m_policies, &PolicySidebar::cannedReplyRequested, m_conversation->composer(),
            &ComposerPane::insertCannedReply);
    m_policies->setAgent(info.agentId, info.canEditPolicies);
    const auto showStatus = [this](const QString &message) { statusBar()->showMessage(message, 10000); };
    connect(m_conversation, &ConversationPane::statusMessage, this, showStatus);
    connect(m_workflow, &WorkflowController::statusMessage, this, showStatus);
    connect(m_policies, &PolicySidebar::statusMessage, this, showStatus);
    connect(m_conversation, &ConversationPane::messageWritten, this, [this] { m_store->notifyChanged(); });
    for (QAction *action : m_workflow->actions())
        m_ui->menuConversation->addAction(action);
    m_ui->menuConversation->setToolTipsVisible(true); // a greyed action says why (the platform's rule)
    auto *handOff = new QAction(tr("&Hand off my conversations…"), this);
    handOff->setObjectName(QStringLiteral("actionHandOff"));
    handOff->setStatusTip(tr("Going off shift: give your open conversations to a colleague or the team, with a note"));
    m_ui->menuConversation->addSeparator();
    m_ui->menuConversation->addAction(handOff);
    connect(handOff, &QAction::triggered, this, [this, showStatus] {
        auto *dialog = new HandOffDialog(m_store, m_info.agentId, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &HandOffDialog::handedOff, this, showStatus);
        dialog->open();
        dialog->load();
    });

    // Writes from anywhere refresh the views, a few at a time rather than on every row.
    m_refreshDelay->setSingleShot(true);
    m_refreshDelay->setInterval(300);
    connect(m_store, &Store::Store::changed, m_refreshDelay, qOverload<>(&QTimer::start));
    connect(m_refreshDelay, &QTimer::timeout, this, [this] {
        m_inbox->model()->refresh();
        m_views->refreshCounts();
        m_conversation->reload();
        m_charts->reload();
        if (m_dashboard && m_dashboard->isVisible())
            m_dashboard->reload();
        m_alerts->check();
    });
    connect(m_store, &Store::Store::connectionStateChanged, this, &MainWindow::setOnline);

    m_alerts = new AlertMonitor(store, this);
    m_alerts->setAgent(info.agentId);
    connect(m_alerts, &AlertMonitor::openConversationRequested, this, [this](qint64 id) {
        showNormal();
        activateWindow();
        if (!m_inbox->revealConversation(id)) {
            m_views->setCurrentView(InboxView::Kind::AllOpen);
            statusBar()->showMessage(tr("The conversation is in All open."), 8000);
        }
    });

    auto *roster = new QAction(tr("&Who's on duty…"), this);
    roster->setObjectName(QStringLiteral("actionRoster"));
    roster->setStatusTip(tr("Who is on duty now, when the next shifts start, and each agent's weekly shifts"));
    m_ui->menuView->addAction(roster);
    connect(roster, &QAction::triggered, this, [this] {
        auto *dialog = new RosterDialog(m_store, m_info.agentId, m_info.canEditPolicies, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &RosterDialog::saved, m_staffing, &StaffingLabel::refresh);
        dialog->open();
        dialog->load();
    });

    auto *dashboard = new QAction(tr("Response-time &dashboard"), this);
    dashboard->setObjectName(QStringLiteral("actionDashboard"));
    dashboard->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_ui->menuView->addAction(dashboard);
    connect(dashboard, &QAction::triggered, this, &MainWindow::showDashboard);

    connect(m_ui->actionQuit, &QAction::triggered, qApp, &QApplication::closeAllWindows);
    connect(m_ui->actionSearch, &QAction::triggered, m_inbox, &InboxPane::focusSearch);
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refreshAll);
    connect(m_ui->actionUseTeamDatabase, &QAction::triggered, this, &MainWindow::useTeamDatabaseRequested);
    connect(m_ui->actionOpenDemo, &QAction::triggered, this, &MainWindow::openDemoRequested);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionSettings, &QAction::triggered, this, [this] {
        auto *dialog = new SettingsDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QDialog::accepted, this, [this] {
            const QSettings settings;
            m_conversation->setAgent(m_info.agentId, settings.value(QStringLiteral("agent/name"), m_info.agentName).toString(),
                                     settings.value(QStringLiteral("agent/signature"), m_info.agentSignature).toString());
            m_conversation->composer()->setUndoDelayMs(SettingsDialog::undoDelayMs());
        });
        dialog->open();
    });
    m_conversation->composer()->setUndoDelayMs(SettingsDialog::undoDelayMs());

    auto *packs = new WorkspacePackActions(m_store, m_info.agentId, this);
    m_ui->menuFile->insertActions(m_ui->actionSettings, packs->actions());
    connect(packs, &WorkspacePackActions::finished, this, [this](const QString &message) {
        statusBar()->showMessage(message, 10000);
    });
    connect(packs, &WorkspacePackActions::imported, m_store, &Store::Store::notifyChanged);

    if (info.canEditPolicies) {
        auto *serviceLevels = new QAction(tr("Service &levels…"), this);
        serviceLevels->setObjectName(QStringLiteral("actionServiceLevels"));
        serviceLevels->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
        serviceLevels->setStatusTip(tr("Staffed hours, SLA policies and triage rules"));
        m_ui->menuFile->insertAction(m_ui->actionSettings, serviceLevels);
        connect(serviceLevels, &QAction::triggered, this, &MainWindow::showServiceLevels);

        auto *scheduled = new QAction(tr("Scheduled &posts…"), this);
        scheduled->setObjectName(QStringLiteral("actionScheduledPosts"));
        scheduled->setStatusTip(tr("Shift announcements and other posts waiting for their time"));
        m_ui->menuView->addAction(scheduled);
        connect(scheduled, &QAction::triggered, this, [this] {
            auto *dialog = new ScheduledPostsDialog(m_store, m_info.agentId, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
            dialog->reload();
        });
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::showServiceLevels()
{
    auto *dialog = new ServiceLevelsDialog(m_store, m_info.agentId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ServiceLevelsDialog::saved, this, [this] {
        m_staffing->refresh();
        m_store->notifyChanged();
        statusBar()->showMessage(tr("Service levels saved; due times recomputed."), 8000);
    });
    dialog->open();
    dialog->load();
}

void MainWindow::showDashboard()
{
    if (!m_dashboard) {
        m_dashboard = new DashboardPane(m_store, this);
        m_dashboard->setWindowFlag(Qt::Window);
        m_dashboard->setWindowTitle(tr("Response times — Care Console"));
        m_dashboard->resize(1400, 980);
        connect(m_dashboard, &DashboardPane::conversationsRequested, this,
                [this](const QString &title, const QList<qint64> &ids) {
                    m_inbox->showConversations(title, ids);
                    raise();
                    activateWindow();
                });
        connect(m_dashboard, &DashboardPane::exportFinished, this, [this](const QString &path, const QString &error) {
            statusBar()->showMessage(error.isEmpty() ? tr("Saved %1.").arg(path) : error, 10000);
        });
    }
    m_dashboard->show();
    m_dashboard->raise();
    m_dashboard->activateWindow();
    m_dashboard->reload();
}

void MainWindow::setSyncService(Sync::SyncService *sync)
{
    m_sync = sync;
    m_syncStatus = new SyncStatusButton(this);
    statusBar()->insertPermanentWidget(0, m_syncStatus);
    auto *accounts = new QAction(tr("&Accounts…"), this);
    accounts->setObjectName(QStringLiteral("actionAccounts"));
    accounts->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_ui->menuFile->insertAction(m_ui->actionSettings, accounts);
    const auto openAccounts = [this] {
        auto *dialog = new AccountsDialog(m_sync, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setAccounts(m_accounts);
        dialog->setCanAddFeeds(m_info.canEditPolicies);
        dialog->setCanSetBudget(m_info.canEditPolicies); // leads and administrators, or the single user
        dialog->setTeamMode(m_info.teamMode);
        dialog->open();
    };
    connect(accounts, &QAction::triggered, this, openAccounts);
    if (m_info.canEditPolicies) { // blog and news listening is set up by leads
        auto *addFeed = new QAction(tr("Add blog or news &feed…"), this);
        addFeed->setObjectName(QStringLiteral("actionAddFeed"));
        m_ui->menuFile->insertAction(m_ui->actionSettings, addFeed);
        connect(addFeed, &QAction::triggered, this, [this] {
            auto *dialog = new AddFeedDialog(m_sync, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
        });
    }
    if (m_demoBanner)
        connect(m_demoBanner, &DemoBanner::connectAccountRequested, this, openAccounts);
    connect(m_syncStatus, &QToolButton::clicked, this, openAccounts);
    connect(sync, &Sync::SyncService::accountsChanged, this, [this](const QList<Sync::AccountView> &list) {
        m_accounts = list;
        m_syncStatus->setAccounts(list);
    });
    connect(sync, &Sync::SyncService::storeChanged, m_store, &Store::Store::notifyChanged);
    connect(sync, &Sync::SyncService::accountConnected, this,
            [this](const QString &label) { statusBar()->showMessage(tr("Connected %1; syncing now.").arg(label), 8000); });
    connect(m_conversation, &ConversationPane::messageWritten, sync, [sync] { sync->deliverSoon(); });
    connect(m_conversation, &ConversationPane::deliveryRequested, sync, &Sync::SyncService::deliverSoon);
    connect(m_conversation->composer(), &ComposerPane::privateReplyCheckRequested, sync, &Sync::SyncService::checkPrivateReply);
    connect(sync, &Sync::SyncService::privateReplyChecked, m_conversation->composer(), &ComposerPane::setPrivateReplyAvailability);
    // An e-mail's attachments: read again from the mailbox by the sync worker, saved on request.
    connect(m_conversation->transcriptView(), &TranscriptView::attachmentsRequested, this,
            [this, sync](qint64 messageId, const QString &from) {
                auto *dialog = new AttachmentsDialog(messageId, from, this);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                connect(sync, &Sync::SyncService::attachmentsRead, dialog, &AttachmentsDialog::showAttachments);
                connect(dialog, &AttachmentsDialog::saved, this,
                        [this](const QString &path) { statusBar()->showMessage(tr("Saved %1.").arg(path), 8000); });
                dialog->open();
                sync->readAttachments(messageId);
            });
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            setGeometry(screen->availableGeometry());
        setWindowState(windowState() | Qt::WindowMaximized);
    }
    m_ui->workSplitter->restoreState(settings.value(QStringLiteral("window/workSplitter")).toByteArray());
    m_ui->mainSplitter->restoreState(settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/workSplitter"), m_ui->workSplitter->saveState());
    settings.setValue(QStringLiteral("window/mainSplitter"), m_ui->mainSplitter->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::refreshAll()
{
    m_inbox->refresh();
    m_views->refreshCounts();
    m_staffing->refresh();
    m_alerts->check();
    m_policies->reload();
    m_charts->reload();
}

void MainWindow::setOnline(bool online, const QString &message)
{
    if (online) {
        m_offlineBanner->hide();
        m_connectionLabel->setText(m_info.location);
        statusBar()->showMessage(message, 5000);
        return;
    }
    m_offlineBanner->setText(tr("Offline: %1 Care Console keeps what you typed and reconnects by itself.").arg(message));
    m_offlineBanner->show();
    m_connectionLabel->setText(tr("Offline — reconnecting…"));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Care Console"),
                       tr("Care Console %1\nA native console for social customer care.\n\nStore: %2")
                           .arg(QStringLiteral(CARE_VERSION), m_info.demo ? tr("demo workspace") : m_info.location));
}

} // namespace Care::Gui
