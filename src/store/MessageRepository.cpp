#include "store/MessageRepository.h"

#include "core/ListeningClock.h"
#include "core/Conversation.h"
#include "core/CsatParser.h"
#include "core/PlatformCapabilities.h"
#include "core/SearchQuery.h"
#include "store/CsatRepository.h"
#include "store/CustomerRepository.h"
#include "store/Database.h"
#include "store/IngestBatch.h"
#include "store/MessageInsertBuffer.h"
#include "store/SearchSql.h"
#include "store/SlaRefresher.h"
#include "store/WorkspaceSettings.h"
#include "store/OutboxRepository.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <algorithm>

namespace Care::Store {

using Core::Error;
using Core::IncomingMessage;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::MessageRepository)
};

Core::Message messageFromRow(const QSqlQuery &q, int offset = 0)
{
    Core::Message m;
    m.id = q.value(offset + 0).toLongLong();
    m.conversationId = q.value(offset + 1).toLongLong();
    m.accountId = q.value(offset + 2).toLongLong();
    m.platformMessageId = q.value(offset + 3).toString();
    m.platformParentId = q.value(offset + 4).toString();
    m.direction = Core::directionFromId(q.value(offset + 5).toString()).value_or(Core::Direction::Inbound);
    m.visibility = Core::visibilityFromId(q.value(offset + 6).toString()).value_or(Core::Visibility::Public);
    m.authorName = q.value(offset + 7).toString();
    m.authorHandle = q.value(offset + 8).toString();
    m.agentId = q.value(offset + 9).toString();
    m.body = q.value(offset + 10).toString();
    m.createdAt = timeFromDb(q.value(offset + 11));
    m.editedAt = timeFromDb(q.value(offset + 12));
    m.deletedAt = timeFromDb(q.value(offset + 13));
    m.deliveryState = Core::deliveryStateFromId(q.value(offset + 14).toString())
                          .value_or(Core::DeliveryState::NotApplicable);
    m.automatic = q.value(offset + 15).toInt() != 0;
    m.hiddenAt = timeFromDb(q.value(offset + 16));
    m.hiddenBy = q.value(offset + 17).toString();
    m.hiddenReason = q.value(offset + 18).toString();
    return m;
}

const char *const kMessageColumns =
    "m.id, m.conversation_id, m.account_id, m.platform_message_id, m.platform_parent_id, m.direction,"
    " m.visibility, m.author_name, m.author_handle, m.agent_id, m.body, m.created_at, m.edited_at,"
    " m.deleted_at, m.delivery_state, m.automatic, m.hidden_at, m.hidden_by, m.hidden_reason";

} // namespace

Core::Result<IngestReport> MessageRepository::ingest(const QList<IncomingMessage> &batch)
{
    Core::Result<IngestReport> result = IngestReport{};
    const Core::Status status = m_db.transaction([&]() -> Core::Status {
        result = ingestInTransaction(batch);
        return result ? Core::Status{} : Core::Status{result.error()};
    });
    if (!status)
        return status.error();
    return result;
}

