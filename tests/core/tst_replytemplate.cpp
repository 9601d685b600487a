#include "core/ReplyTemplate.h"
#include "core/Signature.h"

#include <QTest>

using Care::Core::Agent;
using Care::Core::CannedReply;
using Care::Core::Customer;
using Care::Core::FilledTemplate;
using Care::Core::Platform;
using Care::Core::PolicyDocument;
using Care::Core::ReplyLengthCounter;
using Care::Core::ReplyTemplate;
using Care::Core::Signature;

namespace {

Agent anna()
{
    Agent agent;
    agent.id = QStringLiteral("anna");
    agent.name = QStringLiteral("Anna Schmidt");
    agent.signature = QStringLiteral("Anna");
    agent.role = QStringLiteral("agent");
    return agent;
}

Customer maria()
{
    Customer customer;
    customer.id = 7;
    customer.name = QString::fromUtf8("Maria López García");
    return customer;
}

QList<PolicyDocument> policies()
{
    return { PolicyDocument::fromMarkdown(QStringLiteral("refunds"),
                 QStringLiteral("---\ntitle: Refunds\nvalues: refund_days=30, Max_Voucher=25 EUR\n---\n")),
        PolicyDocument::fromMarkdown(QStringLiteral("later"),
            QStringLiteral("---\ntitle: Later\nvalues: refund_days=99, hotline=0800 123 4567\n---\n")) };
}

} // namespace

class TestReplyTemplate : public QObject
{
    Q_OBJECT

private slots:
    void fillsEveryKindOfVariable()
    {
        const auto context = ReplyTemplate::makeContext(maria(), anna(), policies(), QStringLiteral("Mon–Fri 8–20"));
        const ReplyTemplate tpl(QStringLiteral(
            "Hi {customer.first_name}, we are very sorry about the lid. Refunds take up to {policy.refund_days} days; "
            "a voucher of up to {policy.Max_Voucher} is possible. We're here {team.hours}. – {agent.signature}"));
        const FilledTemplate filled = tpl.fill(context);
        QVERIFY(!filled.hasUnfilled());
        QCOMPARE(filled.text,
            QString::fromUtf8("Hi Maria, we are very sorry about the lid. Refunds take up to 30 days; a voucher of up "
                              "to 25 EUR is possible. We're here Mon–Fri 8–20. – Anna"));
        QCOMPARE(ReplyTemplate(QStringLiteral("{customer.name} / {agent.name} / {agent.initials} / {policy.hotline}"))
                     .fill(context)
                     .text,
            QString::fromUtf8("Maria López García / Anna Schmidt / AS / 0800 123 4567"));
    }

    void firstPolicyWins()
    {
        const auto context = ReplyTemplate::makeContext(maria(), anna(), policies());
        QCOMPARE(context.value(QStringLiteral("policy.refund_days")), QStringLiteral("30"));
    }

    void unfilledStayVisible()
    {
        // No team hours given, an unknown policy value and a misspelt namespace.
        const auto context = ReplyTemplate::makeContext(maria(), anna(), policies());
        const FilledTemplate filled
            = ReplyTemplate(QStringLiteral("Hi {customer.first_name}, we're here {team.hours}. {policy.nope} "
                                           "{custmer.name} and again {team.hours}."))
                  .fill(context);
        QVERIFY(filled.hasUnfilled());
        QCOMPARE(filled.unfilled,
            (QStringList {
                QStringLiteral("team.hours"), QStringLiteral("policy.nope"), QStringLiteral("custmer.name") }));
        QCOMPARE(filled.text,
            QStringLiteral("Hi Maria, we're here {team.hours}. {policy.nope} {custmer.name} and again "
                           "{team.hours}."));
        // The composer re-checks the edited draft the same way.
        QCOMPARE(ReplyTemplate::variablesIn(filled.text), filled.unfilled);
        QVERIFY(ReplyTemplate::hasVariables(filled.text));
    }

    void emptyValuesAreUnfilled()
    {
        Customer nameless;
        const auto context = ReplyTemplate::makeContext(nameless, anna(), {});
        const FilledTemplate filled = ReplyTemplate(QStringLiteral("Hi {customer.first_name},")).fill(context);
        QCOMPARE(filled.text, QStringLiteral("Hi {customer.first_name},"));
        QCOMPARE(filled.unfilled, QStringList { QStringLiteral("customer.first_name") });
    }

    void otherBracesAreLeftAlone()
    {
        const auto context = ReplyTemplate::makeContext(maria(), anna(), policies());
        const QString quote = QStringLiteral(
            R"(You wrote {"status": "lost", "id": 4471} and {sic} and { } and {a.b.c} and {customer name} )"
            R"(and {customer.name and {} and }{.)");
        const FilledTemplate filled = ReplyTemplate(quote).fill(context);
        QCOMPARE(filled.text, quote);
        QVERIFY(!filled.hasUnfilled());
        QVERIFY(!ReplyTemplate::hasVariables(quote));
    }

    void valuesAreNotExpandedAgain()
    {
        Customer sneaky;
        sneaky.name = QStringLiteral("{agent.name}");
        const auto context = ReplyTemplate::makeContext(sneaky, anna(), {});
        const FilledTemplate filled = ReplyTemplate(QStringLiteral("Hi {customer.name}!")).fill(context);
        QCOMPARE(filled.text, QStringLiteral("Hi {agent.name}!"));
        QVERIFY(!filled.hasUnfilled());
    }

