// The e-mail mapping: GMime reads the customer's mail (also hostile mail), EmailMapping turns it
// into a transcript message in the right thread, MimeBuilder writes the reply.
#include "sync/EmailMapping.h"
#include "sync/ImapClient.h"
#include "sync/MimeBuilder.h"
#include "sync/MimeParser.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Care;
using Care::Sync::EmailMapping;
using Care::Sync::MimeBuilder;
using Care::Sync::MimeParser;

namespace {

QByteArray crlf(QByteArray text)
{
    return text.replace("\n", "\r\n");
}

EmailMapping::Context context()
{
    EmailMapping::Context c;
    c.accountId = 7;
    c.ownAddress = QStringLiteral("support@care.test");
    c.fallbackId = QStringLiteral("imap:1:9");
    c.receivedAt = QDateTime(QDate(2026, 11, 28), QTime(19, 0), Qt::UTC);
    return c;
}

} // namespace

class TestEmailMime : public QObject
{
    Q_OBJECT

private slots:
    void plainMail()
    {
        const QByteArray raw = crlf("From: =?UTF-8?Q?Chris_M=C3=BCller?= <Chris@Example.COM>\n"
                                    "To: support@care.test\n"
                                    "Subject: =?UTF-8?B?S2V0dGxlIGxpZCDinJM=?=\n"
                                    "Date: Sat, 28 Nov 2026 18:55:00 +0000\n"
                                    "Message-ID: <c1@example.com>\n"
                                    "Content-Type: text/plain; charset=iso-8859-1\n"
                                    "Content-Transfer-Encoding: quoted-printable\n"
                                    "\n"
                                    "Der Deckel ist gebrochen, Bestellung 4471. Gr=FC=DFe\n");
        auto mail = MimeParser::parse(raw);
        QVERIFY(mail);
        QCOMPARE(mail->messageId, QStringLiteral("c1@example.com"));
        QCOMPARE(mail->from.address, QStringLiteral("chris@example.com"));
        QCOMPARE(mail->from.name, QStringLiteral("Chris Müller"));
        QCOMPARE(mail->subject, QStringLiteral("Kettle lid ✓"));
        QCOMPARE(mail->text, QStringLiteral("Der Deckel ist gebrochen, Bestellung 4471. Grüße"));
        QCOMPARE(mail->date, QDateTime(QDate(2026, 11, 28), QTime(18, 55), Qt::UTC));
        QVERIFY(!mail->autoSubmitted);

        auto in = EmailMapping::toIncoming(mail.value(), context());
        QVERIFY(in);
        QCOMPARE(in->platformMessageId, QStringLiteral("c1@example.com"));
        QCOMPARE(in->threadKey, QStringLiteral("mail:c1@example.com"));
        QCOMPARE(in->customerPlatformUserId, QStringLiteral("chris@example.com"));
        QCOMPARE(in->visibility, Core::Visibility::Private);
        QVERIFY(in->body.startsWith(QStringLiteral("Subject: Kettle lid ✓\n\nDer Deckel")));
        QCOMPARE(in->createdAt, mail->date);
    }

