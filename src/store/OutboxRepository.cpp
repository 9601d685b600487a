#include "store/OutboxRepository.h"

#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QUuid>

namespace Care::Store {

namespace {

const QString kColumns = QStringLiteral(
    "id, message_id, account_id, conversation_id, kind, reply_to, recipient, body, idempotency_key, state, attempts,"
    " platform_id, error, seen_message_id, confirmed, next_attempt_at, created_at, updated_at, subject, attachment_name,"
    " attachment");

Core::OutboxItem itemFrom(const QSqlQuery &q)
{
    Core::OutboxItem item;
    item.id = q.value(0).toLongLong();
    item.messageId = q.value(1).toLongLong();
    item.accountId = q.value(2).toLongLong();
    item.conversationId = q.value(3).toLongLong();
    item.kind = Core::outboxKindFromId(q.value(4).toString()).value_or(Core::OutboxKind::PublicReply);
    item.replyTo = q.value(5).toString();
    item.recipient = q.value(6).toString();
    item.body = q.value(7).toString();
    item.idempotencyKey = q.value(8).toString();
    item.state = Core::deliveryStateFromId(q.value(9).toString()).value_or(Core::DeliveryState::Queued);
    item.attempts = q.value(10).toInt();
    item.platformId = q.value(11).toString();
    item.error = q.value(12).toString();
    item.seenMessageId = q.value(13).toLongLong();
    item.confirmed = q.value(14).toInt() != 0;
    if (const qint64 next = q.value(15).toLongLong(); next > 0)
        item.nextAttemptAt = QDateTime::fromMSecsSinceEpoch(next, Qt::UTC);
    item.createdAt = timeFromDb(q.value(16));
    item.updatedAt = timeFromDb(q.value(17));
    item.subject = q.value(18).toString();
    item.attachmentName = q.value(19).toString();
    item.attachment = q.value(20).toByteArray();
    return item;
}

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::OutboxRepository)
};

} // namespace

Core::Result<qint64> OutboxRepository::enqueueInTransaction(const Core::OutboxItem &item)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO outbox (message_id, account_id, conversation_id, kind, reply_to, recipient, body, idempotency_key,"
        " state, seen_message_id, created_at, updated_at, subject, attachment_name, attachment) VALUES (:message, :account,"
        " :conversation, :kind, :reply_to, :recipient, :body, :key, 'queued', :seen, :now, :now, :subject,"
        " :attachment_name, :attachment) RETURNING id"));
    q.bindValue(QStringLiteral(":message"), item.messageId);
    q.bindValue(QStringLiteral(":account"), item.accountId);
    q.bindValue(QStringLiteral(":conversation"), item.conversationId);
    q.bindValue(QStringLiteral(":kind"), Core::outboxKindId(item.kind));
    q.bindValue(QStringLiteral(":reply_to"), text(item.replyTo));
    q.bindValue(QStringLiteral(":recipient"), text(item.recipient));
    q.bindValue(QStringLiteral(":body"), text(item.body));
    // One key per item for its whole life: retries and restarts send the same one.
    q.bindValue(QStringLiteral(":key"), item.idempotencyKey.isEmpty()
                                            ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                            : item.idempotencyKey);
    q.bindValue(QStringLiteral(":seen"), item.seenMessageId);
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":subject"), text(item.subject));
    q.bindValue(QStringLiteral(":attachment_name"), text(item.attachmentName));
    q.bindValue(QStringLiteral(":attachment"), item.attachment.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray))
                                                                         : QVariant(item.attachment));
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("enqueue outbox item"));
    return q.value(0).toLongLong();
}

Core::Result<Core::OutboxItem> OutboxRepository::get(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM outbox WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("get outbox item"));
    if (!q.next())
        return Core::Error::make(Core::Error::Code::NotFound, Strings::tr("That reply is no longer in the outbox."));
    return itemFrom(q);
}

