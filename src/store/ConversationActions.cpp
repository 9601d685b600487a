#include "store/ConversationActions.h"

#include "core/IncomingMessage.h"
#include "core/PlatformCapabilities.h"
#include "store/AccountRepository.h"
#include "store/AuditRepository.h"
#include "store/ConversationFactsQuery.h"
#include "store/ConversationRepository.h"
#include "store/Database.h"
#include "store/EmailAnswerTarget.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "store/SqlHelpers.h"
#include "store/TranscriptMail.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QUuid>

namespace Care::Store {

using Core::Error;
using Core::Status;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::ConversationActions)
};

} // namespace

QString dispositionReasonId(DispositionReason reason)
{
    switch (reason) {
    case DispositionReason::Spam: return QStringLiteral("spam");
    case DispositionReason::PraiseAcknowledged: return QStringLiteral("praise-acknowledged");
    case DispositionReason::AnsweredElsewhere: return QStringLiteral("answered-elsewhere");
    case DispositionReason::MonitoredOnly: return QStringLiteral("monitored-only");
    }
    return {};
}

Status ConversationActions::addEvent(qint64 conversationId, const QString &kind, const QString &detail)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor, detail) "
                             "VALUES (:conversation, :at, :kind, :actor, :detail)"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":at"), m_db.now().toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":kind"), text(kind));
    q.bindValue(QStringLiteral(":actor"), text(m_agentId));
    q.bindValue(QStringLiteral(":detail"), text(detail));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("conversation event"));
    return {};
}

Status ConversationActions::claim(qint64 conversationId)
{
    return m_db.transaction([&]() -> Status {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE conversations SET assignee = :me, updated_at = :now "
                                 "WHERE id = :id AND assignee = ''"));
        q.bindValue(QStringLiteral(":me"), text(m_agentId));
        q.bindValue(QStringLiteral(":now"), m_db.now().toMSecsSinceEpoch());
        q.bindValue(QStringLiteral(":id"), conversationId);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("claim"));
        if (q.numRowsAffected() == 1)
            return addEvent(conversationId, QStringLiteral("assigned"), m_agentId);
        QSqlQuery who(m_db.connection());
        who.prepare(QStringLiteral("SELECT c.assignee, coalesce(a.name, c.assignee) FROM conversations c "
                                   "LEFT JOIN agents a ON a.id = c.assignee WHERE c.id = :id"));
        who.bindValue(QStringLiteral(":id"), conversationId);
        if (!who.exec() || !who.next())
            return Error::make(Error::Code::NotFound, Strings::tr("This conversation no longer exists."));
        if (who.value(0).toString() == m_agentId)
            return {};
        return Error::make(Error::Code::Conflict, Strings::tr("%1 has already taken this conversation.").arg(who.value(1).toString()),
                           Strings::tr("Ask them, or have a lead reassign it."));
    });
}

Status ConversationActions::assign(qint64 conversationId, const QString &agentId, const QString &handoffNote)
{
    return m_db.transaction([&]() -> Status {
        if (Status s = ConversationRepository(m_db).assign(conversationId, agentId); !s)
            return s;
        if (!handoffNote.trimmed().isEmpty()) {
            auto note = insertOwnMessage(conversationId, Core::Direction::Note, Core::Visibility::Private,
                                         handoffNote.trimmed(), Core::DeliveryState::NotApplicable);
            if (!note)
                return note.error();
        }
        return addEvent(conversationId, agentId.isEmpty() ? QStringLiteral("unassigned") : QStringLiteral("assigned"),
                        agentId);
    });
}

Core::Result<QList<qint64>> ConversationActions::ownOpenConversations()
{
    QSqlQuery mine(m_db.connection());
    mine.prepare(QStringLiteral("SELECT id FROM conversations WHERE assignee = :me AND status IN ('open', 'pending', 'snoozed') "
                                "ORDER BY id"));
    mine.bindValue(QStringLiteral(":me"), text(m_agentId));
    if (!mine.exec())
        return m_db.queryError(mine, QStringLiteral("own conversations"));
    QList<qint64> ids;
    while (mine.next())
        ids << mine.value(0).toLongLong();
    return ids;
}

