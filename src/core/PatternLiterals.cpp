#include "core/PatternLiterals.h"

#include <QHash>
#include <QMutex>
#include <QSet>
#include <optional>

namespace Care::Core {

namespace {

// An exact set larger than this is given up (its strings become a clause instead).
constexpr qsizetype kMaxExact = 64;
// A character class with more members than this is any character.
constexpr qsizetype kMaxClassMembers = 16;
// Repetitions spelled out in a clause ("??" for \?{2,}).
constexpr int kMaxSpelledRepeats = 4;

// Small sets of strings, kept as lists without duplicates (cheaper than hashing for a few).
using StringSet = QStringList;

void add(StringSet &set, const QString &s)
{
    if (!set.contains(s))
        set << s;
}

void unite(StringSet &set, const StringSet &other)
{
    for (const QString &s : other)
        add(set, s);
}

// What is known about the text a piece of the pattern matches.
struct Info
{
    bool exactKnown = false;
    StringSet exact; // every string the piece can match, when known
    QList<StringSet> clauses; // every match contains one string of each
};

Info exactly(const QString &text)
{
    Info info;
    info.exactKnown = true;
    info.exact << text;
    return info;
}

Info emptyMatch()
{
    return exactly(QString());
}

Info anything()
{
    return {};
}

std::optional<StringSet> clauseOf(const Info &info)
{
    if (!info.exactKnown || info.exact.isEmpty() || info.exact.contains(QString()))
        return std::nullopt;
    return info.exact;
}

qsizetype shortest(const StringSet &set)
{
    qsizetype n = std::numeric_limits<qsizetype>::max();
    for (const QString &s : set)
        n = std::min(n, s.size());
    return n;
}

// The clause that excludes the most texts, roughly: the longest shortest string, then the fewest.
bool moreSelective(const StringSet &a, const StringSet &b)
{
    const qsizetype la = shortest(a);
    const qsizetype lb = shortest(b);
    if (la != lb)
        return la > lb;
    return a.size() < b.size();
}

std::optional<StringSet> bestClause(const Info &info)
{
    std::optional<StringSet> best = clauseOf(info);
    for (const StringSet &clause : info.clauses) {
        if (!best || moreSelective(clause, *best))
            best = clause;
    }
    return best;
}

std::optional<StringSet> product(const StringSet &a, const StringSet &b)
{
    if (a.size() * b.size() > kMaxExact)
        return std::nullopt;
    StringSet out;
    for (const QString &x : a) {
        for (const QString &y : b)
            add(out, x + y);
    }
    return out;
}

QString codePointString(char32_t c)
{
    return QString::fromUcs4(&c, 1);
}

bool isHexDigit(QChar c)
{
    return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))
        || (c >= QLatin1Char('A') && c <= QLatin1Char('F'));
}

