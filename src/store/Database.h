#pragma once

#include "core/BusinessCalendar.h"
#include "core/Clock.h"
#include "core/OffHoursAcknowledgement.h"
#include "core/Result.h"
#include "core/SlaPolicy.h"
#include "core/UrgencyClassifier.h"
#include "store/DatabaseLocation.h"

#include <QHash>
#include <QSqlDatabase>
#include <functional>
#include <optional>
#include <memory>

class QSqlQuery;
class QSqlError;

namespace Care::Store {

// One connection to the store, used from one thread only (Qt SQL connections are per thread).
class Database
{
public:
    struct OpenOptions
    {
        bool createIfMissing = true;
        bool migrate = true;
        // False: only the connection, whatever the store's layout (a LISTEN-only connection).
        bool checkSchema = true;
    };

    static Core::Result<std::unique_ptr<Database>> open(const DatabaseLocation &location, OpenOptions options);
    static Core::Result<std::unique_ptr<Database>> open(const DatabaseLocation &location)
    {
        return open(location, OpenOptions{});
    }
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QSqlDatabase &connection() { return m_db; }
    SqlDialect dialect() const { return m_location.dialect; }
    const DatabaseLocation &location() const { return m_location; }
    bool isPostgres() const { return m_location.dialect == SqlDialect::PostgreSQL; }

    // Runs `body` in one transaction: committed when it returns success, rolled back otherwise.
    // Called inside another transaction, it becomes part of that one.
    Core::Status transaction(const std::function<Core::Status()> &body);

    // Executes a statement without results.
    Core::Status exec(const QString &sql);
    // Turns a failed query into an Error; a lost connection becomes Code::ConnectionLost.
    Core::Error queryError(const QSqlQuery &query, const QString &what) const;
    bool isConnectionLost(const QSqlError &error) const;

    // Cheap round trip to the server; false when the connection is gone.
    bool ping();
    // Closes and opens the connection again (after the server came back).
    Core::Status reconnect();

    // SQLite: PRAGMA integrity_check. PostgreSQL: a consistency query over our own tables.
    // Returns the problems found; empty means the store is sound.
    Core::Result<QStringList> integrityCheck();

    int schemaVersion() const { return m_schemaVersion; }

    // The calendar and SLA policies in force, read once per connection and kept until they
    // change (WorkspaceSettings invalidates them).
    struct SlaContext
    {
        Core::BusinessCalendar calendar;
        QList<Core::SlaPolicy> policies;
    };
    Core::Result<SlaContext> slaContext();
    void invalidateSlaContext() { m_slaContext.reset(); }

    // The clock the store's time rules use (SLA clocks, off-hours acknowledgements): the
    // system clock unless a test injects another. The clock must outlive this connection.
    void setClock(const Core::Clock *clock) { m_clock = clock; }
    QDateTime now() const;

    // The off-hours acknowledgement templates (bundled), read once per connection.
    Core::Result<const Core::OffHoursAcknowledgement *> offHoursAcknowledgement();

    // The urgency classifier with the workspace's rules (the bundled ones until a lead edits
    // them), compiled once per connection and again after WorkspaceSettings saves new rules.
    Core::Result<const Core::UrgencyClassifier *> classifier();
    void invalidateClassifier() { m_classifier.reset(); }

    // A statement prepared once per connection and kept (the ingest runs the same few
    // statements for every message, and preparing one costs more than running it). It keeps
    // the earlier bindings: bind every value before exec(), and finish() a SELECT once read.
    // Not for a statement that can run again while its own results are being read.
    Core::Result<QSqlQuery *> cachedQuery(const QString &sql);

private:
    explicit Database(DatabaseLocation location);
    Core::Status openConnection(OpenOptions options);
    Core::Status configureSqlite();
    QSqlError beginTransaction(); // invalid when the transaction began
    void dropCachedQueries();

    DatabaseLocation m_location;
    QString m_connectionName;
    QSqlDatabase m_db;
    int m_schemaVersion = 0;
    int m_transactionDepth = 0;
    std::optional<SlaContext> m_slaContext;
    std::unique_ptr<Core::UrgencyClassifier> m_classifier;
    std::unique_ptr<Core::OffHoursAcknowledgement> m_acknowledgement;
    const Core::Clock *m_clock = nullptr;
    QHash<QString, QSqlQuery *> m_cachedQueries; // owned
};

} // namespace Care::Store
