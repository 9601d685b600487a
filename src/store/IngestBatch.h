#pragma once

#include "core/IncomingMessage.h"
#include "core/Result.h"
#include "core/Triage.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <optional>

class QSqlQuery;

namespace Care::Store {

class Database;

// What one batch of ingested messages does to the conversations it touches, kept in memory
// and written once per conversation when the batch ends: the inbox columns (count, last
// message, last inbound and its preview, last response, waiting since) grow by each new
// message's contribution instead of being recounted over the whole conversation, and the
// triage (priority, reasons, sentiment) follows each message as the row would. Then the SLA
// columns are brought up to date once per conversation.
//
// The increments hold because every change to a conversation's messages leaves its inbox
// columns as MessageRepository::refreshConversation computes them. What they do not cover (an
// edit or deletion, a rating-only answer, an automatic acknowledgement, a response that
// leaves an earlier inbound message waiting, a conversation found by listening) marks the
// conversation for that full recomputation instead.
class IngestBatch
{
public:
    // The conversation columns conversationSql() reads, in this order after its own leading
    // columns (id, status).
    static QString conversationColumns();

    explicit IngestBatch(Database &db) : m_db(db) {}

    // Starts following a conversation from its row (read with conversationColumns() from
    // `firstColumn` on), unless the batch already follows it: then the batch's own state is
    // newer than the row.
    void follow(qint64 conversationId, const QSqlQuery &row, int firstColumn);
    // A conversation created by this batch, as the row starts.
    void followNew(qint64 conversationId, qint64 createdAtMs);

    // A new message stored in a followed conversation (its id is the conversation's newest).
    void addMessage(qint64 conversationId, const Core::IncomingMessage &in);
    // Urgency raises the priority, never lowers it (an agent's choice stands); the sentiment
    // is the latest message's.
    void applyTriage(qint64 conversationId, const Core::Triage &triage);
    // Something the increments do not cover happened: recompute the conversation in full.
    void recount(qint64 conversationId);

    // Writes the triage columns now, for what reads them before the batch ends.
    Core::Status writeTriage(qint64 conversationId);
    // Writes every followed conversation and refreshes its SLA columns.
    Core::Status finish();

private:
    struct State
    {
        qint64 messageCount = 0;
        std::optional<qint64> lastMessageAt;
        std::optional<qint64> lastInboundAt;
        std::optional<qint64> lastResponseAt;
        std::optional<qint64> waitingSince;
        std::optional<qint64> lastDispositionAt;
        QString preview;
        QString priority;
        int priorityRank = 1;
        QString triageReasons;
        QString sentiment;
        bool triageChanged = false;
        bool recount = false;
    };

    Core::Status writeTriage(qint64 conversationId, State &state);
    Core::Status writeInbox(qint64 conversationId, const State &state);

    Database &m_db;
    QHash<qint64, State> m_states;
    QSet<qint64> m_recountOnly; // touched without being followed (an edited message)
};

} // namespace Care::Store
