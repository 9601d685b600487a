# care_add_test(NAME SOURCES ... LIBS ... LABELS ... [ENVIRONMENT ...] [TIMEOUT s])
# Registers one Qt Test executable with CTest. GUI tests run on the offscreen platform;
# every test gets a private XDG tree so nothing touches the developer's real data.
function(care_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE care_defaults Qt6::Test ${ARG_LIBS})
    add_test(NAME ${name} COMMAND ${name})
    set(env
        "QT_QPA_PLATFORM=offscreen"
        "XDG_DATA_HOME=${CMAKE_BINARY_DIR}/test-home/${name}/data"
        "XDG_CONFIG_HOME=${CMAKE_BINARY_DIR}/test-home/${name}/config"
        "XDG_CACHE_HOME=${CMAKE_BINARY_DIR}/test-home/${name}/cache"
        ${ARG_ENVIRONMENT})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "${env}"
        TIMEOUT ${ARG_TIMEOUT})
endfunction()
