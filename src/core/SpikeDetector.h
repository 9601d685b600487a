#pragma once

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Care::Core {

// Spots an incident in the making: more negative messages in the last hour than usual at this
// time of day, overall or about one topic (a hashtag or a word, with the words that travel with
// it). "Usual" is the mean over the same window on each of the previous days, so a Monday
// morning rush is not an incident. Pure and deterministic: the caller passes the messages and
// the time, and gets back what spiked with the messages behind it.
class SpikeDetector
{
public:
    struct Message
    {
        qint64 id = 0;
        qint64 conversationId = 0;
        QDateTime at;
        QString text;
        bool negative = false;
    };

    struct Config
    {
        qint64 windowSeconds = 60 * 60;
        int baselineDays = 7;
        int minimumCount = 5;     // fewer messages than this are never a spike
        double factor = 3.0;      // this many times the usual level (at least 1 a window)
        int maximumTopics = 3;
        double clusterOverlap = 0.8; // a word found in this share of a topic's messages joins it
        QSet<QString> stopwords;  // lower case; words never taken for a topic
    };

    struct Spike
    {
        QString topic; // empty: negative messages overall
        QStringList relatedTerms;
        int count = 0;
        double usual = 0.0; // mean per window on the previous days
        QDateTime from;
        QDateTime to;
        QList<qint64> messageIds;
        QList<qint64> conversationIds;

        // "12 negative messages mention “outage” (also “down”, “login”) in the last 60 min; usually 0.3."
        QString explanation() const;
    };

    // Spikes in the window ending at `now`, the overall one first, then topics by size.
    static QList<Spike> detect(const QList<Message> &messages, const QDateTime &now, const Config &config);
    // The topic terms of a text: hashtags and words of four letters or more, lower case.
    static QSet<QString> terms(const QString &text, const QSet<QString> &stopwords);
};

} // namespace Care::Core
