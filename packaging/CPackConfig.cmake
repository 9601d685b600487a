# Installers for every platform, built with CPack from an installed tree (included by the top-level
# CMakeLists.txt). One command on Linux: scripts/package.sh (build/release, then .deb, .rpm, .tar.gz).
#   Linux    DEB, RPM, TGZ: binary, desktop entry, AppStream metainfo, hicolor icons, man page
#   Windows  WIX (per-machine MSI, Start-menu entry, stable upgrade code) and ZIP; Qt deployed by windeployqt
#   macOS    DragNDrop DMG of careconsole.app (Info.plist, icon); Qt deployed by macdeployqt
# docs/installing.md is the guide for IT (silent install switches, system-wide presets and locks).
include(GNUInstallDirs)

set(CPACK_PACKAGE_NAME "careconsole")
set(CPACK_PACKAGE_VENDOR "Care Console")
set(CPACK_PACKAGE_CONTACT "Care Console maintainers <maintainers@careconsole.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines of at most 80 characters: the .deb's extended description keeps them as they are.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Care Console gathers the messages customers send a brand on social platforms"
    "into one inbox ordered by urgency, with service levels, written policies beside"
    "every reply, approved wording and response-time figures for the team lead."
    "Each agent's work is kept in an embedded SQLite store; a team can share one"
    "PostgreSQL database.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Care Console")
set(CPACK_PACKAGE_EXECUTABLES "careconsole" "Care Console") # Start-menu entry (WiX, NSIS)
set(CPACK_PACKAGE_ICON "${CMAKE_CURRENT_LIST_DIR}/icons/careconsole.ico")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/" "/\\\\.git/")

if(WIN32)
    include("${CMAKE_CURRENT_LIST_DIR}/windows/Windows.cmake")
elseif(APPLE)
    include("${CMAKE_CURRENT_LIST_DIR}/macos/MacOS.cmake")
else()
    include("${CMAKE_CURRENT_LIST_DIR}/linux/Linux.cmake")
endif()

include(CPack)
