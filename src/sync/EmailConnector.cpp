#include "sync/EmailConnector.h"

#include "sync/ImapClient.h"
#include "sync/MimeBuilder.h"
#include "sync/MimeParser.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcEmail, "care.sync.email")

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::EmailConnector)
};

using Code = Core::Error::Code;
const QString kStream = QStringLiteral("inbox");

// "<validity>:<uid>" -> (validity, uid); (0, 0) when empty or unreadable.
std::pair<quint32, quint32> parseCursor(const QString &cursor)
{
    bool okValidity = false;
    bool okUid = false;
    const quint32 validity = cursor.section(QLatin1Char(':'), 0, 0).toUInt(&okValidity);
    const quint32 uid = cursor.section(QLatin1Char(':'), 1, 1).toUInt(&okUid);
    if (!okValidity || !okUid)
        return {0, 0};
    return {validity, uid};
}

DeliveryOutcome failed(DeliveryOutcome::Kind kind, const Core::Error &error)
{
    DeliveryOutcome outcome;
    outcome.kind = kind;
    outcome.error = error;
    return outcome;
}

} // namespace

EmailConnector::EmailConnector(Config config)
    : m_config(std::move(config))
    , m_imap(std::make_unique<ImapClient>(m_config.imap))
    , m_smtp(std::make_unique<CurlTransfer>(m_config.smtp))
{
    m_config.address = m_config.address.toLower();
}

EmailConnector::~EmailConnector() = default;

QString EmailConnector::cursor(quint32 uidValidity, quint32 lastUid)
{
    return QString::number(uidValidity) + QLatin1Char(':') + QString::number(lastUid);
}

ConnectorCapabilities EmailConnector::capabilities() const
{
    ConnectorCapabilities caps;
    caps.platform = Core::PlatformCapabilities::of(Core::Platform::Email);
    return caps;
}

Core::Status EmailConnector::connect()
{
    auto status = m_imap->status(m_config.mailbox);
    return status ? Core::Status() : Core::Status(status.error());
}

Core::Result<std::optional<Core::IncomingMessage>> EmailConnector::readMessage(quint32 uidValidity, quint32 uid,
                                                                               const QDateTime &receivedAt,
                                                                               const QHash<QString, EmailMapping::KnownMail> &batchThreads)
{
    auto raw = m_imap->fetch(m_config.mailbox, uidValidity, uid, m_config.maxMessageBytes);
    bool headerOnly = false;
    if (!raw && m_imap->sizeExceeded()) { // too large to download: its header still makes the message
        raw = m_imap->fetch(m_config.mailbox, uidValidity, uid, 1 << 20, true);
        headerOnly = true;
    }
    if (!raw) {
        if (raw.error().code != Code::NotFound) // the server or network: this page again later
            return raw.error();
        qCWarning(lcEmail) << "UID" << uid << "is gone:" << raw.error().detail; // expunged meanwhile
        return std::optional<Core::IncomingMessage>();
    }
    auto parsed = MimeParser::parse(raw.value());
    if (!parsed) {
        qCWarning(lcEmail) << "UID" << uid << "left in the mailbox:" << parsed.error().detail;
        return std::optional<Core::IncomingMessage>();
    }
    if (headerOnly) {
        parsed->text = Strings::tr("(This e-mail is larger than %n MB and was not downloaded; open it in the mailbox.)",
                                   nullptr, int(m_config.maxMessageBytes >> 20));
        parsed->textFromHtml = false;
    }
    EmailMapping::Context context;
    context.accountId = m_config.accountId;
    context.ownAddress = m_config.address;
    context.fallbackId = QStringLiteral("imap:%1:%2").arg(uidValidity).arg(uid);
    context.receivedAt = receivedAt;
    // The store's threads, and those of this page's earlier mails (not stored yet).
    context.knownThread = [this, &batchThreads](const QString &id) -> std::optional<EmailMapping::KnownMail> {
        if (auto it = batchThreads.constFind(id); it != batchThreads.cend())
            return *it;
        return m_config.knownThread ? m_config.knownThread(id) : std::nullopt;
    };
    auto message = EmailMapping::toIncoming(parsed.value(), context);
    // The same Message-ID again (a second copy, or a sender reusing an id): the stored message stands.
    if (message && context.knownThread(message->platformMessageId))
        return std::optional<Core::IncomingMessage>();
    return message;
}

