# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE): the .tar.gz is relocatable, so it
# carries bin/ and share/ at its top instead of usr/bin and usr/share.
if(CPACK_GENERATOR STREQUAL "TGZ")
    set(CPACK_PACKAGING_INSTALL_PREFIX "/")
endif()