    void threading()
    {
        const QByteArray raw = crlf("From: chris@example.com\n"
                                    "Message-ID: <c3@example.com>\n"
                                    "In-Reply-To: <care-key@care.test>\n"
                                    "References: <c1@example.com> <care-key@care.test>\n"
                                    "\nthanks\n");
        auto mail = MimeParser::parse(raw);
        QVERIFY(mail);
        QCOMPARE(mail->inReplyTo, QStringLiteral("care-key@care.test"));
        QCOMPARE(mail->references, QStringList({QStringLiteral("c1@example.com"), QStringLiteral("care-key@care.test")}));
        // Unknown to the store: the root of References names the thread.
        QCOMPARE(EmailMapping::toIncoming(mail.value(), context())->threadKey, QStringLiteral("mail:c1@example.com"));
        // Known: the conversation of the message it answers, whatever its root.
        auto c = context();
        c.knownThread = [](const QString &id) -> std::optional<EmailMapping::KnownMail> {
            if (id == QLatin1String("care-key@care.test"))
                return EmailMapping::KnownMail{QStringLiteral("mail:older-root@example.com"), 0};
            return std::nullopt;
        };
        QCOMPARE(EmailMapping::toIncoming(mail.value(), c)->threadKey, QStringLiteral("mail:older-root@example.com"));
        QCOMPARE(EmailMapping::toIncoming(mail.value(), context())->conversationId, qint64(0));
        // Our answer by e-mail from a Mastodon conversation: the reply names that conversation.
        c.knownThread = [](const QString &id) -> std::optional<EmailMapping::KnownMail> {
            if (id == QLatin1String("care-key@care.test"))
                return EmailMapping::KnownMail{QStringLiteral("status:9001"), 42};
            return std::nullopt;
        };
        auto joined = EmailMapping::toIncoming(mail.value(), c);
        QCOMPARE(joined->conversationId, qint64(42));
        QCOMPARE(joined->threadKey, QStringLiteral("status:9001"));
        // The answer is never shown before what it answers: a Date header in whole seconds (or a
        // sender's clock behind ours) is moved to just after it; a later one stands.
        const QDateTime ours = QDateTime(QDate(2026, 11, 29), QTime(4, 2, 7, 640), Qt::UTC);
        c.knownThread = [ours](const QString &id) -> std::optional<EmailMapping::KnownMail> {
            if (id == QLatin1String("care-key@care.test"))
                return EmailMapping::KnownMail{QStringLiteral("status:9001"), 42, ours};
            return std::nullopt;
        };
        c.receivedAt = ours.addSecs(1);
        Sync::ParsedMail sameSecond = mail.value();
        sameSecond.date = QDateTime(QDate(2026, 11, 29), QTime(4, 2, 7), Qt::UTC);
        QCOMPARE(EmailMapping::toIncoming(sameSecond, c)->createdAt, ours.addMSecs(1));
        Sync::ParsedMail later = mail.value();
        later.date = ours.addSecs(30);
        c.receivedAt = ours.addSecs(31);
        QCOMPARE(EmailMapping::toIncoming(later, c)->createdAt, ours.addSecs(30));
        // In-Reply-To alone (no References) still threads.
        auto onlyReply = MimeParser::parse(crlf("From: a@b.example\nIn-Reply-To: <root@x.example>\n\nhi\n"));
        QVERIFY(onlyReply);
        QCOMPARE(EmailMapping::toIncoming(onlyReply.value(), context())->threadKey, QStringLiteral("mail:root@x.example"));
        // No Message-ID: the server's UID names it.
        QCOMPARE(EmailMapping::toIncoming(onlyReply.value(), context())->platformMessageId, QStringLiteral("imap:1:9"));
    }

    void ownMailAndNoSender()
    {
        auto own = MimeParser::parse(crlf("From: Support <SUPPORT@care.test>\nMessage-ID: <x@care.test>\n\ncopy\n"));
        QVERIFY(own);
        QVERIFY(!EmailMapping::toIncoming(own.value(), context()));
        auto nobody = MimeParser::parse(crlf("Subject: who?\n\ntext\n"));
        QVERIFY(nobody);
        QVERIFY(!EmailMapping::toIncoming(nobody.value(), context()));
    }

    void htmlOnlyMailIsTextWithoutRemoteContent()
    {
        const QByteArray raw = crlf("From: chris@example.com\n"
                                    "Content-Type: text/html; charset=utf-8\n\n"
                                    "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
                                    "<p>Lid <b>cracked</b></p><img src=\"https://tracker.example/pixel.gif\">"
                                    "<p><a href=\"https://shop.example/o/4471\">my order</a></p></body></html>\n");
        auto mail = MimeParser::parse(raw);
        QVERIFY(mail);
        QVERIFY(mail->textFromHtml);
        QCOMPARE(mail->text, QStringLiteral("Lid cracked\n\nmy order <https://shop.example/o/4471>"));
        QVERIFY(!mail->text.contains(QStringLiteral("tracker")));
        QVERIFY(!mail->text.contains(QStringLiteral("alert")));
        QVERIFY(EmailMapping::transcriptText(mail.value()).contains(QStringLiteral("nothing was loaded from the web")));
    }

