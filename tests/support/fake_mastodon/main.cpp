// fake-mastodon: one seeded FakeMastodon instance as a separate process, for crash tests and
// manual demos. Prints "listening http://127.0.0.1:PORT token TOKEN" once it listens, then
// serves until killed.
//
//   fake-mastodon [--port N] [--seed demo] [--seed-mentions N] [--state FILE] [--max-characters N]
//                 [--no-streaming] [--log-requests] [--delay-ms N] [--drop-posts N]
//
// --seed-mentions N adds N public mentions of the own account (each starting its own thread),
// from five customers in turn, numbered in their text ("seeded mention 17:"). They are seeded
// the same way in every run, so a restart with a larger N keeps the first ones' ids and only
// adds newer ones (do that only before anything was posted: posted ids follow the seeded ones).
// --log-requests prints "request METHOD PATH" on stdout (flushed) as each request arrives, before
// it is answered; --delay-ms N then holds every answer N ms (the server is single-threaded, so
// requests queue): a test can kill a client (or this server) while a request is in flight.
// --drop-posts N carries out the next N POST /api/v1/statuses but aborts each one's connection
// instead of answering (Fault::AcceptThenDrop). A Qt 6.4 client resends such a request once by
// itself: with N = 1 only an Idempotency-Key keeps that resend from posting a second status.

#include "FakeMastodon.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QThread>

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
    const QCommandLineOption seedMentionsOption(
        QStringLiteral("seed-mentions"),
        QStringLiteral("Also seed N public mentions from five customers in turn, numbered in their text "
                       "(\"seeded mention 17:\"); the same ids in every run."),
        QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption logRequestsOption(QStringLiteral("log-requests"),
                                               QStringLiteral("Print \"request METHOD PATH\" on stdout as each request "
                                                              "arrives, before it is answered."));
    const QCommandLineOption delayOption(QStringLiteral("delay-ms"),
                                         QStringLiteral("Answer every request N ms late (requests queue meanwhile)."),
                                         QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption dropPostsOption(
        QStringLiteral("drop-posts"),
        QStringLiteral("Carry out the next N posts of statuses but drop each connection without an answer."),
        QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({portOption, seedOption, seedMentionsOption, stateOption, maxCharactersOption, noStreamingOption,
                       logRequestsOption, delayOption, dropPostsOption});
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
    const int seedMentions = parser.value(seedMentionsOption).toInt(&ok);
    if (!ok || seedMentions < 0) {
        std::fprintf(stderr, "fake-mastodon: invalid --seed-mentions %s\n", qPrintable(parser.value(seedMentionsOption)));
        return 2;
    }
    const int delayMs = parser.value(delayOption).toInt(&ok);
    if (!ok || delayMs < 0) {
        std::fprintf(stderr, "fake-mastodon: invalid --delay-ms %s\n", qPrintable(parser.value(delayOption)));
        return 2;
    }
    const int dropPosts = parser.value(dropPostsOption).toInt(&ok);
    if (!ok || dropPosts < 0) {
        std::fprintf(stderr, "fake-mastodon: invalid --drop-posts %s\n", qPrintable(parser.value(dropPostsOption)));
        return 2;
    }

    Care::Tests::FakeMastodon server;
    if (!server.listen(static_cast<quint16>(port))) {
        std::fprintf(stderr, "fake-mastodon: cannot listen on 127.0.0.1:%u\n", port);
        return 1;
    }
    server.setMaxCharacters(maxCharacters);
    server.setStreamingAvailable(!parser.isSet(noStreamingOption));
    // Only POST (and PUT, PATCH, DELETE) take an AcceptThenDrop fault; GETs below the prefix pass.
    server.failNext(Care::Tests::FakeMastodon::Fault::AcceptThenDrop, QStringLiteral("/api/v1/statuses"), dropPosts);

    // Seed before loading the state so that seeded ids are the same in every run.
    if (parser.isSet(seedOption)) {
        if (parser.value(seedOption) != QLatin1String("demo")) {
            std::fprintf(stderr, "fake-mastodon: unknown --seed %s (known: demo)\n", qPrintable(parser.value(seedOption)));
            return 2;
        }
        server.seedDemo();
    }
    for (int i = 0; i < seedMentions; ++i) {
        const int customer = i % 5;
        server.addMention(QStringLiteral("customer%1@shoppers.example").arg(customer), QStringLiteral("Customer %1").arg(customer),
                          QString(QLatin1String("<p>") + server.brandMentionHtml()
                                  + QStringLiteral(" seeded mention %1: parcel %2 has not arrived, can you check?</p>")
                                        .arg(i)
                                        .arg(70000 + i)));
    }
    if (parser.isSet(stateOption)) {
        QString error;
        if (!server.setStateFile(parser.value(stateOption), &error)) {
            std::fprintf(stderr, "fake-mastodon: cannot read state %s: %s\n", qPrintable(parser.value(stateOption)),
                         qPrintable(error));
            return 1;
        }
    }

    // Connected before the first request can arrive; runs before the request is answered.
    const bool logRequests = parser.isSet(logRequestsOption);
    if (logRequests || delayMs > 0) {
        QObject::connect(&server, &Care::Tests::FakeMastodon::requestReceived, &server,
                         [logRequests, delayMs](const Care::Tests::LoggedRequest &request) {
                             if (logRequests) {
                                 std::printf("request %s %s\n", request.method.constData(), qPrintable(request.path));
                                 std::fflush(stdout);
                             }
                             if (delayMs > 0)
                                 QThread::msleep(static_cast<unsigned long>(delayMs));
                         });
    }

    std::printf("listening %s token %s\n", qPrintable(server.baseUrl().toString()), qPrintable(server.token()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
