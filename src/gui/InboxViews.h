#pragma once

#include "store/InboxQuery.h"

#include <QList>
#include <QString>

namespace Care::Gui {

// The built-in views of the inbox, each a named filter.
struct InboxView
{
    enum class Kind { Mine, Unassigned, AllOpen, WaitingOnCustomer, Snoozed, Resolved, DueSoon, Everything };
    Kind kind;
    QString name;
};

QList<InboxView> builtInInboxViews();
// The filter for a view, for the signed-in agent, at `now` (for "due within 15 minutes").
Store::InboxFilter filterForView(InboxView::Kind kind, const QString &agentId, const QDateTime &now);

} // namespace Care::Gui