Core::Result<Core::OutboxItem> OutboxRepository::forMessage(qint64 messageId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM outbox WHERE message_id = :id"));
    q.bindValue(QStringLiteral(":id"), messageId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("outbox item for message"));
    if (!q.next())
        return Core::Error::make(Core::Error::Code::NotFound, Strings::tr("That message was never queued for delivery."));
    return itemFrom(q);
}

Core::Result<QList<Core::OutboxItem>> OutboxRepository::deliverable(qint64 accountId, qint64 nowMs)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns
              + QStringLiteral(" FROM outbox WHERE account_id = :account AND ((state = 'queued' AND next_attempt_at <= :now)"
                               " OR state = 'unknown') ORDER BY id"));
    q.bindValue(QStringLiteral(":account"), accountId);
    q.bindValue(QStringLiteral(":now"), nowMs);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("deliverable outbox items"));
    QList<Core::OutboxItem> out;
    while (q.next())
        out << itemFrom(q);
    return out;
}

Core::Result<QList<Core::OutboxItem>> OutboxRepository::pending(qint64 accountId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns
              + QStringLiteral(" FROM outbox WHERE state IN ('queued', 'sending', 'unknown', 'failed', 'held')"
                               " AND (:account = 0 OR account_id = :account) ORDER BY id"));
    q.bindValue(QStringLiteral(":account"), accountId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("pending outbox items"));
    QList<Core::OutboxItem> out;
    while (q.next())
        out << itemFrom(q);
    return out;
}

Core::Result<QList<Core::OutboxItem>> OutboxRepository::sentSince(qint64 accountId, qint64 sinceMs)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns
              + QStringLiteral(" FROM outbox WHERE account_id = :account AND state = 'sent' AND updated_at >= :since ORDER BY id"));
    q.bindValue(QStringLiteral(":account"), accountId);
    q.bindValue(QStringLiteral(":since"), sinceMs);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("sent outbox items"));
    QList<Core::OutboxItem> out;
    while (q.next())
        out << itemFrom(q);
    return out;
}

Core::Result<QList<Core::OutboxItem>> OutboxRepository::pendingInConversation(qint64 conversationId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns
              + QStringLiteral(" FROM outbox WHERE conversation_id = :conversation AND state IN ('queued', 'sending',"
                               " 'unknown', 'failed', 'held') ORDER BY id"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("pending outbox items of a conversation"));
    QList<Core::OutboxItem> out;
    while (q.next())
        out << itemFrom(q);
    return out;
}

Core::Result<int> OutboxRepository::markInterruptedAsUnknown(const std::function<bool(const QString &, qint64)> &ownerGone)
{
    QSqlQuery ids(m_db.connection());
    if (!ids.exec(QStringLiteral("SELECT id, claimed_by, updated_at FROM outbox WHERE state = 'sending'")))
        return m_db.queryError(ids, QStringLiteral("interrupted outbox items"));
    QList<qint64> list;
    while (ids.next()) {
        // Another process may be sending it right now: only what its claimant left behind.
        if (!ownerGone || ownerGone(ids.value(1).toString(), ids.value(2).toLongLong()))
            list << ids.value(0).toLongLong();
    }
    for (qint64 id : list) {
        if (Core::Status s = markUnknown(id, Strings::tr("Sending was interrupted; checking whether it went out.")); !s)
            return s.error();
    }
    return int(list.size());
}

Core::Result<bool> OutboxRepository::isPlatformIdTaken(qint64 accountId, const QString &platformId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT count(*) FROM outbox WHERE account_id = :account AND platform_id = :pid"));
    q.bindValue(QStringLiteral(":account"), accountId);
    q.bindValue(QStringLiteral(":pid"), platformId);
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("platform id taken"));
    return q.value(0).toLongLong() > 0;
}

