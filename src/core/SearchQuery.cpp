#include "core/SearchQuery.h"

#include <QCoreApplication>

#include <algorithm>

namespace Care::Core {

QString SearchQuery::normalize(const QString &text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    bool pendingSpace = false;
    for (const QChar ch : decomposed) {
        const auto category = ch.category();
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining
            || category == QChar::Mark_Enclosing)
            continue;
        if (ch.isLetterOrNumber() || ch.isSurrogate()) {
            if (pendingSpace && !out.isEmpty())
                out += QLatin1Char(' ');
            pendingSpace = false;
            out += ch.toLower();
        } else {
            pendingSpace = true;
        }
    }
    return out;
}

namespace {

struct Token
{
    QString text;
    bool quoted = false;
    bool negated = false;
};

QList<Token> tokenize(const QString &text)
{
    QList<Token> tokens;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        if (text.at(i).isSpace()) {
            ++i;
            continue;
        }
        Token token;
        if (text.at(i) == QLatin1Char('-') && i + 1 < n && !text.at(i + 1).isSpace()) {
            token.negated = true;
            ++i;
        }
        if (i < n && text.at(i) == QLatin1Char('"')) {
            token.quoted = true;
            const qsizetype close = text.indexOf(QLatin1Char('"'), i + 1);
            const qsizetype end = close < 0 ? n : close;
            token.text = text.mid(i + 1, end - i - 1);
            i = close < 0 ? n : close + 1;
        } else {
            const qsizetype start = i;
            while (i < n && !text.at(i).isSpace())
                ++i;
            token.text = text.mid(start, i - start);
        }
        tokens << token;
    }
    return tokens;
}

} // namespace

Result<SearchQuery> SearchQuery::parse(const QString &text)
{
    SearchQuery query;
    const QList<Token> tokens = tokenize(text);
    bool joinWithPrevious = false;
    for (const Token &token : tokens) {
        if (!token.quoted && !token.negated && token.text == QLatin1String("OR")) {
            joinWithPrevious = !query.m_clauses.isEmpty();
            continue;
        }
        Term term;
        QString raw = token.text;
        if (!token.quoted && raw.endsWith(QLatin1Char('*'))) {
            term.prefix = true;
            raw.chop(1);
        }
        const QString normalized = normalize(raw);
        term.words = normalized.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (term.words.isEmpty()) {
            joinWithPrevious = false;
            continue; // punctuation only: nothing to look for
        }
        if (joinWithPrevious && !token.negated && !query.m_clauses.last().negated) {
            query.m_clauses.last().alternatives << term;
        } else {
            Clause clause;
            clause.negated = token.negated;
            clause.alternatives << term;
            query.m_clauses << clause;
        }
        joinWithPrevious = false;
    }
    if (!query.m_clauses.isEmpty()) {
        const bool anyPositive = std::any_of(query.m_clauses.cbegin(), query.m_clauses.cend(),
                                             [](const Clause &c) { return !c.negated; });
        if (!anyPositive) {
            return Error::make(Error::Code::InvalidInput,
                               QCoreApplication::translate("Care::Core::SearchQuery",
                                                           "A search needs at least one word to look for."),
                               QCoreApplication::translate("Care::Core::SearchQuery",
                                                           "Add a word without a minus sign, e.g. refund -spam."));
        }
    }
    return query;
}

} // namespace Care::Core
