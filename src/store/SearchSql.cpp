#include "store/SearchSql.h"

namespace Care::Store {

using Core::SearchQuery;

namespace {

// Words are already normalised to letters and digits, so quoting cannot be escaped from.
QString fts5Term(const SearchQuery::Term &term)
{
    QString text = QLatin1Char('"') + term.words.join(QLatin1Char(' ')) + QLatin1Char('"');
    if (term.prefix)
        text += QLatin1Char('*');
    return text;
}

QString tsTerm(const SearchQuery::Term &term)
{
    QStringList words;
    for (qsizetype i = 0; i < term.words.size(); ++i) {
        QString word = term.words.at(i);
        if (term.prefix && i == term.words.size() - 1)
            word += QStringLiteral(":*");
        words << word;
    }
    return words.size() == 1 ? words.first() : QLatin1Char('(') + words.join(QStringLiteral(" <-> ")) + QLatin1Char(')');
}

template<typename TermRenderer>
QStringList renderAlternatives(const SearchQuery::Clause &clause, TermRenderer render)
{
    QStringList out;
    for (const auto &term : clause.alternatives)
        out << render(term);
    return out;
}

} // namespace

QString renderFts5(const SearchQuery &query)
{
    QStringList positive;
    QStringList negative;
    for (const auto &clause : query.clauses()) {
        const QStringList alternatives = renderAlternatives(clause, fts5Term);
        const QString text = alternatives.size() == 1 ? alternatives.first()
                                                      : QLatin1Char('(') + alternatives.join(QStringLiteral(" OR "))
                                                            + QLatin1Char(')');
        (clause.negated ? negative : positive) << text;
    }
    QString expression = positive.join(QStringLiteral(" AND "));
    for (const QString &n : negative)
        expression += QStringLiteral(" NOT ") + n;
    return expression;
}

QString renderTsQuery(const SearchQuery &query)
{
    QStringList parts;
    for (const auto &clause : query.clauses()) {
        const QStringList alternatives = renderAlternatives(clause, tsTerm);
        QString text = alternatives.size() == 1 ? alternatives.first()
                                                : QLatin1Char('(') + alternatives.join(QStringLiteral(" | "))
                                                      + QLatin1Char(')');
        if (clause.negated)
            text = QLatin1Char('!') + text;
        parts << text;
    }
    return parts.join(QStringLiteral(" & "));
}

QString renderSearch(SqlDialect dialect, const SearchQuery &query)
{
    return dialect == SqlDialect::PostgreSQL ? renderTsQuery(query) : renderFts5(query);
}

QString postgresMatchCondition()
{
    return QStringLiteral("search_vector @@ to_tsquery('simple', :search)");
}

QString matchingMessageIdsSql(SqlDialect dialect)
{
    if (dialect == SqlDialect::PostgreSQL)
        return QStringLiteral("SELECT id FROM messages WHERE ") + postgresMatchCondition();
    return QStringLiteral("SELECT rowid FROM message_fts WHERE message_fts MATCH :search");
}

} // namespace Care::Store
