// Ingest: recorded Mastodon pages parsed and stored through the store's ingest (one
// transaction a page, as the sync engine commits them), against the same rows imported by
// the sqlite3 shell in one transaction into a copy of the same store.
#include "RecordedPages.h"
#include "Runner.h"
#include "ShellBaseline.h"

#include "store/Database.h"
#include "store/MessageRepository.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlQuery>

namespace Care::Bench {

namespace {

constexpr qint64 kFirstIngestId = 800000000000LL;

} // namespace

Core::Status Runner::ingest(QJsonObject &out)
{
    const int runs = std::max(1, std::min(m_options.runs, 3));
    const int count = m_options.ingestMessages;
    QString cliCopy;
    if (isSqlite()) {
        m_ingestLocation = Store::DatabaseLocation::sqliteFile(copyStore(QStringLiteral("ingest-app.sqlite")));
        cliCopy = copyStore(QStringLiteral("ingest-cli.sqlite"));
    } else {
        m_ingestLocation = m_location;
    }
    QList<double> rates;
    {
        auto db = Store::Database::open(m_ingestLocation);
        if (!db)
            return db.error();
        for (int run = 0; run < runs; ++run) {
            const QList<QByteArray> pages = RecordedPages::mastodon(count, kFirstIngestId + run * 10000000LL, run);
            QElapsedTimer timer;
            timer.start();
            for (const QByteArray &page : pages) {
                auto messages = RecordedPages::parse(page, m_subject.mastodonAccount);
                if (!messages)
                    return messages.error();
                auto report = Store::MessageRepository(*db.value()).ingest(messages.value());
                if (!report)
                    return report.error();
            }
            rates << count / (timer.nsecsElapsed() / 1e9);
            m_log << "  ingest " << rates.last() << " messages/s" << Qt::endl;
        }
    }
    QJsonObject figureOut = figure(rates, 50000, false);
    if (isSqlite()) {
        QList<double> cliRates;
        for (int run = 0; run < runs; ++run) {
            qint64 nextCustomer = 0;
            qint64 nextConversation = 0;
            {
                auto db = Store::Database::open(Store::DatabaseLocation::sqliteFile(cliCopy));
                if (!db)
                    return db.error();
                QSqlQuery q(db.value()->connection());
                if (!q.exec(QStringLiteral("SELECT (SELECT max(id) FROM customers), (SELECT max(id) FROM conversations)"))
                    || !q.next())
                    return db.value()->queryError(q, QStringLiteral("max ids"));
                nextCustomer = q.value(0).toLongLong() + 1;
                nextConversation = q.value(1).toLongLong() + 1;
            }
            QList<Core::IncomingMessage> messages;
            for (const QByteArray &page : RecordedPages::mastodon(count, kFirstIngestId + run * 10000000LL, run)) {
                auto parsed = RecordedPages::parse(page, m_subject.mastodonAccount);
                if (!parsed)
                    return parsed.error();
                messages << parsed.value();
            }
            const QString script = QDir(m_workDir).filePath(QStringLiteral("ingest.sql"));
            QFile file(script);
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return Core::Error::make(Core::Error::Code::Unknown, QStringLiteral("cannot write ") + script);
            file.write("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\nBEGIN;\n");
            file.write(RecordedPages::sqlFor(messages, nextCustomer, nextConversation));
            file.write("COMMIT;\n");
            file.close();
            auto ms = ShellBaseline::runScript(cliCopy, script);
            if (!ms)
                return ms.error();
            cliRates << count / (ms.value() / 1000.0);
            m_log << "  sqlite3 shell " << cliRates.last() << " messages/s" << Qt::endl;
        }
        out.insert(QStringLiteral("ingest_sqlite_cli_per_s"), figure(cliRates));
        const double ratio = median(rates) / std::max(1.0, median(cliRates));
        figureOut.insert(QStringLiteral("baseline_per_s"), median(cliRates));
        figureOut.insert(QStringLiteral("ratio_to_sqlite_cli"), std::round(ratio * 100) / 100);
        figureOut.insert(QStringLiteral("met"), figureOut.value(QStringLiteral("met")).toBool() && ratio >= 0.5);
        out.insert(QStringLiteral("ingest_ratio"), std::round(ratio * 100) / 100);
    }
    out.insert(QStringLiteral("ingest_msgs_per_s"), figureOut);
    return {};
}

} // namespace Care::Bench
