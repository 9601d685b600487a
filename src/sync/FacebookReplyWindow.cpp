#include "sync/FacebookReplyWindow.h"

#include "store/ConversationFactsQuery.h"
#include "store/Database.h"

#include <QSqlQuery>

namespace Care::Sync {

Core::Result<FacebookReplyWindow> facebookPrivateReplyWindow(Store::Database &db, const Core::Account &account,
                                                              const QString &threadKey, const QDateTime &now)
{
    FacebookReplyWindow window;
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT id FROM conversations WHERE account_id = :account AND thread_key = :thread"));
    q.bindValue(QStringLiteral(":account"), account.id);
    q.bindValue(QStringLiteral(":thread"), threadKey);
    if (!q.exec())
        return db.queryError(q, QStringLiteral("Facebook reply window"));
    if (!q.next())
        return window; // nothing from the customer yet: Facebook decides
    // The rules are the console's one set (Core::ConversationCapabilities), with this account's settings.
    auto facts = Store::ConversationFactsQuery(db).facts(q.value(0).toLongLong());
    if (!facts)
        return facts.error();
    facts->humanAgentTag = account.settings.value(QStringLiteral("humanAgentTag")).toBool(false);
    const Core::Capability privately = Core::ConversationCapabilities::of(facts.value(), now).privateMessage;
    window.allowed = privately.allowed;
    window.reason = privately.reason;
    return window;
}

} // namespace Care::Sync
