// What tst_store_actions and tst_store_customers share: the backend chosen by
// CARE_TEST_BACKEND (sqlite: a fresh file per test; postgresql: the database named by
// CARE_TEST_PG_URL with the public schema dropped and recreated before every test), and the
// helpers that build conversations and read the store.
#pragma once

#include "core/Agent.h"
#include "core/IncomingMessage.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/AuditRepository.h"
#include "store/ConversationActions.h"
#include "store/ConversationRepository.h"
#include "store/CustomerRepository.h"
#include "store/Database.h"
#include "store/DraftRepository.h"
#include "store/MessageRepository.h"
#include "store/OutboxRepository.h"
#include "store/ResponseTimeReport.h"

#include <QAtomicInt>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include "store/WorkspaceSettings.h"
#include "StoreTestBackend.h"
#include "core/ManualClock.h"
#include <QThread>

#include <algorithm>
#include <memory>

using namespace Care;
using Care::Core::Direction;
using Care::Core::IncomingMessage;
using Care::Store::ConversationActions;
using Care::Store::Database;
using Care::Store::DatabaseLocation;
using Care::Store::InboxFilter;

namespace {

inline QByteArray describe(const Core::Error &error)
{
    return QString(QStringLiteral("[code %1] ").arg(static_cast<int>(error.code)) + error.fullText()
                   + QStringLiteral(" | ") + error.detail)
        .toUtf8();
}

} // namespace

// QVERIFY2 evaluates its message even on success, so the error is only read on failure.
#define QVERIFY_OK(result)                                                                                    \
    do {                                                                                                       \
        const auto &result_ = (result);                                                                        \
        QVERIFY2(result_.ok(), result_.ok() ? "" : describe(result_.error()).constData());                     \
    } while (false)

class StoreActionsFixture : public QObject
{
protected:
    bool m_postgres = false;
    DatabaseLocation m_pgLocation;
    std::unique_ptr<QTemporaryDir> m_dir;
    DatabaseLocation m_location; // the current test's store
    std::unique_ptr<Database> m_db;
    int m_storeCounter = 0;

    // A fixed instant keeps the expectations exact. Messages the actions write themselves (replies,
    // notes) and dispositions carry the real current time, which is later.
    const QDateTime kBase = QDateTime(QDate(2024, 3, 1), QTime(9, 0), Qt::UTC);
    static constexpr qint64 kTargetMs = Core::kDefaultResponseTargetSeconds * 1000;

    Core::Status resetPostgres() { return Tests::resetPostgresSchema(m_pgLocation, QStringLiteral("tst-store-actions-reset")); }

    Core::Result<std::unique_ptr<Database>> openFresh()
    {
        if (m_postgres) {
            if (Core::Status s = resetPostgres(); !s)
                return s.error();
            m_location = m_pgLocation;
        } else {
            m_location = DatabaseLocation::sqliteFile(
                m_dir->filePath(QStringLiteral("store-actions-%1.sqlite").arg(++m_storeCounter)));
        }
        auto db = Database::open(m_location);
        if (!db)
            return db;
        if (Core::Status s = Tests::useRoundTheClockCalendar(*db.value()); !s)
            return s.error();
        return db;
    }

    // One value from the current store; an invalid QVariant (and a warning) when the query fails.
    QVariant value(const QString &sql, const QVariantMap &bindings = {})
    {
        QSqlQuery q(m_db->connection());
        q.prepare(sql);
        for (auto it = bindings.cbegin(); it != bindings.cend(); ++it)
            q.bindValue(it.key(), it.value());
        if (!q.exec() || !q.next()) {
            qWarning() << "query failed:" << sql << q.lastError().text();
            return {};
        }
        return q.value(0);
    }

    qint64 scalar(const QString &sql, const QVariantMap &bindings = {})
    {
        const QVariant v = value(sql, bindings);
        return v.isValid() ? v.toLongLong() : -1;
    }

    qint64 account(Core::Platform platform, const QString &handle)
    {
        Core::Account a;
        a.platform = platform;
        a.handle = handle;
        a.name = QString(handle + QStringLiteral(" account"));
        auto id = Store::AccountRepository(*m_db).ensure(a);
        if (!id) {
            qWarning() << "account failed:" << id.error().fullText() << id.error().detail;
            return 0;
        }
        return id.value();
    }

    bool addAgent(const QString &id, const QString &name)
    {
        return Store::AgentRepository(*m_db).upsert(Core::Agent{id, name, name.section(QLatin1Char(' '), 0, 0),
                                                                QStringLiteral("agent"), {}})
            .ok();
    }

    // A customer's message; `customer` is the platform user id, the handle is "@" + it unless given.
    static IncomingMessage inbound(qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at,
                                   const QString &customer, const QString &name = {}, const QString &handle = {})
    {
        IncomingMessage in;
        in.accountId = accountId;
        in.platformMessageId = pid;
        in.threadKey = thread;
        in.direction = Direction::Inbound;
        in.customerPlatformUserId = customer;
        in.customerHandle = handle.isEmpty() ? QString(QStringLiteral("@") + customer) : handle;
        in.customerName = name.isEmpty() ? QString(QStringLiteral("Name of ") + customer) : name;
        in.body = QString(QStringLiteral("Body of ") + pid);
        in.createdAt = at;
        return in;
    }

    // The brand's message in a thread (a human reply unless made automatic or a note).
    static IncomingMessage outbound(qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at,
                                    const QString &customer)
    {
        IncomingMessage out = inbound(accountId, pid, thread, at, customer);
        out.direction = Direction::Outbound;
        out.agentId = QStringLiteral("maria");
        out.authorName = QStringLiteral("María");
        out.deliveryState = Core::DeliveryState::Sent;
        return out;
    }

