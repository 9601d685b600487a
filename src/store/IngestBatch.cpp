#include "store/IngestBatch.h"

#include "core/Conversation.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/SlaRefresher.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>
#include <algorithm>

namespace Care::Store {

namespace {

std::optional<qint64> optionalMs(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}

QVariant msToDb(const std::optional<qint64> &ms)
{
    return ms ? QVariant(*ms) : QVariant(QMetaType::fromType<qlonglong>());
}

// As MessageRepository::refreshConversation says it: the brand responded with this message
// (isResponseSql).
bool isResponse(const Core::IncomingMessage &in)
{
    if (in.direction != Core::Direction::Outbound || in.automatic)
        return false;
    const QString delivery = Core::deliveryStateId(in.deliveryState);
    return delivery != QLatin1String("failed") && delivery != QLatin1String("cancelled")
           && delivery != QLatin1String("held");
}

} // namespace

QString IngestBatch::conversationColumns()
{
    return QStringLiteral("message_count, last_message_at, last_inbound_at, last_response_at, waiting_since, "
                          "last_disposition_at, preview, priority, priority_rank, triage_reasons, sentiment, "
                          "found_by_listening");
}

void IngestBatch::follow(qint64 conversationId, const QSqlQuery &row, int firstColumn)
{
    if (m_states.contains(conversationId))
        return;
    State s;
    s.messageCount = row.value(firstColumn).toLongLong();
    s.lastMessageAt = optionalMs(row.value(firstColumn + 1));
    s.lastInboundAt = optionalMs(row.value(firstColumn + 2));
    s.lastResponseAt = optionalMs(row.value(firstColumn + 3));
    s.waitingSince = optionalMs(row.value(firstColumn + 4));
    s.lastDispositionAt = optionalMs(row.value(firstColumn + 5));
    s.preview = row.value(firstColumn + 6).toString();
    s.priority = row.value(firstColumn + 7).toString();
    s.priorityRank = row.value(firstColumn + 8).toInt();
    s.triageReasons = row.value(firstColumn + 9).toString();
    s.sentiment = row.value(firstColumn + 10).toString();
    // A listening find's wait starts when it was found (ListeningClock), which the increments
    // do not follow: it is recomputed in full (such finds are few).
    s.recount = row.value(firstColumn + 11).toInt() != 0;
    m_states.insert(conversationId, s);
}

void IngestBatch::followNew(qint64 conversationId, qint64 createdAtMs)
{
    State s; // the table's defaults
    s.lastMessageAt = createdAtMs;
    s.priority = Core::priorityId(Core::Priority::Normal);
    s.priorityRank = static_cast<int>(Core::Priority::Normal);
    m_states.insert(conversationId, s);
}

void IngestBatch::addMessage(qint64 conversationId, const Core::IncomingMessage &in)
{
    State &s = m_states[conversationId];
    if (s.recount)
        return;
    const qint64 at = in.createdAt.toMSecsSinceEpoch();
    s.lastMessageAt = s.messageCount == 0 ? at : std::max(*s.lastMessageAt, at);
    ++s.messageCount;
    // The customer waits from the first inbound message after the brand's last real response
    // or the last "no reply needed" disposition, whichever came later.
    const auto handledUntil = [&s] {
        qint64 until = s.lastResponseAt.value_or(-1);
        if (s.lastDispositionAt)
            until = std::max(until, *s.lastDispositionAt);
        return until;
    };
    if (in.direction == Core::Direction::Inbound) {
        // The newest inbound message (the newest id wins a tie) gives the preview.
        if (!s.lastInboundAt || at >= *s.lastInboundAt) {
            s.lastInboundAt = at;
            s.preview = in.body.simplified().left(280);
        }
        if (!in.deletedAt.isValid() && at > handledUntil())
            s.waitingSince = s.waitingSince ? std::min(*s.waitingSince, at) : at;
    } else if (isResponse(in) && (!s.lastResponseAt || at > *s.lastResponseAt)) {
        s.lastResponseAt = at;
        const qint64 until = handledUntil();
        // Fewer messages can be waiting now: none when no inbound message is later, the same
        // first one when it is later still; otherwise the next one is not known here.
        if (!s.lastInboundAt || *s.lastInboundAt <= until)
            s.waitingSince.reset();
        else if (s.waitingSince && *s.waitingSince <= until)
            s.recount = true;
    }
}

void IngestBatch::applyTriage(qint64 conversationId, const Core::Triage &triage)
{
    State &s = m_states[conversationId];
    const int rank = static_cast<int>(triage.urgency);
    if (s.priorityRank < rank || (s.priorityRank == rank && s.triageReasons.isEmpty())) {
        s.priority = Core::priorityId(triage.urgency);
        s.priorityRank = rank;
        s.triageReasons = triage.reasons.join(QLatin1Char('\n'));
    }
    s.sentiment = Core::sentimentId(triage.sentiment);
    s.triageChanged = true;
}

void IngestBatch::recount(qint64 conversationId)
{
    if (auto it = m_states.find(conversationId); it != m_states.end())
        it->recount = true;
    else
        m_recountOnly.insert(conversationId);
}

Core::Status IngestBatch::writeTriage(qint64 conversationId)
{
    auto it = m_states.find(conversationId);
    return it == m_states.end() ? Core::Status{} : writeTriage(conversationId, *it);
}

Core::Status IngestBatch::writeTriage(qint64 conversationId, State &state)
{
    if (!state.triageChanged)
        return {};
    auto q = m_db.cachedQuery(QStringLiteral("UPDATE conversations SET priority = :priority, priority_rank = :rank, "
                                             "triage_reasons = :reasons, sentiment = :sentiment WHERE id = :id"));
    if (!q)
        return q.error();
    q.value()->bindValue(QStringLiteral(":priority"), text(state.priority));
    q.value()->bindValue(QStringLiteral(":rank"), state.priorityRank);
    q.value()->bindValue(QStringLiteral(":reasons"), text(state.triageReasons));
    q.value()->bindValue(QStringLiteral(":sentiment"), text(state.sentiment));
    q.value()->bindValue(QStringLiteral(":id"), conversationId);
    if (!q.value()->exec())
        return m_db.queryError(*q.value(), QStringLiteral("conversation triage"));
    state.triageChanged = false;
    return {};
}

Core::Status IngestBatch::writeInbox(qint64 conversationId, const State &state)
{
    auto q = m_db.cachedQuery(QStringLiteral(
        "UPDATE conversations SET priority = :priority, priority_rank = :rank, triage_reasons = :reasons, "
        "sentiment = :sentiment, message_count = :count, last_message_at = :last, last_inbound_at = :inbound, "
        "last_response_at = :response, waiting_since = :waiting, preview = :preview, updated_at = :now WHERE id = :id"));
    if (!q)
        return q.error();
    QSqlQuery &update = *q.value();
    update.bindValue(QStringLiteral(":priority"), text(state.priority));
    update.bindValue(QStringLiteral(":rank"), state.priorityRank);
    update.bindValue(QStringLiteral(":reasons"), text(state.triageReasons));
    update.bindValue(QStringLiteral(":sentiment"), text(state.sentiment));
    update.bindValue(QStringLiteral(":count"), state.messageCount);
    update.bindValue(QStringLiteral(":last"), msToDb(state.lastMessageAt));
    update.bindValue(QStringLiteral(":inbound"), msToDb(state.lastInboundAt));
    update.bindValue(QStringLiteral(":response"), msToDb(state.lastResponseAt));
    update.bindValue(QStringLiteral(":waiting"), msToDb(state.waitingSince));
    update.bindValue(QStringLiteral(":preview"), text(state.preview));
    update.bindValue(QStringLiteral(":now"), nowMs());
    update.bindValue(QStringLiteral(":id"), conversationId);
    if (!update.exec())
        return m_db.queryError(update, QStringLiteral("conversation inbox columns"));
    return {};
}

Core::Status IngestBatch::finish()
{
    MessageRepository messages(m_db);
    SlaRefresher sla(m_db);
    const QDateTime now = m_db.now();
    for (auto it = m_states.begin(); it != m_states.end(); ++it) {
        if (it->recount) {
            if (Core::Status s = writeTriage(it.key(), *it); !s)
                return s;
            if (Core::Status s = messages.refreshConversation(it.key()); !s)
                return s;
            continue;
        }
        if (Core::Status s = writeInbox(it.key(), *it); !s)
            return s;
        if (Core::Status s = sla.refresh(it.key(), now); !s)
            return s;
    }
    for (qint64 conversationId : std::as_const(m_recountOnly)) {
        if (Core::Status s = messages.refreshConversation(conversationId); !s)
            return s;
    }
    m_states.clear();
    m_recountOnly.clear();
    return {};
}

} // namespace Care::Store
