#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <optional>

namespace Care::Sync {

// The request budget a platform announces in its response headers. Mastodon sends
// X-RateLimit-* with an ISO-8601 reset; Bluesky RateLimit-* with epoch seconds; X
// x-rate-limit-* with epoch seconds.
struct RateLimit
{
    int limit = -1;
    int remaining = -1;
    QDateTime resetAt;

    bool known() const { return remaining >= 0; }
    // How long to wait before the next request so the remaining budget lasts until the reset,
    // spreading requests instead of bursting. 0 when there is no need to wait.
    qint64 spacingMs(const QDateTime &now) const;

    static std::optional<RateLimit> fromHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);
};

} // namespace Care::Sync
