#include "sync/MailIdleWatcher.h"

#include "sync/ImapClient.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcMailIdle, "care.sync.email.idle")

namespace Care::Sync {

MailIdleWatcher::MailIdleWatcher(MailServer imap, QString mailbox, QObject *parent)
    : QThread(parent)
    , m_imap(std::move(imap))
    , m_mailbox(std::move(mailbox))
{
}

MailIdleWatcher::~MailIdleWatcher()
{
    stop();
}

void MailIdleWatcher::stop()
{
    m_stop = true;
    wait();
}

void MailIdleWatcher::run()
{
    ImapClient client(m_imap);
    auto offered = client.offersIdle();
    if (!offered || !offered.value()) {
        const QString why = offered ? QStringLiteral("no IDLE capability") : offered.error().fullText();
        qCInfo(lcMailIdle) << m_imap.url.host() << "polling only:" << why;
        emit unavailable(why);
        return;
    }
    int failures = 0;
    while (!m_stop) {
        auto news = client.idle(m_mailbox, kRenewSeconds, &m_stop);
        if (news) {
            failures = 0;
            if (news.value())
                emit newMail();
            continue;
        }
        // The server or network failed: the regular polls go on; try IDLE again after a pause
        // that grows to five minutes (checked every second, so stop() is never kept waiting).
        qCInfo(lcMailIdle) << m_imap.url.host() << "IDLE failed:" << news.error().fullText();
        if (news.error().code == Core::Error::Code::TokenRevoked || ++failures > 20) {
            emit unavailable(news.error().fullText());
            return;
        }
        for (int s = 0; s < std::min(300, 5 << std::min(failures, 6)) && !m_stop; ++s)
            QThread::sleep(1);
    }
}

} // namespace Care::Sync
