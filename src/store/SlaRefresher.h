#pragma once

#include "core/Result.h"

#include <QDateTime>

namespace Care::Store {

class Database;

// Brings a conversation's SLA columns up to date: which policy applies, the due times of
// its first response, next response and resolution under the team calendar, the due time of
// the running answer (the inbox sorts by it) and the overall state. Pure recomputation from
// the messages and the conversation's event log, so a changed calendar or policy re-applies.
class SlaRefresher
{
public:
    // The current cycle is read from its last this-many messages at most: a conversation with
    // 100,000 messages stays cheap to refresh, and its first response was long settled.
    static constexpr int kMaxCycleMessages = 1000;

    explicit SlaRefresher(Database &db) : m_db(db) {}

    Core::Status refresh(qint64 conversationId, const QDateTime &now);

private:
    Database &m_db;
};

} // namespace Care::Store
