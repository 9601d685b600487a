#pragma once

#include "core/Result.h"
#include "store/DatabaseLocation.h"
#include "store/InboxQuery.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <functional>

class QTreeView;

namespace Care::Store {
class Store;
}
namespace Care::Gui {
class InboxModel;
class InboxPane;
}

namespace Care::Bench {

struct RunOptions
{
    QString storeFile; // the generated SQLite store
    QString database; // a PostgreSQL URL: measure it instead of the file (baselines: SQLite only)
    QString console; // the careconsole executable, for the cold start
    int runs = 5;
    int ingestMessages = 10000;
    QStringList only; // figure groups to measure (empty: all): cold_start inbox long_conversation dashboard ingest ui_stall
};

// `careconsole-bench run`: every figure of issue 11, as medians over repeated runs, each with
// its run count, its baseline and its target, in one JSON object.
class Runner
{
public:
    Runner(RunOptions options, QTextStream &log);
    Core::Result<QJsonObject> run();

    // {"median": m, "runs": n, "samples": [...]} and, when given, "target" and "met".
    static QJsonObject figure(QList<double> samples, double target = 0, bool atMost = true);
    static double median(QList<double> samples);

private:
    struct Subject // what the figures are measured on
    {
        qint64 longConversation = 0, longCustomer = 0;
        qint64 smallConversation = 0, smallCustomer = 0;
        qint64 mastodonAccount = 0;
        qint64 messages = 0, conversations = 0;
    };

    Core::Status coldStart(QJsonObject &out);
    Core::Status inboxFigures(Gui::InboxPane &pane, QJsonObject &out);
    void settle(Gui::InboxModel &model, QTreeView &view);
    bool showFilter(Gui::InboxModel &model, QTreeView &view, const Store::InboxFilter &filter);
    Core::Status searchBaseline(const Store::InboxFilter &filter, const QString &key, QJsonObject &out);
    Core::Status longConversation(Store::Store &store, QJsonObject &out);
    Core::Status dashboard(Store::Store &store, QJsonObject &out);
    Core::Status ingest(QJsonObject &out);
    Core::Status uiStall(const Store::DatabaseLocation &location, QJsonObject &out);
    static double rssMb();
    Core::Result<Subject> readSubject(Store::Store &store);
    // Waits in the event loop until `done` is true (checked after every event batch).
    bool waitUntil(const std::function<bool()> &done, int timeoutMs = 600000);
    QString copyStore(const QString &name);
    bool isSqlite() const { return m_options.database.isEmpty(); }
    bool wanted(const QString &group) const { return m_options.only.isEmpty() || m_options.only.contains(group); }

    RunOptions m_options;
    QTextStream &m_log;
    Store::DatabaseLocation m_location;
    Subject m_subject;
    QString m_workDir;
    Store::DatabaseLocation m_ingestLocation; // where the ingest wrote (the UI stall run goes on there)
};

} // namespace Care::Bench
