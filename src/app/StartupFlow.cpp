#include "app/StartupFlow.h"

#include "core/ManagedSettings.h"
#include "gui/FirstPaintReporter.h"
#include "gui/MainWindow.h"
#include "sync/SyncService.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/DemoWorkspace.h"
#include "store/Store.h"
#include "store/TeamRoles.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTimer>
#include <QStandardPaths>
#include <QTextStream>

namespace Care::App {

using Core::Error;
using Store::DatabaseLocation;

namespace {

const char *const kDatabaseSetting = Core::ManagedSettings::kDatabaseUrl; // the administrator may preset or lock it

void printError(const Error &error)
{
    QTextStream err(stderr);
    err << "careconsole: " << error.message << Qt::endl;
    if (!error.hint.isEmpty())
        err << error.hint << Qt::endl;
    if (!error.detail.isEmpty())
        err << "(" << error.detail.trimmed() << ")" << Qt::endl;
}

} // namespace

StartupFlow::StartupFlow(const CommandLine &commandLine, QObject *parent)
    : QObject(parent)
    , m_commandLine(commandLine)
    , m_store(std::make_unique<Store::Store>())
{
}

StartupFlow::~StartupFlow()
{
    m_window.reset();
    m_store.reset();
}

QString StartupFlow::defaultStorePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/careconsole.sqlite");
}

QString StartupFlow::demoStorePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/demo-workspace.sqlite");
}

bool StartupFlow::dialogsAllowed() const
{
    const QString platform = QGuiApplication::platformName();
    return platform != QLatin1String("offscreen") && platform != QLatin1String("minimal");
}

DatabaseLocation StartupFlow::ownStoreLocation() const
{
    QString url = m_commandLine.database;
    if (url.isEmpty())
        url = Core::ManagedSettings().value(QLatin1String(kDatabaseSetting)).toString();
    if (!url.isEmpty()) {
        if (auto location = DatabaseLocation::parse(url))
            return location.value();
    }
    QDir().mkpath(QFileInfo(defaultStorePath()).absolutePath());
    return DatabaseLocation::sqliteFile(defaultStorePath());
}

void StartupFlow::start()
{
    if (m_commandLine.demo) {
        openDemo();
        return;
    }
    QString url = m_commandLine.database;
    if (url.isEmpty())
        url = Core::ManagedSettings().value(QLatin1String(kDatabaseSetting)).toString();
    if (url.isEmpty()) {
        // The embedded default; the demo workspace while no account is connected.
        openStore(DatabaseLocation::sqliteFile(defaultStorePath()), true);
        return;
    }
    auto location = DatabaseLocation::parse(url);
    if (!location) {
        handleOpenFailure(location.error(), DatabaseLocation{});
        return;
    }
    openStore(location.value(), false);
}

Gui::WorkspaceInfo StartupFlow::workspaceInfo(bool demo, const DatabaseLocation &location) const
{
    Gui::WorkspaceInfo info;
    info.demo = demo;
    info.location = location.displayName();
    info.shared = location.dialect == Store::SqlDialect::PostgreSQL;
    const QSettings settings;
    QString user = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    if (user.isEmpty())
        user = QStringLiteral("agent");
    info.agentId = settings.value(QStringLiteral("agent/id"), user).toString();
    info.agentName = settings.value(QStringLiteral("agent/name"), info.agentId).toString();
    info.agentSignature = settings.value(QStringLiteral("agent/signature")).toString();
    return info;
}

void StartupFlow::openStore(const DatabaseLocation &location, bool demoWhenNoAccounts)
{
    m_store->open(location, this, [this, location, demoWhenNoAccounts](Core::Status status) {
        if (!status) {
            handleOpenFailure(status.error(), location);
            return;
        }
        if (location.dialect == Store::SqlDialect::PostgreSQL) {
            showTeamWindow(location);
            return;
        }
        if (!demoWhenNoAccounts) {
            showWindow(workspaceInfo(false, location), location);
            return;
        }
        m_store->run(
            this, [](Store::Database &db) { return Store::AccountRepository(db).countReal(); },
            [this, location](Core::Result<int> count) {
                if (count && count.value() == 0)
                    openDemo();
                else
                    showWindow(workspaceInfo(false, location), location);
            });
    });
}

