#include "gui/ChartsPane.h"

#include "core/Conversation.h"
#include "core/DurationFormat.h"
#include "store/Store.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>
#include <QVBoxLayout>

namespace Care::Gui {

ChartsPane::ChartsPane(Store::Store *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_summary(new QLabel(this))
    , m_view(new QChartView(this))
{
    setObjectName(QStringLiteral("chartsPane"));
    m_summary->setObjectName(QStringLiteral("chartsSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_view->setObjectName(QStringLiteral("responseTimeChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(180);
    m_view->setToolTip(tr("First response time: the first reply by a person (public or private) minus the first "
                          "message of the customer. Internal notes and automatic acknowledgements do not count. "
                          "Bars: median per day; line: 90th percentile; dashed: the one-hour target."));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
}

void ChartsPane::reload()
{
    const quint64 request = ++m_request;
    const QDate today = QDate::currentDate();
    m_store->run(
        this,
        [today](Store::Database &db) {
            return Store::ResponseTimeReport::compute(db, today, kDays, QTimeZone::systemTimeZone());
        },
        [this, request](Core::Result<Store::ResponseTimeReport> report) {
            if (request != m_request)
                return;
            if (!report) {
                m_summary->setText(report.error().fullText());
                return;
            }
            m_report = report.value();
            render();
            emit reloaded();
        });
}

void ChartsPane::render()
{
    auto *chart = new QChart;
    chart->setTitle(tr("First response time per day, last %1 days").arg(kDays));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    auto *medians = new QBarSet(tr("Median (minutes)"));
    medians->setColor(QColor(0x3d, 0x7e, 0xc4));
    auto *p90 = new QLineSeries;
    p90->setName(tr("90th percentile"));
    p90->setColor(QColor(0xc4, 0x6a, 0x1f));
    auto *target = new QLineSeries;
    target->setName(tr("Target"));
    QPen targetPen(QColor(0xb0, 0x1c, 0x1c));
    targetPen.setStyle(Qt::DashLine);
    targetPen.setWidth(2);
    target->setPen(targetPen);

    QStringList categories;
    const QLocale locale;
    double maxValue = Core::kDefaultResponseTargetSeconds / 60.0;
    for (int i = 0; i < m_report.days.size(); ++i) {
        const auto &day = m_report.days.at(i);
        categories << locale.toString(day.date, tr("ddd d", "date format"));
        const double median = day.frt ? day.frt->median / 60.0 : 0.0;
        medians->append(median);
        if (day.frt) {
            p90->append(i, day.frt->p90 / 60.0);
            maxValue = std::max(maxValue, day.frt->p90 / 60.0);
        }
        target->append(i, Core::kDefaultResponseTargetSeconds / 60.0);
    }
    auto *bars = new QBarSeries;
    bars->append(medians);
    chart->addSeries(bars);
    chart->addSeries(p90);
    chart->addSeries(target);

    auto *axisX = new QBarCategoryAxis;
    axisX->append(categories);
    auto *axisY = new QValueAxis;
    axisY->setTitleText(tr("minutes"));
    axisY->setRange(0, maxValue * 1.05);
    axisY->applyNiceNumbers();
    axisY->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);
    for (QAbstractSeries *series : chart->series()) {
        series->attachAxis(axisX);
        series->attachAxis(axisY);
    }
    QChart *old = m_view->chart();
    m_view->setChart(chart);
    delete old;

    if (m_report.overall) {
        const auto &s = *m_report.overall;
        QStringList perPlatform;
        for (auto it = m_report.byPlatform.cbegin(); it != m_report.byPlatform.cend(); ++it)
            perPlatform << tr("%1 %2 (n=%3)")
                               .arg(Core::platformDisplayName(it.key()), Core::formatDuration(qint64(it->median)))
                               .arg(it->count);
        m_summary->setText(tr("First response over %1 days: median %2, 90th percentile %3, mean %4 — %5 answered, "
                              "%6 still waiting.\nMedian by channel: %7")
                               .arg(kDays)
                               .arg(Core::formatDuration(qint64(s.median)), Core::formatDuration(qint64(s.p90)),
                                    Core::formatDuration(qint64(s.mean)))
                               .arg(s.count)
                               .arg(m_report.unanswered)
                               .arg(perPlatform.join(QStringLiteral(", "))));
    } else if (m_report.unanswered > 0) {
        m_summary->setText(m_report.unanswered == 1
                               ? tr("No first response yet in the last %1 days — 1 conversation still waiting.").arg(kDays)
                               : tr("No first response yet in the last %1 days — %2 conversations still waiting.")
                                     .arg(kDays)
                                     .arg(m_report.unanswered));
    } else {
        m_summary->setText(tr("No conversations started in the last %1 days.").arg(kDays));
    }
}

} // namespace Care::Gui