Core::Result<IngestReport> MessageRepository::ingestInTransaction(const QList<IncomingMessage> &batch)
{
    IngestReport report;
    CustomerRepository customers(m_db);
    IngestBatch conversations(m_db);
    MessageInsertBuffer newMessages(m_db);

    // Prepared once per connection: the same statements run for every message.
    QSqlQuery *statements[13] = {};
    const QString sql[13] = {
        QStringLiteral("SELECT platform FROM accounts WHERE id = :id"),
        QStringLiteral("SELECT id, status, ") + IngestBatch::conversationColumns()
            + QStringLiteral(" FROM conversations WHERE account_id = :account AND thread_key = :thread"),
        QStringLiteral("UPDATE conversations SET status = 'open', snoozed_until = NULL WHERE id = :id"),
        QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor) "
                       "VALUES (:id, :at, 'reopened', 'customer')"),
        QStringLiteral("INSERT INTO conversations (account_id, customer_id, thread_key, found_by_listening, created_at, "
                       "updated_at, last_message_at) VALUES (:account, :customer, :thread, :listening, :created, :created, "
                       ":created) RETURNING id"),
        QStringLiteral("SELECT id, body, deleted_at, delivery_state, conversation_id FROM messages "
                       "WHERE account_id = :account AND platform_message_id = :pid"),
        QStringLiteral("INSERT INTO message_revisions (message_id, body, replaced_at) VALUES (:message, :body, :at)"),
        QStringLiteral("UPDATE messages SET body = :body, search_text = :search, edited_at = :edited WHERE id = :id"),
        QStringLiteral("UPDATE messages SET deleted_at = :deleted WHERE id = :id"),
        QStringLiteral("UPDATE messages SET delivery_state = :state WHERE id = :id"),
        // A conversation found by listening: its clocks start now, when it was found (ListeningClock).
        QStringLiteral("INSERT INTO conversation_events (conversation_id, at, kind, actor) "
                       "VALUES (:id, :at, 'found', 'listening')"),
        QStringLiteral("UPDATE messages SET can_hide = :can WHERE id = :id AND (can_hide IS NULL OR can_hide <> :can2)"),
        QStringLiteral("SELECT id, status, ") + IngestBatch::conversationColumns()
            + QStringLiteral(" FROM conversations WHERE id = :id"),
    };
    for (int i = 0; i < 13; ++i) {
        auto prepared = m_db.cachedQuery(sql[i]);
        if (!prepared)
            return prepared.error();
        statements[i] = prepared.value();
    }
    QSqlQuery &findAccount = *statements[0];
    QSqlQuery &findConversation = *statements[1];
    QSqlQuery &reopen = *statements[2];
    QSqlQuery &reopenEvent = *statements[3];
    QSqlQuery &insertConversation = *statements[4];
    QSqlQuery &findMessage = *statements[5];
    QSqlQuery &insertRevision = *statements[6];
    QSqlQuery &updateBody = *statements[7];
    QSqlQuery &markDeleted = *statements[8];
    QSqlQuery &updateDelivery = *statements[9];
    QSqlQuery &foundEvent = *statements[10];
    QSqlQuery &updateCanHide = *statements[11];
    QSqlQuery &findConversationById = *statements[12];
    auto classifier = m_db.classifier();
    if (!classifier)
        return classifier.error();

    QHash<qint64, Core::Platform> accountPlatforms;
    for (const IncomingMessage &in : batch) {
        if (in.platformMessageId.isEmpty() || in.threadKey.isEmpty() || !in.createdAt.isValid())
            return Error::make(Error::Code::InvalidInput,
                               Strings::tr("A message without an id, thread or time cannot be stored."));
        if (!accountPlatforms.contains(in.accountId)) {
            findAccount.bindValue(QStringLiteral(":id"), in.accountId);
            if (!findAccount.exec())
                return m_db.queryError(findAccount, QStringLiteral("find account"));
            if (!findAccount.next())
                return Error::make(Error::Code::NotFound, Strings::tr("The account %1 does not exist.").arg(in.accountId));
            accountPlatforms.insert(in.accountId, Core::platformFromId(findAccount.value(0).toString())
                                                      .value_or(Core::Platform::X));
            findAccount.finish();
        }

        // Already stored? Then this is a re-fetch, an edit, a deletion or a delivery update.
        if (newMessages.holds(in.accountId, in.platformMessageId)) {
            if (Core::Status s = newMessages.flush(); !s)
                return s.error();
        }
        findMessage.bindValue(QStringLiteral(":account"), in.accountId);
        findMessage.bindValue(QStringLiteral(":pid"), text(in.platformMessageId));
        if (!findMessage.exec())
            return m_db.queryError(findMessage, QStringLiteral("find message"));
        if (findMessage.next()) {
            const qint64 id = findMessage.value(0).toLongLong();
            const QString oldBody = findMessage.value(1).toString();
            const bool wasDeleted = !findMessage.value(2).isNull();
            const QString oldDelivery = findMessage.value(3).toString();
            const qint64 conversationId = findMessage.value(4).toLongLong();
            findMessage.finish();
            bool changed = false;
            if (oldBody != in.body && !in.body.isEmpty()) {
                const QDateTime editedAt = in.editedAt.isValid() ? in.editedAt : QDateTime::currentDateTimeUtc();
                insertRevision.bindValue(QStringLiteral(":message"), id);
                insertRevision.bindValue(QStringLiteral(":body"), text(oldBody));
                insertRevision.bindValue(QStringLiteral(":at"), toDb(editedAt));
                if (!insertRevision.exec())
                    return m_db.queryError(insertRevision, QStringLiteral("insert revision"));
                updateBody.bindValue(QStringLiteral(":body"), text(in.body));
                updateBody.bindValue(QStringLiteral(":search"), text(Core::SearchQuery::normalize(in.body)));
                updateBody.bindValue(QStringLiteral(":edited"), toDb(editedAt));
                updateBody.bindValue(QStringLiteral(":id"), id);
                if (!updateBody.exec())
                    return m_db.queryError(updateBody, QStringLiteral("update body"));
                changed = true;
            }
            if (in.deletedAt.isValid() && !wasDeleted) {
                markDeleted.bindValue(QStringLiteral(":deleted"), toDb(in.deletedAt));
                markDeleted.bindValue(QStringLiteral(":id"), id);
                if (!markDeleted.exec())
                    return m_db.queryError(markDeleted, QStringLiteral("mark deleted"));
                changed = true;
            }
            const QString newDelivery = Core::deliveryStateId(in.deliveryState);
            if (in.deliveryState != Core::DeliveryState::NotApplicable && newDelivery != oldDelivery) {
                updateDelivery.bindValue(QStringLiteral(":state"), text(newDelivery));
                updateDelivery.bindValue(QStringLiteral(":id"), id);
                if (!updateDelivery.exec())
                    return m_db.queryError(updateDelivery, QStringLiteral("update delivery"));
                changed = true;
            }
            if (in.canHide) {
                updateCanHide.bindValue(QStringLiteral(":can"), *in.canHide ? 1 : 0);
                updateCanHide.bindValue(QStringLiteral(":can2"), *in.canHide ? 1 : 0);
                updateCanHide.bindValue(QStringLiteral(":id"), id);
                if (!updateCanHide.exec())
                    return m_db.queryError(updateCanHide, QStringLiteral("update can_hide"));
                changed = changed || updateCanHide.numRowsAffected() > 0;
            }
            if (changed) {
                ++report.edited;
                report.conversations.insert(conversationId);
                conversations.recount(conversationId);
            } else {
                ++report.unchanged;
            }
            continue;
        }
        findMessage.finish();
        if (in.onlyIfStored) {
            ++report.unchanged;
            continue;
        }

        // New message: find its conversation (the one it names, else by thread key), creating the
        // customer and conversation if needed.
        QSqlQuery *found = nullptr;
        if (in.conversationId > 0) {
            findConversationById.bindValue(QStringLiteral(":id"), in.conversationId);
            if (!findConversationById.exec())
                return m_db.queryError(findConversationById, QStringLiteral("find conversation by id"));
            if (findConversationById.next())
                found = &findConversationById;
            else
                findConversationById.finish();
        }
        if (!found) {
            findConversation.bindValue(QStringLiteral(":account"), in.accountId);
            findConversation.bindValue(QStringLiteral(":thread"), text(in.threadKey));
            if (!findConversation.exec())
                return m_db.queryError(findConversation, QStringLiteral("find conversation"));
            if (findConversation.next())
                found = &findConversation;
        }
        qint64 conversationId = 0;
        if (found) {
            conversationId = found->value(0).toLongLong();
            const bool isOpen = found->value(1).toString() == QLatin1String("open");
            // The row as the batch began (its inbox columns are written when the batch ends).
            const bool isNewer = found->value(3).toLongLong() < in.createdAt.toMSecsSinceEpoch();
            conversations.follow(conversationId, *found, 2);
            found->finish();
            // A customer writing again reopens a resolved, snoozed or pending conversation.
            if (in.direction == Core::Direction::Inbound && !isOpen && isNewer) {
                reopen.bindValue(QStringLiteral(":id"), conversationId);
                if (!reopen.exec())
                    return m_db.queryError(reopen, QStringLiteral("reopen conversation"));
                // The event log sees the reopen at the moment the customer wrote.
                reopenEvent.bindValue(QStringLiteral(":id"), conversationId);
                reopenEvent.bindValue(QStringLiteral(":at"), in.createdAt.toMSecsSinceEpoch());
                if (!reopenEvent.exec())
                    return m_db.queryError(reopenEvent, QStringLiteral("reopen event"));
            }
        } else {
            findConversation.finish();
            if (in.customerPlatformUserId.isEmpty())
                return Error::make(Error::Code::InvalidInput,
                                   Strings::tr("A new conversation needs the customer's platform identity."));
            Core::CustomerIdentity identity;
            identity.platform = accountPlatforms.value(in.accountId);
            identity.platformUserId = in.customerPlatformUserId;
            identity.handle = in.customerHandle;
            identity.displayName = in.customerName;
            auto customerId = customers.ensureForIdentity(identity);
            if (!customerId)
                return customerId.error();
            insertConversation.bindValue(QStringLiteral(":account"), in.accountId);
            insertConversation.bindValue(QStringLiteral(":customer"), customerId.value());
            insertConversation.bindValue(QStringLiteral(":thread"), text(in.threadKey));
            insertConversation.bindValue(QStringLiteral(":created"), toDb(in.createdAt));
            insertConversation.bindValue(QStringLiteral(":listening"), in.foundByListening ? 1 : 0);
            if (!insertConversation.exec() || !insertConversation.next())
                return m_db.queryError(insertConversation, QStringLiteral("insert conversation"));
            conversationId = insertConversation.value(0).toLongLong();
            insertConversation.finish();
            conversations.followNew(conversationId, in.createdAt.toMSecsSinceEpoch());
            if (in.foundByListening) {
                foundEvent.bindValue(QStringLiteral(":id"), conversationId);
                foundEvent.bindValue(QStringLiteral(":at"), toDb(m_db.now()));
                if (!foundEvent.exec())
                    return m_db.queryError(foundEvent, QStringLiteral("found event"));
                conversations.recount(conversationId); // nobody waited before it was found
            }
        }

        // Every inbound message is triaged as it arrives; the reasons travel with it.
        std::optional<Core::Triage> triage;
        if (in.direction == Core::Direction::Inbound && !in.body.isEmpty())
            triage = classifier.value()->classify(in.body, in.createdAt);
        // The columns of MessageInsertBuffer::columns(), in order.
        QVariantList row {
            conversationId,
            in.accountId,
            text(in.platformMessageId),
            text(in.platformParentId),
            text(Core::directionId(in.direction)),
            text(Core::visibilityId(in.visibility)),
            text(in.authorName.isEmpty() && in.direction == Core::Direction::Inbound ? in.customerName
                                                                                      : in.authorName),
            text(in.direction == Core::Direction::Inbound ? in.customerHandle : QString()),
            text(in.agentId),
            text(in.body),
            text(Core::SearchQuery::normalize(in.body)),
            toDb(in.createdAt),
            toDb(in.editedAt),
            toDb(in.deletedAt),
            text(Core::deliveryStateId(in.deliveryState)),
            in.automatic ? 1 : 0,
            text(triage ? Core::priorityId(triage->urgency) : QString()),
            text(triage ? triage->reasons.join(QLatin1Char('\n')) : QString()),
            text(triage ? triage->language : QString()),
            in.canHide ? QVariant(*in.canHide ? 1 : 0) : QVariant(QMetaType::fromType<int>()),
        };
        if (Core::Status s = newMessages.add(in.accountId, in.platformMessageId, std::move(row)); !s)
            return s.error();
        conversations.addMessage(conversationId, in);
        if (triage) {
            conversations.applyTriage(conversationId, *triage);
            if (mayAcknowledge(in)) {
                // The acknowledgement is a message too: it comes after this one.
                if (Core::Status s = newMessages.flush(); !s)
                    return s.error();
                // The acknowledgement's SLA policy depends on the priority just raised.
                if (Core::Status s = conversations.writeTriage(conversationId); !s)
                    return s.error();
                auto acknowledged = acknowledgeOffHours(conversationId, in, triage->language);
                if (!acknowledged)
                    return acknowledged.error();
                if (acknowledged.value())
                    conversations.recount(conversationId);
            }
        }
        // An answer to the satisfaction question? (Most messages are not a score: no query at all.)
        if (in.direction == Core::Direction::Inbound && Core::CsatParser::parse(in.body)) {
            if (Core::Status s = newMessages.flush(); !s) // the answer marks its own message
                return s.error();
            auto csat = CsatRepository(m_db).considerReplyInTransaction(conversationId, in.body, in.createdAt);
            if (!csat)
                return csat.error();
            if (csat.value()) // it may be only a rating, which nobody waits for an answer to
                conversations.recount(conversationId);
        }
        ++report.inserted;
        report.conversations.insert(conversationId);
    }
    if (Core::Status s = newMessages.flush(); !s) // the SLA refresh reads the messages
        return s.error();
    if (Core::Status s = followPlatformHidden(batch, report); !s)
        return s.error();
    if (Core::Status s = conversations.finish(); !s)
        return s.error();
    return report;
}

