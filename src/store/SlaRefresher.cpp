#include "store/SlaRefresher.h"

#include "core/ListeningClock.h"
#include "core/SlaClock.h"
#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QSqlQuery>
#include <algorithm>

namespace Care::Store {

using Core::SlaEvent;

namespace {

std::optional<SlaEvent::Kind> kindOfEvent(const QString &kind)
{
    if (kind == QLatin1String("pending"))
        return SlaEvent::Kind::Pending;
    if (kind == QLatin1String("open"))
        return SlaEvent::Kind::Open;
    if (kind == QLatin1String("resolved"))
        return SlaEvent::Kind::Resolved;
    if (kind == QLatin1String("reopened"))
        return SlaEvent::Kind::Reopened;
    if (kind == QLatin1String("disposition"))
        return SlaEvent::Kind::NoReplyNeeded;
    return std::nullopt;
}

} // namespace

Core::Status SlaRefresher::refresh(qint64 conversationId, const QDateTime &now)
{
    auto context = m_db.slaContext();
    if (!context)
        return context.error();

    // The conversation, the start of its current cycle (the last reopen) and when listening found
    // it, in one statement.
    auto conversationQuery = m_db.cachedQuery(QStringLiteral(
        "SELECT a.platform, c.priority, c.tags, c.status, c.waiting_since, "
        "(SELECT max(e.at) FROM conversation_events e WHERE e.conversation_id = c.id AND e.kind = 'reopened'), "
        "(SELECT min(f.at) FROM conversation_events f WHERE f.conversation_id = c.id AND f.kind = 'found') "
        "FROM conversations c JOIN accounts a ON a.id = c.account_id WHERE c.id = :id"));
    if (!conversationQuery)
        return conversationQuery.error();
    QSqlQuery &conversation = *conversationQuery.value();
    conversation.bindValue(QStringLiteral(":id"), conversationId);
    if (!conversation.exec() || !conversation.next())
        return m_db.queryError(conversation, QStringLiteral("sla conversation"));
    const auto platform = Core::platformFromId(conversation.value(0).toString()).value_or(Core::Platform::X);
    const auto priority = Core::priorityFromId(conversation.value(1).toString()).value_or(Core::Priority::Normal);
    const QStringList tags = tagsFromDb(conversation.value(2).toString());
    const bool open = conversation.value(3).toString() == QLatin1String("open");
    const qint64 waitingSince = conversation.value(4).isNull() ? -1 : conversation.value(4).toLongLong();
    // The current cycle starts with the last reopen (or the conversation's beginning).
    qint64 cycleAfter = conversation.value(5).isNull() ? -1 : conversation.value(5).toLongLong() - 1;
    // A listening find's clocks start when it was found, not when it was written (ListeningClock).
    const QDateTime foundAt = conversation.value(6).isNull() ? QDateTime() : timeFromDb(conversation.value(6));
    conversation.finish();
    // A customer still waiting since before a resolve-and-reopen keeps their clock: the
    // conversation was closed without an answer and the reopen puts it back, not anew.
    const bool stillWaitingFromBefore = open && waitingSince >= 0 && waitingSince <= cycleAfter;
    if (stillWaitingFromBefore)
        cycleAfter = waitingSince - 1;

    QList<SlaEvent> events;
    auto messagesQuery = m_db.cachedQuery(QStringLiteral(
        "SELECT direction, automatic, created_at, delivery_state, rating_only FROM messages WHERE conversation_id = :id "
        "AND created_at > :after ORDER BY created_at DESC, id DESC LIMIT :limit"));
    if (!messagesQuery)
        return messagesQuery.error();
    QSqlQuery &messages = *messagesQuery.value();
    messages.bindValue(QStringLiteral(":id"), conversationId);
    messages.bindValue(QStringLiteral(":after"), cycleAfter);
    messages.bindValue(QStringLiteral(":limit"), kMaxCycleMessages);
    if (!messages.exec())
        return m_db.queryError(messages, QStringLiteral("sla messages"));
    while (messages.next()) {
        const QString direction = messages.value(0).toString();
        SlaEvent::Kind kind = SlaEvent::Kind::Inbound;
        const QString delivery = messages.value(3).toString();
        const bool neverReached = delivery == QLatin1String("failed") || delivery == QLatin1String("cancelled")
                                  || delivery == QLatin1String("held");
        if (direction == QLatin1String("outbound"))
            kind = messages.value(1).toInt() != 0 ? SlaEvent::Kind::AutomaticAcknowledgement
                   : neverReached                 ? SlaEvent::Kind::Note // the customer never got it
                                                  : SlaEvent::Kind::HumanResponse;
        else if (direction == QLatin1String("note") || messages.value(4).toInt() != 0) // a note, or only a rating
            kind = SlaEvent::Kind::Note;
        const QDateTime at = timeFromDb(messages.value(2));
        events << SlaEvent{kind == SlaEvent::Kind::Inbound ? Core::ListeningClock::start(at, foundAt) : at, kind};
    }
    messages.finish();
    auto logQuery = m_db.cachedQuery(QStringLiteral("SELECT kind, at FROM conversation_events WHERE "
                                                    "conversation_id = :id AND at > :after ORDER BY at, id"));
    if (!logQuery)
        return logQuery.error();
    QSqlQuery &log = *logQuery.value();
    log.bindValue(QStringLiteral(":id"), conversationId);
    log.bindValue(QStringLiteral(":after"), cycleAfter);
    if (!log.exec())
        return m_db.queryError(log, QStringLiteral("sla events"));
    while (log.next()) {
        auto kind = kindOfEvent(log.value(0).toString());
        // The conversation's status is the truth: while it is open, a resolution logged with a
        // later clock than the reopen (another machine's clock, an import) does not stop it.
        const bool statusCycle = kind && (*kind == SlaEvent::Kind::Resolved || *kind == SlaEvent::Kind::Reopened);
        if (kind && !(open && *kind == SlaEvent::Kind::Resolved) && !(stillWaitingFromBefore && statusCycle))
            events << SlaEvent{timeFromDb(log.value(1)), *kind};
    }
    log.finish();
    std::stable_sort(events.begin(), events.end(), [](const SlaEvent &a, const SlaEvent &b) { return a.at < b.at; });

    const Core::SlaPolicy policy = Core::SlaPolicy::select(context->policies, platform, priority, tags);
    const Core::SlaEvaluation evaluation = Core::SlaClock(policy, context->calendar).evaluate(events, now);

    // The inbox's "answer due": the earliest running response clock. Resolution targets are
    // shown with the conversation, not as the answer the customer waits for.
    QDateTime answerDue;
    for (auto target : {Core::SlaTarget::FirstResponse, Core::SlaTarget::NextResponse}) {
        const auto m = evaluation.latest(target);
        if (m && m->isRunning() && m->dueAt.isValid() && (!answerDue.isValid() || m->dueAt < answerDue))
            answerDue = m->dueAt;
    }
    const auto dueOf = [&evaluation](Core::SlaTarget target) {
        const auto m = evaluation.latest(target);
        return m ? m->dueAt : QDateTime();
    };
    const auto state = evaluation.overallState();

    auto updateQuery = m_db.cachedQuery(QStringLiteral(
        "UPDATE conversations SET due_at = :due, first_response_due = :first, next_response_due = :next, "
        "resolution_due = :resolution, sla_state = :state, sla_policy = :policy WHERE id = :id"));
    if (!updateQuery)
        return updateQuery.error();
    QSqlQuery &update = *updateQuery.value();
    update.bindValue(QStringLiteral(":due"), toDb(open ? answerDue : QDateTime()));
    update.bindValue(QStringLiteral(":first"), toDb(dueOf(Core::SlaTarget::FirstResponse)));
    update.bindValue(QStringLiteral(":next"), toDb(dueOf(Core::SlaTarget::NextResponse)));
    update.bindValue(QStringLiteral(":resolution"), toDb(dueOf(Core::SlaTarget::Resolution)));
    update.bindValue(QStringLiteral(":state"), text(state ? Core::slaStateId(*state) : QString()));
    update.bindValue(QStringLiteral(":policy"), text(policy.name));
    update.bindValue(QStringLiteral(":id"), conversationId);
    if (!update.exec())
        return m_db.queryError(update, QStringLiteral("sla update"));
    return {};
}

} // namespace Care::Store
