#include "store/StoreWorker.h"

#include "store/StoreLog.h"

#include <QCoreApplication>
#include <QTimer>

namespace Care::Store {

StoreWorker::~StoreWorker() = default;

void StoreWorker::connectionLost(const QString &message)
{
    if (!database)
        return;
    if (!m_retryTimer) {
        m_retryTimer = new QTimer(this);
        m_retryTimer->setInterval(2000);
        connect(m_retryTimer, &QTimer::timeout, this, &StoreWorker::tryReconnect);
    }
    if (!m_retryTimer->isActive()) {
        qCWarning(lcStore) << "connection lost:" << message;
        emit stateChanged(false, message);
        m_retryTimer->start();
    }
}

void StoreWorker::tryReconnect()
{
    if (!database) {
        m_retryTimer->stop();
        return;
    }
    if (database->ping() || database->reconnect().ok()) {
        m_retryTimer->stop();
        qCInfo(lcStore) << "connection restored";
        emit stateChanged(true, QCoreApplication::translate("Care::Store::Store", "Connected to the team database again."));
    }
}

void StoreWorker::shutdown()
{
    if (m_retryTimer)
        m_retryTimer->stop();
    database.reset();
}

} // namespace Care::Store
