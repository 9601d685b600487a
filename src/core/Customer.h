#pragma once

#include <QDateTime>
#include <QString>

namespace Care::Core {

// A person, known through one or more platform identities. When two customers are merged,
// the absorbed one keeps its row with `mergedInto` set, so a merge can be undone.
struct Customer
{
    qint64 id = 0;
    QString name;
    QString preferredChannel; // a platform id, "email", "phone", or empty when not asked yet
    QString preferredContact; // address or number for that channel, when the customer gave one
    QString notes;
    qint64 mergedInto = 0;
    QDateTime createdAt;
};

} // namespace Care::Core
