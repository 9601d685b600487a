#include "store/IncidentQuery.h"

#include "core/UrgencyClassifier.h"
#include "store/Database.h"

#include <QSqlQuery>

namespace Care::Store {

Core::Result<QList<Core::SpikeDetector::Spike>> IncidentQuery::spikes(const QDateTime &now,
                                                                       Core::SpikeDetector::Config config)
{
    if (config.stopwords.isEmpty()) {
        auto classifier = m_db.classifier();
        if (!classifier)
            return classifier.error();
        const Core::TriageRules &rules = classifier.value()->rules();
        for (const QString &code : rules.languageCodes())
            config.stopwords.unite(rules.language(code)->stopwords);
    }
    // Only the windows the detector compares: now and the same window on each earlier day.
    const qint64 windowMs = config.windowSeconds * 1000;
    const qint64 toMs = now.toMSecsSinceEpoch();
    QStringList windows;
    for (int d = 0; d <= config.baselineDays; ++d) {
        const qint64 end = toMs - qint64(d) * 24 * 60 * 60 * 1000;
        windows << QStringLiteral("(m.created_at >= %1 AND m.created_at < %2)").arg(end - windowMs).arg(end);
    }
    QSqlQuery q(m_db.connection());
    // The bounds are numbers computed here, never input.
    if (!q.exec(QStringLiteral("SELECT m.id, m.conversation_id, m.created_at, m.body, c.sentiment FROM messages m"
                               " JOIN conversations c ON c.id = m.conversation_id WHERE m.direction = 'inbound'"
                               " AND m.deleted_at IS NULL AND (")
                + windows.join(QStringLiteral(" OR ")) + QLatin1Char(')')))
        return m_db.queryError(q, QStringLiteral("spike messages"));
    QList<Core::SpikeDetector::Message> messages;
    while (q.next()) {
        Core::SpikeDetector::Message message;
        message.id = q.value(0).toLongLong();
        message.conversationId = q.value(1).toLongLong();
        message.at = QDateTime::fromMSecsSinceEpoch(q.value(2).toLongLong(), Qt::UTC);
        message.text = q.value(3).toString();
        message.negative = q.value(4).toString() == QLatin1String("negative");
        messages << message;
    }
    return Core::SpikeDetector::detect(messages, now, config);
}

Core::Result<QList<qint64>> IncidentQuery::crisisConversations(const Core::CrisisMode &crisis, const QDateTime &now,
                                                                int days)
{
    QList<qint64> ids;
    if (crisis.terms.isEmpty())
        return ids;
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT m.conversation_id, m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                             " WHERE c.status <> 'resolved' AND m.direction = 'inbound' AND m.deleted_at IS NULL"
                             " AND m.created_at >= :since ORDER BY m.created_at DESC"));
    q.bindValue(QStringLiteral(":since"), now.addDays(-days).toMSecsSinceEpoch());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("crisis conversations"));
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (!ids.contains(id) && crisis.matches(q.value(1).toString()))
            ids << id;
    }
    return ids;
}

} // namespace Care::Store
