#include "core/MetricEvent.h"

#include <array>

namespace Care::Core {

namespace {

struct KindId
{
    MetricEvent::Kind kind;
    QLatin1String id;
};

const std::array<KindId, 13> &kindIds()
{
    using Kind = MetricEvent::Kind;
    static const std::array<KindId, 13> ids = {
        KindId{Kind::Inbound, QLatin1String("inbound")},
        KindId{Kind::PublicReply, QLatin1String("public_reply")},
        KindId{Kind::PrivateReply, QLatin1String("private_reply")},
        KindId{Kind::Note, QLatin1String("note")},
        KindId{Kind::AutomaticAcknowledgement, QLatin1String("automatic_acknowledgement")},
        KindId{Kind::Assignment, QLatin1String("assignment")},
        KindId{Kind::StatusOpen, QLatin1String("status_open")},
        KindId{Kind::StatusPending, QLatin1String("status_pending")},
        KindId{Kind::StatusSnoozed, QLatin1String("status_snoozed")},
        KindId{Kind::StatusResolved, QLatin1String("status_resolved")},
        KindId{Kind::StatusReopened, QLatin1String("status_reopened")},
        KindId{Kind::Disposition, QLatin1String("disposition")},
        KindId{Kind::CsatAnswer, QLatin1String("csat_answer")},
    };
    return ids;
}

} // namespace

QString metricEventKindId(MetricEvent::Kind kind)
{
    for (const KindId &entry : kindIds()) {
        if (entry.kind == kind)
            return entry.id;
    }
    return QString();
}

std::optional<MetricEvent::Kind> metricEventKindFromId(const QString &id)
{
    for (const KindId &entry : kindIds()) {
        if (id == entry.id)
            return entry.kind;
    }
    return std::nullopt;
}

} // namespace Care::Core
