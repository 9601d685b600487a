#pragma once

#include "core/Conversation.h"
#include "gui/ComposerPane.h"
#include "store/MessageRepository.h"

#include <QHash>
#include <QWidget>

class QLabel;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

class CustomerCard;
class OutboxBar;
class PresenceBar;
class TranscriptView;

// The customer's whole transcript — this conversation and every other one, on every
// platform where the customer is known — with the customer card above and the composer below.
class ConversationPane : public QWidget
{
    Q_OBJECT

public:
    using ComposeMode = Care::Gui::ComposeMode;
    static constexpr int kTranscriptPage = 200;

    explicit ConversationPane(Store::Store *store, QWidget *parent = nullptr);

    void showConversation(qint64 conversationId, qint64 customerId);
    void setAgent(const QString &agentId, const QString &agentName, const QString &signature);
    // A store several consoles share: show who else is on the conversation, and say so ourselves.
    void setShared(bool shared);
    qint64 conversationId() const { return m_conversationId; }
    TranscriptView *transcriptView() const { return m_transcript; }
    ComposerPane *composer() const { return m_composer; }
    CustomerCard *customerCard() const { return m_card; }
    OutboxBar *outboxBar() const { return m_outbox; }
    void startComposing(ComposeMode mode);
    void focusTranscript();
    // Reads the open conversation again (after changes by this or another console).
    void reload();

signals:
    void messageWritten(qint64 conversationId);
    void statusMessage(const QString &message);
    // A held or failed reply was confirmed or retried: deliver now.
    void deliveryRequested();

private:
    struct Page
    {
        QList<Store::TranscriptEntry> entries;
        QHash<qint64, QList<Core::MessageRevision>> revisions;
        QHash<QString, QString> agentNames;
        QList<qint64> group;
        Core::Platform platform = Core::Platform::X;
        Core::Conversation conversation;
    };
    void showSla(const Core::Conversation &conversation);
    static Core::Result<Page> loadPage(Store::Database &db, const QList<qint64> &group, qint64 beforeMs,
                                       qint64 beforeId);
    void loadEarlier();

    Store::Store *m_store;
    CustomerCard *m_card;
    QLabel *m_sla;
    TranscriptView *m_transcript;
    ComposerPane *m_composer;
    OutboxBar *m_outbox;
    PresenceBar *m_presence;
    qint64 m_conversationId = 0;
    qint64 m_customerId = 0;
    QList<qint64> m_group;
    quint64 m_request = 0;
};

} // namespace Care::Gui
