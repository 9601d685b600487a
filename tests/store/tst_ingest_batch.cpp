// The ingest keeps a conversation's inbox, triage and SLA columns by adding each new message's
// contribution (store/IngestBatch). These tests ingest varied pages and check the columns
// against the full recomputation (MessageRepository::refreshConversation) and against the same
// messages ingested one at a time.
#include "core/Clock.h"
#include "core/Conversation.h"
#include "core/IncomingMessage.h"
#include "store/AccountRepository.h"
#include "store/ConversationRepository.h"
#include "store/Database.h"
#include "store/MessageRepository.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <random>

using namespace Care;
using Care::Core::Direction;
using Care::Core::IncomingMessage;
using Care::Store::Database;

namespace {

class FixedClock : public Core::Clock
{
public:
    QDateTime at;
    QDateTime now() const override { return at; }
};

// Every column of every row of a table (by its first column, the id) but the skipped ones.
QMap<qint64, QVariantMap> tableRows(Database &db, const QString &table, const QString &skipped)
{
    QMap<qint64, QVariantMap> rows;
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY 1").arg(table)))
        return rows;
    while (q.next()) {
        QVariantMap row;
        const QSqlRecord record = q.record();
        for (int i = 0; i < record.count(); ++i) {
            if (record.fieldName(i) != skipped)
                row.insert(record.fieldName(i), q.value(i));
        }
        rows.insert(q.value(0).toLongLong(), row);
    }
    return rows;
}

// Every column of every conversation but updated_at (the wall clock of the last write).
QMap<qint64, QVariantMap> conversationRows(Database &db)
{
    return tableRows(db, QStringLiteral("conversations"), QStringLiteral("updated_at"));
}

// The full-text index's answer for a word.
QList<qint64> searchIds(Database &db, const QString &word)
{
    QList<qint64> ids;
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT rowid FROM message_fts WHERE message_fts MATCH '%1' ORDER BY rowid").arg(word)))
        return ids;
    while (q.next())
        ids << q.value(0).toLongLong();
    return ids;
}

QString differences(const QMap<qint64, QVariantMap> &expected, const QMap<qint64, QVariantMap> &actual)
{
    QStringList out;
    if (expected.keys() != actual.keys())
        out << QStringLiteral("rows differ: %1 against %2").arg(expected.size()).arg(actual.size());
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const QVariantMap other = actual.value(it.key());
        for (auto column = it->cbegin(); column != it->cend(); ++column) {
            const QVariant theirs = other.value(column.key());
            if (column->isNull() != theirs.isNull() || column->toString() != theirs.toString())
                out << QStringLiteral("row %1 %2: expected %3, got %4")
                           .arg(it.key())
                           .arg(column.key(), column->isNull() ? QStringLiteral("NULL") : column->toString(),
                                theirs.isNull() ? QStringLiteral("NULL") : theirs.toString());
        }
    }
    return out.mid(0, 12).join(QLatin1Char('\n'));
}

} // namespace

