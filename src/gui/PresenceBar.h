#pragma once

#include "store/PresenceRepository.h"

#include <QDateTime>
#include <QLabel>

class QTimer;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// "Lee is typing a reply · Sam is viewing": who else has the open conversation in front of
// them, so two agents do not answer one customer at once. Keeps this agent's own presence
// (viewing, typing) alive with a heartbeat while a conversation is open, and leaves it when
// another is opened. Hidden while nobody else is there (always, on a single-user store).
class PresenceBar : public QLabel
{
    Q_OBJECT

public:
    explicit PresenceBar(Store::Store *store, QWidget *parent = nullptr);

    void setAgent(const QString &agentId);
    // Only on a shared store (nobody else can be there on this computer's own store, and a
    // heartbeat every 10 s would be writes for nothing). Off until set.
    void setActive(bool active);
    // Leaves the previous conversation and joins this one; refresh() then shows who else is there.
    void setConversation(qint64 conversationId);
    // The agent typed in the composer.
    void noteTyping();
    // Reads the others' presence again (after a change notification, and on the heartbeat).
    void refresh();

    static constexpr int kHeartbeatMs = 10000;
    static constexpr int kTypingIdleMs = 8000;

private:
    void touch(Store::PresenceRepository::State state);
    void showOthers(const QList<Store::PresenceRepository::Colleague> &others);

    Store::Store *m_store;
    QString m_agentId;
    qint64 m_conversationId = 0;
    Store::PresenceRepository::State m_state = Store::PresenceRepository::State::Viewing;
    QDateTime m_lastTouch;
    QTimer *m_heartbeat;
    QTimer *m_typingIdle;
    quint64 m_request = 0;
    bool m_active = false;
};

} // namespace Care::Gui
