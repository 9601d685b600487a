#pragma once

#include "store/Database.h"

#include <QObject>
#include <memory>

class QTimer;

namespace Care::Store {

// Lives on the store thread and owns the connection. Not used directly: see Store.
class StoreWorker : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~StoreWorker() override;

    std::unique_ptr<Database> database;

    // Called on the worker thread when a job found the connection gone.
    void connectionLost(const QString &message);
    void shutdown();

signals:
    void stateChanged(bool online, const QString &message);

private:
    void tryReconnect();

    QTimer *m_retryTimer = nullptr;
};

} // namespace Care::Store
