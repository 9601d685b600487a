#pragma once

#include <QString>
#include <optional>

namespace Care::Core {

// Reads a customer's reply to the satisfaction question ("How did we do? Reply with a number
// from 1 (poor) to 5 (great).") as a score from 1 to 5 — or as no answer at all.
//
// Conservative on purpose: the score must open the reply (after @mentions and a few lead-ins
// such as "I'd give you"), and what follows it must be the end, a separator ("5 — thanks!"),
// or words that belong to a rating ("stars", "thanks", "merci"…). So "order 4471", "2 days
// late", "3.5", "5:30" or "4/10" are not answers. Understood: a bare digit, "4/5", "4 out of 5"
// (von, de, sur), stars ("★★★★☆", "⭐⭐⭐⭐"), number words in English, German, Spanish and
// French, and clear words ("excellent" 5, "good" 4, "average" 3, "poor" 2, "terrible" 1) when
// the reply says nothing else. "ok" and "fine" are deliberately not read as a score.
class CsatParser
{
public:
    struct Answer
    {
        int score = 0; // 1 to 5
        bool onlyRating = false; // the reply says nothing beyond the rating (and thanks)
    };

    static std::optional<Answer> parse(const QString &reply);
    static std::optional<int> score(const QString &reply)
    {
        const auto answer = parse(reply);
        return answer ? std::optional<int>(answer->score) : std::nullopt;
    }
};

} // namespace Care::Core
