#pragma once

#include "sync/SyncService.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace Care::Gui {

// The connected accounts and how their sync stands: state in words, last and next sync,
// the platform's request budget and replies not delivered yet. Connect, sync now, remove.
class AccountsDialog : public QDialog
{
    Q_OBJECT

public:
    AccountsDialog(Sync::SyncService *sync, QWidget *parent = nullptr);

    void setAccounts(const QList<Sync::AccountView> &accounts);
    // Blog and news feeds are added by leads only.
    void setCanAddFeeds(bool canAddFeeds);
    // Team mode: the team's sync service connects and syncs accounts (credentials never reach
    // agents' machines), so this dialog only shows their state.
    void setTeamMode(bool teamMode);

private:
    // A connect dialog over this one, deleted when closed.
    void openDialog(QDialog *dialog);
    void updateSelection();
    void editListening();
    qint64 selectedId() const;

    Sync::SyncService *m_sync;
    bool m_teamMode = false;
    QTableWidget *m_table;
    QLabel *m_detail;
    QPushButton *m_syncNow;
    QPushButton *m_remove;
    QPushButton *m_listening;
    QPushButton *m_addFeed;
    QList<Sync::AccountView> m_accounts;
};

} // namespace Care::Gui
