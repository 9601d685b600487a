#pragma once

#include "core/Conversation.h"

#include <QString>
#include <QStringList>
#include <optional>

namespace Care::Core {

// Three classes are enough to route work; anger is a flag on top of negative, because an angry
// customer with a broken service is handled sooner than a merely disappointed one.
enum class Sentiment { Negative, Neutral, Positive };

QString sentimentId(Sentiment sentiment);
std::optional<Sentiment> sentimentFromId(const QString &id);

// What the urgency classifier decided about one message, and why.
struct Triage
{
    Priority urgency = Priority::Normal;
    Sentiment sentiment = Sentiment::Neutral;
    bool angry = false;
    bool timeSensitive = false; // needs action before a moment that is close (flight tonight, in 2 hours)
    bool serviceLoss = false; // cannot log in, outage, failed or double payment, cancelled travel, safety
    bool praise = false; // positive: deserves a thank-you, not silence (R12)
    bool sarcasm = false;
    bool noAction = false; // spam, bots, "never mind": nothing to answer
    QString language; // ISO 639-1 code, "und" when undetermined
    QStringList reasons; // readable, quoting the text: time-sensitive: "flight at 7am tomorrow"
    QStringList matchedRules; // qualified rule ids ("en/travel-soon"), for leads tuning the rules
};

} // namespace Care::Core
