#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace Care::Store {

class Database;

// Who else is on a conversation right now (team mode), and what a colleague answered while
// one was writing — so two agents never answer a customer twice without knowing it.
class PresenceRepository
{
public:
    enum class State { Viewing, Typing };
    static QString stateId(State state);

    struct Colleague
    {
        QString agentId;
        QString name; // the agent's name, the id when unknown
        State state = State::Viewing;
        QDateTime since; // last heartbeat
    };
    struct ColleagueReply
    {
        QString agentId;
        QString name;
        QString text;
        QDateTime at;
    };

    // A presence counts while its heartbeat is younger than this.
    static constexpr qint64 kFreshMs = 30000;

    explicit PresenceRepository(Database &db) : m_db(db) {}

    Core::Status touch(qint64 conversationId, const QString &agentId, State state);
    Core::Status leave(qint64 conversationId, const QString &agentId);
    // Everyone but `agentId` whose heartbeat on the conversation is fresh, typing first.
    Core::Result<QList<Colleague>> others(qint64 conversationId, const QString &agentId);
    // Replies and private messages colleagues wrote on the conversation after `since`.
    Core::Result<QList<ColleagueReply>> colleagueRepliesSince(qint64 conversationId, const QString &agentId,
                                                              const QDateTime &since);

private:
    Database &m_db;
};

} // namespace Care::Store
