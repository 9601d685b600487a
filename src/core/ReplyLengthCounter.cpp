#include "core/ReplyLengthCounter.h"

#include <QCoreApplication>
#include <QList>
#include <QRegularExpression>
#include <QTextBoundaryFinder>
#include <algorithm>
#include <utility>

namespace Care::Core {

namespace {

struct Span
{
    qsizetype start;
    qsizetype end;
    QString replacement;
};

// Decodes the code points of a grapheme cluster; a lone surrogate counts as itself.
QList<char32_t> codePoints(QStringView text)
{
    QList<char32_t> out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out.append(QChar::surrogateToUcs4(c, text.at(i + 1)));
            ++i;
        } else {
            out.append(c.unicode());
        }
    }
    return out;
}

// twitter-text v3: these ranges weigh 1 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic... and
// some punctuation), everything else 2; the limit of 280 is in these units.
int xCodePointWeight(char32_t cp)
{
    if (cp <= 4351 || (cp >= 8192 && cp <= 8205) || (cp >= 8208 && cp <= 8223) || (cp >= 8242 && cp <= 8247))
        return 1;
    return 2;
}

// Qt 6.4 has no emoji properties, so this approximates twitter-text's emoji regex: a cluster
// is an emoji when it has emoji presentation (U+FE0F), is a keycap, or contains a pictograph
// from the emoji blocks (which covers flags, skin tones and ZWJ sequences).
bool isEmojiCluster(const QList<char32_t> &cluster)
{
    for (char32_t cp : cluster) {
        if (cp == 0xFE0F || cp == 0x20E3)
            return true;
        if ((cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2300 && cp <= 0x23FF)
            || (cp >= 0x2B00 && cp <= 0x2BFF))
            return true;
    }
    return false;
}

qsizetype trimUrlEnd(const QString &text, qsizetype start, qsizetype end)
{
    // Sentence punctuation after a link is not part of it; a closing parenthesis only is when
    // the link opened one (Wikipedia-style URLs).
    while (end > start) {
        const QChar c = text.at(end - 1);
        if (QStringLiteral(".,;:!?'\"]}>").contains(c)) {
            --end;
            continue;
        }
        if (c == QLatin1Char(')')) {
            const QStringView url = QStringView(text).mid(start, end - start);
            if (url.count(QLatin1Char('(')) < url.count(QLatin1Char(')'))) {
                --end;
                continue;
            }
        }
        break;
    }
    return end;
}

QList<Span> urlSpans(const LengthRule &rule, const QString &text)
{
    static const QRegularExpression withScheme(
        QStringLiteral(R"(https?://[^\s<>"\x{00A0}]+)"), QRegularExpression::CaseInsensitiveOption);
    // twitter-text links bare domains with a known top-level domain; a short list of the common
    // ones covers what care replies contain ("see acme.com/help").
    static const QRegularExpression bare(
        QStringLiteral(R"((?<![\p{L}\p{N}_@.\-/])(?:[\p{L}\p{N}][\p{L}\p{N}-]*\.)+)"
                       R"((?:com|net|org|info|biz|io|co|de|uk|fr|es|it|nl|eu|at|ch|be|us|ca|au|app|dev|me|tv|ly|)"
                       R"(gov|edu|shop|store|online|social|help))"
                       R"((?![\p{L}\p{N}_-])(?:/[^\s<>"\x{00A0}]*)?)"),
        QRegularExpression::CaseInsensitiveOption);

    QList<Span> spans;
    const QString placeholder(rule.urlLength, QLatin1Char('x'));
    auto collect = [&](const QRegularExpression &re) {
        auto it = re.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            const qsizetype start = m.capturedStart();
            const qsizetype end = trimUrlEnd(text, start, m.capturedEnd());
            bool overlaps = false;
            for (const Span &s : std::as_const(spans)) {
                if (start < s.end && end > s.start)
                    overlaps = true;
            }
            if (!overlaps && end > start)
                spans.append(Span { start, end, placeholder });
        }
    };
    collect(withScheme);
    if (rule.urlsWithoutScheme)
        collect(bare);
    return spans;
}

QList<Span> mentionSpans(const QString &text, const QList<Span> &taken)
{
    // Mastodon's account pattern: the local part may contain dots and dashes inside.
    static const QRegularExpression mention(
        QStringLiteral(R"((?<![\p{L}\p{N}_/@])(@[A-Za-z0-9_]+(?:[.\-]+[A-Za-z0-9_]+)*)@[\p{L}\p{N}.\-]*[\p{L}\p{N}])"));
    QList<Span> spans;
    auto it = mention.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        bool overlaps = false;
        for (const Span &s : taken) {
            if (m.capturedStart() < s.end && m.capturedEnd() > s.start)
                overlaps = true;
        }
        if (!overlaps)
            spans.append(Span { m.capturedStart(), m.capturedEnd(), m.captured(1) });
    }
    return spans;
}

QString unitLabel(LengthRule::Unit unit)
{
    switch (unit) {
    case LengthRule::Unit::Graphemes:
        return QCoreApplication::translate("Care::Core::ReplyLengthCounter", "graphemes");
    case LengthRule::Unit::Characters:
        return QCoreApplication::translate("Care::Core::ReplyLengthCounter", "characters");
    }
    return {};
}

} // namespace

