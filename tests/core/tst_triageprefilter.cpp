// The triage's literal prefilter (core/PatternLiterals, core/LiteralPrefilter) may only ever skip
// a rule that cannot match: the classifier with it must give exactly what running every rule
// gives, for every shipped language, the labelled messages, generated and hostile texts, and
// hostile rule sets.
#include "core/LiteralPrefilter.h"
#include "core/PatternLiterals.h"
#include "core/TriageRules.h"
#include "core/UrgencyClassifier.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>
#include <random>

using namespace Care::Core;

namespace {

QString fromSource(const char *path)
{
    return QString::fromUtf8(path);
}

QString describe(const QList<PatternLiterals::Clause> &clauses)
{
    QStringList parts;
    for (PatternLiterals::Clause clause : clauses) {
        clause.sort();
        parts << clause.join(QLatin1Char('|'));
    }
    parts.sort();
    return parts.join(QStringLiteral(" & "));
}

QString describe(const Triage &t)
{
    return QStringLiteral("urgency %1 sentiment %2 angry %3 time %4 loss %5 praise %6 sarcasm %7 noAction %8 "
                          "language %9\nreasons: %10\nrules: %11")
        .arg(int(t.urgency))
        .arg(int(t.sentiment))
        .arg(t.angry)
        .arg(t.timeSensitive)
        .arg(t.serviceLoss)
        .arg(t.praise)
        .arg(t.sarcasm)
        .arg(t.noAction)
        .arg(t.language, t.reasons.join(QStringLiteral(" / ")), t.matchedRules.join(QLatin1Char(' ')));
}

// Texts built from a language's own words (stop words and the literals its rules need), in
// random case, with the characters that make caseless matching and folding hard.
class TextMaker
{
public:
    TextMaker(const TriageRules::Language &language, quint64 seed)
        : m_rng(seed)
    {
        m_words = QStringList(language.stopwords.cbegin(), language.stopwords.cend());
        m_words.sort();
        for (const TriageRules::Rule &rule : language.rules) {
            for (const PatternLiterals::Clause &clause : PatternLiterals::required(rule.regex.pattern()))
                m_words << clause;
        }
        m_words << QStringLiteral("7am") << QStringLiteral("12:30") << QStringLiteral("in 2 hours")
                << QStringLiteral("March 3") << QStringLiteral("3rd of May") << QStringLiteral("Friday")
                << QStringLiteral("refund") << QStringLiteral("flight") << QStringLiteral("zeppelin");
    }

    QString text()
    {
        static const QStringList oddities { QStringLiteral("\u2019"), QStringLiteral("\u201C"), QStringLiteral("`"),
            QStringLiteral("\u212A"), QStringLiteral("\u017F"), QStringLiteral("\u0130"), QStringLiteral("\u0131"),
            QStringLiteral("\u00DF"), QStringLiteral("\u1E9E"), QStringLiteral("\u00A0"), QStringLiteral("\n"),
            QStringLiteral("\t"), QStringLiteral("..."), QStringLiteral("\u2026"), QStringLiteral("?!"),
            QStringLiteral("??"), QStringLiteral("!"), QStringLiteral(", but "), QStringLiteral("\U0001F620"),
            QStringLiteral("\U0001F60D"), QStringLiteral("\u2764"), QStringLiteral(":)"), QStringLiteral("\u0301"),
            QString(QChar(0xD83D)), QString(QChar(0xDE00)), QStringLiteral("\U00010400"), QStringLiteral("\u03A3"),
            QStringLiteral("\u00B5"), QStringLiteral("\u2126"), QStringLiteral("\u212B"), QStringLiteral("#"),
            QStringLiteral("@acme"), QStringLiteral("https://x.example/a-support.com"), QStringLiteral("RT @bob:") };
        QString out;
        const int words = 1 + int(m_rng() % 24);
        for (int i = 0; i < words; ++i) {
            if (i)
                out += m_rng() % 6 == 0 ? QStringLiteral(". ") : QStringLiteral(" ");
            QString word = m_rng() % 5 == 0 ? oddities.at(int(m_rng() % oddities.size()))
                                            : m_words.at(int(m_rng() % m_words.size()));
            switch (m_rng() % 4) {
            case 0:
                word = word.toUpper();
                break;
            case 1:
                if (!word.isEmpty())
                    word[0] = word.at(0).toUpper();
                break;
            case 2:
                for (QChar &c : word) {
                    if (m_rng() % 2)
                        c = c.toUpper();
                }
                break;
            default:
                break;
            }
            if (m_rng() % 10 == 0) // a typographic apostrophe or a Kelvin sign inside a word
                word.replace(QLatin1Char('\''), QChar(0x2019)).replace(QLatin1Char('k'), QChar(0x212A));
            if (m_rng() % 12 == 0)
                word.replace(QLatin1Char('s'), QChar(0x017F));
            out += word;
        }
        return out;
    }

private:
    std::mt19937_64 m_rng;
    QStringList m_words;
};

QStringList labelledTexts()
{
    QStringList texts;
    QFile file(fromSource(CARE_TRIAGE_LABELLED));
    if (!file.open(QIODevice::ReadOnly))
        return texts;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.contains(QStringLiteral("text")))
            texts << o.value(QStringLiteral("text")).toString();
    }
    return texts;
}

