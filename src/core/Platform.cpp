#include "core/Platform.h"

#include "core/TextInLanguage.h"

#include <QCoreApplication>
#include <QList>

namespace Care::Core {

QString platformId(Platform platform)
{
    switch (platform) {
    case Platform::X: return QStringLiteral("x");
    case Platform::Facebook: return QStringLiteral("facebook");
    case Platform::Mastodon: return QStringLiteral("mastodon");
    case Platform::Bluesky: return QStringLiteral("bluesky");
    case Platform::Email: return QStringLiteral("email");
    case Platform::Blog: return QStringLiteral("blog");
    }
    return {};
}

std::optional<Platform> platformFromId(const QString &id)
{
    for (Platform p : allPlatforms()) {
        if (platformId(p) == id)
            return p;
    }
    return std::nullopt;
}

namespace {

const char *const kPlatformContext = "Care::Core::Platform";

const char *sourceName(Platform platform)
{
    switch (platform) {
    case Platform::X: return QT_TRANSLATE_NOOP("Care::Core::Platform", "X");
    case Platform::Facebook: return QT_TRANSLATE_NOOP("Care::Core::Platform", "Facebook");
    case Platform::Mastodon: return QT_TRANSLATE_NOOP("Care::Core::Platform", "Mastodon");
    case Platform::Bluesky: return QT_TRANSLATE_NOOP("Care::Core::Platform", "Bluesky");
    case Platform::Email: return QT_TRANSLATE_NOOP("Care::Core::Platform", "E-mail");
    case Platform::Blog: return QT_TRANSLATE_NOOP("Care::Core::Platform", "Blogs and news");
    }
    return "";
}

} // namespace

QString platformDisplayName(Platform platform)
{
    return QCoreApplication::translate(kPlatformContext, sourceName(platform));
}

QString platformDisplayName(Platform platform, const QString &language)
{
    return language.isEmpty() ? platformDisplayName(platform)
                              : TextInLanguage::translate(language, kPlatformContext, sourceName(platform));
}

const QList<Platform> &allPlatforms()
{
    static const QList<Platform> all{Platform::X,       Platform::Facebook, Platform::Mastodon,
                                     Platform::Bluesky, Platform::Email,    Platform::Blog};
    return all;
}

} // namespace Care::Core
