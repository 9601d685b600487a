#pragma once

#include <QString>

namespace Care::Core {

// One piece of personal data found in a draft that is about to be posted publicly.
// `position` and `length` are in UTF-16 code units of the scanned text (QString indices), so
// the composer can highlight the span directly.
struct PersonalDataFinding
{
    enum class Kind { PhoneNumber, EmailAddress, PostalAddress, PaymentCard, Iban, Reference };

    Kind kind = Kind::PhoneNumber;
    QString text; // exactly as it appears in the draft
    qsizetype position = 0;
    qsizetype length = 0;
    QString explanation; // for the agent, e.g. "a phone number: '+49 171 2345678'" (translated)
    QString patternId; // for Kind::Reference: the ReferencePattern id that matched

    qsizetype end() const { return position + length; }
};

} // namespace Care::Core
