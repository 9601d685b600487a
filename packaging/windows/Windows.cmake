# Windows: the Qt runtime deployed next to careconsole.exe (windeployqt through Qt's deploy script),
# the other DLLs it links (QtKeychain, libxml2 from vcpkg), and a per-machine WiX MSI.
# Silent installation and presets for IT: docs/installing.md.
target_sources(careconsole PRIVATE "${CMAKE_CURRENT_LIST_DIR}/careconsole.rc") # the .exe's icon and version

qt_generate_deploy_app_script(TARGET careconsole FILENAME_VARIABLE care_deploy_script NO_UNSUPPORTED_PLATFORM_ERROR)
install(SCRIPT "${care_deploy_script}")
# DLLs that are not Qt modules: found next to the linked import libraries and on PATH at install time.
install(CODE [[
    file(GET_RUNTIME_DEPENDENCIES
        EXECUTABLES "${CMAKE_INSTALL_PREFIX}/bin/careconsole.exe"
        RESOLVED_DEPENDENCIES_VAR care_dlls
        UNRESOLVED_DEPENDENCIES_VAR care_missing
        DIRECTORIES $ENV{PATH}
        PRE_EXCLUDE_REGEXES "^api-ms-" "^ext-ms-" "^Qt6"
        POST_EXCLUDE_REGEXES ".*[Ss]ystem32/.*\\.dll" ".*[Ss]ys[Ww][Oo][Ww]64/.*\\.dll")
    file(INSTALL ${care_dlls} DESTINATION "${CMAKE_INSTALL_PREFIX}/bin")
]])

set(CPACK_GENERATOR "WIX;ZIP")
# The upgrade code never changes: a newer MSI replaces an older one instead of installing beside it.
set(CPACK_WIX_UPGRADE_GUID "5B0C6F3E-7A2D-4C8B-9E41-2F6D8A1C3B70")
set(CPACK_WIX_PRODUCT_ICON "${CMAKE_CURRENT_LIST_DIR}/../icons/careconsole.ico")
set(CPACK_WIX_INSTALL_SCOPE "perMachine") # CMake >= 3.29; older CPack templates install per machine already
set(CPACK_WIX_PROGRAM_MENU_FOLDER "Care Console")
set(CPACK_WIX_PROPERTY_ARPURLINFOABOUT "${PROJECT_HOMEPAGE_URL}")
set(CPACK_WIX_PROPERTY_ARPHELPLINK "${PROJECT_HOMEPAGE_URL}/help")
set(CPACK_WIX_LICENSE_RTF "${CMAKE_CURRENT_LIST_DIR}/license.rtf")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Care Console")
