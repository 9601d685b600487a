#include "core/TextInLanguage.h"

#include <QHash>
#include <QMutex>
#include <QRegularExpression>
#include <QStringList>
#include <QTranslator>

#include <memory>

namespace Care::Core {

namespace {

struct Translations
{
    QMutex mutex;
    QStringList directories{QStringLiteral(":/i18n")};
    QHash<QString, std::shared_ptr<QTranslator>> loaded; // null: tried, none there
};

Translations &translations()
{
    static Translations t;
    return t;
}

// The translator of `code`, loaded the first time; null when the console has none.
std::shared_ptr<QTranslator> translatorFor(const QString &code)
{
    static const QRegularExpression plainCode(QStringLiteral("^[a-z]{2,3}$"));
    if (!plainCode.match(code).hasMatch())
        return nullptr;
    Translations &t = translations();
    const QMutexLocker lock(&t.mutex);
    if (auto it = t.loaded.constFind(code); it != t.loaded.cend())
        return *it;
    auto translator = std::make_shared<QTranslator>();
    bool found = false;
    for (const QString &directory : std::as_const(t.directories)) {
        if (translator->load(QStringLiteral("careconsole_%1.qm").arg(code), directory)) {
            found = true;
            break;
        }
    }
    if (!found)
        translator.reset();
    t.loaded.insert(code, translator);
    return translator;
}

} // namespace

bool TextInLanguage::available(const QString &code)
{
    return code == QLatin1String("en") || translatorFor(code) != nullptr;
}

QString TextInLanguage::translate(const QString &code, const char *context, const char *source)
{
    if (code != QLatin1String("en")) {
        if (auto translator = translatorFor(code)) {
            const QString text = translator->translate(context, source);
            if (!text.isEmpty())
                return text;
        }
    }
    return QString::fromUtf8(source);
}

void TextInLanguage::addDirectory(const QString &directory)
{
    Translations &t = translations();
    const QMutexLocker lock(&t.mutex);
    t.directories << directory;
    // Languages found missing before may be there now.
    for (auto it = t.loaded.begin(); it != t.loaded.end();) {
        if (*it)
            ++it;
        else
            it = t.loaded.erase(it);
    }
}

} // namespace Care::Core