    void alternativePrefersPlainAndListsAttachments()
    {
        const QByteArray raw = crlf("From: chris@example.com\n"
                                    "MIME-Version: 1.0\n"
                                    "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
                                    "--outer\n"
                                    "Content-Type: multipart/alternative; boundary=\"inner\"\n\n"
                                    "--inner\n"
                                    "Content-Type: text/plain; charset=utf-8\n\n"
                                    "plain version\n"
                                    "--inner\n"
                                    "Content-Type: text/html; charset=utf-8\n\n"
                                    "<p>html version</p>\n"
                                    "--inner--\n"
                                    "--outer\n"
                                    "Content-Type: image/jpeg; name=\"lid.jpg\"\n"
                                    "Content-Disposition: attachment; filename=\"../../etc/lid.jpg\"\n"
                                    "Content-Transfer-Encoding: base64\n\n"
                                    "AAECAwQFBgcICQ==\n"
                                    "--outer\n"
                                    "Content-Type: message/rfc822\n\n"
                                    "Subject: the first complaint\n\nold\n"
                                    "--outer--\n");
        auto mail = MimeParser::parse(raw);
        QVERIFY(mail);
        QCOMPARE(mail->text, QStringLiteral("plain version"));
        QVERIFY(!mail->textFromHtml);
        QCOMPARE(mail->attachments.size(), 2);
        QCOMPARE(mail->attachments.at(0).fileName, QStringLiteral(".._.._etc_lid.jpg"));
        QCOMPARE(mail->attachments.at(0).mimeType, QStringLiteral("image/jpeg"));
        QCOMPARE(mail->attachments.at(0).size, 10);
        QCOMPARE(mail->attachments.at(1).fileName, QStringLiteral("the first complaint"));
        QCOMPARE(mail->attachments.at(1).mimeType, QStringLiteral("message/rfc822"));
        const QString text = EmailMapping::transcriptText(mail.value());
        QVERIFY2(text.contains(QStringLiteral("• .._.._etc_lid.jpg (image/jpeg, 10 bytes)")), qPrintable(text));
    }

    void autoReplies()
    {
        for (const QByteArray &marker : {QByteArray("Auto-Submitted: auto-replied"), QByteArray("Precedence: bulk"),
                                         QByteArray("Return-Path: <>"), QByteArray("X-Autoreply: yes")}) {
            auto mail = MimeParser::parse(crlf("From: chris@example.com\n" + marker + "\n\nI am away.\n"));
            QVERIFY(mail);
            QVERIFY2(mail->autoSubmitted, marker.constData());
            QVERIFY(EmailMapping::toIncoming(mail.value(), context())->automatic);
        }
        auto person = MimeParser::parse(crlf("From: chris@example.com\nAuto-Submitted: no\n\nhello\n"));
        QVERIFY(person && !person->autoSubmitted);
    }

    void hostileInput()
    {
        // Broken MIME: a boundary that never comes, a part without headers, a bad encoding.
        auto broken = MimeParser::parse(crlf("From: chris@example.com\nContent-Type: multipart/mixed; boundary=zzz\n\n"
                                             "--zzz\nContent-Transfer-Encoding: base64\n\n!!!not base64!!!\n"));
        QVERIFY(broken);
        // A huge header (1 MB subject) and a million references are cut, quickly.
        QByteArray huge = "From: chris@example.com\nSubject: " + QByteArray(1 << 20, 'A') + "\nReferences:";
        for (int i = 0; i < 20000; ++i)
            huge += " <r" + QByteArray::number(i) + "@x.example>";
        huge += "\n\nbody\n";
        QElapsedTimer timer;
        timer.start();
        auto big = MimeParser::parse(crlf(huge));
        QVERIFY(big);
        QVERIFY(timer.elapsed() < 5000);
        QCOMPARE(big->subject.size(), MimeParser::kMaxSubjectChars);
        QCOMPARE(big->references.size(), MimeParser::kMaxReferences);
        QCOMPARE(big->references.first(), QStringLiteral("r0@x.example"));
        QCOMPARE(big->references.last(), QStringLiteral("r19999@x.example"));
        // Deep nesting stops at kMaxDepth.
        QByteArray deep = "From: chris@example.com\n";
        for (int i = 0; i < 200; ++i)
            deep += "Content-Type: multipart/mixed; boundary=b" + QByteArray::number(i) + "\n\n--b" + QByteArray::number(i) + "\n";
        deep += "Content-Type: text/plain\n\ndeep\n";
        auto nested = MimeParser::parse(crlf(deep));
        QVERIFY(nested);
        QVERIFY(nested->text.isEmpty() || nested->text == QLatin1String("deep"));
        // A long body is cut and says so.
        auto longBody = MimeParser::parse(crlf("From: chris@example.com\n\n" + QByteArray(MimeParser::kMaxTextChars + 500, 'x') + "\n"));
        QVERIFY(longBody && longBody->truncated);
        QCOMPARE(longBody->text.size(), MimeParser::kMaxTextChars);
        // Control characters and NULs in the text become spaces; an id that could inject into
        // an IMAP command or a header is not used.
        auto nasty = MimeParser::parse(QByteArray("From: chris@example.com\r\nMessage-ID: <a\"b\\c@x>\r\n\r\nbell\x07 nul", 52)
                                       + QByteArray(1, '\0') + "end\r\n");
        QVERIFY(nasty);
        QVERIFY(nasty->messageId.isEmpty());
        QVERIFY(!nasty->text.contains(QChar(0)));
        QVERIFY(!nasty->text.contains(QChar(7)));
        // Not a message at all: read as a mail without a sender, which never becomes a message.
        for (const QByteArray &junk : {QByteArray(), QByteArray(4096, '\xff'), QByteArray("\r\n\r\n\r\n")}) {
            auto parsed = MimeParser::parse(junk);
            if (parsed)
                QVERIFY(!EmailMapping::toIncoming(parsed.value(), context()));
            else
                QCOMPARE(parsed.error().code, Core::Error::Code::BadResponse);
        }
    }

