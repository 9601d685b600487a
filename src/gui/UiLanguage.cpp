#include "gui/UiLanguage.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace Care::Gui {

const char *const UiLanguage::kSettingKey = "ui/language";

QStringList UiLanguage::available()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("es"), QStringLiteral("fr")};
}

QString UiLanguage::chosen()
{
    const QString code = QSettings().value(QLatin1String(kSettingKey)).toString();
    return available().contains(code) ? code : QString();
}

void UiLanguage::setChosen(const QString &code)
{
    QSettings settings;
    if (available().contains(code))
        settings.setValue(QLatin1String(kSettingKey), code);
    else
        settings.remove(QLatin1String(kSettingKey));
}

QString UiLanguage::effective()
{
    const QString choice = chosen();
    return choice.isEmpty() ? systemLanguage() : choice;
}

QString UiLanguage::systemLanguage(const QStringList &uiLanguages)
{
    // uiLanguages is in order of preference ("de-AT", "de", "en-US", ...): the first we have wins.
    for (const QString &language : uiLanguages) {
        const QString code = language.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0).toLower();
        if (available().contains(code))
            return code;
    }
    return QStringLiteral("en");
}

QString UiLanguage::nativeName(const QString &code)
{
    QString name = QLocale(code).nativeLanguageName();
    if (!name.isEmpty())
        name[0] = name.at(0).toUpper();
    return name;
}

bool UiLanguage::install()
{
    auto *app = QCoreApplication::instance();
    const QString code = effective();
    // With an explicit choice the formats follow it; with the system's language they stay the
    // system's (a de_AT or fr_CA locale keeps its own formats).
    if (!chosen().isEmpty() && QLocale::system().language() != QLocale(code).language())
        QLocale::setDefault(QLocale(code));
    if (!app)
        return false;
    // English too has a file: the plural forms of "%n reply(s)" strings.
    auto *own = new QTranslator(app);
    if (!own->load(QStringLiteral(":/i18n/careconsole_%1.qm").arg(code))) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    // Qt's own strings (standard buttons, file dialogs, context menus); missing only if the
    // distribution's Qt translations package is not installed.
    if (code != QLatin1String("en")) {
        auto *qt = new QTranslator(app);
        if (qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(qt);
        else
            delete qt;
    }
    return true;
}

} // namespace Care::Gui
