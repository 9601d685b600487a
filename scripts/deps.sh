#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Care Console needs, and only those that are missing.
#   scripts/deps.sh run    build and run the GUI
#   scripts/deps.sh test   the above, plus what the test suites need
#   scripts/deps.sh package  the "run" packages, plus what building the Linux packages needs (scripts/package.sh)
# A second run with everything present makes no network access and takes a fraction of a second.
set -euo pipefail

# Build and run. The README's dependency table links here.
RUN_PACKAGES=(
    cmake                  # build system generator (presets need CMake >= 3.21)
    ninja-build            # the build tool every preset uses
    g++                    # C++17 compiler
    ccache                 # compiler cache; picked up automatically by CMakeLists.txt when present
    pkg-config             # lets CMake find system libraries
    qt6-base-dev           # Qt Core, Gui, Widgets, Network, Sql, PrintSupport, Concurrent, Test headers and CMake files
    qt6-base-dev-tools     # moc, uic and rcc used by the Qt CMake integration
    libqt6opengl6-dev      # Qt OpenGL and OpenGLWidgets CMake packages, which Qt Charts' CMake package requires
    libgl-dev              # OpenGL headers that Qt Gui's CMake package requires (WrapOpenGL)
    libqt6sql6-sqlite      # Qt SQL driver for the embedded SQLite store
    libqt6sql6-psql        # Qt SQL driver for a team PostgreSQL database
    qt6-charts-dev         # Qt Charts for the response-time and volume charts
    qt6-networkauth-dev    # Qt NetworkAuth: OAuth 2 sign-in to platform accounts and its loopback redirect listener
    qt6-websockets-dev     # Qt WebSockets for platform streaming APIs (e.g. Mastodon streaming)
    qt6-httpserver-dev     # Qt HttpServer for local HTTP servers (scripted platform APIs in sync tests)
    qt6-tools-dev          # Qt Linguist CMake integration (qt_add_translations) and other Qt tool libraries
    qt6-tools-dev-tools    # Qt diagnostic tools (qtdiag, qtplugininfo) for checking a Qt install
    qt6-l10n-tools         # lupdate and lrelease for the translations in translations/
    qt6-translations-l10n  # Qt's own translated strings (standard dialogs, buttons)
    qtkeychain-qt6-dev     # QtKeychain: platform tokens and passwords kept in the OS keyring
    qt6-svg-dev            # Qt SVG development files for the icons
    qt6-qpa-plugins        # extra Qt platform plugins (VNC, touch input); xcb and offscreen come with Qt Gui
    libqt6svg6             # Qt SVG runtime and icon engine so SVG icons render
    fonts-dejavu-core      # a known font so layouts and screenshots look the same everywhere
    fonts-noto-color-emoji # customers write emoji; without a colour emoji font they show as boxes
    libxkbcommon-dev       # keyboard-layout support Qt Gui's CMake package looks for
    sqlite3                # sqlite3 shell: looking inside a store by hand, and the baseline of careconsole-bench
    xvfb                   # virtual X server: ./run works on a machine without a display
    xauth                  # X authority tool that xvfb-run needs
    libxml2-dev            # libxml2's HTML parser: platform HTML (Mastodon posts) to plain text; brings the libxml2 runtime
    libcurl4-openssl-dev   # libcurl: IMAP and SMTP for the e-mail channel (TLS through OpenSSL)
    libgmime-3.0-dev       # GMime 3: reading customers' e-mail (MIME) and writing replies
)

# Test only, in addition to the above.
TEST_PACKAGES=(
    postgresql-15          # PostgreSQL server: tests start a throwaway cluster (tests/support/pg-cluster.sh)
    postgresql-client-15   # psql, used by pg-cluster.sh to create the test database and roles
    dovecot-imapd          # IMAP server of the e-mail integration test (tests/support/mail_servers)
    dovecot-lmtpd          # with dovecot-imapd: delivery from OpenSMTPD into the test mailboxes
    opensmtpd              # SMTP server of the e-mail integration test
    poppler-utils          # pdfinfo and pdftotext: the e-mail test reads the transcript PDF that arrives
    redis-server           # with postgresql-15: the local Bluesky network of the integration test (tests/support/bluesky_network)
    hugo                   # a real static site's RSS feed on loopback for the blog-listening integration test (tests/integration/feed_hugo_test.sh)
    clang                  # clang++ for the libFuzzer targets (tests/fuzz/run.sh)
    libclang-rt-14-dev     # compiler-rt: the libFuzzer, ASan and UBSan runtimes behind -fsanitize=fuzzer,address,undefined
    appstream              # appstreamcli validate on the AppStream metainfo (packaging/linux)
    desktop-file-utils     # desktop-file-validate on the desktop entry (packaging/linux)
    debootstrap            # the packaging test installs the .deb into a clean Debian 12 root (CARE_TEST_PACKAGING=1)
    dpkg-dev               # dpkg-shlibdeps: CPack's .deb declares the libraries the binary links
    file                   # CPack's DEB generator finds the binaries to strip and scan with file(1)
)

# Building the Linux packages (scripts/package.sh), in addition to the "run" packages.
PACKAGE_PACKAGES=(
    dpkg-dev               # dpkg-shlibdeps: CPack's .deb declares the libraries the binary links
    file                   # CPack's DEB generator finds the binaries to strip and scan with file(1)
    rpm                    # rpmbuild for CPack's RPM generator
)

usage() {
    echo "usage: $0 run|test|package" >&2
    echo "  run   install what building and running Care Console needs" >&2
    echo "  test  also install what the test suites need" >&2
    echo "  package  also install what building the Linux packages needs" >&2
}

if [ "$#" -ne 1 ]; then
    usage
    exit 2
fi

case "$1" in
    run) wanted=("${RUN_PACKAGES[@]}") ;;
    test) wanted=("${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
    package) wanted=("${RUN_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}") ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        usage
        exit 2
        ;;
esac

export DEBIAN_FRONTEND=noninteractive

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps.sh: dpkg-query not found: this script installs Debian/Ubuntu packages only." >&2
    echo "deps.sh: on other systems install the equivalents of the packages listed in $0 by hand." >&2
    exit 1
fi

# One dpkg-query call for all packages keeps the no-op case fast; it prints nothing for a package
# dpkg has never heard of, and a status other than "install ok installed" for a removed one.
installed=" $(dpkg-query -W -f='${Package}:${Status}\n' "${wanted[@]}" 2>/dev/null |
    sed -n 's/:install ok installed$//p' | tr '\n' ' ' || true) "
missing=()
for package in "${wanted[@]}"; do
    case "$installed" in
        *" $package "*) ;;
        *) missing+=("$package") ;;
    esac
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

echo "deps.sh: installing missing packages: ${missing[*]}" >&2

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    else
        # sudo resets the environment, so hand DEBIAN_FRONTEND over explicitly.
        sudo env DEBIAN_FRONTEND=noninteractive "$@"
    fi
}

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "deps.sh: these packages are missing, you are not root, and sudo is not installed:" >&2
    echo "  ${missing[*]}" >&2
    echo "deps.sh: as root, run: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

as_root apt-get update
as_root apt-get install -y --no-install-recommends "${missing[@]}"