    void oddIdsAreKeptOnlyWhenTheyReadBackTheSame()
    {
        // Found by fuzz_mail_mime: a NUL inside Message-ID, an id cut by a line break. Whatever is
        // kept must come back unchanged from our reply's In-Reply-To and References.
        const QByteArray raw = QByteArray("From: chris@example.com\r\nMessage-ID: <c3@example.", 49) + QByteArray(4, '\0')
                               + "com>\r\nReferences: <c1@example.com> <care-key@care.\n>eSts\r\n\r\nhi\r\n";
        auto mail = MimeParser::parse(raw);
        QVERIFY(mail);
        Sync::OutgoingMail out;
        out.from = {QString(), QStringLiteral("support@care.test")};
        out.to = mail->from;
        out.subject = QStringLiteral("Re: hi");
        out.messageId = QStringLiteral("care-2@care.test");
        out.inReplyTo = mail->messageId;
        out.references = mail->references;
        auto bytes = MimeBuilder::build(out);
        QVERIFY(bytes);
        auto back = MimeParser::parse(bytes.value());
        QVERIFY(back);
        QCOMPARE(back->inReplyTo, mail->messageId);
        QCOMPARE(back->references, mail->references);
        QVERIFY(mail->references.contains(QStringLiteral("c1@example.com")));
    }

    void replyRoundTrip()
    {
        Sync::OutgoingMail out;
        out.from = {QStringLiteral("Acme Support"), QStringLiteral("support@care.test")};
        out.to = {QStringLiteral("Chris Müller"), QStringLiteral("chris@example.com")};
        out.subject = MimeBuilder::replySubject(QStringLiteral("RE: Aw: Kettle lid ✓"));
        out.messageId = QStringLiteral("care-1234@care.test");
        out.inReplyTo = QStringLiteral("c1@example.com");
        out.references = {QStringLiteral("c0@example.com"), QStringLiteral("c1@example.com")};
        out.text = QStringLiteral("Grüße, a new lid is on its way.\n\n– Aisha");
        auto bytes = MimeBuilder::build(out);
        QVERIFY(bytes);
        QVERIFY(bytes->contains("\r\nIn-Reply-To: <c1@example.com>\r\n"));
        QVERIFY(bytes->contains("References: <c0@example.com> <c1@example.com>"));
        QVERIFY(bytes->contains("Content-Type: text/plain; charset=utf-8"));
        QVERIFY(!bytes->contains("\n\n")); // CRLF everywhere, as SMTP wants it
        for (char c : bytes.value())
            QVERIFY(uchar(c) < 0x80); // 7-bit: encoded headers, quoted-printable body
        auto back = MimeParser::parse(bytes.value());
        QVERIFY(back);
        QCOMPARE(back->subject, QStringLiteral("Re: Kettle lid ✓"));
        QCOMPARE(back->messageId, out.messageId);
        QCOMPARE(back->inReplyTo, out.inReplyTo);
        QCOMPARE(back->references, out.references);
        QCOMPARE(back->from.name, QStringLiteral("Acme Support"));
        QCOMPARE(back->text, out.text);

        QVERIFY(!bytes->contains("Auto-Submitted"));
        QVERIFY(!back->autoSubmitted);
        // An automatic acknowledgement says so, and reads back as automatic.
        out.autoReply = true;
        auto ack = MimeBuilder::build(out);
        QVERIFY(ack && ack->contains("\r\nAuto-Submitted: auto-replied\r\n"));
        QVERIFY(MimeParser::parse(ack.value())->autoSubmitted);
        out.autoReply = false;

        // No header smuggling through an address or an id.
        out.to.address = QStringLiteral("chris@example.com\r\nBcc: all@example.com");
        QVERIFY(!MimeBuilder::build(out));
        out.to.address = QStringLiteral("chris@example.com");
        out.inReplyTo = QStringLiteral("x>\r\nBcc: all@example.com");
        QVERIFY(!MimeBuilder::build(out));
    }

