#include "sync/ScheduledPostDelivery.h"

#include "core/OutboxItem.h"
#include "store/Database.h"
#include "store/ScheduledPostRepository.h"
#include "store/WorkspaceSettings.h"
#include "sync/Connector.h"
#include "sync/SyncEngine.h"

#include <QCoreApplication>

namespace Care::Sync {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::ScheduledPostDelivery)
};

constexpr qint64 kRetryMs = 5 * 60 * 1000;

} // namespace

void ScheduledPostDelivery::deliverDue(Connector &connector, const Core::Account &account, AccountSyncReport &report,
                                       const QString &claimant)
{
    auto crisis = Store::WorkspaceSettings(m_db).crisis();
    const bool paused = crisis && crisis->active && crisis->pauseScheduledPosts;
    Store::ScheduledPostRepository posts(m_db);
    const QDateTime now = m_db.now();
    auto due = posts.due(account.id, now, paused);
    if (!due) {
        report.error = due.error();
        return;
    }
    for (const Core::ScheduledPost &post : std::as_const(due.value())) {
        auto claimed = posts.claim(post.id, claimant);
        if (!claimed || !claimed.value())
            continue; // another console took it
        // A post of its own on the account's timeline: a public item answering nothing.
        Core::OutboxItem item;
        item.accountId = account.id;
        item.kind = Core::OutboxKind::PublicReply;
        item.body = post.body;
        item.idempotencyKey = post.idempotencyKey;
        const DeliveryOutcome outcome = connector.deliver(item);
        switch (outcome.kind) {
        case DeliveryOutcome::Kind::Sent:
            if (posts.markSent(post.id, outcome.platformId))
                ++report.delivered;
            break;
        case DeliveryOutcome::Kind::Retry:
        case DeliveryOutcome::Kind::Reconnect:
            posts.requeue(post.id, now.addMSecs(outcome.retryAfterMs > 0 ? outcome.retryAfterMs : kRetryMs),
                          outcome.error.message);
            ++report.waiting;
            return;
        case DeliveryOutcome::Kind::Unknown:
            // The platform keeps the idempotency key for about an hour: a retry soon cannot post twice.
            posts.requeue(post.id, now.addSecs(60),
                          Strings::tr("No answer came after posting; trying again with the same key."));
            ++report.waiting;
            return;
        case DeliveryOutcome::Kind::Rejected:
            posts.markFailed(post.id, outcome.error.fullText());
            ++report.failed;
            break;
        }
    }
}

} // namespace Care::Sync