Core::Status MessageRepository::followPlatformHidden(const QList<IncomingMessage> &batch, IngestReport &report)
{
    // Pending: the console's hide or unhide is queued, held, being sent or unclear.
    static const QString kPending = QStringLiteral("('queued', 'held', 'sending', 'unknown')");
    QSqlQuery *hide = nullptr;
    QSqlQuery *show = nullptr;
    for (const IncomingMessage &in : batch) {
        if (!in.hiddenOnPlatform || in.direction != Core::Direction::Inbound)
            continue;
        if (!hide) {
            auto h = m_db.cachedQuery(
                QStringLiteral("UPDATE messages SET hidden_at = :at, hidden_by = '', hidden_reason = ''"
                               " WHERE account_id = :account AND platform_message_id = :pid AND hidden_at IS NULL"
                               " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.account_id = :account2"
                               " AND o.kind = 'unhide' AND o.reply_to = :pid2 AND o.state IN ")
                + kPending + QStringLiteral(") RETURNING conversation_id"));
            if (!h)
                return h.error();
            // Shown on the platform: hidden there (by someone there, or by the console's hide that
            // went out) is shown here; a hide made in the console only stays.
            auto s = m_db.cachedQuery(
                QStringLiteral("UPDATE messages SET hidden_at = NULL, hidden_by = '', hidden_reason = ''"
                               " WHERE account_id = :account AND platform_message_id = :pid AND hidden_at IS NOT NULL"
                               " AND (hidden_by = '' OR EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = messages.id"
                               " AND o.kind = 'hide' AND o.state = 'sent'))"
                               " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = messages.id"
                               " AND o.kind = 'hide' AND o.state IN ")
                + kPending + QStringLiteral(") RETURNING conversation_id"));
            if (!s)
                return s.error();
            hide = h.value();
            show = s.value();
        }
        QSqlQuery &q = *in.hiddenOnPlatform ? *hide : *show;
        q.bindValue(QStringLiteral(":account"), in.accountId);
        q.bindValue(QStringLiteral(":pid"), text(in.platformMessageId));
        if (*in.hiddenOnPlatform) {
            q.bindValue(QStringLiteral(":at"), toDb(m_db.now())); // when the console learnt it
            q.bindValue(QStringLiteral(":account2"), in.accountId);
            q.bindValue(QStringLiteral(":pid2"), text(in.platformMessageId));
        }
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("follow the platform's hidden state"));
        while (q.next())
            report.conversations.insert(q.value(0).toLongLong());
        q.finish();
    }
    return {};
}

