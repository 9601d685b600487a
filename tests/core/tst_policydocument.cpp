#include "core/PolicyDocument.h"

#include <QTest>

using Care::Core::PolicyDocument;

class TestPolicyDocument : public QObject
{
    Q_OBJECT

private slots:
    void frontMatter()
    {
        const QString text = QStringLiteral("---\n"
                                            "title: Returns and refunds\n"
                                            "tags: Refund, RETURN , ,goodwill\n"
                                            "values: refund_days=30, Max_Voucher = 25 EUR\n"
                                            "---\n"
                                            "# Heading that is not the title\n"
                                            "\n"
                                            "Customers may return items within {policy.refund_days} days.\n");
        const PolicyDocument doc = PolicyDocument::fromMarkdown(QStringLiteral("refunds"), text);
        QCOMPARE(doc.slug, QStringLiteral("refunds"));
        QCOMPARE(doc.title, QStringLiteral("Returns and refunds"));
        QCOMPARE(doc.tags, (QStringList{QStringLiteral("refund"), QStringLiteral("return"), QStringLiteral("goodwill")}));
        QCOMPARE(doc.values.size(), 2);
        QCOMPARE(doc.values.value(QStringLiteral("refund_days")), QStringLiteral("30"));
        // Value names keep their case; only tags are lower-cased.
        QCOMPARE(doc.values.value(QStringLiteral("Max_Voucher")), QStringLiteral("25 EUR"));
        QVERIFY(doc.body.startsWith(QLatin1String("# Heading that is not the title")));
        QVERIFY(doc.body.endsWith(QLatin1String("{policy.refund_days} days.")));
        QVERIFY(!doc.body.contains(QLatin1String("---")));
        QVERIFY(!doc.body.contains(QLatin1String("title:")));
    }

    void frontMatterKeysAreCaseInsensitive()
    {
        const PolicyDocument doc = PolicyDocument::fromMarkdown(
            QStringLiteral("x"), QStringLiteral("---\nTitle: Going private\nTAGS: DM\n---\nBody\n"));
        QCOMPARE(doc.title, QStringLiteral("Going private"));
        QCOMPARE(doc.tags, QStringList{QStringLiteral("dm")});
        QCOMPARE(doc.body, QStringLiteral("Body"));
    }

    void titleMayContainAColon()
    {
        const PolicyDocument doc = PolicyDocument::fromMarkdown(
            QStringLiteral("x"), QStringLiteral("---\ntitle: Goodwill: when and how much\n---\nBody"));
        QCOMPARE(doc.title, QStringLiteral("Goodwill: when and how much"));
    }

    void malformedValuesAreSkipped()
    {
        const PolicyDocument doc = PolicyDocument::fromMarkdown(
            QStringLiteral("x"), QStringLiteral("---\ntitle: T\nvalues: =orphan, novalue, a=1, b=x=y\n---\n"));
        QCOMPARE(doc.values.size(), 2);
        QCOMPARE(doc.values.value(QStringLiteral("a")), QStringLiteral("1"));
        // Only the first '=' separates name and value.
        QCOMPARE(doc.values.value(QStringLiteral("b")), QStringLiteral("x=y"));
        QVERIFY(doc.body.isEmpty());
    }

    void emptyFrontMatterDoesNotReadTheBody()
    {
        // The body must never be mistaken for front matter, even when a line looks like a key.
        const PolicyDocument doc = PolicyDocument::fromMarkdown(
            QStringLiteral("going-private"),
            QStringLiteral("---\n---\nTitle: not a key here\ntags: neither\n\nText.\n"));
        QCOMPARE(doc.title, QStringLiteral("going-private"));
        QVERIFY(doc.tags.isEmpty());
        QCOMPARE(doc.body, QStringLiteral("Title: not a key here\ntags: neither\n\nText."));
    }

    void missingFrontMatterTakesTheFirstHeading()
    {
        const QString text = QStringLiteral("Intro line.\n\n#   Shipping delays  \n\nSome text.\n\n# Second heading\n");
        const PolicyDocument doc = PolicyDocument::fromMarkdown(QStringLiteral("delays"), text);
        QCOMPARE(doc.title, QStringLiteral("Shipping delays"));
        QVERIFY(doc.tags.isEmpty());
        QVERIFY(doc.values.isEmpty());
        QCOMPARE(doc.body, text.trimmed());
    }

    void subheadingsAndHashtagsAreNotTitles()
    {
        const PolicyDocument doc = PolicyDocument::fromMarkdown(
            QStringLiteral("tone-of-voice"), QStringLiteral("## Only a subheading\n\n#hashtag is not a heading\n"));
        QCOMPARE(doc.title, QStringLiteral("tone-of-voice"));
    }

    void missingFrontMatterAndHeadingTakesTheSlug()
    {
        const PolicyDocument doc =
            PolicyDocument::fromMarkdown(QStringLiteral("escalation"), QStringLiteral("Just text, no heading.\n"));
        QCOMPARE(doc.title, QStringLiteral("escalation"));
        QCOMPARE(doc.body, QStringLiteral("Just text, no heading."));
    }

