#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Care::Core {

// The one search syntax of the product, the same on every store:
//   refund parcel        both words (AND)
//   "check in"           the words as a phrase
//   refund OR voucher    either
//   -spam                without this word
//   book*                words starting with "book"
// Case and accents do not matter; punctuation separates words.
class SearchQuery
{
public:
    struct Term
    {
        QStringList words; // one word, or several for a phrase
        bool prefix = false;
    };
    // Alternatives joined by OR; a clause is negated when it started with '-'.
    struct Clause
    {
        QList<Term> alternatives;
        bool negated = false;
    };

    static Result<SearchQuery> parse(const QString &text);

    const QList<Clause> &clauses() const { return m_clauses; }
    bool isEmpty() const { return m_clauses.isEmpty(); }

    // Normalises text the way the index sees it: lower case, accents removed, every run of
    // characters that are not letters or digits turned into one space.
    static QString normalize(const QString &text);

private:
    QList<Clause> m_clauses;
};

} // namespace Care::Core
