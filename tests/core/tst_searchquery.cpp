#include "core/SearchQuery.h"

#include <QTest>

using Care::Core::Error;
using Care::Core::SearchQuery;

namespace {

QStringList words(const SearchQuery::Term &term)
{
    return term.words;
}

} // namespace

class TestSearchQuery : public QObject
{
    Q_OBJECT

private slots:
    void emptyInputIsAnEmptyQuery()
    {
        for (const QString &text : {QString(), QStringLiteral("   "), QStringLiteral("\t\n")}) {
            const auto result = SearchQuery::parse(text);
            QVERIFY2(result.ok(), qPrintable(text));
            QVERIFY(result->isEmpty());
            QCOMPARE(result->clauses().size(), 0);
        }
    }

    void wordsAreAndedClauses()
    {
        const auto result = SearchQuery::parse(QStringLiteral("refund  parcel"));
        QVERIFY(result.ok());
        QVERIFY(!result->isEmpty());
        const auto &clauses = result->clauses();
        QCOMPARE(clauses.size(), 2);
        QCOMPARE(clauses.at(0).alternatives.size(), 1);
        QCOMPARE(words(clauses.at(0).alternatives.at(0)), QStringList{QStringLiteral("refund")});
        QCOMPARE(words(clauses.at(1).alternatives.at(0)), QStringList{QStringLiteral("parcel")});
        for (const auto &clause : clauses) {
            QVERIFY(!clause.negated);
            QVERIFY(!clause.alternatives.at(0).prefix);
        }
    }

