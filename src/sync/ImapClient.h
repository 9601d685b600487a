#pragma once

#include "core/Result.h"
#include "sync/CurlTransfer.h"

#include <QDateTime>
#include <QList>

namespace Care::Sync {

struct MailboxStatus
{
    quint32 uidValidity = 0;
    quint32 uidNext = 0;
};

struct ImapSummary
{
    quint32 uid = 0;
    qint64 size = 0;
    QDateTime internalDate; // when the server received it
};

// The IMAP commands the e-mail connector needs, over libcurl (one connection, reused):
// STATUS, UID FETCH of summaries and of whole messages, UID SEARCH by Message-ID and UID STORE
// of a flag. Never EXPUNGE, never \Deleted: Care Console never deletes mail.
class ImapClient
{
public:
    explicit ImapClient(MailServer server);

    const MailServer &server() const { return m_transfer.server(); }

    Core::Result<MailboxStatus> status(const QString &mailbox);
    // Messages with fromUid <= UID <= toUid, oldest first. Keep the range to kMaxSummaries UIDs:
    // libcurl 7.88 counts an IMAP answer's lines against its 300 KB header limit in a way that
    // grows with the square of their number (500 summary lines, about 40 KB, were refused as
    // 326 KB of "headers" by Debian 12's libcurl; 100 lines as 310 KB).
    static constexpr quint32 kMaxSummaries = 50;
    Core::Result<QList<ImapSummary>> summaries(const QString &mailbox, quint32 fromUid, quint32 toUid);
    // The raw message (or only its header when `headerOnly`); fails with sizeExceeded() set when
    // larger than maxBytes. UIDVALIDITY is checked by the server round trip.
    Core::Result<QByteArray> fetch(const QString &mailbox, quint32 uidValidity, quint32 uid, qint64 maxBytes,
                                   bool headerOnly = false);
    bool sizeExceeded() const { return m_transfer.sizeExceeded(); }
    Core::Result<QList<quint32>> searchMessageId(const QString &mailbox, const QString &messageId);
    Core::Status addFlag(const QString &mailbox, quint32 uid, const QByteArray &flag);
    // Whether the server offers IDLE (its CAPABILITY).
    Core::Result<bool> offersIdle();
    // Waits in IDLE on `mailbox` up to `seconds` (CurlTransfer::idle): true when new mail arrived.
    Core::Result<bool> idle(const QString &mailbox, int seconds, const std::atomic_bool *stop);

    // Parsers of the untagged responses, exposed for tests.
    static std::optional<MailboxStatus> parseStatus(const QByteArray &response);
    static QList<ImapSummary> parseSummaries(const QByteArray &response);
    static QList<quint32> parseSearch(const QByteArray &response);
    // A mailbox name safe to put in a command: printable ASCII without quotes or backslashes.
    static bool isSafeMailbox(const QString &mailbox);

private:
    Core::Status checkMailbox(const QString &mailbox) const;

    CurlTransfer m_transfer;
};

} // namespace Care::Sync
