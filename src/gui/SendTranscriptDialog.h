#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Escalation: sends the customer's whole transcript (every channel, oldest first) by e-mail to a
// colleague or department, through a connected support mailbox and the outbox — so nobody asks
// the customer to repeat themselves. Loads the mailboxes and queues the e-mail off the GUI
// thread; a refusal (no mailbox, not an address) stays in the dialog, in words.
class SendTranscriptDialog : public QDialog
{
    Q_OBJECT

public:
    SendTranscriptDialog(Store::Store *store, qint64 conversationId, const QString &agentId, QWidget *parent = nullptr);

signals:
    void queued(qint64 conversationId, const QString &address);

public slots:
    void accept() override;

private:
    void loadAccounts();
    void updateButton();

    Store::Store *m_store;
    qint64 m_conversationId;
    QString m_agentId;
    QLineEdit *m_address;
    QComboBox *m_account;
    QLabel *m_error;
    QPushButton *m_send;
    bool m_busy = false;
};

} // namespace Care::Gui
