#!/usr/bin/env bash
# Builds the Linux packages from a clean clone in one command:
#   scripts/package.sh            -> build/release/careconsole_<version>_<arch>.deb,
#                                    careconsole-<version>-<release>.<arch>.rpm, careconsole-<version>-Linux.tar.gz
# Installs what the build and the packagers need (scripts/deps.sh package), configures the
# "release" preset, builds, and runs CPack (packaging/CPackConfig.cmake). Windows and macOS
# installers: .github/workflows/installers.yml and docs/installing.md.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh package
if [ ! -f build/release/build.ninja ]; then
    cmake --preset release
fi
cmake --build --preset release
(cd build/release && cpack -G "DEB;RPM;TGZ")
ls -1 build/release/careconsole[-_]*.deb build/release/careconsole-*.rpm build/release/careconsole-*.tar.gz
