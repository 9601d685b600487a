#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

namespace Care::Sync {

// Bluesky's rich text as Care Console writes it: mentions found in the agent's text, at
// UTF-8 byte offsets (what facets count — an emoji before a mention moves it by 4 bytes,
// not 2 UTF-16 units), and record keys.
class BlueskyRichText
{
public:
    struct Mention
    {
        QString handle; // without '@'
        int byteStart = 0; // of the '@'
        int byteEnd = 0;   // after the handle
    };

    // "@carol.example.com" at the start, after white space or '(' — as the Bluesky apps
    // detect them. A handle has at least two labels ("carol.test").
    static QList<Mention> mentions(const QString &text);

    // A record key in TID form (13 characters, base32-sortable, from microseconds and a
    // clock id), derived from the outbox item's idempotency key and creation time: the same
    // item always gets the same key — in every retry and after a restart — and two items
    // practically never share one. A key that already is a TID is used as it is.
    static QString recordKey(const QString &idempotencyKey, const QDateTime &createdAt);
    static QString tid(qint64 micros, int clockId);
    static bool isTid(const QString &key);
};

} // namespace Care::Sync
