#pragma once

#include "store/InboxQuery.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace Care::Gui {

// The built-in views of the inbox, each a named filter.
struct InboxView
{
    enum class Kind { Mine, Unassigned, AllOpen, WaitingOnCustomer, Snoozed, Resolved, DueSoon, Everything, NeedsAnswer };
    Kind kind;
    QString name;
};

QList<InboxView> builtInInboxViews();

// A view the agent saved: the whole state of the inbox's filter bar, under a name.
struct SavedView
{
    QString name;
    InboxView::Kind base = InboxView::Kind::AllOpen;
    QString platform; // platform id, "account:<id>" for one account, empty for all
    QString tag;
    QString assignee;
    QString priority; // priority id, empty for any
    QString due;      // "", "overdue", "soon", "ontime"
    int sinceDays = 0; // 0: any time
    QString search;
    int sort = 0;

    QJsonObject toJson() const;
    static SavedView fromJson(const QJsonObject &object);
    // The saved views from the settings, and saving them back.
    static QList<SavedView> load();
    static void store(const QList<SavedView> &views);
    // The inbox filter this view means for an agent at `now`.
    Store::InboxFilter filter(const QString &agentId, const QDateTime &now) const;
};
// The filter for a view, for the signed-in agent, at `now` (for "due within 15 minutes").
Store::InboxFilter filterForView(InboxView::Kind kind, const QString &agentId, const QDateTime &now);

} // namespace Care::Gui
