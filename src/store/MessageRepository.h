#pragma once

#include "core/IncomingMessage.h"
#include "core/Message.h"
#include "core/Platform.h"
#include "core/Result.h"

#include <QList>
#include <optional>
#include <QSet>

namespace Care::Store {

class Database;

// A message as the transcript shows it: with the platform and account it came through.
struct TranscriptEntry
{
    Core::Message message;
    Core::Platform platform = Core::Platform::X;
    QString accountName;
};

struct IngestReport
{
    int inserted = 0;
    int edited = 0;
    int unchanged = 0;
    QSet<qint64> conversations; // touched conversations
};

// Where a platform's message is in the store.
struct MessageLocation
{
    qint64 id = 0;
    qint64 conversationId = 0;
    QString threadKey;
    QDateTime createdAt;
};

class MessageRepository
{
public:
    explicit MessageRepository(Database &db) : m_db(db) {}

    // Idempotent ingest of one batch in one transaction. A message is keyed by (account,
    // platform message id): fetching it again changes nothing; a changed text is an edit that
    // keeps the earlier text as a revision; a deletion marks it deleted and keeps it.
    Core::Result<IngestReport> ingest(const QList<Core::IncomingMessage> &batch);
    // Same, inside a transaction the caller already opened.
    Core::Result<IngestReport> ingestInTransaction(const QList<Core::IncomingMessage> &batch);

    Core::Result<QList<Core::Message>> forConversation(qint64 conversationId);
    // The message the platform knows by this id on this account, if the store has it.
    Core::Result<std::optional<MessageLocation>> byPlatformId(qint64 accountId, const QString &platformId);
    // The newest `limit` messages of every conversation of these customers, oldest first,
    // strictly before (beforeMs, beforeId) when given: the agent scrolls back page by page.
    Core::Result<QList<TranscriptEntry>> transcript(const QList<qint64> &customerIds, int limit, qint64 beforeMs = 0,
                                                    qint64 beforeId = 0);
    Core::Result<QList<Core::MessageRevision>> revisions(qint64 messageId);
    // Ids of messages matching a search in the product's syntax (see Core::SearchQuery).
    Core::Result<QList<qint64>> search(const QString &queryText, int limit);

    // Brings the conversation's inbox columns (preview, waiting since, counts) up to date.
    Core::Status refreshConversation(qint64 conversationId);
    // Recomputes the SLA due times of every conversation that is not resolved, e.g. after the
    // calendar or a policy changed.
    Core::Status recomputeOpenConversations();

    // Messages older than this when they arrive in the store are history (a first sync, an
    // import): they never get an off-hours acknowledgement.
    static constexpr qint64 kAcknowledgeWithinSeconds = 3600;

private:
    // Whether a new inbound message is recent enough, and written by a person, to be
    // acknowledged at all.
    bool mayAcknowledge(const Core::IncomingMessage &in) const;
    // Sends (or proposes) the off-hours acknowledgement for a new inbound message, once per
    // waiting period, when it arrived while nobody was on duty. True when it stored one.
    Core::Result<bool> acknowledgeOffHours(qint64 conversationId, const Core::IncomingMessage &in,
                                           const QString &language);
    // Follows what the platform says is hidden (IncomingMessage::hiddenOnPlatform) for the batch's
    // stored messages: hidden there is hidden here (nobody in the console did it: hidden_by stays
    // empty), shown there is shown here unless the console hid it only here; never while the
    // console's own hide or unhide of that message is still on its way.
    Core::Status followPlatformHidden(const QList<Core::IncomingMessage> &batch, IngestReport &report);

    Database &m_db;
};

} // namespace Care::Store
