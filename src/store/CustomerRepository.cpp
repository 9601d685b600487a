#include "store/CustomerRepository.h"

#include "store/AuditRepository.h"
#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QSqlQuery>

namespace Care::Store {

using Core::Error;

Core::Result<qint64> CustomerRepository::resolveMerged(qint64 id)
{
    // Follow merged_into links; a depth limit guards against a cycle written by hand.
    auto prepared = m_db.cachedQuery(QStringLiteral("SELECT merged_into FROM customers WHERE id = :id"));
    if (!prepared)
        return prepared.error();
    QSqlQuery &q = *prepared.value();
    for (int depth = 0; depth < 32; ++depth) {
        q.bindValue(QStringLiteral(":id"), id);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("resolve customer"));
        if (!q.next())
            return Error::make(Error::Code::NotFound, QStringLiteral("customer %1 not found").arg(id));
        const QVariant mergedInto = q.value(0);
        q.finish();
        if (mergedInto.isNull())
            return id;
        id = mergedInto.toLongLong();
    }
    return id;
}

Core::Result<qint64> CustomerRepository::ensureForIdentity(const Core::CustomerIdentity &identity)
{
    auto prepared = m_db.cachedQuery(QStringLiteral("SELECT customer_id FROM customer_identities WHERE "
                                                    "platform = :platform AND platform_user_id = :uid"));
    if (!prepared)
        return prepared.error();
    QSqlQuery &find = *prepared.value();
    find.bindValue(QStringLiteral(":platform"), text(Core::platformId(identity.platform)));
    find.bindValue(QStringLiteral(":uid"), text(identity.platformUserId));
    if (!find.exec())
        return m_db.queryError(find, QStringLiteral("find identity"));
    if (find.next()) {
        const qint64 customerId = find.value(0).toLongLong();
        find.finish();
        return resolveMerged(customerId);
    }
    find.finish();

    // An e-mail from the address a customer gave as their preferred contact is theirs: the
    // address joins their identities, so their e-mails and their other channels form one
    // transcript. Only when exactly one customer gave that address.
    if (identity.platform == Core::Platform::Email && !identity.platformUserId.isEmpty()) {
        QSqlQuery stated(m_db.connection());
        stated.prepare(QStringLiteral("SELECT id FROM customers WHERE (merged_into IS NULL OR merged_into = 0) AND preferred_channel = 'email' "
                                      "AND lower(preferred_contact) = :address"));
        stated.bindValue(QStringLiteral(":address"), text(identity.platformUserId.toLower()));
        if (!stated.exec())
            return m_db.queryError(stated, QStringLiteral("find stated address"));
        QList<qint64> owners;
        while (stated.next())
            owners << stated.value(0).toLongLong();
        if (owners.size() == 1) {
            auto added = addIdentity(owners.first(), identity);
            if (!added)
                return added.error();
            return owners.first();
        }
    }

    auto insertQuery = m_db.cachedQuery(
        QStringLiteral("INSERT INTO customers (name, created_at) VALUES (:name, :created) RETURNING id"));
    if (!insertQuery)
        return insertQuery.error();
    QSqlQuery &insert = *insertQuery.value();
    const QString name = !identity.displayName.isEmpty() ? identity.displayName
                         : !identity.handle.isEmpty()    ? identity.handle
                                                         : identity.platformUserId;
    insert.bindValue(QStringLiteral(":name"), text(name));
    insert.bindValue(QStringLiteral(":created"), nowMs());
    if (!insert.exec() || !insert.next())
        return m_db.queryError(insert, QStringLiteral("create customer"));
    const qint64 customerId = insert.value(0).toLongLong();
    insert.finish();
    auto added = addIdentity(customerId, identity);
    if (!added)
        return added.error();
    return customerId;
}

