#include "store/MetricsCsv.h"

#include "core/Statistics.h"

#include <QCoreApplication>
#include <QIODevice>
#include <cmath>

namespace Care::Store {

namespace {

using Duration = Core::ConversationMetrics::Duration;
using Outcome = Core::ConversationMetrics::Outcome;
using Response = Core::ConversationMetrics::Response;
using Cycle = Core::ConversationMetrics::Cycle;

const QLatin1String kLineEnd("\r\n");
constexpr int kLatestCycleFields = 21; // cycle_started_at to csat_at

// Strings::tr() files every string under this context, for the code and for lupdate alike
// (lupdate would file a free tr() under the enclosing namespace or class instead).
struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Store::MetricsCsv)
};

QString time(const QDateTime &at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODate) : QString();
}

QString number(qint64 value)
{
    return QString::number(value);
}

QString seconds(double value)
{
    // Whole seconds, or a median half-way between two of them.
    const bool whole = std::floor(value) == value;
    return QString::number(value, 'f', whole ? 0 : 1);
}

QString outcomeId(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Answered:
        return QStringLiteral("answered");
    case Outcome::EndedWithoutResponse:
        return QStringLiteral("ended_without_response");
    case Outcome::StillWaiting:
        return QStringLiteral("still_waiting");
    }
    return {};
}

// Appends a duration as wall-clock and staffed seconds; two empty fields when there is none.
void appendDuration(QStringList &out, const std::optional<Duration> &duration)
{
    out << (duration ? number(duration->wallClockSeconds) : QString())
        << (duration ? number(duration->staffedSeconds) : QString());
}

// Appends count, median wall-clock and median staffed seconds of finished values.
void appendCountAndMedian(QStringList &out, const QList<Duration> &durations)
{
    QList<double> wall;
    QList<double> staffed;
    for (const Duration &d : durations) {
        wall << static_cast<double>(d.wallClockSeconds);
        staffed << static_cast<double>(d.staffedSeconds);
    }
    const auto wallSummary = Core::summarize(wall);
    const auto staffedSummary = Core::summarize(staffed);
    out << number(durations.size()) << (wallSummary ? seconds(wallSummary->median) : QString())
        << (staffedSummary ? seconds(staffedSummary->median) : QString());
}

QList<Duration> answeredNextResponses(const Cycle &cycle)
{
    QList<Duration> out;
    for (const Response &r : cycle.nextResponses) {
        if (r.answered())
            out << r.duration;
    }
    return out;
}

int endedWithoutResponse(const Cycle &cycle)
{
    int n = cycle.endedWithoutResponse() ? 1 : 0;
    for (const Response &r : cycle.nextResponses) {
        if (r.endedWithoutResponse())
            ++n;
    }
    return n;
}

void appendLatestCycle(QStringList &out, const Cycle *cycle)
{
    if (!cycle) { // a conversation without any event: cannot be selected, but stay aligned
        for (int i = 0; i < kLatestCycleFields; ++i)
            out << QString();
        return;
    }
    out << time(cycle->startedAt) << time(cycle->firstInboundAt);
    const std::optional<Response> &first = cycle->firstResponse;
    out << (first ? outcomeId(first->outcome) : QString()) << (first ? time(first->endedAt) : QString())
        << (first ? first->agentId : QString());
    appendDuration(out, first && first->answered() ? std::optional<Duration>(first->duration) : std::nullopt);
    appendCountAndMedian(out, answeredNextResponses(*cycle));
    appendDuration(out, cycle->waiting);
    appendDuration(out, cycle->stillWaiting);
    out << time(cycle->resolvedAt);
    appendDuration(out, cycle->resolution);
    appendDuration(out, cycle->unresolvedFor); // only set while not resolved
    out << (cycle->csatScore ? number(*cycle->csatScore) : QString()) << time(cycle->csatAt);
}

void appendTotals(QStringList &out, const Core::ConversationMetrics &metrics)
{
    QList<Duration> firsts;
    QList<Duration> nexts;
    QList<Duration> resolutions;
    int ended = 0;
    for (const Cycle &cycle : metrics.cycles) {
        if (cycle.firstResponse && cycle.firstResponse->answered())
            firsts << cycle.firstResponse->duration;
        nexts << answeredNextResponses(cycle);
        if (cycle.resolution)
            resolutions << *cycle.resolution;
        ended += endedWithoutResponse(cycle);
    }
    appendCountAndMedian(out, firsts);
    appendCountAndMedian(out, nexts);
    out << number(ended);
    appendDuration(out, metrics.waitingTime());
    appendCountAndMedian(out, resolutions);
    out << number(metrics.inboundCount()) << number(metrics.humanOutboundCount()) << number(metrics.automaticCount())
        << number(metrics.noteCount());
}

} // namespace

