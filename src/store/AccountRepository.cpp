#include "store/AccountRepository.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlQuery>

#include <tuple>

namespace Care::Store {

namespace {

const QString kColumns = QStringLiteral("id, platform, handle, name, external_id, demo, created_at, service_url, settings");

Core::Account accountFrom(const QSqlQuery &q)
{
    Core::Account a;
    a.id = q.value(0).toLongLong();
    a.platform = Core::platformFromId(q.value(1).toString()).value_or(Core::Platform::X);
    a.handle = q.value(2).toString();
    a.name = q.value(3).toString();
    a.externalId = q.value(4).toString();
    a.demo = q.value(5).toInt() != 0;
    a.createdAt = timeFromDb(q.value(6));
    a.serviceUrl = q.value(7).toString();
    a.settings = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
    return a;
}

QString settingsText(const QJsonObject &settings)
{
    return settings.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(settings).toJson(QJsonDocument::Compact));
}

} // namespace

Core::Result<qint64> AccountRepository::ensure(const Core::Account &account)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral(
        "INSERT INTO accounts (platform, handle, name, external_id, demo, created_at, service_url, settings, connected) "
        "VALUES (:platform, :handle, :name, :external, :demo, :created, :service, :settings, 1) "
        "ON CONFLICT (platform, handle) DO UPDATE SET name = excluded.name, connected = 1, "
        "service_url = CASE WHEN excluded.service_url = '' THEN accounts.service_url ELSE excluded.service_url END, "
        "external_id = CASE WHEN excluded.external_id = '' THEN accounts.external_id ELSE excluded.external_id END, "
        "settings = CASE WHEN excluded.settings = '' THEN accounts.settings ELSE excluded.settings END "
        "RETURNING id"));
    q.bindValue(QStringLiteral(":platform"), text(Core::platformId(account.platform)));
    q.bindValue(QStringLiteral(":handle"), text(account.handle));
    q.bindValue(QStringLiteral(":name"), text(account.name));
    q.bindValue(QStringLiteral(":external"), text(account.externalId));
    q.bindValue(QStringLiteral(":demo"), account.demo ? 1 : 0);
    q.bindValue(QStringLiteral(":created"), nowMs());
    q.bindValue(QStringLiteral(":service"), text(account.serviceUrl));
    q.bindValue(QStringLiteral(":settings"), text(settingsText(account.settings)));
    if (!q.exec() || !q.next())
        return m_db.queryError(q, QStringLiteral("ensure account"));
    return q.value(0).toLongLong();
}

Core::Result<QList<Core::Account>> AccountRepository::list(bool includeRemoved)
{
    QSqlQuery q(m_db.connection());
    const QString sql = QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM accounts ")
                        + (includeRemoved ? QString() : QStringLiteral("WHERE connected = 1 "))
                        + QStringLiteral("ORDER BY platform, name");
    if (!q.exec(sql))
        return m_db.queryError(q, QStringLiteral("list accounts"));
    QList<Core::Account> out;
    while (q.next())
        out << accountFrom(q);
    return out;
}

Core::Result<Core::Account> AccountRepository::get(qint64 id)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM accounts WHERE id = :id"));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("get account"));
    if (!q.next())
        return Core::Error::make(Core::Error::Code::NotFound,
                                 QCoreApplication::translate("Care::Store::AccountRepository", "There is no account %1.").arg(id),
                                 QCoreApplication::translate("Care::Store::AccountRepository",
                                                             "`careconsole account list` shows the accounts and their numbers."));
    return accountFrom(q);
}

Core::Status AccountRepository::updateSettings(qint64 id, const QJsonObject &settings)
{
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("UPDATE accounts SET settings = :settings WHERE id = :id"));
    q.bindValue(QStringLiteral(":settings"), text(settingsText(settings)));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return m_db.queryError(q, QStringLiteral("update account settings"));
    return {};
}

Core::Status AccountRepository::remove(qint64 id)
{
    if (auto account = get(id); !account)
        return account.error();
    return m_db.transaction([&]() -> Core::Status {
        const QString cancelled = QCoreApplication::translate("Care::Store::AccountRepository",
                                                              "The account was removed before this could be sent.");
        QSqlQuery q(m_db.connection());
        for (const QString &sql : {QStringLiteral("DELETE FROM sync_cursors WHERE account_id = :id"),
                                   QStringLiteral("DELETE FROM account_status WHERE account_id = :id"),
                                   QStringLiteral("UPDATE accounts SET connected = 0 WHERE id = :id")}) {
            q.prepare(sql);
            q.bindValue(QStringLiteral(":id"), id);
            if (!q.exec())
                return m_db.queryError(q, QStringLiteral("remove account"));
        }
        // Not yet sent: cancelled. Possibly sent (in flight or unclear): failed, with what to check.
        const QString unclear = QCoreApplication::translate(
            "Care::Store::AccountRepository",
            "The account was removed while this was being sent; check on the platform whether it went out.");
        for (const auto &[states, state, reason] :
             {std::tuple{QStringLiteral("'queued', 'held', 'failed'"), QStringLiteral("cancelled"), cancelled},
              std::tuple{QStringLiteral("'unknown', 'sending'"), QStringLiteral("failed"), unclear}}) {
            q.prepare(QStringLiteral("UPDATE messages SET delivery_state = :state WHERE id IN (SELECT message_id FROM outbox "
                                     "WHERE account_id = :id AND state IN (") + states + QStringLiteral("))"));
            q.bindValue(QStringLiteral(":state"), state);
            q.bindValue(QStringLiteral(":id"), id);
            if (!q.exec())
                return m_db.queryError(q, QStringLiteral("messages of removed account"));
            q.prepare(QStringLiteral("UPDATE outbox SET state = :state, error = :error, updated_at = :now "
                                     "WHERE account_id = :id AND state IN (") + states + QStringLiteral(")"));
            q.bindValue(QStringLiteral(":state"), state);
            q.bindValue(QStringLiteral(":error"), reason);
            q.bindValue(QStringLiteral(":now"), nowMs());
            q.bindValue(QStringLiteral(":id"), id);
            if (!q.exec())
                return m_db.queryError(q, QStringLiteral("outbox of removed account"));
        }
        return {};
    });
}

Core::Result<int> AccountRepository::countReal()
{
    QSqlQuery q(m_db.connection());
    if (!q.exec(QStringLiteral("SELECT count(*) FROM accounts WHERE demo = 0 AND connected = 1")) || !q.next())
        return m_db.queryError(q, QStringLiteral("count accounts"));
    return q.value(0).toInt();
}

} // namespace Care::Store
