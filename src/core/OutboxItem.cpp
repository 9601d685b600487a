#include "core/OutboxItem.h"

namespace Care::Core {

QString outboxKindId(OutboxKind kind)
{
    switch (kind) {
    case OutboxKind::PublicReply: return QStringLiteral("reply");
    case OutboxKind::PrivateMessage: return QStringLiteral("private");
    case OutboxKind::Hide: return QStringLiteral("hide");
    case OutboxKind::Transcript: return QStringLiteral("transcript");
    case OutboxKind::EmailAnswer: return QStringLiteral("email-answer");
    case OutboxKind::Unhide: return QStringLiteral("unhide");
    }
    return {};
}

std::optional<OutboxKind> outboxKindFromId(const QString &id)
{
    for (auto kind : {OutboxKind::PublicReply, OutboxKind::PrivateMessage, OutboxKind::Hide, OutboxKind::Transcript,
                      OutboxKind::EmailAnswer, OutboxKind::Unhide}) {
        if (outboxKindId(kind) == id)
            return kind;
    }
    return std::nullopt;
}

} // namespace Care::Core
