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

// Connects a support mailbox: IMAP in, SMTP out. Both logins are checked on the sync thread
// before anything is kept (Sync::connectEmailAccount, shared with `careconsole account add
// email`); the password goes to the system keychain, never into the store or settings.
// Plain text without TLS is offered only for servers on this computer.
class ConnectEmailDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectEmailDialog(Sync::SyncService *sync, QWidget *parent = nullptr);

private:
    void submit();
    void setBusy(bool busy, const QString &message);
    // Plain text is offered while both servers are on this computer.
    void updatePlainOffer();

    Sync::SyncService *m_sync;
    QLineEdit *m_imap;
    QLineEdit *m_smtp;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_address;
    QLineEdit *m_name;
    QCheckBox *m_allowPlain;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    AccountConnectRequest *m_request = nullptr;
};

} // namespace Care::Gui
