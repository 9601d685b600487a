#include "core/TriageJson.h"
#include "core/TriageRules.h"
#include "core/UrgencyClassifier.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <algorithm>
#include <array>
#include <iterator>
#include <memory>

using namespace Care::Core;

namespace {

// One message of the labelled set (tests/core/data/triage-labelled.jsonl). Lines marked
// "split": "holdout" (30%) were written after the rules were frozen and the rules were never tuned
// on them; the rest is the tuning split. Labelling guide: tests/core/data/triage-labelling.md.
struct Labelled
{
    int line = 0;
    QString text;
    QDateTime createdAt;
    Priority urgency = Priority::Normal;
    Sentiment sentiment = Sentiment::Neutral;
    bool timeSensitive = false;
    bool heldOut = false;
    bool postFreeze = false; // held out and written after the rules were frozen: the cleanest estimate
};

struct ClassCounts
{
    int truePositives = 0;
    int falsePositives = 0;
    int falseNegatives = 0;

    void add(bool expected, bool predicted)
    {
        if (expected && predicted)
            ++truePositives;
        else if (predicted)
            ++falsePositives;
        else if (expected)
            ++falseNegatives;
    }
    int support() const { return truePositives + falseNegatives; }
    double precision() const
    {
        const int predicted = truePositives + falsePositives;
        return predicted == 0 ? 1.0 : double(truePositives) / predicted;
    }
    double recall() const { return support() == 0 ? 1.0 : double(truePositives) / support(); }
    double f1() const
    {
        const double p = precision();
        const double r = recall();
        return p + r == 0.0 ? 0.0 : 2 * p * r / (p + r);
    }
};

struct Evaluation
{
    int total = 0;
    int urgencyCorrect = 0;
    int sentimentCorrect = 0;
    std::array<ClassCounts, 4> urgency; // indexed by Priority
    std::array<ClassCounts, 3> sentiment; // indexed by Sentiment
    ClassCounts timeSensitive;
    ClassCounts praise; // expected: labelled positive; predicted: Triage::praise
    QStringList misses;

    double sentimentAccuracy() const { return total == 0 ? 0.0 : double(sentimentCorrect) / total; }
    double urgencyAccuracy() const { return total == 0 ? 0.0 : double(urgencyCorrect) / total; }
};

// The floors from the service-levels issue; the held-out split must meet them less 0.1.
struct Floors
{
    double urgent = 0.80;
    double high = 0.70;
    double timeSensitiveF1 = 0.85;
    double sentimentAccuracy = 0.75;
    double praiseRecall = 0.85;

