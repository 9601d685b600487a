#pragma once

#include "core/Result.h"
#include "sync/MailMessage.h"

#include <QByteArray>
#include <QDateTime>

namespace Care::Sync {

// A file sent with an e-mail (a transcript's PDF).
struct OutgoingAttachment
{
    QString fileName;
    QByteArray mimeType; // "application/pdf"
    QByteArray bytes;
};

// An e-mail Care Console sends: one plain-text part (UTF-8, quoted-printable when needed), and
// when there are attachments, those after it (multipart/mixed, base64).
struct OutgoingMail
{
    MailAddress from;
    MailAddress to;
    QString subject;
    QString messageId;      // without angle brackets
    QString inReplyTo;      // empty for a new thread
    QStringList references; // oldest first
    QString text;
    QDateTime date;
    bool autoReply = false; // an automatic acknowledgement: "Auto-Submitted: auto-replied" (RFC 3834)
    QList<OutgoingAttachment> attachments;
};

// Builds the RFC 5322 bytes with GMime 3 (headers encoded and folded by GMime, CRLF line ends
// as SMTP wants them). Refuses addresses and ids that could smuggle in a header.
class MimeBuilder
{
public:
    static Core::Result<QByteArray> build(const OutgoingMail &mail);
    // "Re: " once, however many the customer's subject already had.
    static QString replySubject(const QString &subject);
};

} // namespace Care::Sync
