#pragma once

#include "store/DatabaseLocation.h"
#include "sync/SyncService.h"

#include <QObject>
#include <memory>

class QTimer;

namespace Care::Store {
class Database;
}

namespace Care::Sync {

class HttpClient;
class SecretStore;
class SyncEngine;

// Lives on SyncService's thread; every slot runs there.
class SyncWorker : public QObject
{
    Q_OBJECT

public:
    SyncWorker(Store::DatabaseLocation location, QString secretsFile);
    ~SyncWorker() override;

public slots:
    void start();
    void stop();
    void syncNow(qint64 accountId);
    void deliverSoon();
    void connectMastodon(const QString &instance, const QString &token, const QStringList &keywords,
                         const QStringList &hashtags);
    void removeAccount(qint64 accountId);

signals:
    void accountsChanged(const QList<Care::Sync::AccountView> &accounts);
    void storeChanged();
    void accountConnected(const QString &label);
    void accountFailed(const QString &message);

private:
    void tick();
    bool ensureOpen();
    void deliverDemo(qint64 accountId);
    void publish();

    Store::DatabaseLocation m_location;
    QString m_secretsFile;
    std::unique_ptr<Store::Database> m_db;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<SyncEngine> m_engine;
    QString m_secretsError;
    QTimer *m_timer = nullptr;
    bool m_busy = false;
    QHash<qint64, qint64> m_dueAt; // account -> ms since epoch when it should sync next
};

} // namespace Care::Sync
