#include "app/TriageCommand.h"

#include "core/TriageJson.h"
#include "core/TriageRules.h"
#include "core/UrgencyClassifier.h"

namespace Care::App {

namespace {

const char *const kUsage
    = "Usage: careconsole triage [--rules FILE]... < messages.jsonl\n"
      "Reads one JSON object per line ({\"text\": \"...\", \"created_at\": \"2024-05-01T09:30:00Z\"}),\n"
      "writes one JSON object per line with urgency, sentiment, time_sensitive and reasons.\n"
      "  --rules FILE   use these rules (rules-<lang>.json) instead of the bundled ones\n";

int classifyAll(const Core::TriageRules &rules, QTextStream &in, QTextStream &out)
{
    const Core::UrgencyClassifier classifier(rules);
    QString line;
    int lineNumber = 0;
    while (in.readLineInto(&line)) {
        ++lineNumber;
        // Flushed per line so a lead can pipe a live feed through it and see each answer at once.
        out << QString::fromUtf8(Core::TriageJson::processLine(classifier, line.toUtf8(), lineNumber)) << Qt::endl;
    }
    return 0;
}

} // namespace

int runTriageCommand(const QStringList &arguments, QTextStream &in, QTextStream &out, QTextStream &err)
{
    QStringList ruleFiles;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            out << kUsage;
            return 0;
        }
        if (argument == QLatin1String("--rules") && i + 1 < arguments.size()) {
            ruleFiles << arguments.at(++i);
            continue;
        }
        if (argument.startsWith(QLatin1String("--rules="))) {
            ruleFiles << argument.mid(8);
            continue;
        }
        err << "careconsole triage: unexpected argument: " << argument << "\n" << kUsage;
        err.flush();
        return 2;
    }
    if (ruleFiles.isEmpty())
        return runTriageCommand(in, out, err);

    const auto rules = Core::TriageRules::fromFiles(ruleFiles);
    if (!rules) {
        err << "careconsole triage: " << rules.error().fullText() << Qt::endl;
        return 1;
    }
    return classifyAll(rules.value(), in, out);
}

int runTriageCommand(QTextStream &in, QTextStream &out, QTextStream &err)
{
    const auto rules = Core::TriageRules::loadDefault();
    if (!rules) {
        err << "careconsole triage: the bundled rules cannot be loaded: " << rules.error().fullText() << Qt::endl;
        return 1;
    }
    return classifyAll(rules.value(), in, out);
}

} // namespace Care::App
