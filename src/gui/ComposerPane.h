#pragma once

#include "core/Agent.h"
#include "core/CannedReply.h"
#include "core/ConversationCapabilities.h"
#include "core/Customer.h"
#include "core/Message.h"
#include "core/PersonalDataFinding.h"
#include "core/Platform.h"
#include "core/PolicyDocument.h"

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

// Email: an answer by e-mail to a conversation from any platform, offered when the customer
// prefers e-mail (their address is known) — it goes through the workspace's e-mail account.
enum class ComposeMode { Public, Private, Note, Email };

// Writes replies, private messages and internal notes. Drafts are saved as the agent types;
// replies are signed with the agent's name and counted the way the platform counts; personal
// data in a public reply is caught before it goes out; canned replies are filled with the
// customer's and the policies' values; a sent reply can be taken back for a few seconds before
// it is written to the outbox.
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
    // Team mode: before sending, ask when a colleague answered since this reply was begun.
    void setCollisionCheck(bool on) { m_collisionCheck = on; }
    // The text as it will go out: signed for replies, as typed for notes.
    QString signedText(const QString &body) const;
    // Fills a canned reply's variables and inserts it; unfilled ones stay visible.
    void insertCannedReply(const Core::CannedReply &reply);
    // What the personal-data guard found in the last public reply it stopped.
    const QList<Core::PersonalDataFinding> &findings() const { return m_findings; }
    // The answer to privateReplyCheckRequested: when the customer takes no private messages
    // from the brand, "Private message" is not offered and says why.
    void setPrivateReplyAvailability(qint64 accountId, const QString &actor, bool allowed, const QString &reason);

public slots:
    void send();
    void undoSend();
    // After the guard fired: the text goes as a private message, and a short public reply
    // says so, so the public thread does not look ignored.
    void sendPrivatelyInstead();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    void sent(qint64 conversationId);
    // The agent typed (not a draft being loaded): "is typing" for colleagues.
    void edited();
    void statusMessage(const QString &message);
    // A Bluesky conversation that did not start in chat: may the brand write to the customer
    // privately? (Their chat setting decides; the sync service answers.)
    void privateReplyCheckRequested(qint64 accountId, const QString &actor);
    // Where replies are not posted (a blog post found by listening): the agent wants to record
    // how to reach the author another way (the customer's contact details).
    void contactDetailsRequested();

private:
    struct Outgoing
    {
        ComposeMode mode = ComposeMode::Public;
        QString text; // signed
    };
    struct PendingSend
    {
        qint64 conversationId = 0;
        qint64 emailAccountId = 0; // ComposeMode::Email: the mailbox it goes out through
        ComposeMode mode = ComposeMode::Public; // restored on undo
        QString body;                           // as typed, restored on undo
        QList<Outgoing> messages;
    };
    struct Context
    {
        Core::Customer customer;
        QList<Core::PolicyDocument> policies;
        QList<Core::CannedReply> replies;
        int maxCharacters = 0; // the account's own limit (a Mastodon instance's), 0: the platform's
        qint64 accountId = 0;
        QString threadKey;
        QString blueskyDid; // the customer on Bluesky, when they are there
        QString emailAddress; // where an answer by e-mail goes; empty: the customer does not prefer e-mail
        QList<QPair<qint64, QString>> emailAccounts; // the support mailboxes: id, name
        // What the platform allows in this conversation (from the store); until it is read, the
        // platform's general rules stand.
        std::optional<Core::ConversationCapabilities> capabilities;
        bool customerWroteByEmail = false; // their newest message here came by e-mail: answer by e-mail
    };

    void updateState();
    void startPending(const PendingSend &pending);
    // Starts `pending` unless a colleague answered since the draft began; then asks first.
    void startUnlessAnswered(const PendingSend &pending);
    void loadContext();
    bool expandShortcode();
    Core::Agent agent() const;
    void applyCapabilities();
    void applyEmailAccounts();
    QString emailNotice() const;
    bool modeAllowed(ComposeMode mode) const;
    QString modeRefusal(ComposeMode mode) const; // why a mode is not offered (empty when it is)
    void saveDraftNow();
    void loadDraft();
    void commitPending();

    Store::Store *m_store;
    QComboBox *m_mode;
    QComboBox *m_emailAccount; // which support mailbox answers by e-mail (shown when there are several)
    QPlainTextEdit *m_editor;
    QLabel *m_signature;
    QLabel *m_notice;
    QWidget *m_noReplyActions; // beside the notice where nothing can be posted: note it, or contact the author
    QFrame *m_warning;
    QLabel *m_warningText;
    QPushButton *m_sendPrivately;
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
    // When the agent began this reply: a colleague's answer after it asks for confirmation.
    QDateTime m_draftStartedAt;
    quint64 m_collisionRequest = 0;
    bool m_collisionCheck = false;
    QList<Core::PersonalDataFinding> m_findings;
    Context m_context;
    QString m_privateCheckActor; // whom the pending or answered private-reply check is about
    QString m_privateRefusal;    // why private replies are not offered here; empty: they are
    quint64 m_contextRequest = 0;
    quint64 m_draftRequest = 0;
    // The loaded draft's mode while the conversation's context does not allow it yet (an answer by
    // e-mail waits for the customer's address, a Bluesky private message for the chat check);
    // taken when it arrives, dropped when the agent picks a mode. Empty: none waiting.
    QString m_draftModeWaiting;
    void takeWaitingDraftMode();
};

} // namespace Care::Gui
