#pragma once

#include "core/Triage.h"

#include <QByteArray>
#include <QJsonObject>

namespace Care::Core {

class UrgencyClassifier;

// The JSON Lines contract of `careconsole triage`, kept in core so it is testable without a
// process. Input, one object per line: {"text": "...", "created_at": "2024-05-01T09:30:00Z"}
// (created_at optional; an "id" is echoed back). Output, one object per input line:
// {"line": 1, "urgency": "high", "sentiment": "negative", "time_sensitive": true, "reasons": [...], ...}
// or, for a line that cannot be read, {"line": N, "error": "..."} — and processing continues.
class TriageJson
{
public:
    // lineNumber counts from 1. The result is compact JSON without the trailing newline.
    static QByteArray processLine(const UrgencyClassifier &classifier, const QByteArray &line, int lineNumber);

    static QJsonObject toJson(const Triage &triage);
    static QJsonObject errorObject(int lineNumber, const QString &message);
};

} // namespace Care::Core
