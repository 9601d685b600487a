#pragma once

// Mastodon-style paging shared by the list endpoints: max_id / since_id / min_id / limit and
// the Link header. Internal to care_fake_mastodon.

#include "HttpFront.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <optional>

namespace Care::Tests::Fake {

struct PageRequest
{
    std::optional<quint64> maxId;
    std::optional<quint64> sinceId;
    std::optional<quint64> minId;
    int limit = 20;
};

// Mastodon's limit_param: absent → absentLimit; otherwise |to_i| capped at 2 × defaultLimit.
PageRequest pageRequest(const Params &params, int defaultLimit, int absentLimit);

// keysAscending: the sort keys of every candidate. Answers the selected keys newest first:
// with min_id the `limit` keys just above it, otherwise the newest `limit` keys in range.
QList<quint64> selectPage(const QList<quint64> &keysAscending, const PageRequest &page);

// Link: <…?max_id=OLDEST>; rel="next", <…?min_id=NEWEST>; rel="prev" — the other query
// parameters kept (percent-encoded like Rails: types%5B%5D=mention). next only for a full
// page, prev only for a non-empty one. Empty when neither applies.
QByteArray linkHeader(const QUrl &baseUrl, const QString &path, const Params &query, const QList<quint64> &page, int limit);

} // namespace Care::Tests::Fake
