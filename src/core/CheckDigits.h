#pragma once

#include <QStringView>

namespace Care::Core {

// Check-digit algorithms that separate real payment numbers from any long run of digits.
class CheckDigits
{
public:
    // Luhn (mod 10) as used by payment cards. `digits` must contain digits only.
    static bool luhnValid(QStringView digits);
    // ISO 13616 IBAN check (mod 97 == 1). `iban` is compact (no spaces); case-insensitive.
    static bool ibanValid(QStringView iban);
};

} // namespace Care::Core
