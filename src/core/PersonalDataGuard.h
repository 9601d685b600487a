#pragma once

#include "core/Message.h"
#include "core/PersonalDataFinding.h"
#include "core/Platform.h"
#include "core/ReferencePattern.h"
#include "core/Result.h"

#include <QList>
#include <QRegularExpression>
#include <QStringList>

namespace Care::Core {

// Scans an agent's draft before a public reply goes out and finds personal data the
// customer or the agent should not see posted in public (R10): phone numbers, e-mail
// addresses, postal addresses, payment card numbers (Luhn-checked), IBANs (mod-97-checked)
// and booking/order references (configurable patterns).
//
// It is a safety net built from heuristics: it prefers missing an exotic format over crying
// wolf on dates, times, prices, flight numbers and quantities, because a guard that fires on
// every "flight LH 400 at 07:45" gets ignored.
class PersonalDataGuard
{
public:
    PersonalDataGuard();

    // The guard is for public replies only; private messages and e-mail are where personal
    // data belongs.
    static bool appliesTo(Visibility visibility);
    static bool appliesTo(Visibility visibility, Platform platform);

    // Findings in order of position; spans never overlap.
    QList<PersonalDataFinding> scan(const QString &draft) const;

    // Defaults: airline PNR ("K7XQ2M"), "booking reference ...", "order 4471", "#SKY-20931",
    // "ticket 220-1234567890".
    static QList<ReferencePattern> defaultReferencePatterns();
    const QList<ReferencePattern> &referencePatterns() const { return m_referencePatterns; }
    // Replaces the reference patterns; on an invalid pattern nothing changes and the error
    // names the pattern.
    Status setReferencePatterns(const QList<ReferencePattern> &patterns);

    // The brand's own public contacts (hotline, support address) are not personal data and may
    // be posted. Entries are phone numbers (compared by digits, national and international
    // forms match), e-mail addresses, "@domain" for every address at a domain, or any other
    // exact text (case-insensitive).
    void setPublicContacts(const QStringList &contacts);
    const QStringList &publicContacts() const { return m_publicContacts; }

    // A polite public line for moving the conversation to private messages, worded after what
    // was found (payment, booking, order or contact details; the topic of a reference comes
    // from its pattern).
    QString privateMovePublicLine(const QList<PersonalDataFinding> &findings = {}) const;

private:
    struct CompiledPattern
    {
        ReferencePattern pattern;
        QRegularExpression expression;
    };

    bool isPublicContact(PersonalDataFinding::Kind kind, const QString &text) const;

    QList<ReferencePattern> m_referencePatterns;
    QList<CompiledPattern> m_compiled;
    QStringList m_publicContacts;
};

} // namespace Care::Core
