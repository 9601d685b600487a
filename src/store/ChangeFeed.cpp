#include "store/ChangeFeed.h"

#include "store/Database.h"
#include "store/StoreLog.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QTimer>

#include <utility>

namespace Care::Store {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::ChangeFeed)
};

constexpr int kMaxRetryDelayMs = 15000;

} // namespace

ChangeFeed::ChangeFeed(const DatabaseLocation &location, QObject *parent)
    : QObject(parent)
    , m_location(location)
    , m_coalesce(new QTimer(this))
    , m_check(new QTimer(this))
    , m_retry(new QTimer(this))
{
    QStringList options;
    if (!m_location.options.isEmpty())
        options << m_location.options;
    options << QStringLiteral("application_name=") + applicationName();
    m_location.options = options.join(QLatin1Char(';'));
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(100);
    connect(m_coalesce, &QTimer::timeout, this, &ChangeFeed::flush);
    m_check->setInterval(5000);
    connect(m_check, &QTimer::timeout, this, &ChangeFeed::check);
    m_retry->setSingleShot(true);
    connect(m_retry, &QTimer::timeout, this, &ChangeFeed::connectNow);
}

ChangeFeed::~ChangeFeed() = default;

void ChangeFeed::setCoalesceMs(int ms)
{
    m_coalesce->setInterval(ms);
}

void ChangeFeed::setCheckIntervalMs(int ms)
{
    m_check->setInterval(ms);
}

void ChangeFeed::start()
{
    m_running = true;
    connectNow();
}

void ChangeFeed::stop()
{
    m_running = false;
    m_check->stop();
    m_retry->stop();
    m_coalesce->stop();
    m_db.reset();
}

void ChangeFeed::connectNow()
{
    if (!m_running)
        return;
    m_db.reset();
    Database::OpenOptions options;
    options.createIfMissing = false;
    options.migrate = false;
    options.checkSchema = false; // LISTEN works whatever the layout; the store's own connection upgrades it
    auto opened = Database::open(m_location, options);
    if (!opened) {
        lost(opened.error().message);
        return;
    }
    m_db = std::move(opened).value();
    QSqlDriver *driver = m_db->connection().driver();
    if (!driver->subscribeToNotification(channel())) {
        m_db.reset();
        lost(Strings::tr("The team database did not accept the subscription to changes."));
        return;
    }
    connect(driver, &QSqlDriver::notification, this, &ChangeFeed::onNotification);
    m_retryDelayMs = 1000;
    m_check->start();
    qCInfo(lcStore) << "listening for team changes on" << m_location.displayName();
    emit listeningChanged(true, {});
    if (m_everListened)
        emit resynced();
    m_everListened = true;
}

void ChangeFeed::check()
{
    if (m_db && m_db->ping())
        return;
    lost(Strings::tr("The connection to the team database was lost."));
}

void ChangeFeed::lost(const QString &why)
{
    m_check->stop();
    m_db.reset();
    qCWarning(lcStore) << "team change feed:" << why << "- retrying in" << m_retryDelayMs << "ms";
    emit listeningChanged(false, why);
    if (!m_running)
        return;
    m_retry->start(m_retryDelayMs);
    m_retryDelayMs = qMin(m_retryDelayMs * 2, kMaxRetryDelayMs);
}

void ChangeFeed::onNotification(const QString &name, QSqlDriver::NotificationSource, const QVariant &payload)
{
    if (name != channel())
        return;
    // "table:conversation id"
    const QString table = payload.toString().section(QLatin1Char(':'), 0, 0);
    if (!table.isEmpty() && !m_tables.contains(table))
        m_tables << table;
    if (!m_coalesce->isActive())
        m_coalesce->start();
}

void ChangeFeed::flush()
{
    const QStringList tables = std::exchange(m_tables, {});
    emit changed();
    emit tablesChanged(tables);
}

} // namespace Care::Store
