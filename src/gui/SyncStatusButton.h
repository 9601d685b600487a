#pragma once

#include "sync/SyncService.h"

#include <QToolButton>

namespace Care::Gui {

// In the status bar: how the accounts' sync stands, in one line — "Synced 14:32",
// "Syncing…", or the first problem in words ("Token revoked on social.example —
// reconnect"). The tooltip has a line per account; clicking opens the accounts.
class SyncStatusButton : public QToolButton
{
    Q_OBJECT

public:
    explicit SyncStatusButton(QWidget *parent = nullptr);

    void setAccounts(const QList<Sync::AccountView> &accounts);

    static QString describe(const Sync::AccountView &account);
};

} // namespace Care::Gui
