#include "gui/SafeText.h"

#include <QTest>
#include <QTextDocument>

using Care::Gui::customerTextToHtml;

class TestSafeText : public QObject
{
    Q_OBJECT

private slots:
    void markupStaysText()
    {
        const QString hostile = QStringLiteral("<b>not bold</b> & \"quotes\" <img src=\"http://evil.example/x.png\">");
        QTextDocument doc;
        doc.setHtml(customerTextToHtml(hostile));
        // What the agent reads is exactly what the customer typed.
        QCOMPARE(doc.toPlainText(), hostile);
        QVERIFY(!customerTextToHtml(hostile).contains(QLatin1String("<img")));
        QVERIFY(!customerTextToHtml(hostile).contains(QLatin1String("<b>")));
    }

    void linksBecomeAnchors()
    {
        const QString html = customerTextToHtml(QStringLiteral("see https://status.example.com/page?a=1&b=2."));
        QVERIFY(html.contains(QLatin1String("<a href=\"https://status.example.com/page?a=1&amp;b=2\">")));
        // Trailing punctuation is not part of the link.
        QVERIFY(html.endsWith(QLatin1String("</a>.")));
    }

    void otherSchemesAreNotLinked()
    {
        const QString html = customerTextToHtml(QStringLiteral("javascript:alert(1) file:///etc/passwd"));
        QVERIFY(!html.contains(QLatin1String("<a ")));
    }

    void lineBreaksKept()
    {
        QTextDocument doc;
        doc.setHtml(customerTextToHtml(QStringLiteral("one\ntwo")));
        QCOMPARE(doc.toPlainText(), QStringLiteral("one\ntwo"));
    }
};

QTEST_MAIN(TestSafeText)
#include "tst_safetext.moc"
