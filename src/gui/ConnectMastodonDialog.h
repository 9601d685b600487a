#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Care::Sync {
class SyncService;
}

namespace Care::Gui {

class AccountConnectRequest;

// Connects a Mastodon account with an access token from the instance's settings. The
// token is checked with the instance (on the sync thread) before anything is kept; it
// goes to the system keychain, never into the store or settings.
class ConnectMastodonDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectMastodonDialog(Sync::SyncService *sync, QWidget *parent = nullptr);

private:
    void submit();
    void signInWithBrowser();
    void setBusy(bool busy, const QString &message);

    Sync::SyncService *m_sync;
    QLineEdit *m_instance;
    QLineEdit *m_token;
    QLineEdit *m_keywords;
    QLineEdit *m_hashtags;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    AccountConnectRequest *m_request = nullptr;
    QPushButton *m_browser = nullptr;
};

} // namespace Care::Gui
