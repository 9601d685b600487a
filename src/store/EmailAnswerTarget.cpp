#include "store/EmailAnswerTarget.h"

#include "core/Platform.h"
#include "core/TextInLanguage.h"
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

const char *const kContext = "Care::Store::EmailAnswerTarget";
const char *const kSubject = QT_TRANSLATE_NOOP("Care::Store::EmailAnswerTarget", "Your message to %1 on %2");
const char *const kArticleSubject = QT_TRANSLATE_NOOP("Care::Store::EmailAnswerTarget", "About your article found on %1");

// `source` in `language`; empty `language`: the interface's.
QString inLanguage(const QString &language, const char *source)
{
    return language.isEmpty() ? QCoreApplication::translate(kContext, source)
                              : Core::TextInLanguage::translate(language, kContext, source);
}

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

Core::Result<bool> EmailAnswerTarget::customerWroteByEmail(Database &db, qint64 conversationId)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT a.platform FROM messages m JOIN accounts a ON a.id = m.account_id"
                             " WHERE m.conversation_id = :conversation AND m.direction = 'inbound' ORDER BY m.id DESC LIMIT 1"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    if (!q.exec())
        return db.queryError(q, QStringLiteral("customer's newest message"));
    return q.next() && q.value(0).toString() == Core::platformId(Core::Platform::Email);
}

Core::Result<QString> EmailAnswerTarget::subjectLanguage(Database &db, qint64 conversationId, const Core::Account &account,
                                                         qint64 emailAccountId)
{
    // The customer's: the language detected most often in their latest messages here (the newest
    // breaking a tie; a short "thanks!" alone does not decide it).
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral(
        "SELECT language, count(*) AS n, max(id) AS newest FROM (SELECT id, language FROM messages"
        " WHERE conversation_id = :conversation AND direction = 'inbound' AND language NOT IN ('', 'und')"
        " ORDER BY id DESC LIMIT 20) recent GROUP BY language ORDER BY n DESC, newest DESC"));
    q.bindValue(QStringLiteral(":conversation"), conversationId);
    if (!q.exec())
        return db.queryError(q, QStringLiteral("customer's language"));
    while (q.next()) {
        const QString code = q.value(0).toString().trimmed().toLower();
        if (Core::TextInLanguage::available(code))
            return code;
    }
    // The account's (a Bluesky account's posting language), or the mailbox's.
    QStringList accounts{account.settings.value(QStringLiteral("language")).toString()};
    if (auto mailbox = AccountRepository(db).get(emailAccountId))
        accounts << mailbox->settings.value(QStringLiteral("language")).toString();
    for (const QString &code : std::as_const(accounts)) {
        if (!code.isEmpty() && Core::TextInLanguage::available(code.trimmed().toLower()))
            return code.trimmed().toLower();
    }
    return QString(); // the interface's
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
    auto language = subjectLanguage(db, conversationId, account.value(), emailAccountId);
    if (!language)
        return language.error();
    target.language = language.value();
    target.subject = account->platform == Core::Platform::Blog
                         ? inLanguage(target.language, kArticleSubject).arg(account->name)
                         : inLanguage(target.language, kSubject)
                               .arg(account->name, Core::platformDisplayName(account->platform, target.language));
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
