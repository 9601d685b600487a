#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace Care::Core {

// An incident a lead has declared (an outage, a recall, a PR storm): while it is on, every
// agent sees a banner, the holding statement is pinned as the approved reply, conversations
// mentioning the incident's terms are grouped, and promotional posts (shift announcements
// included) stay back so the brand is not cheerful in the middle of it.
struct CrisisMode
{
    bool active = false;
    QString title;            // "Payments outage"
    QStringList terms;        // words and hashtags that mark a conversation as part of it
    QString holdingStatement; // the approved reply, pinned for every agent
    bool pauseScheduledPosts = true;
    QString startedBy;
    QDateTime startedAt;

    // Whether `text` mentions one of the terms (whole words, ignoring case; "#outage" also
    // matches "outage").
    bool matches(const QString &text) const;

    QByteArray toJson() const;
    static Result<CrisisMode> fromJson(const QByteArray &json); // empty text: no crisis
};

} // namespace Care::Core
