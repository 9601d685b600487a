#include "gui/SyncStatusButton.h"

#include <QLocale>

namespace Care::Gui {

namespace {

QString clock(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime().time(), QStringLiteral("HH:mm"));
}

bool troubled(const Sync::AccountView &a)
{
    return a.status.state == Core::SyncState::NeedsReconnect || a.status.state == Core::SyncState::Failed
           || a.status.state == Core::SyncState::Retrying || a.status.state == Core::SyncState::RateLimited;
}

} // namespace

SyncStatusButton::SyncStatusButton(QWidget *parent)
    : QToolButton(parent)
{
    setObjectName(QStringLiteral("syncStatus"));
    setAutoRaise(true);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setAccounts({});
}

QString SyncStatusButton::describe(const Sync::AccountView &a)
{
    QString line = a.label + QStringLiteral(": ");
    switch (a.status.state) {
    case Core::SyncState::Idle:
        line += a.status.lastSyncAt.isValid() ? tr("synced %1").arg(clock(a.status.lastSyncAt)) : tr("not synced yet");
        if (a.status.nextSyncAt.isValid())
            line += tr(", next %1").arg(clock(a.status.nextSyncAt));
        if (!a.status.message.isEmpty()) // synced, but with something the agent should know
            line += QStringLiteral(" — ") + a.status.message;
        break;
    case Core::SyncState::Syncing:
        line += a.status.message.isEmpty() ? tr("syncing now") : tr("syncing now, %1").arg(a.status.message);
        break;
    default: line += a.status.message; break;
    }
    if (a.status.rateLimit > 0 && a.status.rateRemaining >= 0)
        line += tr(" (%1 of %2 requests left)").arg(a.status.rateRemaining).arg(a.status.rateLimit);
    if (a.undelivered > 0)
        line += a.undelivered == 1 ? tr(" — 1 reply not delivered yet")
                                   : tr(" — %1 replies not delivered yet").arg(a.undelivered);
    return line;
}

void SyncStatusButton::setAccounts(const QList<Sync::AccountView> &accounts)
{
    QList<Sync::AccountView> real;
    for (const auto &a : accounts) {
        if (!a.demo)
            real << a;
    }
    QStringList lines;
    for (const auto &a : std::as_const(real))
        lines << describe(a);
    setToolTip(lines.isEmpty() ? tr("Connect a platform account to bring its mentions and messages in.")
                               : lines.join(QLatin1Char('\n')));
    QString text;
    QString colour;
    if (real.isEmpty()) {
        text = tr("No accounts connected");
    } else {
        const Sync::AccountView *problem = nullptr;
        const Sync::AccountView *notice = nullptr; // synced, but part of it was left out or slowed
        bool syncing = false;
        QDateTime last;
        for (const auto &a : std::as_const(real)) {
            if (!problem && troubled(a))
                problem = &a;
            if (!notice && a.status.state == Core::SyncState::Idle && !a.status.message.isEmpty())
                notice = &a;
            syncing = syncing || a.status.state == Core::SyncState::Syncing;
            if (a.status.lastSyncAt.isValid() && (!last.isValid() || a.status.lastSyncAt < last))
                last = a.status.lastSyncAt;
        }
        if (problem) {
            text = problem->status.message.isEmpty() ? problem->label : problem->status.message;
            colour = problem->status.state == Core::SyncState::RateLimited ? QStringLiteral("#8a6d00")
                                                                          : QStringLiteral("#b3261e");
        } else if (syncing) {
            const Sync::AccountView *busy = nullptr;
            for (const auto &a : std::as_const(real))
                busy = !busy && a.status.state == Core::SyncState::Syncing ? &a : busy;
            text = busy && !busy->status.message.isEmpty() ? tr("Syncing… %1").arg(busy->status.message) : tr("Syncing…");
        } else if (notice) {
            text = tr("%1: %2").arg(notice->label, notice->status.message.section(QLatin1Char('\n'), 0, 0));
            colour = QStringLiteral("#8a6d00");
        } else {
            text = last.isValid() ? tr("Synced %1").arg(clock(last)) : tr("Waiting for the first sync");
        }
    }
    setText(text);
    setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("QToolButton { color: %1; }").arg(colour));
    setAccessibleName(tr("Sync status: %1").arg(text));
}

} // namespace Care::Gui
