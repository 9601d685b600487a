#pragma once

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace Care::Sync {
class SyncService;
}

namespace Care::Gui {

class AccountConnectRequest;

// Connects a Bluesky account with an app password (never the account's main password). The
// sign-in runs on the sync thread; the app password and the session go to the system
// keychain, never into the store or settings.
class ConnectBlueskyDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectBlueskyDialog(Sync::SyncService *sync, QWidget *parent = nullptr);

    // An app password looks like "abcd-efgh-ijkl-mnop"; anything else is probably the main
    // password, which the dialog refuses (except on a local test network).
    static bool looksLikeAppPassword(const QString &text);

private:
    void submit();
    void setBusy(bool busy, const QString &message);

    Sync::SyncService *m_sync;
    QLineEdit *m_handle;
    QLineEdit *m_appPassword;
    QLineEdit *m_service;
    QLineEdit *m_keywords;
    QCheckBox *m_markSeen;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    AccountConnectRequest *m_request = nullptr;
};

} // namespace Care::Gui
