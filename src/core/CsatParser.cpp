#include "core/CsatParser.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

namespace Care::Core {

namespace {

const QHash<QString, int> &numberWords()
{
    static const QHash<QString, int> words = {
        { QStringLiteral("one"), 1 },
        { QStringLiteral("two"), 2 },
        { QStringLiteral("three"), 3 },
        { QStringLiteral("four"), 4 },
        { QStringLiteral("five"), 5 },
        { QStringLiteral("eins"), 1 },
        { QStringLiteral("ein"), 1 },
        { QStringLiteral("eine"), 1 },
        { QStringLiteral("zwei"), 2 },
        { QStringLiteral("drei"), 3 },
        { QStringLiteral("vier"), 4 },
        { QStringLiteral("fünf"), 5 },
        { QStringLiteral("fuenf"), 5 },
        { QStringLiteral("uno"), 1 },
        { QStringLiteral("una"), 1 },
        { QStringLiteral("dos"), 2 },
        { QStringLiteral("tres"), 3 },
        { QStringLiteral("cuatro"), 4 },
        { QStringLiteral("cinco"), 5 },
        { QStringLiteral("un"), 1 },
        { QStringLiteral("une"), 1 },
        { QStringLiteral("deux"), 2 },
        { QStringLiteral("trois"), 3 },
        { QStringLiteral("quatre"), 4 },
        { QStringLiteral("cinq"), 5 },
    };
    return words;
}

// Clear words, several-word phrases first so "not bad" is not read as "bad".
const QList<QPair<QString, int>> &qualityWords()
{
    static const QList<QPair<QString, int>> words = {
        { QStringLiteral("not bad at all"), 4 },
        { QStringLiteral("very good"), 4 },
        { QStringLiteral("very bad"), 1 },
        { QStringLiteral("not good"), 2 },
        { QStringLiteral("not bad"), 3 },
        { QStringLiteral("so so"), 3 },
        { QStringLiteral("sehr gut"), 4 },
        { QStringLiteral("sehr schlecht"), 1 },
        { QStringLiteral("nicht gut"), 2 },
        { QStringLiteral("geht so"), 3 },
        { QStringLiteral("muy bien"), 4 },
        { QStringLiteral("muy bueno"), 4 },
        { QStringLiteral("muy buena"), 4 },
        { QStringLiteral("muy mal"), 1 },
        { QStringLiteral("muy malo"), 1 },
        { QStringLiteral("très bien"), 4 },
        { QStringLiteral("tres bien"), 4 },
        { QStringLiteral("très mauvais"), 1 },
        { QStringLiteral("pas terrible"), 2 },
        { QStringLiteral("pas mal"), 3 },
        // 5
        { QStringLiteral("excellent"), 5 },
        { QStringLiteral("excellente"), 5 },
        { QStringLiteral("excelente"), 5 },
        { QStringLiteral("exzellent"), 5 },
        { QStringLiteral("ausgezeichnet"), 5 },
        { QStringLiteral("hervorragend"), 5 },
        { QStringLiteral("perfect"), 5 },
        { QStringLiteral("perfekt"), 5 },
        { QStringLiteral("perfecto"), 5 },
        { QStringLiteral("perfecta"), 5 },
        { QStringLiteral("parfait"), 5 },
        { QStringLiteral("parfaite"), 5 },
        { QStringLiteral("great"), 5 },
        { QStringLiteral("amazing"), 5 },
        { QStringLiteral("outstanding"), 5 },
        { QStringLiteral("fantastic"), 5 },
        { QStringLiteral("fantastisch"), 5 },
        { QStringLiteral("fantástico"), 5 },
        { QStringLiteral("superb"), 5 },
        { QStringLiteral("brilliant"), 5 },
        { QStringLiteral("genial"), 5 },
        { QStringLiteral("génial"), 5 },
        { QStringLiteral("super"), 5 },
        // 4
        { QStringLiteral("good"), 4 },
        { QStringLiteral("gut"), 4 },
        { QStringLiteral("bueno"), 4 },
        { QStringLiteral("buena"), 4 },
        { QStringLiteral("bien"), 4 },
        { QStringLiteral("bon"), 4 },
        { QStringLiteral("bonne"), 4 },
        // 3
        { QStringLiteral("average"), 3 },
        { QStringLiteral("mediocre"), 3 },
        { QStringLiteral("so-so"), 3 },
        { QStringLiteral("mittelmäßig"), 3 },
        { QStringLiteral("regular"), 3 },
        { QStringLiteral("moyen"), 3 },
        { QStringLiteral("passable"), 3 },
        { QStringLiteral("bof"), 3 },
        // 2
        { QStringLiteral("poor"), 2 },
        { QStringLiteral("bad"), 2 },
        { QStringLiteral("schlecht"), 2 },
        { QStringLiteral("malo"), 2 },
        { QStringLiteral("mala"), 2 },
        { QStringLiteral("mal"), 2 },
        { QStringLiteral("mauvais"), 2 },
        { QStringLiteral("mauvaise"), 2 },
        // 1
        { QStringLiteral("terrible"), 1 },
        { QStringLiteral("awful"), 1 },
        { QStringLiteral("horrible"), 1 },
        { QStringLiteral("useless"), 1 },
        { QStringLiteral("schrecklich"), 1 },
        { QStringLiteral("furchtbar"), 1 },
        { QStringLiteral("miserabel"), 1 },
        { QStringLiteral("pésimo"), 1 },
        { QStringLiteral("pésima"), 1 },
        { QStringLiteral("nul"), 1 },
        { QStringLiteral("nulle"), 1 },
        { QStringLiteral("catastrophique"), 1 },
    };
    return words;
}

// Words that may follow a score without making the reply about something else.
bool isRatingWord(const QString &word)
{
    static const QStringList words = {
        QStringLiteral("star"),
        QStringLiteral("stars"),
        QStringLiteral("stern"),
        QStringLiteral("sterne"),
        QStringLiteral("estrella"),
        QStringLiteral("estrellas"),
        QStringLiteral("étoile"),
        QStringLiteral("étoiles"),
        QStringLiteral("etoile"),
        QStringLiteral("etoiles"),
        QStringLiteral("point"),
        QStringLiteral("points"),
        QStringLiteral("punkt"),
        QStringLiteral("punkte"),
        QStringLiteral("punto"),
        QStringLiteral("puntos"),
        QStringLiteral("thanks"),
        QStringLiteral("thank"),
        QStringLiteral("you"),
        QStringLiteral("thx"),
        QStringLiteral("ty"),
        QStringLiteral("cheers"),
        QStringLiteral("danke"),
        QStringLiteral("schön"),
        QStringLiteral("vielen"),
        QStringLiteral("dank"),
        QStringLiteral("gracias"),
        QStringLiteral("muchas"),
        QStringLiteral("merci"),
        QStringLiteral("beaucoup"),
        QStringLiteral("so"),
        QStringLiteral("much"),
        QStringLiteral("very"),
        QStringLiteral("really"),
        QStringLiteral("service"),
        QStringLiteral("support"),
        QStringLiteral("job"),
        QStringLiteral("help"),
        QStringLiteral("experience"),
        QStringLiteral("team"),
        QStringLiteral("servicio"),
        QStringLiteral("equipo"),
        QStringLiteral("équipe"),
        QStringLiteral("hilfe"),
        QStringLiteral("from"),
        QStringLiteral("me"),
        QStringLiteral("again"),
        QStringLiteral("a"),
        QStringLiteral("lot"),
        QStringLiteral("again"),
    };
    // Praise or blame that cannot mean anything else ("⭐⭐⭐⭐⭐ amazing"); not "mal", "gut"…
    // ("1 mal pro Woche" is "once a week").
    static const QStringList unmistakable = {
        QStringLiteral("excellent"),
        QStringLiteral("excelente"),
        QStringLiteral("exzellent"),
        QStringLiteral("ausgezeichnet"),
        QStringLiteral("hervorragend"),
        QStringLiteral("perfect"),
        QStringLiteral("perfekt"),
        QStringLiteral("perfecto"),
        QStringLiteral("parfait"),
        QStringLiteral("great"),
        QStringLiteral("amazing"),
        QStringLiteral("fantastic"),
        QStringLiteral("superb"),
        QStringLiteral("brilliant"),
        QStringLiteral("terrible"),
        QStringLiteral("awful"),
        QStringLiteral("horrible"),
        QStringLiteral("schrecklich"),
    };
    return words.contains(word) || unmistakable.contains(word);
}

// Whether `rest` holds only rating words, separators, emoji and punctuation.
bool onlyRatingWords(const QString &rest)
{
    static const QRegularExpression wordRe(QStringLiteral("[\\p{L}\\p{N}]+"));
    auto it = wordRe.globalMatch(rest);
    while (it.hasNext()) {
        if (!isRatingWord(it.next().captured(0)))
            return false;
    }
    return true;
}

// What may follow a score: nothing, a rating word, or a separator not leading to a number
// ("5 — thanks!", "4!", "3 🙂"; not "5 minutes", "5, 6 and 7", "5 - 6", "5% off").
bool acceptableRest(const QString &rest)
{
    const QString trimmed = rest.trimmed();
    if (trimmed.isEmpty())
        return true;
    static const QRegularExpression firstWord(QStringLiteral("^[\\p{L}]+"));
    const auto word = firstWord.match(trimmed);
    if (word.hasMatch())
        return rest.at(0).isSpace() && isRatingWord(word.captured(0));
    const QChar first = trimmed.at(0);
    if (first.isDigit() || first == QLatin1Char('%') || first == QLatin1Char('#') || first == QLatin1Char('$')
        || first == QChar(0x20AC) /* € */ || first == QLatin1Char('+') || first == QLatin1Char('x')
        || first == QLatin1Char('*'))
        return false;
    // A separator, then anything but a number: "5 — thanks!", "1: still broken".
    static const QRegularExpression separatorThenNumber(QStringLiteral("^[^\\p{L}\\p{N}]+\\p{N}"));
    return !separatorThenNumber.match(trimmed).hasMatch();
}

std::optional<int> numberWord(const QString &word)
{
    const auto it = numberWords().constFind(word);
    return it == numberWords().cend() ? std::nullopt : std::optional<int>(*it);
}

std::optional<CsatParser::Answer> fromStars(const QString &text)
{
    int filled = 0;
    int empty = 0;
    qsizetype i = 0;
    for (; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == 0x2605 || c == 0x2B50) // ★ ⭐
            ++filled;
        else if (c == 0x2606) // ☆
            ++empty;
        else if (c == 0xFE0F || c == 0x200D || text.at(i).isSpace())
            continue;
        else
            break;
    }
    if (filled == 0 || filled > 5 || filled + empty > 5)
        return std::nullopt;
    const QString rest = text.mid(i);
    if (!acceptableRest(rest.isEmpty() || rest.at(0).isSpace() ? rest : QLatin1Char(' ') + rest))
        return std::nullopt;
    return CsatParser::Answer { filled, onlyRatingWords(rest) };
}

} // namespace

