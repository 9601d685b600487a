#include "core/PlatformCapabilities.h"

namespace Care::Core {

PlatformCapabilities PlatformCapabilities::of(Platform platform)
{
    PlatformCapabilities c;
    switch (platform) {
    case Platform::X:
        c = {true, true, true, true, true}; // hide replies; DMs; search/recent
        break;
    case Platform::Facebook:
        c = {true, true, true, false, true}; // comments can be hidden; no public keyword search
        break;
    case Platform::Mastodon:
        c = {true, true, false, true, true}; // direct visibility for private; no hiding of others' posts
        break;
    case Platform::Bluesky:
        c = {true, true, false, true, true}; // chat for private messages
        break;
    case Platform::Email:
        c = {false, true, false, false, false}; // every e-mail answer is private
        break;
    case Platform::Blog:
        c = {false, false, false, true, false}; // listening only: replies are not posted
        break;
    }
    return c;
}

} // namespace Care::Core
