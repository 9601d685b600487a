#include "core/LiteralPrefilter.h"

#include <deque>

namespace Care::Core {

LiteralPrefilter::LiteralPrefilter(const QList<QList<PatternLiterals::Clause>> &rules)
{
    QHash<QString, int> ids;
    QStringList literals;
    for (const auto &clauses : rules) {
        QList<Clause> rule;
        for (const PatternLiterals::Clause &clause : clauses) {
            Clause ruleClause;
            for (const QString &literal : clause) {
                if (literal.isEmpty())
                    continue;
                auto it = ids.constFind(literal);
                if (it == ids.constEnd()) {
                    it = ids.insert(literal, int(literals.size()));
                    literals << literal;
                }
                ruleClause << it.value();
            }
            // A clause with no literal could never be satisfied; leave it out rather than
            // exclude the rule (the analysis never gives one, but a wrong skip must be impossible).
            if (!ruleClause.isEmpty())
                rule << ruleClause;
        }
        m_rules << rule;
    }
    m_literalCount = literals.size();

    // The alphabet: every code unit of a literal gets a symbol; 0 is any other unit.
    m_alphabetSize = 1;
    for (const QString &literal : std::as_const(literals)) {
        for (const QChar c : literal) {
            const char16_t u = c.unicode();
            if (u < 0x80) {
                if (!m_asciiSymbols[u])
                    m_asciiSymbols[u] = m_alphabetSize++;
            } else if (!m_otherSymbols.contains(u)) {
                m_otherSymbols.insert(u, m_alphabetSize++);
            }
        }
    }

    // The trie (0 = no child yet; the root, state 0, is nobody's child).
    const quint32 alphabet = m_alphabetSize;
    m_next.assign(alphabet, 0);
    std::vector<QList<quint32>> own(1);
    for (int id = 0; id < literals.size(); ++id) {
        quint32 state = 0;
        for (const QChar c : literals.at(id)) {
            const quint32 a = symbol(c.unicode());
            quint32 next = m_next[std::size_t(state) * alphabet + a];
            if (!next) {
                next = quint32(m_next.size() / alphabet);
                m_next[std::size_t(state) * alphabet + a] = next;
                m_next.resize(m_next.size() + alphabet, 0);
                own.emplace_back();
            }
            state = next;
        }
        own[state] << quint32(id);
    }

    // Failure links, breadth first, completing every state's row into a full automaton and
    // gathering each state's literals with those of its longest proper suffix.
    const std::size_t states = m_next.size() / alphabet;
    std::vector<quint32> fail(states, 0);
    std::vector<QList<quint32>> outputs(states);
    std::deque<quint32> queue;
    for (quint32 a = 0; a < alphabet; ++a) {
        if (const quint32 child = m_next[a]) {
            fail[child] = 0;
            queue.push_back(child);
        }
    }
    std::vector<quint32> order;
    order.reserve(states);
    while (!queue.empty()) {
        const quint32 u = queue.front();
        queue.pop_front();
        order.push_back(u);
        for (quint32 a = 0; a < alphabet; ++a) {
            quint32 &next = m_next[std::size_t(u) * alphabet + a];
            const quint32 viaFail = m_next[std::size_t(fail[u]) * alphabet + a];
            if (next) {
                fail[next] = viaFail;
                queue.push_back(next);
            } else {
                next = viaFail;
            }
        }
    }
    for (const quint32 u : order)
        outputs[u] = own[u] + outputs[fail[u]];
    m_outputStart.assign(states + 1, 0);
    for (std::size_t s = 0; s < states; ++s) {
        m_outputStart[s] = quint32(m_outputs.size());
        for (const quint32 id : std::as_const(outputs[s]))
            m_outputs.push_back(id);
    }
    m_outputStart[states] = quint32(m_outputs.size());
}

void LiteralPrefilter::mayMatch(QStringView text, Candidates &out) const
{
    out.resize(m_rules.size());
    QVarLengthArray<bool, 1024> present(m_literalCount);
    std::fill(present.begin(), present.end(), false);
    if (m_alphabetSize) {
        quint32 state = 0;
        const quint32 alphabet = m_alphabetSize;
        auto feed = [&](char16_t unit) {
            state = m_next[std::size_t(state) * alphabet + symbol(unit)];
            for (quint32 k = m_outputStart[state], end = m_outputStart[state + 1]; k < end; ++k)
                present[m_outputs[k]] = true;
        };
        PatternLiterals::forEachFoldedUnit(text, feed);
    }
    for (qsizetype r = 0; r < m_rules.size(); ++r) {
        bool possible = true;
        for (const Clause &clause : m_rules.at(r)) {
            if (std::none_of(clause.cbegin(), clause.cend(), [&](int id) { return present[id]; })) {
                possible = false;
                break;
            }
        }
        out[r] = possible;
    }
}

} // namespace Care::Core