Core::Status EmailConnector::fetch(const QHash<QString, QString> &cursors,
                                   const std::function<Core::Status(const FetchBatch &)> &commit)
{
    auto status = m_imap->status(m_config.mailbox);
    if (!status)
        return status.error();
    const auto [validity, lastUid] = parseCursor(cursors.value(kStream));
    quint32 fromUid = lastUid + 1;
    if (validity != status->uidValidity) {
        // A new account, or the server rebuilt the mailbox (its UIDs mean nothing now): the newest
        // messages only; those already stored are recognised by their Message-ID.
        if (validity != 0)
            qCWarning(lcEmail) << "UIDVALIDITY changed from" << validity << "to" << status->uidValidity
                               << "; reading the newest messages again";
        fromUid = status->uidNext > quint32(m_config.initialMessages) ? status->uidNext - quint32(m_config.initialMessages) : 1;
    }
    if (fromUid >= status->uidNext) {
        if (validity == status->uidValidity)
            return {};
        return commit({kStream, {}, cursor(status->uidValidity, status->uidNext - 1)});
    }
    // A window of UIDs at a time (ImapClient::kMaxSummaries); each is committed with the cursor at
    // its end, so UIDs that no longer exist are passed over once.
    for (quint32 start = fromUid; start < status->uidNext; start += ImapClient::kMaxSummaries) {
        const quint32 end = std::min<quint32>(start + ImapClient::kMaxSummaries - 1, status->uidNext - 1);
        auto summaries = m_imap->summaries(m_config.mailbox, start, end);
        if (!summaries)
            return summaries.error();
        FetchBatch batch;
        batch.stream = kStream;
        batch.cursor = cursor(status->uidValidity, end);
        QHash<QString, EmailMapping::KnownMail> batchThreads; // Message-ID -> thread of this window's mails
        for (const ImapSummary &summary : std::as_const(summaries.value())) {
            auto message = readMessage(status->uidValidity, summary.uid, summary.internalDate, batchThreads);
            if (!message)
                return message.error(); // nothing of this window is committed: read again next time
            if (message.value()) {
                batchThreads.insert(message.value()->platformMessageId,
                                    {message.value()->threadKey, message.value()->conversationId,
                                     message.value()->createdAt});
                batch.messages << *message.value();
            }
        }
        if (Core::Status s = commit(batch); !s)
            return s;
    }
    return {};
}

Core::Result<quint32> EmailConnector::uidOf(const QString &platformMessageId, quint32 uidValidity)
{
    if (isServerId(platformMessageId)) // "imap:<validity>:<uid>": a mail without a usable Message-ID
        return platformMessageId.section(QLatin1Char(':'), 1, 1).toUInt() == uidValidity
                   ? platformMessageId.section(QLatin1Char(':'), 2, 2).toUInt()
                   : 0u;
    auto uids = m_imap->searchMessageId(m_config.mailbox, platformMessageId);
    if (!uids)
        return uids.error();
    return uids->value(0);
}

bool EmailConnector::isServerId(const QString &platformMessageId)
{
    return platformMessageId.startsWith(QLatin1String("imap:"));
}

Core::Result<QByteArray> EmailConnector::rawMessage(const QString &platformMessageId)
{
    auto status = m_imap->status(m_config.mailbox);
    if (!status)
        return status.error();
    auto uid = uidOf(platformMessageId, status->uidValidity);
    if (!uid)
        return uid.error();
    if (uid.value() == 0)
        return Core::Error::make(Code::NotFound, Strings::tr("The e-mail is no longer in the mailbox %1.").arg(m_config.mailbox),
                                 Strings::tr("It may have been moved to another folder with a mail program."));
    return m_imap->fetch(m_config.mailbox, status->uidValidity, uid.value(), m_config.maxMessageBytes);
}

