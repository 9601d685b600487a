#pragma once

#include "core/Message.h"
#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

namespace Care::Store {

class Database;

// Who gave a satisfaction score: the customer (their reply, read by Core::CsatParser) or an
// agent who recorded it by hand (the customer answered by phone, or in words the parser left).
enum class CsatSource { Customer, Agent };
QString csatSourceId(CsatSource source); // "customer", "agent"

// One satisfaction answer from the event log.
struct CsatAnswer
{
    qint64 conversationId = 0;
    int score = 0; // 1 to 5
    CsatSource source = CsatSource::Customer;
    QString agentId; // who recorded it (CsatSource::Agent)
    QDateTime at;
};

// What a customer card (or a conversation) shows about satisfaction.
struct CsatSummary
{
    std::optional<CsatAnswer> latest; // the latest valid answer
    QDateTime lastAskedAt; // when the question last went out; invalid: never
};

// Satisfaction (CSAT) after a conversation is resolved. Everything is written to the
// conversation's event log, which the metrics read (docs/metrics.md, "Satisfaction"):
//   csat-asked  actor: the agent     detail: the id of the question's message
//   csat        actor: "customer" or the recording agent     detail: the score, 1 to 5
class CsatRepository
{
public:
    explicit CsatRepository(Database &db)
        : m_db(db)
    {
    }

    // A customer's answer counts within this long after the question.
    static constexpr qint64 kAnswerWindowSeconds = 7 * 24 * 3600;
    // The workspace setting that says how the question goes out: "public" or "private".
    static QString visibilitySettingKey() { return QStringLiteral("csat.visibility"); }

    // The question in this language (en, de, es, fr; English otherwise).
    static Core::Result<QString> questionText(const QString &language);

    // Sends the question through the outbox, like any reply, as `visibility` where the
    // conversation's platform allows it (the other kind otherwise), in the customer's
    // language, and logs `csat-asked`. The question is marked automatic: it is not a response
    // and does not stop any clock. Refused (Conflict) while an earlier question waits for its
    // answer. Returns the question's message id.
    Core::Result<qint64> ask(qint64 conversationId, const QString &agentId, Core::Visibility visibility);
    // Same, with the visibility from the workspace setting (private by default).
    Core::Result<qint64> ask(qint64 conversationId, const QString &agentId);
    Core::Result<Core::Visibility> defaultVisibility();
    Core::Status setDefaultVisibility(Core::Visibility visibility, const QString &editor);

    // Logs a score (1 to 5). `at` defaults to now; `agentId` names who recorded it by hand.
    // The latest answer in a cycle is the one that counts.
    Core::Status record(
        qint64 conversationId, int score, CsatSource source, const QString &agentId = {}, const QDateTime &at = {});

    // The latest valid answer in this conversation, or for this customer (over every record
    // merged with theirs), or nothing when none was given.
    Core::Result<std::optional<CsatAnswer>> latestForConversation(qint64 conversationId);
    Core::Result<std::optional<CsatAnswer>> latestForCustomer(qint64 customerId);
    Core::Result<std::optional<CsatAnswer>> latestForCustomers(const QList<qint64> &customerIds);
    // The latest answer and the last question, over every record merged with this customer's
    // (or over these customer ids), or in one conversation.
    Core::Result<CsatSummary> summaryForCustomers(const QList<qint64> &customerIds);
    Core::Result<CsatSummary> summaryForConversation(qint64 conversationId);
    // When the question went out in this conversation and still waits for an answer at `at`
    // (within the answer window), or nothing.
    Core::Result<std::optional<QDateTime>> openQuestion(qint64 conversationId, const QDateTime &at);

    // A new inbound message: when it answers an open question, the score is recorded at the
    // message's time. An answer and nothing else ("5 — thanks!") does not reopen a resolved
    // conversation (the reopen its arrival caused is taken back). Returns whether a score was
    // recorded. Costs no query unless the text reads as a score, then one indexed query.
    Core::Result<bool> considerReply(qint64 conversationId, const QString &messageText, const QDateTime &at = {});
    // Same, inside a transaction the caller already opened (MessageRepository's ingest).
    Core::Result<bool> considerReplyInTransaction(
        qint64 conversationId, const QString &messageText, const QDateTime &at);

private:
    Core::Status keepResolved(qint64 conversationId, const QDateTime &at);
    Core::Result<std::optional<CsatAnswer>> latest(const QString &where);
    Core::Result<QDateTime> lastAsked(const QString &where);
    static QString customersWhere(const QList<qint64> &customerIds);

    Database &m_db;
};

} // namespace Care::Store
