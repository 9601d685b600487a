#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace Care::Sync::Mastodon {

// Parsed shapes of the Mastodon REST API (docs.joinmastodon.org), reduced to what the
// connector uses. Every parser validates types and required fields and answers a clear
// Core::Error (code InvalidInput) for malformed, truncated or unexpected JSON; none throws,
// asserts or crashes on any input (a libFuzzer target runs them in ./test).

struct Account
{
    QString id;          // required
    QString username;
    QString acct;        // "user" on the same instance, "user@other.example" elsewhere
    QString displayName; // plain text (display_name); falls back to username when empty
    QString url;
};

struct Mention
{
    QString id;
    QString username;
    QString acct;
};

struct Status
{
    QString id;          // required
    QString inReplyToId; // empty when null
    QString visibility;  // "public", "unlisted", "private", "direct"
    QDateTime createdAt; // required, UTC
    QDateTime editedAt;  // invalid when null
    QString text;        // `content` converted by htmlToPlainText(); never markup
    QString spoilerText; // content warning, plain text
    QString language;    // may be empty
    QString url;
    Account account;     // required
    QList<Mention> mentions;
};

struct Notification
{
    QString id;           // required
    QString type;         // "mention", "favourite", ...
    QDateTime createdAt;
    Account account;      // required
    std::optional<Status> status; // present for mention/status/update types
};

struct Conversation
{
    QString id;
    QList<Account> accounts;
    std::optional<Status> lastStatus;
    bool unread = false;
};

struct Context
{
    QList<Status> ancestors;
    QList<Status> descendants;
};

struct Instance
{
    QString domain;
    QString version;
    int maxCharacters = 500;          // configuration.statuses.max_characters
    int charactersReservedPerUrl = 23; // configuration.statuses.characters_reserved_per_url
    QString streamingUrl;             // configuration.urls.streaming; empty when absent
};

// A Mastodon API error body: {"error": "...", "error_description": "..."}; empty when the
// body is not such an object.
QString errorMessage(const QByteArray &body);

Core::Result<Account> parseAccount(const QByteArray &json);
Core::Result<Status> parseStatus(const QByteArray &json);
Core::Result<QList<Status>> parseStatuses(const QByteArray &json); // an array of statuses
Core::Result<QList<Notification>> parseNotifications(const QByteArray &json);
Core::Result<Notification> parseNotification(const QByteArray &json); // one, e.g. a streaming payload
Core::Result<QList<Conversation>> parseConversations(const QByteArray &json);
Core::Result<Context> parseContext(const QByteArray &json);
Core::Result<Instance> parseInstance(const QByteArray &json);      // GET /api/v2/instance
Core::Result<QList<Status>> parseSearchStatuses(const QByteArray &json); // v2 search "statuses"

// A streaming event: {"event": "...", "payload": "<JSON string>"} (the payload is JSON inside
// a string: parse twice). `payload` is the inner text, still to be parsed by the caller
// (notification/update/status.update) or an id (delete).
struct StreamEvent
{
    QString event;
    QString stream;
    QByteArray payload;
};
Core::Result<StreamEvent> parseStreamEvent(const QByteArray &json);

} // namespace Care::Sync::Mastodon
