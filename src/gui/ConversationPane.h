#pragma once

#include "core/Customer.h"
#include "core/CustomerIdentity.h"
#include "store/MessageRepository.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// The customer's whole transcript — this conversation and every earlier one, on every
// platform where the customer is known — with a card about the customer and a note box.
class ConversationPane : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kTranscriptPage = 200;

    explicit ConversationPane(Store::Store *store, QWidget *parent = nullptr);

    void showConversation(qint64 conversationId, qint64 customerId);
    void setAgent(const QString &agentId, const QString &agentName);
    qint64 conversationId() const { return m_conversationId; }
    QTextBrowser *transcriptView() const { return m_transcript; }
    // Text the agent typed and has not saved yet; it survives failures and reconnects.
    QString draftText() const;

signals:
    void noteAdded(qint64 conversationId);
    void statusMessage(const QString &message);

private:
    struct Loaded
    {
        Core::Customer customer;
        QList<Core::CustomerIdentity> identities;
        QList<Store::TranscriptEntry> entries;
        QHash<QString, QString> agentNames;
    };
    void render(const Loaded &loaded);
    void addNote();

    Store::Store *m_store;
    QLabel *m_customerName;
    QLabel *m_customerDetails;
    QTextBrowser *m_transcript;
    QPlainTextEdit *m_note;
    QPushButton *m_addNote;
    qint64 m_conversationId = 0;
    qint64 m_customerId = 0;
    quint64 m_request = 0;
    QString m_agentId;
    QString m_agentName;
};

} // namespace Care::Gui
