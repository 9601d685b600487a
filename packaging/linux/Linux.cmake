# Linux: install rules for the desktop integration, and the DEB, RPM and TGZ generators.
set(care_linux "${CMAKE_CURRENT_LIST_DIR}")
set(care_icons "${CMAKE_CURRENT_LIST_DIR}/../icons")

install(FILES "${care_linux}/careconsole.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${care_linux}/invalid.careconsole.CareConsole.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
install(FILES "${care_icons}/careconsole.svg" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
foreach(size 16 22 24 32 48 64 128 256 512)
    install(FILES "${care_icons}/png/careconsole-${size}.png"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps" RENAME careconsole.png)
endforeach()
# The man page and the changelog are installed compressed without a timestamp (Debian policy 12.1,
# reproducible), again whenever they change.
file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/packaging")
foreach(care_page careconsole.1 careconsole-syncd.1 changelog)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${care_linux}/${care_page}")
    execute_process(COMMAND gzip -9 -n -c "${care_linux}/${care_page}"
                    OUTPUT_FILE "${CMAKE_BINARY_DIR}/packaging/${care_page}.gz" COMMAND_ERROR_IS_FATAL ANY)
endforeach()
install(FILES "${CMAKE_BINARY_DIR}/packaging/careconsole.1.gz" "${CMAKE_BINARY_DIR}/packaging/careconsole-syncd.1.gz"
        DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
# The example of the system-wide presets an administrator can set (docs/installing.md), copyright, changelog.
install(FILES "${care_linux}/CareConsole.conf.example" "${care_linux}/copyright"
              "${CMAKE_BINARY_DIR}/packaging/changelog.gz"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/careconsole")

set(CPACK_GENERATOR "DEB;RPM;TGZ")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
# The .tar.gz unpacks into careconsole-<version>-Linux/ with bin/ and share/ below it (no usr/).
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)
set(CPACK_PROJECT_CONFIG_FILE "${care_linux}/CPackPerGenerator.cmake")

# Debian 12: dpkg-shlibdeps finds the libraries the binary links (Qt Core, Gui, Widgets, Network,
# Sql, Charts, NetworkAuth, WebSockets, PrintSupport, QtKeychain, libxml2, libstdc++). What the
# binary loads as plugins at run time it cannot see, so those are declared by name.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "libqt6sql6-sqlite, libqt6sql6-psql, libqt6svg6, qt6-image-formats-plugins, qt6-qpa-plugins, qt6-translations-l10n")
# A Secret Service provider keeps the tokens (any desktop's keyring will do); emoji and a known font.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager | keepassxc, fonts-noto-color-emoji, fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-client")

# Fedora/openSUSE: rpmbuild's automatic requirements cover the linked libraries; the plugins by name.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "Proprietary")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
set(CPACK_RPM_PACKAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none") # no /usr/lib/.build-id links owned by this package
set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtbase-postgresql, qt6-qtsvg, qt6-qtimageformats, qt6-qttranslations")
# Directories the filesystem package owns must not be claimed by this one.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/icons /usr/share/icons/hicolor
    /usr/share/man /usr/share/man/man1 /usr/share/doc
    /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps)
foreach(size 16 22 24 32 48 64 128 256 512)
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
         "/usr/share/icons/hicolor/${size}x${size}" "/usr/share/icons/hicolor/${size}x${size}/apps")
endforeach()

# The team sync service's systemd unit (careconsole-syncd; disabled until an administrator enables it).
install(FILES "${care_linux}/careconsole-syncd.service" DESTINATION "lib/systemd/system")
