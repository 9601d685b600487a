#pragma once

#include "core/Customer.h"
#include "core/CustomerIdentity.h"
#include "core/Result.h"

#include <QList>

namespace Care::Store {

class Database;

class CustomerRepository
{
public:
    explicit CustomerRepository(Database &db) : m_db(db) {}

    // The customer behind a platform identity, created with that identity when unknown.
    // Merged customers resolve to the customer they were merged into.
    Core::Result<qint64> ensureForIdentity(const Core::CustomerIdentity &identity);
    Core::Result<qint64> addIdentity(qint64 customerId, const Core::CustomerIdentity &identity);
    Core::Result<Core::Customer> get(qint64 id);
    Core::Result<QList<Core::CustomerIdentity>> identities(qint64 customerId);
    // The customer and every customer merged into it: their messages form one transcript.
    Core::Result<QList<qint64>> mergedGroup(qint64 customerId);
    Core::Status update(const Core::Customer &customer);
    // Merges `absorbId`'s customer into `keepId`'s (both resolved to their roots). The
    // absorbed customer keeps its row and identities, so the merge can be undone.
    Core::Status merge(qint64 keepId, qint64 absorbId, const QString &actor);
    Core::Status unmerge(qint64 absorbedId, const QString &actor);
    // Customers merged directly into this one.
    Core::Result<QList<Core::Customer>> mergedMembers(qint64 rootId);
    // Customers (not merged away) whose name or any handle contains `text`.
    Core::Result<QList<Core::Customer>> find(const QString &text, int limit);

private:
    Core::Result<qint64> resolveMerged(qint64 id);
    Core::Result<QList<Core::Customer>> customersWithIds(const QList<qint64> &ids);

    Database &m_db;
};

} // namespace Care::Store
