#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, a CMake project of its own, clang + ASan + UBSan) into
# build/fuzz and runs each for a bounded time. Exits non-zero on a crash and prints the crash file.
#   tests/fuzz/run.sh                    100,000 inputs per target from a fixed seed (deterministic)
#   FUZZ_SECONDS=600 tests/fuzz/run.sh   longer
# The committed seed corpus (tests/fuzz/corpus/<name>) is copied into build/fuzz/corpus/<name>,
# which libFuzzer grows; the committed one is never rewritten. To reproduce a crash:
#   build/fuzz/fuzz_mastodon_json build/fuzz/artifacts/crash-<hash>
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
source_dir="$root/tests/fuzz"
build_dir="$root/build/fuzz"
# A plain run (./test) is deterministic: a fixed seed and a fixed number of inputs, so the
# same code always gets the same verdict. FUZZ_SECONDS asks for a longer, random exploration.
if [ -n "${FUZZ_SECONDS:-}" ]; then
    seconds="$FUZZ_SECONDS"
    budget=(-max_total_time="$seconds")
else
    seconds=120
    budget=(-seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-100000}" -max_total_time="$seconds")
fi

configure=(cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++)
if command -v ccache >/dev/null 2>&1; then
    configure+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
if [ ! -f "$build_dir/build.ninja" ]; then
    "${configure[@]}"
fi
cmake --build "$build_dir"

# Leak checking stays on: with Qt 6.4 and libxml2 2.9.14 (Debian 12) LeakSanitizer reports
# nothing for this target, so any report is ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
for target in mastodon_json bluesky_json facebook_json x_json feed_xml mail_mime; do
    binary="$build_dir/fuzz_$target"
    seeds="$source_dir/corpus/${target%%_*}"
    corpus="$build_dir/corpus/${target%%_*}"
    artifacts="$build_dir/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    cp -R "$seeds"/. "$corpus"/
    log="$build_dir/fuzz_$target.log"
    started="$(date +%s)"

    dict=()
    if [ -f "$source_dir/${target%%_*}.dict" ]; then
        dict=(-dict="$source_dir/${target%%_*}.dict")
    fi
    echo "fuzz: $target (${budget[*]}) (corpus $corpus, log $log)" >&2
    set +e
    "$binary" "$corpus" \
        "${dict[@]}" \
        "${budget[@]}" \
        -max_len=8192 \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -print_final_stats=1 \
        -artifact_prefix="$artifacts/" \
        >"$log" 2>&1
    result=$?
    set -e

    grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$log" >&2 || true
    if [ "$result" -ne 0 ]; then
        status=1
        tail -n 60 "$log" >&2
        crash="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
        if [ -z "$crash" ]; then
            crash="$(find "$artifacts" -type f -newermt "@$started" | head -n 1)"
        fi
        echo "fuzz: $target FAILED (exit $result); crash file: ${crash:-none written}" >&2
        echo "fuzz: reproduce with: $binary ${crash:-<crash file>}" >&2
    fi
done
exit "$status"
