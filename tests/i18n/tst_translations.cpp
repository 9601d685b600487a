// The translations in translations/*.ts are complete and faithful: every entry finished, none
// obsolete, every placeholder kept, every plural form filled; and they match the code (lupdate
// over the sources finds nothing new and nothing vanished). On failure the test names each entry.
// Refresh and fill: translations/README.md.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Entry
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type; // "", "unfinished", "obsolete", "vanished"
    QStringList translations;

    QString key() const { return context + QLatin1Char('|') + source + QLatin1Char('|') + comment; }
    QString describe() const { return QStringLiteral("[%1] \"%2\"").arg(context, source); }
};

struct TsFile
{
    QString language;
    QList<Entry> entries;
    QString error;
};

TsFile readTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = file.errorString();
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Entry entry;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            ts.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            entry = Entry{};
            entry.context = context;
            entry.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            entry.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            entry.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            entry.type = xml.attributes().value(QLatin1String("type")).toString();
            if (entry.numerus) {
                while (xml.readNextStartElement())
                    entry.translations << xml.readElementText();
            } else {
                entry.translations << xml.readElementText();
            }
            ts.entries << entry;
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
    return ts;
}

// Placeholders a translation must carry exactly as the source: %1..%99, %L1, %n, %Ln.
QStringList placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%L?(?:\\d{1,2}|n)"));
    QStringList found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found << it.next().captured();
    found.sort();
    found.removeDuplicates();
    return found;
}

// Plural forms per language, as Qt's Linguist expects them (Qt 6.4 numerus rules).
int pluralForms(const QString &language)
{
    const QString code = language.section(QLatin1Char('_'), 0, 0);
    if (code == QLatin1String("de") || code == QLatin1String("es") || code == QLatin1String("fr")
        || code == QLatin1String("en"))
        return 2;
    return -1;
}

QString tsPath(const QString &code)
{
    return QStringLiteral(CARE_TRANSLATIONS_DIR "/careconsole_%1.ts").arg(code);
}

QString report(const QStringList &problems, int limit = 400)
{
    QStringList shown = problems.mid(0, limit);
    if (problems.size() > limit)
        shown << QStringLiteral("... and %1 more").arg(problems.size() - limit);
    return QStringLiteral("%1 problem(s):\n  ").arg(problems.size()) + shown.join(QStringLiteral("\n  "));
}

} // namespace

class TranslationsTest : public QObject
{
    Q_OBJECT

private slots:
    void complete_data();
    void complete();
    void matchesTheCode_data() { complete_data(); }
    void matchesTheCode();
    void placeholderCheckCatchesDrops();
    void consoleSpeaksTheLanguage();
};

void TranslationsTest::complete_data()
{
    QTest::addColumn<QString>("code");
    // en holds only the plural forms of "%n reply(s)" strings (lupdate -pluralonly).
    for (const char *code : {"de", "es", "fr", "en"})
        QTest::newRow(code) << QString::fromLatin1(code);
}

