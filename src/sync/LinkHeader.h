#pragma once

#include <QByteArray>
#include <QHash>
#include <QUrl>

namespace Care::Sync {

// RFC 8288 Link header: `<https://a.example/x?max_id=1>; rel="next", <...>; rel="prev"`.
// Returns rel -> URL (relative references resolved against `base` when given). Malformed
// parts are skipped, never fatal.
QHash<QString, QUrl> parseLinkHeader(const QByteArray &value, const QUrl &base = {});

} // namespace Care::Sync
