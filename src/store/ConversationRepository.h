#pragma once

#include "core/Conversation.h"
#include "core/Result.h"
#include "store/InboxQuery.h"

#include <QList>

namespace Care::Store {

class Database;

class ConversationRepository
{
public:
    explicit ConversationRepository(Database &db) : m_db(db) {}

    // One page of the inbox: never the whole table.
    Core::Result<QList<InboxRow>> page(const InboxFilter &filter, int offset, int limit);
    Core::Result<int> count(const InboxFilter &filter);
    // How page() runs a search (InboxQuery::SearchPlan): whether at least kWalkAbove messages
    // match, counted by probeSql() on SQLite, estimated by PostgreSQL's planner there.
    InboxQuery::SearchPlan searchPlan(const QString &renderedSearch);
    static QString probeSql(SqlDialect dialect);
    static constexpr int kWalkAbove = 8000;
    // PostgreSQL: how many messages its statistics say match (the planner's estimate).
    qint64 estimatedMatches(const QString &renderedSearch);
    Core::Result<InboxRow> row(qint64 id);
    Core::Result<Core::Conversation> get(qint64 id);

    // Changes the status, writes the change to the event log (a change away from resolved is a
    // reopen, which starts a new SLA cycle) and recomputes the SLA clocks. `at` defaults to now.
    Core::Status setStatus(qint64 id, Core::ConversationStatus status, const QDateTime &snoozedUntil = {},
                           const QDateTime &at = {}, const QString &actor = QStringLiteral("system"));
    Core::Status setPriority(qint64 id, Core::Priority priority);
    Core::Status assign(qint64 id, const QString &agentId);
    Core::Status setTags(qint64 id, const QStringList &tags);
    Core::Result<QStringList> allTags();
    // Every conversation of these customers, newest first: the customer's history.
    Core::Result<QList<InboxRow>> forCustomers(const QList<qint64> &customerIds);

private:
    Core::Result<QList<InboxRow>> query(const QString &sql, const QVariantMap &bindings);

    Database &m_db;
};

} // namespace Care::Store
