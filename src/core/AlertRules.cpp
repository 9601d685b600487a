#include "core/AlertRules.h"

namespace Care::Core {

bool AlertRules::isQuiet(const QTime &t) const
{
    if (!m_quietFrom.isValid() || !m_quietTo.isValid() || m_quietFrom == m_quietTo)
        return false;
    if (m_quietFrom < m_quietTo)
        return t >= m_quietFrom && t < m_quietTo;
    return t >= m_quietFrom || t < m_quietTo; // across midnight
}

QList<AlertRules::Alert> AlertRules::update(const QList<Item> &items, const QDateTime &now, const QTime &localTime)
{
    QList<Alert> alerts;
    const bool quiet = isQuiet(localTime);
    for (const Item &item : items) {
        if (item.urgent && !m_seenUrgent.contains(item.conversationId)) {
            m_seenUrgent.insert(item.conversationId);
            // The first look only learns what is there: starting the console is not news.
            if (m_primed && !quiet)
                alerts << Alert{Alert::Kind::NewUrgent, item.conversationId, item.customer};
        }
        const bool imminent = item.dueAt.isValid() && now.secsTo(item.dueAt) <= kImminentSeconds
                              && now.secsTo(item.dueAt) > -60;
        if (imminent && !m_warnedImminent.contains(item.conversationId)) {
            m_warnedImminent.insert(item.conversationId);
            if (!quiet)
                alerts << Alert{Alert::Kind::ImminentBreach, item.conversationId, item.customer};
        }
    }
    m_primed = true;
    return alerts;
}

int AlertRules::dueSoonCount(const QList<Item> &items, const QDateTime &now)
{
    int count = 0;
    for (const Item &item : items) {
        if (item.dueAt.isValid() && now.secsTo(item.dueAt) <= 15 * 60)
            ++count;
    }
    return count;
}

} // namespace Care::Core
