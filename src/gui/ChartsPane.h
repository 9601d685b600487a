#pragma once

#include "store/ResponseTimeReport.h"

#include <QWidget>

class QLabel;
class QChartView;
class QChart;

namespace Care::Store {
class Store;
}

namespace Care::Gui {

// Response-time charts for the team lead: first response median and p90 per day against
// the one-hour target, with the inbound volume, computed on the store thread.
class ChartsPane : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kDays = 14;

    explicit ChartsPane(Store::Store *store, QWidget *parent = nullptr);

    void reload();
    const Store::ResponseTimeReport &report() const { return m_report; }
    QChartView *chartView() const { return m_view; }

signals:
    void reloaded();

private:
    void render();

    Store::Store *m_store;
    QLabel *m_summary;
    QChartView *m_view;
    Store::ResponseTimeReport m_report;
    quint64 m_request = 0;
};

} // namespace Care::Gui
