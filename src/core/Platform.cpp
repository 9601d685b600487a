#include "core/Platform.h"

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

QString platformDisplayName(Platform platform)
{
    switch (platform) {
    case Platform::X: return QCoreApplication::translate("Care::Core::Platform", "X");
    case Platform::Facebook: return QCoreApplication::translate("Care::Core::Platform", "Facebook");
    case Platform::Mastodon: return QCoreApplication::translate("Care::Core::Platform", "Mastodon");
    case Platform::Bluesky: return QCoreApplication::translate("Care::Core::Platform", "Bluesky");
    case Platform::Email: return QCoreApplication::translate("Care::Core::Platform", "E-mail");
    case Platform::Blog: return QCoreApplication::translate("Care::Core::Platform", "Blogs and news");
    }
    return {};
}

const QList<Platform> &allPlatforms()
{
    static const QList<Platform> all{Platform::X,       Platform::Facebook, Platform::Mastodon,
                                     Platform::Bluesky, Platform::Email,    Platform::Blog};
    return all;
}

} // namespace Care::Core