Core::Status MessageRepository::refreshConversation(qint64 conversationId)
{
    QSqlDatabase &db = m_db.connection();
    QSqlQuery stats(db);
    stats.prepare(QStringLiteral("SELECT count(*), max(m.created_at), max(CASE WHEN ") + isResponseSql(QStringLiteral("m"))
                  + QStringLiteral(" THEN m.created_at END) FROM messages m WHERE m.conversation_id = :id"));
    stats.bindValue(QStringLiteral(":id"), conversationId);
    if (!stats.exec() || !stats.next())
        return m_db.queryError(stats, QStringLiteral("conversation stats"));
    const qint64 count = stats.value(0).toLongLong();
    const QVariant lastMessage = stats.value(1);
    const QVariant lastResponse = stats.value(2);

    QSqlQuery last(db);
    last.prepare(QStringLiteral("SELECT body, created_at FROM messages WHERE conversation_id = :id AND "
                                "direction = 'inbound' ORDER BY created_at DESC, id DESC LIMIT 1"));
    last.bindValue(QStringLiteral(":id"), conversationId);
    if (!last.exec())
        return m_db.queryError(last, QStringLiteral("last inbound"));
    QString preview;
    QVariant lastInbound(QMetaType::fromType<qlonglong>());
    if (last.next()) {
        preview = last.value(0).toString().simplified().left(280);
        lastInbound = last.value(1);
    }

    // The customer waits from the first inbound message after the brand's last real response
    // or the last "no reply needed" disposition, whichever came later.
    QSqlQuery disposed(db);
    disposed.prepare(QStringLiteral("SELECT last_disposition_at FROM conversations WHERE id = :id"));
    disposed.bindValue(QStringLiteral(":id"), conversationId);
    if (!disposed.exec() || !disposed.next())
        return m_db.queryError(disposed, QStringLiteral("last disposition"));
    qint64 handledUntil = lastResponse.isNull() ? -1 : lastResponse.toLongLong();
    if (!disposed.value(0).isNull())
        handledUntil = std::max(handledUntil, disposed.value(0).toLongLong());
    QSqlQuery waiting(db);
    waiting.prepare(QStringLiteral("SELECT min(created_at) FROM messages WHERE conversation_id = :id AND "
                                   "direction = 'inbound' AND deleted_at IS NULL AND rating_only = 0 AND created_at > :after"));
    waiting.bindValue(QStringLiteral(":id"), conversationId);
    waiting.bindValue(QStringLiteral(":after"), handledUntil);
    if (!waiting.exec() || !waiting.next())
        return m_db.queryError(waiting, QStringLiteral("waiting since"));
    QVariant waitingSince = waiting.value(0);
    waiting.finish();
    // A listening find: nobody waited before it was found.
    QSqlQuery found(db);
    found.prepare(QStringLiteral("SELECT min(at) FROM conversation_events WHERE conversation_id = :id AND kind = 'found'"));
    found.bindValue(QStringLiteral(":id"), conversationId);
    if (!found.exec() || !found.next())
        return m_db.queryError(found, QStringLiteral("found at"));
    if (!waitingSince.isNull() && !found.value(0).isNull())
        waitingSince = Core::ListeningClock::startMs(waitingSince.toLongLong(), found.value(0).toLongLong());

    QSqlQuery update(db);
    update.prepare(QStringLiteral(
        "UPDATE conversations SET message_count = :count, last_message_at = :last, last_inbound_at = :inbound, "
        "last_response_at = :response, waiting_since = :waiting, preview = :preview, updated_at = :now "
        "WHERE id = :id"));
    update.bindValue(QStringLiteral(":count"), count);
    update.bindValue(QStringLiteral(":last"), lastMessage);
    update.bindValue(QStringLiteral(":inbound"), lastInbound);
    update.bindValue(QStringLiteral(":response"), lastResponse);
    update.bindValue(QStringLiteral(":waiting"), waitingSince);
    update.bindValue(QStringLiteral(":preview"), text(preview));
    update.bindValue(QStringLiteral(":now"), nowMs());
    update.bindValue(QStringLiteral(":id"), conversationId);
    if (!update.exec())
        return m_db.queryError(update, QStringLiteral("refresh conversation"));
    return SlaRefresher(m_db).refresh(conversationId, m_db.now());
}

