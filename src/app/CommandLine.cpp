#include "app/CommandLine.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace Care::App {

CommandLine CommandLine::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "Care::App::CommandLine",
        "Care Console — answer customers on every social platform from one inbox.\n\n"
        "Without options the console opens your embedded store, or the demo workspace while no account "
        "is connected.\n\n"
        "Commands:\n"
        "  triage   classify JSON Lines from standard input (see docs)\n"
        "  account  add, list or remove platform accounts (careconsole account --help)\n"
        "  sync     sync accounts and deliver the outbox once: sync --once [--account ID]\n"
        "  send     queue a reply: send --conversation ID (--public|--private) --text-stdin\n"
        "  workspace  export or import a workspace pack: workspace export FILE, workspace import FILE [--dry-run]"));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption databaseOption(
        QStringLiteral("database"),
        QCoreApplication::translate("Care::App::CommandLine",
                                    "Open this store: a team database URL (postgresql://user@host:5432/care) or the "
                                    "path of an SQLite file."),
        QStringLiteral("URL"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("Care::App::CommandLine",
                                    "Open a fresh demo workspace. Your own data is not touched."));
    const QCommandLineOption secretsOption(
        QStringLiteral("secrets-file"),
        QCoreApplication::translate("Care::App::CommandLine",
                                    "Keep account tokens in this file instead of the system keychain (for machines "
                                    "without one); it must be readable only by its owner."),
        QStringLiteral("PATH"));
    parser.addOption(databaseOption);
    parser.addOption(secretsOption);
    parser.addOption(demoOption);

    CommandLine result;
    result.helpText = parser.helpText();
    if (!parser.parse(arguments)) {
        result.action = Action::Error;
        result.errorText = parser.errorText();
        return result;
    }
    if (parser.isSet(helpOption)) {
        result.action = Action::ShowHelp;
        return result;
    }
    if (parser.isSet(versionOption)) {
        result.action = Action::ShowVersion;
        return result;
    }
    if (parser.isSet(databaseOption) && parser.isSet(demoOption)) {
        result.action = Action::Error;
        result.errorText = QCoreApplication::translate("Care::App::CommandLine",
                                                       "--demo and --database cannot be used together.");
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.action = Action::Error;
        result.errorText = QCoreApplication::translate("Care::App::CommandLine", "Unexpected argument: %1")
                               .arg(parser.positionalArguments().first());
        return result;
    }
    result.database = parser.value(databaseOption);
    result.secretsFile = parser.value(secretsOption);
    result.demo = parser.isSet(demoOption);
    return result;
}

} // namespace Care::App
