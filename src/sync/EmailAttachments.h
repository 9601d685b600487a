#pragma once

#include "core/Result.h"
#include "sync/MailMessage.h"

#include <QList>

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class SecretStore;

// The attachments of a customer's e-mail in the store, with their bytes: the mail is read again
// from the support mailbox (the store keeps only its text and the attachments' list) and taken
// apart by GMime; nothing is opened. Blocks on the network: run it off the GUI thread (the
// console's sync worker, or the command line).
class EmailAttachments
{
public:
    static Core::Result<QList<MailAttachment>> read(Store::Database &db, SecretStore &secrets, qint64 messageId);
    // A name for saving attachment number `index` (1-based): the sender's, sanitised
    // (Core::SafeFileName), or "attachment-<index>" for a part without a usable name.
    static QString fileNameFor(const MailAttachment &attachment, int index);
};

} // namespace Care::Sync
