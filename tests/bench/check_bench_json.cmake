# Generates a tiny store, runs the benchmark once on it and checks that the JSON has every
# figure of issue 11 with a sane number. Called by CTest (bench_smoke).
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
execute_process(
    COMMAND "${BENCH}" generate --messages 2000 --conversations 400 --days 30 --seed 7 --out "${WORK}/tiny.sqlite"
    RESULT_VARIABLE generated ERROR_VARIABLE generate_log)
if(NOT generated EQUAL 0)
    message(FATAL_ERROR "generate failed (${generated}):\n${generate_log}")
endif()
execute_process(
    COMMAND "${BENCH}" run --store "${WORK}/tiny.sqlite" --runs 1 --ingest 200 --json
    RESULT_VARIABLE ran OUTPUT_VARIABLE json ERROR_VARIABLE run_log)
if(NOT ran EQUAL 0)
    message(FATAL_ERROR "run failed (${ran}):\n${run_log}")
endif()
message(STATUS "${json}")

string(JSON messages GET "${json}" store messages)
if(messages LESS 2000)
    message(FATAL_ERROR "the tiny store has ${messages} messages, expected at least 2000")
endif()
# Figures that must be positive, and those that may be zero (memory is never zero; a stall may be).
foreach(key cold_start_ms filter_ms search_common_ms search_rare_ms search_sqlite_cli_ms search_rare_sqlite_cli_ms
            open_long_conversation_ms ingest_msgs_per_s ingest_sqlite_cli_per_s dashboard_first_ms dashboard_ms rss_mb
            max_ui_stall_ms)
    string(JSON median ERROR_VARIABLE missing GET "${json}" ${key} median)
    if(missing)
        message(FATAL_ERROR "the JSON has no ${key}.median: ${missing}")
    endif()
    string(JSON runs GET "${json}" ${key} runs)
    if(runs LESS 1)
        message(FATAL_ERROR "${key} has no runs")
    endif()
    if(NOT median MATCHES "^[0-9]+(\\.[0-9]+)?(e[+-]?[0-9]+)?$")
        message(FATAL_ERROR "${key}.median is not a non-negative number: ${median}")
    endif()
    # A figure that can truly be 0 at millisecond resolution on the tiny store: the longest GUI stall,
    # and the sqlite3 shell's own timings (its .timer rounds a rare-term search to 0.000 s).
    if(NOT key STREQUAL "max_ui_stall_ms" AND NOT key MATCHES "_sqlite_cli_ms$" AND median EQUAL 0)
        message(FATAL_ERROR "${key}.median is zero")
    endif()
    if(median GREATER 600000)
        message(FATAL_ERROR "${key}.median is not sane: ${median}")
    endif()
endforeach()
foreach(key search_common_ratio search_rare_ratio ingest_ratio)
    string(JSON ratio ERROR_VARIABLE missing GET "${json}" ${key})
    if(missing OR ratio LESS_EQUAL 0)
        message(FATAL_ERROR "the JSON has no positive ${key}")
    endif()
endforeach()
string(JSON results GET "${json}" search_common_ms results)
if(results LESS 1)
    message(FATAL_ERROR "the common search term found nothing in the tiny store")
endif()
message(STATUS "bench_smoke: every figure present")