QStringList MetricsCsv::header()
{
    return {
        QStringLiteral("conversation_id"),
        QStringLiteral("platform"),
        QStringLiteral("account_id"),
        QStringLiteral("account"),
        QStringLiteral("customer_id"),
        QStringLiteral("customer"),
        QStringLiteral("tags"),
        QStringLiteral("assignee"),
        QStringLiteral("status"),
        QStringLiteral("priority"),
        QStringLiteral("created_at"),
        QStringLiteral("first_inbound_at"),
        QStringLiteral("last_message_at"),
        QStringLiteral("cycle_count"),
        // the latest cycle
        QStringLiteral("cycle_started_at"),
        QStringLiteral("cycle_first_inbound_at"),
        QStringLiteral("first_response_outcome"),
        QStringLiteral("first_response_at"),
        QStringLiteral("first_response_agent"),
        QStringLiteral("first_response_wall_seconds"),
        QStringLiteral("first_response_staffed_seconds"),
        QStringLiteral("next_response_count"),
        QStringLiteral("next_response_median_wall_seconds"),
        QStringLiteral("next_response_median_staffed_seconds"),
        QStringLiteral("waiting_wall_seconds"),
        QStringLiteral("waiting_staffed_seconds"),
        QStringLiteral("still_waiting_wall_seconds"),
        QStringLiteral("still_waiting_staffed_seconds"),
        QStringLiteral("resolved_at"),
        QStringLiteral("resolution_wall_seconds"),
        QStringLiteral("resolution_staffed_seconds"),
        QStringLiteral("unresolved_wall_seconds"),
        QStringLiteral("unresolved_staffed_seconds"),
        QStringLiteral("csat"),
        QStringLiteral("csat_at"),
        // all cycles
        QStringLiteral("total_first_response_count"),
        QStringLiteral("total_first_response_median_wall_seconds"),
        QStringLiteral("total_first_response_median_staffed_seconds"),
        QStringLiteral("total_next_response_count"),
        QStringLiteral("total_next_response_median_wall_seconds"),
        QStringLiteral("total_next_response_median_staffed_seconds"),
        QStringLiteral("total_ended_without_response"),
        QStringLiteral("total_waiting_wall_seconds"),
        QStringLiteral("total_waiting_staffed_seconds"),
        QStringLiteral("total_resolution_count"),
        QStringLiteral("total_resolution_median_wall_seconds"),
        QStringLiteral("total_resolution_median_staffed_seconds"),
        QStringLiteral("inbound_count"),
        QStringLiteral("human_outbound_count"),
        QStringLiteral("automatic_count"),
        QStringLiteral("note_count"),
        // SLA
        QStringLiteral("sla_state"),
        QStringLiteral("sla_policy"),
    };
}

QStringList MetricsCsv::fields(const ConversationMetricsRow &row)
{
    QStringList out;
    out.reserve(header().size());
    out << number(row.conversationId) << Core::platformId(row.platform) << number(row.accountId) << row.accountHandle
        << number(row.customerId) << row.customerName << row.tags.join(QStringLiteral(", ")) << row.assignee
        << Core::statusId(row.status) << Core::priorityId(row.priority) << time(row.createdAt)
        << time(row.firstInboundAt) << time(row.lastMessageAt) << number(row.metrics.cycles.size());
    appendLatestCycle(out, row.metrics.cycles.isEmpty() ? nullptr : &row.metrics.cycles.last());
    appendTotals(out, row.metrics);
    out << (row.slaState ? Core::slaStateId(*row.slaState) : QString()) << row.slaPolicy;
    return out;
}

QString MetricsCsv::escapeField(const QString &field)
{
    QString out = field;
    // A spreadsheet reads these as the start of a formula (or of a cell it re-parses).
    if (!out.isEmpty()) {
        const QChar first = out.front();
        if (first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-')
            || first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r'))
            out.prepend(QLatin1Char('\''));
    }
    if (out.contains(QLatin1Char(',')) || out.contains(QLatin1Char('"')) || out.contains(QLatin1Char('\r'))
        || out.contains(QLatin1Char('\n'))) {
        out.replace(QLatin1Char('"'), QLatin1String("\"\""));
        out = QLatin1Char('"') + out + QLatin1Char('"');
    }
    return out;
}

QString MetricsCsv::record(const QStringList &fields)
{
    QStringList escaped;
    escaped.reserve(fields.size());
    for (const QString &field : fields)
        escaped << escapeField(field);
    return escaped.join(QLatin1Char(','));
}

QString MetricsCsv::toText(const QList<ConversationMetricsRow> &rows)
{
    QString out = record(header()) + kLineEnd;
    for (const ConversationMetricsRow &row : rows)
        out += record(fields(row)) + kLineEnd;
    return out;
}

Core::Status MetricsCsv::write(QIODevice &device, const MetricsRows &rows)
{
    if (!device.isOpen() || !device.isWritable())
        return Core::Error::make(Core::Error::Code::InvalidInput, Strings::tr("The report could not be written."),
            Strings::tr("The file is not open for writing."));
    // Line ends are CRLF by the format: a device in text mode must not translate them again.
    const bool textMode = device.isTextModeEnabled();
    device.setTextModeEnabled(false);
    const auto put = [&device](const QByteArray &bytes) { return device.write(bytes) == bytes.size(); };
    bool ok = put(QByteArrayLiteral("\xEF\xBB\xBF")) && put(QString(record(header()) + kLineEnd).toUtf8());
    for (qsizetype i = 0; ok && i < rows.size(); ++i)
        ok = put(QString(record(fields(rows.at(i))) + kLineEnd).toUtf8());
    device.setTextModeEnabled(textMode);
    if (!ok)
        return Core::Error::make(Core::Error::Code::Unknown, Strings::tr("The report could not be written."),
            Strings::tr("Check that there is space left and that you may write there."), device.errorString());
    return {};
}

} // namespace Care::Store
