#include "store/ResponseTimeReport.h"

#include "store/Database.h"
#include "store/SqlHelpers.h"

#include <QHash>
#include <QSqlQuery>

namespace Care::Store {

Core::Result<ResponseTimeReport> ResponseTimeReport::compute(Database &db, const QDate &today, int dayCount,
                                                             const QTimeZone &zone)
{
    const QDate firstDay = today.addDays(-(dayCount - 1));
    const qint64 fromMs = QDateTime(firstDay, QTime(0, 0), zone).toMSecsSinceEpoch();
    const qint64 toMs = QDateTime(today.addDays(1), QTime(0, 0), zone).toMSecsSinceEpoch();

    // Only conversations with a message in the period can have begun in it: the last-message
    // index narrows a year of history to those (a whole-table scan of the messages took 7 s at
    // a million messages; this takes 0.2 s), and each one's first inbound message comes from
    // the (conversation_id, created_at) index. A listening find counts from when it was found
    // (docs/metrics.md); one written before the period and still without any reply stays out.
    QSqlQuery q(db.connection());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT a.platform, fi.first_in, "
        "(SELECT min(r.created_at) FROM messages r WHERE r.conversation_id = fi.conversation_id AND ")
              + isResponseSql(QStringLiteral("r")) + QStringLiteral(" AND r.created_at >= fi.first_in) "
        "FROM (SELECT w.conversation_id, w.account_id, ") + clockStartSql(QStringLiteral("w.first_written"), QStringLiteral("w.found_at"))
        + QStringLiteral(" AS first_in FROM (SELECT c.id AS conversation_id, c.account_id, "
        "      (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound') "
        "      AS first_written, ") + foundAtSql(QStringLiteral("c")) + QStringLiteral(" AS found_at "
        "FROM conversations c WHERE c.last_message_at >= :from) w) fi "
        "JOIN accounts a ON a.id = fi.account_id "
        "WHERE fi.first_in >= :from AND fi.first_in < :to"));
    q.bindValue(QStringLiteral(":from"), fromMs);
    q.bindValue(QStringLiteral(":to"), toMs);
    if (!q.exec())
        return db.queryError(q, QStringLiteral("response time report"));

    QHash<QDate, QList<double>> perDay;
    QHash<QDate, int> inboundPerDay;
    QMap<Core::Platform, QList<double>> perPlatform;
    QList<double> all;
    ResponseTimeReport report;
    while (q.next()) {
        const auto platform = Core::platformFromId(q.value(0).toString()).value_or(Core::Platform::X);
        const qint64 firstIn = q.value(1).toLongLong();
        const QDate day = QDateTime::fromMSecsSinceEpoch(firstIn, zone).date();
        inboundPerDay[day] += 1;
        if (q.value(2).isNull()) {
            ++report.unanswered;
            continue;
        }
        const double seconds = static_cast<double>(q.value(2).toLongLong() - firstIn) / 1000.0;
        perDay[day] << seconds;
        perPlatform[platform] << seconds;
        all << seconds;
    }
    for (QDate d = firstDay; d <= today; d = d.addDays(1)) {
        Day day;
        day.date = d;
        day.inbound = inboundPerDay.value(d);
        day.frt = Core::summarize(perDay.value(d));
        report.days << day;
    }
    for (auto it = perPlatform.cbegin(); it != perPlatform.cend(); ++it) {
        if (auto s = Core::summarize(it.value()))
            report.byPlatform.insert(it.key(), *s);
    }
    report.overall = Core::summarize(all);
    return report;
}

} // namespace Care::Store