void StartupFlow::showTeamWindow(const DatabaseLocation &location)
{
    // On a team database with team roles the login is the person: agent id, name and role
    // come from the database, never from this machine's settings.
    struct Identity
    {
        std::optional<Store::TeamRoles::Member> member;
        Core::Agent agent;
    };
    m_store->run(
        this,
        [](Store::Database &db) -> Core::Result<Identity> {
            Identity identity;
            auto me = Store::TeamRoles(db).whoAmI();
            if (!me)
                return me.error();
            identity.member = me.value();
            if (!identity.member)
                return identity;
            auto agents = Store::AgentRepository(db).list();
            if (!agents)
                return agents.error();
            for (const Core::Agent &agent : agents.value()) {
                if (agent.id == identity.member->login)
                    identity.agent = agent;
            }
            return identity;
        },
        [this, location](Core::Result<Identity> identity) {
            Gui::WorkspaceInfo info = workspaceInfo(false, location);
            if (identity && identity->member && identity->member->role != Store::TeamRoles::Role::Sync) {
                const Identity &me = identity.value();
                info.teamMode = true;
                info.teamRole = Store::TeamRoles::roleId(me.member->role);
                info.agentId = me.member->login;
                info.agentName = me.agent.name.isEmpty() ? me.member->login : me.agent.name;
                info.agentSignature = me.agent.signature;
                info.canEditPolicies = me.member->role != Store::TeamRoles::Role::Agent;
            }
            showWindow(info, location);
        });
}

void StartupFlow::openDemo()
{
    const QString path = demoStorePath();
    // The demo store is ours alone and always starts fresh.
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
    const DatabaseLocation location = DatabaseLocation::sqliteFile(path);
    m_store->open(location, this, [this, location](Core::Status status) {
        if (!status) {
            handleOpenFailure(status.error(), location);
            return;
        }
        m_store->run(
            this,
            [](Store::Database &db) { return Store::DemoWorkspace::load(db, QDateTime::currentDateTimeUtc()); },
            [this, location](Core::Status loaded) {
                if (!loaded) {
                    handleOpenFailure(loaded.error(), location);
                    return;
                }
                // In the demo the user works as the demo team's first agent, so replies are signed.
                m_store->run(
                    this, [](Store::Database &db) { return Store::AgentRepository(db).list(); },
                    [this, location](Core::Result<QList<Core::Agent>> agents) {
                        Gui::WorkspaceInfo info = workspaceInfo(true, location);
                        if (agents && !agents->isEmpty()) {
                            info.agentId = agents->first().id;
                            info.agentName = agents->first().name;
                            info.agentSignature = agents->first().signature;
                            info.canEditPolicies = agents->first().role != QLatin1String("agent");
                        }
                        showWindow(info, location);
                    });
            });
    });
}

void StartupFlow::showWindow(const Gui::WorkspaceInfo &info, const DatabaseLocation &location)
{
    m_sync.reset();
    m_window = std::make_unique<Gui::MainWindow>(m_store.get(), info);
    // Sync runs on its own thread with its own connection to the same store.
    m_sync = std::make_unique<Sync::SyncService>(location, m_commandLine.secretsFile);
    // In team mode the platform credentials live with the team's sync service, not here.
    m_sync->setObserveOnly(info.teamMode);
    m_window->setSyncService(m_sync.get());
    if (info.demo) {
        // The first real account goes to the user's own store, which then opens in place
        // of the demo.
        const DatabaseLocation own = ownStoreLocation();
        m_sync->setAccountStore(own);
        connect(m_sync.get(), &Sync::SyncService::accountConnected, this, [this, own] {
            QTimer::singleShot(0, this, [this, own] {
                switchWindow();
                openStore(own, false);
            });
        });
    }
    m_sync->start();
    connect(m_window.get(), &Gui::MainWindow::useTeamDatabaseRequested, this, &StartupFlow::useTeamDatabase);
    connect(m_window.get(), &Gui::MainWindow::openDemoRequested, this, [this] {
        switchWindow();
        openDemo();
    });
    m_window->restoreLayout();
    if (Gui::FirstPaintReporter::requested()) // careconsole-bench measures the cold start
        new Gui::FirstPaintReporter(m_window->inboxPane());
    m_window->show();
    QGuiApplication::setQuitOnLastWindowClosed(true);
    m_window->refreshAll();
}