bool MessageRepository::mayAcknowledge(const Core::IncomingMessage &in) const
{
    // History is never acknowledged, and an automatic message (an out-of-office reply, a
    // bounce) never gets an automatic answer: two robots would answer each other forever.
    return in.createdAt.secsTo(m_db.now()) <= kAcknowledgeWithinSeconds && !in.automatic;
}

Core::Result<bool> MessageRepository::acknowledgeOffHours(qint64 conversationId, const Core::IncomingMessage &in,
                                                          const QString &language)
{
    const QDateTime now = m_db.now();
    if (!mayAcknowledge(in))
        return false;
    auto mode = WorkspaceSettings(m_db).acknowledgementMode();
    if (!mode)
        return mode.error();
    if (mode.value() == QLatin1String("off"))
        return false;
    auto context = m_db.slaContext();
    if (!context)
        return context.error();
    if (context->calendar.isOpen(in.createdAt))
        return false;
    auto templates = m_db.offHoursAcknowledgement();
    if (!templates)
        return templates.error();

    // Once per waiting period: not again while an earlier acknowledgement stands unanswered.
    QSqlQuery earlier(m_db.connection());
    earlier.prepare(QStringLiteral("SELECT count(*) FROM messages WHERE conversation_id = :id AND automatic = 1 AND "
                                   "created_at > coalesce((SELECT max(r.created_at) FROM messages r WHERE "
                                   "r.conversation_id = :id2 AND ")
                    + isResponseSql(QStringLiteral("r")) + QStringLiteral("), -1)"));
    earlier.bindValue(QStringLiteral(":id"), conversationId);
    earlier.bindValue(QStringLiteral(":id2"), conversationId);
    if (!earlier.exec() || !earlier.next())
        return m_db.queryError(earlier, QStringLiteral("earlier acknowledgement"));
    if (earlier.value(0).toLongLong() > 0)
        return false;

    QSqlQuery conversation(m_db.connection());
    conversation.prepare(QStringLiteral("SELECT a.platform, c.priority, c.tags, c.found_by_listening FROM conversations c "
                                        "JOIN accounts a ON a.id = c.account_id WHERE c.id = :id"));
    conversation.bindValue(QStringLiteral(":id"), conversationId);
    if (!conversation.exec() || !conversation.next())
        return m_db.queryError(conversation, QStringLiteral("acknowledgement conversation"));
    const Core::Platform platform = Core::platformFromId(conversation.value(0).toString()).value_or(Core::Platform::X);
    // Nowhere to send it (a blog post, found by listening): no acknowledgement.
    const auto capabilities = Core::PlatformCapabilities::of(platform);
    if (in.visibility == Core::Visibility::Public ? !capabilities.publicReply : !capabilities.privateMessage)
        return false;
    // Found by listening: the author did not address the brand, so an automatic reply would be unasked for.
    if (conversation.value(3).toInt() != 0)
        return false;
    const auto policy = Core::SlaPolicy::select(
        context->policies, platform,
        Core::priorityFromId(conversation.value(1).toString()).value_or(Core::Priority::Normal),
        tagsFromDb(conversation.value(2).toString()));
    const auto composed = templates.value()->compose(
        context->calendar, in.createdAt, language, policy.firstResponseSeconds.value_or(Core::kDefaultResponseTargetSeconds));
    if (!composed)
        return false;
    const bool send = mode.value() == QLatin1String("send");
    QSqlQuery insert(m_db.connection());
    insert.prepare(QStringLiteral(
        "INSERT INTO messages (conversation_id, account_id, platform_message_id, platform_parent_id, direction, "
        "visibility, author_name, agent_id, body, search_text, created_at, delivery_state, automatic) VALUES "
        "(:conversation, :account, :pid, :parent, :direction, :visibility, :author, '', :body, :search, :created, "
        ":delivery, :automatic) RETURNING id"));
    const QString body = send ? composed.value()
                              : QCoreApplication::translate("Care::Store::MessageRepository",
                                                            "Suggested acknowledgement (the customer wrote outside "
                                                            "staffed hours):\n%1")
                                    .arg(composed.value());
    insert.bindValue(QStringLiteral(":conversation"), conversationId);
    insert.bindValue(QStringLiteral(":account"), in.accountId);
    insert.bindValue(QStringLiteral(":pid"), QString(QStringLiteral("ack-") + in.platformMessageId));
    insert.bindValue(QStringLiteral(":parent"), text(in.platformMessageId));
    insert.bindValue(QStringLiteral(":direction"), send ? QStringLiteral("outbound") : QStringLiteral("note"));
    insert.bindValue(QStringLiteral(":visibility"), text(Core::visibilityId(in.visibility)));
    insert.bindValue(QStringLiteral(":author"), QStringLiteral("system"));
    insert.bindValue(QStringLiteral(":body"), text(body));
    insert.bindValue(QStringLiteral(":search"), Core::SearchQuery::normalize(body));
    insert.bindValue(QStringLiteral(":created"), std::max(in.createdAt, now.addSecs(-1)).toMSecsSinceEpoch());
    insert.bindValue(QStringLiteral(":delivery"), send ? QStringLiteral("queued") : QStringLiteral("none"));
    insert.bindValue(QStringLiteral(":automatic"), send ? 1 : 0);
    if (!insert.exec() || !insert.next())
        return m_db.queryError(insert, QStringLiteral("off-hours acknowledgement"));
    if (!send)
        return true;
    // Delivered like any reply: through the outbox, exactly once. It answers the message
    // that triggered it, so the newer-messages check starts from there.
    Core::OutboxItem item;
    item.messageId = insert.value(0).toLongLong();
    item.accountId = in.accountId;
    item.conversationId = conversationId;
    item.kind = in.visibility == Core::Visibility::Private ? Core::OutboxKind::PrivateMessage
                                                           : Core::OutboxKind::PublicReply;
    item.replyTo = in.platformMessageId;
    item.recipient = in.customerHandle;
    item.body = body;
    item.seenMessageId = item.messageId;
    auto queued = OutboxRepository(m_db).enqueueInTransaction(item);
    if (!queued)
        return queued.error();
    return true;
}

