#include "Paging.h"

#include <algorithm>
#include <cstdlib>

namespace Care::Tests::Fake {

static std::optional<quint64> idParam(const Params &params, const QString &name)
{
    bool ok = false;
    const quint64 value = params.value(name).toULongLong(&ok);
    return ok ? std::optional<quint64>(value) : std::nullopt;
}

PageRequest pageRequest(const Params &params, int defaultLimit, int absentLimit)
{
    PageRequest page;
    page.maxId = idParam(params, QStringLiteral("max_id"));
    page.sinceId = idParam(params, QStringLiteral("since_id"));
    page.minId = idParam(params, QStringLiteral("min_id"));
    if (params.contains(QStringLiteral("limit")))
        page.limit = std::min(std::abs(params.value(QStringLiteral("limit")).toInt()), defaultLimit * 2);
    else
        page.limit = absentLimit;
    return page;
}

QList<quint64> selectPage(const QList<quint64> &keysAscending, const PageRequest &page)
{
    QList<quint64> inRange;
    for (quint64 key : keysAscending) {
        if (page.maxId && key >= *page.maxId)
            continue;
        if (page.sinceId && key <= *page.sinceId)
            continue;
        if (page.minId && key <= *page.minId)
            continue;
        inRange.append(key);
    }
    const qsizetype limit = std::max(0, page.limit);
    QList<quint64> selected = page.minId ? inRange.mid(0, limit) : inRange.mid(std::max<qsizetype>(0, inRange.size() - limit));
    std::reverse(selected.begin(), selected.end());
    return selected;
}

static QByteArray encodeItem(const QString &name, const QString &value)
{
    return QByteArray(QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value));
}

QByteArray linkHeader(const QUrl &baseUrl, const QString &path, const Params &query, const QList<quint64> &page, int limit)
{
    QByteArray kept;
    for (const auto &item : query.items()) {
        if (item.first == QLatin1String("max_id") || item.first == QLatin1String("min_id")
            || item.first == QLatin1String("since_id"))
            continue;
        kept += encodeItem(item.first, item.second) + '&';
    }
    const QByteArray base = QByteArray(baseUrl.toString().toUtf8() + QUrl::toPercentEncoding(path, "/") + '?' + kept);
    QList<QByteArray> links;
    if (!page.isEmpty() && page.size() == limit)
        links.append(QByteArray('<' + base + "max_id=" + QByteArray::number(page.last()) + ">; rel=\"next\""));
    if (!page.isEmpty())
        links.append(QByteArray('<' + base + "min_id=" + QByteArray::number(page.first()) + ">; rel=\"prev\""));
    return links.join(", ");
}

} // namespace Care::Tests::Fake