ReplyLengthCounter::ReplyLengthCounter()
{
    for (Platform platform : allPlatforms())
        m_rules.insert(platform, defaultRule(platform));
}

LengthRule ReplyLengthCounter::defaultRule(Platform platform)
{
    LengthRule rule;
    switch (platform) {
    case Platform::Bluesky:
        rule.counting = LengthRule::Counting::Graphemes;
        rule.unit = LengthRule::Unit::Graphemes;
        rule.limit = 300;
        rule.utf8ByteLimit = 3000;
        break;
    case Platform::X:
        rule.counting = LengthRule::Counting::XWeighted;
        rule.limit = 280;
        rule.urlLength = 23;
        rule.urlsWithoutScheme = true;
        break;
    case Platform::Mastodon:
        rule.counting = LengthRule::Counting::Graphemes;
        rule.limit = 500;
        rule.urlLength = 23;
        rule.remoteMentionsCountLocalPart = true;
        break;
    case Platform::Facebook:
        // Meta documents 8000 "characters" without saying how; UTF-16 units never undercount.
        rule.counting = LengthRule::Counting::Utf16CodeUnits;
        rule.limit = 8000;
        break;
    case Platform::Email:
    case Platform::Blog:
        rule.counting = LengthRule::Counting::Graphemes;
        break;
    }
    return rule;
}

LengthRule ReplyLengthCounter::blueskyDirectMessageRule()
{
    LengthRule rule = defaultRule(Platform::Bluesky);
    rule.limit = 1000;
    rule.utf8ByteLimit = 10000;
    return rule;
}

LengthRule ReplyLengthCounter::rule(Platform platform) const
{
    return m_rules.value(platform, defaultRule(platform));
}

LengthRule ReplyLengthCounter::ruleFor(Platform platform, bool privateMessage) const
{
    if (privateMessage && platform == Platform::Bluesky)
        return blueskyDirectMessageRule();
    return rule(platform);
}

void ReplyLengthCounter::setRule(Platform platform, const LengthRule &rule)
{
    m_rules.insert(platform, rule);
}

void ReplyLengthCounter::setLimit(Platform platform, int limit)
{
    LengthRule r = rule(platform);
    r.limit = limit;
    m_rules.insert(platform, r);
}

LengthCheck ReplyLengthCounter::check(Platform platform, const QString &text, int limitOverride) const
{
    LengthRule r = rule(platform);
    if (limitOverride >= 0)
        r.limit = limitOverride;
    return check(r, text);
}

LengthCheck ReplyLengthCounter::check(const LengthRule &rule, const QString &text)
{
    LengthCheck result;
    const QString countable = countableText(rule, text);
    switch (rule.counting) {
    case LengthRule::Counting::Graphemes:
        result.used = graphemeCount(countable);
        break;
    case LengthRule::Counting::XWeighted:
        result.used = xWeightedLength(countable);
        break;
    case LengthRule::Counting::Utf16CodeUnits:
        result.used = int(countable.size());
        break;
    }
    result.limit = rule.limit;
    result.unit = unitLabel(rule.unit);
    if (rule.hasLimit()) {
        result.remaining = rule.limit - result.used;
        result.over = result.used > rule.limit;
    }
    // Bytes are of the text as sent: Bluesky stores URLs in full.
    result.utf8Bytes = utf8Length(text);
    result.utf8ByteLimit = rule.utf8ByteLimit;
    if (rule.utf8ByteLimit >= 0 && result.utf8Bytes > rule.utf8ByteLimit) {
        result.overBytes = true;
        result.over = true;
    }
    return result;
}

int ReplyLengthCounter::graphemeCount(const QString &text)
{
    if (text.isEmpty())
        return 0;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    int count = 0;
    while (finder.toNextBoundary() != -1)
        ++count;
    return count;
}

int ReplyLengthCounter::utf8Length(const QString &text)
{
    return int(text.toUtf8().size());
}

int ReplyLengthCounter::xWeightedLength(const QString &text)
{
    // twitter-text counts the NFC form: "e" + U+0301 is one "é".
    const QString normalized = text.normalized(QString::NormalizationForm_C);
    if (normalized.isEmpty())
        return 0;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, normalized);
    int weight = 0;
    qsizetype start = 0;
    qsizetype end = 0;
    while ((end = finder.toNextBoundary()) != -1) {
        const QList<char32_t> cluster = codePoints(QStringView(normalized).mid(start, end - start));
        if (isEmojiCluster(cluster)) {
            weight += 2;
        } else {
            for (char32_t cp : cluster)
                weight += xCodePointWeight(cp);
        }
        start = end;
    }
    return weight;
}

QString ReplyLengthCounter::countableText(const LengthRule &rule, const QString &text)
{
    QList<Span> spans;
    if (rule.urlLength >= 0)
        spans = urlSpans(rule, text);
    if (rule.remoteMentionsCountLocalPart)
        spans += mentionSpans(text, spans);
    if (spans.isEmpty())
        return text;
    std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.start < b.start; });
    QString out;
    qsizetype pos = 0;
    for (const Span &s : std::as_const(spans)) {
        out += QStringView(text).mid(pos, s.start - pos);
        out += s.replacement;
        pos = s.end;
    }
    out += QStringView(text).mid(pos);
    return out;
}

} // namespace Care::Core