Core::Status MessageRepository::recomputeOpenConversations()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id FROM conversations WHERE status <> 'resolved'")))
        return m_db.queryError(q, QStringLiteral("open conversations"));
    QList<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    const QDateTime now = m_db.now();
    SlaRefresher refresher(m_db);
    for (qint64 id : std::as_const(ids)) {
        if (Core::Status s = refresher.refresh(id, now); !s)
            return s;
    }
    return {};
}

Core::Result<std::optional<MessageLocation>> MessageRepository::byPlatformId(qint64 accountId, const QString &platformId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT m.id, m.conversation_id, c.thread_key, m.created_at FROM messages m JOIN conversations c ON"
                             " c.id = m.conversation_id WHERE m.account_id = :account AND m.platform_message_id = :pid"));
    q.bindValue(QStringLiteral(":account"), accountId);
    q.bindValue(QStringLiteral(":pid"), text(platformId));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("message by platform id"));
    if (!q.next())
        return std::optional<MessageLocation>();
    return std::optional<MessageLocation>(
        MessageLocation{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), timeFromDb(q.value(3))});
}

Core::Result<QList<Core::Message>> MessageRepository::forConversation(qint64 conversationId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = :id ORDER BY m.created_at, m.id")
                  .arg(QLatin1String(kMessageColumns)));
    q.bindValue(QStringLiteral(":id"), conversationId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("conversation messages"));
    QList<Core::Message> out;
    while (q.next())
        out << messageFromRow(q);
    return out;
}

