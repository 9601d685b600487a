# macOS: careconsole.app with its Info.plist and icon, the Qt frameworks deployed by macdeployqt
# (Qt's deploy script), in a drag-and-drop DMG.
set(care_icns "${CMAKE_CURRENT_LIST_DIR}/../icons/careconsole.icns")
target_sources(careconsole PRIVATE "${care_icns}")
set_source_files_properties("${care_icns}" TARGET_DIRECTORY careconsole PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
set_target_properties(careconsole PROPERTIES
    MACOSX_BUNDLE_INFO_PLIST "${CMAKE_CURRENT_LIST_DIR}/Info.plist.in"
    MACOSX_BUNDLE_GUI_IDENTIFIER "invalid.careconsole.CareConsole"
    MACOSX_BUNDLE_BUNDLE_NAME "Care Console"
    MACOSX_BUNDLE_ICON_FILE "careconsole.icns"
    MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
    MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
    OUTPUT_NAME "careconsole")

qt_generate_deploy_app_script(TARGET careconsole FILENAME_VARIABLE care_deploy_script NO_UNSUPPORTED_PLATFORM_ERROR)
install(SCRIPT "${care_deploy_script}")

set(CPACK_GENERATOR "DragNDrop")
set(CPACK_DMG_VOLUME_NAME "Care Console")
set(CPACK_DMG_FORMAT "UDZO")
set(CPACK_PACKAGE_ICON "${care_icns}")
