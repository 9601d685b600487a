#include "gui/WeeklyReport.h"

#include "core/DurationFormat.h"
#include "gui/DashboardChartBuilder.h"
#include "gui/DashboardInfo.h"
#include "gui/LongestWaitsTable.h"
#include "gui/VolumeHeatmap.h"
#include "store/WorkspaceSettings.h"

#include <QBuffer>
#include <QChart>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QCoreApplication>
#include <QImage>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QPainter>
#include <QTextDocument>
#include <QUrl>
#include <memory>

namespace Care::Gui {

namespace {

using Core::MetricsAggregate;

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Gui::WeeklyReport)
};

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

constexpr int kScale = 2; // images are drawn at twice the size they are shown at, for print

// A chart on its own scene (no view, nothing on screen), laid out at `size` and drawn at kScale.
QImage renderChart(QChart *chart, const QSize &size = QSize(820, 320))
{
    QGraphicsScene scene; // owns the chart from here on
    scene.addItem(chart);
    chart->setBackgroundRoundness(0);
    chart->resize(size);
    if (chart->layout())
        chart->layout()->activate();
    QImage image(size * kScale, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(image.rect()), QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

// A custom-painted widget that is never shown, drawn at `size` and kScale.
QImage renderWidget(QWidget *widget, const QSize &size)
{
    widget->resize(size);
    QImage image(size * kScale, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(kScale, kScale);
    widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    return image;
}

QString durationText(const Core::Summary &summary)
{
    if (summary.count == 0)
        return Strings::tr("no answered first response");
    return Strings::tr("median %1 · p90 %2 · mean %3 · n = %4")
        .arg(Core::formatDuration(qRound64(summary.median)), Core::formatDuration(qRound64(summary.p90)),
            Core::formatDuration(qRound64(summary.mean)))
        .arg(summary.count);
}

QString percentText(std::optional<double> rate)
{
    return rate ? Strings::tr("%1%").arg(qRound(*rate * 100)) : Strings::tr("nothing decided");
}

QString csatText(const Core::Summary &summary)
{
    if (summary.count == 0)
        return Strings::tr("no answers");
    return Strings::tr("%1 of 5 (n = %2)").arg(QLocale().toString(summary.mean, 'f', 1)).arg(summary.count);
}

QString row(const QString &label, const QString &thisWeek, const QString &previousWeek)
{
    return QStringLiteral("<tr><td class='label'>") + esc(label) + QStringLiteral("</td><td>") + esc(thisWeek)
        + QStringLiteral("</td><td class='previous'>") + esc(previousWeek) + QStringLiteral("</td></tr>");
}

QString filterText(const DashboardData &data)
{
    QStringList parts;
    parts << (data.filter.platform ? Core::platformDisplayName(*data.filter.platform) : Strings::tr("all channels"));
    if (data.filter.accountId != 0) {
        for (const Core::Account &account : data.accounts) {
            if (account.id == data.filter.accountId)
                parts << Strings::tr("account %1").arg(account.name);
        }
    }
    if (!data.filter.agent.isEmpty())
        parts << Strings::tr("agent %1").arg(data.agentNames().value(data.filter.agent, data.filter.agent));
    if (!data.filter.team.isEmpty())
        parts << Strings::tr("team %1").arg(data.filter.team);
    if (!data.filter.tag.isEmpty())
        parts << Strings::tr("tag %1").arg(data.filter.tag);
    parts << (data.variant == MetricsAggregate::Variant::StaffedHours ? Strings::tr("staffed hours only")
                                                                       : Strings::tr("wall clock"));
    return parts.join(QStringLiteral(" · "));
}

} // namespace

QDate WeeklyReport::lastCompleteWeek(const QDateTime &now, const QTimeZone &zone)
{
    const QDate today = now.toTimeZone(zone).date();
    return today.addDays(-(today.dayOfWeek() - 1) - 7);
}

Core::Result<WeeklyReport> WeeklyReport::compute(Store::Database &db, const Store::MetricsFilter &filter,
    const QDate &day, MetricsAggregate::Variant variant, const QDateTime &now)
{
    auto calendar = Store::WorkspaceSettings(db).calendar();
    if (!calendar)
        return calendar.error();
    const QTimeZone zone = calendar.value().timeZone();

    WeeklyReport report;
    report.monday = day.addDays(-(day.dayOfWeek() - 1));
    report.generatedAt = now.toUTC();
    const QDateTime weekEnd = QDateTime(report.monday.addDays(7), QTime(0, 0), zone).toUTC().addSecs(-1);
    report.complete = weekEnd < now;
    const QDateTime asAt = report.complete ? weekEnd : now.toUTC();
    const int days = int(report.monday.daysTo(asAt.toTimeZone(zone).date())) + 1;
    if (days < 1)
        return Core::Error::make(Core::Error::Code::InvalidInput,
            Strings::tr("The week of %1 has not started yet.").arg(QLocale().toString(report.monday, QLocale::LongFormat)),
            Strings::tr("Choose this week or an earlier one."));
    auto week = DashboardData::compute(db, filter, days, variant, asAt);
    if (!week)
        return week.error();
    report.week = std::move(week).value();
    const QDateTime previousEnd = QDateTime(report.monday, QTime(0, 0), zone).toUTC().addSecs(-1);
    auto previous = DashboardData::compute(db, filter, 7, variant, previousEnd);
    if (!previous)
        return previous.error();
    report.previous = std::move(previous).value();
    return report;
}

WeeklyReport::Figures WeeklyReport::figures(const DashboardData &data)
{
    Figures f;
    f.conversations = int(data.rows.size());
    f.customerMessages = data.inboundInPeriod;
    f.replies = data.repliesInPeriod;
    for (int day = 0; day < DashboardData::kWeekdays; ++day) {
        for (int hour = 0; hour < DashboardData::kHours; ++hour) {
            if (!DashboardData::isStaffed(data.calendar, day + 1, hour))
                f.unstaffedMessages += data.volume[size_t(day)][size_t(hour)];
        }
    }
    f.firstResponse = data.frtByTime.total.summary;
    f.stillWaiting = data.frtByTime.total.unfinished;
    f.endedWithoutResponse = data.frtByTime.total.endedWithoutResponse;
    f.slaMetRate = data.slaByTime.total.metRate();
    f.csat = data.csatByTime.total.summary;
    return f;
}

QString WeeklyReport::title() const
{
    const QLocale locale;
    return Strings::tr("Weekly response report, week %1: %2 – %3")
        .arg(monday.weekNumber())
        .arg(locale.toString(monday, QStringLiteral("d MMMM")),
            locale.toString(monday.addDays(6), QStringLiteral("d MMMM yyyy")));
}

QString WeeklyReport::html() const
{
    const QLocale locale;
    const Figures now = figures(week);
    const Figures before = figures(previous);
    QString h = QStringLiteral(
        "<html><head><style>"
        "body { font-family: sans-serif; font-size: 10pt; color: #1d2630; }"
        "h1 { font-size: 18pt; margin-bottom: 2px; } h2 { font-size: 13pt; margin-top: 14px; margin-bottom: 4px; }"
        "p.sub { color: #5a6470; margin-top: 0; }"
        "table { border-collapse: collapse; } td, th { padding: 3px 8px; border-bottom: 1px solid #d6dbe0; }"
        "th { text-align: left; background: #eef1f4; } td.label { font-weight: bold; }"
        "td.previous { color: #5a6470; } td.num { text-align: right; } p.note { color: #5a6470; font-size: 8pt; }"
        "</style></head><body>");
    h += QStringLiteral("<h1>") + esc(title()) + QStringLiteral("</h1>");
    QString sub = filterText(week);
    if (!complete)
        sub += QStringLiteral(" · ")
            + Strings::tr("week in progress: figures as at %1").arg(locale.toString(week.now.toLocalTime(), QStringLiteral("d MMM yyyy HH:mm")));
    sub += QStringLiteral(" · ")
        + Strings::tr("generated %1").arg(locale.toString(generatedAt.toLocalTime(), QStringLiteral("d MMM yyyy HH:mm")));
    h += QStringLiteral("<p class='sub'>") + esc(sub) + QStringLiteral("</p>");

    h += QStringLiteral("<h2>") + esc(Strings::tr("Headline figures")) + QStringLiteral("</h2><table width='100%'>");
    h += QStringLiteral("<tr><th width='34%'></th><th width='33%'>") + esc(Strings::tr("This week")) + QStringLiteral("</th><th>")
        + esc(Strings::tr("Previous week")) + QStringLiteral("</th></tr>");
    h += row(Strings::tr("First response"), durationText(now.firstResponse), durationText(before.firstResponse));
    h += row(Strings::tr("First-response SLA met"), percentText(now.slaMetRate), percentText(before.slaMetRate));
    h += row(Strings::tr("New conversations"), locale.toString(now.conversations), locale.toString(before.conversations));
    h += row(Strings::tr("Customer messages"), locale.toString(now.customerMessages), locale.toString(before.customerMessages));
    h += row(Strings::tr("… of new conversations, in hours nobody was on duty"), locale.toString(now.unstaffedMessages),
        locale.toString(before.unstaffedMessages));
    h += row(Strings::tr("Replies by the team"), locale.toString(now.replies), locale.toString(before.replies));
    h += row(Strings::tr("Still waiting at the end"), locale.toString(now.stillWaiting), locale.toString(before.stillWaiting));
    h += row(Strings::tr("Ended without response"), locale.toString(now.endedWithoutResponse),
        locale.toString(before.endedWithoutResponse));
    h += row(Strings::tr("Satisfaction (CSAT)"), csatText(now.csat), csatText(before.csat));
    h += QStringLiteral("</table>");

    // The images are drawn at kScale times these sizes (renderChart(), renderWidget()).
    const auto chart = [&h](DashboardChart which, const QString &heading) {
        const int height = which == DashboardChart::Volume ? 234 : 250;
        h += QStringLiteral("<h2>") + esc(heading) + QStringLiteral("</h2><p style='margin: 0'><img src='chart:")
            + DashboardInfo::id(which) + QStringLiteral("' width='640' height='%1'></p>").arg(height);
    };
    chart(DashboardChart::FirstResponse, DashboardInfo::title(DashboardChart::FirstResponse, false));
    chart(DashboardChart::SlaRate, DashboardInfo::title(DashboardChart::SlaRate, false));
    h += QStringLiteral("<div style='page-break-before: always'></div>");
    chart(DashboardChart::ByPlatform, DashboardInfo::title(DashboardChart::ByPlatform, false));
    chart(DashboardChart::ByAgent, DashboardInfo::title(DashboardChart::ByAgent, false));
    chart(DashboardChart::Volume, DashboardInfo::title(DashboardChart::Volume, false));
    h += QStringLiteral("<div style='page-break-before: always'></div>");
    chart(DashboardChart::Satisfaction, DashboardInfo::title(DashboardChart::Satisfaction, false));

    h += QStringLiteral("<h2>") + esc(Strings::tr("What customers wrote about most")) + QStringLiteral("</h2>");
    if (week.topTags.isEmpty()) {
        h += QStringLiteral("<p>") + esc(Strings::tr("No tagged conversations this week.")) + QStringLiteral("</p>");
    } else {
        h += QStringLiteral("<table><tr><th>") + esc(Strings::tr("Tag")) + QStringLiteral("</th><th>")
            + esc(Strings::tr("This week")) + QStringLiteral("</th><th>") + esc(Strings::tr("Previous week")) + QStringLiteral("</th></tr>");
        for (const auto &trend : week.topTags)
            h += QStringLiteral("<tr><td>") + esc(trend.tag) + QStringLiteral("</td><td class='num'>")
                + locale.toString(trend.count) + QStringLiteral("</td><td class='num previous'>")
                + locale.toString(trend.previousCount) + QStringLiteral("</td></tr>");
        h += QStringLiteral("</table>");
    }

    h += QStringLiteral("<h2>") + esc(Strings::tr("The week's longest waits")) + QStringLiteral("</h2>");
    if (week.longestWaits.isEmpty()) {
        h += QStringLiteral("<p>") + esc(Strings::tr("No customer waited this week.")) + QStringLiteral("</p>");
    } else {
        const QHash<QString, QString> names = week.agentNames();
        h += QStringLiteral("<table width='100%'><tr><th>") + esc(Strings::tr("Customer")) + QStringLiteral("</th><th>")
            + esc(Strings::tr("Channel")) + QStringLiteral("</th><th>") + esc(Strings::tr("Since")) + QStringLiteral("</th><th>")
            + esc(Strings::tr("Wait")) + QStringLiteral("</th><th>") + esc(Strings::tr("Outcome")) + QStringLiteral("</th></tr>");
        for (const auto &wait : week.longestWaits) {
            h += QStringLiteral("<tr><td>") + esc(wait.customerName) + QStringLiteral("</td><td>")
                + esc(Core::platformDisplayName(wait.platform)) + QStringLiteral("</td><td>")
                + esc(locale.toString(wait.inboundAt.toTimeZone(week.calendar.timeZone()), QStringLiteral("ddd d MMM HH:mm")))
                + QStringLiteral("</td><td class='num'>") + esc(Core::formatDuration(wait.seconds))
                + QStringLiteral("</td><td>") + esc(LongestWaitsTable::outcomeText(wait, names))
                + QStringLiteral("</td></tr>");
        }
        h += QStringLiteral("</table>");
    }
    h += QStringLiteral("<p class='note'>")
        + esc(Strings::tr("How these figures are computed: first response time runs from the customer's first message in a "
                 "cycle to the first message a person on the team sent them; median, 90th percentile (p90) and "
                 "mean are of answered first responses, with their count n. Waits still open and waits ended "
                 "without a response are counted beside the figures, never in them. The SLA met rate is met ÷ "
                 "(met + missed + running already missed) of first-response clocks. Satisfaction is the latest "
                 "answer (1–5) of each cycle. Days and weeks are in the team calendar's time zone (%1). The full "
                 "definitions are in the product's documentation (docs/metrics.md).")
                  .arg(QString::fromLatin1(week.calendar.timeZone().id())))
        + QStringLiteral("</p></body></html>");
    return h;
}

QByteArray WeeklyReport::pdf() const
{
    QTextDocument document;
    const auto add = [&document](DashboardChart which, const QImage &image) {
        document.addResource(
            QTextDocument::ImageResource, QUrl(QStringLiteral("chart:") + DashboardInfo::id(which)), image);
    };
    const DashboardChartBuilder::TimeColumns columns
        = DashboardChartBuilder::timeColumns(week, MetricsAggregate::Metric::FirstResponse);
    add(DashboardChart::FirstResponse, renderChart(DashboardChartBuilder::firstResponse(week, columns)));
    add(DashboardChart::SlaRate, renderChart(DashboardChartBuilder::slaRate(columns)));
    add(DashboardChart::Satisfaction, renderChart(DashboardChartBuilder::satisfaction(columns)));
    const QHash<QString, QString> names = week.agentNames();
    const auto breakdown = [&](const MetricsAggregate &aggregate, bool byAgent) {
        QList<MetricsAggregate::Bucket> buckets;
        QStringList labels;
        for (const auto &bucket : aggregate.buckets) {
            if (bucket.summary.count == 0)
                continue;
            const auto platform = Core::platformFromId(bucket.key);
            const QString name = byAgent ? (bucket.key.isEmpty() ? Strings::tr("Nobody") : names.value(bucket.key, bucket.key))
                                         : (platform ? Core::platformDisplayName(*platform) : bucket.key);
            buckets.prepend(bucket); // drawn bottom-up
            labels.prepend(Strings::tr("%1 (n=%2)").arg(name.toHtmlEscaped()).arg(bucket.summary.count));
        }
        return renderChart(DashboardChartBuilder::breakdown(buckets, labels));
    };
    add(DashboardChart::ByPlatform, breakdown(week.frtByPlatform, false));
    add(DashboardChart::ByAgent, breakdown(week.frtByAgent, true));
    VolumeHeatmap heatmap;
    std::array<std::array<bool, DashboardData::kHours>, DashboardData::kWeekdays> staffed {};
    for (int day = 0; day < DashboardData::kWeekdays; ++day)
        for (int hour = 0; hour < DashboardData::kHours; ++hour)
            staffed[size_t(day)][size_t(hour)] = DashboardData::isStaffed(week.calendar, day + 1, hour);
    heatmap.setData(week.volume, staffed);
    add(DashboardChart::Volume, renderWidget(&heatmap, QSize(820, 300)));

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    writer.setTitle(title());
    writer.setCreator(QStringLiteral("Care Console"));
    writer.setResolution(96); // the document's pixels are the page's
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
        QPageLayout::Millimeter));
    document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
    document.setHtml(html());
    document.print(&writer);
    return bytes;
}

} // namespace Care::Gui