Core::Result<qint64> CustomerRepository::addIdentity(qint64 customerId, const Core::CustomerIdentity &identity)
{
    auto prepared = m_db.cachedQuery(
        QStringLiteral("INSERT INTO customer_identities (customer_id, platform, platform_user_id, handle, "
                       "display_name) VALUES (:customer, :platform, :uid, :handle, :display) "
                       "ON CONFLICT (platform, platform_user_id) DO UPDATE SET handle = excluded.handle RETURNING id"));
    if (!prepared)
        return prepared.error();
    QSqlQuery &q = *prepared.value();
    q.bindValue(QStringLiteral(":customer"), customerId);
    q.bindValue(QStringLiteral(":platform"), text(Core::platformId(identity.platform)));
    q.bindValue(QStringLiteral(":uid"), text(identity.platformUserId));
    q.bindValue(QStringLiteral(":handle"), text(identity.handle));
    q.bindValue(QStringLiteral(":display"), text(identity.displayName));
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("add identity"));
    const qint64 id = q.value(0).toLongLong();
    q.finish();
    return id;
}

Core::Result<Core::Customer> CustomerRepository::get(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id, name, preferred_channel, preferred_contact, notes, merged_into, created_at "
                             "FROM customers WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("get customer"));
    if (!q.next())
        return Error::make(Error::Code::NotFound, QStringLiteral("customer %1 not found").arg(id));
    Core::Customer c;
    c.id = q.value(0).toLongLong();
    c.name = q.value(1).toString();
    c.preferredChannel = q.value(2).toString();
    c.preferredContact = q.value(3).toString();
    c.notes = q.value(4).toString();
    c.mergedInto = q.value(5).toLongLong();
    c.createdAt = timeFromDb(q.value(6));
    return c;
}

Core::Result<QList<Core::CustomerIdentity>> CustomerRepository::identities(qint64 customerId)
{
    auto group = mergedGroup(customerId);
    if (!group)
        return group.error();
    QStringList ids;
    for (qint64 id : group.value())
        ids << QString::number(id);
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT id, customer_id, platform, platform_user_id, handle, display_name "
                               "FROM customer_identities WHERE customer_id IN (%1) ORDER BY platform, handle")
                    .arg(ids.join(QLatin1Char(',')))))
        return m_db.queryError(q, QStringLiteral("identities"));
    QList<Core::CustomerIdentity> out;
    while (q.next()) {
        Core::CustomerIdentity i;
        i.id = q.value(0).toLongLong();
        i.customerId = q.value(1).toLongLong();
        i.platform = Core::platformFromId(q.value(2).toString()).value_or(Core::Platform::X);
        i.platformUserId = q.value(3).toString();
        i.handle = q.value(4).toString();
        i.displayName = q.value(5).toString();
        out << i;
    }
    return out;
}

Core::Result<QList<qint64>> CustomerRepository::mergedGroup(qint64 customerId)
{
    auto root = resolveMerged(customerId);
    if (!root)
        return root.error();
    QList<qint64> group{root.value()};
    // Breadth-first over merged_into links pointing at members of the group.
    for (qsizetype i = 0; i < group.size() && group.size() < 1000; ++i) {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("SELECT id FROM customers WHERE merged_into = :id"));
        q.bindValue(QStringLiteral(":id"), group.at(i));
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("merged group"));
        while (q.next())
            group << q.value(0).toLongLong();
    }
    return group;
}

Core::Status CustomerRepository::update(const Core::Customer &customer)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE customers SET name = :name, preferred_channel = :channel, "
                             "preferred_contact = :contact, notes = :notes WHERE id = :id"));
    q.bindValue(QStringLiteral(":name"), text(customer.name));
    q.bindValue(QStringLiteral(":channel"), text(customer.preferredChannel));
    q.bindValue(QStringLiteral(":contact"), text(customer.preferredContact));
    q.bindValue(QStringLiteral(":notes"), text(customer.notes));
    q.bindValue(QStringLiteral(":id"), customer.id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("update customer"));
    return {};
}

