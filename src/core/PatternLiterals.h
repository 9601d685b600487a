#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace Care::Core {

// The literal text a case-insensitive regular expression cannot match without, read once from the
// pattern itself: a list of clauses, each a list of case-folded strings, such that every match of
// the pattern contains at least one string of every clause. "(?:flights?|train)[^.]{0,30}?(?:today
// |tomorrow)" gives [[flight, train], [today, tomorrow]]; a text that lacks every word of one
// clause cannot match, so the triage skips that rule's regular expression scan for it.
//
// The analysis is conservative: whatever it does not understand (inline options, back references,
// \Q…\E, odd quantifiers, characters whose case folding is not vetted) counts as "any text", so a
// rule with no clauses is simply always scanned. It never claims a requirement a match could lack
// (tests/core/tst_triageprefilter checks that against the regular expression engine).
class PatternLiterals
{
public:
    using Clause = QStringList; // a match contains one of these (case-folded)

    // The clauses of a pattern compiled with QRegularExpression::CaseInsensitiveOption and
    // UseUnicodePropertiesOption; empty when nothing is required.
    // Kept per process: each pattern is analysed once.
    static QList<Clause> required(const QString &pattern);

    // Case folding the prefilter applies to both the literals and the text, one code point at a
    // time (simple case folding, as the regular expression engine's caseless matching does).
    static void foldInto(QStringView text, QString &out);
    static QString folded(QStringView text);
    // The same folding, handing each folded UTF-16 unit to `sink` (the prefilter's scan).
    template<typename Sink>
    static void forEachFoldedUnit(QStringView text, Sink &&sink)
    {
        const qsizetype n = text.size();
        for (qsizetype i = 0; i < n; ++i) {
            const char16_t u = text[i].unicode();
            if (u < 0x80) {
                sink(u >= 'A' && u <= 'Z' ? char16_t(u + 32) : u);
            } else if (QChar::isHighSurrogate(u) && i + 1 < n && text[i + 1].isLowSurrogate()) {
                const char32_t folded = QChar::toCaseFolded(QChar::surrogateToUcs4(u, text[i + 1].unicode()));
                ++i;
                if (QChar::requiresSurrogates(folded)) {
                    sink(QChar::highSurrogate(folded));
                    sink(QChar::lowSurrogate(folded));
                } else {
                    sink(char16_t(folded));
                }
            } else {
                sink(QChar::toCaseFolded(u));
            }
        }
    }

    // Whether the caseless matches of this code point are known to fold to the same code point
    // as it does (checked over all of Unicode by the test); literals with other characters are
    // treated as unknown characters.
    static bool foldVetted(char32_t codePoint);

private:
    static QList<Clause> analyse(const QString &pattern);
};

} // namespace Care::Core
