#pragma once

#include <QDateTime>

namespace Care::Core {

// A conversation found by listening (a blog or news article, a post that names the brand without
// tagging it) was not written to the brand: nobody waited for an answer before the console found
// it. So every clock a customer message starts — first and next response, the customer's wait,
// the SLA, the day it counts for — starts for such a message when it was found (the
// conversation's "found" event), never earlier; the message keeps its own time in the transcript.
// docs/metrics.md, "Listening finds".
struct ListeningClock
{
    // The "found" event's kind in the conversation event log.
    static constexpr const char *kFoundEvent = "found";

    static QDateTime start(const QDateTime &written, const QDateTime &found)
    {
        return found.isValid() && written.isValid() && found > written ? found : written;
    }
    static qint64 startMs(qint64 writtenMs, qint64 foundMs) { return foundMs > writtenMs ? foundMs : writtenMs; }
};

} // namespace Care::Core
