// libFuzzer target: an e-mail as the IMAP server hands it over, read by GMime (MimeParser), turned
// into a transcript message (EmailMapping), its attachments extracted, and answered (MimeBuilder). A crash, a sanitizer report
// or a broken invariant below is a finding. Build and run: tests/fuzz/run.sh

#include "sync/EmailMapping.h"
#include "sync/MimeBuilder.h"
#include "sync/MimeParser.h"

#include "FuzzChecks.h"

#include <QByteArray>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace Care::Fuzz;
using namespace Care::Sync;

bool inert(const QString &text)
{
    for (QChar c : text) {
        if ((c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t')) || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray raw(reinterpret_cast<const char *>(data), qsizetype(size));
    auto parsed = MimeParser::parse(raw);
    if (!parsed) {
        check(!parsed.error().message.isEmpty(), "a parse error says what happened");
        return 0;
    }
    const ParsedMail &mail = parsed.value();
    check(mail.text.size() <= MimeParser::kMaxTextChars, "text bounded");
    check(mail.subject.size() <= MimeParser::kMaxSubjectChars, "subject bounded");
    check(mail.references.size() <= MimeParser::kMaxReferences, "references bounded");
    check(mail.attachments.size() <= MimeParser::kMaxAttachments, "attachments bounded");
    check(inert(mail.text) && inert(mail.subject) && inert(mail.from.name), "no control characters");
    check(mail.messageId.isEmpty() || MimeParser::isUsableId(mail.messageId), "message id usable");
    check(mail.inReplyTo.isEmpty() || MimeParser::isUsableId(mail.inReplyTo), "in-reply-to usable");
    for (const QString &id : mail.references)
        check(MimeParser::isUsableId(id), "reference usable");
    for (const MailAttachment &a : mail.attachments)
        check(!a.fileName.contains(QLatin1Char('/')) && a.size >= 0, "attachment name without a path");
    // Saving on request sees the same attachments, with as many bytes as listed.
    auto saved = MimeParser::attachments(raw);
    check(saved.ok() && saved->size() == mail.attachments.size(), "attachments() lists what parse() lists");
    for (int i = 0; i < saved->size(); ++i)
        check(saved->at(i).fileName == mail.attachments.at(i).fileName && saved->at(i).data.size() == saved->at(i).size,
              "saved bytes match the listed size");

    EmailMapping::Context context;
    context.accountId = 1;
    context.ownAddress = QStringLiteral("support@care.test");
    context.fallbackId = QStringLiteral("imap:1:1");
    auto in = EmailMapping::toIncoming(mail, context);
    if (!in)
        return 0;
    check(!in->platformMessageId.isEmpty() && in->threadKey.startsWith(QLatin1String("mail:")), "message has id and thread");
    check(!in->customerPlatformUserId.isEmpty() && in->createdAt.isValid(), "message has a customer and a time");

    // The reply to it: built or refused, and when built, read back with the same threading.
    OutgoingMail reply;
    reply.from = {QStringLiteral("Support"), QStringLiteral("support@care.test")};
    reply.to = mail.from;
    reply.subject = MimeBuilder::replySubject(mail.subject);
    reply.messageId = QStringLiteral("care-1@care.test");
    reply.inReplyTo = mail.messageId;
    reply.references = mail.references;
    reply.text = mail.text.left(2000);
    auto bytes = MimeBuilder::build(reply);
    if (!bytes)
        return 0;
    auto back = MimeParser::parse(bytes.value());
    check(back.ok(), "our reply parses");
    check(back->messageId == reply.messageId && back->inReplyTo == reply.inReplyTo, "reply ids survive");
    check(back->references == reply.references, "reply references survive");
    check(back->from.address == QLatin1String("support@care.test"), "reply sender survives");
    return 0;
}
