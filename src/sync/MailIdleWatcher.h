#pragma once

#include "sync/CurlTransfer.h"

#include <QThread>
#include <atomic>

namespace Care::Sync {

// New mail within seconds where the server offers IMAP IDLE (RFC 2177): a thread of its own
// (libcurl blocks while idling) waits in IDLE on the support mailbox and says newMail when the
// server announces a message; the sync worker then syncs the account at once. Where the server
// does not offer IDLE, or refuses it, the watcher ends and the account is polled as before.
// IDLE is renewed every `renewSeconds` (servers drop an idle client after 30 minutes).
class MailIdleWatcher : public QThread
{
    Q_OBJECT

public:
    MailIdleWatcher(MailServer imap, QString mailbox, QObject *parent = nullptr);
    ~MailIdleWatcher() override;

    // Ends the wait (within about a second) and the thread.
    void stop();

    static constexpr int kRenewSeconds = 25 * 60;

signals:
    void newMail();
    void unavailable(const QString &why); // no IDLE here: polling only

protected:
    void run() override;

private:
    MailServer m_imap;
    QString m_mailbox;
    std::atomic_bool m_stop{false};
};

} // namespace Care::Sync
