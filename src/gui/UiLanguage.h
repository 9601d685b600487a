#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

namespace Care::Gui {

// The language of the console: the agent's choice in Settings (key "ui/language"), otherwise the
// system's first preferred language that Care Console is translated into, otherwise English.
// install() loads Qt's own translations (qtbase_<lang>.qm from Qt's translations directory) and
// the console's (embedded as :/i18n/careconsole_<lang>.qm) and makes dates, times and numbers
// follow that language. A change in Settings applies at the next start.
class UiLanguage
{
public:
    static const char *const kSettingKey;

    // Language codes the console is translated into, English first.
    static QStringList available();
    // The chosen code, or an empty string for "the system's language".
    static QString chosen();
    static void setChosen(const QString &code);
    // The system's first preferred language (uiLanguages, e.g. "de-AT", "en-US") that the console
    // is translated into, else "en".
    static QString systemLanguage(const QStringList &uiLanguages = QLocale::system().uiLanguages());
    // The language the console shows: chosen(), else systemLanguage().
    static QString effective();
    // The language's own name ("Deutsch", "Español", ...), for the Settings list.
    static QString nativeName(const QString &code);

    // Installs the translators on the running QCoreApplication and sets the default QLocale.
    // Returns false when the console's translation is missing (not embedded in this program).
    static bool install();
};

} // namespace Care::Gui
