#include "store/ScheduledPostRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QUuid>

namespace Care::Store {

// Spelled without the namespace below: lupdate misfiles the strings of a `Core::Error f(...)` definition.
using Core::Error;

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::ScheduledPostRepository)
};

const QString kColumns = QStringLiteral(
    "id, account_id, kind, body, language, post_at, expires_at, promotional, state, attempts, next_attempt_at,"
    " idempotency_key, platform_id, error, created_by, created_at, updated_at");

QDateTime optionalTime(const QVariant &value)
{
    const qint64 ms = value.toLongLong();
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
}

Core::ScheduledPost postFrom(const QSqlQuery &q)
{
    Core::ScheduledPost post;
    post.id = q.value(0).toLongLong();
    post.accountId = q.value(1).toLongLong();
    post.kind = q.value(2).toString();
    post.body = q.value(3).toString();
    post.language = q.value(4).toString();
    post.postAt = optionalTime(q.value(5));
    post.expiresAt = optionalTime(q.value(6));
    post.promotional = q.value(7).toInt() != 0;
    post.state = Core::ScheduledPost::stateFromId(q.value(8).toString()).value_or(Core::ScheduledPost::State::Scheduled);
    post.attempts = q.value(9).toInt();
    post.nextAttemptAt = optionalTime(q.value(10));
    post.idempotencyKey = q.value(11).toString();
    post.platformId = q.value(12).toString();
    post.error = q.value(13).toString();
    post.createdBy = q.value(14).toString();
    post.createdAt = timeFromDb(q.value(15));
    post.updatedAt = timeFromDb(q.value(16));
    return post;
}

qint64 msOf(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

Core::Result<QList<Core::ScheduledPost>> postsFrom(QSqlQuery &q)
{
    QList<Core::ScheduledPost> posts;
    while (q.next())
        posts << postFrom(q);
    return posts;
}

Error notFound()
{
    return Core::Error::make(Core::Error::Code::NotFound,
                             Strings::tr("That post is no longer scheduled: it was posted, cancelled or expired."));
}

} // namespace

Core::Result<qint64> ScheduledPostRepository::schedule(const Core::ScheduledPost &post)
{
    if (post.body.trimmed().isEmpty() || !post.postAt.isValid() || post.accountId <= 0)
        return Core::Error::make(Core::Error::Code::InvalidInput,
                                 Strings::tr("A scheduled post needs an account, a text and a time."));
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO scheduled_posts (account_id, kind, body, language, post_at, expires_at, promotional, state,"
        " idempotency_key, created_by, created_at, updated_at) VALUES (:account, :kind, :body, :language, :post_at,"
        " :expires_at, :promotional, 'scheduled', :key, :by, :now, :now) RETURNING id"));
    q.bindValue(QStringLiteral(":account"), post.accountId);
    q.bindValue(QStringLiteral(":kind"), text(post.kind.isEmpty() ? QStringLiteral("custom") : post.kind));
    q.bindValue(QStringLiteral(":body"), text(post.body));
    q.bindValue(QStringLiteral(":language"), text(post.language));
    q.bindValue(QStringLiteral(":post_at"), msOf(post.postAt));
    q.bindValue(QStringLiteral(":expires_at"), msOf(post.expiresAt));
    q.bindValue(QStringLiteral(":promotional"), post.promotional ? 1 : 0);
    q.bindValue(QStringLiteral(":key"), QUuid::createUuid().toString(QUuid::WithoutBraces));
    q.bindValue(QStringLiteral(":by"), text(post.createdBy));
    q.bindValue(QStringLiteral(":now"), nowMs());
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("schedule post"));
    return q.value(0).toLongLong();
}

Core::Result<Core::ScheduledPost> ScheduledPostRepository::get(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM scheduled_posts WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("scheduled post"));
    if (!q.next())
        return notFound();
    return postFrom(q);
}

Core::Result<QList<Core::ScheduledPost>> ScheduledPostRepository::list(int recentDays)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns
              + QStringLiteral(" FROM scheduled_posts WHERE state IN ('scheduled', 'sending', 'failed') OR updated_at >= :since"
                               " ORDER BY post_at, id"));
    q.bindValue(QStringLiteral(":since"), m_db.now().addDays(-recentDays).toMSecsSinceEpoch());
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("scheduled posts"));
    return postsFrom(q);
}

Core::Status ScheduledPostRepository::reschedule(qint64 id, const QString &body, const QDateTime &postAt)
{
    if (body.trimmed().isEmpty() || !postAt.isValid())
        return Core::Error::make(Core::Error::Code::InvalidInput, Strings::tr("A scheduled post needs a text and a time."));
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE scheduled_posts SET body = :body, post_at = :post_at, state = 'scheduled',"
                             " next_attempt_at = 0, error = '', updated_at = :now"
                             " WHERE id = :id AND state IN ('scheduled', 'failed')"));
    q.bindValue(QStringLiteral(":body"), text(body));
    q.bindValue(QStringLiteral(":post_at"), msOf(postAt));
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("reschedule post"));
    if (q.numRowsAffected() != 1)
        return notFound();
    return {};
}

