#pragma once

#include "core/OutboxItem.h"
#include "core/Result.h"

#include <QList>
#include <functional>

namespace Care::Store {

class Database;

// The outbox: every reply, private message and hide action is written here (in the same
// transaction as the brand's message in the transcript) before any network call. State
// changes are mirrored to the message's delivery state, so the transcript shows them.
//
//   queued --claim--> sending --> sent (platform id)
//                         |-----> unknown  (the request may have reached the server;
//                         |                 reconciled by reading back before any retry)
//                         |-----> failed   (the platform refused; the agent retries or cancels)
//                         '-----> queued   (never reached the server: retried later)
//   queued --newer messages in the conversation--> held (the agent confirms or cancels)
class OutboxRepository
{
public:
    explicit OutboxRepository(Database &db) : m_db(db) {}

    // Inside the caller's transaction: the item for a message just written. Chooses the
    // idempotency key once; it never changes.
    Core::Result<qint64> enqueueInTransaction(const Core::OutboxItem &item);

    Core::Result<Core::OutboxItem> get(qint64 id);
    Core::Result<Core::OutboxItem> forMessage(qint64 messageId);
    // Items of an account that a delivery run should look at now: queued ones due for an
    // attempt and unknown ones to reconcile, oldest first.
    Core::Result<QList<Core::OutboxItem>> deliverable(qint64 accountId, qint64 nowMs);
    // Every item that is not finished (for the GUI's outbox view and `account list`).
    Core::Result<QList<Core::OutboxItem>> pending(qint64 accountId = 0);
    // An account's items delivered since `sinceMs` (what X bills per write, for its cost meter).
    Core::Result<QList<Core::OutboxItem>> sentSince(qint64 accountId, qint64 sinceMs);
    // The unfinished items of one conversation, for the bar above its composer.
    Core::Result<QList<Core::OutboxItem>> pendingInConversation(qint64 conversationId);

    // After a crash: an item left "sending" may or may not have reached the platform. Only
    // items whose claimant is gone (`ownerGone(claimant, updatedAtMs)`; all when not given)
    // are touched: another process may be sending the others right now.
    Core::Result<int> markInterruptedAsUnknown(const std::function<bool(const QString &, qint64)> &ownerGone = {});
    // Whether another item was already recorded as this post (a read-back must not match it twice).
    Core::Result<bool> isPlatformIdTaken(qint64 accountId, const QString &platformId);

    // queued -> sending, atomically; false when another process took it first. `claimant`
    // names the process ("host/pid") so that recovery can tell a crash from a live send.
    Core::Result<bool> claim(qint64 id, const QString &claimant = {});
    Core::Status markSent(qint64 id, const QString &platformId);
    Core::Status markUnknown(qint64 id, const QString &reason);
    Core::Status markFailed(qint64 id, const QString &reason);
    Core::Status markHeld(qint64 id, const QString &reason);
    // Back to queued for a later attempt (network down, rate limit, server error).
    Core::Status requeue(qint64 id, qint64 notBeforeMs, const QString &reason);

    // The agent's decisions.
    Core::Status retry(qint64 id);   // failed -> queued
    Core::Status confirm(qint64 id); // held -> queued, sent despite newer messages
    Core::Status cancel(qint64 id);  // failed/held/queued -> cancelled, never sent

    // Messages in the conversation newer than the item's snapshot that the agent has not
    // seen: the customer's, or a colleague's reply. Empty when there are none.
    Core::Result<QList<qint64>> newerMessages(const Core::OutboxItem &item);

private:
    Core::Status setState(qint64 id, Core::DeliveryState state, const QString &reason, const QString &platformId,
                          const QStringList &fromStates, qint64 notBeforeMs = 0);

    Database &m_db;
};

} // namespace Care::Store