Core::Result<int> ConversationActions::handOffAll(const QString &toAgentId, const QString &note)
{
    if (toAgentId == m_agentId)
        return Error::make(Error::Code::InvalidInput, Strings::tr("Choose a colleague or the team, not yourself."));
    int handed = 0;
    Status status = m_db.transaction([&]() -> Status {
        auto ids = ownOpenConversations();
        if (!ids)
            return ids.error();
        for (qint64 id : std::as_const(ids.value())) {
            if (Status s = assign(id, toAgentId, note); !s)
                return s;
            ++handed;
        }
        return {};
    });
    if (!status)
        return status.error();
    return handed;
}

Status ConversationActions::setStatus(qint64 conversationId, Core::ConversationStatus status,
                                      const QDateTime &snoozedUntil)
{
    return m_db.transaction([&]() -> Status {
        return ConversationRepository(m_db).setStatus(conversationId, status, snoozedUntil, QDateTime(), m_agentId);
    });
}

Status ConversationActions::setTags(qint64 conversationId, const QStringList &tags)
{
    return m_db.transaction([&]() -> Status {
        if (Status s = ConversationRepository(m_db).setTags(conversationId, tags); !s)
            return s;
        if (Status s = addEvent(conversationId, QStringLiteral("tags"), tags.join(QLatin1Char(','))); !s)
            return s;
        return MessageRepository(m_db).refreshConversation(conversationId); // the policy may depend on a tag
    });
}

Status ConversationActions::dispose(qint64 conversationId, DispositionReason reason, const QString &note)
{
    return m_db.transaction([&]() -> Status {
        const qint64 now = m_db.now().toMSecsSinceEpoch();
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("INSERT INTO dispositions (conversation_id, reason, note, agent_id, at) "
                                 "VALUES (:conversation, :reason, :note, :agent, :at)"));
        q.bindValue(QStringLiteral(":conversation"), conversationId);
        q.bindValue(QStringLiteral(":reason"), text(dispositionReasonId(reason)));
        q.bindValue(QStringLiteral(":note"), text(note));
        q.bindValue(QStringLiteral(":agent"), text(m_agentId));
        q.bindValue(QStringLiteral(":at"), now);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("disposition"));
        QSqlQuery mark(m_db.connection());
        mark.prepare(QStringLiteral("UPDATE conversations SET last_disposition_at = :at WHERE id = :id"));
        mark.bindValue(QStringLiteral(":at"), now);
        mark.bindValue(QStringLiteral(":id"), conversationId);
        if (!mark.exec())
            return m_db.queryError(mark, QStringLiteral("disposition mark"));
        if (Status s = addEvent(conversationId, QStringLiteral("disposition"), dispositionReasonId(reason)); !s)
            return s;
        return MessageRepository(m_db).refreshConversation(conversationId);
    });
}

