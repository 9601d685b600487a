#include "FakeStore.h"

#include <QRegularExpression>
#include <QSet>
#include <QTextBoundaryFinder>

#include <algorithm>

namespace Care::Tests::Fake {

FakeStore::FakeStore()
{
    setOwnAccount(QStringLiteral("1"), QStringLiteral("acme"));
}

QString FakeStore::domain() const
{
    if (baseUrl.isEmpty())
        return QStringLiteral("127.0.0.1");
    return QString(baseUrl.host() + QLatin1Char(':') + QString::number(baseUrl.port()));
}

const AccountRec &FakeStore::ownAccount() const
{
    return accounts.at(ownAccountId);
}

void FakeStore::setOwnAccount(const QString &id, const QString &username)
{
    AccountRec own;
    auto previous = accounts.find(ownAccountId);
    if (previous != accounts.end()) {
        own = previous->second;
        accounts.erase(previous);
    } else {
        own.createdAt = QDateTime::currentDateTimeUtc().addDays(-400);
    }
    // Statuses and notifications already recorded keep pointing at the own account.
    for (auto &[statusId, status] : statuses) {
        Q_UNUSED(statusId)
        if (status.accountId == ownAccountId)
            status.accountId = id;
        if (status.inReplyToAccountId == ownAccountId)
            status.inReplyToAccountId = id;
        for (QString &mentionId : status.mentionIds) {
            if (mentionId == ownAccountId)
                mentionId = id;
        }
    }
    own.id = id;
    own.username = username;
    own.acct = username;
    own.displayName = username.isEmpty() ? username : QString(username.at(0).toUpper() + username.mid(1));
    ownAccountId = id;
    accounts[id] = own;
}

const AccountRec *FakeStore::accountById(const QString &id) const
{
    auto it = accounts.find(id);
    return it == accounts.end() ? nullptr : &it->second;
}

const AccountRec *FakeStore::accountByAcct(const QString &acctIn) const
{
    QString acct = acctIn.startsWith(QLatin1Char('@')) ? acctIn.mid(1) : acctIn;
    const QString ownSuffix = QString(QLatin1Char('@') + domain());
    if (acct.endsWith(ownSuffix, Qt::CaseInsensitive))
        acct.chop(ownSuffix.size());
    for (const auto &[id, account] : accounts) {
        Q_UNUSED(id)
        if (account.acct.compare(acct, Qt::CaseInsensitive) == 0)
            return &account;
    }
    return nullptr;
}

QString FakeStore::ensureAccount(const QString &acct, const QString &displayName)
{
    if (const AccountRec *existing = accountByAcct(acct))
        return existing->id;
    AccountRec account;
    account.id = QString::number(nextAccountId++);
    account.acct = acct.startsWith(QLatin1Char('@')) ? acct.mid(1) : acct;
    account.username = account.acct.section(QLatin1Char('@'), 0, 0);
    account.displayName = displayName;
    account.createdAt = QDateTime::currentDateTimeUtc().addDays(-30);
    accounts[account.id] = account;
    return account.id;
}

StatusRec *FakeStore::status(const QString &id)
{
    bool ok = false;
    const quint64 key = id.toULongLong(&ok);
    if (!ok)
        return nullptr;
    auto it = statuses.find(key);
    return it == statuses.end() ? nullptr : &it->second;
}

const StatusRec *FakeStore::status(const QString &id) const
{
    return const_cast<FakeStore *>(this)->status(id);
}

quint64 FakeStore::addStatus(StatusRec status)
{
    if (status.id == 0)
        status.id = nextStatusId++;
    else
        nextStatusId = std::max(nextStatusId, status.id + 1);
    if (!status.createdAt.isValid())
        status.createdAt = QDateTime::currentDateTimeUtc();
    if (status.versions.isEmpty())
        status.versions.append({status.content, status.spoilerText, status.createdAt});
    if (!status.inReplyToId.isEmpty() && status.inReplyToAccountId.isEmpty()) {
        if (const StatusRec *parent = this->status(status.inReplyToId))
            status.inReplyToAccountId = parent->accountId;
    }
    const quint64 id = status.id;
    statuses[id] = status;
    if (status.visibility == QLatin1String("direct"))
        touchConversation(statuses[id], status.accountId != ownAccountId);
    return id;
}

quint64 FakeStore::addNotification(const QString &type, const QString &accountId, quint64 statusId)
{
    NotificationRec notification;
    notification.id = nextNotificationId++;
    notification.type = type;
    notification.accountId = accountId;
    notification.statusId = statusId;
    notification.createdAt = QDateTime::currentDateTimeUtc();
    notifications[notification.id] = notification;
    return notification.id;
}

void FakeStore::touchConversation(const StatusRec &status, bool unread)
{
    QStringList participants = status.mentionIds;
    participants.append(status.accountId);
    participants.removeAll(ownAccountId);
    participants.removeDuplicates();
    std::sort(participants.begin(), participants.end());
    if (participants.isEmpty())
        return;
    ConversationRec *conversation = nullptr;
    for (auto &[id, candidate] : conversations) {
        Q_UNUSED(id)
        if (candidate.accountIds == participants)
            conversation = &candidate;
    }
    if (!conversation) {
        ConversationRec created;
        created.id = nextConversationId++;
        created.accountIds = participants;
        conversation = &(conversations[created.id] = created);
    }
    if (!conversation->statusIds.contains(status.id)) {
        conversation->statusIds.append(status.id);
        std::sort(conversation->statusIds.begin(), conversation->statusIds.end());
    }
    conversation->unread = unread;
}

void FakeStore::removeStatus(quint64 id)
{
    statuses.erase(id);
    for (auto it = notifications.begin(); it != notifications.end();) {
        if (it->second.statusId == id)
            it = notifications.erase(it);
        else
            ++it;
    }
    for (auto it = conversations.begin(); it != conversations.end();) {
        it->second.statusIds.removeAll(id);
        if (it->second.statusIds.isEmpty())
            it = conversations.erase(it);
        else
            ++it;
    }
}

QString FakeStore::accountUrl(const AccountRec &account) const
{
    const int at = account.acct.indexOf(QLatin1Char('@'));
    if (at < 0)
        return QString(baseUrl.toString() + QLatin1String("/@") + account.username);
    return QString(QLatin1String("https://") + account.acct.mid(at + 1) + QLatin1String("/@") + account.username);
}

QString FakeStore::mentionHtml(const AccountRec &account) const
{
    return QString(QLatin1String("<span class=\"h-card\" translate=\"no\"><a href=\"") + Text::escapeHtml(accountUrl(account))
                   + QLatin1String("\" class=\"u-url mention\">@<span>") + Text::escapeHtml(account.username)
                   + QLatin1String("</span></a></span>"));
}

QJsonObject FakeStore::accountJson(const AccountRec &account) const
{
    const QString url = accountUrl(account);
    int statusesCount = 0;
    QDateTime lastStatusAt;
    for (const auto &[id, status] : statuses) {
        Q_UNUSED(id)
        if (status.accountId == account.id) {
            ++statusesCount;
            lastStatusAt = status.createdAt;
        }
    }
    const QString avatar = QString(baseUrl.toString() + QLatin1String("/avatars/original/missing.png"));
    return QJsonObject{
        {QStringLiteral("id"), account.id},
        {QStringLiteral("username"), account.username},
        {QStringLiteral("acct"), account.acct},
        {QStringLiteral("display_name"), account.displayName},
        {QStringLiteral("locked"), false},
        {QStringLiteral("bot"), false},
        {QStringLiteral("discoverable"), true},
        {QStringLiteral("group"), false},
        {QStringLiteral("created_at"), Text::isoMs(QDateTime(account.createdAt.date(), QTime(0, 0), Qt::UTC))},
        {QStringLiteral("note"), QString()},
        {QStringLiteral("url"), url},
        {QStringLiteral("uri"), url},
        {QStringLiteral("avatar"), avatar},
        {QStringLiteral("avatar_static"), avatar},
        {QStringLiteral("header"), QString()},
        {QStringLiteral("header_static"), QString()},
        {QStringLiteral("followers_count"), 0},
        {QStringLiteral("following_count"), 0},
        {QStringLiteral("statuses_count"), statusesCount},
        {QStringLiteral("last_status_at"),
         lastStatusAt.isValid() ? QJsonValue(lastStatusAt.date().toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("emojis"), QJsonArray()},
        {QStringLiteral("fields"), QJsonArray()},
    };
}

static QJsonValue nullable(const QString &value)
{
    return value.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonObject FakeStore::statusJson(const StatusRec &status) const
{
    const AccountRec *account = accountById(status.accountId);
    Q_ASSERT(account);
    const QString id = QString::number(status.id);
    const int at = account->acct.indexOf(QLatin1Char('@'));
    const QString host = at < 0 ? baseUrl.toString() : QString(QLatin1String("https://") + account->acct.mid(at + 1));
    const QString url = QString(host + QLatin1String("/@") + account->username + QLatin1Char('/') + id);
    const QString uri = QString(host + QLatin1String("/users/") + account->username + QLatin1String("/statuses/") + id);

    QJsonArray mentions;
    for (const QString &mentionId : status.mentionIds) {
        if (const AccountRec *mentioned = accountById(mentionId)) {
            mentions.append(QJsonObject{{QStringLiteral("id"), mentioned->id},
                                        {QStringLiteral("username"), mentioned->username},
                                        {QStringLiteral("acct"), mentioned->acct},
                                        {QStringLiteral("url"), accountUrl(*mentioned)}});
        }
    }
    QJsonArray tags;
    for (const QString &tag : status.tags) {
        tags.append(QJsonObject{{QStringLiteral("name"), tag},
                                {QStringLiteral("url"), QString(baseUrl.toString() + QLatin1String("/tags/") + tag)}});
    }
    int replies = 0;
    for (const auto &[otherId, other] : statuses) {
        Q_UNUSED(otherId)
        if (other.inReplyToId == id)
            ++replies;
    }
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("uri"), uri},
        {QStringLiteral("url"), url},
        {QStringLiteral("created_at"), Text::isoMs(status.createdAt)},
        {QStringLiteral("edited_at"), status.editedAt.isValid() ? QJsonValue(Text::isoMs(status.editedAt))
                                                                : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("in_reply_to_id"), nullable(status.inReplyToId)},
        {QStringLiteral("in_reply_to_account_id"), nullable(status.inReplyToAccountId)},
        {QStringLiteral("sensitive"), !status.spoilerText.isEmpty()},
        {QStringLiteral("spoiler_text"), status.spoilerText},
        {QStringLiteral("visibility"), status.visibility},
        {QStringLiteral("language"), nullable(status.language)},
        {QStringLiteral("replies_count"), replies},
        {QStringLiteral("reblogs_count"), 0},
        {QStringLiteral("favourites_count"), 0},
        {QStringLiteral("content"), status.content},
        {QStringLiteral("reblog"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("application"),
         status.applicationName.isEmpty()
             ? QJsonValue(QJsonValue::Null)
             : QJsonValue(QJsonObject{{QStringLiteral("name"), status.applicationName},
                                      {QStringLiteral("website"), QJsonValue(QJsonValue::Null)}})},
        {QStringLiteral("account"), accountJson(*account)},
        {QStringLiteral("media_attachments"), QJsonArray()},
        {QStringLiteral("mentions"), mentions},
        {QStringLiteral("tags"), tags},
        {QStringLiteral("emojis"), QJsonArray()},
        {QStringLiteral("card"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("poll"), QJsonValue(QJsonValue::Null)},
    };
}

QJsonObject FakeStore::notificationJson(const NotificationRec &notification) const
{
    QJsonObject json{
        {QStringLiteral("id"), QString::number(notification.id)},
        {QStringLiteral("type"), notification.type},
        {QStringLiteral("group_key"), QString(QLatin1String("ungrouped-") + QString::number(notification.id))},
        {QStringLiteral("created_at"), Text::isoMs(notification.createdAt)},
    };
    if (const AccountRec *account = accountById(notification.accountId))
        json.insert(QStringLiteral("account"), accountJson(*account));
    auto status = statuses.find(notification.statusId);
    if (status != statuses.end())
        json.insert(QStringLiteral("status"), statusJson(status->second));
    return json;
}

QJsonObject FakeStore::conversationJson(const ConversationRec &conversation) const
{
    QJsonArray accountsJson;
    for (const QString &id : conversation.accountIds) {
        if (const AccountRec *account = accountById(id))
            accountsJson.append(accountJson(*account));
    }
    QJsonValue lastStatus(QJsonValue::Null);
    if (!conversation.statusIds.isEmpty()) {
        auto status = statuses.find(conversation.statusIds.last());
        if (status != statuses.end())
            lastStatus = statusJson(status->second);
    }
    return QJsonObject{{QStringLiteral("id"), QString::number(conversation.id)},
                       {QStringLiteral("unread"), conversation.unread},
                       {QStringLiteral("accounts"), accountsJson},
                       {QStringLiteral("last_status"), lastStatus}};
}

QJsonArray FakeStore::historyJson(const StatusRec &status) const
{
    QJsonArray history;
    const AccountRec *account = accountById(status.accountId);
    for (const StatusVersion &version : status.versions) {
        history.append(QJsonObject{
            {QStringLiteral("content"), version.content},
            {QStringLiteral("spoiler_text"), version.spoilerText},
            {QStringLiteral("sensitive"), !version.spoilerText.isEmpty()},
            {QStringLiteral("created_at"), Text::isoMs(version.createdAt)},
            {QStringLiteral("account"), account ? QJsonValue(accountJson(*account)) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("media_attachments"), QJsonArray()},
            {QStringLiteral("emojis"), QJsonArray()},
        });
    }
    return history;
}

namespace Text {

QString escapeHtml(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\''), QLatin1String("&#39;"));
}

QString plainFromHtml(const QString &html)
{
    static const QRegularExpression br(QStringLiteral("<br\\s*/?>"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression paragraph(QStringLiteral("</p>\\s*<p[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    static const QRegularExpression numeric(QStringLiteral("&#(x[0-9a-fA-F]+|[0-9]+);"));
    QString text = html;
    text.replace(br, QStringLiteral("\n"));
    text.replace(paragraph, QStringLiteral("\n\n"));
    text.remove(tag);
    QString decoded;
    int last = 0;
    for (auto it = numeric.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        decoded += text.mid(last, match.capturedStart() - last);
        const QString code = match.captured(1);
        bool ok = false;
        const uint value = code.startsWith(QLatin1Char('x')) ? code.mid(1).toUInt(&ok, 16) : code.toUInt(&ok, 10);
        if (ok && value > 0 && value <= 0x10FFFF) {
            const char32_t codePoint = value;
            decoded += QString::fromUcs4(&codePoint, 1);
        }
        last = match.capturedEnd();
    }
    decoded += text.mid(last);
    decoded.replace(QLatin1String("&lt;"), QLatin1String("<"))
        .replace(QLatin1String("&gt;"), QLatin1String(">"))
        .replace(QLatin1String("&quot;"), QLatin1String("\""))
        .replace(QLatin1String("&apos;"), QLatin1String("'"))
        .replace(QLatin1String("&nbsp;"), QString(QChar(0xA0)))
        .replace(QLatin1String("&amp;"), QLatin1String("&"));
    return decoded.trimmed();
}

static const QRegularExpression &tokenPattern()
{
    // 1: URL, 2: mention acct (user or user@domain[:port]), 3: hashtag name
    static const QRegularExpression pattern(
        QStringLiteral("(https?://[^\\s<>\"]+)"
                       "|(?<![\\w@/])@([A-Za-z0-9_]+(?:@[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+(?::[0-9]+)?)?)"
                       "|(?<![\\w&/#])#(\\w+)"),
        QRegularExpression::UseUnicodePropertiesOption);
    return pattern;
}

Rendered renderPlainText(const QString &textIn, const QString &baseUrl,
                         const std::function<const AccountRec *(const QString &acct)> &resolve,
                         const std::function<QString(const AccountRec &)> &mentionHtml)
{
    Rendered rendered;
    QString text = textIn;
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    const QStringList paragraphs = text.split(QRegularExpression(QStringLiteral("\n{2,}")), Qt::SkipEmptyParts);
    for (const QString &paragraph : paragraphs) {
        QString html;
        int last = 0;
        auto plain = [&html](const QString &segment) {
            html += escapeHtml(segment).replace(QLatin1Char('\n'), QLatin1String("<br />"));
        };
        for (auto it = tokenPattern().globalMatch(paragraph); it.hasNext();) {
            const auto match = it.next();
            plain(paragraph.mid(last, match.capturedStart() - last));
            last = match.capturedEnd();
            if (!match.captured(1).isEmpty()) {
                const QString url = match.captured(1);
                html += QString(QLatin1String("<a href=\"") + escapeHtml(url)
                                + QLatin1String("\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\">")
                                + escapeHtml(url) + QLatin1String("</a>"));
            } else if (!match.captured(2).isEmpty()) {
                if (const AccountRec *account = resolve(match.captured(2))) {
                    html += mentionHtml(*account);
                    if (!rendered.mentionIds.contains(account->id))
                        rendered.mentionIds.append(account->id);
                } else {
                    plain(match.captured(0));
                }
            } else {
                const QString name = match.captured(3);
                html += QString(QLatin1String("<a href=\"") + escapeHtml(baseUrl) + QLatin1String("/tags/")
                                + escapeHtml(name.toLower())
                                + QLatin1String("\" class=\"mention hashtag\" rel=\"tag\">#<span>") + escapeHtml(name)
                                + QLatin1String("</span></a>"));
                if (!rendered.tags.contains(name.toLower()))
                    rendered.tags.append(name.toLower());
            }
        }
        plain(paragraph.mid(last));
        rendered.html += QString(QLatin1String("<p>") + html + QLatin1String("</p>"));
    }
    return rendered;
}

int countCharacters(const QString &textIn, int urlLength)
{
    QString text;
    int urls = 0;
    int last = 0;
    for (auto it = tokenPattern().globalMatch(textIn); it.hasNext();) {
        const auto match = it.next();
        text += textIn.mid(last, match.capturedStart() - last);
        last = match.capturedEnd();
        if (!match.captured(1).isEmpty())
            ++urls; // counted below as urlLength each
        else if (!match.captured(2).isEmpty())
            text += QString(QLatin1Char('@') + match.captured(2).section(QLatin1Char('@'), 0, 0));
        else
            text += match.captured(0);
    }
    text += textIn.mid(last);
    int graphemes = 0;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    while (finder.toNextBoundary() != -1)
        ++graphemes;
    return graphemes + urls * urlLength;
}

QString isoMs(const QDateTime &dateTime)
{
    return dateTime.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace Text

} // namespace Care::Tests::Fake
