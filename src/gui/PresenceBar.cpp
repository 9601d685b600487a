#include "gui/PresenceBar.h"

#include "store/Store.h"

#include <QTimer>

namespace Care::Gui {

using Store::PresenceRepository;

PresenceBar::PresenceBar(Store::Store *store, QWidget *parent)
    : QLabel(parent)
    , m_store(store)
    , m_heartbeat(new QTimer(this))
    , m_typingIdle(new QTimer(this))
{
    setObjectName(QStringLiteral("presenceBar"));
    setTextFormat(Qt::PlainText); // names are data
    setWordWrap(true);
    setContentsMargins(8, 3, 8, 3);
    setStyleSheet(QStringLiteral("QLabel#presenceBar { background: palette(alternate-base); border-radius: 3px; }"));
    QLabel::hide();
    m_heartbeat->setInterval(kHeartbeatMs);
    connect(m_heartbeat, &QTimer::timeout, this, [this] {
        touch(m_state);
        refresh();
    });
    m_typingIdle->setSingleShot(true);
    m_typingIdle->setInterval(kTypingIdleMs);
    connect(m_typingIdle, &QTimer::timeout, this, [this] { touch(PresenceRepository::State::Viewing); });
}

void PresenceBar::setAgent(const QString &agentId)
{
    m_agentId = agentId;
}

void PresenceBar::setActive(bool active)
{
    m_active = active;
}

void PresenceBar::setConversation(qint64 conversationId)
{
    if (!m_active || conversationId == m_conversationId)
        return;
    if (m_conversationId && !m_agentId.isEmpty()) {
        m_store->run(
            this, [conversation = m_conversationId, agent = m_agentId](Store::Database &db) {
                return PresenceRepository(db).leave(conversation, agent);
            },
            [](Core::Status) {});
    }
    m_conversationId = conversationId;
    m_typingIdle->stop();
    QLabel::hide();
    if (!m_conversationId) {
        m_heartbeat->stop();
        return;
    }
    touch(PresenceRepository::State::Viewing);
    m_heartbeat->start();
}

void PresenceBar::noteTyping()
{
    if (!m_active)
        return;
    m_typingIdle->start();
    // One write when typing starts, then one per heartbeat: not one per keystroke.
    if (m_state != PresenceRepository::State::Typing
        || !m_lastTouch.isValid() || m_lastTouch.msecsTo(QDateTime::currentDateTimeUtc()) > kHeartbeatMs / 2)
        touch(PresenceRepository::State::Typing);
}

void PresenceBar::touch(PresenceRepository::State state)
{
    m_state = state;
    if (!m_conversationId || m_agentId.isEmpty())
        return;
    m_lastTouch = QDateTime::currentDateTimeUtc();
    m_store->run(
        this, [conversation = m_conversationId, agent = m_agentId, state](Store::Database &db) {
            return PresenceRepository(db).touch(conversation, agent, state);
        },
        [](Core::Status) {}); // presence is a courtesy: a failed heartbeat is retried by the next
}

void PresenceBar::refresh()
{
    if (!m_active || !m_conversationId)
        return;
    const quint64 request = ++m_request;
    m_store->run(
        this, [conversation = m_conversationId, agent = m_agentId](Store::Database &db) {
            return PresenceRepository(db).others(conversation, agent);
        },
        [this, request](Core::Result<QList<PresenceRepository::Colleague>> others) {
            if (request != m_request || !others)
                return;
            showOthers(others.value());
        });
}

void PresenceBar::showOthers(const QList<PresenceRepository::Colleague> &others)
{
    QStringList parts;
    for (const PresenceRepository::Colleague &c : others) {
        parts << (c.state == PresenceRepository::State::Typing ? tr("%1 is typing a reply").arg(c.name)
                                                                : tr("%1 is viewing this conversation").arg(c.name));
    }
    setText(parts.join(QStringLiteral(" · ")));
    setVisible(!parts.isEmpty());
}

} // namespace Care::Gui
