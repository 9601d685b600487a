#include "sync/FacebookReplyWindow.h"

#include "store/Database.h"
#include "sync/HttpFailure.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::FacebookReplyWindow)
};

constexpr qint64 kDayMs = 24 * 60 * 60 * 1000;

} // namespace

Core::Result<FacebookReplyWindow> facebookPrivateReplyWindow(Store::Database &db, const Core::Account &account,
                                                              const QString &threadKey, const QDateTime &now)
{
    FacebookReplyWindow window;
    if (!threadKey.startsWith(QLatin1String("messenger:")) && !threadKey.startsWith(QLatin1String("post:")))
        return window; // not a conversation the connector made (the demo workspace's): Facebook decides
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT max(CASE WHEN m.direction = 'inbound' THEN m.created_at END),"
                             " sum(CASE WHEN m.direction = 'outbound' AND m.visibility = 'private' THEN 1 ELSE 0 END)"
                             " FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                             " WHERE c.account_id = :account AND c.thread_key = :thread AND m.deleted_at IS NULL"));
    q.bindValue(QStringLiteral(":account"), account.id);
    q.bindValue(QStringLiteral(":thread"), threadKey);
    if (!q.exec() || !q.next())
        return db.queryError(q, QStringLiteral("Facebook reply window"));
    if (q.value(0).isNull())
        return window; // nothing from the customer yet: Facebook decides
    const qint64 ageMs = now.toMSecsSinceEpoch() - q.value(0).toLongLong();
    const bool humanAgent = account.settings.value(QStringLiteral("humanAgentTag")).toBool(false);
    if (threadKey.startsWith(QLatin1String("messenger:"))) {
        const qint64 limitMs = humanAgent ? 7 * kDayMs : kDayMs;
        if (ageMs > limitMs) {
            window.allowed = false;
            window.reason = humanAgent
                                ? Strings::tr("The customer last wrote on Messenger %1 ago; even with the human agent "
                                              "tag Facebook lets the Page answer only within 7 days. Reach them through "
                                              "another channel they prefer, or wait until they write again.")
                                      .arg(describeWait(ageMs))
                                : Strings::tr("The customer last wrote on Messenger %1 ago; Facebook lets the Page answer "
                                              "there only within 24 hours. Reach them through another channel they "
                                              "prefer, or wait until they write again.")
                                      .arg(describeWait(ageMs));
        }
        return window;
    }
    if (q.value(1).toLongLong() > 0) {
        window.allowed = false;
        window.reason = Strings::tr("The Page has already answered this comment privately; Facebook allows one private "
                                    "reply per comment. Reply publicly and invite the customer to message the Page.");
    } else if (ageMs > 7 * kDayMs) {
        window.allowed = false;
        window.reason = Strings::tr("The comment is more than 7 days old; Facebook no longer allows a private reply to "
                                    "it. Reply publicly and invite the customer to message the Page.");
    }
    return window;
}

} // namespace Care::Sync
