#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace Care::Core {

// Approved wording an agent can insert and adapt. Variables look like {customer.name}.
struct CannedReply
{
    qint64 id = 0;
    QString shortcode;
    QString title;
    QString body;
    QStringList tags;
    QDateTime updatedAt;
};

} // namespace Care::Core
