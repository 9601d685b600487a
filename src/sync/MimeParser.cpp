#include "sync/MimeParser.h"

#include "sync/GMimeHeaders.h"
#include "sync/HtmlText.h"

#include <QCoreApplication>
#include <QDateTime>
#include <memory>
#include <mutex>
#include <optional>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::MimeParser)
};

template<typename T>
struct GObjectDeleter
{
    void operator()(T *object) const
    {
        if (object)
            g_object_unref(object);
    }
};
template<typename T>
using GPtr = std::unique_ptr<T, GObjectDeleter<T>>;

struct GFreeDeleter
{
    void operator()(char *text) const { g_free(text); }
};
using GString = std::unique_ptr<char, GFreeDeleter>;

// Customer text is data: no NULs or other control characters (tabs and line breaks stay).
QString cleanText(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    for (QChar &c : text) {
        if ((c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t')) || c.unicode() == 0x7f)
            c = QLatin1Char(' ');
    }
    return text;
}

QString oneLine(const char *value, int maxChars)
{
    if (!value)
        return {};
    return cleanText(QString::fromUtf8(value)).simplified().left(maxChars);
}

MailAddress firstMailbox(InternetAddressList *list, int depth = 0)
{
    if (!list || depth > 2)
        return {};
    const int count = internet_address_list_length(list);
    for (int i = 0; i < count; ++i) {
        InternetAddress *address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
            MailAddress out;
            out.name = oneLine(internet_address_get_name(address), 200);
            out.address = oneLine(addr, 254).toLower();
            out.address.remove(QLatin1Char(' '));
            if (!out.address.isEmpty())
                return out;
        } else if (INTERNET_ADDRESS_IS_GROUP(address)) {
            MailAddress inGroup = firstMailbox(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), depth + 1);
            if (!inGroup.address.isEmpty())
                return inGroup;
        }
    }
    return {};
}

QString header(GMimeObject *object, const char *name)
{
    return QString::fromUtf8(g_mime_object_get_header(object, name)).trimmed();
}

// RFC 3834 and the usual markers of out-of-office replies, bounces and list traffic.
bool isAutoSubmitted(GMimeMessage *message, const MailAddress &from)
{
    GMimeObject *object = GMIME_OBJECT(message);
    const QString autoSubmitted = header(object, "Auto-Submitted").toLower();
    if (!autoSubmitted.isEmpty() && !autoSubmitted.startsWith(QLatin1String("no")))
        return true;
    const QString precedence = header(object, "Precedence").toLower();
    if (precedence == QLatin1String("bulk") || precedence == QLatin1String("list") || precedence == QLatin1String("junk")
        || precedence == QLatin1String("auto_reply"))
        return true;
    if (header(object, "Return-Path") == QLatin1String("<>"))
        return true;
    if (g_mime_object_get_header(object, "X-Autoreply") || g_mime_object_get_header(object, "X-Autorespond")
        || g_mime_object_get_header(object, "List-Id"))
        return true;
    const QString local = from.address.section(QLatin1Char('@'), 0, 0);
    return local == QLatin1String("mailer-daemon") || local == QLatin1String("postmaster");
}

QString safeFileName(const char *name)
{
    QString out = oneLine(name, 200);
    out.replace(QLatin1Char('/'), QLatin1Char('_'));
    out.replace(QLatin1Char('\\'), QLatin1Char('_'));
    return out;
}

QByteArray decodedBytes(GMimePart *part)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    if (!content)
        return {};
    GPtr<GMimeStream> memory(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(content, memory.get());
    GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(memory.get()));
    return QByteArray(reinterpret_cast<const char *>(bytes->data), qsizetype(bytes->len));
}

qint64 decodedSize(GMimePart *part)
{
    GMimeDataWrapper *content = g_mime_part_get_content(part);
    if (!content)
        return 0;
    GPtr<GMimeStream> sink(g_mime_stream_null_new());
    const gint64 written = g_mime_data_wrapper_write_to_stream(content, sink.get());
    return written > 0 ? written : 0;
}

// The parts of a message, sorted into text and attachments.
struct Walk
{
    bool keepData = false; // attachments() wants the bytes too
    QStringList plain;
    QStringList html;
    QList<MailAttachment> attachments;
    int omittedAttachments = 0;

