#pragma once

#include <QString>
#include <QStringList>

namespace Care::App {

struct CommandLine
{
    enum class Action { Run, ShowVersion, ShowHelp, Error };

    Action action = Action::Run;
    QString database; // --database URL
    QString secretsFile; // --secrets-file PATH: tokens in this file instead of the keychain
    bool demo = false;
    QString helpText;
    QString errorText;

    // Parses the arguments without needing a display: --version and --help work anywhere.
    static CommandLine parse(const QStringList &arguments);
};

} // namespace Care::App
