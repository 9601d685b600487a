#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Care::Sync {
class SyncService;
}

namespace Care::Gui {

class AccountConnectRequest;

// Blog and news listening: a lead adds an RSS or Atom feed (a blog, a news section, a search
// feed) and the brand's terms to find in it. The feed is read once on the sync thread before
// it is kept, so a wrong address or a broken feed is refused while the dialog is open.
class AddFeedDialog : public QDialog
{
    Q_OBJECT

public:
    AddFeedDialog(Sync::SyncService *sync, QWidget *parent = nullptr);

    // "Acme, Acme kettle,, #acmehelp " -> {"Acme", "Acme kettle", "#acmehelp"}
    static QStringList splitTerms(const QString &text);

private:
    void submit();
    void setBusy(bool busy, const QString &message);

    Sync::SyncService *m_sync;
    QLineEdit *m_url;
    QLineEdit *m_terms;
    QSpinBox *m_interval;
    QSpinBox *m_history;
    QLabel *m_message;
    QDialogButtonBox *m_buttons;
    AccountConnectRequest *m_request = nullptr;
};

} // namespace Care::Gui