Core::Result<qint64> ConversationActions::hideInbound(qint64 conversationId, const QString &reason, qint64 messageId)
{
    if (reason.trimmed().isEmpty())
        return Error::make(Error::Code::InvalidInput, Strings::tr("Hiding a customer's message needs a reason."),
                           Strings::tr("Say why, for example: abusive language, or personal data posted in public."));
    Core::Result<qint64> hidden = qint64(0);
    const Status status = m_db.transaction([&]() -> Status {
        // Asked before hiding: whether the platform will hide it too (X only in the brand's own
        // conversations, Facebook only where can_hide), or it is hidden in the console only.
        auto capabilities = ConversationFactsQuery(m_db).capabilities(conversationId, {}, messageId);
        if (!capabilities)
            return capabilities.error();
        QSqlQuery find(m_db.connection());
        find.prepare(QStringLiteral("SELECT id FROM messages WHERE conversation_id = :id AND direction = 'inbound' "
                                    "AND visibility = 'public' AND hidden_at IS NULL AND (:message = 0 OR id = :message2) "
                                    "ORDER BY created_at DESC, id DESC LIMIT 1"));
        find.bindValue(QStringLiteral(":id"), conversationId);
        find.bindValue(QStringLiteral(":message"), messageId);
        find.bindValue(QStringLiteral(":message2"), messageId);
        if (!find.exec())
            return m_db.queryError(find, QStringLiteral("find message to hide"));
        if (!find.next())
            return Error::make(Error::Code::NotFound,
                               messageId > 0 ? Strings::tr("This message is private or hidden already; only a visible "
                                                           "public message from the customer can be hidden.")
                                             : Strings::tr("There is no visible public message from the customer to hide."));
        messageId = find.value(0).toLongLong();
        QSqlQuery hide(m_db.connection());
        hide.prepare(QStringLiteral("UPDATE messages SET hidden_at = :at, hidden_by = :by, hidden_reason = :reason "
                                    "WHERE id = :id"));
        hide.bindValue(QStringLiteral(":at"), m_db.now().toMSecsSinceEpoch());
        hide.bindValue(QStringLiteral(":by"), text(m_agentId));
        hide.bindValue(QStringLiteral(":reason"), text(reason.trimmed()));
        hide.bindValue(QStringLiteral(":id"), messageId);
        if (!hide.exec())
            return m_db.queryError(hide, QStringLiteral("hide message"));
        if (Status s = auditMessage(QStringLiteral("message.hide"), messageId, reason.trimmed()); !s)
            return s;
        hidden = messageId;
        if (capabilities->hide)
            if (Status s = queueHide(conversationId, messageId); !s)
                return s;
        return addEvent(conversationId, QStringLiteral("hidden"), QString::number(messageId));
    });
    if (!status)
        return status.error();
    return hidden;
}

Core::Result<qint64> ConversationActions::unhideInbound(qint64 conversationId, qint64 messageId)
{
    Core::Result<qint64> shown = qint64(0);
    const Status status = m_db.transaction([&]() -> Status {
        QSqlQuery find(m_db.connection());
        find.prepare(QStringLiteral("SELECT m.id, m.platform_message_id, m.account_id, m.hidden_reason, a.platform,"
                                    " o.id, o.state, m.hidden_by FROM messages m JOIN accounts a ON a.id = m.account_id"
                                    " LEFT JOIN outbox o ON o.message_id = m.id AND o.kind = 'hide'"
                                    " WHERE m.conversation_id = :id AND m.direction = 'inbound' AND m.hidden_at IS NOT NULL"
                                    " AND (:message = 0 OR m.id = :message2) ORDER BY m.hidden_at DESC, m.id DESC LIMIT 1"));
        find.bindValue(QStringLiteral(":id"), conversationId);
        find.bindValue(QStringLiteral(":message"), messageId);
        find.bindValue(QStringLiteral(":message2"), messageId);
        if (!find.exec())
            return m_db.queryError(find, QStringLiteral("find hidden message"));
        if (!find.next())
            return Error::make(Error::Code::NotFound, messageId > 0 ? Strings::tr("This message is not hidden.")
                                                                    : Strings::tr("Nothing the customer wrote here is hidden."));
        messageId = find.value(0).toLongLong();
        const QString platformMessageId = find.value(1).toString();
        const qint64 accountId = find.value(2).toLongLong();
        const QString earlierReason = find.value(3).toString();
        const auto platform = Core::platformFromId(find.value(4).toString());
        const qint64 hideItem = find.value(5).isNull() ? 0 : find.value(5).toLongLong();
        const QString hideState = find.value(6).toString();
        const bool hiddenThereByOthers = find.value(7).toString().isEmpty(); // e.g. by a Page admin on Facebook
        find.finish();
        QSqlQuery show(m_db.connection());
        show.prepare(QStringLiteral("UPDATE messages SET hidden_at = NULL, hidden_by = '', hidden_reason = '' WHERE id = :id"));
        show.bindValue(QStringLiteral(":id"), messageId);
        if (!show.exec())
            return m_db.queryError(show, QStringLiteral("unhide message"));
        if (Status s = auditMessage(QStringLiteral("message.unhide"), messageId, earlierReason); !s) // why it had been hidden
            return s;
        shown = messageId;
        // On the platform only what was hidden there: a hide still waiting is withdrawn, one that
        // went out (or may have), or a hide made on the platform itself, is undone by an unhide
        // item, which a note in the transcript carries.
        const bool hiddenThere = (hideItem != 0 && hideState != QLatin1String("failed")
                                  && hideState != QLatin1String("cancelled"))
                                 || (hiddenThereByOthers && platform && Core::PlatformCapabilities::of(*platform).hide);
        if (hideItem != 0 && (hideState == QLatin1String("queued") || hideState == QLatin1String("held"))) {
            if (Status s = OutboxRepository(m_db).cancel(hideItem); !s)
                return s;
        } else if (hiddenThere) {
            auto note = insertOwnMessage(conversationId, Core::Direction::Note, Core::Visibility::Private,
                                         Strings::tr("The customer's comment is shown again on %1.")
                                             .arg(platform ? Core::platformDisplayName(*platform) : QString()),
                                         Core::DeliveryState::Queued);
            if (!note)
                return note.error();
            Core::OutboxItem item;
            item.kind = Core::OutboxKind::Unhide;
            item.messageId = note.value();
            item.conversationId = conversationId;
            item.accountId = accountId;
            item.replyTo = platformMessageId;
            item.confirmed = true;
            if (auto queued = OutboxRepository(m_db).enqueueInTransaction(item); !queued)
                return queued.error();
        }
        return addEvent(conversationId, QStringLiteral("unhidden"), QString::number(messageId));
    });
    if (!status)
        return status.error();
    return shown;
}

