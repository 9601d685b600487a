#include "sync/HtmlText.h"

#include <QTest>

using Care::Sync::htmlToPlainText;

class TestHtmlText : public QObject
{
    Q_OBJECT

private slots:
    void converts_data()
    {
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("expected");

        QTest::newRow("paragraphs") << QStringLiteral("<p>Hello</p><p>World</p>") << QStringLiteral("Hello\n\nWorld");
        QTest::newRow("paragraphs with source newlines")
            << QStringLiteral("<p>Hello</p>\n\n<p>World</p>\n") << QStringLiteral("Hello\n\nWorld");
        QTest::newRow("line breaks") << QStringLiteral("<p>line one<br>line two<br/>line three</p>")
                                     << QStringLiteral("line one\nline two\nline three");
        QTest::newRow("two line breaks") << QStringLiteral("<p>a<br><br>b</p>") << QStringLiteral("a\n\nb");
        QTest::newRow("break at paragraph end") << QStringLiteral("<p>a<br></p><p>b</p>") << QStringLiteral("a\n\nb");
        QTest::newRow("spaces around a break") << QStringLiteral("<p>a <br> b</p>") << QStringLiteral("a\nb");
        // platform-apis.md, "Trimmed mention notification".
        QTest::newRow("mention h-card") << QStringLiteral(
            "<p><span class=\"h-card\"><a class=\"u-url mention\" href=\"https://brand.example/@acme\">"
            "@<span>acme</span></a></span> lid cracked on order 4471</p>")
                                        << QStringLiteral("@acme lid cracked on order 4471");
        QTest::newRow("hashtag") << QStringLiteral(
            "<p>Love it <a href=\"https://brand.example/tags/kettle\" class=\"mention hashtag\" "
            "rel=\"tag\">#<span>kettle</span></a></p>")
                                 << QStringLiteral("Love it #kettle");
        QTest::newRow("mention by its text only")
            << QStringLiteral("<a href=\"https://other.example/users/acme\">@acme@brand.example</a> hi")
            << QStringLiteral("@acme@brand.example hi");
        QTest::newRow("link with other text")
            << QStringLiteral("<p>See the <a href=\"https://shop.example/o/1\">order page</a> please</p>")
            << QStringLiteral("See the order page <https://shop.example/o/1> please");
        QTest::newRow("link showing its address")
            << QStringLiteral("<p>Go to <a href=\"https://www.shop.example/\">shop.example</a>.</p>")
            << QStringLiteral("Go to shop.example.");
        QTest::newRow("links that are no address")
            << QStringLiteral("<a href=\"javascript:alert(1)\">click</a> <a href=\"/tags/x\">tag</a> "
                              "<a href=\"#top\">top</a> <a href=\"\">none</a>")
            << QStringLiteral("click tag top none");
        QTest::newRow("mail link") << QStringLiteral("<a href=\"mailto:care@shop.example\">write to us</a>")
                                   << QStringLiteral("write to us <mailto:care@shop.example>");
        QTest::newRow("link without text") << QStringLiteral("<p>x <a href=\"https://shop.example/img\"></a></p>")
                                           << QStringLiteral("x https://shop.example/img");
        QTest::newRow("link shortened with an ellipsis")
            << QStringLiteral("<a href=\"https://shop.example/orders/4471\">shop.example/orders/44\u2026</a>")
            << QStringLiteral("https://shop.example/orders/4471");
        QTest::newRow("shortened link within text")
            << QStringLiteral("see <a href=\"https://shop.example/orders/4471\">shop.example/orders/44...</a> now")
            << QStringLiteral("see https://shop.example/orders/4471 now");
        QTest::newRow("mastodon split url")
            << QStringLiteral("<p>Order: <a href=\"https://shop.example/orders/4471\" rel=\"nofollow noopener\" "
                              "target=\"_blank\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">"
                              "shop.example/orders/44</span><span class=\"invisible\">71</span></a></p>")
            << QStringLiteral("Order: https://shop.example/orders/4471");
        QTest::newRow("entities") << QStringLiteral("<p>Fish &amp; chips &lt;3 it&#39;s &#x1F600; &quot;ok&quot;</p>")
                                  << QStringLiteral("Fish & chips <3 it's \U0001F600 \"ok\"");
        QTest::newRow("nbsp is kept") << QStringLiteral("<p>10&nbsp;kg</p>") << QStringLiteral("10\u00A0kg");
        QTest::newRow("script and style dropped")
            << QStringLiteral("<style>p { color: red }</style><p>a<script>alert('x')</script>b</p>")
            << QStringLiteral("ab");
        QTest::newRow("whole document") << QStringLiteral(
            "<!DOCTYPE html><html><head><title>T</title><meta charset=\"iso-8859-1\"></head>"
            "<body><!-- c --><p>caf\u00E9</p></body></html>")
                                        << QStringLiteral("caf\u00E9");
        QTest::newRow("emoji and non-Latin")
            << QStringLiteral("<p>\u041F\u0440\u0438\u0432\u0435\u0442 \U0001F44B \u65E5\u672C\u8A9E "
                              "\u0645\u0631\u062D\u0628\u0627 \U0001F469\u200D\U0001F469\u200D\U0001F467</p>")
            << QStringLiteral("\u041F\u0440\u0438\u0432\u0435\u0442 \U0001F44B \u65E5\u672C\u8A9E "
                              "\u0645\u0631\u062D\u0628\u0627 \U0001F469\u200D\U0001F469\u200D\U0001F467");
        QTest::newRow("unclosed tags") << QStringLiteral("<p>unclosed <b>bold <i>both")
                                       << QStringLiteral("unclosed bold both");
        QTest::newRow("stray less-than") << QStringLiteral("<p>1 < 2 and 3 > 2</p>")
                                         << QStringLiteral("1 < 2 and 3 > 2");
        QTest::newRow("stray less-than at the end") << QStringLiteral("a <") << QStringLiteral("a <");
        QTest::newRow("unterminated tag") << QStringLiteral("hello <b class=\"x") << QStringLiteral("hello");
        QTest::newRow("plain text") << QStringLiteral("just text") << QStringLiteral("just text");
        QTest::newRow("whitespace collapsed")
            << QStringLiteral("<p>  lots \t of\n\n   space  </p>") << QStringLiteral("lots of space");
        QTest::newRow("space between inline elements") << QStringLiteral("<b>a</b> <i>b</i>") << QStringLiteral("a b");
        QTest::newRow("list items") << QStringLiteral("<ul><li>one</li><li>two</li></ul>after")
                                    << QStringLiteral("one\ntwo\nafter");
        QTest::newRow("blockquote and heading")
            << QStringLiteral("<h1>Title</h1><blockquote>quoted</blockquote><div>reply</div>")
            << QStringLiteral("Title\nquoted\nreply");
        QTest::newRow("preformatted") << QStringLiteral("<pre>a  b\n  c</pre>") << QStringLiteral("a  b\n  c");
        QTest::newRow("leading and trailing blank lines")
            << QStringLiteral("<br><br><p></p><p> x </p><br><br>") << QStringLiteral("x");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("only whitespace") << QStringLiteral(" \n\t ") << QString();
        QTest::newRow("only markup") << QStringLiteral("<p></p><br>") << QString();
        QTest::newRow("only a comment") << QStringLiteral("<!-- nothing -->") << QString();
    }

