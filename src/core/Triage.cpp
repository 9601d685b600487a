#include "core/Triage.h"

namespace Care::Core {

QString sentimentId(Sentiment sentiment)
{
    switch (sentiment) {
    case Sentiment::Negative:
        return QStringLiteral("negative");
    case Sentiment::Neutral:
        return QStringLiteral("neutral");
    case Sentiment::Positive:
        return QStringLiteral("positive");
    }
    return {};
}

std::optional<Sentiment> sentimentFromId(const QString &id)
{
    for (auto s : { Sentiment::Negative, Sentiment::Neutral, Sentiment::Positive }) {
        if (sentimentId(s) == id)
            return s;
    }
    return std::nullopt;
}

} // namespace Care::Core
