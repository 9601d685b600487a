#include "core/ReplyLengthCounter.h"

#include <QTest>

using Care::Core::LengthCheck;
using Care::Core::LengthRule;
using Care::Core::Platform;
using Care::Core::ReplyLengthCounter;

namespace {

// Written out with escapes so the hand count is visible: 4 people joined by 3 ZWJ.
const QString kFamily = QString::fromUtf8("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466");
const QString kFlagDe = QString::fromUtf8("\U0001F1E9\U0001F1EA");
const QString kThumbsMedium = QString::fromUtf8("\U0001F44D\U0001F3FD");
const QString kCombiningE = QString::fromUtf8("e\u0301");

QString repeated(const QString &s, int n)
{
    QString out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

} // namespace

class TestReplyLengthCounter : public QObject
{
    Q_OBJECT

private slots:
    void graphemes()
    {
        QCOMPARE(ReplyLengthCounter::graphemeCount(QString()), 0);
        QCOMPARE(ReplyLengthCounter::graphemeCount(QStringLiteral("Hello")), 5);
        QCOMPARE(ReplyLengthCounter::graphemeCount(kFamily), 1);
        QCOMPARE(ReplyLengthCounter::graphemeCount(kFlagDe), 1);
        QCOMPARE(ReplyLengthCounter::graphemeCount(QString(kFlagDe + kFlagDe)), 2);
        QCOMPARE(ReplyLengthCounter::graphemeCount(kThumbsMedium), 1);
        QCOMPARE(ReplyLengthCounter::graphemeCount(kCombiningE), 1);
        QCOMPARE(ReplyLengthCounter::graphemeCount(QString::fromUtf8("1\uFE0F\u20E3")), 1); // keycap 1
        QCOMPARE(ReplyLengthCounter::graphemeCount(QStringLiteral("\r\n")), 1);
    }

    void bluesky()
    {
        const ReplyLengthCounter counter;
        LengthCheck c = counter.check(Platform::Bluesky, QStringLiteral("Hello"));
        QCOMPARE(c.used, 5);
        QCOMPARE(c.limit, 300);
        QCOMPARE(c.remaining, 295);
        QVERIFY(!c.over);
        QCOMPARE(c.unit, QStringLiteral("graphemes"));
        QCOMPARE(c.utf8Bytes, 5);
        QCOMPARE(c.utf8ByteLimit, 3000);

        // Family: 4 emoji of 4 bytes and 3 ZWJ of 3 bytes = 25 bytes, one grapheme.
        c = counter.check(Platform::Bluesky, kFamily);
        QCOMPARE(c.used, 1);
        QCOMPARE(c.utf8Bytes, 25);
        c = counter.check(Platform::Bluesky, QString(QStringLiteral("Hallo ") + kFlagDe));
        QCOMPARE(c.used, 7);
        QCOMPARE(c.utf8Bytes, 6 + 8);
        c = counter.check(Platform::Bluesky, QString(QStringLiteral("caf") + kCombiningE));
        QCOMPARE(c.used, 4);
        QCOMPARE(c.utf8Bytes, 3 + 1 + 2);

        // Bluesky stores links in full: a 36-character URL is 36 graphemes.
        c = counter.check(Platform::Bluesky, QStringLiteral("https://example.com/a/very/long/path"));
        QCOMPARE(c.used, 36);

        QVERIFY(!counter.check(Platform::Bluesky, QString(300, QLatin1Char('a'))).over);
        c = counter.check(Platform::Bluesky, QString(301, QLatin1Char('a')));
        QVERIFY(c.over);
        QCOMPARE(c.remaining, -1);
        QVERIFY(!c.overBytes);
    }