    Floors loweredBy(double amount) const
    {
        return { urgent - amount, high - amount, timeSensitiveF1 - amount, sentimentAccuracy - amount,
            praiseRecall - amount };
    }
};

QString dir(const char *path)
{
    return QString::fromUtf8(path);
}

Evaluation evaluate(const UrgencyClassifier &classifier, const QList<Labelled> &set, bool heldOut)
{
    Evaluation e;
    for (const Labelled &item : set) {
        if (item.heldOut != heldOut)
            continue;
        const Triage t = classifier.classify(item.text, item.createdAt);
        ++e.total;
        for (int p = 0; p < 4; ++p)
            e.urgency[p].add(int(item.urgency) == p, int(t.urgency) == p);
        for (int s = 0; s < 3; ++s)
            e.sentiment[s].add(int(item.sentiment) == s, int(t.sentiment) == s);
        e.timeSensitive.add(item.timeSensitive, t.timeSensitive);
        e.praise.add(item.sentiment == Sentiment::Positive, t.praise);
        e.urgencyCorrect += t.urgency == item.urgency;
        e.sentimentCorrect += t.sentiment == item.sentiment;
        if (t.urgency != item.urgency || t.sentiment != item.sentiment || t.timeSensitive != item.timeSensitive) {
            e.misses << QStringLiteral("line %1: expected %2/%3/%4, got %5/%6/%7: %8 | %9")
                            .arg(item.line)
                            .arg(priorityId(item.urgency), sentimentId(item.sentiment),
                                item.timeSensitive ? QStringLiteral("ts") : QStringLiteral("-"), priorityId(t.urgency),
                                sentimentId(t.sentiment), t.timeSensitive ? QStringLiteral("ts") : QStringLiteral("-"),
                                item.text, t.reasons.join(QStringLiteral("; ")));
        }
    }
    return e;
}

QString row(const QString &name, const ClassCounts &c)
{
    return QStringLiteral("  %1 %2 %3 %4 %5")
        .arg(name, -16)
        .arg(c.precision(), 9, 'f', 2)
        .arg(c.recall(), 7, 'f', 2)
        .arg(c.f1(), 6, 'f', 2)
        .arg(c.support(), 8);
}

void report(const QString &title, const Evaluation &e)
{
    qInfo().noquote() << QStringLiteral("%1 (%2 messages)").arg(title).arg(e.total);
    qInfo().noquote() << QStringLiteral("  %1 precision  recall     F1  support").arg(QStringLiteral("class"), -16);
    for (auto p : { Priority::Urgent, Priority::High, Priority::Normal, Priority::Low })
        qInfo().noquote() << row(QStringLiteral("urgency ") + priorityId(p), e.urgency[int(p)]);
    for (auto s : { Sentiment::Negative, Sentiment::Neutral, Sentiment::Positive })
        qInfo().noquote() << row(QStringLiteral("sentiment ") + sentimentId(s), e.sentiment[int(s)]);
    qInfo().noquote() << row(QStringLiteral("time_sensitive"), e.timeSensitive);
    qInfo().noquote() << row(QStringLiteral("praise"), e.praise);
    qInfo().noquote() << QStringLiteral("  urgency accuracy %1, sentiment accuracy %2")
                             .arg(e.urgencyAccuracy(), 0, 'f', 2)
                             .arg(e.sentimentAccuracy(), 0, 'f', 2);
}

bool meets(const Evaluation &e, const Floors &f, QString *failure)
{
    const auto &urgent = e.urgency[int(Priority::Urgent)];
    const auto &high = e.urgency[int(Priority::High)];
    const QList<std::pair<QString, std::pair<double, double>>> checks {
        { QStringLiteral("urgent precision"), { urgent.precision(), f.urgent } },
        { QStringLiteral("urgent recall"), { urgent.recall(), f.urgent } },
        { QStringLiteral("high precision"), { high.precision(), f.high } },
        { QStringLiteral("high recall"), { high.recall(), f.high } },
        { QStringLiteral("time_sensitive F1"), { e.timeSensitive.f1(), f.timeSensitiveF1 } },
        { QStringLiteral("sentiment accuracy"), { e.sentimentAccuracy(), f.sentimentAccuracy } },
        { QStringLiteral("praise recall"), { e.praise.recall(), f.praiseRecall } },
    };
    for (const auto &check : checks) {
        if (check.second.first < check.second.second) {
            *failure = QStringLiteral("%1 is %2, below the floor %3")
                           .arg(check.first)
                           .arg(check.second.first, 0, 'f', 3)
                           .arg(check.second.second, 0, 'f', 2);
            return false;
        }
    }
    return true;
}

// JSON written with single quotes, so the test data stays readable without escapes.
QByteArray q(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

// A minimal valid rules document with one rule, to break in one place at a time.
QByteArray rulesWith(const QByteArray &signalRules, const QByteArray &extra = {})
{
    return QByteArray("{\"format\": \"care-triage-rules\", \"version\": 1, \"language\": \"en\", ") + extra
        + "\"signals\": " + signalRules + "}";
}

} // namespace

class TestUrgencyClassifier : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<UrgencyClassifier> m_classifier;
    QList<Labelled> m_set;

