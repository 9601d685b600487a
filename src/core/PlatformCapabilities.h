#pragma once

#include "core/Platform.h"

namespace Care::Core {

// What the brand can do on a platform, so the console offers only what will work there.
// Connectors may narrow this per account (for example an instance without search).
struct PlatformCapabilities
{
    bool publicReply = false;
    bool privateMessage = false;
    bool hide = false;             // hide a comment or reply from public view (never delete)
    bool keywordListening = false; // find posts that name the brand without tagging it
    bool editDeleteEvents = false; // the platform tells us about edits and deletions

    static PlatformCapabilities of(Platform platform);
};

} // namespace Care::Core