void StartupFlow::useTeamDatabase()
{
    if (const Core::ManagedSettings managed; managed.isLocked(QLatin1String(kDatabaseSetting))) {
        QMessageBox::information(m_window.get(), tr("Use a team database"),
                                 tr("Your administrator has set the team database for this computer (%1); it cannot "
                                    "be changed here.")
                                     .arg(managed.source()));
        return;
    }
    bool ok = false;
    const QString url = QInputDialog::getText(
        m_window.get(), tr("Use a team database"),
        tr("The URL of your team's PostgreSQL database, for example\npostgresql://jane@care-db.example.com/care\n"
           "Leave it empty to work in the store on this computer again."),
        QLineEdit::Normal, Core::ManagedSettings().value(QLatin1String(kDatabaseSetting)).toString(), &ok);
    if (!ok)
        return;
    if (url.trimmed().isEmpty()) {
        if (Core::ManagedSettings().value(QLatin1String(kDatabaseSetting)).toString().isEmpty())
            return; // already on this computer's store
        Core::ManagedSettings().setValue(QLatin1String(kDatabaseSetting), QString());
        switchWindow();
        openStore(DatabaseLocation::sqliteFile(defaultStorePath()), true);
        return;
    }
    auto location = DatabaseLocation::parse(url);
    if (!location) {
        QMessageBox::warning(m_window.get(), tr("Use a team database"), location.error().fullText());
        return;
    }
    // Test on a separate store first, so a wrong URL leaves the current workspace open.
    auto *probe = new Store::Store(this);
    probe->open(location.value(), this, [this, probe, url, loc = location.value()](Core::Status status) {
        probe->deleteLater();
        if (!status) {
            QMessageBox::warning(m_window.get(), tr("Use a team database"), status.error().fullText());
            return;
        }
        Core::ManagedSettings().setValue(QLatin1String(kDatabaseSetting), url);
        m_window.reset();
        openStore(loc, false);
    });
}

void StartupFlow::switchWindow()
{
    // Closing this window while the next store opens must not end the program.
    QGuiApplication::setQuitOnLastWindowClosed(false);
    m_sync.reset();
    m_window.reset();
}

void StartupFlow::handleOpenFailure(const Error &error, const DatabaseLocation &location)
{
    QGuiApplication::setQuitOnLastWindowClosed(true);
    printError(error);
    if (!dialogsAllowed()) {
        QCoreApplication::exit(2);
        return;
    }
    QMessageBox box;
    box.setIcon(QMessageBox::Critical);
    box.setWindowTitle(tr("Care Console cannot open the store"));
    box.setText(error.message);
    box.setInformativeText(error.hint);
    box.setDetailedText(error.detail);
    QPushButton *readOnlyCopy = nullptr;
    QPushButton *newStore = nullptr;
    const bool damaged = error.code == Error::Code::Corrupt || error.code == Error::Code::NotADatabase;
    if (location.dialect == Store::SqlDialect::SQLite && !location.path.isEmpty() && damaged) {
        if (error.code == Error::Code::Corrupt)
            readOnlyCopy = box.addButton(tr("Open a read-only copy"), QMessageBox::AcceptRole);
        newStore = box.addButton(tr("Start a new store elsewhere…"), QMessageBox::ActionRole);
    }
    box.addButton(QMessageBox::Close);
    box.exec();
    if (readOnlyCopy && box.clickedButton() == readOnlyCopy) {
        const QString copy = QStandardPaths::writableLocation(QStandardPaths::TempLocation)
                             + QStringLiteral("/careconsole-rescue-")
                             + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))
                             + QStringLiteral(".sqlite");
        QFile::copy(location.path, copy);
        if (QFile::exists(location.path + QStringLiteral("-wal")))
            QFile::copy(location.path + QStringLiteral("-wal"), copy + QStringLiteral("-wal"));
        openStore(DatabaseLocation::sqliteFile(copy, true), false);
        return;
    }
    if (newStore && box.clickedButton() == newStore) {
        const QString path = QFileDialog::getSaveFileName(nullptr, tr("New store"),
                                                          QFileInfo(location.path).absolutePath()
                                                              + QStringLiteral("/careconsole-new.sqlite"),
                                                          tr("Care Console store (*.sqlite)"));
        if (!path.isEmpty() && QFileInfo(path).absoluteFilePath() != QFileInfo(location.path).absoluteFilePath()) {
            openStore(DatabaseLocation::sqliteFile(path), false);
            return;
        }
    }
    QCoreApplication::exit(2);
}

} // namespace Care::App