class TestIngestBatch : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FixedClock m_clock;
    int m_stores = 0;
    const QDateTime kBase = QDateTime(QDate(2026, 3, 2), QTime(7, 30), Qt::UTC); // a Monday

    struct Fixture
    {
        std::unique_ptr<Database> db;
        qint64 account = 0;
    };

    Fixture freshStore()
    {
        Fixture s;
        auto db = Database::open(Store::DatabaseLocation::sqliteFile(
            m_dir.filePath(QStringLiteral("ingest-%1.sqlite").arg(++m_stores))));
        if (!db) {
            qWarning() << db.error().fullText() << db.error().detail;
            return s;
        }
        s.db = std::move(db.value());
        s.db->setClock(&m_clock);
        Core::Account account;
        account.platform = Core::Platform::Mastodon;
        account.handle = QStringLiteral("acme");
        account.name = QStringLiteral("Acme");
        auto id = Store::AccountRepository(*s.db).ensure(account);
        s.account = id ? id.value() : 0;
        return s;
    }

    // Pages of a day's traffic on a few threads: customers writing (some texts urgent, some
    // praise), the brand answering (delivered, failed, automatic), notes, deleted messages,
    // messages arriving late and at the same instant, re-fetches and edits.
    QList<QList<IncomingMessage>> pages(qint64 account, quint64 seed, int day = 0)
    {
        // The first two are urgent and rare, so most conversations keep a lower priority.
        static const QStringList texts = {
            QStringLiteral("My flight leaves tomorrow at 7am and the booking was cancelled, please help!"),
            QStringLiteral("URGENT my internet is down and I work from home today"),
            QStringLiteral("Thanks so much, the crew were lovely"),
            QStringLiteral("Where is my refund? It has been three weeks."),
            QStringLiteral("the app keeps crashing and I cannot log in"),
            QStringLiteral("never mind, sorted it"),
            QStringLiteral("Is the shop open on Sunday?"),
            QStringLiteral("not urgent, but the invoice looks wrong"),
            QStringLiteral("5"), // a satisfaction score (no question is open: it stays a message)
        };
        std::mt19937_64 rng(seed);
        const auto someText = [&rng] {
            return rng() % 40 == 0 ? texts.at(int(rng() % 2)) : texts.at(2 + int(rng() % (texts.size() - 2)));
        };
        QList<QList<IncomingMessage>> out;
        QList<IncomingMessage> sent;
        QList<IncomingMessage> page;
        for (int i = 0; i < 400; ++i) {
            IncomingMessage m;
            m.accountId = account;
            const int thread = int(rng() % 60);
            m.threadKey = QStringLiteral("thread-%1").arg(thread);
            m.customerPlatformUserId = QStringLiteral("user-%1").arg(thread % 17);
            m.customerHandle = QStringLiteral("@user%1").arg(thread % 17);
            m.customerName = QStringLiteral("User %1").arg(thread % 17);
            m.visibility = thread % 3 == 0 ? Core::Visibility::Private : Core::Visibility::Public;
            m.foundByListening = thread % 13 == 0; // a find: its wait starts when it was found
            // Mostly forward in time; now and then late, or at the very same instant.
            const qint64 step = rng() % 10 == 0 ? -int(rng() % 3600) : (rng() % 8 == 0 ? 0 : int(rng() % 1800));
            m.createdAt = kBase.addDays(day).addSecs(qint64(i) * 200 + step);
            const int kind = int(rng() % 10);
            m.platformMessageId = QStringLiteral("s%1-m%2").arg(seed).arg(i);
            if (kind < 6) {
                m.direction = Direction::Inbound;
                m.body = someText();
                if (rng() % 15 == 0)
                    m.deletedAt = m.createdAt.addSecs(60);
            } else if (kind < 9) {
                m.direction = Direction::Outbound;
                m.body = QStringLiteral("We are on it, sorry for the wait.");
                m.agentId = QStringLiteral("ana");
                const int delivery = int(rng() % 6);
                m.deliveryState = delivery == 0   ? Core::DeliveryState::Failed
                                  : delivery == 1 ? Core::DeliveryState::Held
                                                  : Core::DeliveryState::Sent;
                m.automatic = delivery == 2;
            } else {
                m.direction = Direction::Note;
                m.body = QStringLiteral("Checked the booking system.");
                m.agentId = QStringLiteral("ana");
            }
            page << m;
            sent << m;
            if (m.direction == Direction::Inbound && rng() % 5 == 0) { // a second message at the same instant
                IncomingMessage pair = m;
                pair.platformMessageId += QStringLiteral("-b");
                pair.body = someText() + QStringLiteral(" (and one more thing)");
                pair.deletedAt = QDateTime();
                page << pair;
                sent << pair;
            }
            // Now and then a re-fetch of an earlier message, sometimes edited or deleted.
            if (rng() % 12 == 0 && !sent.isEmpty()) {
                IncomingMessage again = sent.at(int(rng() % sent.size()));
                if (rng() % 2 == 0)
                    again.body += QStringLiteral(" (edited)");
                else if (again.direction == Direction::Inbound && rng() % 2 == 0)
                    again.deletedAt = again.createdAt.addSecs(30);
                page << again;
            }
            if (page.size() >= 40) {
                out << page;
                page.clear();
            }
        }
        if (!page.isEmpty())
            out << page;
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // After the last message: the SLA clocks run against a fixed "now".
        m_clock.at = kBase.addDays(4);
    }

    void batchedIngestMatchesFullRecomputation()
    {
        Fixture store = freshStore();
        QVERIFY(store.db);
        for (int day = 0; day < 2; ++day) {
            for (const auto &page : pages(store.account, quint64(day + 1), day)) {
                auto report = Store::MessageRepository(*store.db).ingest(page);
                QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().fullText()));
            }
            // A resolved conversation the customer writes to again is reopened.
            const QDateTime evening = kBase.addDays(day).addSecs(23 * 3600);
            for (qint64 id : {1, 2, 3}) {
                QVERIFY(Store::ConversationRepository(*store.db)
                            .setStatus(id, Core::ConversationStatus::Resolved, {}, evening, QStringLiteral("ana"))
                            .ok());
            }
        }
        const auto incremental = conversationRows(*store.db);
        QVERIFY(incremental.size() >= 25);

        Store::MessageRepository messages(*store.db);
        for (qint64 id : incremental.keys())
            QVERIFY(messages.refreshConversation(id).ok());
        const auto recomputed = conversationRows(*store.db);
        const QString diff = differences(recomputed, incremental);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        // Urgency raised each conversation's priority message by message, never lowered it: a
        // message of the same urgency only gives its reasons to a conversation that had none.
        QMap<qint64, QPair<int, QString>> expectedTriage;
        QSqlQuery triaged(store.db->connection());
        QVERIFY(triaged.exec(QStringLiteral("SELECT conversation_id, urgency, triage_reasons FROM messages "
                                            "WHERE urgency <> '' ORDER BY id")));
        while (triaged.next()) {
            const qint64 conversation = triaged.value(0).toLongLong();
            if (!expectedTriage.contains(conversation))
                expectedTriage.insert(conversation, {int(Core::Priority::Normal), QString()});
            auto &[rank, reasons] = expectedTriage[conversation];
            const int urgency = int(Core::priorityFromId(triaged.value(1).toString()).value_or(Core::Priority::Normal));
            if (rank < urgency || (rank == urgency && reasons.isEmpty())) {
                rank = urgency;
                reasons = triaged.value(2).toString();
            }
        }
        for (auto it = expectedTriage.cbegin(); it != expectedTriage.cend(); ++it) {
            QCOMPARE(incremental.value(it.key()).value(QStringLiteral("priority_rank")).toInt(), it->first);
            QCOMPARE(incremental.value(it.key()).value(QStringLiteral("triage_reasons")).toString(), it->second);
        }

        // The fixture reaches the cases the increments must get right.
        QSqlQuery q(store.db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FILTER (WHERE waiting_since IS NOT NULL), "
                                      "count(*) FILTER (WHERE last_response_at IS NOT NULL), "
                                      "count(*) FILTER (WHERE priority_rank > 1), count(*) FILTER (WHERE due_at IS NOT NULL) "
                                      "FROM conversations")));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toInt() > 0);
        QVERIFY(q.value(1).toInt() > 0);
        QVERIFY(q.value(2).toInt() > 0);
        QVERIFY(q.value(3).toInt() > 0);
    }

    void batchedIngestMatchesOneMessageAtATime()
    {
        Fixture batched = freshStore();
        Fixture single = freshStore();
        QVERIFY(batched.db && single.db);
        const auto all = pages(batched.account, 7);
        for (const auto &page : all) {
            QVERIFY(Store::MessageRepository(*batched.db).ingest(page).ok());
            for (const IncomingMessage &m : page)
                QVERIFY(Store::MessageRepository(*single.db).ingest({m}).ok());
        }
        const QString diff = differences(conversationRows(*single.db), conversationRows(*batched.db));
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // The page's new messages are inserted several to a statement (MessageInsertBuffer): the
        // same rows with the same ids as one at a time, re-fetches within a page included, and
        // the same full-text index. (An edit without a platform time is stamped with the clock.)
        const auto singleMessages = tableRows(*single.db, QStringLiteral("messages"), QStringLiteral("edited_at"));
        QVERIFY(singleMessages.size() > 300);
        const QString messageDiff
            = differences(singleMessages, tableRows(*batched.db, QStringLiteral("messages"), QStringLiteral("edited_at")));
        QVERIFY2(messageDiff.isEmpty(), qPrintable(messageDiff));
        const QString revisionDiff
            = differences(tableRows(*single.db, QStringLiteral("message_revisions"), QStringLiteral("replaced_at")),
                          tableRows(*batched.db, QStringLiteral("message_revisions"), QStringLiteral("replaced_at")));
        QVERIFY2(revisionDiff.isEmpty(), qPrintable(revisionDiff));
        QVERIFY(tableRows(*batched.db, QStringLiteral("message_revisions"), {}).size() > 5);
        for (const QString &word : {QStringLiteral("refund"), QStringLiteral("edited"), QStringLiteral("crew")}) {
            QVERIFY(!searchIds(*single.db, word).isEmpty());
            QCOMPARE(searchIds(*batched.db, word), searchIds(*single.db, word));
        }
    }
};

QTEST_GUILESS_MAIN(TestIngestBatch)
#include "tst_ingest_batch.moc"
