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
    // IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT". Date and time are parsed apart so the
    // local clock never gets involved: a GMT time can fall into a local daylight-saving gap.
    if (!trimmed.endsWith(" GMT"))
        return std::nullopt;
    const QString stamp = QString::fromLatin1(trimmed.chopped(4));
    const qsizetype space = stamp.lastIndexOf(QLatin1Char(' '));
    if (space < 0)
        return std::nullopt;
    const QDate date = QLocale::c().toDate(stamp.left(space), QStringLiteral("ddd, dd MMM yyyy"));
    const QTime time = QLocale::c().toTime(stamp.mid(space + 1), QStringLiteral("HH:mm:ss"));
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.msecsTo(QDateTime(date, time, Qt::UTC)));
}

} // namespace Care::Sync
