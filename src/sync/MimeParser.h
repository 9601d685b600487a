#pragma once

#include "core/Result.h"
#include "sync/MailMessage.h"

#include <QByteArray>

namespace Care::Sync {

// Reads an RFC 5322 message with GMime 3 (never a hand-written MIME parser) into a ParsedMail:
// the text/plain alternative when there is one, otherwise the HTML converted to text (its remote
// images and links are never fetched), attachments listed by name, type and size. Hostile input
// (broken MIME, enormous headers, deep nesting, undeclared charsets) gives a bounded ParsedMail
// or an error, never a crash.
class MimeParser
{
public:
    static constexpr int kMaxTextChars = 100000;
    static constexpr int kMaxSubjectChars = 998;
    static constexpr int kMaxReferences = 40;
    static constexpr int kMaxAttachments = 100;
    static constexpr int kMaxDepth = 16;
    static constexpr int kMaxIdChars = 250;

    static Core::Result<ParsedMail> parse(const QByteArray &raw);
    // The attachments with their decoded bytes (a forwarded message as its RFC 5322 text), for
    // saving on request; never opened.
    static Core::Result<QList<MailAttachment>> attachments(const QByteArray &raw);

    // "<a@b> <c@d>" -> {"a@b", "c@d"}, through GMime; ids that could not be sent back in a
    // header or an IMAP search (control characters, quotes, over kMaxIdChars) are dropped.
    static QStringList messageIds(const QByteArray &headerValue);
    static bool isUsableId(const QString &id);
};

// GMime's global state, set up once per process (thread-safe).
void ensureGMime();

} // namespace Care::Sync
