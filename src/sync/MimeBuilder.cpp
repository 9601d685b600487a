#include "sync/MimeBuilder.h"

#include "sync/GMimeHeaders.h"
#include "sync/MimeParser.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QScopeGuard>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::MimeBuilder)
};

bool isPlainAddress(const QString &address)
{
    static const QRegularExpression pattern(QStringLiteral("^[^\\s<>\"(),;:\\\\\\[\\]@]+@[^\\s<>\"(),;:\\\\\\[\\]@]+$"));
    return address.size() <= 254 && pattern.match(address).hasMatch();
}

QByteArray angle(const QString &id)
{
    return '<' + id.toUtf8() + '>';
}

} // namespace

QString MimeBuilder::replySubject(const QString &subject)
{
    static const QRegularExpression prefixes(QStringLiteral("^\\s*((re|aw|sv|vs|antw|r)\\s*(\\[\\d+\\])?\\s*:\\s*)+"),
                                             QRegularExpression::CaseInsensitiveOption);
    QString rest = subject;
    rest.remove(prefixes);
    return QStringLiteral("Re: ") + rest.trimmed();
}

Core::Result<QByteArray> MimeBuilder::build(const OutgoingMail &mail)
{
    ensureGMime();
    if (!isPlainAddress(mail.from.address) || !isPlainAddress(mail.to.address))
        return Core::Error::make(Core::Error::Code::InvalidInput,
                                 Strings::tr("The e-mail address %1 cannot be written to.")
                                     .arg(isPlainAddress(mail.from.address) ? mail.to.address : mail.from.address),
                                 Strings::tr("Correct the address and send it again."));
    if (!MimeParser::isUsableId(mail.messageId) || (!mail.inReplyTo.isEmpty() && !MimeParser::isUsableId(mail.inReplyTo)))
        return Core::Error::make(Core::Error::Code::InvalidInput, Strings::tr("The e-mail could not be given a message id."));

    GMimeMessage *message = g_mime_message_new(TRUE);
    const auto cleanup = qScopeGuard([message] { g_object_unref(message); });
    const QByteArray fromName = mail.from.name.simplified().toUtf8();
    const QByteArray toName = mail.to.name.simplified().toUtf8();
    g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_FROM, fromName.constData(), mail.from.address.toUtf8().constData());
    g_mime_message_add_mailbox(message, GMIME_ADDRESS_TYPE_TO, toName.constData(), mail.to.address.toUtf8().constData());
    g_mime_message_set_subject(message, mail.subject.simplified().toUtf8().constData(), "utf-8");
    g_mime_message_set_message_id(message, mail.messageId.toUtf8().constData());
    GMimeObject *object = GMIME_OBJECT(message);
    if (!mail.inReplyTo.isEmpty())
        g_mime_object_set_header(object, "In-Reply-To", angle(mail.inReplyTo).constData(), nullptr);
    QByteArrayList references;
    for (const QString &id : mail.references) {
        if (MimeParser::isUsableId(id))
            references << angle(id);
    }
    if (!references.isEmpty())
        g_mime_object_set_header(object, "References", references.join(' ').constData(), nullptr);
    const QDateTime date = mail.date.isValid() ? mail.date : QDateTime::currentDateTimeUtc();
    GDateTime *gdate = g_date_time_new_from_unix_utc(date.toSecsSinceEpoch());
    g_mime_message_set_date(message, gdate);
    g_date_time_unref(gdate);
    // Customers' auto-responders leave an automatic acknowledgement unanswered (RFC 3834).
    if (mail.autoReply)
        g_mime_object_set_header(object, "Auto-Submitted", "auto-replied", nullptr);

    GMimeTextPart *body = g_mime_text_part_new_with_subtype("plain");
    QString text = mail.text;
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    g_mime_text_part_set_text(body, text.toUtf8().constData());
    if (mail.attachments.isEmpty()) {
        g_mime_message_set_mime_part(message, GMIME_OBJECT(body));
    } else {
        GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
        g_mime_multipart_add(mixed, GMIME_OBJECT(body));
        for (const OutgoingAttachment &file : mail.attachments) {
            const QByteArray type = file.mimeType.isEmpty() ? QByteArray("application/octet-stream") : file.mimeType;
            const qsizetype slash = type.indexOf('/');
            GMimePart *part = g_mime_part_new_with_type(type.left(slash).constData(), type.mid(slash + 1).constData());
            // The name is ours (never a customer's), still kept to one safe line.
            QString name = file.fileName.simplified();
            name.remove(QLatin1Char('/'));
            name.remove(QLatin1Char('\\'));
            g_mime_part_set_filename(part, name.toUtf8().constData());
            g_mime_object_set_disposition(GMIME_OBJECT(part), "attachment");
            GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(
                g_byte_array_append(g_byte_array_new(), reinterpret_cast<const guint8 *>(file.bytes.constData()),
                                    guint(file.bytes.size())));
            GMimeDataWrapper *content = g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
            g_mime_part_set_content(part, content);
            g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
            g_object_unref(content);
            g_object_unref(stream);
            g_mime_multipart_add(mixed, GMIME_OBJECT(part));
            g_object_unref(part);
        }
        g_mime_message_set_mime_part(message, GMIME_OBJECT(mixed));
        g_object_unref(mixed);
    }
    g_object_unref(body);
    g_mime_object_encode(object, GMIME_ENCODING_CONSTRAINT_7BIT);

    GMimeFormatOptions *options = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
    char *bytes = g_mime_object_to_string(object, options);
    g_mime_format_options_free(options);
    QByteArray out(bytes);
    g_free(bytes);
    return out;
}

} // namespace Care::Sync