    void blueskyBytesLimitToo()
    {
        const ReplyLengthCounter counter;
        // 120 families: 120 graphemes and exactly 3000 bytes: fits.
        LengthCheck c = counter.check(Platform::Bluesky, repeated(kFamily, 120));
        QCOMPARE(c.used, 120);
        QCOMPARE(c.utf8Bytes, 3000);
        QVERIFY(!c.over);
        // 121 families: 121 graphemes (fine) but 3025 bytes (not fine).
        c = counter.check(Platform::Bluesky, repeated(kFamily, 121));
        QCOMPARE(c.used, 121);
        QCOMPARE(c.remaining, 179);
        QVERIFY(c.overBytes);
        QVERIFY(c.over);

        const LengthRule dm = ReplyLengthCounter::blueskyDirectMessageRule();
        c = ReplyLengthCounter::check(dm, repeated(kFamily, 121));
        QCOMPARE(c.limit, 1000);
        QVERIFY(!c.over);
    }

    void blueskyTrickyGraphemes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("graphemes");
        QTest::addColumn<int>("bytes");
        // Each written as code points so the hand count is checkable.
        QTest::newRow("woman technologist, medium skin tone (ZWJ + modifier)")
            << QString::fromUtf8("\U0001F469\U0001F3FD\u200D\U0001F4BB") << 1 << 4 + 4 + 3 + 4;
        QTest::newRow("people holding hands (two ZWJ)")
            << QString::fromUtf8("\U0001F9D1\u200D\U0001F91D\u200D\U0001F9D1") << 1 << 4 + 3 + 4 + 3 + 4;
        QTest::newRow("flag of Scotland (tag sequence)")
            << QString::fromUtf8("\U0001F3F4\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F") << 1 << 7 * 4;
        QTest::newRow("rainbow flag (VS16 + ZWJ)")
            << QString::fromUtf8("\U0001F3F3\uFE0F\u200D\U0001F308") << 1 << 4 + 3 + 3 + 4;
        QTest::newRow("three regional indicators: one flag and a lone letter")
            << QString::fromUtf8("\U0001F1E9\U0001F1EA\U0001F1EB") << 2 << 12;
        QTest::newRow("red heart with emoji presentation") << QString::fromUtf8("\u2764\uFE0F") << 1 << 3 + 3;
        QTest::newRow("keycap #") << QString::fromUtf8("#\uFE0F\u20E3") << 1 << 1 + 3 + 3;
        QTest::newRow("a letter under ten combining marks")
            << QString::fromUtf8("Z\u0351\u036B\u0343\u036A\u0302\u036B\u033D\u034F\u0334\u0319") << 1 << 1 + 10 * 2;
        QTest::newRow("Hangul syllable from conjoining jamo") << QString::fromUtf8("\u1112\u1161\u11AB") << 1 << 9;
        QTest::newRow("precomposed and decomposed é side by side")
            << QString::fromUtf8("\u00E9e\u0301") << 2 << 2 + 1 + 2;
        QTest::newRow("CRLF is one") << QStringLiteral("a\r\nb") << 3 << 4;
        QTest::newRow("Japanese") << QString::fromUtf8("日本語") << 3 << 9;
    }

    void blueskyTrickyGraphemes()
    {
        QFETCH(QString, text);
        QFETCH(int, graphemes);
        QFETCH(int, bytes);
        const LengthCheck c = ReplyLengthCounter().check(Platform::Bluesky, text);
        QCOMPARE(c.used, graphemes);
        QCOMPARE(c.utf8Bytes, bytes);
    }

    void blueskyLimitsAtTheEdge()
    {
        const ReplyLengthCounter counter;
        // 300 skin-toned technologists: 300 graphemes (fits) but 300 × 15 = 4500 bytes (does not).
        const QString technologist = QString::fromUtf8("\U0001F469\U0001F3FD\u200D\U0001F4BB");
        LengthCheck c = counter.check(Platform::Bluesky, repeated(technologist, 300));
        QCOMPARE(c.used, 300);
        QCOMPARE(c.remaining, 0);
        QVERIFY(c.overBytes);
        QVERIFY(c.over);
        // 200 of them are 3000 bytes exactly: fits both limits.
        c = counter.check(Platform::Bluesky, repeated(technologist, 200));
        QCOMPARE(c.utf8Bytes, 3000);
        QVERIFY(!c.over);
        // 300 combining-accented letters: 300 graphemes, 900 bytes; one more is over.
        QVERIFY(!counter.check(Platform::Bluesky, repeated(kCombiningE, 300)).over);
        QVERIFY(counter.check(Platform::Bluesky, repeated(kCombiningE, 301)).over);
        // 150 flags and 150 letters: 300 graphemes.
        c = counter.check(Platform::Bluesky, repeated(QString(kFlagDe + QLatin1Char('a')), 150));
        QCOMPARE(c.used, 300);
        QVERIFY(!c.over);
    }

