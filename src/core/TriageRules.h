#pragma once

#include "core/Conversation.h"
#include "core/Result.h"

#include <QList>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QStringList>

namespace Care::Core {

// The triage rule set: data, not code, so leads can read and edit it and other languages can be
// added without a release. One JSON document per language (resources/triage/rules-<lang>.json):
//
//   { "format": "care-triage-rules", "version": 1, "language": "en", "name": "English",
//     "time_sensitive_threshold": 2,
//     "stopwords": ["the", "and", ...],            // language detection counts these
//     "contrast_words": ["but", "however"],         // what follows weighs double for sentiment
//     "dates": { "weight": 1, "within_days": 1, "months": [12 patterns], "weekdays": [7, Monday first] },
//     "signals": { "time_sensitive": [rule...], "service_loss": [...], "negative": [...], "angry": [...],
//                  "praise": [...], "sarcasm": [...], "negation": [...], "no_action": [...] } }
//
// A rule: { "id", "description", "pattern" (regular expression, case-insensitive), optional
// "weight" (default 1), "level" ("high" or "urgent", time_sensitive and service_loss only),
// "whole_words" (default true: the pattern only matches whole words), and for negation rules
// "suppresses" (signal names) with "scope" ("overlap": only matches inside the negation's text,
// "message": the whole message) }.
//
// Influence signals (followers, verification badges) have no signal here on purpose: urgency is
// about time and loss of service, never about who is asking. The loader refuses rules that would
// raise urgency on such text.
class TriageRules
{
public:
    enum class Signal { TimeSensitive, ServiceLoss, Negative, Angry, Praise, Sarcasm, Negation, NoAction };
    enum class Scope { Overlap, Message };

    struct Rule
    {
        QString id; // unique within its language
        QString language; // "en"
        Signal signal = Signal::Negative;
        QString description;
        QString pattern; // as written by the lead
        QRegularExpression regex;
        double weight = 1.0;
        Priority level = Priority::High; // time_sensitive and service_loss only
        bool wholeWords = true;
        QList<Signal> suppresses; // negation only
        Scope scope = Scope::Overlap;

        QString qualifiedId() const { return language + QLatin1Char('/') + id; }
    };

    struct Language
    {
        QString code; // ISO 639-1
        QString name;
        QSet<QString> stopwords;
        double timeSensitiveThreshold = 2.0;
        QRegularExpression contrast; // invalid when the language has no contrast words
        // Dates for "travel today or tomorrow" when the message time is known; invalid without date
        // words. weekdays: groups 1-7 (Monday first); dayMonth: group 1 the day, 2-13 the month;
        // monthDay: groups 1-12 the month, 13 the day.
        QRegularExpression weekdays;
        QRegularExpression dayMonth;
        QRegularExpression monthDay;
        double dateWeight = 1.0;
        int dateWithinDays = 1;
        QList<Rule> rules;
    };

    // One language document. sourceName names the document in error messages.
    static Result<TriageRules> fromJson(const QByteArray &json, const QString &sourceName);
    // Several documents, e.g. every rules-*.json in a folder or a resource directory.
    static Result<TriageRules> fromFiles(const QStringList &paths);
    static Result<TriageRules> fromDirectory(const QString &directory);
    // The bundled defaults, compiled into the application as :/triage/rules-*.json.
    static Result<TriageRules> loadDefault();
    static QString defaultDirectory() { return QStringLiteral(":/triage"); }

    // Adds the languages of another set; a language defined twice is an error.
    Status merge(const TriageRules &other);

    const Language *language(const QString &code) const;
    QStringList languageCodes() const;
    // Rules of the language used when detection finds none: English when loaded.
    QString fallbackLanguage() const;
    int ruleCount() const;

    static QString signalId(Signal signal);
    // Words for reasons shown to agents: "time-sensitive", "service loss"...
    static QString signalLabel(Signal signal);

private:
    QList<Language> m_languages;
};

} // namespace Care::Core
