#pragma once

#include <QString>
#include <QStringList>
#include <random>

namespace Care::Bench {

// Deterministic text for the generated store: words drawn by a Zipf law from a vocabulary of
// customer-care English followed by a long tail of invented words, so a few words are very
// common (the common search term) and most are rare, as in real traffic.
class Vocabulary
{
public:
    Vocabulary();

    // A frequent word (in a few percent of messages) and one put in a handful of messages.
    static QString commonTerm() { return QStringLiteral("refund"); }
    static QString rareTerm() { return QStringLiteral("zeppelin"); }

    // About `words` words with punctuation; sometimes an order number.
    QString sentence(std::mt19937_64 &rng, int words) const;
    // A lognormal message length: customers write short, agents a little longer.
    static int inboundLength(std::mt19937_64 &rng);
    static int outboundLength(std::mt19937_64 &rng);
    QString customerName(std::mt19937_64 &rng) const;

private:
    QString word(std::mt19937_64 &rng) const;

    QStringList m_words;
    std::vector<double> m_cumulative; // Zipf weights, summed
};

} // namespace Care::Bench
