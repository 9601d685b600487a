#pragma once

#include "core/ConversationCapabilities.h"

#include <QObject>
#include <QList>
#include <optional>

class QAction;
class QWidget;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

class ConversationPane;
class InboxPane;

// The agent's keyboard-first commands (next, previous, reply, note, resolve, assign, snooze,
// claim, no reply needed, …) as actions with rebindable shortcuts, carried out on the store.
class WorkflowController : public QObject
{
    Q_OBJECT

public:
    WorkflowController(Store::Store *store, InboxPane *inbox, ConversationPane *conversation, QString agentId,
                       QWidget *window);

    const QList<QAction *> &actions() const { return m_actions; }
    QAction *action(const QString &objectName) const;
    // Applies the shortcuts saved in the settings over the defaults.
    void loadShortcuts();
    static QString defaultShortcut(const QString &objectName);

signals:
    void statusMessage(const QString &message);

private:
    QAction *add(const QString &objectName, const QString &text, const QString &shortcut);
    qint64 current() const;
    void resolve();
    void snooze(int minutes);
    void markPending();
    void claim();
    void assign();
    void noReplyNeeded();
    void showShortcuts();
    void exportTranscript();
    void hideComment();
    void unhideComment();
    // Reads what the platform allows in the selected conversation and offers exactly that:
    // Hide and Unhide enabled or not, with the reason in their tooltips.
    void refreshCapabilities();
    void applyCapabilities();
    void askSatisfaction();
    void recordSatisfaction();
    void editTags();
    void printTranscript();
    void sendTranscript();
    QString transcriptTitle() const;
    template<typename Job>
    void perform(Job job, const QString &done);

    Store::Store *m_store;
    InboxPane *m_inbox;
    ConversationPane *m_conversation;
    QString m_agentId;
    QWidget *m_window;
    QList<QAction *> m_actions;
    qint64 m_capabilitiesFor = 0;
    quint64 m_capabilitiesRequest = 0;
    std::optional<Core::ConversationCapabilities> m_capabilities; // of m_capabilitiesFor
};

} // namespace Care::Gui
