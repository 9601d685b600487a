#include "sync/Backoff.h"

#include <QLocale>
#include <algorithm>
#include <cmath>

namespace Care::Sync {

qint64 Backoff::delayMs(int attempt, double random01) const
{
    attempt = std::clamp(attempt, 0, 30);
    const double ceiling = std::min<double>(static_cast<double>(m_capMs),
                                            static_cast<double>(m_baseMs) * std::pow(2.0, attempt));
    random01 = std::clamp(random01, 0.0, 1.0);
    // Never zero: half the ceiling is fixed, the other half is jitter.
    return static_cast<qint64>(ceiling / 2.0 + ceiling / 2.0 * random01);
}

std::optional<qint64> Backoff::parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    const QByteArray trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = trimmed.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(seconds * 1000);
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    const QDateTime at = QLocale::c().toDateTime(QString::fromLatin1(trimmed), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return std::nullopt;
    QDateTime utc = at;
    utc.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, now.msecsTo(utc));
}

} // namespace Care::Sync
