#include "store/Store.h"

#include "store/ChangeFeed.h"
#include "store/StoreWorker.h"

#include <QCoreApplication>
#include <QSemaphore>
#include <QThread>

namespace Care::Store {

Store::Store(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new StoreWorker)
{
    m_thread->setObjectName(QStringLiteral("care-store"));
    m_worker->moveToThread(m_thread);
    connect(m_worker, &StoreWorker::stateChanged, this, &Store::setOnline, Qt::QueuedConnection);
    m_thread->start();
}

Store::~Store()
{
    stopChangeFeed();
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
}

void Store::open(const DatabaseLocation &location, QObject *context, std::function<void(Core::Status)> done)
{
    stopChangeFeed();
    if (location.dialect == SqlDialect::PostgreSQL)
        startChangeFeed(location);
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, location, guard, done = std::move(done)]() mutable {
            w->shutdown();
            auto opened = Database::open(location);
            Core::Status status;
            if (opened)
                w->database = std::move(opened).value();
            else
                status = opened.error();
            if (guard)
                QMetaObject::invokeMethod(
                    guard.data(), [done = std::move(done), status] { done(status); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void Store::post(std::function<void(Database *)> task)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, task = std::move(task)] { task(w->database.get()); }, Qt::QueuedConnection);
}

void Store::reportFailure(const Core::Error &error)
{
    // Runs on the worker thread, right after the failing job.
    if (error.code == Core::Error::Code::ConnectionLost)
        m_worker->connectionLost(error.message);
}

Core::Error Store::notOpenError()
{
    return Core::Error::make(Core::Error::Code::CannotOpen,
                             QCoreApplication::translate("Care::Store::Store", "No store is open."));
}

void Store::setOnline(bool online, const QString &message)
{
    if (m_online == online)
        return;
    m_online = online;
    emit connectionStateChanged(online, message);
    if (online)
        emit changed();
}

void Store::startChangeFeed(const DatabaseLocation &location)
{
    m_feedThread = new QThread(this);
    m_feedThread->setObjectName(QStringLiteral("care-change-feed"));
    m_feed = new ChangeFeed(location);
    m_feed->moveToThread(m_feedThread);
    connect(m_feedThread, &QThread::finished, m_feed, &QObject::deleteLater);
    connect(m_feed, &ChangeFeed::changed, this, &Store::changed, Qt::QueuedConnection);
    connect(m_feed, &ChangeFeed::resynced, this, &Store::changed, Qt::QueuedConnection);
    m_feedThread->start();
    QMetaObject::invokeMethod(m_feed, &ChangeFeed::start, Qt::QueuedConnection);
}

void Store::stopChangeFeed()
{
    if (!m_feedThread)
        return;
    QMetaObject::invokeMethod(m_feed, &ChangeFeed::stop, Qt::BlockingQueuedConnection);
    m_feedThread->quit();
    m_feedThread->wait();
    delete m_feedThread;
    m_feedThread = nullptr;
    m_feed = nullptr; // deleted with its thread's finish
}

void Store::waitForIdle()
{
    QSemaphore done;
    post([&done](Database *) { done.release(); });
    done.acquire();
}

} // namespace Care::Store
