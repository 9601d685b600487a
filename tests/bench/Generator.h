#pragma once

#include "Vocabulary.h"
#include "core/Result.h"

#include <QDate>
#include <QString>
#include <QTextStream>
#include <vector>

namespace Care::Store {
class Database;
}

namespace Care::Bench {

struct GenerateOptions
{
    qint64 messages = 1000000;
    qint64 conversations = 200000;
    int days = 365;
    quint64 seed = 42;
    QDate end; // the day after the last generated traffic (UTC); default: today, so the data is recent
};

// Writes a deterministic year of a busy brand's traffic into an empty store through its own
// schema (the store's migrations create it): accounts on every platform, agents, customers
// with several conversations, three customers with very long histories (a tenth of all
// messages each, one of them in a single conversation), tags, assignments, replies after
// realistic delays that follow staffed hours (Mon–Fri 08–18 UTC), daily and weekly patterns
// and spike days. Bulk inserts in large transactions; the SLA columns of the conversations
// that are not resolved are then computed by the store's own code.
class Generator
{
public:
    Generator(Store::Database &db, GenerateOptions options, QTextStream &log);
    Core::Status run();

    // Long-history customers get these platform user ids ("whale-0" has one conversation).
    static QString longCustomerUserId(int i) { return QStringLiteral("whale-%1").arg(i); }
    static constexpr int kLongCustomers = 3;
    static constexpr int kAgents = 12;

private:
    struct Conversation
    {
        int account = 0;
        qint64 customer = 0; // id
        bool direct = false;
        int assignee = -1; // agent index, -1: unassigned
        QString tags;
        QString status;
        QString priority;
        int priorityRank = 1;
        qint64 firstMessage = -1; // index into m_messages (time order after sorting)
        qint64 lastAt = 0, lastInboundAt = 0, lastResponseAt = 0, waitingSince = 0, firstResponseAt = 0;
        qint64 lastInboundKey = -1; // body key of the newest inbound message (the preview)
        int count = 0;
    };
    struct Message
    {
        qint64 at = 0; // ms
        qint64 key = 0; // body seed
        qint32 conversation = 0;
        qint8 direction = 0; // 0 inbound, 1 outbound, 2 note
    };

    void planConversations();
    void planTimeline(qint32 index, int count, qint64 start, bool answered, qint64 spacingMs);
    qint64 drawStart();
    qint64 agentDelay(qint64 after);
    QString body(const Message &m) const;
    void summarise();
    Core::Status insertFixed();
    Core::Status insertConversations();
    Core::Status insertMessages();
    Core::Status insertEvents();
    Core::Status finish();
    bool inBusinessHours(qint64 ms) const;

    Store::Database &m_db;
    GenerateOptions m_options;
    QTextStream &m_log;
    Vocabulary m_vocabulary;
    std::mt19937_64 m_rng;
    qint64 m_startMs = 0;
    qint64 m_endMs = 0;
    qint64 m_customers = 0;
    std::vector<double> m_dayWeights; // cumulative
    std::vector<Conversation> m_conversations;
    std::vector<Message> m_messages;
};

} // namespace Care::Bench
