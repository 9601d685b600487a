#include "sync/RateLimit.h"

#include <algorithm>

namespace Care::Sync {

namespace {

QByteArray header(const QList<QPair<QByteArray, QByteArray>> &headers, const QList<QByteArray> &names)
{
    for (const auto &pair : headers) {
        for (const QByteArray &name : names) {
            if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
                return pair.second.trimmed();
        }
    }
    return {};
}

QDateTime parseReset(const QByteArray &value)
{
    if (value.isEmpty())
        return {};
    bool ok = false;
    const qint64 epoch = value.toLongLong(&ok);
    if (ok)
        return QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC);
    QDateTime iso = QDateTime::fromString(QString::fromLatin1(value), Qt::ISODateWithMs);
    if (!iso.isValid())
        iso = QDateTime::fromString(QString::fromLatin1(value), Qt::ISODate);
    return iso.isValid() ? iso.toUTC() : QDateTime();
}

} // namespace

std::optional<RateLimit> RateLimit::fromHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    const QByteArray remaining = header(headers, {"x-ratelimit-remaining", "ratelimit-remaining", "x-rate-limit-remaining"});
    if (remaining.isEmpty())
        return std::nullopt;
    bool ok = false;
    RateLimit limit;
    limit.remaining = remaining.toInt(&ok);
    if (!ok)
        return std::nullopt;
    limit.limit = header(headers, {"x-ratelimit-limit", "ratelimit-limit", "x-rate-limit-limit"}).toInt(&ok);
    if (!ok)
        limit.limit = -1;
    limit.resetAt = parseReset(header(headers, {"x-ratelimit-reset", "ratelimit-reset", "x-rate-limit-reset"}));
    return limit;
}

qint64 RateLimit::spacingMs(const QDateTime &now) const
{
    if (!known() || !resetAt.isValid())
        return 0;
    const qint64 untilReset = std::max<qint64>(0, now.msecsTo(resetAt));
    if (remaining <= 0)
        return untilReset;
    return untilReset / (remaining + 1);
}

} // namespace Care::Sync