    void frontMatterWithoutTitleTakesTheHeading()
    {
        const PolicyDocument doc = PolicyDocument::fromMarkdown(
            QStringLiteral("x"), QStringLiteral("---\ntags: a\n---\n# Vouchers\nText\n"));
        QCOMPARE(doc.title, QStringLiteral("Vouchers"));
        QCOMPARE(doc.tags, QStringList{QStringLiteral("a")});
    }

    void unterminatedFrontMatterIsBody()
    {
        const QString text = QStringLiteral("---\ntitle: Never closed\n");
        const PolicyDocument doc = PolicyDocument::fromMarkdown(QStringLiteral("open"), text);
        QCOMPARE(doc.title, QStringLiteral("open"));
        QCOMPARE(doc.body, text.trimmed());
    }

    void crlfInput()
    {
        const QString text = QStringLiteral("---\r\n"
                                            "title: Refunds\r\n"
                                            "tags: Refund, Money\r\n"
                                            "values: refund_days=30\r\n"
                                            "---\r\n"
                                            "# Refunds\r\n"
                                            "Line one.\r\n"
                                            "Line two.\r\n");
        const PolicyDocument doc = PolicyDocument::fromMarkdown(QStringLiteral("refunds"), text);
        QCOMPARE(doc.title, QStringLiteral("Refunds"));
        QCOMPARE(doc.tags, (QStringList{QStringLiteral("refund"), QStringLiteral("money")}));
        QCOMPARE(doc.values.value(QStringLiteral("refund_days")), QStringLiteral("30"));
        QVERIFY(!doc.body.contains(QLatin1Char('\r')));
        QCOMPARE(doc.body, QStringLiteral("# Refunds\nLine one.\nLine two."));

        // Same document with LF endings parses identically.
        QString lf = text;
        lf.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        const PolicyDocument lfDoc = PolicyDocument::fromMarkdown(QStringLiteral("refunds"), lf);
        QCOMPARE(lfDoc.title, doc.title);
        QCOMPARE(lfDoc.tags, doc.tags);
        QCOMPARE(lfDoc.values, doc.values);
        QCOMPARE(lfDoc.body, doc.body);
    }

    void crlfWithoutFrontMatter()
    {
        const PolicyDocument doc =
            PolicyDocument::fromMarkdown(QStringLiteral("x"), QStringLiteral("# Late parcels\r\nText\r\n"));
        QCOMPARE(doc.title, QStringLiteral("Late parcels"));
        QCOMPARE(doc.body, QStringLiteral("# Late parcels\nText"));
    }

    void roundTrip()
    {
        PolicyDocument doc;
        doc.slug = QStringLiteral("goodwill");
        doc.title = QStringLiteral("Goodwill gestures");
        doc.tags = QStringList{QStringLiteral("goodwill"), QStringLiteral("voucher")};
        doc.values.insert(QStringLiteral("max_voucher"), QStringLiteral("25"));
        doc.values.insert(QStringLiteral("currency"), QStringLiteral("EUR"));
        doc.body = QStringLiteral("# Goodwill\n\nOffer up to {policy.max_voucher} {policy.currency}.\n\n- one\n- two");

        const QString markdown = doc.toMarkdown();
        QVERIFY(markdown.startsWith(QLatin1String("---\n")));
        QVERIFY(markdown.contains(QLatin1String("title: Goodwill gestures\n")));

        const PolicyDocument back = PolicyDocument::fromMarkdown(doc.slug, markdown);
        QCOMPARE(back.slug, doc.slug);
        QCOMPARE(back.title, doc.title);
        QCOMPARE(back.tags, doc.tags);
        QCOMPARE(back.values, doc.values);
        QCOMPARE(back.body, doc.body);
        // Stable: a second trip produces the same file.
        QCOMPARE(back.toMarkdown(), markdown);
    }

    void roundTripOfAnEmptyDocument()
    {
        PolicyDocument doc;
        doc.slug = QStringLiteral("blank");
        doc.title = QStringLiteral("Blank");
        const PolicyDocument back = PolicyDocument::fromMarkdown(doc.slug, doc.toMarkdown());
        QCOMPARE(back.title, doc.title);
        QVERIFY(back.tags.isEmpty());
        QVERIFY(back.values.isEmpty());
        QVERIFY(back.body.isEmpty());
    }

    void roundTripFromFile()
    {
        const QString text = QStringLiteral("---\ntitle: Escalation\ntags: urgent, legal\nvalues: hours=4\n---\n"
                                            "Escalate legal threats within {policy.hours} hours.\n");
        const PolicyDocument doc = PolicyDocument::fromMarkdown(QStringLiteral("escalation"), text);
        QCOMPARE(doc.toMarkdown(), text);
    }
};

QTEST_GUILESS_MAIN(TestPolicyDocument)
#include "tst_policydocument.moc"