Core::Result<qint64> ConversationActions::addNote(qint64 conversationId, const QString &text)
{
    Core::Result<qint64> id = qint64(0);
    const Status status = m_db.transaction([&]() -> Status {
        id = insertOwnMessage(conversationId, Core::Direction::Note, Core::Visibility::Private, text,
                              Core::DeliveryState::NotApplicable);
        return id ? Status{} : Status{id.error()};
    });
    if (!status)
        return status.error();
    return id;
}

Core::Result<qint64> ConversationActions::queueReply(qint64 conversationId, Core::Visibility visibility,
                                                     const QString &text)
{
    Core::Result<qint64> id = qint64(0);
    const Status status = m_db.transaction([&]() -> Status {
        // What the agent saw when sending: the newest message so far, the message answered
        // and the customer addressed. Delivery checks against these later.
        Core::OutboxItem item;
        item.conversationId = conversationId;
        item.kind = visibility == Core::Visibility::Private ? Core::OutboxKind::PrivateMessage
                                                            : Core::OutboxKind::PublicReply;
        item.body = text;
        auto seen = newestMessageId(conversationId);
        if (!seen)
            return seen.error();
        item.seenMessageId = seen.value();
        QSqlQuery target(m_db.connection());
        target.prepare(QStringLiteral("SELECT platform_message_id, author_handle FROM messages WHERE conversation_id = :id"
                                      " AND direction = 'inbound' AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 1"));
        target.bindValue(QStringLiteral(":id"), conversationId);
        if (!target.exec())
            return m_db.queryError(target, QStringLiteral("message answered"));
        if (target.next()) {
            item.replyTo = target.value(0).toString();
            item.recipient = target.value(1).toString();
        }
        id = insertOwnMessage(conversationId, Core::Direction::Outbound, visibility, text,
                              Core::DeliveryState::Queued);
        if (!id)
            return id.error();
        item.messageId = id.value();
        auto conversation = ConversationRepository(m_db).get(conversationId);
        if (!conversation)
            return conversation.error();
        item.accountId = conversation->accountId;
        if (auto queued = OutboxRepository(m_db).enqueueInTransaction(item); !queued)
            return queued.error();
        return addEvent(conversationId, QStringLiteral("reply-queued"), QString::number(id.value()));
    });
    if (!status)
        return status.error();
    return id;
}

