#pragma once

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QTime>

namespace Care::Core {

// Decides which desktop notifications to raise from two consecutive looks at the queue, so
// activity is never missed (R15) and nobody is told twice.
class AlertRules
{
public:
    struct Item
    {
        qint64 conversationId = 0;
        QString customer;
        bool urgent = false;
        QDateTime dueAt; // invalid when no clock runs
    };
    struct Alert
    {
        enum class Kind { NewUrgent, ImminentBreach };
        Kind kind;
        qint64 conversationId;
        QString customer;
    };

    static constexpr qint64 kImminentSeconds = 5 * 60;

    // Quiet hours in the agent's local time; from == to means none. Ranges may cross midnight.
    void setQuietHours(QTime from, QTime to) { m_quietFrom = from; m_quietTo = to; }
    bool isQuiet(const QTime &localTime) const;

    // Alerts for what changed since the last call: urgent conversations not seen before, and
    // conversations whose answer falls due within five minutes (once each).
    QList<Alert> update(const QList<Item> &items, const QDateTime &now, const QTime &localTime);
    // Conversations breached or due within 15 minutes: the tray badge.
    static int dueSoonCount(const QList<Item> &items, const QDateTime &now);

private:
    QSet<qint64> m_seenUrgent;
    QSet<qint64> m_warnedImminent;
    bool m_primed = false;
    QTime m_quietFrom;
    QTime m_quietTo;
};

} // namespace Care::Core
