#pragma once

#include <QString>
#include <limits>

namespace Care::Core {

// The result of measuring a draft against a platform's limit.
struct LengthCheck
{
    int used = 0;
    int limit = -1; // -1: the platform has no limit
    int remaining = std::numeric_limits<int>::max(); // limit - used; negative when over
    bool over = false; // over the limit or over the byte limit
    QString unit; // translated, e.g. "characters", "graphemes"

    int utf8Bytes = 0; // always measured; Bluesky also limits bytes
    int utf8ByteLimit = -1; // -1: no byte limit
    bool overBytes = false;

    bool hasLimit() const { return limit >= 0; }
};

} // namespace Care::Core
