#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Care::Sync {

struct MailAddress
{
    QString name;
    QString address; // lower-cased local@domain; empty when the header held none
};

// A part of a customer's e-mail that is not its text: listed in the transcript, never opened.
struct MailAttachment
{
    QString fileName;
    QString mimeType;
    qint64 size = 0; // decoded bytes
    QByteArray data; // the decoded bytes, only from MimeParser::attachments()
};

// What Care Console keeps of an e-mail, read by MimeParser (GMime). Every field is plain text
// and bounded in length, whatever the message held.
struct ParsedMail
{
    QString messageId;       // without angle brackets; empty when the mail had none
    QString inReplyTo;       // the first message id of In-Reply-To
    QStringList references;  // oldest first
    MailAddress from;
    MailAddress replyTo;
    QString subject;
    QDateTime date;          // invalid when missing or unreadable
    QString text;            // the body as plain text (HTML converted, nothing remote loaded)
    bool textFromHtml = false;
    bool truncated = false;  // the text was cut at MimeParser::kMaxTextChars
    bool autoSubmitted = false; // an auto-reply, bounce or list mail (RFC 3834): never auto-answered
    QList<MailAttachment> attachments;
    int omittedAttachments = 0; // beyond MimeParser::kMaxAttachments
};

} // namespace Care::Sync
