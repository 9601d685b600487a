#include "gui/InboxViews.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSettings>

namespace Care::Gui {

namespace {

// Strings::tr() files the view names under this context, for the code and for lupdate alike.
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Gui::InboxViews)
};

} // namespace

QList<InboxView> builtInInboxViews()
{
    using K = InboxView::Kind;
    return {
        {K::Mine, Strings::tr("Mine")},
        {K::Unassigned, Strings::tr("Unassigned")},
        {K::AllOpen, Strings::tr("All open")},
        {K::DueSoon, Strings::tr("Breached or due in 15 min")},
        {K::NeedsAnswer, Strings::tr("Unanswered, any status")},
        {K::WaitingOnCustomer, Strings::tr("Waiting on customer")},
        {K::Snoozed, Strings::tr("Snoozed")},
        {K::Resolved, Strings::tr("Resolved")},
        {K::Everything, Strings::tr("Everything")},
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
    case InboxView::Kind::NeedsAnswer:
        // Whatever the status: the customer's last words got neither a reply nor a disposition.
        filter.waitingOnly = true;
        break;
    }
    return filter;
}

QJsonObject SavedView::toJson() const
{
    return QJsonObject{{QStringLiteral("name"), name},         {QStringLiteral("base"), static_cast<int>(base)},
                       {QStringLiteral("platform"), platform}, {QStringLiteral("tag"), tag},
                       {QStringLiteral("assignee"), assignee}, {QStringLiteral("priority"), priority},
                       {QStringLiteral("due"), due},           {QStringLiteral("sinceDays"), sinceDays},
                       {QStringLiteral("search"), search},     {QStringLiteral("sort"), sort}};
}

SavedView SavedView::fromJson(const QJsonObject &o)
{
    SavedView v;
    v.name = o.value(QLatin1String("name")).toString();
    const int base = o.value(QLatin1String("base")).toInt(static_cast<int>(InboxView::Kind::AllOpen));
    v.base = base >= 0 && base <= static_cast<int>(InboxView::Kind::NeedsAnswer) ? static_cast<InboxView::Kind>(base)
                                                                               : InboxView::Kind::AllOpen;
    v.platform = o.value(QLatin1String("platform")).toString();
    v.tag = o.value(QLatin1String("tag")).toString();
    v.assignee = o.value(QLatin1String("assignee")).toString();
    v.priority = o.value(QLatin1String("priority")).toString();
    v.due = o.value(QLatin1String("due")).toString();
    v.sinceDays = o.value(QLatin1String("sinceDays")).toInt();
    v.search = o.value(QLatin1String("search")).toString();
    v.sort = o.value(QLatin1String("sort")).toInt();
    return v;
}

QList<SavedView> SavedView::load()
{
    const QJsonArray array = QJsonDocument::fromJson(QSettings().value(QStringLiteral("inbox/savedViews")).toByteArray()).array();
    QList<SavedView> views;
    for (const QJsonValue &value : array) {
        SavedView view = fromJson(value.toObject());
        if (!view.name.isEmpty())
            views << view;
    }
    return views;
}

void SavedView::store(const QList<SavedView> &views)
{
    QJsonArray array;
    for (const SavedView &view : views)
        array << view.toJson();
    QSettings().setValue(QStringLiteral("inbox/savedViews"), QJsonDocument(array).toJson(QJsonDocument::Compact));
}

Store::InboxFilter SavedView::filter(const QString &agentId, const QDateTime &now) const
{
    Store::InboxFilter f = filterForView(base, agentId, now);
    // The channel filter is either a platform id or one account ("account:<id>").
    if (platform.startsWith(QLatin1String("account:")))
        f.accountId = platform.mid(8).toLongLong();
    else if (!platform.isEmpty())
        f.platform = Core::platformFromId(platform);
    f.tag = tag;
    if (!assignee.isEmpty())
        f.assignee = assignee;
    if (!priority.isEmpty())
        f.priority = Core::priorityFromId(priority);
    if (due == QLatin1String("overdue")) {
        f.dueBefore = now;
    } else if (due == QLatin1String("soon")) {
        f.dueAfter = now;
        f.dueBefore = now.addSecs(15 * 60);
    } else if (due == QLatin1String("ontime")) {
        f.dueAfter = now;
    }
    if (sinceDays > 0)
        f.from = now.addDays(-sinceDays);
    f.search = search;
    f.sort = static_cast<Store::InboxFilter::Sort>(sort);
    return f;
}

} // namespace Care::Gui
