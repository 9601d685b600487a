#pragma once

#include "sync/Connector.h"
#include "sync/CurlTransfer.h"
#include "sync/EmailMapping.h"
#include "sync/MimeBuilder.h"

#include <memory>

namespace Care::Sync {

class ImapClient;
struct ParsedMail;

// A support mailbox: IMAP in, SMTP out, both over libcurl; MIME read and written by GMime.
// In: new mail by UID, polled — the stream's cursor is "<UIDVALIDITY>:<last UID>", so a crash
// reads a page again (ingest is keyed on the Message-ID) and never skips one, and a mailbox that
// was rebuilt (new UIDVALIDITY) is read again from its newest messages. Out: plain-text replies
// threaded with In-Reply-To and References, the customer's mail flagged \Answered on the server;
// transcripts to a colleague's address. Exactly once: each item's Message-ID is derived from its
// idempotency key, and a copy of every sent mail goes to the mailbox itself (an envelope
// recipient, no header), so an unclear send is settled by searching the mailbox for it before
// any retry. Never deletes or moves mail.
class EmailConnector : public Connector
{
public:
    struct Config
    {
        qint64 accountId = 0;
        MailServer imap;
        MailServer smtp;
        QString address;     // the support mailbox's address: From of every reply
        QString displayName; // the name shown with it ("Acme Support")
        QString mailbox = QStringLiteral("INBOX");
        int initialMessages = 50; // a new account (or a rebuilt mailbox) reads this many of the newest
        qint64 maxMessageBytes = 30 << 20; // larger mail: only its header is read, the rest stays on the server
        // A sent mail's copy not in the mailbox this long after the attempt: the server never took it.
        qint64 copyArrivesWithinMs = 10 * 60 * 1000;
        std::function<std::optional<EmailMapping::KnownMail>(const QString &messageId)> knownThread;
        // Whether the transcript message an outbox item delivers is an automatic acknowledgement.
        std::function<bool(qint64 messageId)> isAutomatic;
    };

    explicit EmailConnector(Config config);
    ~EmailConnector() override;

    ConnectorCapabilities capabilities() const override;
    Core::Status connect() override;
    Core::Status fetch(const QHash<QString, QString> &cursors,
                       const std::function<Core::Status(const FetchBatch &)> &commit) override;
    DeliveryOutcome deliver(const Core::OutboxItem &item) override;
    ReconcileOutcome reconcile(const Core::OutboxItem &item) override;

    // A customer's mail as the server keeps it, by the message's id in the store (its Message-ID,
    // or "imap:<UIDVALIDITY>:<UID>"): for saving its attachments on request.
    Core::Result<QByteArray> rawMessage(const QString &platformMessageId);

    // The Message-ID an outbox item goes out with: the same for every attempt.
    QString messageIdFor(const Core::OutboxItem &item) const;
    static QString cursor(quint32 uidValidity, quint32 lastUid);

private:
    // The message of one UID; nullopt for mail that is not a customer's or cannot be read (it stays
    // in the mailbox); an error when the server or network failed (the page is read again later).
    Core::Result<std::optional<Core::IncomingMessage>> readMessage(quint32 uidValidity, quint32 uid,
                                                                   const QDateTime &receivedAt,
                                                                   const QHash<QString, EmailMapping::KnownMail> &batchThreads);
    Core::Result<QByteArray> composeFor(const Core::OutboxItem &item, quint32 *answeredUid, QString *to);
    Core::Result<QByteArray> composeAnswer(const Core::OutboxItem &item, OutgoingMail mail, quint32 *answeredUid,
                                           QString *to);
    void markAnswered(quint32 uid);
    // The UID of a stored message on the server (0: not there, or the mailbox was rebuilt).
    Core::Result<quint32> uidOf(const QString &platformMessageId, quint32 uidValidity);
    static bool isServerId(const QString &platformMessageId);
    quint32 originalUid(const Core::OutboxItem &item);

    Config m_config;
    std::unique_ptr<ImapClient> m_imap;
    std::unique_ptr<CurlTransfer> m_smtp;
};

} // namespace Care::Sync