Core::Result<QList<TranscriptEntry>> MessageRepository::transcript(const QList<qint64> &customerIds, int limit,
                                                                   qint64 beforeMs, qint64 beforeId)
{
    if (customerIds.isEmpty() || limit <= 0)
        return QList<TranscriptEntry>{};
    QStringList ids;
    for (qint64 id : customerIds)
        ids << QString::number(id);
    // The newest `limit` messages over all the customers' conversations, without sorting a
    // long history: each conversation gives its newest messages straight from the
    // (conversation_id, created_at) index, newest conversations first, until no remaining
    // conversation can hold a message newer than the oldest one kept (a conversation's
    // last_message_at bounds its messages).
    QSqlQuery conversations(m_db.connection());
    conversations.setForwardOnly(true);
    if (!conversations.exec(QStringLiteral("SELECT id, last_message_at FROM conversations WHERE customer_id IN (%1) "
                                           "ORDER BY last_message_at DESC, id DESC")
                                .arg(ids.join(QLatin1Char(',')))))
        return m_db.queryError(conversations, QStringLiteral("transcript conversations"));
    // Read them all first: one query at a time on a connection (PostgreSQL's driver drops the
    // rest of a result when another statement runs).
    QList<QPair<qint64, qint64>> candidates; // id, last_message_at
    while (conversations.next())
        candidates.append({conversations.value(0).toLongLong(), conversations.value(1).toLongLong()});
    conversations.finish();
    QString sql = QStringLiteral("SELECT %1, a.platform, a.name FROM messages m JOIN accounts a ON a.id = m.account_id "
                                 "WHERE m.conversation_id = :conversation")
                      .arg(QLatin1String(kMessageColumns));
    if (beforeMs > 0) // a range on the index, then the tie at the same instant
        sql += QStringLiteral(" AND m.created_at <= :before AND NOT (m.created_at = :before2 AND m.id >= :beforeId)");
    sql += QStringLiteral(" ORDER BY m.created_at DESC, m.id DESC LIMIT :limit");
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(sql);
    const auto newer = [](const TranscriptEntry &a, const TranscriptEntry &b) {
        const qint64 at = a.message.createdAt.toMSecsSinceEpoch();
        const qint64 bt = b.message.createdAt.toMSecsSinceEpoch();
        return at != bt ? at > bt : a.message.id > b.message.id;
    };
    QList<TranscriptEntry> newest; // newest first, at most `limit`
    for (const auto &[conversationId, lastMessageAt] : std::as_const(candidates)) {
        if (newest.size() >= limit && lastMessageAt < newest.last().message.createdAt.toMSecsSinceEpoch())
            break;
        q.bindValue(QStringLiteral(":conversation"), conversationId);
        if (beforeMs > 0) {
            q.bindValue(QStringLiteral(":before"), beforeMs);
            q.bindValue(QStringLiteral(":before2"), beforeMs);
            q.bindValue(QStringLiteral(":beforeId"), beforeId);
        }
        q.bindValue(QStringLiteral(":limit"), limit);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("transcript"));
        while (q.next()) {
            TranscriptEntry e;
            e.message = messageFromRow(q);
            e.platform = Core::platformFromId(q.value(19).toString()).value_or(Core::Platform::X);
            e.accountName = q.value(20).toString();
            newest << e;
        }
        q.finish();
        std::stable_sort(newest.begin(), newest.end(), newer);
        if (newest.size() > limit)
            newest.resize(limit);
    }
    std::reverse(newest.begin(), newest.end()); // oldest first
    return newest;
}

Core::Result<QList<Core::MessageRevision>> MessageRepository::revisions(qint64 messageId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT message_id, body, replaced_at FROM message_revisions WHERE message_id = :id "
                             "ORDER BY replaced_at, id"));
    q.bindValue(QStringLiteral(":id"), messageId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("revisions"));
    QList<Core::MessageRevision> out;
    while (q.next())
        out << Core::MessageRevision{q.value(0).toLongLong(), q.value(1).toString(), timeFromDb(q.value(2))};
    return out;
}

Core::Result<QList<qint64>> MessageRepository::search(const QString &queryText, int limit)
{
    auto query = Core::SearchQuery::parse(queryText);
    if (!query)
        return query.error();
    if (query->isEmpty())
        return QList<qint64>{};
    QSqlQuery q(m_db.connection());
    q.prepare(matchingMessageIdsSql(m_db.dialect()) + QStringLiteral(" ORDER BY 1 DESC LIMIT :limit"));
    q.bindValue(QStringLiteral(":search"), text(renderSearch(m_db.dialect(), query.value())));
    q.bindValue(QStringLiteral(":limit"), limit);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("search"));
    QList<qint64> out;
    while (q.next())
        out << q.value(0).toLongLong();
    return out;
}

} // namespace Care::Store
