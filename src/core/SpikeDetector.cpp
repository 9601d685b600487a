#include "core/SpikeDetector.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace Care::Core {

namespace {

struct Strings {
    Q_DECLARE_TR_FUNCTIONS(Care::Core::SpikeDetector)
};

// Words too common in complaints to name an incident, whatever the language rules say.
const QSet<QString> &builtinStopwords()
{
    static const QSet<QString> words = {
        QStringLiteral("this"),  QStringLiteral("that"),  QStringLiteral("with"),   QStringLiteral("have"),
        QStringLiteral("your"),  QStringLiteral("from"),  QStringLiteral("they"),   QStringLiteral("what"),
        QStringLiteral("when"),  QStringLiteral("there"), QStringLiteral("been"),   QStringLiteral("just"),
        QStringLiteral("still"), QStringLiteral("again"), QStringLiteral("please"), QStringLiteral("thanks"),
        QStringLiteral("hello"), QStringLiteral("anyone"), QStringLiteral("does"),  QStringLiteral("doesn't"),
        QStringLiteral("can't"), QStringLiteral("cannot"), QStringLiteral("won't"), QStringLiteral("will"),
        QStringLiteral("would"), QStringLiteral("could"),  QStringLiteral("about"), QStringLiteral("into"),
        QStringLiteral("than"),  QStringLiteral("then"),   QStringLiteral("them"),  QStringLiteral("very"),
        QStringLiteral("really"), QStringLiteral("today"), QStringLiteral("here"),  QStringLiteral("some"),
    };
    return words;
}

bool inWindow(const QDateTime &at, qint64 fromMs, qint64 toMs)
{
    const qint64 ms = at.toMSecsSinceEpoch();
    return ms >= fromMs && ms < toMs;
}

} // namespace

QSet<QString> SpikeDetector::terms(const QString &text, const QSet<QString> &stopwords)
{
    static const QRegularExpression word(QStringLiteral("#?[\\p{L}][\\p{L}\\p{N}'’_-]*"),
                                         QRegularExpression::UseUnicodePropertiesOption);
    QSet<QString> found;
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        QString term = it.next().captured(0).toLower();
        term.replace(QChar(0x2019), QLatin1Char('\''));
        while (term.endsWith(QLatin1Char('\'')) || term.endsWith(QLatin1Char('-')))
            term.chop(1);
        const bool hashtag = term.startsWith(QLatin1Char('#'));
        const QString bare = hashtag ? term.mid(1) : term;
        if (bare.isEmpty() || stopwords.contains(bare) || builtinStopwords().contains(bare))
            continue;
        if (!hashtag && bare.size() < 4)
            continue;
        found.insert(hashtag ? term : bare);
    }
    return found;
}

QList<SpikeDetector::Spike> SpikeDetector::detect(const QList<Message> &messages, const QDateTime &now,
                                                  const Config &config)
{
    QList<Spike> spikes;
    if (!now.isValid() || config.windowSeconds <= 0)
        return spikes;
    const qint64 windowMs = config.windowSeconds * 1000;
    const qint64 toMs = now.toMSecsSinceEpoch();
    const qint64 fromMs = toMs - windowMs;
    const int days = std::max(1, config.baselineDays);
    const auto isSpike = [&config](int count, double usual) {
        return count >= config.minimumCount && count >= config.factor * std::max(usual, 1.0);
    };

    // Negative messages now, and per term; the same for the same window on earlier days.
    QList<const Message *> current;
    QHash<QString, QList<const Message *>> currentByTerm;
    int baselineTotal = 0;
    QHash<QString, int> baselineByTerm;
    for (const Message &message : messages) {
        if (!message.negative || !message.at.isValid())
            continue;
        const bool isCurrent = inWindow(message.at, fromMs, toMs);
        int day = 0;
        if (!isCurrent) {
            for (int d = 1; d <= days && day == 0; ++d) {
                const qint64 shift = qint64(d) * 24 * 60 * 60 * 1000;
                if (inWindow(message.at, fromMs - shift, toMs - shift))
                    day = d;
            }
            if (day == 0)
                continue;
        }
        const QSet<QString> found = terms(message.text, config.stopwords);
        if (isCurrent) {
            current << &message;
            for (const QString &term : found)
                currentByTerm[term] << &message;
        } else {
            ++baselineTotal;
            for (const QString &term : found)
                ++baselineByTerm[term];
        }
    }

    const auto fill = [&](Spike &spike, const QList<const Message *> &behind) {
        spike.count = int(behind.size());
        spike.from = QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC);
        spike.to = QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC);
        for (const Message *message : behind) {
            spike.messageIds << message->id;
            if (!spike.conversationIds.contains(message->conversationId))
                spike.conversationIds << message->conversationId;
        }
    };

    const double usualOverall = double(baselineTotal) / days;
    if (isSpike(int(current.size()), usualOverall)) {
        Spike overall;
        overall.usual = usualOverall;
        fill(overall, current);
        spikes << overall;
    }

    // Topics, largest first (ties: alphabetical, so the result never depends on hash order).
    QStringList candidates;
    for (auto it = currentByTerm.cbegin(); it != currentByTerm.cend(); ++it) {
        if (isSpike(int(it.value().size()), double(baselineByTerm.value(it.key())) / days))
            candidates << it.key();
    }
    std::sort(candidates.begin(), candidates.end(), [&currentByTerm](const QString &a, const QString &b) {
        const auto sizeA = currentByTerm.value(a).size();
        const auto sizeB = currentByTerm.value(b).size();
        return sizeA != sizeB ? sizeA > sizeB : a < b;
    });
    QList<Spike> topics;
    for (const QString &term : std::as_const(candidates)) {
        const QList<const Message *> &behind = currentByTerm.value(term);
        // A word that mostly travels with a topic already found joins it ("outage", "down").
        bool joined = false;
        for (Spike &topic : topics) {
            int shared = 0;
            for (const Message *message : behind)
                shared += topic.messageIds.contains(message->id) ? 1 : 0;
            if (shared >= config.clusterOverlap * std::min<qsizetype>(behind.size(), topic.messageIds.size())) {
                topic.relatedTerms << term;
                joined = true;
                break;
            }
        }
        if (joined || topics.size() >= config.maximumTopics)
            continue;
        Spike topic;
        topic.topic = term;
        topic.usual = double(baselineByTerm.value(term)) / days;
        fill(topic, behind);
        topics << topic;
    }
    spikes << topics;
    return spikes;
}

QString SpikeDetector::Spike::explanation() const
{
    const qint64 minutes = from.secsTo(to) / 60;
    const QString usualText = QString::number(usual, 'f', usual < 10 ? 1 : 0);
    if (topic.isEmpty())
        return Strings::tr("%1 negative messages in the last %2 min; usually %3 at this time of day.")
            .arg(count)
            .arg(minutes)
            .arg(usualText);
    QString about = QStringLiteral("“") + topic + QStringLiteral("”");
    if (!relatedTerms.isEmpty())
        about += Strings::tr(" (also %1)").arg(QStringLiteral("“") + relatedTerms.mid(0, 4).join(QStringLiteral("”, “"))
                                              + QStringLiteral("”"));
    return Strings::tr("%1 negative messages mention %2 in the last %3 min; usually %4 at this time of day.")
        .arg(count)
        .arg(about)
        .arg(minutes)
        .arg(usualText);
}

} // namespace Care::Core