    void attach(MailAttachment attachment)
    {
        if (attachments.size() < MimeParser::kMaxAttachments)
            attachments << std::move(attachment);
        else
            ++omittedAttachments;
    }
    void absorbAttachments(const Walk &other)
    {
        for (const MailAttachment &a : other.attachments)
            attach(a);
        omittedAttachments += other.omittedAttachments;
    }
};

QString mimeTypeOf(GMimeObject *object)
{
    GMimeContentType *type = g_mime_object_get_content_type(object);
    if (!type)
        return QStringLiteral("application/octet-stream");
    GString mime(g_mime_content_type_get_mime_type(type));
    return oneLine(mime.get(), 100).toLower();
}

QString partText(GMimePart *part)
{
    GString text(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
    if (text)
        return cleanText(QString::fromUtf8(text.get()));
    // An unknown charset: the decoded bytes as UTF-8, invalid sequences replaced.
    return cleanText(QString::fromUtf8(decodedBytes(part)));
}

void walk(GMimeObject *object, int depth, Walk &out)
{
    if (!object)
        return;
    if (depth > MimeParser::kMaxDepth) {
        out.attach({Strings::tr("(parts nested too deeply to read)"), mimeTypeOf(object), 0, {}});
        return;
    }
    if (GMIME_IS_MULTIPART(object)) {
        GMimeMultipart *multipart = GMIME_MULTIPART(object);
        const int count = g_mime_multipart_get_count(multipart);
        GMimeContentType *type = g_mime_object_get_content_type(object);
        if (type && g_mime_content_type_is_type(type, "multipart", "alternative")) {
            // One text: the plain alternative when there is one, otherwise the HTML.
            std::optional<Walk> plain;
            std::optional<Walk> html;
            for (int i = 0; i < count; ++i) {
                Walk child;
                child.keepData = out.keepData;
                walk(g_mime_multipart_get_part(multipart, i), depth + 1, child);
                if (!child.plain.isEmpty() && !plain)
                    plain = std::move(child);
                else if (!child.html.isEmpty() && !html)
                    html = std::move(child);
            }
            if (plain) {
                out.plain << plain->plain;
                out.absorbAttachments(*plain);
            } else if (html) {
                out.html << html->html;
                out.absorbAttachments(*html);
            }
            return;
        }
        for (int i = 0; i < count; ++i)
            walk(g_mime_multipart_get_part(multipart, i), depth + 1, out);
        return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        const QString subject = inner ? safeFileName(g_mime_message_get_subject(inner)) : QString(); // listed like a file
        MailAttachment forwarded{subject.isEmpty() ? Strings::tr("(forwarded message)") : subject,
                                 QStringLiteral("message/rfc822"), 0, {}};
        if (out.keepData && inner) {
            GString text(g_mime_object_to_string(GMIME_OBJECT(inner), nullptr));
            forwarded.data = QByteArray(text.get());
            forwarded.size = forwarded.data.size();
        }
        out.attach(forwarded);
        return;
    }
    if (!GMIME_IS_PART(object))
        return;
    GMimePart *part = GMIME_PART(object);
    const QString mime = mimeTypeOf(object);
    const bool attachment = g_mime_part_is_attachment(part) || g_mime_part_get_filename(part) != nullptr;
    if (!attachment && GMIME_IS_TEXT_PART(object)
        && (mime == QLatin1String("text/plain") || mime == QLatin1String("text/html"))) {
        (mime == QLatin1String("text/html") ? out.html : out.plain) << partText(part);
        return;
    }
    QString name = safeFileName(g_mime_part_get_filename(part));
    if (name.isEmpty())
        name = Strings::tr("(unnamed)");
    MailAttachment listed{name, mime, decodedSize(part), {}};
    if (out.keepData)
        listed.data = decodedBytes(part);
    out.attach(listed);
}

} // namespace

void ensureGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

namespace {

GPtr<GMimeMessage> constructMessage(const QByteArray &raw)
{
    ensureGMime();
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.constData(), size_t(raw.size())));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    return GPtr<GMimeMessage>(g_mime_parser_construct_message(parser.get(), nullptr));
}

} // namespace

bool MimeParser::isUsableId(const QString &id)
{
    if (id.isEmpty() || id.size() > kMaxIdChars)
        return false;
    for (QChar c : id) {
        const ushort u = c.unicode();
        if (u <= 0x20 || u >= 0x7f || c == QLatin1Char('"') || c == QLatin1Char('\\') || c == QLatin1Char('<')
            || c == QLatin1Char('>'))
            return false;
    }
    return true;
}