// A rule set with the constructs the analysis must give up on or get exactly right.
QByteArray hostileRules()
{
    QByteArray json = R"({"format": "care-triage-rules", "version": 1, "language": "en",
      "stopwords": ["the", "and", "my", "is"],
      "signals": {
        "time_sensitive": [
          {"id": "inline", "pattern": "(?-i)Late"},
          {"id": "backref", "pattern": "(\\w)\\1 now"},
          {"id": "quoted", "pattern": "\\Qa+b\\E"},
          {"id": "behind", "pattern": "(?<=\\$)\\d+ due"},
          {"id": "ahead", "pattern": "(?=soon)\\w+ly|soon"},
          {"id": "class", "pattern": "[]x]y|[\\]-]z|caf[eé]"},
          {"id": "hex", "pattern": "\\x{41}bc|\\x42cd"},
          {"id": "longs", "pattern": "\u017Ftop"},
          {"id": "kelvin", "pattern": "\u212Am left"},
          {"id": "braces", "pattern": "x{2}yz|q{,2}r|w{1,}v"},
          {"id": "property", "pattern": "\\p{Lu}x end|\\pL+ing"},
          {"id": "dots", "pattern": ".{2}end|^start|fin$"}
        ],
        "negative": [
          {"id": "greek", "pattern": "\u03A3\u03BF\u03C2"},
          {"id": "sharp", "pattern": "stra\u00DFe|\u1E9E"},
          {"id": "dotted", "pattern": "\u0130stanbul|\u0131i"},
          {"id": "emoji", "pattern": "\ud83d\ude20|\u2764", "whole_words": false},
          {"id": "deseret", "pattern": "\ud801\udc00x", "whole_words": false},
          {"id": "nested", "pattern": "(?:(?:ab|cd)?(?:ef|gh))+ij|k(?:l(?:m|n)?)*o"},
          {"id": "possessive", "pattern": "a++b|c?+d|e*+f"}
        ]
      }})";
    return json;
}

// The language detection as it was written first: the stop words among the regular
// expression's words, counted per language.
QString detectLanguageByRegex(const TriageRules &rules, const QString &text)
{
    static const QRegularExpression word(QStringLiteral("[\\p{L}]+"), QRegularExpression::UseUnicodePropertiesOption);
    QString subject = text;
    for (QChar &c : subject) { // UrgencyClassifier's apostrophes and quotes
        const char16_t u = c.unicode();
        if (u == 0x2019 || u == 0x2018 || u == 0x02BC || u == 0x0060 || u == 0x00B4)
            c = QLatin1Char('\'');
        else if (u == 0x201C || u == 0x201D || u == 0x201E)
            c = QLatin1Char('"');
    }
    QHash<QString, int> counts;
    const QStringList codes = rules.languageCodes();
    for (auto it = word.globalMatch(subject); it.hasNext();) {
        const QString token = it.next().captured().toLower();
        for (const QString &code : codes) {
            if (rules.language(code)->stopwords.contains(token))
                ++counts[code];
        }
    }
    QString best = QStringLiteral("und");
    int bestCount = 0;
    bool tie = false;
    for (const QString &code : codes) {
        const int count = counts.value(code);
        if (count > bestCount) {
            best = code;
            bestCount = count;
            tie = false;
        } else if (count == bestCount && count > 0) {
            tie = true;
        }
    }
    return tie ? QStringLiteral("und") : best;
}

} // namespace