    Triage classify(const QString &text, const QDateTime &createdAt = {}) const
    {
        return m_classifier->classify(text, createdAt);
    }

private slots:
    void initTestCase()
    {
        auto rules = TriageRules::fromDirectory(dir(CARE_TRIAGE_RULES_DIR));
        QVERIFY2(rules.ok(), rules.ok() ? "" : qPrintable(rules.error().message));
        QCOMPARE(rules->languageCodes(),
            (QStringList { QStringLiteral("de"), QStringLiteral("en"), QStringLiteral("es"), QStringLiteral("fr") }));
        m_classifier = std::make_unique<UrgencyClassifier>(rules.value());

        QFile file(dir(CARE_TRIAGE_LABELLED));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        int index = 0;
        while (!file.atEnd()) {
            const QByteArray line = file.readLine().trimmed();
            if (line.isEmpty())
                continue;
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            Labelled item;
            item.line = index + 1;
            item.text = o.value(QStringLiteral("text")).toString();
            item.createdAt = QDateTime::fromString(o.value(QStringLiteral("created_at")).toString(), Qt::ISODate);
            const auto urgency = priorityFromId(o.value(QStringLiteral("urgency")).toString());
            const auto sentiment = sentimentFromId(o.value(QStringLiteral("sentiment")).toString());
            QVERIFY2(!item.text.isEmpty() && urgency && sentiment && o.value(QStringLiteral("time_sensitive")).isBool(),
                line.constData());
            item.urgency = *urgency;
            item.sentiment = *sentiment;
            item.timeSensitive = o.value(QStringLiteral("time_sensitive")).toBool();
            item.heldOut = o.value(QStringLiteral("split")).toString() == QLatin1String("holdout");
            item.postFreeze = o.value(QStringLiteral("batch")).toString() == QLatin1String("post-freeze");
            m_set << item;
            ++index;
        }
    }

    void labelledSetIsLargeAndCoversEveryClass()
    {
        QVERIFY2(m_set.size() >= 220, qPrintable(QString::number(m_set.size())));
        std::array<int, 4> urgencies {};
        std::array<int, 3> sentiments {};
        int timeSensitive = 0;
        int heldOut = 0;
        for (const Labelled &item : m_set) {
            ++urgencies[int(item.urgency)];
            ++sentiments[int(item.sentiment)];
            timeSensitive += item.timeSensitive;
            heldOut += item.heldOut;
        }
        for (int count : urgencies)
            QVERIFY(count >= 20);
        for (int count : sentiments)
            QVERIFY(count >= 40);
        QVERIFY(timeSensitive >= 50);
        QVERIFY2(heldOut * 100 >= m_set.size() * 28 && heldOut * 100 <= m_set.size() * 33,
            qPrintable(QString::number(heldOut)));
    }

    void tuningSetMeetsFloors()
    {
        const Evaluation e = evaluate(*m_classifier, m_set, false);
        report(QStringLiteral("Tuning split"), e);
        // The misses guide whoever tunes the rules next; they are from the tuning split only.
        for (const QString &miss : e.misses)
            qInfo().noquote() << "  miss" << miss;
        QString failure;
        QVERIFY2(meets(e, Floors {}, &failure), qPrintable(failure));
    }

    void heldOutSetMeetsLowerFloors()
    {
        const Evaluation e = evaluate(*m_classifier, m_set, true);
        report(QStringLiteral("Held-out split (rules not tuned on it)"), e);
        // Reported, not enforced: the part of the held-out split nobody had read while the rules
        // were written. Small, so its figures swing; it shows how the rules meet new phrasing.
        QList<Labelled> postFreeze;
        std::copy_if(m_set.cbegin(), m_set.cend(), std::back_inserter(postFreeze),
            [](const Labelled &item) { return item.postFreeze; });
        report(QStringLiteral("  of which written after the rules were frozen"),
            evaluate(*m_classifier, postFreeze, true));
        QString failure;
        QVERIFY2(meets(e, Floors {}.loweredBy(0.1), &failure), qPrintable(failure));
    }

