#include "store/EmailAnswerTarget.h"

#include "core/Platform.h"
#include "store/AccountRepository.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlQuery>

namespace Care::Store {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Store::EmailAnswerTarget)
};

bool isAddress(const QString &text)
{
    static const QRegularExpression plainAddress(QStringLiteral("^[^\\s@<>\"(),;:]+@[^\\s@<>\"(),;:]+\\.[^\\s@<>\"(),;:]+$"));
    return plainAddress.match(text).hasMatch();
}

} // namespace

Core::Result<QString> EmailAnswerTarget::preferredAddress(Database &db, qint64 customerId)
{
    CustomerRepository customers(db);
    auto customer = customers.get(customerId);
    if (!customer)
        return customer.error();
    if (customer->preferredChannel != Core::platformId(Core::Platform::Email))
        return QString();
    const QString given = customer->preferredContact.trimmed().toLower();
    if (isAddress(given))
        return given;
    // No address with the preference: one they wrote from (their own or a merged identity's).
    auto group = customers.mergedGroup(customerId);
    if (!group)
        return group.error();
    for (qint64 id : std::as_const(group.value())) {
        auto identities = customers.identities(id);
        if (!identities)
            return identities.error();
        for (const Core::CustomerIdentity &identity : std::as_const(identities.value())) {
            if (identity.platform == Core::Platform::Email && isAddress(identity.platformUserId))
                return identity.platformUserId.toLower();
        }
    }
    return QString();
}

Core::Result<EmailAnswerTarget> EmailAnswerTarget::forConversation(Database &db, qint64 conversationId,
                                                                   qint64 emailAccountId)
{
    auto conversation = ConversationRepository(db).get(conversationId);
    if (!conversation)
        return conversation.error();
    auto account = AccountRepository(db).get(conversation->accountId);
    if (!account)
        return account.error();
    EmailAnswerTarget target;
    auto address = preferredAddress(db, conversation->customerId);
    if (!address)
        return address.error();
    target.address = address.value();
    target.subject = account->platform == Core::Platform::Blog
                         ? Strings::tr("About your article found on %1").arg(account->name)
                         : Strings::tr("Your message to %1 on %2").arg(account->name, Core::platformDisplayName(account->platform));
    // The thread: this conversation's e-mail answers that went out, and the customer's e-mails
    // answering them (they join this conversation; a store from before that kept them in an
    // e-mail conversation named after this one's thread, which is still read). The
    // newest is the one stored last: a mail's time comes from its Date header or the server's
    // arrival time, whole seconds on another clock, so a customer's answer can carry an earlier
    // time than the answer it replies to (the store's own ids never go back).
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral(
        "SELECT m.platform_message_id FROM messages m WHERE m.account_id = :account"
        " AND m.platform_message_id NOT LIKE 'local-%' AND m.platform_message_id NOT LIKE 'imap:%'"
        " AND (m.conversation_id = :conversation OR m.conversation_id IN"
        " (SELECT id FROM conversations WHERE account_id = :account2 AND thread_key = :thread))"
        " ORDER BY m.id DESC LIMIT 1"));
    q.bindValue(QStringLiteral(":account"), emailAccountId);
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    q.bindValue(QStringLiteral(":account2"), emailAccountId);
    q.bindValue(QStringLiteral(":thread"), text(conversation->threadKey));
    if (!q.exec())
        return db.queryError(q, QStringLiteral("e-mail answer thread"));
    if (q.next())
        target.replyTo = q.value(0).toString();
    return target;
}

} // namespace Care::Store
