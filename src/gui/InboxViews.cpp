#include "gui/InboxViews.h"

#include <QCoreApplication>

namespace Care::Gui {

QList<InboxView> builtInInboxViews()
{
    using K = InboxView::Kind;
    const auto tr = [](const char *text) { return QCoreApplication::translate("Care::Gui::InboxViews", text); };
    return {
        {K::Mine, tr("Mine")},
        {K::Unassigned, tr("Unassigned")},
        {K::AllOpen, tr("All open")},
        {K::DueSoon, tr("Breached or due in 15 min")},
        {K::WaitingOnCustomer, tr("Waiting on customer")},
        {K::Snoozed, tr("Snoozed")},
        {K::Resolved, tr("Resolved")},
        {K::Everything, tr("Everything")},
    };
}

Store::InboxFilter filterForView(InboxView::Kind kind, const QString &agentId, const QDateTime &now)
{
    using Status = Core::ConversationStatus;
    Store::InboxFilter filter;
    switch (kind) {
    case InboxView::Kind::Mine:
        filter.statuses = {Status::Open, Status::Pending};
        filter.assignee = agentId;
        break;
    case InboxView::Kind::Unassigned:
        filter.statuses = {Status::Open};
        filter.unassignedOnly = true;
        break;
    case InboxView::Kind::AllOpen: filter.statuses = {Status::Open}; break;
    case InboxView::Kind::DueSoon:
        filter.statuses = {Status::Open};
        filter.dueBefore = now.addSecs(15 * 60);
        break;
    case InboxView::Kind::WaitingOnCustomer: filter.statuses = {Status::Pending}; break;
    case InboxView::Kind::Snoozed: filter.statuses = {Status::Snoozed}; break;
    case InboxView::Kind::Resolved: filter.statuses = {Status::Resolved}; break;
    case InboxView::Kind::Everything: break;
    }
    return filter;
}

} // namespace Care::Gui