    void variablesAndHelpers()
    {
        CannedReply canned;
        canned.body = QStringLiteral("{agent.name} {customer.name} {agent.name} {policy.refund_days}");
        const ReplyTemplate tpl = ReplyTemplate::fromCannedReply(canned);
        QCOMPARE(tpl.body(), canned.body);
        QCOMPARE(tpl.variables(),
            (QStringList {
                QStringLiteral("agent.name"), QStringLiteral("customer.name"), QStringLiteral("policy.refund_days") }));
        QCOMPARE(ReplyTemplate::firstName(QStringLiteral("  Anna  Maria Schmidt ")), QStringLiteral("Anna"));
        QCOMPARE(ReplyTemplate::firstName(QStringLiteral("Prince")), QStringLiteral("Prince"));
        QCOMPARE(ReplyTemplate::firstName(QString()), QString());
        QCOMPARE(ReplyTemplate::initials(QStringLiteral("Anna Schmidt")), QStringLiteral("AS"));
        QCOMPARE(ReplyTemplate::initials(QStringLiteral("jean-luc picard")), QStringLiteral("JLP"));
        QCOMPARE(ReplyTemplate::initials(QString::fromUtf8("Özge \"Oz\" Yılmaz")), QString::fromUtf8("ÖOY"));
    }

    void signatureAppends()
    {
        const Signature signature; // "– {agent.signature}" after a space
        const auto signedReply = signature.apply(QStringLiteral("Sorry about that!  "), anna());
        QVERIFY(signedReply.ok());
        QCOMPARE(signedReply.value(), QString::fromUtf8("Sorry about that! – Anna"));

        const Signature initials(QStringLiteral("^{initials}"));
        QCOMPARE(initials.apply(QStringLiteral("Thanks!"), anna()).value(), QStringLiteral("Thanks! ^AS"));

        const Signature email(QStringLiteral("{agent.name}\nCustomer care"), QStringLiteral("\n\n"));
        QCOMPARE(email.apply(QStringLiteral("Dear Maria,\n\nyour refund is on its way.\n"), anna()).value(),
            QStringLiteral("Dear Maria,\n\nyour refund is on its way.\n\nAnna Schmidt\nCustomer care"));
        // Nothing to sign but the signature itself: no leading separator.
        QCOMPARE(initials.apply(QString(), anna()).value(), QStringLiteral("^AS"));
    }

    void signatureIsNotDoubled()
    {
        const Signature signature;
        const QString already = QString::fromUtf8("Sorry about that! – Anna");
        QVERIFY(signature.isSigned(already, anna()));
        QCOMPARE(signature.apply(already, anna()).value(), already);
        QCOMPARE(signature.suffixFor(already, anna()), QString());
        // Signed on its own line and followed by whitespace: still signed.
        const QString ownLine = QString::fromUtf8("Sorry about that!\n– Anna \n");
        QVERIFY(signature.isSigned(ownLine, anna()));
        QCOMPARE(signature.apply(ownLine, anna()).value(), ownLine);

        // The bare name form is not fooled by a word that merely ends with it.
        const Signature bare(QStringLiteral("{agent.signature}"));
        QVERIFY(!bare.isSigned(QStringLiteral("Thanks, Joanna"), anna()));
        QCOMPARE(bare.apply(QStringLiteral("Thanks, Joanna"), anna()).value(), QStringLiteral("Thanks, Joanna Anna"));
        QVERIFY(!signature.isSigned(QStringLiteral("Sorry about that!"), anna()));
    }

    void signatureNeedsAName()
    {
        Agent nobody;
        nobody.id = QStringLiteral("temp1");
        const Signature signature;
        const auto result = signature.apply(QStringLiteral("Hello"), nobody);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, Care::Core::Error::Code::InvalidInput);
        QVERIFY(result.error().message.contains(QLatin1String("temp1")));
        QCOMPARE(signature.render(nobody).unfilled, QStringList { QStringLiteral("agent.signature") });
        QVERIFY(!signature.isSigned(QStringLiteral("Hello – {agent.signature}"), nobody));
    }

    void signatureLengthKeepsTheReplyInsideTheLimit()
    {
        const ReplyLengthCounter counter;
        const Signature signature;
        // " – Anna": space, en dash (U+2013 weighs 1 on X), space, 4 letters = 7.
        auto cost = signature.cost(counter, Platform::X, anna());
        QCOMPARE(cost.used, 7);
        cost = signature.cost(counter, Platform::Bluesky, anna());
        QCOMPARE(cost.used, 7);
        QCOMPARE(cost.utf8Bytes, 1 + 3 + 1 + 4);

        // 273 + 7 = 280 fits on X, 274 + 7 does not.
        auto check = signature.checkSigned(counter, Platform::X, QString(273, QLatin1Char('a')), anna());
        QCOMPARE(check.used, 280);
        QVERIFY(!check.over);
        check = signature.checkSigned(counter, Platform::X, QString(274, QLatin1Char('a')), anna());
        QCOMPARE(check.used, 281);
        QVERIFY(check.over);
        // An already signed reply is counted as it is.
        const QString already = QString(QString(273, QLatin1Char('a')) + QString::fromUtf8(" – Anna"));
        QCOMPARE(signature.checkSigned(counter, Platform::X, already, anna()).used, 280);
        // The override reaches through.
        QCOMPARE(signature.checkSigned(counter, Platform::Mastodon, QStringLiteral("Hi"), anna(), 1000).limit, 1000);
    }
};

QTEST_GUILESS_MAIN(TestReplyTemplate)
#include "tst_replytemplate.moc"
