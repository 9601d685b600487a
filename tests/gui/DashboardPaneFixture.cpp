#include "DashboardPaneFixture.h"

#include "core/IncomingMessage.h"
#include "store/AccountRepository.h"
#include "store/AgentRepository.h"
#include "store/ConversationActions.h"
#include "store/Database.h"
#include "store/MessageRepository.h"
#include "store/WorkspaceSettings.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace Care;

QDateTime utc(int day, int hour, int minute)
{
    return QDateTime(QDate(2026, 6, day), QTime(hour, minute), QTimeZone::utc());
}

QBarSet *medianSet(QChartView *view)
{
    for (QAbstractSeries *series : view->chart()->series())
        if (auto *bars = qobject_cast<QAbstractBarSeries *>(series))
            return bars->barSets().value(0);
    return nullptr;
}

QBarSet *tagBarsOf(Gui::DashboardPane *pane)
{
    auto *bars = qobject_cast<QAbstractBarSeries *>(
        pane->chartView(Gui::DashboardChart::TopTags)->chart()->series().value(0));
    return bars ? bars->barSets().value(1) : nullptr;
}

QList<double> valuesOf(QBarSet *set)
{
    QList<double> values;
    for (int i = 0; set && i < set->count(); ++i)
        values << set->at(i);
    return values;
}

bool DashboardPaneFixture::prepare(Store::Database &db)
{
    Core::ManualClock clock;
    clock.set(utc(1, 9, 0));
    db.setClock(&clock);
    Store::WorkspaceSettings settings(db);
    Core::BusinessCalendar calendar(QTimeZone::utc());
    for (auto day : { Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday })
        calendar.addRange(day, QTime(9, 0), QTime(17, 0));
    Core::SlaPolicy policy;
    policy.name = QStringLiteral("Everyone");
    policy.firstResponseSeconds = 1800;
    policy.countStaffedHoursOnly = false;
    if (!settings.setCalendar(calendar, QStringLiteral("test"))
        || !settings.setSlaPolicies({ policy }, QStringLiteral("test"))
        || !settings.setAcknowledgementMode(QStringLiteral("off"), QStringLiteral("test")))
        return false;
    Store::AgentRepository agents(db);
    if (!agents.upsert(
            { QStringLiteral("ana"), QStringLiteral("Ana Lima"), QStringLiteral("Ana"), QStringLiteral("agent"), {} })
        || !agents.upsert(
            { QStringLiteral("ben"), QStringLiteral("Ben Okafor"), QStringLiteral("Ben"), QStringLiteral("lead"), {} }))
        return false;

    QHash<Core::Platform, qint64> accounts;
    for (auto platform : { Core::Platform::X, Core::Platform::Mastodon }) {
        Core::Account account;
        account.platform = platform;
        account.handle = QStringLiteral("@acme");
        account.name = account.handle;
        auto id = Store::AccountRepository(db).ensure(account);
        if (!id)
            return false;
        accounts.insert(platform, id.value());
    }
    struct Row
    {
        const char *name;
        Core::Platform platform;
        QDateTime wrote;
        const char *agent;
        QDateTime answered;
    };
    const QList<Row> rows = {
        { "c1", Core::Platform::X, utc(15, 10, 0), "ana", utc(15, 10, 10) },
        { "c2", Core::Platform::X, utc(15, 11, 0), "ben", utc(15, 11, 40) },
        { "c3", Core::Platform::Mastodon, utc(15, 14, 0), "ana", utc(15, 14, 20) },
        { "c4", Core::Platform::Mastodon, utc(17, 8, 30), "ben", utc(17, 9, 30) },
        { "c5", Core::Platform::X, utc(18, 20, 0), "", QDateTime() },
        { "old", Core::Platform::X, utc(5, 10, 0), "ana", utc(5, 10, 5) },
    };
    for (const Row &row : rows) {
        const QString name = QString::fromLatin1(row.name);
        Core::IncomingMessage in;
        in.accountId = accounts.value(row.platform);
        in.platformMessageId = name;
        in.threadKey = name;
        in.customerPlatformUserId = name;
        in.customerHandle = QStringLiteral("@") + name;
        in.customerName = QStringLiteral("Customer ") + name;
        in.body = QStringLiteral("<b>Where is my order?</b>");
        in.createdAt = row.wrote;
        clock.set(row.wrote);
        if (!Store::MessageRepository(db).ingest({ in }))
            return false;
        QSqlQuery q(db.connection());
        q.prepare(QStringLiteral("SELECT id FROM conversations WHERE thread_key = :t"));
        q.bindValue(QStringLiteral(":t"), name);
        if (!q.exec() || !q.next())
            return false;
        m_ids.insert(name, q.value(0).toLongLong());
        if (!row.answered.isValid())
            continue;
        clock.set(row.answered);
        if (!Store::ConversationActions(db, QString::fromLatin1(row.agent))
                 .queueReply(m_ids.value(name), Core::Visibility::Public, QStringLiteral("On its way")))
            return false;
    }
    db.setClock(nullptr);
    return true;
}

