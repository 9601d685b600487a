#pragma once

#include "core/Result.h"
#include "store/MetricsQuery.h"
#include "store/MetricsRows.h"

#include <QList>
#include <QString>
#include <QStringList>

class QIODevice;

namespace Care::Store {

// The response-time report as CSV, one row per conversation (metrics.md: "one row per
// conversation in exports"), for spreadsheets and BI tools.
//
// Format: RFC 4180. Fields are separated by commas and records end with CRLF; a field that
// holds a comma, a double quote, CR or LF is enclosed in double quotes, with each double quote
// doubled. write() puts a UTF-8 byte order mark first so that spreadsheet programs read names
// in any script correctly. A field whose text begins with =, +, -, @, a tab or a CR gets a
// single quote (') in front, so that a spreadsheet never runs a customer's text as a formula.
// Empty fields mean "none": no such event, or a figure that is not finished.
//
// Times are ISO 8601 in UTC to the second (2026-06-12T09:00:00Z). Durations are whole seconds,
// twice: `_wall_seconds` (every real second) and `_staffed_seconds` (only the seconds within the
// team calendar's opening hours). Medians are seconds and may end in .5 (an even count averages
// the two middle values). The figures are those of Core::ConversationMetrics (docs/metrics.md).
//
// Columns, in order:
//   conversation_id          the conversation's number in the console
//   platform                 platform id: x, facebook, mastodon, bluesky, email, blog
//   account_id, account      the brand's account: number and handle
//   customer_id, customer    the customer: number and name
//   tags                     the conversation's tags, lower case, separated by ", "
//   assignee                 agent id; empty when unassigned
//   status                   open, pending, snoozed or resolved (now)
//   priority                 low, normal, high or urgent (now)
//   created_at               when the conversation began (its first message)
//   first_inbound_at         the customer's first message (selects the report period)
//   last_message_at          the latest message of any kind
//   cycle_count              cycles: 1 + the number of reopens
//  The latest cycle:
//   cycle_started_at         creation or the latest reopen
//   cycle_first_inbound_at   the customer's first message in the cycle; empty if none
//   first_response_outcome   answered, ended_without_response or still_waiting; empty when the
//                            customer wrote nothing in the cycle
//   first_response_at        the answer, or what ended the wait without one
//   first_response_agent     who answered; for ended_without_response, who ended the wait
//   first_response_wall_seconds, first_response_staffed_seconds        answered only
//   next_response_count      answered next responses
//   next_response_median_wall_seconds, next_response_median_staffed_seconds
//   waiting_wall_seconds, waiting_staffed_seconds     answered waits of the cycle, added up
//   still_waiting_wall_seconds, still_waiting_staffed_seconds   the wait open now; else empty
//   resolved_at              empty while not resolved
//   resolution_wall_seconds, resolution_staffed_seconds     cycle start to resolved
//   unresolved_wall_seconds, unresolved_staffed_seconds     not resolved: its age so far
//   csat, csat_at            the latest satisfaction answer (1-5) in the cycle, and when
//  All cycles of the conversation:
//   total_first_response_count    answered first responses
//   total_first_response_median_wall_seconds, total_first_response_median_staffed_seconds
//   total_next_response_count     answered next responses
//   total_next_response_median_wall_seconds, total_next_response_median_staffed_seconds
//   total_ended_without_response  waits ended by "no reply needed" or resolving, unanswered
//   total_waiting_wall_seconds, total_waiting_staffed_seconds   customer waiting time
//   total_resolution_count        resolved cycles
//   total_resolution_median_wall_seconds, total_resolution_median_staffed_seconds
//   inbound_count, human_outbound_count, automatic_count, note_count   volume
//  SLA, evaluated now from the event log (see ConversationMetricsRow):
//   sla_state                met, missed, running, running_missed or stopped; empty when no
//                            clock ran
//   sla_policy               the policy's name
class MetricsCsv
{
public:
    static QStringList header();
    // The fields of one row, unescaped, in header() order.
    static QStringList fields(const ConversationMetricsRow &row);

    // One field as it goes into the file: formula prefix, then RFC 4180 quoting.
    static QString escapeField(const QString &field);
    // One record, without its line end.
    static QString record(const QStringList &fields);

    // The whole file: the header and one record per row, each ending with CRLF (no byte order
    // mark).
    static QString toText(const QList<ConversationMetricsRow> &rows);
    // Writes the file to an open device as UTF-8 with a byte order mark.
    static Core::Status write(QIODevice &device, const MetricsRows &rows);
};

} // namespace Care::Store
