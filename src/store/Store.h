#pragma once

#include "core/Result.h"
#include "store/Database.h"
#include "store/DatabaseLocation.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <type_traits>

class QThread;

namespace Care::Store {

class StoreWorker;
class ChangeFeed;

// The store as the application uses it: one connection on a worker thread, so neither disk
// nor network ever blocks the GUI. Jobs run in order on the worker; their results come back
// on the thread of a context object, and are dropped if that object is gone by then.
// A lost connection (PostgreSQL going away) is reported and retried until it is back.
class Store : public QObject
{
    Q_OBJECT

public:
    explicit Store(QObject *parent = nullptr);
    ~Store() override;

    // Opens (and migrates) the store on the worker thread. On PostgreSQL also listens for
    // other consoles' changes (ChangeFeed), which arrive as changed().
    void open(const DatabaseLocation &location, QObject *context, std::function<void(Core::Status)> done);

    // Runs `job(Database&)` on the worker; `done(result)` runs on `context`'s thread.
    // The job must return Core::Result<T> or Core::Status.
    template<typename Job, typename Done>
    void run(QObject *context, Job job, Done done)
    {
        using R = std::invoke_result_t<Job, Database &>;
        QPointer<QObject> guard(context);
        post([this, job = std::move(job), done = std::move(done), guard](Database *db) mutable {
            R result = db ? job(*db) : R(notOpenError());
            if (!result.ok())
                reportFailure(result.error());
            if (!guard)
                return;
            QMetaObject::invokeMethod(
                guard.data(),
                [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
                Qt::QueuedConnection);
        });
    }

    bool isOnline() const { return m_online; }
    // Blocks until every job posted so far has run. For tests and shutdown only.
    void waitForIdle();

signals:
    // The connection was lost (online == false) or is back. `message` says it in words.
    void connectionStateChanged(bool online, const QString &message);
    // Something was written: views over the store should refresh.
    void changed();

public slots:
    void notifyChanged() { emit changed(); }

private:
    void post(std::function<void(Database *)> task);
    void reportFailure(const Core::Error &error);
    static Core::Error notOpenError();
    void setOnline(bool online, const QString &message);
    void startChangeFeed(const DatabaseLocation &location);
    void stopChangeFeed();

    QThread *m_thread = nullptr;
    StoreWorker *m_worker = nullptr;
    bool m_online = true;
    // Team databases only: what other consoles change, on a thread of its own.
    QThread *m_feedThread = nullptr;
    ChangeFeed *m_feed = nullptr;
};

} // namespace Care::Store
