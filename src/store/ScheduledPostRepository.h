#pragma once

#include "core/Result.h"
#include "core/ScheduledPost.h"

#include <QList>
#include <functional>

namespace Care::Store {

class Database;

// Scheduled posts (shift announcements): written by a lead, delivered by the sync engine once
// their time has come. A post is claimed (scheduled → sending) before the network call, so two
// consoles never post it twice; one that passed its expiry is marked expired instead of posted.
class ScheduledPostRepository
{
public:
    explicit ScheduledPostRepository(Database &db) : m_db(db) {}

    Core::Result<qint64> schedule(const Core::ScheduledPost &post);
    Core::Result<Core::ScheduledPost> get(qint64 id);
    // Scheduled, sending and failed posts, and finished ones from the last `recentDays`; by time.
    Core::Result<QList<Core::ScheduledPost>> list(int recentDays = 7);
    // Only while scheduled (or failed): a new text and time; a failed one is scheduled again.
    Core::Status reschedule(qint64 id, const QString &body, const QDateTime &postAt);
    Core::Status cancel(qint64 id);
    // Cancels an account's scheduled shift announcements from `from` on (before planning anew).
    Core::Result<int> cancelShiftAnnouncements(qint64 accountId, const QDateTime &from);

    // Marks what passed its expiry as expired, then returns the account's posts whose time has
    // come at `now`. Promotional posts stay back while `promotionalPaused` (a crisis).
    Core::Result<QList<Core::ScheduledPost>> due(qint64 accountId, const QDateTime &now, bool promotionalPaused);
    Core::Result<bool> claim(qint64 id, const QString &claimant);
    Core::Status markSent(qint64 id, const QString &platformId);
    Core::Status markFailed(qint64 id, const QString &reason);
    // Back to scheduled after an attempt that certainly did not go out; tried again at `next`.
    Core::Status requeue(qint64 id, const QDateTime &next, const QString &reason);
    // Posts left "sending" by a process that died (`ownerGone(claimant, updated_at ms)`) go back to
    // scheduled, due at once: the retry carries the same idempotency key, so it cannot post twice.
    // Returns how many.
    Core::Result<int> requeueInterrupted(const std::function<bool(const QString &, qint64)> &ownerGone);

private:
    Core::Status setState(qint64 id, Core::ScheduledPost::State state, const QString &from, const QString &error,
                          const QString &platformId = {});

    Database &m_db;
};

} // namespace Care::Store
