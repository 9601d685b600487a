#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace Care::Core {

// A post an account makes on its own timeline at a set time, in no conversation: a shift
// announcement ("we're here until 18:00", "we're back tomorrow at 08:00") or another
// scheduled notice. Delivered once, at or after postAt and before expiresAt.
struct ScheduledPost
{
    enum class State { Scheduled, Sending, Sent, Failed, Cancelled, Expired };

    qint64 id = 0;
    qint64 accountId = 0;
    QString kind; // "opening", "closing" (shift announcements) or "custom"
    QString body;
    QString language;
    QDateTime postAt;
    QDateTime expiresAt;     // invalid: never expires
    bool promotional = true; // paused while a crisis is on (announcements, promotions)
    State state = State::Scheduled;
    int attempts = 0;
    QDateTime nextAttemptAt; // after a failed attempt that may be retried
    QString idempotencyKey;
    QString platformId;
    QString error;
    QString createdBy;
    QDateTime createdAt;
    QDateTime updatedAt;

    static QString stateId(State state);
    static std::optional<State> stateFromId(const QString &id);
    static QString stateDisplayName(State state);
};

} // namespace Care::Core
