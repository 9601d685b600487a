#pragma once

#include <QStringList>
#include <QTextStream>

namespace Care::App {

// `careconsole triage [--rules FILE]...`: reads JSON Lines from `in` ({"text": ..., "created_at": ...}),
// writes one JSON object per input line to `out`, so leads can check the triage rules against real
// text. Returns 0 when every line was processed (malformed lines get an error object and processing
// continues), 1 when the rules cannot be loaded, 2 for a usage error.
// `arguments` are the ones after "triage". --rules replaces the bundled rules with the given files
// (one per language), so an edited rule set can be tried before it is shared.
int runTriageCommand(const QStringList &arguments, QTextStream &in, QTextStream &out, QTextStream &err);

// The same with the bundled default rules (:/triage/rules-*.json).
int runTriageCommand(QTextStream &in, QTextStream &out, QTextStream &err);

} // namespace Care::App
