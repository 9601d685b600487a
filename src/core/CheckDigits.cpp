#include "core/CheckDigits.h"

namespace Care::Core {

bool CheckDigits::luhnValid(QStringView digits)
{
    if (digits.isEmpty())
        return false;
    int sum = 0;
    bool doubleIt = false;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        const QChar c = digits.at(i);
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
        int d = c.unicode() - u'0';
        if (doubleIt) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
}

bool CheckDigits::ibanValid(QStringView iban)
{
    // Shortest real IBAN (Norway) has 15 characters, longest 34.
    if (iban.size() < 15 || iban.size() > 34)
        return false;
    for (qsizetype i = 0; i < 2; ++i) {
        if (!iban.at(i).isLetter() || iban.at(i).unicode() > 127)
            return false;
    }
    if (!iban.at(2).isDigit() || !iban.at(3).isDigit())
        return false;
    // Move the country code and check digits to the end, turn letters into 10..35 and take
    // the remainder piecewise so the number never overflows.
    int remainder = 0;
    for (qsizetype k = 0; k < iban.size(); ++k) {
        const QChar c = iban.at((k + 4) % iban.size());
        const char16_t u = c.toUpper().unicode();
        if (u >= u'0' && u <= u'9') {
            remainder = (remainder * 10 + (u - u'0')) % 97;
        } else if (u >= u'A' && u <= u'Z') {
            remainder = (remainder * 100 + (u - u'A' + 10)) % 97;
        } else {
            return false;
        }
    }
    return remainder == 1;
}

} // namespace Care::Core
