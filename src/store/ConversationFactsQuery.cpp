#include "store/ConversationFactsQuery.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace Care::Store {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Store::ConversationFactsQuery)
};

} // namespace

Core::Result<Core::ConversationFacts> ConversationFactsQuery::facts(qint64 conversationId, qint64 messageId)
{
    QSqlQuery c(m_db.connection());
    c.prepare(QStringLiteral("SELECT a.platform, c.thread_key, c.found_by_listening, a.settings, c.account_id"
                             " FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE c.id = :id"));
    c.bindValue(QStringLiteral(":id"), conversationId);
    if (!c.exec())
        return m_db.queryError(c, QStringLiteral("conversation facts"));
    if (!c.next())
        return Core::Error::make(Core::Error::Code::NotFound, Strings::tr("There is no conversation %1.").arg(conversationId));
    Core::ConversationFacts facts;
    facts.platform = Core::platformFromId(c.value(0).toString()).value_or(Core::Platform::X);
    facts.threadKey = c.value(1).toString();
    facts.foundByListening = c.value(2).toInt() != 0;
    facts.humanAgentTag = QJsonDocument::fromJson(c.value(3).toString().toUtf8())
                              .object()
                              .value(QStringLiteral("humanAgentTag"))
                              .toBool(false);
    const qint64 accountId = c.value(4).toLongLong();

    // The message Hide acts on: the same one ConversationActions::hideInbound picks (the given one,
    // or the customer's latest visible public message).
    if (messageId > 0) {
        QSqlQuery one(m_db.connection());
        one.prepare(QStringLiteral("SELECT visibility, hidden_at, can_hide FROM messages WHERE id = :message"
                                   " AND conversation_id = :id AND direction = 'inbound'"));
        one.bindValue(QStringLiteral(":message"), messageId);
        one.bindValue(QStringLiteral(":id"), conversationId);
        if (!one.exec())
            return m_db.queryError(one, QStringLiteral("message to hide"));
        if (!one.next())
            return Core::Error::make(Core::Error::Code::NotFound,
                                     Strings::tr("Message %1 is not one of the customer's messages in conversation %2.")
                                         .arg(messageId)
                                         .arg(conversationId),
                                     Strings::tr("Leave out --message to act on the customer's latest message, as the console does."));
        facts.oneMessage = true;
        facts.hasVisiblePublicInbound = one.value(0).toString() == QLatin1String("public") && one.value(1).isNull();
        if (facts.hasVisiblePublicInbound && !one.value(2).isNull())
            facts.latestCanHide = one.value(2).toInt() != 0;
        facts.hasHiddenInbound = !one.value(1).isNull();
    } else {
        QSqlQuery latest(m_db.connection());
        latest.prepare(QStringLiteral("SELECT can_hide FROM messages WHERE conversation_id = :id AND direction = 'inbound'"
                                      " AND visibility = 'public' AND hidden_at IS NULL ORDER BY created_at DESC, id DESC"
                                      " LIMIT 1"));
        latest.bindValue(QStringLiteral(":id"), conversationId);
        if (!latest.exec())
            return m_db.queryError(latest, QStringLiteral("latest public message"));
        if (latest.next()) {
            facts.hasVisiblePublicInbound = true;
            if (!latest.value(0).isNull())
                facts.latestCanHide = latest.value(0).toInt() != 0;
        }
    }

    // Each of these stops at its first row on an index: the longest conversation has 100,000
    // messages, and an aggregate over all of them took 300 ms on PostgreSQL each time it opened.
    QSqlQuery lastInbound(m_db.connection());
    lastInbound.prepare(QStringLiteral("SELECT created_at FROM messages WHERE conversation_id = :id"
                                       " AND direction = 'inbound' AND deleted_at IS NULL"
                                       " ORDER BY created_at DESC LIMIT 1"));
    lastInbound.bindValue(QStringLiteral(":id"), conversationId);
    if (!lastInbound.exec())
        return m_db.queryError(lastInbound, QStringLiteral("customer's latest message"));
    if (lastInbound.next())
        facts.lastInboundAt = timeFromDb(lastInbound.value(0));

    if (!facts.oneMessage) {
        QSqlQuery hidden(m_db.connection());
        hidden.prepare(QStringLiteral("SELECT 1 FROM messages WHERE conversation_id = :id AND hidden_at IS NOT NULL"
                                      " AND direction = 'inbound' LIMIT 1"));
        hidden.bindValue(QStringLiteral(":id"), conversationId);
        if (!hidden.exec())
            return m_db.queryError(hidden, QStringLiteral("hidden messages"));
        facts.hasHiddenInbound = hidden.next();
    }

    // Only Facebook limits private replies (one per comment; schema v17's partial index).
    if (facts.platform == Core::Platform::Facebook) {
        QSqlQuery replies(m_db.connection());
        replies.prepare(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = :id"
                                       " AND direction = 'outbound' AND visibility = 'private' AND deleted_at IS NULL"
                                       " AND delivery_state NOT IN ('failed', 'cancelled')"));
        replies.bindValue(QStringLiteral(":id"), conversationId);
        if (!replies.exec() || !replies.next())
            return m_db.queryError(replies, QStringLiteral("private replies"));
        facts.privateRepliesSent = replies.value(0).toInt();
    }

    // X: the thread is "<conversation_id>:<customer>", and conversation_id is the id of the post
    // that began it. The brand began it when that post is the brand's own: stored as outbound (in
    // whichever conversation brought it in) or published by the console (a scheduled post). Held
    // as someone else's: they began it. Not held: unknown (only a paid read of it would tell);
    // the customer's post's can_hide may still know (XConnector::hideable).
    if (facts.platform == Core::Platform::X && !facts.threadKey.startsWith(QLatin1String("dm:"))
        && facts.threadKey.contains(QLatin1Char(':'))) {
        const QString rootId = facts.threadKey.section(QLatin1Char(':'), 0, 0);
        QSqlQuery root(m_db.connection());
        root.prepare(QStringLiteral("SELECT direction FROM messages WHERE account_id = :account AND platform_message_id = :root"
                                    " UNION ALL SELECT 'outbound' FROM scheduled_posts WHERE account_id = :account2"
                                    " AND platform_id = :root2 AND state = 'sent'"));
        root.bindValue(QStringLiteral(":account"), accountId);
        root.bindValue(QStringLiteral(":root"), rootId);
        root.bindValue(QStringLiteral(":account2"), accountId);
        root.bindValue(QStringLiteral(":root2"), rootId);
        if (!root.exec())
            return m_db.queryError(root, QStringLiteral("X conversation root"));
        if (root.next())
            facts.brandStartedThread = root.value(0).toString() == QLatin1String("outbound");
    }
    return facts;
}

Core::Result<Core::ConversationCapabilities> ConversationFactsQuery::capabilities(qint64 conversationId,
                                                                                 const QDateTime &now, qint64 messageId)
{
    auto facts = this->facts(conversationId, messageId);
    if (!facts)
        return facts.error();
    return Core::ConversationCapabilities::of(facts.value(), now.isValid() ? now : m_db.now());
}

} // namespace Care::Store
