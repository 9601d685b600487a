#include "core/UrgencyClassifier.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QVarLengthArray>
#include <algorithm>
#include <array>

namespace Care::Core {

namespace {

using Signal = TriageRules::Signal;

// One piece of text a rule matched.
struct Hit
{
    const TriageRules::Rule *rule = nullptr; // null for date mentions
    Signal signal = Signal::TimeSensitive;
    qsizetype start = 0;
    qsizetype end = 0;
    double weight = 1.0;
    QString note; // "(tomorrow)" for dates
};

constexpr int kQuotesPerSignal = 3;
constexpr qsizetype kQuoteLength = 80;

bool overlaps(const Hit &a, const Hit &b)
{
    return a.start < b.end && b.start < a.end;
}

// Typographic apostrophes and quotes become ASCII, one character for one, so rules can say "can't"
// once and match offsets still point into the original text.
QString normalised(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        if (u == 0x2019 || u == 0x2018 || u == 0x02BC || u == 0x0060 || u == 0x00B4)
            c = QLatin1Char('\'');
        else if (u == 0x201C || u == 0x201D || u == 0x201E)
            c = QLatin1Char('"');
    }
    return out;
}

QString quoteOf(const QString &text, const Hit &hit)
{
    QString quote = text.mid(hit.start, hit.end - hit.start).simplified();
    if (quote.size() > kQuoteLength)
        quote = QString(quote.left(kQuoteLength - 1) + QChar(0x2026));
    return QString(QLatin1Char('"') + quote + QLatin1Char('"'));
}

// Within one signal, a longer or heavier match wins over the pieces it contains: "flight at 7am
// tomorrow" counts once, not as "flight" + "tomorrow" + the whole.
QList<Hit> withoutOverlaps(QList<Hit> hits)
{
    std::stable_sort(hits.begin(), hits.end(), [](const Hit &a, const Hit &b) {
        if (a.weight != b.weight)
            return a.weight > b.weight;
        return (a.end - a.start) > (b.end - b.start);
    });
    QList<Hit> kept;
    for (const Hit &hit : hits) {
        const bool clash = std::any_of(kept.cbegin(), kept.cend(), [&](const Hit &k) { return overlaps(k, hit); });
        if (!clash)
            kept << hit;
    }
    std::sort(kept.begin(), kept.end(), [](const Hit &a, const Hit &b) { return a.start < b.start; });
    return kept;
}

// The regex engine reports the leftmost match, which for "travel … time" rules can start at an
// earlier travel word ("Check-in keeps failing and my flight at 7am tomorrow"). Moving the start to
// later words while the rule still matches up to the same end gives the quote an agent can read.
qsizetype tightestStart(const QRegularExpression &regex, const QString &subject, qsizetype start, qsizetype end)
{
    qsizetype best = start;
    for (qsizetype pos = start + 1; pos < end; ++pos) {
        if (!subject.at(pos).isLetterOrNumber() || subject.at(pos - 1).isLetterOrNumber())
            continue; // only word starts
        const auto match
            = regex.match(subject, pos, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        if (match.hasMatch() && match.capturedEnd() == end)
            best = pos;
    }
    return best;
}

int firstCapturedGroup(const QRegularExpressionMatch &match, int from, int count)
{
    for (int i = 0; i < count; ++i) {
        if (match.capturedStart(from + i) >= 0)
            return i;
    }
    return -1;
}

QString dayNote(qint64 days)
{
    if (days == 0)
        return QStringLiteral("(today)");
    if (days == 1)
        return QStringLiteral("(tomorrow)");
    return QStringLiteral("(in %1 days)").arg(days);
}

// Weekdays and calendar dates become "today"/"tomorrow" once the message time is known. A date
// that has passed this year is read as next year's.
QList<Hit> dateHits(const TriageRules::Language &language, const QString &text, const QDate &today)
{
    QList<Hit> hits;
    if (!today.isValid() || !language.weekdays.isValid())
        return hits;
    auto add = [&](const QRegularExpressionMatch &match, qint64 days) {
        if (days < 0 || days > language.dateWithinDays)
            return;
        hits << Hit { nullptr, Signal::TimeSensitive, match.capturedStart(), match.capturedEnd(), language.dateWeight,
            dayNote(days) };
    };
    auto upcoming = [&](int month, int day) -> qint64 {
        QDate date(today.year(), month, day);
        if (!date.isValid())
            return -1;
        if (date < today)
            date = QDate(today.year() + 1, month, day);
        return date.isValid() ? today.daysTo(date) : -1;
    };
    for (auto it = language.weekdays.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        const int weekday = firstCapturedGroup(match, 1, 7) + 1;
        if (weekday > 0)
            add(match, (weekday - today.dayOfWeek() + 7) % 7);
    }
    for (auto it = language.dayMonth.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        const int month = firstCapturedGroup(match, 2, 12) + 1;
        if (month > 0)
            add(match, upcoming(month, match.captured(1).toInt()));
    }
    for (auto it = language.monthDay.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        const int month = firstCapturedGroup(match, 1, 12) + 1;
        if (month > 0)
            add(match, upcoming(month, match.captured(13).toInt()));
    }
    return hits;
}

// Shouting: a long message written almost entirely in capitals.
bool isShouting(const QString &text)
{
    int letters = 0;
    int upper = 0;
    for (const QChar c : text) {
        if (!c.isLetter())
            continue;
        ++letters;
        if (c.isUpper())
            ++upper;
    }
    return letters >= 12 && upper * 10 >= letters * 7;
}

bool hasWords(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.isLetterOrNumber(); });
}

