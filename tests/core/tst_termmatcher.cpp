#include "core/TermMatcher.h"

#include <QTest>

using Care::Core::TermMatcher;

class TestTermMatcher : public QObject
{
    Q_OBJECT

private slots:
    void matches_data()
    {
        QTest::addColumn<QStringList>("terms");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("found");

        const QStringList acme{QStringLiteral("Acme")};
        QTest::newRow("exact") << acme << QStringLiteral("I bought an Acme kettle") << acme;
        QTest::newRow("any case") << acme << QStringLiteral("ACME support is slow") << acme;
        QTest::newRow("possessive") << acme << QStringLiteral("acme's lid cracked") << acme;
        QTest::newRow("punctuation") << acme << QStringLiteral("Thanks, Acme.") << acme;
        QTest::newRow("start and end") << acme << QStringLiteral("Acme") << acme;
        QTest::newRow("inside a longer word") << acme << QStringLiteral("Acmeville and Megaacme") << QStringList();
        QTest::newRow("digits are part of a word") << acme << QStringLiteral("acme2000") << QStringList();
        QTest::newRow("non-latin neighbours") << acme << QStringLiteral("Acmeé") << QStringList();
        QTest::newRow("phrase over a line break") << QStringList{QStringLiteral("Acme  kettle")}
                                                  << QStringLiteral("the acme\nkettle broke") << QStringList{QStringLiteral("Acme kettle")};
        QTest::newRow("phrase needs all words") << QStringList{QStringLiteral("Acme kettle")} << QStringLiteral("Acme toaster")
                                                << QStringList();
        QTest::newRow("special characters literally") << QStringList{QStringLiteral("C++"), QStringLiteral("#acme")}
                                                       << QStringLiteral("Written in C++ for #acme fans")
                                                       << QStringList{QStringLiteral("C++"), QStringLiteral("#acme")};
        QTest::newRow("dot is not a wildcard") << QStringList{QStringLiteral("a.b")} << QStringLiteral("axb") << QStringList();
        QTest::newRow("umlauts") << QStringList{QStringLiteral("Müller")} << QStringLiteral("bei MÜLLER gekauft")
                                 << QStringList{QStringLiteral("Müller")};
        QTest::newRow("several, in given order") << QStringList{QStringLiteral("kettle"), QStringLiteral("Acme")}
                                                 << QStringLiteral("Acme kettle") << QStringList{QStringLiteral("kettle"), QStringLiteral("Acme")};
        QTest::newRow("blank terms ignored") << QStringList{QStringLiteral(" "), QString()} << QStringLiteral("anything")
                                             << QStringList();
    }

    void matches()
    {
        QFETCH(QStringList, terms);
        QFETCH(QString, text);
        QFETCH(QStringList, found);
        const TermMatcher matcher(terms);
        QCOMPARE(matcher.find(text), found);
        QCOMPARE(matcher.matches(text), !found.isEmpty());
    }

    void firstMatch()
    {
        const TermMatcher matcher({QStringLiteral("kettle"), QStringLiteral("Acme")});
        QCOMPARE(matcher.firstMatch(QStringLiteral("My Acme kettle")), 3);
        QCOMPARE(matcher.firstMatch(QStringLiteral("nothing here")), -1);
        QVERIFY(TermMatcher({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTermMatcher)
#include "tst_termmatcher.moc"