    void blueskyPrivateRepliesAreChatMessages()
    {
        ReplyLengthCounter counter;
        counter.setLimit(Platform::Bluesky, 300); // as a connector might report for posts
        QCOMPARE(counter.ruleFor(Platform::Bluesky, false).limit, 300);
        const LengthRule chat = counter.ruleFor(Platform::Bluesky, true);
        QCOMPARE(chat.limit, 1000);
        QCOMPARE(chat.utf8ByteLimit, 10000);
        QVERIFY(!ReplyLengthCounter::check(chat, QString(1000, QLatin1Char('a'))).over);
        QVERIFY(ReplyLengthCounter::check(chat, QString(1001, QLatin1Char('a'))).over);
        // Elsewhere a private reply counts as a post (Mastodon's direct posts share the limit).
        counter.setLimit(Platform::Mastodon, 5000);
        QCOMPARE(counter.ruleFor(Platform::Mastodon, true).limit, 5000);
    }

    void xWeighting()
    {
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QStringLiteral("Hello")), 5);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("Grüße")), 5);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("Привет")), 6);
        // CJK weighs 2 per character.
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("中文")), 4);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("日本語のテキスト")), 16);
        // Emoji and emoji sequences weigh 2 in total.
        QCOMPARE(ReplyLengthCounter::xWeightedLength(kFamily), 2);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(kFlagDe), 2);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(kThumbsMedium), 2);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("Hi \U0001F44B")), 5);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("1\uFE0F\u20E3")), 2);
        // NFC first: e + combining acute is one "é".
        QCOMPARE(ReplyLengthCounter::xWeightedLength(kCombiningE), 1);
        // Punctuation ranges: em dash (U+2014) and prime (U+2032) weigh 1, ellipsis (U+2026)
        // and arrows weigh 2.
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("\u2014")), 1);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("\u2032")), 1);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("\u2026")), 2);
        QCOMPARE(ReplyLengthCounter::xWeightedLength(QString::fromUtf8("\u2192")), 2);
    }

    void x()
    {
        const ReplyLengthCounter counter;
        LengthCheck c = counter.check(Platform::X, QStringLiteral("Hello"));
        QCOMPARE(c.used, 5);
        QCOMPARE(c.limit, 280);
        QCOMPARE(c.unit, QStringLiteral("characters"));

        // Every URL counts 23, short or long.
        QCOMPARE(
            counter.check(Platform::X, QStringLiteral("See https://example.com/a/very/long/path/that/goes/on")).used,
            4 + 23);
        QCOMPARE(counter.check(Platform::X, QStringLiteral("See https://t.co/x")).used, 4 + 23);
        // Bare domains are links on X; the full stop after one is not part of it.
        QCOMPARE(counter.check(Platform::X, QStringLiteral("Visit acme.com.")).used, 6 + 23 + 1);
        QCOMPARE(counter.check(Platform::X, QStringLiteral("acme.com/help and www.acme.de")).used, 23 + 5 + 23);
        // "e.g." and file names are no links.
        QCOMPARE(counter.check(Platform::X, QStringLiteral("e.g. file.txt")).used, 13);
        // An e-mail address is not a link either.
        QCOMPARE(counter.check(Platform::X, QStringLiteral("support@acme.com")).used, 16);

        QVERIFY(!counter.check(Platform::X, QString(280, QLatin1Char('a'))).over);
        const QString cjk140 = repeated(QString::fromUtf8("中"), 140);
        c = counter.check(Platform::X, cjk140);
        QCOMPARE(c.used, 280);
        QCOMPARE(c.remaining, 0);
        QVERIFY(!c.over);
        c = counter.check(Platform::X, QString(cjk140 + QString::fromUtf8("中")));
        QCOMPARE(c.used, 282);
        QCOMPARE(c.remaining, -2);
        QVERIFY(c.over);
    }

    void mastodon()
    {
        ReplyLengthCounter counter;
        LengthCheck c = counter.check(Platform::Mastodon, QStringLiteral("Hello"));
        QCOMPARE(c.used, 5);
        QCOMPARE(c.limit, 500);
        QCOMPARE(c.unit, QStringLiteral("characters"));

        QCOMPARE(
            counter
                .check(Platform::Mastodon, QStringLiteral("Read https://docs.example.org/a/very/long/path/indeed ok"))
                .used,
            5 + 23 + 3);
        // A remote mention counts only its local part: "@kettle_fan" is 11.
        QCOMPARE(counter.check(Platform::Mastodon, QStringLiteral("@kettle_fan@social.example thanks")).used, 11 + 7);
        QCOMPARE(counter.check(Platform::Mastodon, QStringLiteral("@acme hi")).used, 8);
        // E-mail addresses are no mentions, bare domains no links on Mastodon.
        QCOMPARE(counter.check(Platform::Mastodon, QStringLiteral("support@acme.example")).used, 20);
        QCOMPARE(counter.check(Platform::Mastodon, QStringLiteral("acme.com")).used, 8);
        // Graphemes, like Bluesky.
        QCOMPARE(counter.check(Platform::Mastodon, kFamily).used, 1);

        QVERIFY(counter.check(Platform::Mastodon, QString(501, QLatin1Char('a'))).over);
        c = counter.check(Platform::Mastodon, QString(501, QLatin1Char('a')), 1000);
        QCOMPARE(c.limit, 1000);
        QVERIFY(!c.over);
        counter.setLimit(Platform::Mastodon, 5000);
        QCOMPARE(counter.check(Platform::Mastodon, QStringLiteral("x")).limit, 5000);
        QCOMPARE(counter.rule(Platform::Mastodon).urlLength, 23);
    }

    void facebookEmailAndBlog()
    {
        const ReplyLengthCounter counter;
        LengthCheck c = counter.check(Platform::Facebook, QStringLiteral("Hello"));
        QCOMPARE(c.used, 5);
        QCOMPARE(c.limit, 8000);
        // UTF-16 units: a flag is 4, so the count never falls short of Facebook's.
        QCOMPARE(counter.check(Platform::Facebook, kFlagDe).used, 4);
        QVERIFY(counter.check(Platform::Facebook, QString(8001, QLatin1Char('a'))).over);

        for (Platform p : { Platform::Email, Platform::Blog }) {
            c = counter.check(p, QString(100000, QLatin1Char('a')));
            QVERIFY(!c.hasLimit());
            QVERIFY(!c.over);
            QCOMPARE(c.used, 100000);
            QCOMPARE(c.remaining, std::numeric_limits<int>::max());
        }
        // An override gives e-mail a limit after all.
        QVERIFY(counter.check(Platform::Email, QStringLiteral("abc"), 2).over);
    }

    void countableText()
    {
        const LengthRule mastodon = ReplyLengthCounter::defaultRule(Platform::Mastodon);
        QCOMPARE(
            ReplyLengthCounter::countableText(mastodon, QStringLiteral("hi @anna@example.social see https://a.b/c.")),
            QString(QStringLiteral("hi @anna see ") + QString(23, QLatin1Char('x')) + QStringLiteral(".")));
        // Without URL or mention rules the text is counted as typed.
        const LengthRule bluesky = ReplyLengthCounter::defaultRule(Platform::Bluesky);
        QCOMPARE(ReplyLengthCounter::countableText(bluesky, QStringLiteral("@anna@example.social https://a.b")),
            QStringLiteral("@anna@example.social https://a.b"));
    }

    void emptyText()
    {
        const ReplyLengthCounter counter;
        for (Platform p : Care::Core::allPlatforms()) {
            const LengthCheck c = counter.check(p, QString());
            QCOMPARE(c.used, 0);
            QVERIFY(!c.over);
        }
    }
};

QTEST_GUILESS_MAIN(TestReplyLengthCounter)
#include "tst_replylengthcounter.moc"
