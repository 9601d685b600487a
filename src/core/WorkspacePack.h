#pragma once

#include "core/BusinessCalendar.h"
#include "core/CannedReply.h"
#include "core/PolicyDocument.h"
#include "core/SlaPolicy.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <optional>

namespace Care::Core {

// A workspace pack: what a lead sets up for the team — written policies, approved replies, SLA
// policies, the team calendar and the triage rules — as one JSON file that staff (or the
// installer) import (docs/installing.md):
//
//   { "format": "care-workspace-pack", "version": 1,
//     "exported_at": "2026-11-28T17:00:00Z", "exported_by": "Aisha", "application": "0.1.0",
//     "policies": [ { "slug": "refunds", "title": "...", "tags": ["refund"], "values": {"refund_days": "30"},
//                     "body": "Markdown" } ],
//     "canned_replies": [ { "shortcode": "sorry", "title": "...", "body": "...", "tags": [] } ],
//     "sla_policies": { "policies": [ SlaPolicy file form ] },
//     "calendar": { BusinessCalendar JSON },
//     "triage_rules": [ { one TriageRules language document }, ... ] }
//
// Every section is optional; a section that is absent is left as it is on import. The reader
// trusts nothing: it checks the size, the format and version, every type, every name (slugs and
// shortcodes are plain names — no paths, no dots, no control characters), text lengths and counts,
// and the calendar, SLA and triage sections with their own parsers, and reports every problem at
// once with where it is ("policies[2].slug: ...").
struct WorkspacePack
{
    static constexpr int kVersion = 1;
    static constexpr qint64 kMaxBytes = 8 * 1024 * 1024;

    QDateTime exportedAt;
    QString exportedBy;
    QString application; // the version of Care Console that wrote it

    std::optional<QList<PolicyDocument>> policies;
    std::optional<QList<CannedReply>> cannedReplies;
    std::optional<QList<SlaPolicy>> slaPolicies;
    std::optional<BusinessCalendar> calendar;
    std::optional<QList<QByteArray>> triageRules; // one compact JSON document per language

    QByteArray toJson() const;

    struct Reading; // below: it holds a WorkspacePack
    static Reading fromJson(const QByteArray &json);
    // Reads at most kMaxBytes (a larger file is refused before it is read).
    static Reading fromFile(const QString &path);
};

struct WorkspacePack::Reading
{
    std::optional<WorkspacePack> pack; // set only when there are no problems
    QStringList problems;
};

} // namespace Care::Core