std::optional<CsatParser::Answer> CsatParser::parse(const QString &reply)
{
    QString text = reply.trimmed().toLower();
    text.replace(QChar(0x2019), QLatin1Char('\'')); // ’
    // Replies on social platforms open with the accounts they answer.
    static const QRegularExpression mentions(
        QStringLiteral("^(?:@[\\w.@-]+[\\s,:]*)+"), QRegularExpression::UseUnicodePropertiesOption);
    text.remove(mentions);
    // A few lead-ins: "I'd give you a 4", "rating: 5", "ich gebe 5 Sterne", "je donne 4/5".
    static const QRegularExpression leadIn(
        QStringLiteral(
            "^(?:(?:i'd|i would|i'll|i will|i)\\s+(?:say|give|rate)(?:\\s+(?:you|it|u|this|the service|"
            "your service|your support))?(?:\\s+(?:a|an))?|my rating is|rating|score|note|bewertung|"
            "ich gebe(?:\\s+(?:euch|ihnen|dir))?|je donne|je mets|le doy|les doy|doy)(?:\\s*[:=-]\\s*|\\s+)"),
        QRegularExpression::UseUnicodePropertiesOption);
    // Thanks first, then the score: "Thanks! 5", "Merci, 4/5".
    static const QRegularExpression thanks(
        QStringLiteral("^(?:thank you|thanks|thx|ty|cheers|vielen dank|danke schön|danke|muchas gracias|gracias|"
                       "merci beaucoup|merci)(?:\\s+(?:so much|a lot|again))?(?:[\\s!.,:;\\x{2014}\\x{2013}-]+|$)"),
        QRegularExpression::UseUnicodePropertiesOption);
    text.remove(thanks);
    text.remove(leadIn);
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;

    if (auto stars = fromStars(text))
        return stars;

    // A digit or a number word, perhaps "out of 5".
    static const QRegularExpression number(
        QStringLiteral("^(?:([1-5])(?![\\p{N}])|(\\p{L}+))(?:\\s*(?:/|out of|of|von|de|sur)\\s*"
                       "(?:5|five|fünf|fuenf|cinco|cinq)(?!\\p{N}))?"),
        QRegularExpression::UseUnicodePropertiesOption);
    const auto m = number.match(text);
    if (m.hasMatch()) {
        std::optional<int> score;
        if (!m.captured(1).isEmpty())
            score = m.captured(1).toInt();
        else
            score = numberWord(m.captured(2));
        if (score) {
            const QString rest = text.mid(m.capturedEnd(0));
            // "3.5", "5:30", "4,5", "4/10": a digit inside a larger number is not a score.
            static const QRegularExpression partOfNumber(QStringLiteral("^[.,:/]\\p{N}"));
            if (partOfNumber.match(rest).hasMatch())
                return std::nullopt;
            if (acceptableRest(rest))
                return Answer { *score, onlyRatingWords(rest) };
            // "tres bien" is not "three": the clear words below may still read it.
        }
    }

    // A clear word, when the reply says nothing else ("Excellent, thank you!").
    for (const auto &[phrase, score] : qualityWords()) {
        if (!text.startsWith(phrase))
            continue;
        const QString rest = text.mid(phrase.size());
        if (!rest.isEmpty() && (rest.at(0).isLetterOrNumber() || rest.at(0) == QLatin1Char('\'')))
            continue; // "goodness", "bad's" — another word
        if (!onlyRatingWords(rest) || !acceptableRest(rest))
            return std::nullopt;
        return Answer { score, true };
    }
    return std::nullopt;
}

} // namespace Care::Core
