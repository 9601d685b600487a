#include "store/Database.h"

#include "store/SchemaMigrator.h"
#include "store/StoreLog.h"
#include "store/WorkspaceSettings.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace Care::Store {

using Core::Error;
using Core::Status;

namespace {

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::Database)
};

QString nextConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("care-store-%1").arg(counter.fetchAndAddRelaxed(1));
}

bool containsAny(const QString &text, std::initializer_list<const char *> needles)
{
    for (const char *needle : needles) {
        if (text.contains(QLatin1String(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// libpq reports connection failures only as text; these are its stable phrases.
Error classifyPostgresOpenError(const DatabaseLocation &location, const QSqlError &error)
{
    const QString detail = error.text();
    const QString where = location.displayName();
    if (containsAny(detail, {"password authentication failed", "no password supplied", "role \"",
                             "authentication failed", "no pg_hba.conf entry"})) {
        return Error::make(Error::Code::AuthenticationFailed,
                           Strings::tr("The team database at %1 refused the sign-in for user “%2”.").arg(where, location.user),
                           Strings::tr("Check the user name and password in the database URL, or ask your administrator to "
                              "grant this login access."),
                           detail);
    }
    if (containsAny(detail, {"does not exist"}) && detail.contains(QLatin1String("database"))) {
        return Error::make(Error::Code::DatabaseMissing,
                           Strings::tr("The server at %1:%2 has no database named “%3”.")
                               .arg(location.host)
                               .arg(location.port)
                               .arg(location.database),
                           Strings::tr("Check the database name at the end of the URL, or ask your administrator to create "
                              "it."),
                           detail);
    }
    if (containsAny(detail, {"could not translate host name", "Name or service not known",
                             "Temporary failure in name resolution"})) {
        return Error::make(Error::Code::HostUnreachable,
                           Strings::tr("The database host “%1” could not be found.").arg(location.host),
                           Strings::tr("Check the host name in the database URL."), detail);
    }
    if (containsAny(detail, {"Connection refused", "timeout expired", "No route to host", "Network is unreachable",
                             "could not connect"})) {
        return Error::make(Error::Code::HostUnreachable,
                           Strings::tr("Nothing answered at %1:%2 — the team database is not reachable.")
                               .arg(location.host)
                               .arg(location.port),
                           Strings::tr("Check the host and port in the database URL, that the database server is running, "
                              "and that your network allows the connection."),
                           detail);
    }
    if (containsAny(detail, {"server closed the connection", "invalid response", "expected authentication request",
                             "unsupported frontend protocol", "received invalid"})) {
        return Error::make(Error::Code::NotADatabase,
                           Strings::tr("The program at %1:%2 did not answer like a PostgreSQL server.")
                               .arg(location.host)
                               .arg(location.port),
                           Strings::tr("Check the port in the database URL: it may point at another service."), detail);
    }
    return Error::make(Error::Code::CannotOpen, Strings::tr("The team database at %1 could not be opened.").arg(where),
                       Strings::tr("Check the database URL and the server."), detail);
}

} // namespace

Database::Database(DatabaseLocation location)
    : m_location(std::move(location))
    , m_connectionName(nextConnectionName())
{
}

Database::~Database()
{
    dropCachedQueries();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Core::Result<std::unique_ptr<Database>> Database::open(const DatabaseLocation &location, OpenOptions options)
{
    std::unique_ptr<Database> db(new Database(location));
    if (Status status = db->openConnection(options); !status)
        return status.error();
    if (!options.checkSchema)
        return db;
    SchemaMigrator migrator(*db);
    auto version = migrator.currentVersion();
    if (!version)
        return version.error();
    if (version.value() > SchemaMigrator::latestVersion()) {
        return Error::make(Error::Code::SchemaTooNew,
                           Strings::tr("This store was written by a newer version of Care Console (store version %1; this "
                              "version understands up to %2). It was not opened and nothing in it was changed.")
                               .arg(version.value())
                               .arg(SchemaMigrator::latestVersion()),
                           Strings::tr("Install the newer version of Care Console to open it."));
    }
    if (location.dialect == SqlDialect::SQLite && !location.readOnly) {
        if (Status status = db->configureSqlite(); !status)
            return status.error();
    }
    if (options.migrate && !location.readOnly) {
        if (Status status = migrator.migrate(); !status) {
            // A team member's login may not change the layout; only the owner upgrades.
            if (status.error().code == Error::Code::PermissionDenied)
                return Error::make(Error::Code::PermissionDenied,
                                   Strings::tr("The team database uses an older layout (version %1) than this Care Console "
                                               "(version %2), and your login (%3) may not upgrade it.")
                                       .arg(version.value())
                                       .arg(SchemaMigrator::latestVersion())
                                       .arg(location.user),
                                   Strings::tr("Ask the database's owner to run: careconsole --database "
                                               "postgresql://OWNER@HOST/DB team setup"),
                                   status.error().detail);
            return status.error();
        }
    } else if (version.value() < SchemaMigrator::latestVersion() && version.value() != 0) {
        return Error::make(Error::Code::ReadOnly,
                           Strings::tr("This store uses an older layout (version %1) and cannot be upgraded while it is "
                              "open read-only.")
                               .arg(version.value()),
                           Strings::tr("Open it normally once so it can be upgraded."));
    }
    db->m_schemaVersion = SchemaMigrator::latestVersion();
    return db;
}

Status Database::openConnection(OpenOptions options)
{
    if (m_location.dialect == SqlDialect::SQLite) {
        const QFileInfo info(m_location.path);
        if (!info.exists()) {
            if (!options.createIfMissing || m_location.readOnly)
                return Error::make(Error::Code::CannotOpen, Strings::tr("There is no store at %1.").arg(m_location.path),
                                   Strings::tr("Check the path, or start a new store."));
            if (!QDir().mkpath(info.absolutePath()))
                return Error::make(Error::Code::CannotOpen,
                                   Strings::tr("The folder %1 could not be created for the store.").arg(info.absolutePath()),
                                   Strings::tr("Check that you may write there, or choose another place."));
        } else if (info.isDir()) {
            return Error::make(Error::Code::NotADatabase, Strings::tr("%1 is a folder, not a store file.").arg(m_location.path),
                               Strings::tr("Give the path of a store file."));
        }
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        m_db.setDatabaseName(m_location.path);
        QStringList opts{QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000")};
        if (m_location.readOnly)
            opts << QStringLiteral("QSQLITE_OPEN_READONLY");
        m_db.setConnectOptions(opts.join(QLatin1Char(';')));
        if (!m_db.open())
            return Error::make(Error::Code::CannotOpen, Strings::tr("The store %1 could not be opened.").arg(m_location.path),
                               Strings::tr("Check that the file is readable and writable."), m_db.lastError().text());
        // Touch the file format before anything else: a corrupt or foreign file fails here.
        QSqlQuery probe(m_db);
        if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
            const QString code = probe.lastError().nativeErrorCode();
            const QString detail = probe.lastError().text();
            if (code == QLatin1String("26"))
                return Error::make(Error::Code::NotADatabase,
                                   Strings::tr("%1 is not a Care Console store (it is not an SQLite database).")
                                       .arg(m_location.path),
                                   Strings::tr("Choose the right file, or start a new store elsewhere."), detail);
            if (code == QLatin1String("11"))
                return Error::make(Error::Code::Corrupt, Strings::tr("The store %1 is damaged.").arg(m_location.path),
                                   Strings::tr("It was left untouched. You can open a read-only copy to rescue what is "
                                      "readable, or start a new store elsewhere."),
                                   detail);
            return Error::make(Error::Code::CannotOpen, Strings::tr("The store %1 could not be read.").arg(m_location.path),
                               Strings::tr("Check that the file is readable."), detail);
        }
        return {};
    }

    m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
    if (!m_db.isValid())
        return Error::make(Error::Code::CannotOpen, Strings::tr("The PostgreSQL driver for Qt is not installed."),
                           Strings::tr("Install the Qt PostgreSQL driver (Debian: libqt6sql6-psql)."));
    m_db.setHostName(m_location.host);
    m_db.setPort(m_location.port);
    m_db.setUserName(m_location.user);
    m_db.setPassword(m_location.password);
    m_db.setDatabaseName(m_location.database);
    m_db.setConnectOptions(m_location.options);
    if (!m_db.open())
        return classifyPostgresOpenError(m_location, m_db.lastError());
    exec(QStringLiteral("SET client_min_messages TO WARNING"));
    // The console's statements are small and wanted at once: a parallel plan's workers take about
    // 20 ms to start (a search for a rare word: 27 ms with one worker, under 1 ms of work), more
    // than they save on a laptop's two cores that the console shares with its own GUI.
    exec(QStringLiteral("SET max_parallel_workers_per_gather TO 0"));
    return {};
}

Status Database::configureSqlite()
{
    // WAL lets the GUI read while the worker writes; NORMAL sync is crash-safe in WAL mode
    // (a killed process loses nothing committed; only power loss can cost the last commits).
    // A page cache of up to 64 MB instead of SQLite's 2 MB: with a year of traffic the inbox's
    // indexes and a search's pages no longer fit in 2 MB, and each page read again from the
    // operating system is a system call and a copy (most of a filter change's time on the
    // million-message store, docs/performance.md). It grows only as pages are read.
    for (const char *pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON",
                               "PRAGMA temp_store=MEMORY", "PRAGMA cache_size=-65536"}) {
        QSqlQuery q(m_db);
        if (!q.exec(QLatin1String(pragma)))
            return queryError(q, QLatin1String(pragma));
    }
    return {};
}

QSqlError Database::beginTransaction()
{
    // SQLite: take the write lock up front. A deferred transaction that reads and then writes
    // while another connection (the sync thread, a second process) has committed meanwhile
    // fails at once with "database is locked" — the busy timeout does not apply to that
    // upgrade — and the agent's action would be lost. BEGIN IMMEDIATE waits its turn instead.
    if (m_location.dialect == SqlDialect::SQLite && !m_location.readOnly) {
        QSqlQuery begin(m_db);
        if (!begin.exec(QStringLiteral("BEGIN IMMEDIATE")))
            return begin.lastError();
        return {};
    }
    if (!m_db.transaction())
        return m_db.lastError();
    return {};
}

Status Database::transaction(const std::function<Status()> &body)
{
    // Nested calls join the outer transaction: it commits or rolls back as a whole.
    if (m_transactionDepth > 0) {
        ++m_transactionDepth;
        Status status = body();
        --m_transactionDepth;
        return status;
    }
    if (const QSqlError error = beginTransaction(); error.isValid()) {
        return Error::make(isConnectionLost(error) ? Error::Code::ConnectionLost : Error::Code::QueryFailed,
                           Strings::tr("The store could not start a transaction."), {}, error.text());
    }
    ++m_transactionDepth;
    Status status = body();
    --m_transactionDepth;
    if (!status) {
        m_db.rollback();
        return status;
    }
    if (!m_db.commit()) {
        const QSqlError error = m_db.lastError();
        m_db.rollback();
        return Error::make(isConnectionLost(error) ? Error::Code::ConnectionLost : Error::Code::QueryFailed,
                           Strings::tr("The store could not save the change."), {}, error.text());
    }
    return {};
}

Status Database::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return queryError(q, sql);
    return {};
}

bool Database::isConnectionLost(const QSqlError &error) const
{
    // An embedded file has no connection to lose (the SQLite driver even reports constraint
    // failures as "connection" errors).
    if (m_location.dialect != SqlDialect::PostgreSQL)
        return false;
    if (error.type() == QSqlError::ConnectionError)
        return true;
    return containsAny(error.text(), {"server closed the connection", "no connection to the server",
                                      "terminating connection", "connection to server", "could not receive data",
                                      "could not send data", "SSL SYSCALL error", "connection not open"});
}

Error Database::queryError(const QSqlQuery &query, const QString &what) const
{
    const QSqlError error = query.lastError();
    if (isConnectionLost(error))
        return Error::make(Error::Code::ConnectionLost, Strings::tr("The connection to the team database was lost."),
                           Strings::tr("Care Console keeps your work and reconnects by itself."), error.text());
    if (m_location.dialect == SqlDialect::SQLite && error.nativeErrorCode() == QLatin1String("11"))
        return Error::make(Error::Code::Corrupt, Strings::tr("The store %1 is damaged.").arg(m_location.path),
                           Strings::tr("Open a read-only copy to rescue what is readable, or start a new store elsewhere."),
                           error.text());
    // 42501 insufficient_privilege: the team database's roles and rules refused this login.
    if (m_location.dialect == SqlDialect::PostgreSQL && error.nativeErrorCode() == QLatin1String("42501"))
        return Error::make(Error::Code::PermissionDenied,
                           Strings::tr("The team database does not allow your login (%1) to do this.").arg(m_location.user),
                           Strings::tr("Leads change policies and service levels, administrators accounts and people; "
                                       "ask one of them if this needs doing."),
                           what.left(200) + QStringLiteral(": ") + error.databaseText());
    qCWarning(lcStore) << "query failed:" << what.left(200) << error.text();
    return Error::make(Error::Code::QueryFailed, Strings::tr("The store could not complete an operation."), {},
                       what.left(200) + QStringLiteral(": ") + error.text());
}

bool Database::ping()
{
    if (!m_db.isOpen())
        return false;
    QSqlQuery q(m_db);
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

Status Database::reconnect()
{
    dropCachedQueries(); // a new connection (a new server session) knows none of them
    m_db.close();
    if (!m_db.open()) {
        if (m_location.dialect == SqlDialect::PostgreSQL)
            return classifyPostgresOpenError(m_location, m_db.lastError());
        return Error::make(Error::Code::CannotOpen, Strings::tr("The store could not be opened again."), {},
                           m_db.lastError().text());
    }
    if (m_location.dialect == SqlDialect::SQLite && !m_location.readOnly)
        return configureSqlite();
    return {};
}

Core::Result<QStringList> Database::integrityCheck()
{
    QStringList problems;
    QSqlQuery q(m_db);
    if (m_location.dialect == SqlDialect::SQLite) {
        if (!q.exec(QStringLiteral("PRAGMA integrity_check")))
            return queryError(q, QStringLiteral("PRAGMA integrity_check"));
        while (q.next()) {
            const QString line = q.value(0).toString();
            if (line != QLatin1String("ok"))
                problems << line;
        }
        QSqlQuery fk(m_db);
        if (fk.exec(QStringLiteral("PRAGMA foreign_key_check"))) {
            while (fk.next())
                problems << Strings::tr("Row %1 in %2 points at a missing %3.")
                                .arg(fk.value(1).toString(), fk.value(0).toString(), fk.value(2).toString());
        }
        QSqlQuery fts(m_db);
        if (!fts.exec(QStringLiteral("INSERT INTO message_fts(message_fts, rank) VALUES('integrity-check', 1)")))
            problems << Strings::tr("The search index does not match the messages: %1").arg(fts.lastError().text());
        return problems;
    }
    // PostgreSQL guards its own pages; check the relations the schema cannot express.
    if (!q.exec(QStringLiteral("SELECT count(*) FROM messages m LEFT JOIN conversations c ON c.id = m.conversation_id "
                               "WHERE c.id IS NULL")))
        return queryError(q, QStringLiteral("integrity"));
    if (q.next() && q.value(0).toLongLong() > 0)
        problems << Strings::tr("%1 messages belong to no conversation.").arg(q.value(0).toLongLong());
    return problems;
}

Core::Result<Database::SlaContext> Database::slaContext()
{
    if (!m_slaContext) {
        WorkspaceSettings settings(*this);
        auto calendar = settings.calendar();
        if (!calendar)
            return calendar.error();
        auto policies = settings.slaPolicies();
        if (!policies)
            return policies.error();
        m_slaContext = SlaContext{calendar.value(), policies.value()};
    }
    return *m_slaContext;
}

Core::Result<const Core::UrgencyClassifier *> Database::classifier()
{
    if (!m_classifier) {
        auto rules = WorkspaceSettings(*this).triageRules();
        if (!rules)
            return rules.error();
        m_classifier = std::make_unique<Core::UrgencyClassifier>(rules.value());
    }
    return static_cast<const Core::UrgencyClassifier *>(m_classifier.get());
}

Core::Result<const Core::OffHoursAcknowledgement *> Database::offHoursAcknowledgement()
{
    if (!m_acknowledgement) {
        QFile file(QStringLiteral(":/acknowledgements/off-hours.json"));
        if (!file.open(QIODevice::ReadOnly))
            return Error::make(Error::Code::NotFound, Strings::tr("The bundled off-hours acknowledgement is missing."));
        auto ack = Core::OffHoursAcknowledgement::fromJson(file.readAll());
        if (!ack)
            return ack.error();
        m_acknowledgement = std::make_unique<Core::OffHoursAcknowledgement>(ack.value());
    }
    return static_cast<const Core::OffHoursAcknowledgement *>(m_acknowledgement.get());
}

Core::Result<QSqlQuery *> Database::cachedQuery(const QString &sql)
{
    if (QSqlQuery *cached = m_cachedQueries.value(sql))
        return cached;
    auto query = std::make_unique<QSqlQuery>(m_db);
    // SQLite: a row at a time instead of Qt's cache of 128 rows of QVariants, allocated and freed
    // on every exec (15 % of the ingest's instructions). Not on PostgreSQL, where a forward-only
    // query's rows are fetched lazily and lost when another statement runs before they are read.
    if (!isPostgres())
        query->setForwardOnly(true);
    if (!query->prepare(sql))
        return queryError(*query, QStringLiteral("prepare"));
    QSqlQuery *kept = query.release();
    m_cachedQueries.insert(sql, kept);
    return kept;
}

void Database::dropCachedQueries()
{
    qDeleteAll(m_cachedQueries);
    m_cachedQueries.clear();
}

QDateTime Database::now() const
{
    return m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
}

} // namespace Care::Store