    void attachmentRoundTrip()
    {
        // A transcript with its PDF: the text first, the file after it, byte for byte.
        Sync::OutgoingMail out;
        out.from = {QStringLiteral("Acme Support"), QStringLiteral("support@care.test")};
        out.to = {QString(), QStringLiteral("escalations@care.test")};
        out.subject = QStringLiteral("Transcript of conversation 7");
        out.messageId = QStringLiteral("care-77@care.test");
        out.text = QStringLiteral("Transcript of conversation 7 …");
        QByteArray pdf("%PDF-1.4\n");
        for (int i = 0; i < 4096; ++i)
            pdf.append(char(i * 37 % 256));
        out.attachments << Sync::OutgoingAttachment{QStringLiteral("../transcript-7.pdf"), "application/pdf", pdf};
        auto bytes = MimeBuilder::build(out);
        QVERIFY(bytes);
        QVERIFY(bytes->contains("Content-Type: multipart/mixed"));
        for (char c : bytes.value())
            QVERIFY(uchar(c) < 0x80); // base64, 7-bit
        auto back = MimeParser::parse(bytes.value());
        QVERIFY(back);
        QCOMPARE(back->text, out.text);
        auto files = MimeParser::attachments(bytes.value());
        QVERIFY(files);
        QCOMPARE(files->size(), 1);
        QCOMPARE(files->first().fileName, QStringLiteral("..transcript-7.pdf")); // no path in the name
        QCOMPARE(files->first().mimeType, QStringLiteral("application/pdf"));
        QCOMPARE(files->first().data, pdf);
    }

    void imapResponses()
    {
        auto status = Sync::ImapClient::parseStatus("* STATUS INBOX (UIDNEXT 2 UIDVALIDITY 1795894965)\r\n");
        QVERIFY(status);
        QCOMPARE(status->uidNext, 2u);
        QCOMPARE(status->uidValidity, 1795894965u);
        QVERIFY(!Sync::ImapClient::parseStatus("* STATUS INBOX (MESSAGES 2)\r\n"));
        const auto summaries = Sync::ImapClient::parseSummaries(
            "* 2 FETCH (UID 7 RFC822.SIZE 900 INTERNALDATE \"28-Nov-2026 19:42:45 +0100\")\r\n"
            "* 1 FETCH (UID 3 RFC822.SIZE 793 INTERNALDATE \"28-Nov-2026 19:42:45 +0000\" FLAGS (\\Recent))\r\n"
            "garbage\r\n");
        QCOMPARE(summaries.size(), 2);
        QCOMPARE(summaries.at(0).uid, 3u);
        QCOMPARE(summaries.at(0).size, 793);
        QCOMPARE(summaries.at(0).internalDate, QDateTime(QDate(2026, 11, 28), QTime(19, 42, 45), Qt::UTC));
        QCOMPARE(summaries.at(1).internalDate, QDateTime(QDate(2026, 11, 28), QTime(18, 42, 45), Qt::UTC));
        QCOMPARE(Sync::ImapClient::parseSearch("* SEARCH 4 9\r\n"), QList<quint32>({4, 9}));
        QCOMPARE(Sync::ImapClient::parseSearch("* SEARCH\r\n"), QList<quint32>());
        QVERIFY(Sync::ImapClient::isSafeMailbox(QStringLiteral("INBOX")));
        QVERIFY(!Sync::ImapClient::isSafeMailbox(QStringLiteral("INBOX\" (x)\r\nA1 DELETE INBOX")));
    }
};

QTEST_GUILESS_MAIN(TestEmailMime)
#include "tst_email_mime.moc"