Core::Status ScheduledPostRepository::cancel(qint64 id)
{
    return setState(id, Core::ScheduledPost::State::Cancelled, QStringLiteral("'scheduled', 'failed'"), QString());
}

Core::Result<int> ScheduledPostRepository::cancelShiftAnnouncements(qint64 accountId, const QDateTime &from)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE scheduled_posts SET state = 'cancelled', updated_at = :now WHERE account_id = :account"
                             " AND kind IN ('opening', 'closing') AND state = 'scheduled' AND post_at >= :from"));
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":account"), accountId);
    q.bindValue(QStringLiteral(":from"), msOf(from));
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("cancel shift announcements"));
    return q.numRowsAffected();
}

Core::Result<QList<Core::ScheduledPost>> ScheduledPostRepository::due(qint64 accountId, const QDateTime &now,
                                                                      bool promotionalPaused)
{
    const qint64 nowValue = msOf(now);
    QSqlQuery expire(m_db.connection());
    expire.prepare(QStringLiteral("UPDATE scheduled_posts SET state = 'expired', updated_at = :now, error = :why"
                                  " WHERE account_id = :account AND state = 'scheduled' AND expires_at > 0"
                                  " AND expires_at <= :now"));
    expire.bindValue(QStringLiteral(":now"), nowValue);
    expire.bindValue(QStringLiteral(":why"),
                     Strings::tr("Not posted: its time had passed before it could go out (no sync then)."));
    expire.bindValue(QStringLiteral(":account"), accountId);
    if (!expire.exec())
        return m_db.queryError(expire, QStringLiteral("expire scheduled posts"));

    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns
              + QStringLiteral(" FROM scheduled_posts WHERE account_id = :account AND state = 'scheduled'"
                               " AND post_at <= :now AND next_attempt_at <= :now AND (:paused = 0 OR promotional = 0)"
                               " ORDER BY post_at, id"));
    q.bindValue(QStringLiteral(":account"), accountId);
    q.bindValue(QStringLiteral(":now"), nowValue);
    q.bindValue(QStringLiteral(":paused"), promotionalPaused ? 1 : 0);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("due scheduled posts"));
    return postsFrom(q);
}

Core::Result<bool> ScheduledPostRepository::claim(qint64 id, const QString &claimant)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE scheduled_posts SET state = 'sending', attempts = attempts + 1, claimed_by = :claimant,"
                             " updated_at = :now WHERE id = :id AND state = 'scheduled'"));
    q.bindValue(QStringLiteral(":claimant"), text(claimant));
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("claim scheduled post"));
    return q.numRowsAffected() == 1;
}

Core::Status ScheduledPostRepository::markSent(qint64 id, const QString &platformId)
{
    return setState(id, Core::ScheduledPost::State::Sent, QStringLiteral("'sending'"), QString(), platformId);
}

Core::Status ScheduledPostRepository::markFailed(qint64 id, const QString &reason)
{
    return setState(id, Core::ScheduledPost::State::Failed, QStringLiteral("'sending', 'scheduled'"), reason);
}

Core::Status ScheduledPostRepository::requeue(qint64 id, const QDateTime &next, const QString &reason)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE scheduled_posts SET state = 'scheduled', next_attempt_at = :next, error = :error,"
                             " updated_at = :now WHERE id = :id AND state = 'sending'"));
    q.bindValue(QStringLiteral(":next"), msOf(next));
    q.bindValue(QStringLiteral(":error"), text(reason));
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("requeue scheduled post"));
    return {};
}

Core::Result<int> ScheduledPostRepository::requeueInterrupted(
    const std::function<bool(const QString &, qint64)> &ownerGone)
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, claimed_by, updated_at FROM scheduled_posts WHERE state = 'sending'")))
        return m_db.queryError(q, QStringLiteral("interrupted scheduled posts"));
    QList<qint64> ids;
    while (q.next()) {
        if (ownerGone(q.value(1).toString(), q.value(2).toLongLong()))
            ids << q.value(0).toLongLong();
    }
    for (qint64 id : std::as_const(ids)) {
        if (Core::Status s = requeue(id, m_db.now(), Strings::tr("Posting was interrupted; trying again with the same key."));
            !s)
            return s.error();
    }
    return int(ids.size());
}

Core::Status ScheduledPostRepository::setState(qint64 id, Core::ScheduledPost::State state, const QString &from,
                                               const QString &error, const QString &platformId)
{
    QSqlQuery q(m_db.connection());
    // `from` is a fixed list of state literals from this file, never input.
    q.prepare(QStringLiteral("UPDATE scheduled_posts SET state = :state, error = :error, platform_id = :platform,"
                             " updated_at = :now WHERE id = :id AND state IN (")
              + from + QStringLiteral(")"));
    q.bindValue(QStringLiteral(":state"), Core::ScheduledPost::stateId(state));
    q.bindValue(QStringLiteral(":error"), text(error));
    q.bindValue(QStringLiteral(":platform"), text(platformId));
    q.bindValue(QStringLiteral(":now"), nowMs());
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("scheduled post state"));
    if (q.numRowsAffected() != 1)
        return notFound();
    return {};
}

} // namespace Care::Store