Core::Result<bool> OutboxRepository::claim(qint64 id, const QString &claimant)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = :now, "
                             "claimed_by = :claimant WHERE id = :id AND state IN ('queued', 'unknown')"));
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":claimant"), text(claimant));
    q.bindValue(QStringLiteral(":id"), id);
    bool claimed = false;
    Core::Status status = m_db.transaction([&]() -> Core::Status {
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("claim outbox item"));
        claimed = q.numRowsAffected() == 1;
        if (!claimed)
            return {};
        QSqlQuery m(m_db.connection());
        m.prepare(QStringLiteral("UPDATE messages SET delivery_state = 'sending' WHERE id = (SELECT message_id FROM outbox WHERE id = :id)"));
        m.bindValue(QStringLiteral(":id"), id);
        if (!m.exec())
            return m_db.queryError(m, QStringLiteral("claim outbox message"));
        return {};
    });
    if (!status)
        return status.error();
    return claimed;
}

Core::Status OutboxRepository::markSent(qint64 id, const QString &platformId)
{
    return m_db.transaction([&]() -> Core::Status {
        auto item = get(id);
        if (!item)
            return item.error();
        // Hiding posts nothing: the hidden message is the customer's and keeps its own id
        // (written over, the next sync would store the customer's comment a second time).
        if (Core::isModeration(item->kind))
            return setState(id, Core::DeliveryState::Sent, {}, platformId,
                            {QStringLiteral("sending"), QStringLiteral("unknown"), QStringLiteral("queued")});
        // A sync may already have brought the post in as a message of its own (read back
        // from the platform before this answer was recorded): keep one, the agent's.
        QSqlQuery dup(m_db.connection());
        dup.prepare(QStringLiteral("DELETE FROM messages WHERE account_id = :account AND platform_message_id = :pid AND id <> :mid"
                                   " AND id NOT IN (SELECT message_id FROM outbox)"));
        dup.bindValue(QStringLiteral(":account"), item->accountId);
        dup.bindValue(QStringLiteral(":pid"), platformId);
        dup.bindValue(QStringLiteral(":mid"), item->messageId);
        if (!dup.exec())
            return m_db.queryError(dup, QStringLiteral("drop read-back copy"));
        const bool hadCopy = dup.numRowsAffected() > 0;
        QSqlQuery m(m_db.connection());
        m.prepare(QStringLiteral("UPDATE messages SET platform_message_id = :pid WHERE id = :mid"));
        m.bindValue(QStringLiteral(":pid"), platformId);
        m.bindValue(QStringLiteral(":mid"), item->messageId);
        if (!m.exec())
            return m_db.queryError(m, QStringLiteral("record platform id"));
        if (Core::Status s = setState(id, Core::DeliveryState::Sent, {}, platformId,
                                      {QStringLiteral("sending"), QStringLiteral("unknown"), QStringLiteral("queued")});
            !s)
            return s;
        if (hadCopy)
            return MessageRepository(m_db).refreshConversation(item->conversationId);
        return {};
    });
}

Core::Status OutboxRepository::markUnknown(qint64 id, const QString &reason)
{
    return setState(id, Core::DeliveryState::Unknown, reason, {}, {QStringLiteral("sending")});
}

Core::Status OutboxRepository::markFailed(qint64 id, const QString &reason)
{
    return setState(id, Core::DeliveryState::Failed, reason, {},
                    {QStringLiteral("sending"), QStringLiteral("unknown"), QStringLiteral("queued")});
}

Core::Status OutboxRepository::markHeld(qint64 id, const QString &reason)
{
    // Only a reply not yet taken for sending: one in flight belongs to whoever claimed it.
    return setState(id, Core::DeliveryState::Held, reason, {}, {QStringLiteral("queued")});
}

Core::Status OutboxRepository::requeue(qint64 id, qint64 notBeforeMs, const QString &reason)
{
    return setState(id, Core::DeliveryState::Queued, reason, {},
                    {QStringLiteral("sending"), QStringLiteral("unknown"), QStringLiteral("queued")}, notBeforeMs);
}

Core::Status OutboxRepository::retry(qint64 id)
{
    return setState(id, Core::DeliveryState::Queued, {}, {}, {QStringLiteral("failed")});
}