    void reasonsQuoteTheMatchedText()
    {
        const Triage t = classify(QStringLiteral("Check-in keeps failing and my flight at 7am tomorrow is full"));
        QCOMPARE(t.urgency, Priority::Urgent);
        QVERIFY2(t.reasons.contains(QStringLiteral("time-sensitive: \"flight at 7am tomorrow\"")),
            qPrintable(t.reasons.join(QLatin1Char('\n'))));
        QVERIFY2(t.reasons.contains(QStringLiteral("service loss: \"Check-in keeps failing\"")),
            qPrintable(t.reasons.join(QLatin1Char('\n'))));
        QVERIFY(t.reasons.contains(QStringLiteral("urgent: time-sensitive and service loss")));
        QVERIFY(t.matchedRules.contains(QStringLiteral("en/travel-soon")));

        const Triage login = classify(QStringLiteral("I can’t log in since the update"));
        QVERIFY2(login.reasons.contains(QStringLiteral("service loss: \"can’t log in\"")),
            qPrintable(login.reasons.join(QLatin1Char('\n')))); // quoted as written, curly apostrophe and all

        const Triage thanks = classify(QStringLiteral("Thank you so much for the upgrade!"));
        QVERIFY(thanks.praise);
        QCOMPARE(thanks.urgency, Priority::Normal);
        QVERIFY2(thanks.reasons.first() == QStringLiteral("praise: \"Thank you so much\""),
            qPrintable(thanks.reasons.join(QLatin1Char('\n'))));
    }

    // Each brag is compared with a control sentence of the same shape without the influence, so
    // only the influence can make a difference, and it must make none.
    void followerCountsNeverChangeUrgency()
    {
        const QList<std::pair<QString, QString>> influence {
            { QStringLiteral("I have 50k followers."), QStringLiteral("I have 50k photos.") },
            { QStringLiteral("Verified account ✔️ with 1.2M followers, by the way."),
                QStringLiteral("Personal account ✔️ with 1.2M photos, by the way.") },
            { QStringLiteral("As an influencer my audience is watching this."),
                QStringLiteral("As a teacher my family is watching this.") },
            { QStringLiteral("My 250,000 followers will hear about this!"),
                QStringLiteral("My 250,000 neighbours will hear about this!") },
        };
        int compared = 0;
        for (const Labelled &item : std::as_const(m_set)) {
            for (const auto &[brag, control] : influence) {
                const QList<std::pair<QString, QString>> variants {
                    { QString(brag + QLatin1Char(' ') + item.text), QString(control + QLatin1Char(' ') + item.text) },
                    { QString(item.text + QLatin1Char(' ') + brag), QString(item.text + QLatin1Char(' ') + control) },
                };
                for (const auto &[bragged, plain] : variants) {
                    const Triage withInfluence = classify(bragged, item.createdAt);
                    const Triage without = classify(plain, item.createdAt);
                    QVERIFY2(withInfluence.urgency == without.urgency, qPrintable(bragged));
                    QVERIFY2(withInfluence.timeSensitive == without.timeSensitive, qPrintable(bragged));
                    ++compared;
                }
            }
        }
        QVERIFY(compared >= 8 * 220);
    }