bool isAsciiAlnum(char32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// A recursive descent over the subset of PCRE2 syntax the triage rules use. Anything else sets
// `failed`, and the whole pattern then requires nothing.
class Parser
{
public:
    explicit Parser(const QString &pattern)
        : m_p(pattern)
    {
    }

    std::optional<Info> parse()
    {
        Info info = alternation();
        if (m_failed || m_pos != m_p.size())
            return std::nullopt;
        return info;
    }

private:
    bool atEnd(qsizetype ahead = 0) const { return m_pos + ahead >= m_p.size(); }
    QChar peek(qsizetype ahead = 0) const { return atEnd(ahead) ? QChar() : m_p.at(m_pos + ahead); }

    char32_t takeCodePoint()
    {
        const QChar c = m_p.at(m_pos++);
        if (c.isHighSurrogate() && !atEnd() && m_p.at(m_pos).isLowSurrogate())
            return QChar::surrogateToUcs4(c, m_p.at(m_pos++));
        return c.unicode();
    }

    Info fail()
    {
        m_failed = true;
        return anything();
    }

    Info alternation()
    {
        QList<Info> branches { sequence() };
        while (!m_failed && peek() == QLatin1Char('|')) {
            ++m_pos;
            branches << sequence();
        }
        if (branches.size() == 1)
            return branches.first();
        Info out;
        out.exactKnown = true;
        StringSet clause;
        bool everyBranchRequires = true;
        for (const Info &branch : branches) {
            if (out.exactKnown && branch.exactKnown && out.exact.size() + branch.exact.size() <= kMaxExact)
                unite(out.exact, branch.exact);
            else
                out.exactKnown = false;
            const auto best = bestClause(branch);
            if (best)
                unite(clause, *best);
            else
                everyBranchRequires = false;
        }
        if (!out.exactKnown)
            out.exact.clear();
        if (everyBranchRequires)
            out.clauses << clause;
        return out;
    }

    Info sequence()
    {
        Info out;
        // The exact strings of the current run of items (a list: one more character extends them
        // in place), while there is one.
        std::optional<QStringList> run = QStringList { QString() };
        bool whole = true; // every item so far is in `run`
        auto finishRun = [&] {
            if (!run)
                return;
            Info finished;
            finished.exactKnown = true;
            finished.exact = *run;
            if (const auto clause = clauseOf(finished))
                out.clauses << *clause;
            if (whole)
                out.exact = finished.exact;
        };
        while (!m_failed && !atEnd() && peek() != QLatin1Char('|') && peek() != QLatin1Char(')')) {
            const Info item = quantified();
            out.clauses << item.clauses;
            if (run && item.exactKnown && item.exact.size() == 1) {
                const QString &suffix = *item.exact.cbegin();
                for (QString &s : *run)
                    s += suffix;
                continue;
            }
            if (run && item.exactKnown && run->size() * item.exact.size() <= kMaxExact) {
                QStringList joined;
                for (const QString &x : std::as_const(*run)) {
                    for (const QString &y : item.exact)
                        joined << x + y;
                }
                joined.removeDuplicates();
                run = joined;
                continue;
            }
            whole = false;
            finishRun();
            run = item.exactKnown ? std::optional<QStringList>(item.exact) : std::nullopt;
        }
        out.exactKnown = run && whole;
        finishRun();
        return out;
    }

    // One atom and its quantifier.
    Info quantified()
    {
        const Info atom = this->atom();
        if (m_failed)
            return atom;
        int min = 1;
        int max = 1;
        const QChar q = peek();
        if (q == QLatin1Char('?')) {
            min = 0;
            ++m_pos;
        } else if (q == QLatin1Char('*')) {
            min = 0;
            max = -1;
            ++m_pos;
        } else if (q == QLatin1Char('+')) {
            max = -1;
            ++m_pos;
        } else if (q == QLatin1Char('{')) {
            if (!braces(min, max))
                return fail();
        } else {
            return atom;
        }
        if (peek() == QLatin1Char('?') || peek() == QLatin1Char('+'))
            ++m_pos; // lazy or possessive: the same strings
        if (peek() == QLatin1Char('?') || peek() == QLatin1Char('*') || peek() == QLatin1Char('+')
            || peek() == QLatin1Char('{'))
            return fail();

        Info out;
        if (min == 0) {
            if (max == 1 && atom.exactKnown) {
                out = atom;
                add(out.exact, QString());
                out.clauses.clear();
            }
            return out;
        }
        if (min == 1 && max == 1)
            return atom;
        out.clauses = atom.clauses;
        if (const auto clause = clauseOf(atom)) {
            std::optional<StringSet> spelled = *clause;
            for (int i = 1; spelled && i < std::min(min, kMaxSpelledRepeats); ++i)
                spelled = product(*spelled, *clause);
            if (!spelled)
                spelled = clause;
            out.clauses << *spelled;
            if (min == max && min <= kMaxSpelledRepeats && spelled->size() <= kMaxExact) {
                out.exactKnown = true;
                out.exact = *spelled;
            }
        }
        return out;
    }

    // {n}, {n,} or {n,m}; false for anything else (which PCRE2 would read as literal text).
    bool braces(int &min, int &max)
    {
        qsizetype pos = m_pos + 1;
        auto number = [&](int &value) {
            const qsizetype start = pos;
            qint64 n = 0;
            while (pos < m_p.size() && m_p.at(pos).isDigit() && m_p.at(pos).unicode() < 128 && pos - start < 6)
                n = n * 10 + (m_p.at(pos++).unicode() - '0');
            value = int(n);
            return pos > start;
        };
        if (!number(min))
            return false;
        max = min;
        if (pos < m_p.size() && m_p.at(pos) == QLatin1Char(',')) {
            ++pos;
            max = -1;
            if (pos < m_p.size() && m_p.at(pos) != QLatin1Char('}') && !number(max))
                return false;
        }
        if (pos >= m_p.size() || m_p.at(pos) != QLatin1Char('}') || (max >= 0 && max < min))
            return false;
        m_pos = pos + 1;
        return true;
    }

    Info atom()
    {
        const QChar c = peek();
        if (c == QLatin1Char('(')) {
            ++m_pos;
            return group();
        }
        if (c == QLatin1Char('[')) {
            ++m_pos;
            return characterClass();
        }
        if (c == QLatin1Char('\\')) {
            ++m_pos;
            return escape();
        }
        if (c == QLatin1Char('.'))
            return (++m_pos, anything());
        if (c == QLatin1Char('^') || c == QLatin1Char('$'))
            return (++m_pos, emptyMatch());
        if (c == QLatin1Char('*') || c == QLatin1Char('+') || c == QLatin1Char('?') || c == QLatin1Char('{'))
            return fail();
        return literal(takeCodePoint());
    }

    Info literal(char32_t c)
    {
        if (!PatternLiterals::foldVetted(c))
            return anything();
        return exactly(PatternLiterals::folded(codePointString(c)));
    }

    Info group()
    {
        bool assertion = false;
        if (peek() == QLatin1Char('?')) {
            if (peek(1) == QLatin1Char(':')) {
                m_pos += 2;
            } else if (peek(1) == QLatin1Char('=') || peek(1) == QLatin1Char('!')) {
                m_pos += 2;
                assertion = true;
            } else if (peek(1) == QLatin1Char('<') && (peek(2) == QLatin1Char('=') || peek(2) == QLatin1Char('!'))) {
                m_pos += 3;
                assertion = true;
            } else {
                return fail(); // inline options, named groups, comments, conditions…
            }
        } else if (peek() == QLatin1Char('*')) {
            return fail(); // (*VERB)
        }
        const Info inner = alternation();
        if (m_failed || peek() != QLatin1Char(')'))
            return fail();
        ++m_pos;
        // What an assertion looks at is not part of the match; its text may be elsewhere.
        return assertion ? emptyMatch() : inner;
    }

    // After a backslash: the character it stands for, or nothing known.
    std::optional<char32_t> escapedCharacter(char32_t c)
    {
        switch (c) {
        case 'n':
            return U'\n';
        case 't':
            return U'\t';
        case 'r':
            return U'\r';
        case 'f':
            return U'\f';
        case 'e':
            return char32_t(0x1B);
        case 'a':
            return char32_t(0x07);
        case 'x':
            return hex();
        default:
            break;
        }
        if (isAsciiAlnum(c))
            return std::nullopt;
        return c;
    }

    std::optional<char32_t> hex()
    {
        qsizetype pos = m_pos;
        quint32 value = 0;
        if (peek() == QLatin1Char('{')) {
            ++pos;
            const qsizetype start = pos;
            while (pos < m_p.size() && isHexDigit(m_p.at(pos)) && pos - start < 6)
                value = value * 16 + quint32(QString(m_p.at(pos++)).toUInt(nullptr, 16));
            if (pos == start || pos >= m_p.size() || m_p.at(pos) != QLatin1Char('}') || value > 0x10FFFF
                || (value >= 0xD800 && value <= 0xDFFF))
                return std::nullopt;
            m_pos = pos + 1;
            return value;
        }
        const qsizetype start = pos;
        while (pos < m_p.size() && isHexDigit(m_p.at(pos)) && pos - start < 2)
            value = value * 16 + quint32(QString(m_p.at(pos++)).toUInt(nullptr, 16));
        if (pos == start)
            return std::nullopt;
        m_pos = pos;
        return value;
    }

    // \p{…}, \pL: the property's name is skipped.
    bool skipProperty()
    {
        if (peek() == QLatin1Char('{')) {
            const qsizetype close = m_p.indexOf(QLatin1Char('}'), m_pos);
            if (close < 0)
                return false;
            m_pos = close + 1;
            return true;
        }
        if (atEnd())
            return false;
        ++m_pos;
        return true;
    }

    Info escape()
    {
        if (atEnd())
            return fail();
        const char32_t c = takeCodePoint();
        switch (c) {
        case 'd': {
            Info digits;
            digits.exactKnown = true;
            for (char d = '0'; d <= '9'; ++d)
                digits.exact << QString(QLatin1Char(d));
            return digits;
        }
        case 'D':
        case 'w':
        case 'W':
        case 's':
        case 'S':
        case 'h':
        case 'H':
        case 'v':
        case 'V':
        case 'R':
        case 'X':
            return anything();
        case 'N':
            return peek() == QLatin1Char('{') ? fail() : anything();
        case 'p':
        case 'P':
            return skipProperty() ? anything() : fail();
        case 'b':
        case 'B':
        case 'A':
        case 'Z':
        case 'z':
        case 'G':
            return emptyMatch();
        default:
            break;
        }
        const auto character = escapedCharacter(c);
        if (!character)
            return fail(); // back references, \Q, \K, \g, octal…
        return literal(*character);
    }

    Info characterClass()
    {
        bool negated = false;
        if (peek() == QLatin1Char('^')) {
            negated = true;
            ++m_pos;
        }
        QSet<char32_t> members;
        bool unknownMembers = false;
        bool first = true;
        while (true) {
            if (atEnd())
                return fail();
            if (peek() == QLatin1Char(']') && !first) {
                ++m_pos;
                break;
            }
            first = false;
            std::optional<char32_t> low;
            if (peek() == QLatin1Char('[') && peek(1) == QLatin1Char(':')) {
                const qsizetype close = m_p.indexOf(QStringLiteral(":]"), m_pos + 2);
                if (close < 0)
                    return fail();
                m_pos = close + 2;
                unknownMembers = true;
                continue;
            }
            if (peek() == QLatin1Char('[') && (peek(1) == QLatin1Char('.') || peek(1) == QLatin1Char('=')))
                return fail();
            if (peek() == QLatin1Char('\\')) {
                ++m_pos;
                if (atEnd())
                    return fail();
                const char32_t e = takeCodePoint();
                if (e == 'd') {
                    for (char32_t d = '0'; d <= '9'; ++d)
                        members.insert(d);
                    continue;
                }
                if (e == 'p' || e == 'P') {
                    if (!skipProperty())
                        return fail();
                    unknownMembers = true;
                    continue;
                }
                if (e == 'D' || e == 'w' || e == 'W' || e == 's' || e == 'S' || e == 'h' || e == 'H' || e == 'v'
                    || e == 'V') {
                    unknownMembers = true;
                    continue;
                }
                low = e == 'b' ? std::optional<char32_t>(0x08) : escapedCharacter(e);
                if (!low)
                    return fail();
            } else {
                low = takeCodePoint();
            }
            if (peek() == QLatin1Char('-') && !atEnd(1) && peek(1) != QLatin1Char(']')) {
                ++m_pos;
                std::optional<char32_t> high;
                if (peek() == QLatin1Char('\\')) {
                    ++m_pos;
                    if (atEnd())
                        return fail();
                    const char32_t e = takeCodePoint();
                    high = e == 'b' ? std::optional<char32_t>(0x08) : escapedCharacter(e);
                } else if (peek() == QLatin1Char('[')) {
                    return fail();
                } else {
                    high = takeCodePoint();
                }
                if (!high || *high < *low)
                    return fail();
                if (*high - *low >= char32_t(kMaxClassMembers)) {
                    unknownMembers = true;
                    continue;
                }
                for (char32_t m = *low; m <= *high; ++m)
                    members.insert(m);
                continue;
            }
            members.insert(*low);
        }
        if (negated || unknownMembers || members.size() > kMaxClassMembers)
            return anything();
        Info out;
        out.exactKnown = true;
        for (char32_t m : std::as_const(members)) {
            if (!PatternLiterals::foldVetted(m))
                return anything();
            add(out.exact, PatternLiterals::folded(codePointString(m)));
        }
        return out;
    }

    const QString &m_p;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

// Drops the strings of a clause that contain another of its strings: finding "delay" is enough
// to keep "delayed" possible.
QStringList minimal(const StringSet &clause)
{
    QStringList sorted(clause.cbegin(), clause.cend());
    std::sort(sorted.begin(), sorted.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    QStringList kept;
    for (const QString &s : std::as_const(sorted)) {
        const bool covered = std::any_of(kept.cbegin(), kept.cend(), [&](const QString &k) { return s.contains(k); });
        if (!covered)
            kept << s;
    }
    return kept;
}

} // namespace

QList<PatternLiterals::Clause> PatternLiterals::required(const QString &pattern)
{
    // Every connection builds its classifier from the same rules: each pattern is read once a
    // process.
    static QMutex mutex;
    static QHash<QString, QList<Clause>> known;
    {
        const QMutexLocker lock(&mutex);
        const auto it = known.constFind(pattern);
        if (it != known.constEnd())
            return it.value();
    }
    const QList<Clause> clauses = analyse(pattern);
    const QMutexLocker lock(&mutex);
    known.insert(pattern, clauses);
    return clauses;
}

QList<PatternLiterals::Clause> PatternLiterals::analyse(const QString &pattern)
{
    Parser parser(pattern);
    const auto info = parser.parse();
    if (!info)
        return {};
    QList<StringSet> clauses = info->clauses;
    if (const auto clause = clauseOf(*info))
        clauses << *clause;
    QList<Clause> distinct;
    for (const StringSet &clause : std::as_const(clauses)) {
        if (clause.isEmpty() || clause.contains(QString()))
            continue;
        QStringList kept = minimal(clause);
        if (!distinct.contains(kept))
            distinct << kept;
    }
    // A clause another one implies adds nothing: when every string of [ac, bc] is present in a
    // text, one of [a, b] is too.
    auto implies = [](const Clause &b, const Clause &a) {
        return std::all_of(b.cbegin(), b.cend(), [&](const QString &s) {
            return std::any_of(a.cbegin(), a.cend(), [&](const QString &t) { return s.contains(t); });
        });
    };
    QList<Clause> out;
    for (const Clause &a : std::as_const(distinct)) {
        const bool implied = std::any_of(
            distinct.cbegin(), distinct.cend(), [&](const Clause &b) { return &b != &a && implies(b, a); });
        if (!implied)
            out << a;
    }
    return out;
}

void PatternLiterals::foldInto(QStringView text, QString &out)
{
    out.resize(0);
    out.reserve(text.size());
    forEachFoldedUnit(text, [&](char16_t unit) { out.append(QChar(unit)); });
}

QString PatternLiterals::folded(QStringView text)
{
    QString out;
    foldInto(text, out);
    return out;
}

bool PatternLiterals::foldVetted(char32_t c)
{
    // ASCII, Latin-1 and Latin Extended-A/B, general punctuation and symbols (…, ❤, ⭐, ✨), emoji.
    return c < 0x80 || (c >= 0xA0 && c <= 0x24F) || (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x1F300 && c <= 0x1FAFF);
}

} // namespace Care::Core
