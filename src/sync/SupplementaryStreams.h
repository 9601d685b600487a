#pragma once

#include "core/Result.h"

#include <QLoggingCategory>
#include <QString>
#include <QStringList>

namespace Care::Sync {

// A connector's supplementary streams (keyword listening, direct messages where mentions come
// first): their failure (a search backend that is down, an app password without direct-message
// access, a server without the endpoint) never holds back mentions and replies. It is skipped,
// logged, and kept in words for the account's status (Connector::leftOut()). A rate limit, a
// token problem, a lost connection or the store failing is passed on: it stops the pass.
class SupplementaryStreams
{
public:
    explicit SupplementaryStreams(const QLoggingCategory &category);

    void clear() { m_leftOut.clear(); } // at the start of each fetch
    // `status` of the stream `stream` (for the log); `what` names it for a person ("Direct messages").
    Core::Status take(const Core::Status &status, const QString &stream, const QString &what);
    QString leftOut() const { return m_leftOut.join(QLatin1Char('\n')); }

private:
    const QLoggingCategory &m_category;
    QStringList m_leftOut;
};

} // namespace Care::Sync
