// Stored triage reasons (English, stable for `careconsole triage`) are shown in the console's
// language: fixed phrases and signal names go through the translator, the customer's quoted words
// and rule ids are kept, and an unknown reason is shown as it is.
#include "gui/TriageReasonText.h"

#include <QHash>
#include <QTest>
#include <QTranslator>

using Care::Gui::TriageReasonText;

namespace {

// A tiny German for the context under test.
class TableTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        if (QLatin1String(context) != QLatin1String("Care::Gui::TriageReasonText"))
            return {};
        static const QHash<QString, QString> table{
            {QStringLiteral("normal: needs a reply, nothing time-sensitive or lost"),
             QStringLiteral("normal: braucht eine Antwort, nichts Zeitkritisches, nichts ausgefallen")},
            {QStringLiteral("time-sensitive"), QStringLiteral("zeitkritisch")},
            {QStringLiteral("negative"), QStringLiteral("negativ")},
            {QStringLiteral("%1: %2"), QStringLiteral("%1 – %2")},
            {QStringLiteral("urgent: rule %1 (%2)"), QStringLiteral("dringend: Regel %1 (%2)")},
            {QStringLiteral("not counted as %1: %2"), QStringLiteral("nicht gezählt als %1: %2")},
        };
        return table.value(QString::fromUtf8(sourceText));
    }
    bool isEmpty() const override { return false; }
};

} // namespace

class TriageReasonTextTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(QCoreApplication::installTranslator(&m_translator)); }

    void wholePhraseTranslated()
    {
        QCOMPARE(TriageReasonText::display(QStringLiteral("normal: needs a reply, nothing time-sensitive or lost")),
                 QStringLiteral("normal: braucht eine Antwort, nichts Zeitkritisches, nichts ausgefallen"));
    }

    void signalTranslatedQuoteKept()
    {
        QCOMPARE(TriageReasonText::display(QStringLiteral("time-sensitive: \"order\" (within 2 days)")),
                 QStringLiteral("zeitkritisch – \"order\" (within 2 days)"));
    }

    void ruleIdAndDescriptionKept()
    {
        QCOMPARE(TriageReasonText::display(QStringLiteral("urgent: rule en.loss-1 (payment failed)")),
                 QStringLiteral("dringend: Regel en.loss-1 (payment failed)"));
    }

    void negationListsTranslatedSignals()
    {
        QCOMPARE(TriageReasonText::display(QStringLiteral("not counted as time-sensitive, negative: \"no rush\"")),
                 QStringLiteral("nicht gezählt als zeitkritisch, negativ: \"no rush\""));
    }

    void unknownReasonShownAsItIs()
    {
        QCOMPARE(TriageReasonText::display(QStringLiteral("something new: \"x\"")), QStringLiteral("something new: \"x\""));
        // A phrase the translator does not know falls back to English, not to nothing.
        QCOMPARE(TriageReasonText::display(QStringLiteral("high: time-sensitive")), QStringLiteral("high: time-sensitive"));
        QCOMPARE(TriageReasonText::displayAll(QStringLiteral("negative: \"late\"\n\nsomething new")),
                 (QStringList{QStringLiteral("negativ – \"late\""), QStringLiteral("something new")}));
    }

private:
    TableTranslator m_translator;
};

QTEST_GUILESS_MAIN(TriageReasonTextTest)
#include "tst_triagereasontext.moc"
