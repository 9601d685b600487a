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

// Connects a Facebook Page with a Page access token an administrator pastes (a long-lived Page
// token, or one made for a system user in Meta Business Suite). The check runs on the sync
// thread: the Page must answer to the token, and debug_token must show every permission the
// console needs — any that is missing is named with what it is for. The token goes to the
// system keychain, never into the store or settings.
class ConnectFacebookDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectFacebookDialog(Sync::SyncService *sync, QWidget *parent = nullptr);
    // Test seam: a scripted Graph API on loopback instead of graph.facebook.com.
    void setGraphBase(const QString &base) { m_graphBase = base; }

private:
    void submit();
    void setBusy(bool busy, const QString &message);

    Sync::SyncService *m_sync;
    QLineEdit *m_pageId;
    QLineEdit *m_token;
    QCheckBox *m_messenger;
    QCheckBox *m_humanAgent;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    AccountConnectRequest *m_request = nullptr;
    QString m_graphBase;
};

} // namespace Care::Gui
