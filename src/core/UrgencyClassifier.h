#pragma once

#include "core/LiteralPrefilter.h"
#include "core/Triage.h"
#include "core/TriageRules.h"

#include <QDateTime>
#include <QHash>
#include <QString>

namespace Care::Core {

// A transparent, rule-based triage of one customer message: time sensitivity, loss of service,
// sentiment (with praise, so it gets a thank-you) and language, each decision with its reasons.
//
// It only ever sees the text and the time the message was written. Follower counts, verification
// badges and every other sign of who is asking are not inputs, so they cannot raise urgency: work
// is ordered by what the customer needs and how soon (social contract R3).
//
// Decision: time-sensitive and service loss -> urgent (a rule may also mark a service loss such as
// a safety issue urgent on its own); time-sensitive or service loss -> high; everything that needs
// a reply (complaints, questions, praise) -> normal; spam, bots and "never mind" -> low.
//
// The rules are compiled once when the classifier is built; classify() is const and safe to call
// from several threads, since it runs on every ingested message. Each language's rules also get a
// literal prefilter then (LiteralPrefilter): one pass over the text tells which rules cannot match
// it, and their regular expressions are not run. The result is the same as running every rule
// (tests/core/tst_triageprefilter compares both over the shipped rules and hostile texts).
class UrgencyClassifier
{
public:
    enum class Scan { Prefiltered, EveryRule };
    explicit UrgencyClassifier(TriageRules rules, Scan scan = Scan::Prefiltered);

    Triage classify(const QString &text, const QDateTime &createdAt = {}) const;

    // The language whose stop words occur most often; "und" when none occur or two languages tie.
    QString detectLanguage(const QString &text) const;

    const TriageRules &rules() const { return m_rules; }

private:
    TriageRules m_rules;
    QHash<QString, LiteralPrefilter> m_prefilters; // by language code; empty for Scan::EveryRule
    QHash<QString, QList<int>> m_stopwordLanguages; // a stop word's languages, indexes into languageCodes()
};

} // namespace Care::Core