QString EmailConnector::messageIdFor(const Core::OutboxItem &item) const
{
    QString key = item.idempotencyKey;
    key.remove(QRegularExpression(QStringLiteral("[^A-Za-z0-9-]")));
    if (key.isEmpty())
        key = QString::number(item.id);
    QString domain = m_config.address.section(QLatin1Char('@'), 1);
    if (domain.isEmpty() || !MimeParser::isUsableId(domain))
        domain = QStringLiteral("careconsole.invalid");
    return QStringLiteral("care-") + key + QLatin1Char('@') + domain;
}

quint32 EmailConnector::originalUid(const Core::OutboxItem &item)
{
    if (item.kind == Core::OutboxKind::Transcript || item.replyTo.isEmpty())
        return 0;
    auto status = m_imap->status(m_config.mailbox);
    auto uid = status ? uidOf(item.replyTo, status->uidValidity) : Core::Result<quint32>(status.error());
    return uid ? uid.value() : 0;
}

void EmailConnector::markAnswered(quint32 uid)
{
    if (uid == 0)
        return;
    if (Core::Status s = m_imap->addFlag(m_config.mailbox, uid, "\\Answered"); !s)
        qCWarning(lcEmail) << "could not flag UID" << uid << "as answered:" << s.error().message << s.error().detail;
}

Core::Result<QByteArray> EmailConnector::composeFor(const Core::OutboxItem &item, quint32 *answeredUid, QString *to)
{
    OutgoingMail mail;
    mail.from = {m_config.displayName, m_config.address};
    mail.messageId = messageIdFor(item);
    mail.text = item.body;
    if (item.kind == Core::OutboxKind::Transcript) {
        mail.to = {QString(), item.recipient.trimmed().toLower()};
        mail.subject = Strings::tr("Transcript of conversation %1").arg(item.conversationId);
        if (!item.attachment.isEmpty())
            mail.attachments << OutgoingAttachment{item.attachmentName, "application/pdf", item.attachment};
        *to = mail.to.address;
        return MimeBuilder::build(mail);
    }
    if (item.kind == Core::OutboxKind::EmailAnswer)
        return composeAnswer(item, std::move(mail), answeredUid, to);
    mail.to = {QString(), item.recipient.toLower()};
    mail.subject = MimeBuilder::replySubject(Strings::tr("Your e-mail"));
    mail.autoReply = m_config.isAutomatic && m_config.isAutomatic(item.messageId);
    if (MimeParser::isUsableId(item.replyTo) && !isServerId(item.replyTo)) {
        mail.inReplyTo = item.replyTo;
        mail.references = {item.replyTo};
    }
    // The customer's mail as the server has it: its subject, sender and References.
    // An automatic acknowledgement does not answer the mail: it is not flagged \Answered.
    *answeredUid = originalUid(item);
    if (*answeredUid) {
        auto uidValidity = m_imap->status(m_config.mailbox);
        auto header = uidValidity ? m_imap->fetch(m_config.mailbox, uidValidity->uidValidity, *answeredUid, 1 << 20, true)
                                  : Core::Result<QByteArray>(uidValidity.error());
        if (!header)
            return header.error();
        if (auto original = MimeParser::parse(header.value())) {
            if (!original->subject.isEmpty())
                mail.subject = MimeBuilder::replySubject(original->subject);
            if (!original->from.address.isEmpty())
                mail.to = original->from;
            mail.references = original->references;
            if (!original->messageId.isEmpty() && !mail.references.contains(original->messageId))
                mail.references << original->messageId;
        }
    }
    *to = mail.to.address;
    if (mail.autoReply)
        *answeredUid = 0;
    return MimeBuilder::build(mail);
}

