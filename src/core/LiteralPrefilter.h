#pragma once

#include "core/PatternLiterals.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringView>
#include <QVarLengthArray>
#include <array>
#include <vector>

namespace Care::Core {

// Which of a list of regular expressions may match a text, from the literals each cannot match
// without (PatternLiterals): one Aho–Corasick pass over the case-folded text finds every literal
// of every rule at once, then a rule is possible when each of its clauses has a literal present.
// Built once when the rules load; mayMatch() is const and safe to call from several threads.
class LiteralPrefilter
{
public:
    LiteralPrefilter() = default;
    // One entry a rule, in the order mayMatch() reports them; a rule without clauses is always
    // possible.
    explicit LiteralPrefilter(const QList<QList<PatternLiterals::Clause>> &rules);

    using Candidates = QVarLengthArray<bool, 128>;
    // Fills `out` with one entry a rule: false when the text lacks every literal of one of the
    // rule's clauses (so its expression cannot match).
    void mayMatch(QStringView text, Candidates &out) const;

    qsizetype ruleCount() const { return m_rules.size(); }
    qsizetype literalCount() const { return m_literalCount; }
    qsizetype stateCount() const { return m_alphabetSize ? qsizetype(m_next.size()) / m_alphabetSize : 0; }

private:
    quint32 symbol(char16_t unit) const
    {
        if (unit < 0x80)
            return m_asciiSymbols[unit];
        return m_otherSymbols.value(unit, 0);
    }

    using Clause = QList<int>; // literal ids
    QList<QList<Clause>> m_rules;
    qsizetype m_literalCount = 0;
    std::array<quint32, 0x80> m_asciiSymbols {};
    QHash<char16_t, quint32> m_otherSymbols; // symbol 0: a unit no literal has
    quint32 m_alphabetSize = 0;
    std::vector<quint32> m_next; // state * alphabet + symbol -> state (a complete automaton)
    std::vector<quint32> m_outputStart; // literals found on entering a state: m_outputs[start[s]..start[s+1])
    std::vector<quint32> m_outputs;
};

} // namespace Care::Core
