#pragma once

#include <QDialog>
#include <QUrl>

class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace Care::Sync {
class SyncService;
}

namespace Care::Gui {

class AccountConnectRequest;

// Connect an X account: the X app's client id (a native app, no secret), the brand terms to
// listen for — the search query they make is shown as they are typed, before anything runs —
// and a monthly budget; then the browser sign-in (OAuth 2.0 with PKCE) on the sync thread.
class ConnectXDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectXDialog(Sync::SyncService *sync, QWidget *parent = nullptr);

    // Test seam: a scripted X server instead of x.com / api.x.com.
    void setServersForTesting(const QUrl &authBase, const QUrl &apiBase);

private:
    void updateQuery();
    void signIn();
    void setBusy(bool busy, const QString &message);

    Sync::SyncService *m_sync;
    QLineEdit *m_clientId;
    QSpinBox *m_port;
    QLineEdit *m_keywords;
    QDoubleSpinBox *m_budget;
    QLabel *m_query;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    AccountConnectRequest *m_request = nullptr;
    QPushButton *m_signIn;
    QUrl m_authBase;
    QUrl m_apiBase;
};

} // namespace Care::Gui
