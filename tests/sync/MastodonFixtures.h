#pragma once

#include <QByteArray>

// Mastodon API bodies for tst_mastodonjson. They live in their own source file because moc (6.4)
// misreads "//" and \" inside raw strings, and then finds no Q_OBJECT class in the test file.
namespace MastodonFixtures {

// platform-apis.md, "Trimmed mention notification", verbatim. Its status lacks `created_at` and
// `account`, which every real server sends (both are required).
extern const QByteArray kDocumentedExample;
// The documented example with the status fields a server always sends.
extern const QByteArray kMentionNotification;
// A direct message that replies to an earlier post, with a content warning.
extern const QByteArray kDirectStatus;
// A status edited after it was posted.
extern const QByteArray kEditedStatus;
// GET /api/v2/instance, trimmed.
extern const QByteArray kInstanceV2;

} // namespace MastodonFixtures
