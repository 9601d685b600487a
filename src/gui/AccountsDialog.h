#pragma once

#include "sync/SyncService.h"

#include <QDialog>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
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
    // An X account's monthly budget is set by a lead or an administrator (or the owner of a
    // single-user store); others see it.
    void setCanSetBudget(bool canSetBudget);

private:
    // A connect dialog over this one, deleted when closed.
    void openDialog(QDialog *dialog);
    void updateSelection();
    void editListening();
    void showBudget(const Sync::AccountView *account);
    void setIntervals(); // checks the X poll intervals typed, then asks the sync to use them
    qint64 selectedId() const;

    Sync::SyncService *m_sync;
    bool m_teamMode = false;
    QTableWidget *m_table;
    QLabel *m_detail;
    QPushButton *m_syncNow;
    QPushButton *m_remove;
    QPushButton *m_listening;
    QPushButton *m_addFeed;
    QWidget *m_budgetRow;
    QDoubleSpinBox *m_budget;
    QPushButton *m_setBudget;
    qint64 m_budgetFor = 0; // the account m_budget shows
    // X: how often mentions, keyword listening and direct messages are polled (seconds, 0: off).
    QWidget *m_intervalsRow;
    QSpinBox *m_pollMentions;
    QSpinBox *m_pollSearch;
    QSpinBox *m_pollDirect;
    QPushButton *m_setIntervals;
    QLabel *m_intervalsError;
    bool m_intervalsEdited = false; // typed but not set yet
    bool m_canSetBudget = true;
    QList<Sync::AccountView> m_accounts;
};

} // namespace Care::Gui
