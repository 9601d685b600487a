#include "core/TermMatcher.h"

namespace Care::Core {

TermMatcher::TermMatcher(const QStringList &terms)
{
    for (const QString &term : terms) {
        const QStringList words = term.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (words.isEmpty())
            continue;
        QStringList escaped;
        for (const QString &word : words)
            escaped << QRegularExpression::escape(word);
        // Not inside a longer word on either side: no letter, digit or underscore next to it.
        const QString pattern = QStringLiteral("(?<![\\p{L}\\p{N}_])") + escaped.join(QStringLiteral("\\s+"))
                                + QStringLiteral("(?![\\p{L}\\p{N}_])");
        QRegularExpression re(pattern, QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
        if (re.isValid())
            m_patterns << qMakePair(words.join(QLatin1Char(' ')), re);
    }
}

QStringList TermMatcher::find(const QString &text) const
{
    QStringList found;
    for (const auto &pattern : m_patterns) {
        if (!found.contains(pattern.first) && pattern.second.match(text).hasMatch())
            found << pattern.first;
    }
    return found;
}

bool TermMatcher::matches(const QString &text) const
{
    return firstMatch(text) >= 0;
}

qsizetype TermMatcher::firstMatch(const QString &text) const
{
    qsizetype first = -1;
    for (const auto &pattern : m_patterns) {
        const QRegularExpressionMatch match = pattern.second.match(text);
        if (match.hasMatch() && (first < 0 || match.capturedStart() < first))
            first = match.capturedStart();
    }
    return first;
}

} // namespace Care::Core
