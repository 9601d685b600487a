#include "gui/TriageReasonText.h"

#include <QRegularExpression>
#include <QStringList>

namespace Care::Gui {

namespace {

// The whole reasons UrgencyClassifier writes (src/core/UrgencyClassifier.cpp).
const char *const kPhrases[] = {
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "low: no words to act on"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "normal: no triage rules loaded"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "not time-sensitive: praise that asks for nothing"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "low: no action needed"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "urgent: time-sensitive and service loss"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "high: time-sensitive"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "high: service loss"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "normal: praise deserves a reply"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "normal: needs a reply, nothing time-sensitive or lost"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "angry: written in capitals"),
};

// The signal names (TriageRules::signalLabel) that start a reason quoting the customer's words.
const char *const kSignals[] = {
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "time-sensitive"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "service loss"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "negative"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "angry"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "praise"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "sarcasm"),
    QT_TRANSLATE_NOOP("Care::Gui::TriageReasonText", "no action"),
};

const char *signalNamed(const QString &label)
{
    for (const char *name : kSignals) {
        if (label == QLatin1String(name))
            return name;
    }
    return nullptr;
}

} // namespace

QString TriageReasonText::display(const QString &reason)
{
    for (const char *phrase : kPhrases) {
        if (reason == QLatin1String(phrase))
            return tr(phrase);
    }
    static const QRegularExpression urgentRule(QStringLiteral("^urgent: rule (\\S+) \\((.*)\\)$"));
    if (const auto m = urgentRule.match(reason); m.hasMatch())
        return tr("urgent: rule %1 (%2)").arg(m.captured(1), m.captured(2));
    static const QRegularExpression notCounted(QStringLiteral("^not counted as ([a-z ,-]+): (.*)$"));
    if (const auto m = notCounted.match(reason); m.hasMatch()) {
        QStringList labels;
        for (const QString &label : m.captured(1).split(QStringLiteral(", "))) {
            const char *name = signalNamed(label);
            labels << (name ? tr(name) : label);
        }
        return tr("not counted as %1: %2").arg(labels.join(QStringLiteral(", ")), m.captured(2));
    }
    const int colon = reason.indexOf(QStringLiteral(": "));
    if (colon > 0) {
        if (const char *name = signalNamed(reason.left(colon)))
            return tr("%1: %2").arg(tr(name), reason.mid(colon + 2));
    }
    return reason;
}

QStringList TriageReasonText::displayAll(const QString &reasons)
{
    QStringList shown;
    for (const QString &reason : reasons.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        shown << display(reason);
    return shown;
}

} // namespace Care::Gui