// Hits grouped by signal, indexed by the enum.
struct SignalHits
{
    std::array<QList<Hit>, 8> lists;
    QList<Hit> &operator[](Signal signal) { return lists[std::size_t(signal)]; }
};

double sum(const QList<Hit> &hits, qsizetype contrastAt)
{
    double total = 0.0;
    for (const Hit &hit : hits)
        total += hit.start >= contrastAt ? 2.0 * hit.weight : hit.weight;
    return total;
}

} // namespace

UrgencyClassifier::UrgencyClassifier(TriageRules rules, Scan scan)
    : m_rules(std::move(rules))
{
    const QStringList codes = m_rules.languageCodes();
    for (qsizetype i = 0; i < codes.size(); ++i) {
        for (const QString &word : m_rules.language(codes.at(i))->stopwords)
            m_stopwordLanguages[word] << int(i);
    }
    if (scan == Scan::EveryRule)
        return;
    for (const QString &code : codes) {
        QList<QList<PatternLiterals::Clause>> required;
        for (const TriageRules::Rule &rule : m_rules.language(code)->rules)
            required << PatternLiterals::required(rule.regex.pattern());
        m_prefilters.insert(code, LiteralPrefilter(required));
    }
}

QString UrgencyClassifier::detectLanguage(const QString &text) const
{
    // The words are the runs of letters (what [\p{L}]+ matches: tst_triageprefilter checks that
    // QChar::isLetter agrees with it over all of Unicode), lower-cased, each looked up once in
    // the stop words of every language.
    const QStringList codes = m_rules.languageCodes();
    QVarLengthArray<int, 8> counts(codes.size());
    std::fill(counts.begin(), counts.end(), 0);
    const QString subject = normalised(text);
    // The regular expression engine matched nothing in text that is not valid UTF-16 (a lone
    // surrogate): no words, no language.
    if (!QStringView(subject).isValidUtf16())
        return QStringLiteral("und");
    const qsizetype n = subject.size();
    qsizetype start = -1;
    auto countWord = [&](qsizetype end) {
        const auto languages = m_stopwordLanguages.constFind(subject.mid(start, end - start).toLower());
        if (languages == m_stopwordLanguages.constEnd())
            return;
        for (const int i : languages.value())
            ++counts[i];
    };
    for (qsizetype i = 0; i < n;) {
        char32_t c = subject.at(i).unicode();
        qsizetype width = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < n && subject.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(char16_t(c), subject.at(i + 1).unicode());
            width = 2;
        }
        const bool letter = QChar::isLetter(c);
        if (letter && start < 0)
            start = i;
        else if (!letter && start >= 0) {
            countWord(i);
            start = -1;
        }
        i += width;
    }
    if (start >= 0)
        countWord(n);
    QString best = QStringLiteral("und");
    int bestCount = 0;
    bool tie = false;
    for (qsizetype i = 0; i < codes.size(); ++i) {
        const int count = counts[i];
        if (count > bestCount) {
            best = codes.at(i);
            bestCount = count;
            tie = false;
        } else if (count == bestCount && count > 0) {
            tie = true;
        }
    }
    return tie ? QStringLiteral("und") : best;
}

