#pragma once

#include "core/IncomingMessage.h"
#include "core/Result.h"

#include <QByteArray>
#include <QList>

namespace Care::Bench {

// Recorded API pages for the ingest benchmark: Mastodon notification pages (GET
// /api/v1/notifications, 40 mentions a page, as docs.joinmastodon.org documents them) with
// deterministic text, some customers writing several times, public posts and direct messages.
class RecordedPages
{
public:
    static constexpr int kPageSize = 40;

    // `count` mentions in pages, newest last; ids start after `firstId` so runs never collide.
    static QList<QByteArray> mastodon(int count, qint64 firstId, quint64 seed);

    // A page as the connector turns it into messages for the store: parsed by the real
    // Mastodon parser, each mention's post a message in its thread (a public post starts a
    // thread of its own; a direct message is in the customer's direct conversation).
    static Core::Result<QList<Core::IncomingMessage>> parse(const QByteArray &page, qint64 accountId);

    // The same rows as SQL statements for the sqlite3 shell: the customer, their identity, the
    // conversation when new, and the message with its normalised search text.
    static QByteArray sqlFor(const QList<Core::IncomingMessage> &messages, qint64 firstCustomerId,
                             qint64 firstConversationId);
};

} // namespace Care::Bench
