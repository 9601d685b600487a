#pragma once

#include <QString>

namespace Care::Core {

// The console's own words in a language other than the interface's: for text that goes to a
// customer (the subject of an answer by e-mail), in the customer's language. Reads the
// translations the application embeds (":/i18n/careconsole_<code>.qm"), each loaded once and kept;
// safe from any thread. English is the source text.
class TextInLanguage
{
public:
    // Whether the console speaks `code` ("en", "de"…): English, or a translation that loads.
    static bool available(const QString &code);
    // `source` of `context` in `code`; the source text when there is no translation.
    static QString translate(const QString &code, const char *context, const char *source);
    // Another folder with careconsole_<code>.qm files (tests, which do not embed them).
    static void addDirectory(const QString &directory);
};

} // namespace Care::Core
