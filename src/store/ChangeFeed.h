#pragma once

#include "store/DatabaseLocation.h"

#include <QObject>
#include <QSqlDriver>
#include <memory>

class QTimer;

namespace Care::Store {

class Database;

// Live collaboration in team mode: LISTENs on the team database's care_changes channel (the
// triggers of schema version 10 notify every change another console must see) and says when
// views should refresh — at most once per `coalesceMs`, however busy the team is.
//
// Keeps its own connection, so a long job on the store's worker never delays a notification.
// The connection is checked every few seconds; when it is lost it is opened again with
// growing pauses, and `resynced()` tells the views that anything may have changed meanwhile
// (the full refresh after a reconnect). Lives on a thread with an event loop, never the
// GUI's: opening a connection waits on the network.
class ChangeFeed : public QObject
{
    Q_OBJECT

public:
    explicit ChangeFeed(const DatabaseLocation &location, QObject *parent = nullptr);
    ~ChangeFeed() override;

    static QString channel() { return QStringLiteral("care_changes"); }
    // The application_name of the feed's connection (to find it in pg_stat_activity).
    static QString applicationName() { return QStringLiteral("care-change-feed"); }

    void setCoalesceMs(int ms);
    void setCheckIntervalMs(int ms);

public slots:
    void start();
    void stop();

signals:
    // Something changed in the team database (possibly by this console too).
    void changed();
    // The same moment: which tables changed (e.g. "outbox" when a console queued a reply).
    void tablesChanged(const QStringList &tables);
    // Listening (again) after having lost the connection: refresh everything.
    void resynced();
    // Whether notifications arrive; `message` says why not, in words.
    void listeningChanged(bool listening, const QString &message);

private:
    void connectNow();
    void check();
    void lost(const QString &why);
    void onNotification(const QString &name, QSqlDriver::NotificationSource source, const QVariant &payload);
    void flush();

    DatabaseLocation m_location;
    std::unique_ptr<Database> m_db;
    QTimer *m_coalesce = nullptr;
    QTimer *m_check = nullptr;
    QTimer *m_retry = nullptr;
    int m_retryDelayMs = 1000;
    bool m_everListened = false;
    bool m_running = false;
    QStringList m_tables; // changed in the current coalescing window
};

} // namespace Care::Store
