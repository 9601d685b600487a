#include "RecordedPages.h"

#include "Vocabulary.h"
#include "core/SearchQuery.h"
#include "sync/MastodonJson.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <random>

namespace Care::Bench {

namespace {

QJsonObject account(qint64 id)
{
    const QString user = QStringLiteral("ingest%1").arg(id);
    return QJsonObject{{QStringLiteral("id"), QString::number(id)},
                       {QStringLiteral("username"), user},
                       {QStringLiteral("acct"), QString(user + QStringLiteral("@other.example"))},
                       {QStringLiteral("display_name"), QStringLiteral("Ingest Customer %1").arg(id)},
                       {QStringLiteral("url"), QString(QStringLiteral("https://other.example/@") + user)}};
}

QString quoted(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

} // namespace

QList<QByteArray> RecordedPages::mastodon(int count, qint64 firstId, quint64 seed)
{
    Vocabulary vocabulary;
    std::mt19937_64 rng(seed);
    const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-2);
    QList<QByteArray> pages;
    QJsonArray page;
    for (int i = 0; i < count; ++i) {
        const qint64 id = firstId + i;
        // About one customer in three writes twice or more within the pages.
        const qint64 customer = firstId + (rng() % 3 == 0 && i > 0 ? qint64(rng() % quint64(i)) : i);
        const bool direct = rng() % 100 < 30;
        const QString text = vocabulary.sentence(rng, Vocabulary::inboundLength(rng)).toHtmlEscaped();
        const QString created = start.addSecs(i).toString(Qt::ISODateWithMs);
        const QJsonObject status{
            {QStringLiteral("id"), QString::number(id)},
            {QStringLiteral("in_reply_to_id"), QJsonValue::Null},
            {QStringLiteral("visibility"), direct ? QStringLiteral("direct") : QStringLiteral("public")},
            {QStringLiteral("created_at"), created},
            {QStringLiteral("edited_at"), QJsonValue::Null},
            {QStringLiteral("content"), QString(QStringLiteral("<p><span class=\"h-card\"><a href=\"https://social.example/@acme\" "
                                                       "class=\"u-url mention\">@<span>acme</span></a></span> ")
                                            + text + QStringLiteral("</p>"))},
            {QStringLiteral("spoiler_text"), QString()},
            {QStringLiteral("language"), QStringLiteral("en")},
            {QStringLiteral("url"), QStringLiteral("https://other.example/@c/%1").arg(id)},
            {QStringLiteral("account"), account(customer)},
            {QStringLiteral("mentions"), QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("1")},
                                                                {QStringLiteral("username"), QStringLiteral("acme")},
                                                                {QStringLiteral("acct"), QStringLiteral("acme")}}}}};
        page.prepend(QJsonObject{{QStringLiteral("id"), QString::number(id)},
                                 {QStringLiteral("type"), QStringLiteral("mention")},
                                 {QStringLiteral("created_at"), created},
                                 {QStringLiteral("account"), account(customer)},
                                 {QStringLiteral("status"), status}});
        if (page.size() == kPageSize || i == count - 1) {
            pages << QJsonDocument(page).toJson(QJsonDocument::Compact);
            page = QJsonArray();
        }
    }
    return pages;
}

Core::Result<QList<Core::IncomingMessage>> RecordedPages::parse(const QByteArray &page, qint64 accountId)
{
    auto notifications = Sync::Mastodon::parseNotifications(page);
    if (!notifications)
        return notifications.error();
    QList<Core::IncomingMessage> out;
    for (auto it = notifications->crbegin(); it != notifications->crend(); ++it) { // oldest first
        if (it->type != QLatin1String("mention") || !it->status)
            continue;
        const auto &status = *it->status;
        Core::IncomingMessage m;
        m.accountId = accountId;
        m.platformMessageId = status.id;
        m.platformParentId = status.inReplyToId;
        const bool direct = status.visibility == QLatin1String("direct");
        m.threadKey = direct ? QString(QStringLiteral("dm:") + status.account.id)
                            : QString(status.id + QLatin1Char(':') + status.account.id);
        m.direction = Core::Direction::Inbound;
        m.visibility = direct ? Core::Visibility::Private : Core::Visibility::Public;
        m.customerPlatformUserId = status.account.id;
        m.customerHandle = QString(QLatin1Char('@') + status.account.acct);
        m.customerName = status.account.displayName;
        m.authorName = status.account.displayName;
        m.body = status.text;
        m.createdAt = status.createdAt;
        out << m;
    }
    return out;
}

QByteArray RecordedPages::sqlFor(const QList<Core::IncomingMessage> &messages, qint64 firstCustomerId,
                                 qint64 firstConversationId)
{
    QString sql;
    QHash<QString, qint64> customers;
    QHash<QString, qint64> conversations;
    for (const Core::IncomingMessage &m : messages) {
        qint64 customer = customers.value(m.customerPlatformUserId);
        if (!customer) {
            customer = firstCustomerId + customers.size();
            customers.insert(m.customerPlatformUserId, customer);
            sql += QStringLiteral("INSERT INTO customers (id, name, created_at) VALUES (%1, %2, %3);\n")
                       .arg(customer).arg(quoted(m.customerName)).arg(m.createdAt.toMSecsSinceEpoch());
            sql += QStringLiteral("INSERT INTO customer_identities (customer_id, platform, platform_user_id, handle, "
                                  "display_name) VALUES (%1, 'mastodon', %2, %3, %4);\n")
                       .arg(customer).arg(quoted(m.customerPlatformUserId), quoted(m.customerHandle), quoted(m.customerName));
        }
        qint64 conversation = conversations.value(m.threadKey);
        if (!conversation) {
            conversation = firstConversationId + conversations.size();
            conversations.insert(m.threadKey, conversation);
            sql += QStringLiteral("INSERT INTO conversations (id, account_id, customer_id, thread_key, created_at, "
                                  "updated_at, last_message_at) VALUES (%1, %2, %3, %4, %5, %5, %5);\n")
                       .arg(conversation).arg(m.accountId).arg(customer).arg(quoted(m.threadKey))
                       .arg(m.createdAt.toMSecsSinceEpoch());
        }
        sql += QStringLiteral("INSERT INTO messages (conversation_id, account_id, platform_message_id, direction, "
                              "visibility, author_name, author_handle, body, search_text, created_at) VALUES "
                              "(%1, %2, %3, 'inbound', %4, %5, %6, %7, %8, %9);\n")
                   .arg(conversation).arg(m.accountId)
                   .arg(quoted(m.platformMessageId),
                        m.visibility == Core::Visibility::Private ? QStringLiteral("'private'") : QStringLiteral("'public'"),
                        quoted(m.customerName), quoted(m.customerHandle), quoted(m.body),
                        quoted(Core::SearchQuery::normalize(m.body)))
                   .arg(m.createdAt.toMSecsSinceEpoch());
        sql += QStringLiteral("UPDATE conversations SET message_count = message_count + 1, last_message_at = %1, "
                              "last_inbound_at = %1, waiting_since = coalesce(waiting_since, %1), preview = %2 "
                              "WHERE id = %3;\n")
                   .arg(m.createdAt.toMSecsSinceEpoch()).arg(quoted(m.body.simplified().left(280))).arg(conversation);
    }
    return sql.toUtf8();
}

} // namespace Care::Bench
