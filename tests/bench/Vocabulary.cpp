#include "Vocabulary.h"

#include <algorithm>
#include <cmath>

namespace Care::Bench {

namespace {

// In rough order of frequency in customer-care traffic; the tail is invented below.
const char *const kCommonWords[] = {
    "the", "my", "i", "to", "and", "a", "is", "for", "you", "it", "of", "on", "in", "not", "this", "have", "with",
    "order", "please", "was", "me", "can", "your", "help", "no", "refund", "still", "but", "flight", "be", "at", "we",
    "thanks", "booking", "just", "what", "when", "why", "ticket", "bag", "delivery", "account", "today", "hours",
    "days", "waiting", "again", "been", "now", "email", "app", "payment", "card", "number", "sorry", "time", "hi",
    "hello", "received", "cancel", "cancelled", "delayed", "luggage", "seat", "check", "gate", "customer", "service",
    "support", "phone", "call", "answer", "week", "charged", "twice", "voucher", "code", "discount", "price",
    "broken", "damaged", "missing", "item", "package", "tracking", "address", "change", "password", "login", "reset",
    "error", "update", "website", "chat", "agent", "manager", "complaint", "terrible", "great", "love", "awesome",
    "disappointed", "frustrated", "urgent", "asap", "morning", "tonight", "tomorrow", "yesterday", "month", "year",
    "money", "back", "return", "exchange", "size", "colour", "store", "shop", "online", "invoice", "receipt",
    "subscription", "plan", "upgrade", "downgrade", "renewal", "contract", "fee", "late", "early", "arrived", "sent",
    "shipping", "courier", "parcel", "doorstep", "neighbour", "signature", "photo", "attached", "screenshot", "link",
    "dm", "private", "message", "reply", "replied", "nobody", "anyone", "someone", "hotel", "train", "bus", "car",
    "rental", "insurance", "claim", "policy", "warranty", "repair", "replacement", "battery", "screen", "charger",
    "kettle", "coffee", "machine", "fridge", "oven", "washer", "dryer", "vacuum", "lamp", "sofa", "table", "chair",
    "bed", "mattress", "pillow", "shoes", "jacket", "shirt", "dress", "jeans", "bag", "wallet", "watch", "ring",
    "gift", "birthday", "christmas", "holiday", "vacation", "trip", "passport", "visa", "baggage", "overweight",
    "upgrade", "lounge", "miles", "points", "status", "member", "loyalty", "rewards", "offer", "deal", "sale",
};

const char *const kSyllables[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "pe", "da", "gu", "ze", "bo",
                                  "fi", "ha", "ju", "ko", "li", "mu", "no", "pa", "ri", "so", "tu", "va", "wi"};

const char *const kFirstNames[] = {"Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Robin",
                                   "Charlie", "Maria", "Jonas", "Aiko", "Priya", "Lars", "Fatima", "Chen", "Olu",
                                   "Sofia", "Mateo", "Noor", "Elena", "Kwame", "Ines", "Hana", "Yusuf"};
const char *const kLastNames[] = {"Smith", "Garcia", "Müller", "Rossi", "Kowalski", "Nguyen", "Okafor", "Silva",
                                  "Haddad", "Johansson", "Tanaka", "Novak", "Dubois", "Kaya", "Costa", "Berg"};

constexpr int kInventedWords = 20000;

} // namespace

Vocabulary::Vocabulary()
{
    for (const char *w : kCommonWords)
        m_words << QString::fromUtf8(w);
    // The tail: deterministic invented words of two to four syllables.
    std::mt19937_64 rng(7);
    for (int i = 0; i < kInventedWords; ++i) {
        QString w;
        const int syllables = 2 + int(rng() % 3);
        for (int s = 0; s < syllables; ++s)
            w += QLatin1String(kSyllables[rng() % std::size(kSyllables)]);
        m_words << w;
    }
    m_words.removeAll(rareTerm());
    double sum = 0;
    for (qsizetype rank = 0; rank < m_words.size(); ++rank) {
        sum += 1.0 / std::pow(double(rank) + 2.0, 1.05);
        m_cumulative.push_back(sum);
    }
}

QString Vocabulary::word(std::mt19937_64 &rng) const
{
    const double u = std::uniform_real_distribution<double>(0.0, m_cumulative.back())(rng);
    const auto it = std::lower_bound(m_cumulative.begin(), m_cumulative.end(), u);
    return m_words.at(std::min<qsizetype>(it - m_cumulative.begin(), m_words.size() - 1));
}

QString Vocabulary::sentence(std::mt19937_64 &rng, int words) const
{
    QString out;
    out.reserve(words * 7);
    bool capital = true;
    for (int i = 0; i < words; ++i) {
        QString w = word(rng);
        if (capital && !w.isEmpty())
            w[0] = w.at(0).toUpper();
        capital = false;
        if (!out.isEmpty())
            out += QLatin1Char(' ');
        out += w;
        const unsigned r = unsigned(rng() % 100);
        if (r < 6) {
            out += QLatin1Char('.');
            capital = true;
        } else if (r < 9) {
            out += QLatin1Char(',');
        } else if (r == 9) {
            out += QStringLiteral(" #A%1").arg(100000 + rng() % 900000);
        }
    }
    out += rng() % 4 == 0 ? QLatin1Char('?') : QLatin1Char('.');
    return out;
}

int Vocabulary::inboundLength(std::mt19937_64 &rng)
{
    std::lognormal_distribution<double> d(std::log(18.0), 0.6);
    return std::clamp(int(d(rng)), 2, 120);
}

int Vocabulary::outboundLength(std::mt19937_64 &rng)
{
    std::lognormal_distribution<double> d(std::log(30.0), 0.4);
    return std::clamp(int(d(rng)), 6, 90);
}

QString Vocabulary::customerName(std::mt19937_64 &rng) const
{
    return QString::fromUtf8(kFirstNames[rng() % std::size(kFirstNames)]) + QLatin1Char(' ')
        + QString::fromUtf8(kLastNames[rng() % std::size(kLastNames)]);
}

} // namespace Care::Bench
