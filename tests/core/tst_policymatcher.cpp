#include "core/PolicyMatcher.h"

#include <QTest>

using namespace Care::Core;

class TestPolicyMatcher : public QObject
{
    Q_OBJECT

private:
    static QList<PolicyDocument> pack()
    {
        return {PolicyDocument::fromMarkdown(QStringLiteral("refunds"),
                                             QStringLiteral("---\ntitle: Refunds\ntags: refund, return, parcel\n---\nx")),
                PolicyDocument::fromMarkdown(QStringLiteral("private"),
                                             QStringLiteral("---\ntitle: Going private\ntags: booking, phone, address\n---\nx")),
                PolicyDocument::fromMarkdown(QStringLiteral("tone"), QStringLiteral("---\ntitle: Tone\ntags: praise\n---\nx"))};
    }

private slots:
    void conversationTagsWeighMost()
    {
        const auto s = suggestPolicies(pack(), {QStringLiteral("parcel")}, QStringLiteral("my booking is wrong"));
        QCOMPARE(s.size(), 2);
        QCOMPARE(s.at(0).index, 0); // tag match: 3 points
        QCOMPARE(s.at(0).because, QStringList{QStringLiteral("parcel")});
        QCOMPARE(s.at(1).index, 1); // word match: 1 point
        QCOMPARE(s.at(1).score, 1);
    }

    void wordsMatchWholeWordsOnly()
    {
        // "rephone" and "addressed" must not match "phone" and "address".
        QVERIFY(suggestPolicies(pack(), {}, QStringLiteral("I rephoned and was addressed rudely")).isEmpty());
        const auto s = suggestPolicies(pack(), {}, QStringLiteral("Can I change the ADDRESS? Phone me."));
        QCOMPARE(s.size(), 1);
        QCOMPARE(s.at(0).score, 2);
    }

    void limitedAndEmpty()
    {
        QVERIFY(suggestPolicies(pack(), {}, QString()).isEmpty());
        QCOMPARE(suggestPolicies(pack(), {QStringLiteral("refund"), QStringLiteral("praise"), QStringLiteral("phone")},
                                 QString(), 2)
                     .size(),
                 2);
    }
};

QTEST_GUILESS_MAIN(TestPolicyMatcher)
#include "tst_policymatcher.moc"
