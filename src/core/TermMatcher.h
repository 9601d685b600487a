#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace Care::Core {

// Finds the brand's terms in text that does not tag the brand (a blog post, a news article):
// case-insensitive, whole words only ("Acme" finds "ACME's" and "acme," but not "Acmeville"),
// a term of several words across any whitespace ("Acme  kettle" over a line break). A term's
// own punctuation is taken literally ("C++", "#acme"). Empty and blank terms are ignored.
class TermMatcher
{
public:
    explicit TermMatcher(const QStringList &terms);

    bool isEmpty() const { return m_patterns.isEmpty(); }
    // The terms found in `text`, in the order they were given.
    QStringList find(const QString &text) const;
    bool matches(const QString &text) const;
    // Where the first of any term starts in `text`, or -1.
    qsizetype firstMatch(const QString &text) const;

private:
    QList<QPair<QString, QRegularExpression>> m_patterns;
};

} // namespace Care::Core
