#include "app/AdminCommand.h"
#include "app/CommandLine.h"
#include "app/StartupFlow.h"
#include "app/TriageCommand.h"
#include "gui/UiLanguage.h"

#include <QApplication>
#include <QIcon>
#include <QTextStream>
#include <QTimer>
#include <cstdio>
#include <memory>

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("CareConsole"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("careconsole.invalid"));
    QCoreApplication::setApplicationName(QStringLiteral("CareConsole"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CARE_VERSION));
}

// The application icon (packaging/icons) at every size it is drawn for; the window manager and
// the task switcher pick the nearest.
QIcon applicationIcon()
{
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 128, 256, 512})
        icon.addFile(QStringLiteral(":/icons/careconsole-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

int main(int argc, char *argv[])
{
    // `careconsole triage` is a headless filter (JSON Lines in, JSON Lines out): no display, no store.
    if (argc > 1 && qstrcmp(argv[1], "triage") == 0) {
        QCoreApplication triage(argc, argv);
        setIdentity();
        QTextStream in(stdin);
        QTextStream out(stdout);
        QTextStream err(stderr);
        return Care::App::runTriageCommand(QCoreApplication::arguments().mid(2), in, out, err);
    }

    // Administration (accounts, one sync pass, queueing a reply): headless, no display.
    {
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments << QString::fromLocal8Bit(argv[i]);
        if (Care::App::isAdminCommand(arguments)) {
            // A transcript's PDF is drawn with Qt GUI's fonts, never on a display: the offscreen platform.
            std::unique_ptr<QCoreApplication> admin;
            if (arguments.contains(QLatin1String("send-transcript"))) {
                qputenv("QT_QPA_PLATFORM", "offscreen");
                admin = std::make_unique<QGuiApplication>(argc, argv);
            } else {
                admin = std::make_unique<QCoreApplication>(argc, argv);
            }
            setIdentity();
            Care::Gui::UiLanguage::install();
            QTextStream in(stdin);
            QTextStream out(stdout);
            QTextStream err(stderr);
            return Care::App::runAdminCommand(QCoreApplication::arguments(), in, out, err);
        }
    }

    using Care::App::CommandLine;
    CommandLine commandLine;
    {
        // Parse before any display is needed, so --help and --version work on a server.
        QCoreApplication parsing(argc, argv);
        setIdentity();
        Care::Gui::UiLanguage::install();
        commandLine = CommandLine::parse(QCoreApplication::arguments());
        QTextStream out(stdout);
        QTextStream err(stderr);
        switch (commandLine.action) {
        case CommandLine::Action::ShowVersion:
            out << "careconsole " << CARE_VERSION << Qt::endl;
            return 0;
        case CommandLine::Action::ShowHelp:
            out << commandLine.helpText;
            return 0;
        case CommandLine::Action::Error:
            err << "careconsole: " << commandLine.errorText << Qt::endl
                << QCoreApplication::translate("Care::App::CommandLine", "Try careconsole --help.") << Qt::endl;
            return 2;
        case CommandLine::Action::Run:
            break;
        }
    }

    QApplication app(argc, argv);
    setIdentity();
    Care::Gui::UiLanguage::install();
    QApplication::setApplicationDisplayName(QStringLiteral("Care Console"));
    QApplication::setWindowIcon(applicationIcon());
    QGuiApplication::setDesktopFileName(QStringLiteral("careconsole")); // Wayland matches the window to the desktop entry
    Care::App::StartupFlow flow(commandLine);
    // Start inside the event loop, so every outcome (even an immediate error) can end it.
    QTimer::singleShot(0, &flow, &Care::App::StartupFlow::start);
    return QApplication::exec();
}
