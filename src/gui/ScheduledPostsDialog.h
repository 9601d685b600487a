#pragma once

#include "core/Result.h"
#include "core/ScheduledPost.h"

#include <QDialog>
#include <QHash>
#include <QTimeZone>
#include <functional>
#include <optional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace Care::Store {
class Store;
class Database;
}

namespace Care::Gui {

// Scheduled posts for leads (View → Scheduled posts…): shift announcements and other posts
// waiting for their time, and the last week's posted, cancelled and expired ones. A waiting
// post can be edited (text and time) or cancelled; "Plan shift announcements…" plans them
// from the team calendar. Everything is read and written on the store worker.
class ScheduledPostsDialog : public QDialog
{
    Q_OBJECT

public:
    ScheduledPostsDialog(Store::Store *store, const QString &editor, QWidget *parent = nullptr);

    void reload();
    void cancelSelected();
    void editSelected();
    QTableWidget *table() const { return m_table; }

signals:
    void reloaded();
    void changed(); // a post was scheduled, edited or cancelled

private:
    std::optional<Core::ScheduledPost> selected() const;
    void run(std::function<Core::Status(Store::Database &)> job);

    Store::Store *m_store;
    QString m_editor;
    QList<Core::ScheduledPost> m_posts;
    QHash<qint64, QString> m_accounts; // id -> "Mastodon @acme@…"
    QTimeZone m_zone;                  // the team's, for showing and editing times
    QTableWidget *m_table;
    QLabel *m_status;
    QPushButton *m_edit;
    QPushButton *m_cancel;
};

} // namespace Care::Gui