class TestTriagePrefilter : public QObject
{
    Q_OBJECT

private:
    TriageRules m_rules;

    // Every rule whose expression matches the text (at all, even empty) must be a candidate.
    static int checkSound(const TriageRules::Language &language, const QStringList &texts, int &skipped)
    {
        QList<QList<PatternLiterals::Clause>> required;
        for (const TriageRules::Rule &rule : language.rules)
            required << PatternLiterals::required(rule.regex.pattern());
        const LiteralPrefilter prefilter(required);
        int failures = 0;
        LiteralPrefilter::Candidates candidates;
        for (const QString &text : texts) {
            prefilter.mayMatch(text, candidates);
            for (qsizetype r = 0; r < language.rules.size(); ++r) {
                if (candidates[r])
                    continue;
                ++skipped;
                if (language.rules.at(r).regex.match(text).hasMatch()) {
                    qWarning().noquote() << "skipped but matches:" << language.rules.at(r).qualifiedId() << "in"
                                         << text << "needs" << describe(required.at(r));
                    ++failures;
                }
            }
        }
        return failures;
    }

    static int compareClassifiers(const TriageRules &rules, const QStringList &texts)
    {
        const UrgencyClassifier fast(rules);
        const UrgencyClassifier every(rules, UrgencyClassifier::Scan::EveryRule);
        const QDateTime when(QDate(2026, 3, 2), QTime(9, 30), Qt::UTC);
        int failures = 0;
        for (const QString &text : texts) {
            for (const QDateTime &at : { QDateTime(), when }) {
                const QString a = describe(fast.classify(text, at));
                const QString b = describe(every.classify(text, at));
                if (a != b) {
                    qWarning().noquote() << "differs for" << text << "\nprefiltered:" << a << "\nevery rule:" << b;
                    ++failures;
                }
            }
        }
        return failures;
    }

    QStringList generated(const TriageRules::Language &language, int count, quint64 seed) const
    {
        TextMaker maker(language, seed);
        QStringList texts;
        for (int i = 0; i < count; ++i)
            texts << maker.text();
        return texts;
    }

private slots:
    void initTestCase()
    {
        auto rules = TriageRules::fromDirectory(fromSource(CARE_TRIAGE_RULES_DIR));
        QVERIFY2(rules.ok(), rules.ok() ? "" : qPrintable(rules.error().message));
        m_rules = rules.value();
        QCOMPARE(m_rules.languageCodes().size(), 4);
    }