    static IncomingMessage automaticAck(qint64 accountId, const QString &pid, const QString &thread,
                                        const QDateTime &at, const QString &customer)
    {
        IncomingMessage ack = outbound(accountId, pid, thread, at, customer);
        ack.agentId.clear();
        ack.authorName = QStringLiteral("Auto-reply");
        ack.automatic = true;
        return ack;
    }

    static IncomingMessage note(qint64 accountId, const QString &pid, const QString &thread, const QDateTime &at,
                                const QString &customer)
    {
        IncomingMessage n = outbound(accountId, pid, thread, at, customer);
        n.direction = Direction::Note;
        n.visibility = Core::Visibility::Private;
        n.deliveryState = Core::DeliveryState::NotApplicable;
        return n;
    }

    Core::Result<Store::IngestReport> ingest(const QList<IncomingMessage> &batch)
    {
        return Store::MessageRepository(*m_db).ingest(batch);
    }

    qint64 conversationOf(qint64 accountId, const QString &thread)
    {
        return scalar(QStringLiteral("SELECT id FROM conversations WHERE account_id = :a AND thread_key = :t"),
                      {{QStringLiteral(":a"), accountId}, {QStringLiteral(":t"), thread}});
    }

    qint64 messageId(qint64 accountId, const QString &pid)
    {
        return scalar(QStringLiteral("SELECT id FROM messages WHERE account_id = :a AND platform_message_id = :p"),
                      {{QStringLiteral(":a"), accountId}, {QStringLiteral(":p"), pid}});
    }

    qint64 customerOf(qint64 conversationId)
    {
        auto c = Store::ConversationRepository(*m_db).get(conversationId);
        return c ? c->customerId : 0;
    }

    // The conversation's event log as "kind|actor|detail", oldest first.
    QStringList events(qint64 conversationId)
    {
        QSqlQuery q(m_db->connection());
        q.prepare(QStringLiteral("SELECT kind, actor, detail FROM conversation_events WHERE conversation_id = :id "
                                 "ORDER BY at, id"));
        q.bindValue(QStringLiteral(":id"), conversationId);
        if (!q.exec()) {
            qWarning() << "events failed:" << q.lastError().text();
            return {QStringLiteral("<error>")};
        }
        QStringList out;
        while (q.next())
            out << QStringList{q.value(0).toString(), q.value(1).toString(), q.value(2).toString()}.join(
                QLatin1Char('|'));
        return out;
    }

    static QString event(const char *kind, const QString &actor, const QString &detail = {})
    {
        return QStringList{QLatin1String(kind), actor, detail}.join(QLatin1Char('|'));
    }

    static QList<qint64> ids(const QList<Store::InboxRow> &rows)
    {
        QList<qint64> out;
        for (const auto &r : rows)
            out << r.id;
        return out;
    }

    static QList<qint64> customerIds(const QList<Core::Customer> &customers)
    {
        QList<qint64> out;
        for (const auto &c : customers)
            out << c.id;
        return out;
    }

    static QList<qint64> sorted(QList<qint64> list)
    {
        std::sort(list.begin(), list.end());
        return list;
    }

    // The inbox page (up to 100 rows, in the filter's order) and count for a filter agree with
    // `expected`; a mismatch is printed.
    bool inboxIs(const InboxFilter &filter, const QList<qint64> &expected)
    {
        Store::ConversationRepository conversations(*m_db);
        auto rows = conversations.page(filter, 0, 100);
        if (!rows) {
            qWarning() << "page failed" << rows.error().detail;
            return false;
        }
        if (ids(rows.value()) != expected) {
            qWarning() << "expected" << expected << "got" << ids(rows.value());
            return false;
        }
        auto count = conversations.count(filter);
        if (!count || count.value() != expected.size()) {
            qWarning() << "count" << (count ? count.value() : -1) << "expected" << expected.size()
                       << (count ? QString() : count.error().detail);
            return false;
        }
        return true;
    }

    // A toot's conversation whose customer prefers e-mail at chris@example.com; 0 when it failed.
    qint64 tootOfCustomerPreferringEmail(qint64 mastodon)
    {
        if (!ingest({inbound(mastodon, QStringLiteral("9001"), QStringLiteral("status:9001"), kBase, QStringLiteral("chris"))}))
            return 0;
        const qint64 toot = conversationOf(mastodon, QStringLiteral("status:9001"));
        QSqlQuery prefer(m_db->connection());
        prefer.prepare(QStringLiteral("UPDATE customers SET preferred_channel = 'email', "
                                      "preferred_contact = 'chris@example.com' WHERE id = :c"));
        prefer.bindValue(QStringLiteral(":c"), customerOf(toot));
        return prefer.exec() ? toot : 0;
    }


    // For initTestCase: the backend; an empty text, or what is wrong.
    QString chooseBackend()
    {
        if (const QString problem = Tests::chooseBackend(&m_postgres, &m_pgLocation); !problem.isEmpty())
            return problem;
        m_dir = std::make_unique<QTemporaryDir>();
        return m_dir->isValid() ? QString() : QStringLiteral("no temporary folder");
    }

    // For init: a fresh store in m_db; an empty text, or what is wrong.
    QString openTestStore()
    {
        auto db = openFresh();
        if (!db)
            return QString::fromUtf8(describe(db.error()));
        m_db = std::move(db).value();
        return {};
    }
};