    void converts()
    {
        QFETCH(QString, html);
        QFETCH(QString, expected);
        QCOMPARE(htmlToPlainText(html), expected);
    }

    void neverReturnsMarkup()
    {
        const QString text = htmlToPlainText(
            QStringLiteral("<div><span class=\"invisible\">x</span><img src=\"https://t.example/p.png\">"
                           "<iframe src=\"https://t.example\"></iframe><a href=\"#\">y</a></div>"));
        QCOMPARE(text, QStringLiteral("xy"));
    }

    void survivesDeepNesting()
    {
        // The conversion walks the tree without recursion: any depth the parser accepts is fine.
        QString deep = QStringLiteral("<p>before</p>");
        for (int i = 0; i < 250; ++i)
            deep += QStringLiteral("<span>");
        deep += QStringLiteral("deep");
        QCOMPARE(htmlToPlainText(deep), QStringLiteral("before\n\ndeep"));

        // Beyond libxml2's nesting limit (256 levels) the parser stops: what came before is kept,
        // and nothing crashes.
        QString absurd = QStringLiteral("<p>before</p>");
        for (int i = 0; i < 20000; ++i)
            absurd += QStringLiteral("<span>");
        absurd += QStringLiteral("lost");
        QCOMPARE(htmlToPlainText(absurd), QStringLiteral("before"));
    }

    void survivesControlCharacters()
    {
        QString html = QStringLiteral("<p>a");
        html += QChar(0);
        html += QStringLiteral("\x01\x1f b</p>");
        const QString text = htmlToPlainText(html);
        QVERIFY(text.startsWith(QLatin1Char('a')));
    }
};

QTEST_GUILESS_MAIN(TestHtmlText)
#include "tst_htmltext.moc"