    void negationLowersUrgency_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("timeSensitive");
        QTest::addColumn<bool>("serviceLoss");
        QTest::addColumn<int>("urgency");
        QTest::newRow("urgent word") << QStringLiteral("Urgent: can I change my seat on tomorrow's flight?") << true
                                     << false << int(Priority::High);
        QTest::newRow("not urgent") << QStringLiteral("Not urgent: can I change my seat on tomorrow's flight?") << false
                                    << false << int(Priority::Normal);
        QTest::newRow("no rush") << QStringLiteral("No rush, my trip is tomorrow but I can sort it at the desk")
                                 << false << false << int(Priority::Normal);
        QTest::newRow("whenever") << QStringLiteral("Whenever you get a chance: is check-in tonight or tomorrow?")
                                  << false << false << int(Priority::Normal);
        QTest::newRow("crashing") << QStringLiteral("The app keeps crashing") << false << true << int(Priority::High);
        QTest::newRow("not crashing anymore")
            << QStringLiteral("The app isn't crashing anymore, thanks") << false << false << int(Priority::Normal);
        QTest::newRow("dying to fly") << QStringLiteral("I'm dying to fly with you again!") << false << false
                                      << int(Priority::Normal);
        QTest::newRow("killing me") << QStringLiteral("This wait is killing me") << false << false
                                    << int(Priority::Normal);
        QTest::newRow("past cancellation") << QStringLiteral("My flight last week was cancelled, where is my refund?")
                                           << false << false << int(Priority::Normal);
        QTest::newRow("cancellation now")
            << QStringLiteral("My flight was cancelled, where do I go?") << false << true << int(Priority::High);
        QTest::newRow("sorted in minutes")
            << QStringLiteral("Refund sorted in 10 minutes, thank you!") << false << false << int(Priority::Normal);
    }

    void negationLowersUrgency()
    {
        QFETCH(QString, text);
        QFETCH(bool, timeSensitive);
        QFETCH(bool, serviceLoss);
        QFETCH(int, urgency);
        const Triage t = classify(text);
        const QByteArray why = t.reasons.join(QStringLiteral("; ")).toUtf8();
        QVERIFY2(t.timeSensitive == timeSensitive, why.constData());
        QVERIFY2(t.serviceLoss == serviceLoss, why.constData());
        QVERIFY2(int(t.urgency) == urgency, why.constData());
    }

    void sarcasmIsNegative()
    {
        const Triage t = classify(QStringLiteral("Great, another delay. Love it."));
        QVERIFY(t.sarcasm);
        QCOMPARE(t.sentiment, Sentiment::Negative);
        QVERIFY(!t.praise);
        QVERIFY(t.reasons.contains(QStringLiteral("sarcasm: \"Great, another\"")));

        const Triage sincere = classify(QStringLiteral("Great, the refund arrived. Love it."));
        QVERIFY(!sincere.sarcasm);
        QVERIFY(sincere.praise);
    }

    void datesNeedTheMessageTime()
    {
        const QString text = QStringLiteral("Flying to Lyon on Sunday, can I still choose a seat?");
        QVERIFY(!classify(text).timeSensitive); // no time: a weekday could be any week
        const Triage saturday = classify(text, QDateTime(QDate(2024, 5, 11), QTime(15, 0), Qt::UTC));
        QVERIFY(saturday.timeSensitive);
        QVERIFY2(saturday.reasons.contains(QStringLiteral("time-sensitive: \"Sunday\" (tomorrow)")),
            qPrintable(saturday.reasons.join(QLatin1Char('\n'))));
        QVERIFY(!classify(text, QDateTime(QDate(2024, 5, 7), QTime(15, 0), Qt::UTC)).timeSensitive);
        const Triage newYear = classify(QStringLiteral("My flight on 1 January, can I add a bag?"),
            QDateTime(QDate(2024, 12, 31), QTime(9, 0), Qt::UTC));
        QVERIFY(newYear.timeSensitive);
    }

    void spamIsLowEvenWhenItShouts()
    {
        const Triage t = classify(QStringLiteral("URGENT!!! Win a FREE iPhone in the next 2 hours, link in bio"));
        QCOMPARE(t.urgency, Priority::Low);
        QVERIFY(t.noAction);
        QVERIFY(!t.timeSensitive);
        QCOMPARE(classify(QStringLiteral("👍")).urgency, Priority::Low);
        QCOMPARE(classify(QString()).urgency, Priority::Low);
    }

    void detectsLanguage_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << QStringLiteral("Can you tell me where my order is?") << QStringLiteral("en");
        QTest::newRow("de") << QStringLiteral("Ich kann mich nicht einloggen, bitte helfen Sie mir")
                            << QStringLiteral("de");
        QTest::newRow("es") << QStringLiteral("Mi vuelo es mañana y no puedo entrar en la cuenta")
                            << QStringLiteral("es");
        QTest::newRow("fr") << QStringLiteral("Je ne peux pas me connecter à mon compte depuis hier")
                            << QStringLiteral("fr");
        QTest::newRow("emoji") << QStringLiteral("🔥🔥") << QStringLiteral("und");
        QTest::newRow("name only") << QStringLiteral("Skyline") << QStringLiteral("und");
    }

    void detectsLanguage()
    {
        QFETCH(QString, text);
        QFETCH(QString, language);
        QCOMPARE(m_classifier->detectLanguage(text), language);
        QCOMPARE(classify(text).language, language);
    }

    void otherLanguagesUseTheirOwnRules()
    {
        const Triage de = classify(QStringLiteral("Mein Flug heute Abend wurde gestrichen"));
        QCOMPARE(de.language, QStringLiteral("de"));
        QCOMPARE(de.urgency, Priority::Urgent);
        const Triage greeting = classify(QStringLiteral("Guten Morgen, ich habe eine Frage zu meinem Konto"));
        QVERIFY(!greeting.timeSensitive);
        QCOMPARE(
            classify(QStringLiteral("No puedo iniciar sesión y mi vuelo sale en 2 horas")).urgency, Priority::Urgent);
        QVERIFY(classify(QStringLiteral("Merci beaucoup pour votre aide")).praise);
    }

    void bundledRulesAreDocumented()
    {
        auto rules = TriageRules::fromDirectory(dir(CARE_TRIAGE_RULES_DIR));
        QVERIFY(rules.ok());
        QVERIFY(rules->ruleCount() > 60);
        for (const QString &code : rules->languageCodes()) {
            const auto *language = rules->language(code);
            QVERIFY(!language->stopwords.isEmpty());
            for (const auto &rule : language->rules)
                QVERIFY2(!rule.description.trimmed().isEmpty(), qPrintable(rule.qualifiedId()));
        }
    }

    void rulesErrorsNameTheRule_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QByteArray("{\"format\": ") << QStringLiteral("not valid JSON");
        QTest::newRow("wrong format") << QByteArray("{\"format\": \"x\", \"version\": 1}")
                                      << QStringLiteral("\"format\" must be");
        QTest::newRow("bad regex")
            << rulesWith(q("{'negative': [{'id': 'broken-paren', 'pattern': 'late(r'}]}"))
            << QStringLiteral("rule \"broken-paren\" in \"negative\": the pattern is not a valid regular expression");
        QTest::newRow("unknown signal") << rulesWith(q("{'urgentish': []}"))
                                        << QStringLiteral("unknown signal \"urgentish\"");
        QTest::newRow("typo in field") << rulesWith(q("{'praise': [{'id': 'thanks', 'patern': 'thanks'}]}"))
                                       << QStringLiteral("rule \"thanks\" in \"praise\": unknown field \"patern\"");
        QTest::newRow("no id") << rulesWith(q("{'praise': [{'pattern': 'thanks'}]}"))
                               << QStringLiteral("rule 1 in \"praise\": has no \"id\"");
        QTest::newRow("matches nothing") << rulesWith(q("{'angry': [{'id': 'empty', 'pattern': 'x?'}]}"))
                                         << QStringLiteral(
                                                "rule \"empty\" in \"angry\": the pattern matches empty text");
        QTest::newRow("followers") << rulesWith(
            q("{'time_sensitive': [{'id': 'vip', 'pattern': '\\\\d+k followers', 'weight': 2}]}"))
                                   << QStringLiteral("rule \"vip\" in \"time_sensitive\": matches \"50k followers\"");
        QTest::newRow("badge") << rulesWith(q("{'service_loss': [{'id': 'blue-tick', 'pattern': 'verified'}]}"))
                               << QStringLiteral("follower counts and badges must never raise urgency");
        QTest::newRow("duplicate") << rulesWith(
            q("{'praise': [{'id': 'a', 'pattern': 'x'}, {'id': 'a', 'pattern': 'y'}]}"))
                                   << QStringLiteral("rule \"a\": the id is used twice");
        QTest::newRow("bad level") << rulesWith(q("{'negative': [{'id': 'lvl', 'pattern': 'x', 'level': 'urgent'}]}"))
                                   << QStringLiteral("\"level\" only applies");
        QTest::newRow("negation without target")
            << rulesWith(q("{'negation': [{'id': 'nope', 'pattern': 'no'}]}"))
            << QStringLiteral("rule \"nope\" in \"negation\": a negation rule needs \"suppresses\"");
        QTest::newRow("bad weight") << rulesWith(q("{'time_sensitive': [{'id': 'w', 'pattern': 'x', 'weight': -1}]}"))
                                    << QStringLiteral("\"weight\" must be a number above 0");
        QTest::newRow("bad months") << rulesWith(q("{}"), q("'dates': {'months': ['jan'], 'weekdays': []}, "))
                                    << QStringLiteral("\"months\" must list 12 patterns");
    }

    void rulesErrorsNameTheRule()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto rules = TriageRules::fromJson(json, QStringLiteral("rules-test.json"));
        QVERIFY(!rules.ok());
        QVERIFY2(
            rules.error().message.startsWith(QStringLiteral("rules-test.json: ")), qPrintable(rules.error().message));
        QVERIFY2(rules.error().message.contains(expected), qPrintable(rules.error().message));
        QCOMPARE(rules.error().code, Error::Code::InvalidInput);
    }

    void sameLanguageTwiceIsRefused()
    {
        auto a = TriageRules::fromJson(rulesWith("{}"), QStringLiteral("a.json"));
        const auto b = TriageRules::fromJson(rulesWith("{}"), QStringLiteral("b.json"));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(!a->merge(b.value()).ok());
    }

    void jsonLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("error");
        QTest::newRow("ok") << QByteArray(q("{'text': 'my flight is in 2 hours and I cannot log in', 'id': 7}"))
                            << QString();
        QTest::newRow("with time") << QByteArray(
            q("{'text': 'flying on Friday', 'created_at': '2024-05-09T10:00:00Z'}"))
                                   << QString();
        QTest::newRow("null time") << QByteArray(q("{'text': 'hello', 'created_at': null}")) << QString();
        QTest::newRow("broken") << QByteArray(q("{'text': 'unterminated")) << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray(q("['text']")) << QStringLiteral("expected a JSON object");
        QTest::newRow("no text") << QByteArray(q("{'body': 'hi'}")) << QStringLiteral("missing \"text\"");
        QTest::newRow("number text") << QByteArray(q("{'text': 42}")) << QStringLiteral("\"text\" must be a string");
        QTest::newRow("bad time") << QByteArray(q("{'text': 'hi', 'created_at': 'yesterday'}"))
                                  << QStringLiteral("\"created_at\" must be");
        QTest::newRow("empty") << QByteArray("   ") << QStringLiteral("empty line");
    }

    void jsonLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, error);
        const QByteArray output = TriageJson::processLine(*m_classifier, line, 3);
        QVERIFY(!output.contains('\n'));
        const QJsonObject o = QJsonDocument::fromJson(output).object();
        QCOMPARE(o.value(QStringLiteral("line")).toInt(), 3);
        if (!error.isEmpty()) {
            QVERIFY2(o.value(QStringLiteral("error")).toString().contains(error), output.constData());
            QVERIFY(!o.contains(QStringLiteral("urgency")));
            return;
        }
        QVERIFY2(!o.contains(QStringLiteral("error")), output.constData());
        QVERIFY(priorityFromId(o.value(QStringLiteral("urgency")).toString()).has_value());
        QVERIFY(sentimentFromId(o.value(QStringLiteral("sentiment")).toString()).has_value());
        QVERIFY(o.value(QStringLiteral("time_sensitive")).isBool());
        QVERIFY(o.value(QStringLiteral("reasons")).isArray());
        QVERIFY(!o.value(QStringLiteral("reasons")).toArray().isEmpty());
        if (QTest::currentDataTag() == QByteArrayLiteral("ok")) {
            QCOMPARE(o.value(QStringLiteral("urgency")).toString(), QStringLiteral("urgent"));
            QCOMPARE(o.value(QStringLiteral("id")).toInt(), 7);
        }
        if (QTest::currentDataTag() == QByteArrayLiteral("with time"))
            QCOMPARE(o.value(QStringLiteral("time_sensitive")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestUrgencyClassifier)
#include "tst_urgencyclassifier.moc"
