#pragma once

#include "core/PolicyDocument.h"

#include <QList>
#include <QStringList>

namespace Care::Core {

// Suggests the policies that matter for a conversation: a policy whose tag is one of the
// conversation's tags scores highest; a tag word appearing in the customer's words counts
// too. Transparent on purpose: the agent sees why a policy is suggested.
struct PolicySuggestion
{
    int index = -1; // into the list given
    int score = 0;
    QStringList because; // the tags and words that matched
};

QList<PolicySuggestion> suggestPolicies(const QList<PolicyDocument> &policies, const QStringList &conversationTags,
                                        const QString &customerText, int maxSuggestions = 3);

} // namespace Care::Core
