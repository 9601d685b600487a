// The dashboard tests' small store (see the table in tst_dashboardpane.cpp): a team working
// Monday to Friday 09:00–17:00 UTC with a 30-minute first-response SLA, five conversations in the
// week of 15 June 2026 and one before it; addHistory() adds the trend charts' history.
#pragma once

#include "core/ManualClock.h"
#include "gui/DashboardPane.h"
#include "store/Store.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTemporaryDir>

#include <initializer_list>
#include <memory>

class QBarSet;
class QChartView;

namespace Care::Store {
class Database;
}

QDateTime utc(int day, int hour, int minute); // June 2026, UTC
QBarSet *medianSet(QChartView *view);
QBarSet *tagBarsOf(Care::Gui::DashboardPane *pane); // this period's top-tags bars, bottom-up
QList<double> valuesOf(QBarSet *set);

class DashboardPaneFixture : public QObject
{
protected:
    QTemporaryDir m_dir;
    std::unique_ptr<Care::Store::Store> m_store;
    Care::Core::ManualClock m_now;
    QHash<QString, qint64> m_ids; // "c1".. → conversation id


    // Fills the store at m_dir's dashboard.sqlite and opens it; false when anything failed.
    bool openFixture();
    bool prepare(Care::Store::Database &db);
    bool addHistory(Care::Store::Database &db);
    QList<qint64> ids(std::initializer_list<const char *> names) const; // sorted
    static int csvRecords(const QString &path);
    // A shown pane; with its figures loaded unless `load` is false (nullptr when they never came).
    std::unique_ptr<Care::Gui::DashboardPane> newPane(bool load = true);
};