    void wordsAreNormalised()
    {
        const auto result = SearchQuery::parse(QStringLiteral("REFUND Crème"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 2);
        QCOMPARE(words(result->clauses().at(0).alternatives.at(0)), QStringList{QStringLiteral("refund")});
        QCOMPARE(words(result->clauses().at(1).alternatives.at(0)), QStringList{QStringLiteral("creme")});
    }

    void quotedPhraseIsOneTerm()
    {
        const auto result = SearchQuery::parse(QStringLiteral("\"Check  in\" desk"));
        QVERIFY(result.ok());
        const auto &clauses = result->clauses();
        QCOMPARE(clauses.size(), 2);
        QCOMPARE(clauses.at(0).alternatives.size(), 1);
        QCOMPARE(words(clauses.at(0).alternatives.at(0)), (QStringList{QStringLiteral("check"), QStringLiteral("in")}));
        QCOMPARE(words(clauses.at(1).alternatives.at(0)), QStringList{QStringLiteral("desk")});
    }

    void unterminatedQuoteRunsToTheEnd()
    {
        const auto result = SearchQuery::parse(QStringLiteral("\"lost parcel"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 1);
        QCOMPARE(words(result->clauses().at(0).alternatives.at(0)),
                 (QStringList{QStringLiteral("lost"), QStringLiteral("parcel")}));
    }

    void quotedStarIsNotAPrefix()
    {
        const auto result = SearchQuery::parse(QStringLiteral("\"book*\""));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 1);
        const auto &term = result->clauses().at(0).alternatives.at(0);
        QVERIFY(!term.prefix);
        QCOMPARE(words(term), QStringList{QStringLiteral("book")});
    }

    void orJoinsAlternatives()
    {
        const auto result = SearchQuery::parse(QStringLiteral("refund OR voucher OR \"gift card\" parcel"));
        QVERIFY(result.ok());
        const auto &clauses = result->clauses();
        QCOMPARE(clauses.size(), 2);
        QCOMPARE(clauses.at(0).alternatives.size(), 3);
        QVERIFY(!clauses.at(0).negated);
        QCOMPARE(words(clauses.at(0).alternatives.at(0)), QStringList{QStringLiteral("refund")});
        QCOMPARE(words(clauses.at(0).alternatives.at(1)), QStringList{QStringLiteral("voucher")});
        QCOMPARE(words(clauses.at(0).alternatives.at(2)), (QStringList{QStringLiteral("gift"), QStringLiteral("card")}));
        QCOMPARE(clauses.at(1).alternatives.size(), 1);
        QCOMPARE(words(clauses.at(1).alternatives.at(0)), QStringList{QStringLiteral("parcel")});
    }

    void lowerCaseOrIsAWord()
    {
        const auto result = SearchQuery::parse(QStringLiteral("refund or voucher"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 3);
        QCOMPARE(words(result->clauses().at(1).alternatives.at(0)), QStringList{QStringLiteral("or")});
        for (const auto &clause : result->clauses())
            QCOMPARE(clause.alternatives.size(), 1);
    }

    void danglingOrIsIgnored()
    {
        {
            const auto result = SearchQuery::parse(QStringLiteral("OR refund"));
            QVERIFY(result.ok());
            QCOMPARE(result->clauses().size(), 1);
            QCOMPARE(result->clauses().at(0).alternatives.size(), 1);
            QCOMPARE(words(result->clauses().at(0).alternatives.at(0)), QStringList{QStringLiteral("refund")});
        }
        {
            const auto result = SearchQuery::parse(QStringLiteral("refund OR"));
            QVERIFY(result.ok());
            QCOMPARE(result->clauses().size(), 1);
            QCOMPARE(result->clauses().at(0).alternatives.size(), 1);
        }
        {
            // A lone OR is not a word to look for either.
            const auto result = SearchQuery::parse(QStringLiteral("OR"));
            QVERIFY(result.ok());
            QVERIFY(result->isEmpty());
        }
    }

    void negation()
    {
        const auto result = SearchQuery::parse(QStringLiteral("refund -spam -\"out of office\""));
        QVERIFY(result.ok());
        const auto &clauses = result->clauses();
        QCOMPARE(clauses.size(), 3);
        QVERIFY(!clauses.at(0).negated);
        QVERIFY(clauses.at(1).negated);
        QCOMPARE(words(clauses.at(1).alternatives.at(0)), QStringList{QStringLiteral("spam")});
        QVERIFY(clauses.at(2).negated);
        QCOMPARE(words(clauses.at(2).alternatives.at(0)),
                 (QStringList{QStringLiteral("out"), QStringLiteral("of"), QStringLiteral("office")}));
    }

    void negatedTermIsNotJoinedByOr()
    {
        const auto result = SearchQuery::parse(QStringLiteral("refund OR -spam"));
        QVERIFY(result.ok());
        const auto &clauses = result->clauses();
        QCOMPARE(clauses.size(), 2);
        QCOMPARE(clauses.at(0).alternatives.size(), 1);
        QVERIFY(!clauses.at(0).negated);
        QVERIFY(clauses.at(1).negated);
    }

    void hyphenInsideAWordIsNotNegation()
    {
        const auto result = SearchQuery::parse(QStringLiteral("e-mail"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 1);
        QVERIFY(!result->clauses().at(0).negated);
        // Punctuation separates words, so the hyphenated word is searched as a phrase.
        QCOMPARE(words(result->clauses().at(0).alternatives.at(0)),
                 (QStringList{QStringLiteral("e"), QStringLiteral("mail")}));
    }

    void loneMinusIsIgnored()
    {
        const auto result = SearchQuery::parse(QStringLiteral("refund - parcel"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 2);
        for (const auto &clause : result->clauses())
            QVERIFY(!clause.negated);
    }

    void prefix()
    {
        const auto result = SearchQuery::parse(QStringLiteral("Book* flight"));
        QVERIFY(result.ok());
        const auto &clauses = result->clauses();
        QCOMPARE(clauses.size(), 2);
        const auto &term = clauses.at(0).alternatives.at(0);
        QVERIFY(term.prefix);
        QCOMPARE(words(term), QStringList{QStringLiteral("book")});
        QVERIFY(!clauses.at(1).alternatives.at(0).prefix);
    }

    void negatedPrefix()
    {
        const auto result = SearchQuery::parse(QStringLiteral("refund -promo*"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 2);
        const auto &clause = result->clauses().at(1);
        QVERIFY(clause.negated);
        QVERIFY(clause.alternatives.at(0).prefix);
        QCOMPARE(words(clause.alternatives.at(0)), QStringList{QStringLiteral("promo")});
    }

    void loneStarIsIgnored()
    {
        const auto result = SearchQuery::parse(QStringLiteral("* refund"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 1);
        QVERIFY(!result->clauses().at(0).alternatives.at(0).prefix);
        QCOMPARE(words(result->clauses().at(0).alternatives.at(0)), QStringList{QStringLiteral("refund")});
    }

    void punctuationOnlyInput_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("bangs") << QStringLiteral("!!!");
        QTest::newRow("mixed") << QStringLiteral("?! ... ,;: ()");
        QTest::newRow("quoted") << QStringLiteral("\"...\"");
        QTest::newRow("star") << QStringLiteral("*");
        QTest::newRow("minus") << QStringLiteral("-");
        QTest::newRow("negated punctuation") << QStringLiteral("-!!!");
    }

    void punctuationOnlyInput()
    {
        QFETCH(QString, text);
        const auto result = SearchQuery::parse(text);
        // Nothing to look for is not an error, just an empty query.
        QVERIFY(result.ok());
        QVERIFY(result->isEmpty());
        QVERIFY(SearchQuery::normalize(text).isEmpty());
    }

    void punctuationAroundWordsIsDropped()
    {
        const auto result = SearchQuery::parse(QStringLiteral("(refund), parcel!"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 2);
        QCOMPARE(words(result->clauses().at(0).alternatives.at(0)), QStringList{QStringLiteral("refund")});
        QCOMPARE(words(result->clauses().at(1).alternatives.at(0)), QStringList{QStringLiteral("parcel")});
    }

    void onlyNegatedIsAnError_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("one") << QStringLiteral("-spam");
        QTest::newRow("two") << QStringLiteral("-spam -\"out of office\"");
        QTest::newRow("prefix") << QStringLiteral("-promo*");
        QTest::newRow("with punctuation") << QStringLiteral("-spam !!!");
    }

    void onlyNegatedIsAnError()
    {
        QFETCH(QString, text);
        const auto result = SearchQuery::parse(text);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Error::Code::InvalidInput);
        QVERIFY(!result.error().message.isEmpty());
        QVERIFY(!result.error().hint.isEmpty());
    }

    void normalize_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("accents and case") << QStringLiteral("Crème BRÛLÉE!") << QStringLiteral("creme brulee");
        QTest::newRow("runs of punctuation") << QStringLiteral("a--b,,  c") << QStringLiteral("a b c");
        QTest::newRow("leading and trailing") << QStringLiteral("  ¿Qué?  ") << QStringLiteral("que");
        QTest::newRow("digits kept") << QStringLiteral("Order #12345") << QStringLiteral("order 12345");
        QTest::newRow("german") << QStringLiteral("Über Straße") << QStringLiteral("uber straße");
        QTest::newRow("ligature") << QStringLiteral("ﬁle") << QStringLiteral("file");
        QTest::newRow("full width") << QStringLiteral("ＲＥＦＵＮＤ") << QStringLiteral("refund");
        QTest::newRow("greek") << QStringLiteral("ΚΑΛΗΜΈΡΑ") << QStringLiteral("καλημερα");
        QTest::newRow("cyrillic") << QStringLiteral("Возврат") << QStringLiteral("возврат");
        QTest::newRow("empty") << QString() << QString();
    }

    void normalize()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(SearchQuery::normalize(input), expected);
    }

    void normalizeIsIdempotent()
    {
        const QString once = SearchQuery::normalize(QStringLiteral("Crème BRÛLÉE! 東京 ＲＥＦＵＮＤ"));
        QCOMPARE(SearchQuery::normalize(once), once);
    }

    void cjkIsKeptAsWordCharacters()
    {
        QCOMPARE(SearchQuery::normalize(QStringLiteral("東京タワー")), QStringLiteral("東京タワー"));
        // CJK punctuation separates words like ASCII punctuation does.
        QCOMPARE(SearchQuery::normalize(QStringLiteral("退款、包裹。")), QStringLiteral("退款 包裹"));
        const auto result = SearchQuery::parse(QStringLiteral("退款 OR 包裹"));
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 1);
        QCOMPARE(result->clauses().at(0).alternatives.size(), 2);
        QCOMPARE(words(result->clauses().at(0).alternatives.at(0)), QStringList{QStringLiteral("退款")});
        QCOMPARE(words(result->clauses().at(0).alternatives.at(1)), QStringList{QStringLiteral("包裹")});
    }

    void emojiOutsideTheBmpAreWords()
    {
        const QString pizza = QStringLiteral("\U0001F355");
        // Astral emoji survive as word characters, each surrogate pair intact.
        QCOMPARE(SearchQuery::normalize(pizza), pizza);
        const QString normalized = SearchQuery::normalize(QStringLiteral("Cold ") + pizza + QStringLiteral("!!"));
        QCOMPARE(normalized, QString(QStringLiteral("cold ") + pizza));
        for (qsizetype i = 0; i < normalized.size(); ++i) {
            if (normalized.at(i).isHighSurrogate()) {
                QVERIFY(i + 1 < normalized.size());
                QVERIFY(normalized.at(i + 1).isLowSurrogate());
            }
        }
        const auto result = SearchQuery::parse(QStringLiteral("late ") + pizza);
        QVERIFY(result.ok());
        QCOMPARE(result->clauses().size(), 2);
        QCOMPARE(words(result->clauses().at(1).alternatives.at(0)), QStringList{pizza});
    }

    void emojiVariationSelectorIsDropped()
    {
        // U+2764 HEAVY BLACK HEART is a symbol (separator); the variation selector is a mark (dropped).
        QCOMPARE(SearchQuery::normalize(QStringLiteral("love\u2764\uFE0Fit")), QStringLiteral("love it"));
    }
};

QTEST_GUILESS_MAIN(TestSearchQuery)
#include "tst_searchquery.moc"