Triage UrgencyClassifier::classify(const QString &text, const QDateTime &createdAt) const
{
    Triage triage;
    triage.language = detectLanguage(text);
    if (!hasWords(text)) {
        triage.urgency = Priority::Low;
        triage.noAction = true;
        triage.reasons << QStringLiteral("low: no words to act on");
        return triage;
    }
    const TriageRules::Language *language = m_rules.language(triage.language);
    if (!language)
        language = m_rules.language(m_rules.fallbackLanguage());
    if (!language) {
        triage.reasons << QStringLiteral("normal: no triage rules loaded");
        return triage;
    }

    const QString subject = normalised(text);
    LiteralPrefilter::Candidates candidates;
    const auto prefilter = m_prefilters.constFind(language->code);
    if (prefilter != m_prefilters.constEnd())
        prefilter->mayMatch(subject, candidates);
    SignalHits hits;
    QList<Hit> negations;
    for (qsizetype r = 0; r < language->rules.size(); ++r) {
        if (!candidates.isEmpty() && !candidates[r])
            continue; // it lacks a word the rule cannot match without
        const TriageRules::Rule &rule = language->rules.at(r);
        for (auto it = rule.regex.globalMatch(subject); it.hasNext();) {
            const auto match = it.next();
            if (match.capturedLength() == 0)
                continue;
            const qsizetype start = tightestStart(rule.regex, subject, match.capturedStart(), match.capturedEnd());
            const Hit hit { &rule, rule.signal, start, match.capturedEnd(), rule.weight, {} };
            if (rule.signal == Signal::Negation)
                negations << hit;
            else
                hits[rule.signal] << hit;
        }
    }
    for (const Hit &date : dateHits(*language, subject, createdAt.date())) {
        const auto &timeHits = hits[Signal::TimeSensitive];
        if (std::none_of(timeHits.cbegin(), timeHits.cend(), [&](const Hit &h) { return overlaps(h, date); }))
            hits[Signal::TimeSensitive] << date;
    }

    // Negations first: "not urgent", "no rush", "dying to fly with you" take back what the
    // alarming words inside or around them would otherwise claim.
    QStringList negationReasons;
    for (const Hit &negation : negations) {
        QStringList suppressedLabels;
        for (Signal signal : negation.rule->suppresses) {
            auto &list = hits[signal];
            const auto before = list.size();
            if (negation.rule->scope == TriageRules::Scope::Message)
                list.clear();
            else
                list.erase(
                    std::remove_if(list.begin(), list.end(), [&](const Hit &h) { return overlaps(h, negation); }),
                    list.end());
            if (list.size() != before)
                suppressedLabels << TriageRules::signalLabel(signal);
        }
        if (!suppressedLabels.isEmpty()) {
            negationReasons << QString(QStringLiteral("not counted as ") + suppressedLabels.join(QStringLiteral(", "))
                + QStringLiteral(": ") + quoteOf(text, negation));
            triage.matchedRules << negation.rule->qualifiedId();
        }
    }
    for (QList<Hit> &list : hits.lists)
        list = withoutOverlaps(list);

    const QList<Hit> &timeHits = hits[Signal::TimeSensitive];
    const QList<Hit> &lossHits = hits[Signal::ServiceLoss];
    double timeScore = 0.0;
    for (const Hit &hit : timeHits)
        timeScore += hit.weight;
    // The epsilon keeps 0.9 + 1.1 at the threshold of 2 despite binary fractions.
    triage.timeSensitive = !timeHits.isEmpty() && timeScore + 1e-9 >= language->timeSensitiveThreshold;
    // No-action rules (spam, bots, "never mind") win over everything: phishing imitates exactly the
    // words of a lost service ("your account will be suspended in 24 hours"), so the no-action
    // patterns are kept narrow instead.
    triage.noAction = !hits[Signal::NoAction].isEmpty();
    triage.serviceLoss = !lossHits.isEmpty() && !triage.noAction;
    if (triage.noAction)
        triage.timeSensitive = false;
    triage.sarcasm = !hits[Signal::Sarcasm].isEmpty();
    triage.angry = !hits[Signal::Angry].isEmpty() || isShouting(text);

    // Sentiment: sarcasm and anger decide alone; otherwise praise must outweigh complaints, and
    // what follows "but" counts double ("the flight was late but the crew were lovely").
    qsizetype contrastAt = subject.size() + 1;
    if (language->contrast.isValid()) {
        for (auto it = language->contrast.globalMatch(subject); it.hasNext();)
            contrastAt = it.next().capturedEnd();
    }
    const double praiseScore = triage.sarcasm ? 0.0 : sum(hits[Signal::Praise], contrastAt);
    const double complaintScore = sum(hits[Signal::Negative], contrastAt) + sum(lossHits, contrastAt);
    if (triage.noAction)
        triage.sentiment = Sentiment::Neutral;
    else if (triage.sarcasm || triage.angry)
        triage.sentiment = Sentiment::Negative;
    else if (praiseScore >= 1.0 && praiseScore > complaintScore)
        triage.sentiment = Sentiment::Positive;
    else if (complaintScore > 0.0)
        triage.sentiment = Sentiment::Negative;
    triage.praise = triage.sentiment == Sentiment::Positive;

    // "Flying with you tomorrow, so excited!" names a near time but asks for nothing: nothing has
    // to happen before then, so it is praise to answer, not a deadline.
    QString praiseOnly;
    if (triage.timeSensitive && triage.praise && !triage.serviceLoss && !subject.contains(QLatin1Char('?'))) {
        triage.timeSensitive = false;
        praiseOnly = QStringLiteral("not time-sensitive: praise that asks for nothing");
    }

    const TriageRules::Rule *urgentRule = nullptr;
    for (const Hit &hit : lossHits) {
        if (hit.rule->level == Priority::Urgent && !urgentRule)
            urgentRule = hit.rule;
    }
    if (triage.timeSensitive) {
        for (const Hit &hit : timeHits) {
            if (hit.rule && hit.rule->level == Priority::Urgent && !urgentRule)
                urgentRule = hit.rule;
        }
    }

    QString summary;
    if (triage.noAction) {
        triage.urgency = Priority::Low;
        summary = QStringLiteral("low: no action needed");
    } else if (triage.timeSensitive && triage.serviceLoss) {
        triage.urgency = Priority::Urgent;
        summary = QStringLiteral("urgent: time-sensitive and service loss");
    } else if (urgentRule) {
        triage.urgency = Priority::Urgent;
        summary = QStringLiteral("urgent: rule %1 (%2)").arg(urgentRule->qualifiedId(), urgentRule->description);
    } else if (triage.timeSensitive || triage.serviceLoss) {
        triage.urgency = Priority::High;
        summary = triage.timeSensitive ? QStringLiteral("high: time-sensitive") : QStringLiteral("high: service loss");
    } else {
        triage.urgency = Priority::Normal;
        summary = triage.praise ? QStringLiteral("normal: praise deserves a reply")
                                : QStringLiteral("normal: needs a reply, nothing time-sensitive or lost");
    }

    auto explain = [&](Signal signal, bool counted) {
        if (!counted)
            return;
        int quoted = 0;
        for (const Hit &hit : hits[signal]) {
            if (hit.rule)
                triage.matchedRules << hit.rule->qualifiedId();
            if (quoted++ < kQuotesPerSignal) {
                QString reason = TriageRules::signalLabel(signal) + QStringLiteral(": ") + quoteOf(text, hit);
                if (!hit.note.isEmpty())
                    reason += QLatin1Char(' ') + hit.note;
                triage.reasons << reason;
            }
        }
    };
    explain(Signal::TimeSensitive, triage.timeSensitive);
    explain(Signal::ServiceLoss, triage.serviceLoss);
    explain(Signal::Sarcasm, triage.sarcasm);
    explain(Signal::Angry, triage.angry);
    if (triage.angry && hits[Signal::Angry].isEmpty())
        triage.reasons << QStringLiteral("angry: written in capitals");
    explain(Signal::Negative, triage.sentiment == Sentiment::Negative);
    explain(Signal::Praise, triage.praise);
    explain(Signal::NoAction, triage.noAction);
    triage.reasons << negationReasons;
    if (!praiseOnly.isEmpty())
        triage.reasons << praiseOnly;
    triage.reasons << summary;
    triage.matchedRules.removeDuplicates();
    return triage;
}

} // namespace Care::Core