Core::Status CustomerRepository::merge(qint64 keepId, qint64 absorbId, const QString &actor)
{
    return m_db.transaction([&]() -> Core::Status {
        auto keep = resolveMerged(keepId);
        if (!keep)
            return keep.error();
        auto absorb = resolveMerged(absorbId);
        if (!absorb)
            return absorb.error();
        if (keep.value() == absorb.value())
            return Error::make(Error::Code::InvalidInput,
                               QCoreApplication::translate("Care::Store::CustomerRepository",
                                                           "These are already the same customer."));
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE customers SET merged_into = :keep WHERE id = :absorb"));
        q.bindValue(QStringLiteral(":keep"), keep.value());
        q.bindValue(QStringLiteral(":absorb"), absorb.value());
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("merge customers"));
        Core::AuditEvent event;
        event.actor = actor;
        event.action = QStringLiteral("customer.merge");
        event.subjectType = QStringLiteral("customer");
        event.subjectId = keep.value();
        event.detail = QString::number(absorb.value());
        return AuditRepository(m_db).append(event);
    });
}

Core::Status CustomerRepository::unmerge(qint64 absorbedId, const QString &actor)
{
    return m_db.transaction([&]() -> Core::Status {
        QSqlQuery q(m_db.connection());
        q.prepare(QStringLiteral("UPDATE customers SET merged_into = NULL WHERE id = :id"));
        q.bindValue(QStringLiteral(":id"), absorbedId);
        if (!q.exec())
            return m_db.queryError(q, QStringLiteral("unmerge customer"));
        Core::AuditEvent event;
        event.actor = actor;
        event.action = QStringLiteral("customer.unmerge");
        event.subjectType = QStringLiteral("customer");
        event.subjectId = absorbedId;
        return AuditRepository(m_db).append(event);
    });
}

Core::Result<QList<Core::Customer>> CustomerRepository::mergedMembers(qint64 rootId)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT id FROM customers WHERE merged_into = :id ORDER BY name"));
    q.bindValue(QStringLiteral(":id"), rootId);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("merged members"));
    QList<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    return customersWithIds(ids);
}

Core::Result<QList<Core::Customer>> CustomerRepository::find(const QString &text, int limit)
{
    QSqlQuery q(m_db.connection());
    // A handle of a customer merged away leads to the customer it was merged into (through
    // every level of merges): the person is found by any of their handles.
    q.prepare(QStringLiteral("WITH RECURSIVE member(id, root) AS (SELECT id, id FROM customers "
                             "WHERE merged_into IS NULL UNION ALL SELECT c.id, m.root FROM customers c "
                             "JOIN member m ON c.merged_into = m.id) "
                             "SELECT c.id FROM customers c WHERE c.merged_into IS NULL AND (lower(c.name) LIKE :text "
                             "OR c.id IN (SELECT m.root FROM member m JOIN customer_identities i "
                             "ON i.customer_id = m.id WHERE lower(i.handle) LIKE :text2 "
                             "OR lower(i.platform_user_id) LIKE :text3)) "
                             "ORDER BY c.id LIMIT :limit"));
    const QString pattern = QString(QLatin1Char('%') + text.trimmed().toLower() + QLatin1Char('%'));
    q.bindValue(QStringLiteral(":text"), pattern);
    q.bindValue(QStringLiteral(":text2"), pattern);
    q.bindValue(QStringLiteral(":text3"), pattern);
    q.bindValue(QStringLiteral(":limit"), limit);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("find customers"));
    QList<qint64> ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    return customersWithIds(ids);
}

Core::Result<QList<Core::Customer>> CustomerRepository::customersWithIds(const QList<qint64> &ids)
{
    QList<Core::Customer> out;
    for (qint64 id : ids) {
        auto customer = get(id);
        if (!customer)
            return customer.error();
        out << customer.value();
    }
    return out;
}

} // namespace Care::Store
