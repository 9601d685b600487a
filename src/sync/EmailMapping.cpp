#include "sync/EmailMapping.h"

#include <QCoreApplication>
#include <QLocale>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::EmailMapping)
};

const QString kThreadPrefix = QStringLiteral("mail:");

} // namespace

EmailMapping::KnownMail EmailMapping::thread(const ParsedMail &mail, const Context &context, const QString &platformId)
{
    if (context.knownThread) {
        QStringList candidates;
        if (!mail.inReplyTo.isEmpty())
            candidates << mail.inReplyTo;
        for (auto it = mail.references.crbegin(); it != mail.references.crend(); ++it)
            candidates << *it;
        for (const QString &id : std::as_const(candidates)) {
            if (auto known = context.knownThread(id))
                return *known;
        }
    }
    if (!mail.references.isEmpty())
        return {kThreadPrefix + mail.references.first()};
    if (!mail.inReplyTo.isEmpty())
        return {kThreadPrefix + mail.inReplyTo};
    return {kThreadPrefix + platformId};
}

QString EmailMapping::transcriptText(const ParsedMail &mail)
{
    QStringList blocks;
    if (!mail.subject.isEmpty())
        blocks << Strings::tr("Subject: %1").arg(mail.subject);
    blocks << (mail.text.isEmpty() ? Strings::tr("(no text)") : mail.text);
    if (mail.truncated)
        blocks << Strings::tr("(The e-mail is longer; the rest is in the mailbox.)");
    if (mail.textFromHtml)
        blocks << Strings::tr("(Sent as HTML and shown as text; nothing was loaded from the web.)");
    if (!mail.attachments.isEmpty() || mail.omittedAttachments > 0) {
        QStringList lines;
        lines << Strings::tr("Attachments (not opened; they stay in the mailbox):");
        const QLocale locale;
        for (const MailAttachment &a : mail.attachments)
            lines << QStringLiteral("• %1 (%2, %3)").arg(a.fileName, a.mimeType, locale.formattedDataSize(a.size));
        if (mail.omittedAttachments > 0)
            lines << Strings::tr("… and %n more", nullptr, mail.omittedAttachments);
        blocks << lines.join(QLatin1Char('\n'));
    }
    return blocks.join(QStringLiteral("\n\n"));
}

std::optional<Core::IncomingMessage> EmailMapping::toIncoming(const ParsedMail &mail, const Context &context)
{
    if (mail.from.address.isEmpty() || mail.from.address == context.ownAddress.toLower())
        return std::nullopt;
    Core::IncomingMessage in;
    in.accountId = context.accountId;
    in.platformMessageId = mail.messageId.isEmpty() ? context.fallbackId : mail.messageId;
    in.platformParentId = mail.inReplyTo;
    const KnownMail known = thread(mail, context, in.platformMessageId);
    in.threadKey = known.threadKey;
    in.conversationId = known.conversationId;
    in.direction = Core::Direction::Inbound;
    in.visibility = Core::Visibility::Private;
    in.customerPlatformUserId = mail.from.address;
    in.customerHandle = mail.from.address;
    in.customerName = mail.from.name;
    in.body = transcriptText(mail);
    // The Date header is the sender's claim: trusted unless missing or far from the arrival.
    const QDateTime received = context.receivedAt.isValid() ? context.receivedAt : QDateTime::currentDateTimeUtc();
    const bool plausible = mail.date.isValid() && std::abs(mail.date.secsTo(received)) < 24 * 3600;
    in.createdAt = plausible ? mail.date : received;
    // A Date header counts whole seconds on the sender's clock: an answer to our e-mail could show
    // before it. The answer comes after what it answers.
    if (known.createdAt.isValid() && in.createdAt <= known.createdAt)
        in.createdAt = known.createdAt.addMSecs(1);
    in.automatic = mail.autoSubmitted;
    return in;
}

} // namespace Care::Sync