Core::Result<QByteArray> EmailConnector::composeAnswer(const Core::OutboxItem &item, OutgoingMail mail,
                                                      quint32 *answeredUid, QString *to)
{
    // An answer to a conversation elsewhere: always to the address the customer prefers, with a
    // subject naming that conversation; in the thread of the earlier e-mail answers when there is one.
    mail.to = {QString(), item.recipient.trimmed().toLower()};
    mail.subject = item.subject.isEmpty() ? Strings::tr("Your message") : item.subject;
    *to = mail.to.address;
    if (!MimeParser::isUsableId(item.replyTo) || isServerId(item.replyTo))
        return MimeBuilder::build(mail);
    mail.subject = MimeBuilder::replySubject(mail.subject);
    mail.inReplyTo = item.replyTo;
    mail.references = {item.replyTo};
    if (quint32 uid = originalUid(item)) { // the mail answered, as the mailbox has it: its References
        auto status = m_imap->status(m_config.mailbox);
        auto header = status ? m_imap->fetch(m_config.mailbox, status->uidValidity, uid, 1 << 20, true)
                             : Core::Result<QByteArray>(status.error());
        if (!header)
            return header.error();
        if (auto original = MimeParser::parse(header.value())) {
            mail.references = original->references;
            if (!mail.references.contains(item.replyTo))
                mail.references << item.replyTo;
            // The customer's own mail is answered; the mailbox's copy of an earlier answer is not.
            if (original->from.address.toLower() != m_config.address)
                *answeredUid = uid;
        }
    }
    return MimeBuilder::build(mail);
}

DeliveryOutcome EmailConnector::deliver(const Core::OutboxItem &item)
{
    if (Core::isModeration(item.kind))
        return failed(DeliveryOutcome::Kind::Rejected,
                      Core::Error::make(Code::Rejected, Strings::tr("An e-mail cannot be hidden; it stays in the mailbox.")));
    quint32 answeredUid = 0;
    QString to;
    auto message = composeFor(item, &answeredUid, &to);
    if (!message) {
        const Core::Error &error = message.error();
        if (error.code == Code::TokenRevoked)
            return failed(DeliveryOutcome::Kind::Reconnect, error);
        const bool hopeless = error.code == Code::InvalidInput || error.code == Code::Rejected;
        return failed(hopeless ? DeliveryOutcome::Kind::Rejected : DeliveryOutcome::Kind::Retry, error);
    }
    // The mailbox gets a copy too (an envelope recipient only): proof the server took the mail.
    QList<QByteArray> recipients{to.toUtf8()};
    if (to != m_config.address)
        recipients << m_config.address.toUtf8();
    bool reachedData = false;
    const Core::Status sent = m_smtp->sendMail(m_config.address.toUtf8(), recipients, message.value(), &reachedData);
    if (sent) {
        markAnswered(answeredUid);
        DeliveryOutcome outcome;
        outcome.kind = DeliveryOutcome::Kind::Sent;
        outcome.platformId = messageIdFor(item);
        return outcome;
    }
    const Core::Error &error = sent.error();
    switch (error.code) {
    case Code::TokenRevoked: return failed(DeliveryOutcome::Kind::Reconnect, error);
    case Code::Rejected:
    case Code::InvalidInput: return failed(DeliveryOutcome::Kind::Rejected, error);
    case Code::ServerError: return failed(DeliveryOutcome::Kind::Retry, error);
    default:
        // Cut off while the message itself was going out: it may have been taken.
        return failed(reachedData ? DeliveryOutcome::Kind::Unknown : DeliveryOutcome::Kind::Retry, error);
    }
}

ReconcileOutcome EmailConnector::reconcile(const Core::OutboxItem &item)
{
    ReconcileOutcome outcome;
    const QString id = messageIdFor(item);
    auto found = m_imap->searchMessageId(m_config.mailbox, id);
    if (!found) {
        outcome.error = found.error();
        return outcome; // CannotTell
    }
    if (!found->isEmpty()) {
        // The mail this item answered, decided as when it was sent (not an acknowledgement's, not
        // the mailbox's own copy of an earlier answer).
        quint32 answeredUid = 0;
        QString to;
        if (composeFor(item, &answeredUid, &to))
            markAnswered(answeredUid);
        outcome.kind = ReconcileOutcome::Kind::Found;
        outcome.platformId = id;
        return outcome;
    }
    const QDateTime since = item.updatedAt.isValid() ? item.updatedAt : item.createdAt;
    if (since.isValid() && since.msecsTo(QDateTime::currentDateTimeUtc()) > m_config.copyArrivesWithinMs)
        outcome.kind = ReconcileOutcome::Kind::NotFound;
    return outcome;
}

} // namespace Care::Sync
