# care_add_test(NAME SOURCES ... LIBS ... LABELS ... [ENVIRONMENT ...] [TIMEOUT s] [TEST_NAME test])
# Registers one Qt Test executable with CTest. GUI tests run on the offscreen platform;
# every test gets a private XDG tree so nothing touches the developer's real data.
# TEST_NAME registers the test under another name than the executable's (default: NAME).
function(care_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT;TEST_NAME" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
    if(NOT ARG_TEST_NAME)
        set(ARG_TEST_NAME ${name})
    endif()
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE care_defaults Qt6::Test ${ARG_LIBS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
    add_test(NAME ${ARG_TEST_NAME} COMMAND ${name})
    set(env
        "QT_QPA_PLATFORM=offscreen"
        "XDG_DATA_HOME=${CMAKE_BINARY_DIR}/test-home/${ARG_TEST_NAME}/data"
        "XDG_CONFIG_HOME=${CMAKE_BINARY_DIR}/test-home/${ARG_TEST_NAME}/config"
        "XDG_CACHE_HOME=${CMAKE_BINARY_DIR}/test-home/${ARG_TEST_NAME}/cache"
        # The console speaks the system's language (translations/): tests expect English whatever
        # the developer's locale; a test wanting another language sets it for its child process.
        "LC_ALL=C.UTF-8"
        "LANGUAGE="
        ${ARG_ENVIRONMENT})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${ARG_TEST_NAME} PROPERTIES
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "${env}"
        TIMEOUT ${ARG_TIMEOUT})
endfunction()

# care_add_postgres_fixture()
# Registers the CTest fixture "postgres": a throwaway PostgreSQL 15 cluster on 127.0.0.1:55432 (CARE_TEST_PG_PORT),
# started before the first test that requires it and stopped (its directory removed) after the
# last one, by tests/support/pg-cluster.sh. Calling it more than once registers it once.
#
# The cluster's URL is in the global property CARE_TEST_PG_URL. A test that needs PostgreSQL:
#
#   care_add_postgres_fixture()
#   get_property(care_pg_url GLOBAL PROPERTY CARE_TEST_PG_URL)
#   care_add_test(tst_store_pg SOURCES tst_store.cpp LIBS care_store LABELS store
#       ENVIRONMENT "CARE_TEST_PG_URL=${care_pg_url}")
#   set_tests_properties(tst_store_pg PROPERTIES FIXTURES_REQUIRED postgres)
#
# Pass the URL through care_add_test's ENVIRONMENT: setting the ENVIRONMENT property again
# afterwards would replace the private XDG directories care_add_test sets. Where the fixture
# cannot run (no bash, e.g. Windows) the property is empty and the test should QSKIP.
# CTest adds the fixture's start and stop tests by itself when -L or -R selects such a test.
function(care_add_postgres_fixture)
    get_property(registered GLOBAL PROPERTY CARE_POSTGRES_FIXTURE_REGISTERED)
    if(registered)
        return()
    endif()
    set_property(GLOBAL PROPERTY CARE_POSTGRES_FIXTURE_REGISTERED TRUE)

    find_program(CARE_BASH_PROGRAM bash)
    if(WIN32 OR NOT CARE_BASH_PROGRAM)
        message(STATUS "PostgreSQL test fixture not available here (needs bash and PostgreSQL 15)")
        set_property(GLOBAL PROPERTY CARE_TEST_PG_URL "")
        return()
    endif()

    # Another port lets two build trees run their PostgreSQL tests at the same time.
    set(CARE_TEST_PG_PORT 55432 CACHE STRING "Port of the PostgreSQL cluster the tests start on 127.0.0.1")
    set(port ${CARE_TEST_PG_PORT})
    set(cluster_dir "${CMAKE_BINARY_DIR}/pg-test-cluster")
    get_filename_component(script "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../tests/support/pg-cluster.sh" ABSOLUTE)
    add_test(NAME postgres_start COMMAND ${CARE_BASH_PROGRAM} ${script} start ${cluster_dir} ${port})
    set_tests_properties(postgres_start PROPERTIES FIXTURES_SETUP postgres LABELS store TIMEOUT 120)
    add_test(NAME postgres_stop COMMAND ${CARE_BASH_PROGRAM} ${script} stop ${cluster_dir})
    set_tests_properties(postgres_stop PROPERTIES FIXTURES_CLEANUP postgres LABELS store TIMEOUT 120)
    set_property(GLOBAL PROPERTY CARE_TEST_PG_URL "postgresql://care@127.0.0.1:${port}/care_test")
    # For tests that restart the server (pg-cluster.sh restart DIR).
    set_property(GLOBAL PROPERTY CARE_TEST_PG_DIR "${cluster_dir}")
    set_property(GLOBAL PROPERTY CARE_TEST_PG_SCRIPT "${script}")
endfunction()
