#!/usr/bin/env bash
# Refreshes translations/careconsole_{de,es,fr}.ts (and the English plural forms, _en.ts) from the code with lupdate (new strings are
# added as unfinished, strings gone from the code are dropped), then lists every entry that still
# needs a translation. Exits 1 while any is left. How to fill them: translations/README.md.
# The same lupdate options as the build's `update_translations` target (cmake/CareTranslations.cmake).
set -euo pipefail
cd "$(dirname "$0")/.."

lupdate=""
for candidate in "${LUPDATE:-}" /usr/lib/qt6/bin/lupdate "$(command -v lupdate6 || true)" "$(command -v lupdate || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
        lupdate="$candidate"
        break
    fi
done
if [ -z "$lupdate" ]; then
    echo "update-translations.sh: lupdate not found (Debian: apt-get install qt6-l10n-tools, or set LUPDATE)." >&2
    exit 2
fi

# lupdate warns about every class without Q_OBJECT that holds strings; those warnings are noise.
"$lupdate" -locations none -no-obsolete -I src src forms \
    -ts translations/careconsole_de.ts translations/careconsole_es.ts translations/careconsole_fr.ts 2>&1 |
    grep -v "lacks Q_OBJECT macro" || true
# English: only the plural forms of "%n reply(s)" strings.
"$lupdate" -locations none -no-obsolete -pluralonly -I src src forms -ts translations/careconsole_en.ts 2>&1 |
    grep -v "lacks Q_OBJECT macro" || true

exec python3 translations/ts_tool.py report
