// The satisfaction reply parser: a table of replies that are answers (with their score) and of
// replies that merely contain a number or a word in another sense (no answer).
#include "core/CsatParser.h"

#include <QTest>

using Care::Core::CsatParser;

class TestCsatParser : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<int>("score"); // 0: not an answer
        QTest::addColumn<bool>("onlyRating");

        auto row = [](const char *name, const QString &reply, int score, bool only = true) {
            QTest::newRow(name) << reply << score << only;
        };
        // Answers.
        row("bare digit", QStringLiteral("4"), 4);
        row("digit with spaces", QStringLiteral("  2 \n"), 2);
        row("digit and thanks", QStringLiteral("5 — thanks!"), 5);
        row("digit exclamation", QStringLiteral("5!"), 5);
        row("digit with complaint", QStringLiteral("1 - the kettle still leaks"), 1, false);
        row("digit after mention", QStringLiteral("@acme@social.example 3"), 3);
        row("slash", QStringLiteral("4/5"), 4);
        row("slash spaced", QStringLiteral("4 / 5 thank you"), 4);
        row("out of", QStringLiteral("4 out of 5"), 4);
        row("von", QStringLiteral("3 von 5"), 3);
        row("sur", QStringLiteral("2 sur 5, merci"), 2);
        row("stars word", QStringLiteral("5 stars"), 5);
        row("sterne", QStringLiteral("4 Sterne"), 4);
        row("black stars", QStringLiteral("★★★★☆"), 4);
        row("emoji stars", QStringLiteral("⭐⭐⭐⭐"), 4);
        row("emoji stars with selector", QStringLiteral("⭐️⭐️⭐️ thanks"), 3);
        row("one star", QStringLiteral("★☆☆☆☆"), 1);
        row("english word", QStringLiteral("four"), 4);
        row("german word", QStringLiteral("vier"), 4);
        row("spanish word", QStringLiteral("cuatro"), 4);
        row("french word", QStringLiteral("quatre"), 4);
        row("german fünf", QStringLiteral("Fünf!"), 5);
        row("word out of word", QStringLiteral("four out of five"), 4);
        row("spanish de cinco", QStringLiteral("cuatro de cinco"), 4);
        row("una estrella", QStringLiteral("Una estrella"), 1);
        row("une étoile", QStringLiteral("une étoile"), 1);
        row("lead-in", QStringLiteral("I'd give you a 4"), 4);
        row("lead-in curly", QStringLiteral("I’d say 3."), 3);
        row("rating colon", QStringLiteral("Rating: 5"), 5);
        row("ich gebe", QStringLiteral("Ich gebe 5 Sterne"), 5);
        row("excellent", QStringLiteral("Excellent"), 5);
        row("excellent thanks", QStringLiteral("Excellent, thank you so much!"), 5);
        row("great job", QStringLiteral("Great job, thanks"), 5);
        row("very good", QStringLiteral("very good"), 4);
        row("not bad", QStringLiteral("Not bad"), 3);
        row("poor", QStringLiteral("poor."), 2);
        row("terrible", QStringLiteral("Terrible"), 1);
        row("terrible service", QStringLiteral("terrible service"), 1);
        row("sehr gut", QStringLiteral("Sehr gut, danke"), 4);
        row("tres bien", QStringLiteral("Très bien, merci"), 4);
        row("tres bien no accent", QStringLiteral("tres bien"), 4);
        row("muy mal", QStringLiteral("muy mal"), 1);
        row("ausgezeichnet", QStringLiteral("Ausgezeichnet!"), 5);

        row("thanks first", QStringLiteral("Thanks! 5"), 5);
        row("merci first", QStringLiteral("Merci beaucoup, 4/5"), 4);
        row("stars and praise", QStringLiteral("⭐⭐⭐⭐⭐ amazing"), 5);
        row("digit and praise", QStringLiteral("5 excellent"), 5);
        row("digit after thanks and lead-in", QStringLiteral("Thanks, I'd give you 4"), 4);

        // Not answers.
        row("german mal", QStringLiteral("1 mal pro Woche"), 0);
        row("thanks then order", QStringLiteral("Thanks, 4471 is my order"), 0);
        row("thanks then days", QStringLiteral("Thank you, 2 days late though"), 0);
        row("order number", QStringLiteral("order 4471"), 0);
        row("order number first", QStringLiteral("4471 is my order"), 0);
        row("days late", QStringLiteral("2 days late"), 0);
        row("minutes", QStringLiteral("5 minutes ago it broke again"), 0);
        row("decimal", QStringLiteral("3.5"), 0);
        row("time", QStringLiteral("5:30 pm works"), 0);
        row("comma decimal", QStringLiteral("4,5"), 0);
        row("out of ten", QStringLiteral("4/10"), 0);
        row("out of fifty", QStringLiteral("4/50"), 0);
        row("percent", QStringLiteral("5% off?"), 0);
        row("list", QStringLiteral("5, 6 and 7 are missing"), 0);
        row("range", QStringLiteral("3 - 4 weeks"), 0);
        row("zero", QStringLiteral("0"), 0);
        row("six", QStringLiteral("6"), 0);
        row("of five items", QStringLiteral("2 of 5 items arrived"), 0);
        row("number word in sentence", QStringLiteral("One more thing: the lid"), 0);
        row("article", QStringLiteral("Un problème avec ma commande"), 0);
        row("spanish article", QStringLiteral("una pregunta"), 0);
        row("great but", QStringLiteral("Great, but the lid still leaks"), 0);
        row("bad news", QStringLiteral("Bad news: it broke again"), 0);
        row("good morning", QStringLiteral("Good morning, where is my parcel?"), 0);
        row("goodness", QStringLiteral("goodness"), 0);
        row("ok", QStringLiteral("ok thanks"), 0);
        row("thanks only", QStringLiteral("Thanks!"), 0);
        row("number later", QStringLiteral("It took 2 days"), 0);
        row("six stars", QStringLiteral("★★★★★★"), 0);
        row("empty", QString(), 0);
        row("mention only", QStringLiteral("@acme"), 0);
    }

    void parse()
    {
        QFETCH(QString, reply);
        QFETCH(int, score);
        QFETCH(bool, onlyRating);
        const auto answer = CsatParser::parse(reply);
        if (score == 0) {
            QVERIFY2(!answer, qPrintable(QStringLiteral("read as %1").arg(answer ? answer->score : 0)));
            QVERIFY(!CsatParser::score(reply));
            return;
        }
        QVERIFY2(answer, "not read as an answer");
        QCOMPARE(answer->score, score);
        QCOMPARE(answer->onlyRating, onlyRating);
        QCOMPARE(CsatParser::score(reply), std::optional<int>(score));
    }
};

QTEST_GUILESS_MAIN(TestCsatParser)
#include "tst_csatparser.moc"
