#pragma once

#include "core/Message.h"
#include "core/Platform.h"

#include <QDateTime>
#include <QWidget>
#include <optional>

class QComboBox;
class QFrame;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

enum class ComposeMode { Public, Private, Note };

// Writes replies, private messages and internal notes. Drafts are saved as the agent types;
// replies are signed with the agent's name; a sent reply can be taken back for a few seconds
// before it is written to the outbox.
class ComposerPane : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDefaultUndoDelayMs = 5000;

    explicit ComposerPane(Store::Store *store, QWidget *parent = nullptr);

    void setAgent(const QString &agentId, const QString &agentName, const QString &signature);
    void setConversation(qint64 conversationId, Core::Platform platform);
    void startComposing(ComposeMode mode);
    ComposeMode mode() const;
    QString text() const;
    void setText(const QString &text);
    // Adds text at the cursor (a quoted policy passage, a filled canned reply).
    void insertText(const QString &text);
    void setUndoDelayMs(int ms) { m_undoDelayMs = ms; }
    bool hasPendingSend() const { return m_pending.has_value(); }
    // The text as it will go out: signed for replies, as typed for notes.
    QString signedText(const QString &body) const;

public slots:
    void send();
    void undoSend();

signals:
    void sent(qint64 conversationId);
    void statusMessage(const QString &message);

private:
    struct PendingSend
    {
        qint64 conversationId = 0;
        ComposeMode mode = ComposeMode::Public;
        QString body;     // as typed, restored on undo
        QString outgoing; // signed
    };

    void updateState();
    void applyCapabilities();
    bool modeAllowed(ComposeMode mode) const;
    void saveDraftNow();
    void loadDraft();
    void commitPending();

    Store::Store *m_store;
    QComboBox *m_mode;
    QPlainTextEdit *m_editor;
    QLabel *m_signature;
    QLabel *m_notice;
    QLabel *m_counter;
    QPushButton *m_send;
    QFrame *m_undoBar;
    QLabel *m_undoText;
    QPushButton *m_undo;
    QTimer *m_draftTimer;
    QTimer *m_undoTimer;
    QTimer *m_undoTick;
    qint64 m_conversationId = 0;
    Core::Platform m_platform = Core::Platform::X;
    QString m_agentId;
    QString m_agentName;
    QString m_agentSignature;
    bool m_loading = false;
    int m_undoDelayMs = kDefaultUndoDelayMs;
    QDateTime m_undoDeadline;
    std::optional<PendingSend> m_pending;
    quint64 m_draftRequest = 0;
};

} // namespace Care::Gui