Core::Status OutboxRepository::confirm(qint64 id)
{
    return m_db.transaction([&]() -> Core::Status {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE outbox SET confirmed = 1 WHERE id = :id AND state = 'held'"));
        q.bindValue(QStringLiteral(":id"), id);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("confirm outbox item"));
        return setState(id, Core::DeliveryState::Queued, {}, {}, {QStringLiteral("held")});
    });
}

Core::Status OutboxRepository::cancel(qint64 id)
{
    return setState(id, Core::DeliveryState::Cancelled, Strings::tr("Cancelled by the agent."), {},
                    {QStringLiteral("failed"), QStringLiteral("held"), QStringLiteral("queued")});
}

Core::Result<QList<qint64>> OutboxRepository::newerMessages(const Core::OutboxItem &item)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "SELECT m.id FROM messages m, messages own WHERE own.id = :mid AND m.conversation_id = :conversation"
        " AND m.id > :seen AND m.id <> own.id AND m.automatic = 0 AND (m.direction = 'inbound'"
        " OR (m.direction = 'outbound' AND m.agent_id <> own.agent_id)) ORDER BY m.id"));
    q.bindValue(QStringLiteral(":mid"), item.messageId);
    q.bindValue(QStringLiteral(":conversation"), item.conversationId);
    q.bindValue(QStringLiteral(":seen"), item.seenMessageId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("messages since the reply was queued"));
    QList<qint64> out;
    while (q.next())
        out << q.value(0).toLongLong();
    return out;
}

Core::Status OutboxRepository::setState(qint64 id, Core::DeliveryState state, const QString &reason,
                                        const QString &platformId, const QStringList &fromStates, qint64 notBeforeMs)
{
    return m_db.transaction([&]() -> Core::Status {
        QStringList placeholders;
        for (int i = 0; i < fromStates.size(); ++i)
            placeholders << QStringLiteral(":from%1").arg(i);
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE outbox SET state = :state, error = :error, platform_id = CASE WHEN :pid = '' THEN "
                                 "platform_id ELSE :pid2 END, next_attempt_at = :next, "
                                 "updated_at = :now WHERE id = :id AND state IN (")
                  + placeholders.join(QStringLiteral(", ")) + QStringLiteral(")"));
        q.bindValue(QStringLiteral(":state"), Core::deliveryStateId(state));
        q.bindValue(QStringLiteral(":error"), text(reason));
        q.bindValue(QStringLiteral(":pid"), text(platformId));
        q.bindValue(QStringLiteral(":pid2"), text(platformId));
        q.bindValue(QStringLiteral(":next"), notBeforeMs);
        q.bindValue(QStringLiteral(":now"), nowMs());
        q.bindValue(QStringLiteral(":id"), id);
        for (int i = 0; i < fromStates.size(); ++i)
            q.bindValue(placeholders.at(i), fromStates.at(i));
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("outbox state"));
        if (q.numRowsAffected() != 1)
            return Core::Error::make(Core::Error::Code::Conflict,
                                     Strings::tr("This reply has changed state meanwhile (it may have been sent or cancelled)."),
                                     Strings::tr("The transcript shows where it is now."));
        QSqlQuery m(m_db.connection());
        m.prepare(QStringLiteral("UPDATE messages SET delivery_state = :state WHERE id = (SELECT message_id FROM outbox WHERE id = :id)"));
        m.bindValue(QStringLiteral(":state"), Core::deliveryStateId(state));
        m.bindValue(QStringLiteral(":id"), id);
        if (!m.exec())
            return m_db.queryError(m, QStringLiteral("message delivery state"));
        // A reply that failed, was cancelled or is held never reached the customer, who is
        // then still waiting (and is no longer once it goes out): due times follow.
        QSqlQuery c(m_db.connection());
        c.prepare(QStringLiteral("SELECT conversation_id FROM outbox WHERE id = :id"));
        c.bindValue(QStringLiteral(":id"), id);
        if (!c.exec() || !c.next())
            return m_db.queryError(c, QStringLiteral("outbox conversation"));
        return MessageRepository(m_db).refreshConversation(c.value(0).toLongLong());
    });
}

} // namespace Care::Store