Core::Result<qint64> ConversationActions::queueTranscript(qint64 conversationId, qint64 emailAccountId,
                                                          const QString &address, const PdfRenderer &pdf)
{
    const QString to = address.trimmed().toLower();
    static const QRegularExpression plainAddress(QStringLiteral("^[^\\s@<>\"(),;:]+@[^\\s@<>\"(),;:]+\\.[^\\s@<>\"(),;:]+$"));
    if (!plainAddress.match(to).hasMatch())
        return Error::make(Error::Code::InvalidInput, Strings::tr("%1 is not an e-mail address.").arg(address),
                           Strings::tr("Give the colleague's or department's address, e.g. escalations@example.com."));
    if (auto account = emailAccount(emailAccountId); !account)
        return account.error();
    auto transcript = TranscriptMail::text(m_db, conversationId, m_agentId);
    if (!transcript)
        return transcript.error();
    QByteArray pdfBytes;
    if (pdf) {
        pdfBytes = pdf(Strings::tr("Transcript of conversation %1").arg(conversationId), transcript.value());
        if (!pdfBytes.startsWith("%PDF"))
            return Error::make(Error::Code::Unknown, Strings::tr("The transcript could not be written as a PDF."),
                               Strings::tr("Nothing was sent. Try again; if it keeps failing, export the transcript and attach it yourself."));
    }
    Core::Result<qint64> id = qint64(0);
    const Status status = m_db.transaction([&]() -> Status {
        id = insertOwnMessage(conversationId, Core::Direction::Note, Core::Visibility::Private,
                              Strings::tr("Transcript sent by e-mail to %1.").arg(to), Core::DeliveryState::Queued);
        if (!id)
            return id.error();
        Core::OutboxItem item;
        item.kind = Core::OutboxKind::Transcript;
        item.messageId = id.value();
        item.conversationId = conversationId;
        item.accountId = emailAccountId;
        item.recipient = to;
        item.body = transcript.value();
        if (!pdfBytes.isEmpty()) {
            item.attachmentName = QStringLiteral("transcript-%1.pdf").arg(conversationId);
            item.attachment = pdfBytes;
        }
        if (auto queued = OutboxRepository(m_db).enqueueInTransaction(item); !queued)
            return queued.error();
        return addEvent(conversationId, QStringLiteral("transcript-queued"), to);
    });
    if (!status)
        return status.error();
    return id;
}

Core::Result<qint64> ConversationActions::queueEmailAnswer(qint64 conversationId, qint64 emailAccountId,
                                                           const QString &text)
{
    auto account = emailAccount(emailAccountId);
    if (!account)
        return account.error();
    auto target = EmailAnswerTarget::forConversation(m_db, conversationId, emailAccountId);
    if (!target)
        return target.error();
    if (target->address.isEmpty())
        return Error::make(Error::Code::InvalidInput,
                           Strings::tr("This customer has not given e-mail as their preferred contact, with an address."),
                           Strings::tr("Record their e-mail address and preference in the customer card first."));
    Core::Result<qint64> id = qint64(0);
    const Status status = m_db.transaction([&]() -> Status {
        Core::OutboxItem item;
        item.kind = Core::OutboxKind::EmailAnswer;
        item.conversationId = conversationId;
        item.accountId = emailAccountId;
        item.recipient = target->address;
        item.replyTo = target->replyTo;
        item.subject = target->subject;
        item.body = text;
        auto seen = newestMessageId(conversationId);
        if (!seen)
            return seen.error();
        item.seenMessageId = seen.value();
        id = insertOwnMessage(conversationId, Core::Direction::Outbound, Core::Visibility::Private, text,
                              Core::DeliveryState::Queued);
        if (!id)
            return id.error();
        // In this conversation, from the e-mail account: the transcript shows it as sent by e-mail.
        QSqlQuery move(m_db.connection());
        move.prepare(QStringLiteral("UPDATE messages SET account_id = :account WHERE id = :id"));
        move.bindValue(QStringLiteral(":account"), emailAccountId);
        move.bindValue(QStringLiteral(":id"), id.value());
        if (!move.exec())
            return m_db.queryError(move, QStringLiteral("e-mail answer account"));
        item.messageId = id.value();
        if (auto queued = OutboxRepository(m_db).enqueueInTransaction(item); !queued)
            return queued.error();
        return addEvent(conversationId, QStringLiteral("reply-queued"), QString::number(id.value()));
    });
    if (!status)
        return status.error();
    return id;
}