void TranslationsTest::complete()
{
    QFETCH(QString, code);
    const TsFile ts = readTs(tsPath(code));
    QVERIFY2(ts.error.isEmpty(), qPrintable(ts.error));
    QVERIFY2(ts.language.startsWith(code), qPrintable(ts.language));
    // en holds only plural entries; the others every string of the console.
    QVERIFY(ts.entries.size() > (code == QLatin1String("en") ? 0 : 100));
    const int forms = pluralForms(ts.language);
    QVERIFY(forms > 0);
    QStringList problems;
    QSet<QString> seen;
    for (const Entry &e : ts.entries) {
        // lupdate files a tr() it cannot place under a bare name ("Strings", "Core", "Care::Gui"):
        // the code then looks the string up under another context and shows it untranslated.
        static const QRegularExpression context(QStringLiteral("^(Care::[A-Z][A-Za-z]*::[A-Z][A-Za-z]*|MainWindow)$"));
        if (!context.match(e.context).hasMatch())
            problems << QStringLiteral("context lupdate could not place (use Strings::tr, see README): %1").arg(e.describe());
        if (seen.contains(e.key()))
            problems << QStringLiteral("duplicate: %1").arg(e.describe());
        seen.insert(e.key());
        if (e.type == QLatin1String("obsolete") || e.type == QLatin1String("vanished")) {
            problems << QStringLiteral("%1 (no longer in the code): %2").arg(e.type, e.describe());
            continue;
        }
        if (e.type == QLatin1String("unfinished")) {
            problems << QStringLiteral("unfinished: %1").arg(e.describe());
            continue;
        }
        if (e.numerus && e.translations.size() != forms)
            problems << QStringLiteral("%1 plural forms instead of %2: %3").arg(e.translations.size()).arg(forms).arg(e.describe());
        const QStringList wanted = placeholders(e.source);
        for (const QString &t : e.translations) {
            if (t.trimmed().isEmpty()) {
                problems << QStringLiteral("empty translation: %1").arg(e.describe());
                continue;
            }
            const QStringList got = placeholders(t);
            if (got != wanted)
                problems << QStringLiteral("placeholders %1 instead of %2: %3 -> \"%4\"")
                                .arg(got.join(QLatin1Char(' ')), wanted.join(QLatin1Char(' ')), e.describe(), t);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
}

// lupdate over today's code, into a copy: anything it adds or drops is a string the .ts lacks
// or still carries. The options are those of cmake/CareTranslations.cmake and
// scripts/update-translations.sh.
void TranslationsTest::matchesTheCode()
{
    QFETCH(QString, code);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("careconsole_%1.ts").arg(code));
    QVERIFY(QFile::copy(tsPath(code), copy));
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    QStringList arguments{QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                          QStringLiteral("-I"), QStringLiteral(CARE_SOURCE_DIR "/src"),
                          QStringLiteral(CARE_SOURCE_DIR "/src"), QStringLiteral(CARE_SOURCE_DIR "/forms"),
                          QStringLiteral("-ts"), copy};
    if (code == QLatin1String("en"))
        arguments.prepend(QStringLiteral("-pluralonly"));
    lupdate.start(QStringLiteral(CARE_LUPDATE), arguments);
    QVERIFY2(lupdate.waitForFinished(120000), "lupdate did not finish");
    QCOMPARE(lupdate.exitCode(), 0);
    const TsFile before = readTs(tsPath(code));
    const TsFile after = readTs(copy);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    QSet<QString> old;
    for (const Entry &e : before.entries)
        old.insert(e.key());
    QStringList problems;
    for (const Entry &e : after.entries) {
        if (!old.contains(e.key()))
            problems << QStringLiteral("new in the code, not in the .ts: %1").arg(e.describe());
        else if (e.type == QLatin1String("vanished") || e.type == QLatin1String("obsolete"))
            problems << QStringLiteral("gone from the code, still in the .ts: %1").arg(e.describe());
    }
    QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("run scripts/update-translations.sh, then translate; ")
                                            + report(problems)));
}

// The checker itself: a dropped or invented placeholder is seen.
void TranslationsTest::placeholderCheckCatchesDrops()
{
    QCOMPARE(placeholders(QStringLiteral("%1 of %2, %n left, %L3")),
             (QStringList{QStringLiteral("%1"), QStringLiteral("%2"), QStringLiteral("%L3"), QStringLiteral("%n")}));
    QVERIFY(placeholders(QStringLiteral("%1 von %2")) != placeholders(QStringLiteral("%1 of %2, %n left")));
    QVERIFY(placeholders(QStringLiteral("100 %")).isEmpty());
}

// The real binary, started in German, Spanish and French, answers in that language: the .qm files
// are embedded and loaded.
void TranslationsTest::consoleSpeaksTheLanguage()
{
    const QString binary = qEnvironmentVariable("CARE_CONSOLE_BINARY");
    if (binary.isEmpty())
        QSKIP("CARE_CONSOLE_BINARY not set");
    const QList<QPair<QString, QString>> expected{
        {QStringLiteral("de_DE.UTF-8"), readTs(tsPath(QStringLiteral("de"))).language},
        {QStringLiteral("es_ES.UTF-8"), readTs(tsPath(QStringLiteral("es"))).language},
        {QStringLiteral("fr_FR.UTF-8"), readTs(tsPath(QStringLiteral("fr"))).language},
    };
    for (const auto &[locale, language] : expected) {
        const TsFile ts = readTs(tsPath(language.left(2)));
        QString english;
        QString translated;
        for (const Entry &e : ts.entries) {
            if (e.context == QLatin1String("Care::App::AccountCommand") && e.source.startsWith(QLatin1String("Give the account's number"))) {
                english = e.source;
                translated = e.translations.value(0);
            }
        }
        QVERIFY2(!translated.isEmpty() && translated != english, qPrintable(language));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LANGUAGE"));
        env.insert(QStringLiteral("LC_ALL"), locale);
        env.insert(QStringLiteral("LANG"), locale);
        process.setProcessEnvironment(env);
        process.start(binary, {QStringLiteral("account"), QStringLiteral("remove")});
        QVERIFY(process.waitForFinished(30000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(translated.left(20)), qPrintable(locale + QStringLiteral(": ") + err));
    }
}

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_translations.moc"
