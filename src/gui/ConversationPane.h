#pragma once

#include "core/Customer.h"
#include "gui/ComposerPane.h"
#include "core/CustomerIdentity.h"
#include "store/MessageRepository.h"

#include <QHash>
#include <QWidget>

class QLabel;
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
    using ComposeMode = Care::Gui::ComposeMode;
    static constexpr int kTranscriptPage = 200;

    explicit ConversationPane(Store::Store *store, QWidget *parent = nullptr);

    void showConversation(qint64 conversationId, qint64 customerId);
    void setAgent(const QString &agentId, const QString &agentName, const QString &signature);
    qint64 conversationId() const { return m_conversationId; }
    QTextBrowser *transcriptView() const { return m_transcript; }
    ComposerPane *composer() const { return m_composer; }
    void startComposing(ComposeMode mode);
    void focusTranscript();
    // Reads the open conversation again (after changes by this or another console).
    void reload();

signals:
    void messageWritten(qint64 conversationId);
    void statusMessage(const QString &message);

private:
    struct Loaded
    {
        Core::Customer customer;
        QList<Core::CustomerIdentity> identities;
        QList<Store::TranscriptEntry> entries;
        QHash<QString, QString> agentNames;
        Core::Platform platform = Core::Platform::X;
    };
    void render(const Loaded &loaded);

    Store::Store *m_store;
    QLabel *m_customerName;
    QLabel *m_customerDetails;
    QTextBrowser *m_transcript;
    ComposerPane *m_composer;
    qint64 m_conversationId = 0;
    qint64 m_customerId = 0;
    quint64 m_request = 0;
};

} // namespace Care::Gui