Core::Result<qint64> ConversationActions::newestMessageId(qint64 conversationId)
{
    QSqlQuery seen(m_db.connection());
    seen.prepare(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages WHERE conversation_id = :id"));
    seen.bindValue(QStringLiteral(":id"), conversationId);
    if (!seen.exec() || !seen.next())
        return m_db.queryError(seen, QStringLiteral("newest message"));
    return seen.value(0).toLongLong();
}

Core::Result<Core::Account> ConversationActions::emailAccount(qint64 accountId)
{
    auto account = AccountRepository(m_db).get(accountId);
    if (!account)
        return account.error();
    if (account->platform != Core::Platform::Email)
        return Error::make(Error::Code::InvalidInput, Strings::tr("Account %1 is not an e-mail account.").arg(accountId),
                           Strings::tr("Connect a support mailbox with careconsole account add email."));
    return account;
}

Status ConversationActions::auditMessage(const QString &action, qint64 messageId, const QString &detail)
{
    Core::AuditEvent event;
    event.actor = m_agentId;
    event.action = action;
    event.subjectType = QStringLiteral("message");
    event.subjectId = messageId;
    event.detail = detail;
    return AuditRepository(m_db).append(event);
}

Status ConversationActions::queueHide(qint64 conversationId, qint64 messageId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT a.platform, m.platform_message_id, m.account_id FROM messages m JOIN accounts a"
                             " ON a.id = m.account_id WHERE m.id = :id"));
    q.bindValue(QStringLiteral(":id"), messageId);
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("message to hide"));
    const auto platform = Core::platformFromId(q.value(0).toString());
    // Where the platform cannot hide, the message is hidden in the console only.
    if (!platform || !Core::PlatformCapabilities::of(*platform).hide)
        return {};
    // Hidden before and shown again: the message's hide item (one per message) goes again.
    QSqlQuery again(m_db.connection());
    again.prepare(QStringLiteral("UPDATE outbox SET state = 'queued', error = '', attempts = 0, next_attempt_at = 0,"
                                 " claimed_by = '', updated_at = :now WHERE message_id = :id AND kind = 'hide'"
                                 " AND state IN ('sent', 'failed', 'cancelled')"));
    again.bindValue(QStringLiteral(":now"), nowMs());
    again.bindValue(QStringLiteral(":id"), messageId);
    if (!again.exec())
        return m_db.queryError(again, QStringLiteral("hide again"));
    if (again.numRowsAffected() > 0)
        return {};
    if (OutboxRepository(m_db).forMessage(messageId))
        return {}; // still on its way
    Core::OutboxItem item;
    item.kind = Core::OutboxKind::Hide;
    item.messageId = messageId;
    item.conversationId = conversationId;
    item.accountId = q.value(2).toLongLong();
    item.replyTo = q.value(1).toString();
    item.confirmed = true;
    auto queued = OutboxRepository(m_db).enqueueInTransaction(item);
    return queued ? Status() : Status(queued.error());
}

Core::Result<qint64> ConversationActions::insertOwnMessage(qint64 conversationId, Core::Direction direction,
                                                           Core::Visibility visibility, const QString &body,
                                                           Core::DeliveryState state)
{
    if (body.trimmed().isEmpty())
        return Error::make(Error::Code::InvalidInput, Strings::tr("There is nothing to send."));
    auto conversation = ConversationRepository(m_db).get(conversationId);
    if (!conversation)
        return conversation.error();
    Core::IncomingMessage message;
    message.accountId = conversation->accountId;
    message.threadKey = conversation->threadKey;
    message.platformMessageId = QStringLiteral("local-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    message.direction = direction;
    message.visibility = visibility;
    message.agentId = m_agentId;
    message.authorName = m_agentId;
    message.body = body;
    message.createdAt = m_db.now();
    message.deliveryState = state;
    auto report = MessageRepository(m_db).ingestInTransaction({message});
    if (!report)
        return report.error();
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id FROM messages WHERE account_id = :account AND platform_message_id = :pid"));
    q.bindValue(QStringLiteral(":account"), message.accountId);
    q.bindValue(QStringLiteral(":pid"), text(message.platformMessageId));
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("own message id"));
    return q.value(0).toLongLong();
}

} // namespace Care::Store