namespace {

// An id that reads back the same from "<id>": what we write into In-Reply-To and References is
// what the other side, and our next read, will see.
bool roundTrips(const QString &id)
{
    const QByteArray angled = '<' + id.toUtf8() + '>';
    GMimeReferences *refs = g_mime_references_parse(nullptr, angled.constData());
    if (!refs)
        return false;
    const bool same = g_mime_references_length(refs) == 1 && QString::fromUtf8(g_mime_references_get_message_id(refs, 0)) == id;
    g_mime_references_free(refs);
    return same;
}

} // namespace

QStringList MimeParser::messageIds(const QByteArray &headerValue)
{
    ensureGMime();
    QStringList ids;
    if (headerValue.trimmed().isEmpty())
        return ids;
    GMimeReferences *refs = g_mime_references_parse(nullptr, headerValue.constData());
    if (!refs)
        return ids;
    const int count = g_mime_references_length(refs);
    for (int i = 0; i < count; ++i) {
        const QString id = QString::fromUtf8(g_mime_references_get_message_id(refs, i));
        if (isUsableId(id) && !ids.contains(id) && roundTrips(id))
            ids << id;
    }
    g_mime_references_free(refs);
    return ids;
}

Core::Result<QList<MailAttachment>> MimeParser::attachments(const QByteArray &raw)
{
    GPtr<GMimeMessage> message = constructMessage(raw);
    if (!message)
        return Core::Error::make(Core::Error::Code::BadResponse, Strings::tr("An e-mail could not be read."),
                                 Strings::tr("It stays in the mailbox; open it with a mail program."));
    Walk parts;
    parts.keepData = true;
    walk(g_mime_message_get_mime_part(message.get()), 0, parts);
    return parts.attachments;
}

Core::Result<ParsedMail> MimeParser::parse(const QByteArray &raw)
{
    GPtr<GMimeMessage> message = constructMessage(raw);
    if (!message)
        return Core::Error::make(Core::Error::Code::BadResponse, Strings::tr("An e-mail could not be read."),
                                 Strings::tr("It stays in the mailbox; open it with a mail program."),
                                 QStringLiteral("GMime found no message in %1 bytes").arg(raw.size()));
    GMimeObject *object = GMIME_OBJECT(message.get());

    ParsedMail mail;
    // Kept only when it reads back the same from a header (In-Reply-To of the reply, the threading).
    const QString id = QString::fromUtf8(g_mime_message_get_message_id(message.get()));
    mail.messageId = isUsableId(id) && roundTrips(id) ? id : QString();
    const QStringList inReplyTo = messageIds(QByteArray(g_mime_object_get_header(object, "In-Reply-To")));
    mail.inReplyTo = inReplyTo.value(0);
    mail.references = messageIds(QByteArray(g_mime_object_get_header(object, "References")));
    if (mail.references.size() > kMaxReferences) // the root and the newest ones matter
        mail.references = mail.references.mid(0, 1) + mail.references.mid(mail.references.size() - (kMaxReferences - 1));
    mail.from = firstMailbox(g_mime_message_get_from(message.get()));
    mail.replyTo = firstMailbox(g_mime_message_get_reply_to(message.get()));
    mail.subject = oneLine(g_mime_message_get_subject(message.get()), kMaxSubjectChars);
    if (GDateTime *date = g_mime_message_get_date(message.get()))
        mail.date = QDateTime::fromSecsSinceEpoch(g_date_time_to_unix(date), Qt::UTC);
    mail.autoSubmitted = isAutoSubmitted(message.get(), mail.from);

    Walk parts;
    walk(g_mime_message_get_mime_part(message.get()), 0, parts);
    QStringList texts = parts.plain;
    if (texts.isEmpty()) {
        for (const QString &html : std::as_const(parts.html))
            texts << htmlToPlainText(html.left(4 * kMaxTextChars));
        mail.textFromHtml = !texts.isEmpty();
    }
    QString text = texts.join(QStringLiteral("\n\n")).trimmed();
    if (text.size() > kMaxTextChars) {
        text.truncate(kMaxTextChars);
        mail.truncated = true;
    }
    mail.text = text;
    mail.attachments = parts.attachments;
    mail.omittedAttachments = parts.omittedAttachments;
    return mail;
}

} // namespace Care::Sync
