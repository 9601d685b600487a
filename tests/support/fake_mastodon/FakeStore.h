#pragma once

// In-memory data of the fake Mastodon instance and the JSON shapes built from it
// (docs.joinmastodon.org/entities: Account, Status, StatusEdit, Notification, Conversation).
// Internal to care_fake_mastodon; tests use FakeMastodon.

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <map>

namespace Care::Tests::Fake {

struct AccountRec
{
    QString id;
    QString username;
    QString acct; // "user" (local) or "user@domain" (remote)
    QString displayName;
    QDateTime createdAt;
};

struct StatusVersion
{
    QString content;
    QString spoilerText;
    QDateTime createdAt;
};

struct StatusRec
{
    quint64 id = 0;
    QString accountId;
    QString content; // HTML
    QString spoilerText;
    QString visibility = QStringLiteral("public");
    QString language = QStringLiteral("en");
    QString inReplyToId;
    QString inReplyToAccountId;
    QStringList mentionIds; // account ids
    QStringList tags;       // names without '#'
    QDateTime createdAt;
    QDateTime editedAt;            // invalid = never edited
    QList<StatusVersion> versions; // oldest first; the last one is the current version
    QString applicationName;       // set for statuses posted through the API
};

struct NotificationRec
{
    quint64 id = 0;
    QString type = QStringLiteral("mention");
    QString accountId;
    quint64 statusId = 0;
    QDateTime createdAt;
};

struct ConversationRec
{
    quint64 id = 0;
    QStringList accountIds; // participants other than the own account, sorted
    QList<quint64> statusIds; // ascending
    bool unread = true;
};

// Snowflake-like ids: 18 digits, +1 each, one counter per kind so that a client that mixes
// up kinds (a status id used as a notification min_id) gets wrong pages.
inline constexpr quint64 FirstStatusId = 110000000000000000ULL;
inline constexpr quint64 FirstNotificationId = 120000000000000000ULL;
inline constexpr quint64 FirstAccountId = 109000000000000000ULL;
inline constexpr quint64 FirstConversationId = 130000000000000000ULL;

class FakeStore
{
public:
    QUrl baseUrl;                // http://127.0.0.1:PORT (empty before listen)
    QString ownAccountId = QStringLiteral("1");

    std::map<QString, AccountRec> accounts; // by id
    std::map<quint64, StatusRec> statuses;
    std::map<quint64, NotificationRec> notifications;
    std::map<quint64, ConversationRec> conversations;

    quint64 nextStatusId = FirstStatusId;
    quint64 nextNotificationId = FirstNotificationId;
    quint64 nextAccountId = FirstAccountId;
    quint64 nextConversationId = FirstConversationId;

    FakeStore();

    QString domain() const; // "127.0.0.1:PORT"
    const AccountRec &ownAccount() const;
    void setOwnAccount(const QString &id, const QString &username);

    const AccountRec *accountById(const QString &id) const;
    const AccountRec *accountByAcct(const QString &acct) const; // case-insensitive; own domain stripped
    // Returns the id of the account with this acct, creating it (with displayName) when new.
    QString ensureAccount(const QString &acct, const QString &displayName);

    StatusRec *status(const QString &id);
    const StatusRec *status(const QString &id) const;

    // Adds the status (id assigned when 0), updates the conversation when direct; returns the id.
    quint64 addStatus(StatusRec status);
    quint64 addNotification(const QString &type, const QString &accountId, quint64 statusId);
    // Records a direct status in the conversation of its participants.
    void touchConversation(const StatusRec &status, bool unread);
    void removeStatus(quint64 id);

    QJsonObject accountJson(const AccountRec &account) const;
    QJsonObject statusJson(const StatusRec &status) const;
    QJsonObject notificationJson(const NotificationRec &notification) const;
    QJsonObject conversationJson(const ConversationRec &conversation) const;
    QJsonArray historyJson(const StatusRec &status) const;

    QString accountUrl(const AccountRec &account) const;
    QString mentionHtml(const AccountRec &account) const; // the h-card Mastodon renders
};

// Text helpers shared by the store, search and POST /api/v1/statuses.
namespace Text {
QString escapeHtml(const QString &text);
// The readable text of status HTML: tags dropped, <br> and paragraphs as newlines, entities decoded.
QString plainFromHtml(const QString &html);
// Mastodon's rendering of a posted plain text: paragraphs, links, h-card mentions of known
// accounts (resolve answers nullptr for unknown ones) and hashtag links.
struct Rendered
{
    QString html;
    QStringList mentionIds;
    QStringList tags;
};
Rendered renderPlainText(const QString &text, const QString &baseUrl,
                         const std::function<const AccountRec *(const QString &acct)> &resolve,
                         const std::function<QString(const AccountRec &)> &mentionHtml);
// Characters as Mastodon counts them: grapheme clusters, each URL as `urlLength`, a mention
// "@user@domain" as "@user".
int countCharacters(const QString &text, int urlLength);
QString isoMs(const QDateTime &dateTime); // 2025-03-11T09:14:27.512Z
} // namespace Text

} // namespace Care::Tests::Fake