    void requiredLiterals_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("expected");
        QTest::newRow("alternation") << QStringLiteral("flights?|train") << QStringLiteral("flight|train");
        QTest::newRow("optional letter") << QStringLiteral("colou?r") << QStringLiteral("color|colour");
        QTest::newRow("group then text") << QStringLiteral("(?:a|b)c") << QStringLiteral("ac|bc");
        QTest::newRow("two clauses") << QStringLiteral("(?:flight|train)[^.]{0,30}?(?:today|tomorrow)")
                                     << QStringLiteral("flight|train & today|tomorrow");
        QTest::newRow("star") << QStringLiteral("x*y") << QStringLiteral("y");
        QTest::newRow("repeat spelled") << QStringLiteral("\\?{2,}") << QStringLiteral("??");
        QTest::newRow("folded") << QStringLiteral("CAF\u00C9") << QStringLiteral("caf\u00E9");
        QTest::newRow("lookahead is not the match") << QStringLiteral("(?=abc)d") << QStringLiteral("d");
        QTest::newRow("wrapped as compiled") << QStringLiteral("(?<!\\w)(?:late)(?!\\w)") << QStringLiteral("late");
        QTest::newRow("class") << QStringLiteral("[Kk]m") << QStringLiteral("km");
        QTest::newRow("word then suffix") << QStringLiteral("\\w+ing") << QStringLiteral("ing");
        QTest::newRow("longer drops covered") << QStringLiteral("delay(?:s|ed)?|delay") << QStringLiteral("delay");
        QTest::newRow("digits") << QStringLiteral("\\d{1,2} ?am") << QStringLiteral("0|1|2|3|4|5|6|7|8|9 & am");
        QTest::newRow("empty branch") << QStringLiteral("x|\\d*") << QString();
        QTest::newRow("inline option") << QStringLiteral("(?i)late") << QString();
        QTest::newRow("back reference") << QStringLiteral("(a)\\1") << QString();
        QTest::newRow("quoted") << QStringLiteral("\\Qa.b\\E") << QString();
        QTest::newRow("not a quantifier") << QStringLiteral("a{,3}") << QString();
        QTest::newRow("wide class") << QStringLiteral("[a-z]+") << QString();
        QTest::newRow("negated class") << QStringLiteral("[^x]") << QString();
        QTest::newRow("unvetted letter") << QStringLiteral("\u0416") << QString();
        QTest::newRow("verb") << QStringLiteral("(*UCP)x") << QString();
    }

    void requiredLiterals()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, expected);
        QCOMPARE(describe(PatternLiterals::required(pattern)), expected);
    }

    // The prefilter folds each code point on its own; for every character a literal may hold,
    // whatever the regular expression engine matches case-insensitively must fold the same.
    void foldingAgreesWithTheEngine()
    {
        QString everyCodePoint;
        everyCodePoint.reserve(0x220000);
        for (char32_t c = 1; c <= 0x10FFFF; ++c) {
            if (c >= 0xD800 && c <= 0xDFFF)
                continue;
            everyCodePoint += QString::fromUcs4(&c, 1);
        }
        QElapsedTimer timer;
        timer.start();
        int checked = 0;
        int failures = 0;
        for (char32_t l = 1; l <= 0x1FAFF; ++l) {
            if (!PatternLiterals::foldVetted(l))
                continue;
            const QString literal = QString::fromUcs4(&l, 1);
            const QString folded = PatternLiterals::folded(literal);
            const QRegularExpression regex(QRegularExpression::escape(literal),
                QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
            for (auto it = regex.globalMatch(everyCodePoint); it.hasNext();) {
                const QString matched = it.next().captured();
                if (PatternLiterals::folded(matched) != folded) {
                    qWarning("U+%04X matches U+%04X caselessly but folds differently", uint(l),
                        uint(matched.toUcs4().value(0)));
                    ++failures;
                }
            }
            ++checked;
        }
        qInfo("%d characters checked against all of Unicode in %lld ms", checked, timer.elapsed());
        QCOMPARE(failures, 0);
        QVERIFY(checked > 1000);
    }

    // detectLanguage takes runs of QChar::isLetter as words: the same as [\p{L}]+ in PCRE2.
    void letterClassAgreesWithTheEngine()
    {
        QString everyCodePoint;
        QList<char32_t> codePoints;
        for (char32_t c = 1; c <= 0x10FFFF; ++c) {
            if (c >= 0xD800 && c <= 0xDFFF)
                continue;
            everyCodePoint += QString::fromUcs4(&c, 1);
            codePoints << c;
        }
        QSet<char32_t> engineLetters;
        const QRegularExpression letter(QStringLiteral("\\p{L}"), QRegularExpression::UseUnicodePropertiesOption);
        for (auto it = letter.globalMatch(everyCodePoint); it.hasNext();)
            engineLetters.insert(it.next().captured().toUcs4().value(0));
        int differences = 0;
        for (char32_t c : std::as_const(codePoints)) {
            if (QChar::isLetter(c) != engineLetters.contains(c) && differences++ < 10)
                qWarning("U+%04X: QChar::isLetter %d, \\p{L} %d", uint(c), QChar::isLetter(c), engineLetters.contains(c));
        }
        QCOMPARE(differences, 0);
        QVERIFY(engineLetters.size() > 100000);
    }

    void detectLanguageMatchesTheRegexWords()
    {
        const UrgencyClassifier classifier(m_rules);
        QStringList texts = labelledTexts();
        for (const QString &code : m_rules.languageCodes())
            texts << generated(*m_rules.language(code), 1000, qHash(code) + 2);
        QSet<QString> seen;
        for (const QString &text : std::as_const(texts)) {
            const QString expected = detectLanguageByRegex(m_rules, text);
            QCOMPARE(classifier.detectLanguage(text), expected);
            seen.insert(expected);
        }
        QCOMPARE(seen.size(), 5); // every language and "und"
        // A lone surrogate: the engine matches nothing in the whole text.
        const QString invalid = QStringLiteral("Danke, vielen Dank ") + QChar(0xDE00);
        QCOMPARE(detectLanguageByRegex(m_rules, invalid), QStringLiteral("und"));
        QCOMPARE(classifier.detectLanguage(invalid), QStringLiteral("und"));
    }

    void shippedRulesNeverSkipAMatch()
    {
        const QStringList labelled = labelledTexts();
        QVERIFY(labelled.size() > 500);
        int skipped = 0;
        int checks = 0;
        int failures = 0;
        for (const QString &code : m_rules.languageCodes()) {
            const TriageRules::Language &language = *m_rules.language(code);
            const QStringList texts = labelled + generated(language, 1500, qHash(code));
            failures += checkSound(language, texts, skipped);
            checks += int(texts.size() * language.rules.size());
        }
        qInfo("%d of %d rule scans skipped", skipped, checks);
        QCOMPARE(failures, 0);
        // It must actually skip: most rules need words a message does not have.
        QVERIFY2(skipped > checks / 2, qPrintable(QStringLiteral("%1 of %2").arg(skipped).arg(checks)));
    }

    void shippedRulesClassifyIdentically()
    {
        QStringList texts = labelledTexts();
        for (const QString &code : m_rules.languageCodes())
            texts << generated(*m_rules.language(code), 1000, qHash(code) + 1);
        QCOMPARE(compareClassifiers(m_rules, texts), 0);
    }

    void hostileRulesClassifyIdentically()
    {
        const auto rules = TriageRules::fromJson(hostileRules(), QStringLiteral("rules-hostile.json"));
        QVERIFY2(rules.ok(), rules.ok() ? "" : qPrintable(rules.error().fullText()));
        const TriageRules::Language &language = *rules->language(QStringLiteral("en"));
        QStringList texts = generated(language, 2000, 7);
        texts << QStringLiteral("(?-i)LATE") << QStringLiteral("xx now") << QStringLiteral("a+b") << QStringLiteral("$12 due")
              << QStringLiteral("SOONLY") << QStringLiteral("]y -z CAF\u00C9") << QStringLiteral("abc ABC BCD")
              << QStringLiteral("STOP") << QStringLiteral("KM LEFT") << QStringLiteral("xxyz r wwv")
              << QStringLiteral("Ax end Going") << QStringLiteral("the end start fin")
              << QStringLiteral("\u03C3\u039F\u03A3") << QStringLiteral("STRASSE stra\u1E9Ee \u00DF")
              << QStringLiteral("istanbul \u0130STANBUL I\u0130") << QStringLiteral("\U0001F620")
              << QStringLiteral("\U00010428X") << QStringLiteral("efghij kllo KO") << QStringLiteral("aab d f");
        int skipped = 0;
        QCOMPARE(checkSound(language, texts, skipped), 0);
        QCOMPARE(compareClassifiers(rules.value(), texts), 0);
    }
};

QTEST_GUILESS_MAIN(TestTriagePrefilter)
#include "tst_triageprefilter.moc"
