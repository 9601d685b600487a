#pragma once

#include <QString>
#include <optional>

namespace Care::Core {

enum class Platform { X, Facebook, Mastodon, Bluesky, Email, Blog };

// Stable identifiers used in the store and in files; never translated.
QString platformId(Platform platform);
std::optional<Platform> platformFromId(const QString &id);
// Human-readable name for the user interface.
QString platformDisplayName(Platform platform);
// The same in another language (a customer's: TextInLanguage); empty `language`: the interface's.
QString platformDisplayName(Platform platform, const QString &language);
const QList<Platform> &allPlatforms();

} // namespace Care::Core
