#pragma once

namespace Care::Core {

// How one platform counts the length of a post, and its limits. Limits are data: a Mastodon
// instance reports its own `max_characters`, Bluesky DMs allow more than posts.
struct LengthRule
{
    enum class Counting {
        Graphemes, // user-perceived characters (Unicode extended grapheme clusters)
        XWeighted, // X's weighted code points (twitter-text configuration v3)
        Utf16CodeUnits, // what a JavaScript string's length says; never undercounts
    };
    enum class Unit { Characters, Graphemes };

    Counting counting = Counting::Graphemes;
    Unit unit = Unit::Characters;
    int limit = -1; // -1: no limit
    int utf8ByteLimit = -1; // -1: no byte limit (Bluesky has both)
    int urlLength = -1; // -1: URLs count as typed; otherwise every URL counts this much
    bool urlsWithoutScheme = false; // "example.com" is a URL too (X does this, Mastodon not)
    bool remoteMentionsCountLocalPart = false; // "@user@domain" counts as "@user" (Mastodon)

    bool hasLimit() const { return limit >= 0; }
};

} // namespace Care::Core
