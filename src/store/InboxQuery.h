#pragma once

#include "core/Conversation.h"
#include "core/Platform.h"
#include "store/DatabaseLocation.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariantMap>
#include <optional>

namespace Care::Store {

// What the inbox shows: a combination of filters and one sort order.
struct InboxFilter
{
    enum class Sort { SlaDue, LongestWaiting, Newest, Oldest };

    QList<Core::ConversationStatus> statuses; // empty: any status
    std::optional<Core::Platform> platform;
    qint64 accountId = 0;
    QString assignee;          // agent id
    bool unassignedOnly = false;
    QString tag;
    QString search;            // full text, in the product's search syntax
    bool waitingOnly = false;  // only conversations whose customer waits for an answer
    std::optional<Core::Priority> priority;
    QDateTime dueBefore;       // the answer is due before this (breached or due soon)
    QDateTime dueAfter;        // the answer is due after this (still on time)
    QDateTime from;            // last message at or after
    QDateTime to;              // last message before
    QList<qint64> conversationIds; // non-empty: only these (the conversations behind a chart's bar)
    Sort sort = Sort::SlaDue;

    bool operator==(const InboxFilter &other) const;
};

// One line of the inbox.
struct InboxRow
{
    qint64 id = 0;
    Core::Platform platform = Core::Platform::X;
    QString accountName;
    qint64 customerId = 0;
    QString customerName;
    QString preview;
    QDateTime waitingSince;
    QDateTime dueAt;
    Core::Priority priority = Core::Priority::Normal;
    QString assignee;
    Core::ConversationStatus status = Core::ConversationStatus::Open;
    QStringList tags;
    QDateTime lastMessageAt;
    int messageCount = 0;
    QString triageReasons; // why the urgency is what it is, one reason a line
    bool foundByListening = false; // found by keyword listening: the brand was not tagged
};

// Builds the SQL for an inbox filter; the search text must already be rendered for the dialect.
class InboxQuery
{
public:
    // How a full-text search restricts the conversations. MatchingMessages looks every matching
    // message up to find its conversation: right when few messages match. PerConversation walks
    // the conversations in the view's order and asks each whether one of its messages matches,
    // so a page of a common word is found after a few hundred conversations instead of after
    // looking up every one of its hundred thousand messages (both databases).
    enum class SearchPlan { MatchingMessages, PerConversation };

    InboxQuery(const InboxFilter &filter, SqlDialect dialect, const QString &renderedSearch,
               SearchPlan plan = SearchPlan::MatchingMessages);

    QString whereClause() const { return m_where; }
    QString orderClause() const;
    const QVariantMap &bindings() const { return m_bindings; }

    static QString selectColumns();

private:
    InboxFilter m_filter;
    QString m_where;
    QVariantMap m_bindings;
};

} // namespace Care::Store
