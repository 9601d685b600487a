#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace Care::Sync {

// Exponential back-off with full jitter for 5xx answers and network errors, capped, and the
// server's own Retry-After when it gives one (429/503).
class Backoff
{
public:
    Backoff(qint64 baseMs = 1000, qint64 capMs = 5 * 60 * 1000) : m_baseMs(baseMs), m_capMs(capMs) {}

    // Delay before retry number `attempt` (0-based); `random01` in [0, 1) makes it testable.
    qint64 delayMs(int attempt, double random01) const;

    // Parses Retry-After: either delta-seconds or an HTTP date (RFC 7231). Returns milliseconds
    // from `now`, never negative; nothing when the header is missing or unreadable.
    static std::optional<qint64> parseRetryAfter(const QByteArray &value, const QDateTime &now);

private:
    qint64 m_baseMs;
    qint64 m_capMs;
};

} // namespace Care::Sync
