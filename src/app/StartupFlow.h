#pragma once

#include "app/CommandLine.h"
#include "core/Error.h"
#include "store/DatabaseLocation.h"

#include <QObject>
#include <memory>

namespace Care::Store {
class Store;
}
namespace Care::Sync {
class SyncService;
}
namespace Care::Gui {
class MainWindow;
struct WorkspaceInfo;
}

namespace Care::App {

// Decides which store to open (command line, settings, the embedded default or the demo
// workspace), opens it off the GUI thread, explains failures, and shows the main window.
class StartupFlow : public QObject
{
    Q_OBJECT

public:
    explicit StartupFlow(const CommandLine &commandLine, QObject *parent = nullptr);
    ~StartupFlow() override;

    void start();

    static QString defaultStorePath();
    static QString demoStorePath();

private:
    void openStore(const Store::DatabaseLocation &location, bool demoWhenNoAccounts);
    void showTeamWindow(const Store::DatabaseLocation &location);
    void openDemo();
    void showWindow(const Gui::WorkspaceInfo &info, const Store::DatabaseLocation &location);
    // Closes the window (and its sync) before another store opens, keeping the program running.
    void switchWindow();
    void handleOpenFailure(const Core::Error &error, const Store::DatabaseLocation &location);
    void useTeamDatabase();
    bool dialogsAllowed() const;
    Gui::WorkspaceInfo workspaceInfo(bool demo, const Store::DatabaseLocation &location) const;
    // Where the user's own data lives: the team database chosen earlier, or the embedded store.
    Store::DatabaseLocation ownStoreLocation() const;

    CommandLine m_commandLine;
    std::unique_ptr<Store::Store> m_store;
    std::unique_ptr<Gui::MainWindow> m_window;
    std::unique_ptr<Sync::SyncService> m_sync; // declared last: stops before the window goes
};

} // namespace Care::App
