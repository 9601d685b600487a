#pragma once

#include <QString>

namespace Care::Core {

// A configurable kind of booking or order reference the PersonalDataGuard looks for. Patterns
// are strings (PCRE syntax, as QRegularExpression) so they can live in settings; the guard
// compiles them and reports bad ones as an error value.
struct ReferencePattern
{
    // What the reference is about; picks the wording of the "we've sent you a private message" line.
    enum class Topic { Booking, Order, Other };

    QString id; // stable, e.g. "pnr"
    QString description; // translated noun phrase for explanations, e.g. "a booking reference"
    QString pattern; // the whole match is flagged, or the named group "ref" when present
    bool caseSensitive = true;
    Topic topic = Topic::Other;
};

} // namespace Care::Core
