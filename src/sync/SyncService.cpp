#include "sync/SyncService.h"

#include "sync/XAccountSetup.h"
#include "sync/XSignIn.h"

#include "sync/BlueskyAccountSetup.h"
#include "sync/EmailAccountSetup.h"
#include "sync/FacebookAccountSetup.h"
#include "sync/FeedAccountSetup.h"
#include "sync/SyncWorker.h"

#include <QThread>

namespace Care::Sync {

SyncService::SyncService(Store::DatabaseLocation location, QString secretsFile, QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new SyncWorker(std::move(location), std::move(secretsFile), &m_cancelled))
{
    qRegisterMetaType<Care::Sync::AccountView>();
    qRegisterMetaType<QList<Care::Sync::AccountView>>();
    m_thread->setObjectName(QStringLiteral("care-sync"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SyncWorker::accountsChanged, this, &SyncService::accountsChanged);
    connect(m_worker, &SyncWorker::storeChanged, this, &SyncService::storeChanged);
    connect(m_worker, &SyncWorker::accountConnected, this, &SyncService::accountConnected);
    connect(m_worker, &SyncWorker::accountFailed, this, &SyncService::accountFailed);
    connect(m_worker, &SyncWorker::openUrlRequested, this, &SyncService::openUrlRequested);
    connect(m_worker, &SyncWorker::privateReplyChecked, this, &SyncService::privateReplyChecked);
    connect(m_worker, &SyncWorker::attachmentsRead, this, &SyncService::attachmentsRead);
}

SyncService::~SyncService()
{
    if (m_thread->isRunning()) {
        // No blocking call into a worker that may be waiting on the network: the flag makes
        // the sync skip what is left, quitting the thread ends the request in flight (an
        // interrupted send is reconciled at the next start), and the worker is deleted on
        // its own thread once the loop has ended.
        m_cancelled = true;
        m_thread->quit();
        m_thread->wait();
    } else {
        delete m_worker;
    }
}

void SyncService::start()
{
    if (m_thread->isRunning())
        return;
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &SyncWorker::start, Qt::QueuedConnection);
}

void SyncService::setObserveOnly(bool observeOnly)
{
    m_worker->setObserveOnly(observeOnly); // before start(): the worker's thread is not running yet
}

void SyncService::setAccountStore(const Store::DatabaseLocation &location)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, location] { w->setAccountStore(location); }, Qt::QueuedConnection);
}

void SyncService::syncNow(qint64 accountId)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, accountId] { w->syncNow(accountId); }, Qt::QueuedConnection);
}

void SyncService::deliverSoon()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::deliverSoon, Qt::QueuedConnection);
}

void SyncService::connectMastodon(const QString &instance, const QString &token, const QStringList &keywords,
                                  const QStringList &hashtags)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, instance, token, keywords, hashtags] { w->connectMastodon(instance, token, keywords, hashtags); },
        Qt::QueuedConnection);
}

void SyncService::signInMastodon(const QString &instance, const QStringList &keywords, const QStringList &hashtags)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, instance, keywords, hashtags] { w->signInMastodon(instance, keywords, hashtags); },
        Qt::QueuedConnection);
}

void SyncService::signInBluesky(const BlueskySignIn &signIn)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, signIn] { w->signInBluesky(signIn); }, Qt::QueuedConnection);
}

void SyncService::signInX(const XSignInOptions &signIn, const XAccountOptions &options)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, signIn, options] { w->signInX(signIn, options); }, Qt::QueuedConnection);
}

void SyncService::connectFacebook(const FacebookPageConnect &input)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, input] { w->connectFacebook(input); }, Qt::QueuedConnection);
}

void SyncService::addFeed(const FeedSubscription &subscription)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, subscription] { w->addFeed(subscription); }, Qt::QueuedConnection);
}

void SyncService::connectEmail(const EmailSignIn &signIn)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, signIn] { w->connectEmail(signIn); }, Qt::QueuedConnection);
}

void SyncService::checkPrivateReply(qint64 accountId, const QString &actor)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, accountId, actor] { w->checkPrivateReply(accountId, actor); },
                              Qt::QueuedConnection);
}

void SyncService::readAttachments(qint64 messageId)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, messageId] { w->readAttachments(messageId); }, Qt::QueuedConnection);
}

void SyncService::cancelSignIn()
{
    QMetaObject::invokeMethod(m_worker, &SyncWorker::cancelSignIn, Qt::QueuedConnection);
}

void SyncService::setXBudget(qint64 accountId, double monthlyBudget)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, accountId, monthlyBudget] { w->setXBudget(accountId, monthlyBudget); },
                              Qt::QueuedConnection);
}

void SyncService::setXPollPlan(qint64 accountId, const XPollPlan &plan)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, accountId, plan] { w->setXPollPlan(accountId, plan); },
                              Qt::QueuedConnection);
}

void SyncService::setListening(qint64 accountId, const QStringList &keywords, const QStringList &hashtags)
{
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, accountId, keywords, hashtags] { w->setListening(accountId, keywords, hashtags); },
        Qt::QueuedConnection);
}

void SyncService::removeAccount(qint64 accountId)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, accountId] { w->removeAccount(accountId); }, Qt::QueuedConnection);
}

} // namespace Care::Sync
