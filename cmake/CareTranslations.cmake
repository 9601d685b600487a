# care_add_translations(TARGET)
# Collects every translatable string of every layer (src/**.cpp, src/**.h, forms/*.ui) into
# translations/careconsole_<lang>.ts (and the English plural forms into careconsole_en.ts), compiles the .ts files to .qm with lrelease and embeds them
# in TARGET's resources under :/i18n/ (careconsole_de.qm, ...).
#
#   cmake --build <dir> --target update_translations    runs lupdate over the sources (refreshes the .ts)
#   scripts/update-translations.sh                       the same without a build directory, then a report
#
# The source list is the same as scripts/update-translations.sh scans, so both give the same .ts.
find_package(Qt6 6.4 REQUIRED COMPONENTS LinguistTools)

set(CARE_TRANSLATION_LANGUAGES de es fr)
# -locations none: entries carry context and source text only, so moving code does not churn the .ts.
# -no-obsolete: strings that vanished from the code are dropped, not kept as obsolete entries.
set(CARE_LUPDATE_OPTIONS -locations none -no-obsolete)

function(care_add_translations target)
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS
        "${PROJECT_SOURCE_DIR}/src/*.cpp" "${PROJECT_SOURCE_DIR}/src/*.h" "${PROJECT_SOURCE_DIR}/forms/*.ui")
    set(ts_files "")
    foreach(lang IN LISTS CARE_TRANSLATION_LANGUAGES)
        list(APPEND ts_files "${PROJECT_SOURCE_DIR}/translations/careconsole_${lang}.ts")
    endforeach()
    qt_add_translations(${target}
        TS_FILES ${ts_files}
        SOURCES ${sources}
        INCLUDE_DIRECTORIES "${PROJECT_SOURCE_DIR}/src"
        RESOURCE_PREFIX "/i18n"
        LUPDATE_OPTIONS ${CARE_LUPDATE_OPTIONS})

    # English needs only the plural forms of "%n reply(s)" strings: careconsole_en.ts holds just
    # those (lupdate -pluralonly). A target of its own, because lupdate's options differ.
    set(plurals ${target}_plurals)
    add_custom_target(${plurals})
    set(en_ts "${PROJECT_SOURCE_DIR}/translations/careconsole_en.ts")
    qt_add_lupdate(${plurals}
        TS_FILES "${en_ts}"
        SOURCES ${sources}
        INCLUDE_DIRECTORIES "${PROJECT_SOURCE_DIR}/src"
        OPTIONS ${CARE_LUPDATE_OPTIONS} -pluralonly)
    qt_add_lrelease(${plurals} TS_FILES "${en_ts}" QM_FILES_OUTPUT_VARIABLE en_qm)
    qt_add_resources(${target} "${target}_plural_translations"
        PREFIX "/i18n"
        BASE "${CMAKE_CURRENT_BINARY_DIR}"
        FILES ${en_qm})
endfunction()
