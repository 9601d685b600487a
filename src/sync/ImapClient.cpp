#include "sync/ImapClient.h"

#include "sync/MimeParser.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>

namespace Care::Sync {

namespace {

struct Strings
{
    Q_DECLARE_TR_FUNCTIONS(Care::Sync::ImapClient)
};

QByteArray quoted(const QString &text)
{
    return '"' + text.toLatin1() + '"';
}

// "28-Nov-2026 19:42:45 +0000"
QDateTime internalDate(const QString &text)
{
    const QString parts = text.trimmed();
    QDateTime at = QLocale::c().toDateTime(parts.left(20).trimmed(), QStringLiteral("d-MMM-yyyy HH:mm:ss"));
    if (!at.isValid())
        return {};
    const QString zone = parts.mid(21).trimmed();
    static const QRegularExpression offset(QStringLiteral("^([+-])(\\d\\d)(\\d\\d)$"));
    const auto match = offset.match(zone);
    int seconds = 0;
    if (match.hasMatch())
        seconds = (match.captured(2).toInt() * 3600 + match.captured(3).toInt() * 60) * (match.captured(1) == QLatin1String("-") ? -1 : 1);
    at.setOffsetFromUtc(seconds);
    return at.toUTC();
}

} // namespace

ImapClient::ImapClient(MailServer server)
    : m_transfer(std::move(server))
{
}

bool ImapClient::isSafeMailbox(const QString &mailbox)
{
    if (mailbox.isEmpty() || mailbox.size() > 200)
        return false;
    for (QChar c : mailbox) {
        if (c.unicode() < 0x20 || c.unicode() >= 0x7f || c == QLatin1Char('"') || c == QLatin1Char('\\')
            || c == QLatin1Char('/') || c == QLatin1Char(';') || c == QLatin1Char('?') || c == QLatin1Char('%')
            || c == QLatin1Char('#'))
            return false;
    }
    return true;
}

Core::Result<bool> ImapClient::offersIdle()
{
    auto response = m_transfer.request(QStringLiteral("/"), "CAPABILITY");
    if (!response)
        return response.error();
    for (const QByteArray &line : response->split('\n')) {
        if (line.startsWith("* CAPABILITY") && line.trimmed().split(' ').contains("IDLE"))
            return true;
    }
    return false;
}

Core::Result<bool> ImapClient::idle(const QString &mailbox, int seconds, const std::atomic_bool *stop)
{
    if (Core::Status s = checkMailbox(mailbox); !s)
        return s.error();
    return m_transfer.idle(QLatin1Char('/') + mailbox, seconds, stop);
}

Core::Status ImapClient::checkMailbox(const QString &mailbox) const
{
    if (isSafeMailbox(mailbox))
        return {};
    return Core::Error::make(Core::Error::Code::InvalidInput, Strings::tr("The mailbox name \"%1\" cannot be used.").arg(mailbox),
                             Strings::tr("Use a folder name in plain letters, such as INBOX."));
}

std::optional<MailboxStatus> ImapClient::parseStatus(const QByteArray &response)
{
    static const QRegularExpression validity(QStringLiteral("UIDVALIDITY (\\d+)"));
    static const QRegularExpression next(QStringLiteral("UIDNEXT (\\d+)"));
    const QString text = QString::fromLatin1(response);
    const auto v = validity.match(text);
    const auto n = next.match(text);
    if (!v.hasMatch() || !n.hasMatch())
        return std::nullopt;
    return MailboxStatus{v.captured(1).toUInt(), n.captured(1).toUInt()};
}

QList<ImapSummary> ImapClient::parseSummaries(const QByteArray &response)
{
    static const QRegularExpression uid(QStringLiteral("[( ]UID (\\d+)"));
    static const QRegularExpression size(QStringLiteral("RFC822\\.SIZE (\\d+)"));
    static const QRegularExpression date(QStringLiteral("INTERNALDATE \"([^\"]+)\""));
    QList<ImapSummary> out;
    for (const QByteArray &line : response.split('\n')) {
        if (!line.startsWith("* "))
            continue;
        const QString text = QString::fromLatin1(line);
        const auto u = uid.match(text);
        if (!u.hasMatch())
            continue;
        ImapSummary summary;
        summary.uid = u.captured(1).toUInt();
        summary.size = size.match(text).captured(1).toLongLong();
        summary.internalDate = internalDate(date.match(text).captured(1));
        if (summary.uid > 0)
            out << summary;
    }
    std::sort(out.begin(), out.end(), [](const ImapSummary &a, const ImapSummary &b) { return a.uid < b.uid; });
    return out;
}

QList<quint32> ImapClient::parseSearch(const QByteArray &response)
{
    QList<quint32> out;
    for (const QByteArray &line : response.split('\n')) {
        if (!line.startsWith("* SEARCH"))
            continue;
        for (const QByteArray &word : line.mid(8).simplified().split(' ')) {
            bool ok = false;
            const quint32 uid = word.toUInt(&ok);
            if (ok && uid > 0)
                out << uid;
        }
    }
    return out;
}

Core::Result<MailboxStatus> ImapClient::status(const QString &mailbox)
{
    if (Core::Status s = checkMailbox(mailbox); !s)
        return s.error();
    auto response = m_transfer.request(QStringLiteral("/"), "STATUS " + quoted(mailbox) + " (UIDVALIDITY UIDNEXT)");
    if (!response)
        return response.error();
    auto parsed = parseStatus(response.value());
    if (!parsed)
        return Core::Error::make(Core::Error::Code::BadResponse,
                                 Strings::tr("%1 did not say where the mailbox %2 stands.").arg(m_transfer.serverName(), mailbox),
                                 Strings::tr("Nothing is lost; it is retried automatically."),
                                 QString::fromLatin1(response->left(300)));
    return *parsed;
}

Core::Result<QList<ImapSummary>> ImapClient::summaries(const QString &mailbox, quint32 fromUid, quint32 toUid)
{
    if (Core::Status s = checkMailbox(mailbox); !s)
        return s.error();
    fromUid = std::max<quint32>(fromUid, 1);
    if (toUid < fromUid)
        return QList<ImapSummary>();
    auto response = m_transfer.request(QLatin1Char('/') + mailbox,
                                       "UID FETCH " + QByteArray::number(fromUid) + ':' + QByteArray::number(toUid)
                                           + " (UID RFC822.SIZE INTERNALDATE)");
    if (!response)
        return response.error();
    QList<ImapSummary> all = parseSummaries(response.value());
    all.erase(std::remove_if(all.begin(), all.end(),
                             [=](const ImapSummary &s) { return s.uid < fromUid || s.uid > toUid; }),
              all.end());
    return all;
}

Core::Result<QByteArray> ImapClient::fetch(const QString &mailbox, quint32 uidValidity, quint32 uid, qint64 maxBytes,
                                           bool headerOnly)
{
    if (Core::Status s = checkMailbox(mailbox); !s)
        return s.error();
    QString path = QLatin1Char('/') + mailbox + QStringLiteral(";UIDVALIDITY=") + QString::number(uidValidity)
                   + QStringLiteral("/;UID=") + QString::number(uid);
    if (headerOnly)
        path += QStringLiteral(";SECTION=HEADER");
    return m_transfer.request(path, {}, maxBytes);
}

Core::Result<QList<quint32>> ImapClient::searchMessageId(const QString &mailbox, const QString &messageId)
{
    if (Core::Status s = checkMailbox(mailbox); !s)
        return s.error();
    if (!MimeParser::isUsableId(messageId))
        return QList<quint32>();
    auto response = m_transfer.request(QLatin1Char('/') + mailbox, "UID SEARCH HEADER Message-ID " + quoted(messageId));
    if (!response)
        return response.error();
    return parseSearch(response.value());
}

Core::Status ImapClient::addFlag(const QString &mailbox, quint32 uid, const QByteArray &flag)
{
    if (Core::Status s = checkMailbox(mailbox); !s)
        return s.error();
    auto response = m_transfer.request(QLatin1Char('/') + mailbox,
                                       "UID STORE " + QByteArray::number(uid) + " +FLAGS.SILENT (" + flag + ')');
    if (!response)
        return response.error();
    return {};
}

} // namespace Care::Sync
