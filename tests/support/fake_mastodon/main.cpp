// fake-mastodon: one seeded FakeMastodon instance as a separate process, for crash tests and
// manual demos. Prints "listening http://127.0.0.1:PORT token TOKEN" once it listens, then
// serves until killed.
//
//   fake-mastodon [--port N] [--seed demo] [--state FILE] [--max-characters N] [--no-streaming]

#include "FakeMastodon.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fake-mastodon"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A scripted local Mastodon instance for Care Console tests."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("HTTP port (0: any free port)."),
                                        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
                                        QStringLiteral("Seed data: \"demo\" (a mention, a direct message, a keyword hit)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption stateOption(QStringLiteral("state"),
                                         QStringLiteral("JSON file keeping posted statuses across restarts."),
                                         QStringLiteral("FILE"));
    const QCommandLineOption maxCharactersOption(QStringLiteral("max-characters"),
                                                 QStringLiteral("configuration.statuses.max_characters (default 500)."),
                                                 QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption noStreamingOption(QStringLiteral("no-streaming"),
                                               QStringLiteral("Advertise no streaming URL and refuse WebSockets."));
    parser.addOptions({portOption, seedOption, stateOption, maxCharactersOption, noStreamingOption});
    parser.process(app);

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535) {
        std::fprintf(stderr, "fake-mastodon: invalid --port %s\n", qPrintable(parser.value(portOption)));
        return 2;
    }
    const int maxCharacters = parser.value(maxCharactersOption).toInt(&ok);
    if (!ok || maxCharacters <= 0) {
        std::fprintf(stderr, "fake-mastodon: invalid --max-characters %s\n", qPrintable(parser.value(maxCharactersOption)));
        return 2;
    }

    Care::Tests::FakeMastodon server;
    if (!server.listen(static_cast<quint16>(port))) {
        std::fprintf(stderr, "fake-mastodon: cannot listen on 127.0.0.1:%u\n", port);
        return 1;
    }
    server.setMaxCharacters(maxCharacters);
    server.setStreamingAvailable(!parser.isSet(noStreamingOption));

    // Seed before loading the state so that seeded ids are the same in every run.
    if (parser.isSet(seedOption)) {
        if (parser.value(seedOption) != QLatin1String("demo")) {
            std::fprintf(stderr, "fake-mastodon: unknown --seed %s (known: demo)\n", qPrintable(parser.value(seedOption)));
            return 2;
        }
        server.seedDemo();
    }
    if (parser.isSet(stateOption)) {
        QString error;
        if (!server.setStateFile(parser.value(stateOption), &error)) {
            std::fprintf(stderr, "fake-mastodon: cannot read state %s: %s\n", qPrintable(parser.value(stateOption)),
                         qPrintable(error));
            return 1;
        }
    }

    std::printf("listening %s token %s\n", qPrintable(server.baseUrl().toString()), qPrintable(server.token()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
