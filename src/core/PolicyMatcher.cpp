#include "core/PolicyMatcher.h"

#include "core/SearchQuery.h"

#include <QSet>
#include <algorithm>

namespace Care::Core {

QList<PolicySuggestion> suggestPolicies(const QList<PolicyDocument> &policies, const QStringList &conversationTags,
                                        const QString &customerText, int maxSuggestions)
{
    QSet<QString> tags;
    for (const QString &tag : conversationTags)
        tags.insert(SearchQuery::normalize(tag));
    const QString words = QLatin1Char(' ') + SearchQuery::normalize(customerText) + QLatin1Char(' ');

    QList<PolicySuggestion> out;
    for (int i = 0; i < policies.size(); ++i) {
        PolicySuggestion suggestion;
        suggestion.index = i;
        for (const QString &policyTag : policies.at(i).tags) {
            const QString tag = SearchQuery::normalize(policyTag);
            if (tag.isEmpty())
                continue;
            if (tags.contains(tag)) {
                suggestion.score += 3;
                suggestion.because << policyTag;
            } else if (words.contains(QLatin1Char(' ') + tag + QLatin1Char(' '))) {
                suggestion.score += 1;
                suggestion.because << policyTag;
            }
        }
        if (suggestion.score > 0)
            out << suggestion;
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const PolicySuggestion &a, const PolicySuggestion &b) { return a.score > b.score; });
    if (out.size() > maxSuggestions)
        out.resize(maxSuggestions);
    return out;
}

} // namespace Care::Core