// For the trend charts, on top of prepare() (7-day period Sunday 14 to Saturday 20 June; the
// previous period Sunday 7 to Saturday 13):
//   prev  X  Fri 12 10:00, Ana answers 10:05                 tags billing, shipping
//   late  X  Sat 13 22:00, Ben answers Mon 15 09:00          tags billing, refund
//   c1 writes again Mon 15 12:00, Ana answers 12:30 (a next response of 30 min)
//   c3 is resolved Tue 16 14:00 (resolution 24 h after it began, Mon 15 14:00)
//   tags: c1 refund, shipping; c2 shipping, billing; c3 shipping; c4 refund; c5 none
bool DashboardPaneFixture::addHistory(Store::Database &db)
{
    Core::ManualClock clock;
    db.setClock(&clock);
    const auto done = [&db](bool ok) {
        db.setClock(nullptr);
        return ok;
    };
    auto accountOf = [&db](qint64 conversation) -> qint64 {
        QSqlQuery q(db.connection());
        q.prepare(QStringLiteral("SELECT account_id FROM conversations WHERE id = :id"));
        q.bindValue(QStringLiteral(":id"), conversation);
        return q.exec() && q.next() ? q.value(0).toLongLong() : 0;
    };
    const qint64 xAccount = accountOf(m_ids.value(QStringLiteral("c1")));
    struct Message
    {
        const char *thread;
        const char *id;
        QDateTime wrote;
        const char *agent;
        QDateTime answered;
    };
    const QList<Message> messages = {
        { "prev", "prev", utc(12, 10, 0), "ana", utc(12, 10, 5) },
        { "late", "late", utc(13, 22, 0), "ben", utc(15, 9, 0) },
        { "c1", "c1-again", utc(15, 12, 0), "ana", utc(15, 12, 30) },
    };
    for (const Message &m : messages) {
        const QString thread = QString::fromLatin1(m.thread);
        Core::IncomingMessage in;
        in.accountId = xAccount;
        in.platformMessageId = QString::fromLatin1(m.id);
        in.threadKey = thread;
        in.customerPlatformUserId = thread;
        in.customerHandle = QStringLiteral("@") + thread;
        in.customerName = QStringLiteral("Customer ") + thread;
        in.body = QStringLiteral("Any news?");
        in.createdAt = m.wrote;
        clock.set(m.wrote);
        if (!Store::MessageRepository(db).ingest({ in }))
            return done(false);
        QSqlQuery q(db.connection());
        q.prepare(QStringLiteral("SELECT id FROM conversations WHERE thread_key = :t"));
        q.bindValue(QStringLiteral(":t"), thread);
        if (!q.exec() || !q.next())
            return done(false);
        m_ids.insert(thread, q.value(0).toLongLong());
        clock.set(m.answered);
        if (!Store::ConversationActions(db, QString::fromLatin1(m.agent))
                 .queueReply(m_ids.value(thread), Core::Visibility::Public, QStringLiteral("Soon")))
            return done(false);
    }
    clock.set(utc(16, 14, 0));
    Store::ConversationActions lead(db, QStringLiteral("ben"));
    if (!lead.setStatus(m_ids.value(QStringLiteral("c3")), Core::ConversationStatus::Resolved))
        return done(false);
    const QList<QPair<const char *, QStringList>> tags = {
        { "c1", { QStringLiteral("refund"), QStringLiteral("shipping") } },
        { "c2", { QStringLiteral("shipping"), QStringLiteral("billing") } },
        { "c3", { QStringLiteral("shipping") } },
        { "c4", { QStringLiteral("refund") } },
        { "prev", { QStringLiteral("billing"), QStringLiteral("shipping") } },
        { "late", { QStringLiteral("billing"), QStringLiteral("refund") } },
    };
    for (const auto &[name, list] : tags) {
        if (!lead.setTags(m_ids.value(QString::fromLatin1(name)), list))
            return done(false);
    }
    return done(true);
}

QList<qint64> DashboardPaneFixture::ids(std::initializer_list<const char *> names) const
{
    QList<qint64> out;
    for (const char *name : names)
        out << m_ids.value(QString::fromLatin1(name));
    std::sort(out.begin(), out.end());
    return out;
}

int DashboardPaneFixture::csvRecords(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QString text = QString::fromUtf8(file.readAll());
    return int(text.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts).size());
}

std::unique_ptr<Gui::DashboardPane> DashboardPaneFixture::newPane(bool load)
{
    auto pane = std::make_unique<Gui::DashboardPane>(m_store.get());
    pane->setClock(&m_now);
    pane->resize(1400, 980);
    pane->show();
    if (!load)
        return pane;
    QSignalSpy loaded(pane.get(), &Gui::DashboardPane::reloaded);
    pane->reload();
    if (!loaded.wait(10000))
        return nullptr;
    return pane;
}

bool DashboardPaneFixture::openFixture()
{
    const QString path = m_dir.filePath(QStringLiteral("dashboard.sqlite"));
    {
        auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(path));
        if (!db.ok())
            return false;
        if (!prepare(*db.value()))
            return false;
    }
    if (m_ids.size() != 6)
        return false;
    m_now.set(utc(20, 12, 0));
    m_store = std::make_unique<Store::Store>();
    bool opened = false;
    m_store->open(Store::DatabaseLocation::sqliteFile(path), this, [&opened](Core::Status s) { opened = s.ok(); });
    return QTest::qWaitFor([&opened] { return opened; }, 10000);
}
